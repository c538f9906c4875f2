"""ocrtools: Unix-style OCR tools that read text from images through pipes.

As a library::

    import ocrtools
    page = ocrtools.read("scan.png")          # a path, bytes, a numpy array, a PIL image
    print(page.text)
    for line in page.lines:
        print(line.box, line.confidence, [w.text for w in line.words])
    for page in ocrtools.read_many(paths, jobs=2):   # in input order
        ...

The package is split into pure stages (numpy in, numpy or plain data out) and a thin
command-line layer in :mod:`ocrtools.cli`::

    images    load an image file or bytes as 2-D uint8 grey, upright; every page of it
    layout    page -> text lines in blocks, in reading order
    binarize  Otsu / Sauvola thresholding -> ink mask
    boxes     line geometry, rule removal, over-segmentation into a lattice of candidates
    lines     a line as the line model reads it (levelled, 32 rows)
    crop      normalised character crops for each candidate box
    classify  onnxruntime inference over all crops at once
    decode    best path through the lattice, spaces, typed decoding (--expect)
    pipeline  the chain of stages as functions on records
    reading   the whole chain for one input (what ocr-read's workers run)
    document  the result model: page -> blocks -> lines -> words -> characters
    formats   writers: text, tsv, jsonl, hOCR, ALTO, PAGE XML
    records   the JSON Lines record stream between commands
    models    finding, checking and loading the shipped ONNX models
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["read", "read_pages", "read_many", "__version__"]

if TYPE_CHECKING:
    from ocrtools.api import read, read_many, read_pages


def __getattr__(name: str) -> Any:
    """The API, imported on first use: ``import ocrtools`` stays cheap for the commands."""
    if name in ("read", "read_pages", "read_many"):
        from ocrtools import api

        return getattr(api, name)
    raise AttributeError(f"module 'ocrtools' has no attribute {name!r}")
