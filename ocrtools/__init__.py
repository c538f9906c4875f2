"""ocrtools: Unix-style OCR tools that read text from images through pipes.

The package is split into pure stages (numpy in, numpy or plain data out) and a thin
command-line layer in :mod:`ocrtools.cli`::

    images    load an image file or bytes as 2-D uint8 grey, upright
    binarize  Otsu / Sauvola thresholding -> ink mask
    boxes     line geometry, rule removal, over-segmentation into a lattice of candidates
    crop      normalised character crops for each candidate box
    classify  onnxruntime inference over all crops at once
    decode    best path through the lattice, spaces, typed decoding (--expect)
    pipeline  the whole chain for one image (what ocr-read runs)
    records   the JSON Lines record stream between commands
    models    finding, checking and loading the shipped ONNX models
"""

__version__ = "0.1.0"
