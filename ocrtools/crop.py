"""Normalised character crops for the candidate boxes of a line.

A crop keeps the line's vertical frame: the window runs from a little above the text
band to a little below it, whatever the box's own height, so a small ``o`` stays small
next to a capital ``O`` and a comma sits low where an apostrophe sits high. The 28x28
crop of a tight box loses exactly that, and with it the case of c/C, o/O, s/S, x/X and
the difference between , and '.
"""

from __future__ import annotations

import numpy as np

from ocrtools.boxes import LineGeometry

DEFAULT_SIZE = 32
MARGIN = 0.15  # of the band height, above and below the band
CONTEXT = 0.25  # of the band height, left and right of the box: the neighbours, dimmed
CONTEXT_LEVEL = 96  # grey level of the neighbours' ink (the box's own ink is 255)


def crop_window(
    ink: np.ndarray, line: LineGeometry, x0: int, x1: int, size: int = DEFAULT_SIZE
) -> np.ndarray:
    """The ink in columns [x0, x1) of the line's band, with a little of its neighbours
    on either side drawn dimmer, scaled to fit size x size, centred, aspect kept.
    uint8, ink = 255 on 0.

    The dimmed neighbours tell the classifier whether a box is a whole character or a
    piece of one: a lone bar with a gap beside it is an I or an l, a bar whose ink runs
    on into the next column is the stem of an N or a K cut in two."""
    from PIL import Image

    margin = int(round(MARGIN * line.height))
    context = int(round(CONTEXT * line.height))
    r0, r1 = max(0, line.top - margin), min(ink.shape[0], line.bottom + margin)
    x0, x1 = max(0, x0), min(ink.shape[1], x1)
    out = np.zeros((size, size), dtype=np.uint8)
    if r1 <= r0 or x1 <= x0:
        return out
    c0, c1 = max(0, x0 - context), min(ink.shape[1], x1 + context)
    # the window is symmetric around the box, even at the image's edges
    window = np.zeros((r1 - r0, (x1 - x0) + 2 * context), dtype=np.uint8)
    left = context - (x0 - c0)
    window[:, left : left + (c1 - c0)] = np.where(ink[r0:r1, c0:c1], CONTEXT_LEVEL, 0)
    window[:, context : context + (x1 - x0)][ink[r0:r1, x0:x1]] = 255
    height, width = window.shape
    scale = (size - 2) / max(height, width)
    new_w, new_h = max(1, int(round(width * scale))), max(1, int(round(height * scale)))
    image = Image.fromarray(window)
    resized = np.asarray(image.resize((new_w, new_h), Image.Resampling.BILINEAR))
    top, left = (size - new_h) // 2, (size - new_w) // 2
    out[top : top + new_h, left : left + new_w] = resized
    return out


def crop_spans(
    ink: np.ndarray,
    line: LineGeometry,
    segments: list[tuple[int, int]],
    spans: list[tuple[int, int]],
    size: int = DEFAULT_SIZE,
) -> np.ndarray:
    """Crops of every candidate (segments i..j-1 of the lattice): (n, size, size).

    Most windows are narrower than they are tall, so their scale is the band's: the band
    is resized once and each such crop is a slice of it (the same pixels as
    ``crop_window`` up to rounding, at a fraction of the cost). Wider windows are cut
    one by one."""
    from PIL import Image

    crops = np.zeros((len(spans), size, size), dtype=np.uint8)
    margin = int(round(MARGIN * line.height))
    context = int(round(CONTEXT * line.height))
    r0, r1 = max(0, line.top - margin), min(ink.shape[0], line.bottom + margin)
    height = r1 - r0
    if height <= 0 or not spans:
        return crops
    scale = (size - 2) / height
    padded = np.zeros((height, ink.shape[1] + 2 * context), dtype=np.uint8)
    padded[:, context : context + ink.shape[1]] = np.where(ink[r0:r1], 255, 0)
    width = max(1, int(round(padded.shape[1] * scale)))
    band = Image.fromarray(padded).resize((width, size - 2), Image.Resampling.BILINEAR)
    full = np.asarray(band)
    dim = (full.astype(np.uint16) * CONTEXT_LEVEL // 255).astype(np.uint8)
    for k, (i, j) in enumerate(spans):
        x0, x1 = segments[i][0], segments[j - 1][1]
        window = (x1 - x0) + 2 * context
        if window > height:
            crops[k] = crop_window(ink, line, x0, x1, size)
            continue
        new_w = max(1, int(round(window * scale)))
        start = int(round(x0 * scale))  # the window's left edge, in padded coordinates
        t0, t1 = int(round((x0 + context) * scale)), int(round((x1 + context) * scale))
        piece = dim[:, start : start + new_w].copy()
        piece[:, t0 - start : t1 - start] = full[:, t0:t1]
        left = (size - new_w) // 2
        crops[k, 1 : size - 1, left : left + piece.shape[1]] = piece
    return crops
