"""A text line as the line recognizer sees it: levelled, cut to its band, fixed height.

The segmenter (``ocrtools.boxes``) finds the line's geometry on the ink mask: rules
removed, tilt, text band. This module cuts the *grey* image by that geometry: rotated
level by the same angle, rows from a quarter band above the band to a quarter band
below it, columns from half a band before the first ink to half a band after the
last (background made where the image ends: a tight crop reads as one with margins), scaled
to :data:`HEIGHT` rows, and contrast-normalised so the background is 0 and the ink 255
(whatever the polarity, grey levels or noise of the input). Grey rather than the ink
mask: a faint rule, a thin stroke or a letter touching a rule keeps what binarisation
would throw away, and the recognizer learns to look through the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ocrtools.boxes import LineGeometry, text_band_of

HEIGHT = 32  # rows of the normalised line
RESAMPLING = {"bilinear": "BILINEAR", "bicubic": "BICUBIC"}  # normalize_line's resample
MARGIN = 0.25  # band heights kept above and below the band
SIDE = 0.5  # band heights kept before the first and after the last ink column
MAX_WIDTH = 4096  # columns at most (a longer line is squeezed: it is not one line)


@dataclass(frozen=True)
class LineImage:
    """The normalised line and how its columns map back to the levelled image."""

    pixels: np.ndarray  # uint8 (HEIGHT, width), ink = 255
    x0: float  # column of the levelled image at the left edge
    scale: float  # normalised columns per levelled-image column
    y0: float  # row of the levelled image at the top edge
    y_scale: float

    def to_image_x(self, x: float) -> float:
        return self.x0 + x / self.scale


def _rotate(gray: np.ndarray, angle: float, fill: int) -> np.ndarray:
    from PIL import Image

    image = Image.fromarray(gray)
    rotated = image.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=True,
                           fillcolor=int(fill))
    return np.asarray(rotated)


def _levels(gray: np.ndarray, ink: np.ndarray) -> tuple[float, float]:
    """Grey level of the background and of the ink (medians), from the raw ink mask."""
    if not ink.any() or ink.all():
        return float(np.median(gray)), float(gray.min() if gray.size else 0)
    from ocrtools.numeric import median_of_counts

    everything = np.bincount(gray.ravel(), minlength=256)
    inked = np.bincount(gray[ink], minlength=256)
    return median_of_counts(everything - inked), median_of_counts(inked)


def text_band(ink: np.ndarray, line: LineGeometry) -> tuple[int, int]:
    """The rule-robust text band of a cleaned line (``line.band`` when
    :func:`ocrtools.boxes.line_ink` already measured it)."""
    if line.band is not None:
        return line.band
    from ocrtools.boxes import components

    _labels, slices, sizes = components(ink)
    return text_band_of(slices, sizes, line)


def normalize_line(
    gray: np.ndarray, raw_ink: np.ndarray, clean_ink: np.ndarray, line: LineGeometry,
    resample: str = "bilinear",
) -> LineImage:
    """Cut and normalise one text line.

    ``raw_ink`` is the binarised input (for the grey levels of ink and background),
    ``clean_ink`` and ``line`` what :func:`ocrtools.boxes.segment_line` returned (in
    the levelled frame). ``resample``: "bilinear" (the line model's training lines, a
    field image) or "bicubic" (a page's line: its small print's thin strokes kept
    sharper; see PAGE_RESAMPLE in :mod:`ocrtools.pipeline`)."""
    gray = np.asarray(gray, dtype=np.uint8)
    bg, fg = _levels(gray, raw_ink)
    if line.angle:
        gray = _rotate(gray, line.angle, int(round(bg)))
    h, w = gray.shape
    top, bottom = text_band(clean_ink, line)
    band = float(max(bottom - top, 4))
    y0 = top - MARGIN * band
    y1 = bottom + MARGIN * band
    cols = np.zeros(0, dtype=np.intp)
    if clean_ink.shape == gray.shape:
        cols = np.flatnonzero(clean_ink.any(axis=0))
    # the margins are made, not cut: a line cropped tight to its ink gets the same
    # half band of background before and after it as one with room around it
    if len(cols):
        first, last = int(cols[0]), int(cols[-1])
        if line.reach is not None:  # (specks beside its ends: a period's last pixel)
            first, last = min(first, line.reach[0]), max(last, line.reach[1])
        x0 = first - SIDE * band
        x1 = last + 1 + SIDE * band
    else:
        x0, x1 = 0.0, float(w)
    y_scale = HEIGHT / (y1 - y0)
    out_w = int(np.clip(round((x1 - x0) * y_scale), 8, MAX_WIDTH))
    x_scale = out_w / max(x1 - x0, 1e-6)
    from PIL import Image

    # PIL's resize with a box reads outside the image as edge pixels; pad with the
    # background first so the margins are background where the image ends
    pad = int(np.ceil(max(0.0, -y0, y1 - h))) + 1
    side = int(np.ceil(max(0.0, -x0, x1 - w))) + 1
    src = np.pad(gray, ((pad, pad), (side, side)), constant_values=int(round(bg)))
    if resample not in RESAMPLING:
        raise ValueError(f"resample must be one of {', '.join(RESAMPLING)}, not {resample!r}")
    method = getattr(Image.Resampling, RESAMPLING[resample])
    image = Image.fromarray(src).resize(
        (out_w, HEIGHT), method,
        box=(x0 + side, y0 + pad, x1 + side, y1 + pad), reducing_gap=2.0,
    )
    values = np.asarray(image, dtype=np.float32)
    contrast = bg - fg
    if abs(contrast) < 8:
        contrast = 8.0 if contrast >= 0 else -8.0
    norm = np.clip((bg - values) / contrast, 0.0, 1.0)
    pixels = (norm * 255 + 0.5).astype(np.uint8)
    return LineImage(pixels=pixels, x0=x0, scale=x_scale, y0=y0, y_scale=y_scale)


def line_image(
    gray: np.ndarray, method: str = "otsu"
) -> tuple[LineImage, np.ndarray, LineGeometry]:
    """Grey image of one line -> (normalised line, clean ink, geometry)."""
    from ocrtools.binarize import binarize
    from ocrtools.boxes import line_ink

    raw = binarize(gray, method)
    ink, line = line_ink(raw)
    return normalize_line(gray, raw, ink, line), ink, line
