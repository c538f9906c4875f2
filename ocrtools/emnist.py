"""Normalise a picture of one handwritten character the way EMNIST images were made.

The EMNIST model (``models/emnist.onnx``) expects 28x28 white-on-black grey images in which
the character (after a slight blur) spans about 24 pixels along its longer side and sits in
the middle of the frame, with strokes about 4-6 pixels wide and the brightest ink at 255.
:func:`normalize_character` turns any grey picture of a single dark-on-light (or light-on-
dark) character -- a phone photo, a drawing, a scan -- into that form:

1. shrink very large pictures (longer side > 512 px) for speed;
2. make the ink bright: invert when the background (the border) is light;
3. flatten uneven lighting by subtracting a grey-opening background estimate;
4. Otsu threshold, drop specks (connected components much smaller than the largest);
5. thicken thin strokes so that they end up about as wide as EMNIST's;
6. blur slightly, crop to the ink bounding box, centre it in a square frame with a border
   (aspect ratio kept), resize to 28x28 with antialiasing, stretch to a maximum of 255.

This mirrors the EMNIST conversion of NIST SD19 (Cohen et al., 2017: Gaussian blur, crop to
the region of interest, centre in a square frame with a 2-pixel border, downsample), which
differs from MNIST's "20 px box, centre of mass" recipe; the sizes were checked on the data.

Runtime module: numpy, scipy.ndimage and PIL only; no I/O, no printing.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

SIZE = 28
#: Longer side of the character's bounding box inside the 28x28 frame (EMNIST: 2 px border).
BOX = 24
#: Typical EMNIST stroke width in pixels at 28x28 (distance-transform estimate).
STROKE = 5.0
#: Pictures with a longer side above this are shrunk first.
MAX_SIDE = 512
#: Minimum ink/background contrast (grey levels) for a picture not to count as blank.
MIN_CONTRAST = 24.0


def is_emnist_style(gray: np.ndarray) -> bool:
    """True for a 28x28 image that already looks like EMNIST: dark background, bright ink.

    The one-pixel border must be dark (median <= 16), the ink bright (maximum >= 128) and
    the image mostly dark (mean < 100).
    """
    g = np.asarray(gray)
    if g.ndim != 2 or g.shape != (SIZE, SIZE):
        return False
    g = g.astype(np.float64)
    border = np.concatenate([g[0], g[-1], g[1:-1, 0], g[1:-1, -1]])
    return bool(np.median(border) <= 16 and g.max() >= 128 and g.mean() < 100)


def _otsu(values: np.ndarray) -> float:
    """Otsu threshold of values in 0..255 (float), on a 256-bin histogram."""
    from ocrtools.binarize import otsu_threshold

    return otsu_threshold(np.clip(values, 0, 255).astype(np.uint8))


def _to_float_gray(gray: np.ndarray) -> np.ndarray:
    """2-D float32 grey in 0..255 (booleans: True = ink, drawn dark; floats <= 1 scaled)."""
    g = np.asarray(gray)
    if g.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {g.shape}")
    if g.dtype == np.bool_:
        return np.where(g, 0.0, 255.0).astype(np.float32)
    out = np.nan_to_num(g.astype(np.float32))
    if g.dtype.kind == "f" and out.size and float(out.max()) <= 1.0:
        out = out * 255.0
    return np.clip(out, 0, 255)


def _border(g: np.ndarray) -> np.ndarray:
    return np.concatenate([g[0], g[-1], g[:, 0], g[:, -1]])


def _shrink(g: np.ndarray) -> np.ndarray:
    h, w = g.shape
    if max(h, w) <= MAX_SIDE:
        return g
    f = MAX_SIDE / max(h, w)
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return np.asarray(Image.fromarray(g, mode="F").resize(size, Image.Resampling.BOX))


def _ink_mask(g: np.ndarray) -> np.ndarray:
    h, w = g.shape
    if g.size == 0 or float(g.max() - g.min()) < MIN_CONTRAST:
        return np.zeros(g.shape, bool)
    if float(np.median(_border(g))) > _otsu(g):
        g = 255.0 - g  # light background: make the ink bright
    # Uneven lighting: the grey opening removes bright strokes narrower than k and keeps
    # the (slowly varying) background; tiny pictures just subtract the border level.
    k = max(15, min(h, w) // 3)
    if k < min(h, w):
        flat = g - ndimage.grey_opening(g, size=(k, k))
    else:
        flat = g - float(np.median(_border(g)))
    flat = np.clip(flat, 0, None)
    if float(flat.max()) < MIN_CONTRAST:
        return np.zeros(g.shape, bool)
    t = max(
        _otsu(flat * (255.0 / float(flat.max()))) * float(flat.max()) / 255.0,
        0.25 * float(flat.max()),
    )
    mask = flat > t
    labels, n = ndimage.label(mask, structure=np.ones((3, 3), bool))
    if n == 0:
        return mask
    sizes = np.bincount(labels.ravel())[1:]
    keep = np.flatnonzero(sizes >= max(2.0, 0.04 * float(sizes.max()))) + 1
    return np.isin(labels, keep)


def normalize_character(gray: np.ndarray) -> np.ndarray:
    """Turn a grey picture of one character into a 28x28 uint8 EMNIST-style image.

    ``gray`` is a 2-D array (uint8 grey; floats in [0, 1] or [0, 255] and booleans with
    True = ink are accepted too) showing one character, normally dark on a light
    background.  The result has white ink on black, the character's bounding box centred
    with its longer side about 24 px, and maximum 255.  An image that already
    :func:`is_emnist_style` is returned unchanged (as uint8); a blank picture gives zeros.
    """
    arr = np.asarray(gray)
    if arr.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {arr.shape}")
    g = _to_float_gray(arr)
    if is_emnist_style(g):
        return np.rint(g).astype(np.uint8)
    g = _shrink(g)
    mask = _ink_mask(g)
    out = np.zeros((SIZE, SIZE), np.uint8)
    if not mask.any():
        return out

    rows = np.flatnonzero(mask.any(1))
    cols = np.flatnonzero(mask.any(0))
    side = float(max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1))
    scale = BOX / side  # source px -> 28x28 px

    # Thicken thin strokes (e.g. a pen line photographed large) to about EMNIST's width.
    dist = ndimage.distance_transform_edt(mask)
    width = 4.0 * float(dist[mask].mean()) * scale
    if width < 0.7 * STROKE:
        r = int(round((STROKE / scale - width / scale) / 2.0))
        if r >= 1:
            yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
            mask = ndimage.binary_dilation(mask, structure=(yy * yy + xx * xx) <= r * r)
            rows = np.flatnonzero(mask.any(1))
            cols = np.flatnonzero(mask.any(0))
            side = float(max(rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1))
            scale = BOX / side

    # Blur (EMNIST: sigma 1 at 128 px, i.e. about 0.2-0.3 px at 28x28), then frame.
    soft = ndimage.gaussian_filter(mask.astype(np.float32), sigma=max(0.5, 0.3 / scale))
    cy = (rows[0] + rows[-1] + 1) / 2.0
    cx = (cols[0] + cols[-1] + 1) / 2.0
    half = side * SIZE / BOX / 2.0
    # Pad so that the square frame lies inside the array (Pillow refuses boxes outside).
    pad = int(np.ceil(half)) + 2
    soft = np.pad(soft, pad)
    cx, cy = cx + pad, cy + pad
    box = (cx - half, cy - half, cx + half, cy + half)
    img = Image.fromarray(soft, mode="F")
    # Pillow's resampling filters widen with the reduction factor, so shrinking antialiases.
    res = np.asarray(img.resize((SIZE, SIZE), Image.Resampling.BILINEAR, box=box), np.float32)
    res = ndimage.gaussian_filter(res, sigma=0.5)
    peak = float(res.max())
    if peak <= 0:
        return out
    return np.clip(np.rint(res * (255.0 / peak)), 0, 255).astype(np.uint8)
