"""Thresholding a grey image into an ink mask (True = ink).

Two methods: global Otsu (default; robust on single text lines with noise) and local
Sauvola (for uneven lighting, e.g. phone photos and scans with shading). An image that
is already two-level passes through unchanged.

What ``ocr-binarize`` writes is :func:`binarized_page`: not the two-level ink mask
(:func:`ink_to_image`, ``--two-level``), from which the line model, which reads grey,
reads worse, but the page as the line model sees it, see there.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Method = Literal["otsu", "sauvola"]
METHODS: tuple[str, ...] = ("otsu", "sauvola")


def otsu_threshold(gray: np.ndarray) -> float:
    """Otsu's threshold: the grey level that best separates two classes."""
    return _otsu_of(_histogram(gray))


def _histogram(gray: np.ndarray) -> np.ndarray:
    return np.bincount(gray.ravel(), minlength=256).astype(np.float64)


def _otsu_of(hist: np.ndarray) -> float:
    total = hist.sum()
    if total == 0:
        return 127.5
    levels = np.arange(256, dtype=np.float64)
    weight_low = np.cumsum(hist)
    weight_high = total - weight_low
    mean_low_sum = np.cumsum(hist * levels)
    mean_all = mean_low_sum[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * weight_low - total * mean_low_sum) ** 2 / (weight_low * weight_high)
    between[~np.isfinite(between)] = -1.0
    best = np.flatnonzero(between == between.max())
    return float(best.mean()) + 0.5


def sauvola_threshold(gray: np.ndarray, window: int = 0, k: float = 0.2) -> np.ndarray:
    """Per-pixel Sauvola threshold T = m * (1 + k * (s / 128 - 1))."""
    from scipy.ndimage import uniform_filter

    if window <= 0:
        window = max(15, (min(gray.shape) // 2) | 1)
    values = gray.astype(np.float64)
    mean = uniform_filter(values, size=window, mode="reflect")
    mean_sq = uniform_filter(values * values, size=window, mode="reflect")
    std = np.sqrt(np.maximum(mean_sq - mean * mean, 0.0))
    return np.asarray(mean * (1.0 + k * (std / 128.0 - 1.0)))


def noise_level(gray: np.ndarray) -> float:
    """Robust estimate of the pixel noise (sigma) from horizontal differences."""
    if gray.shape[1] < 3 or gray.shape[0] < 3:
        return 0.0
    from ocrtools.numeric import median_of_ints

    diff = np.diff(gray.astype(np.int32), axis=1)
    centre = median_of_ints(diff)
    # |diff - centre| doubled is an integer (centre may end in .5): count, then halve
    spread = median_of_ints(np.abs(2 * diff - int(2 * centre))) / 2
    return float(spread * 1.4826 / np.sqrt(2.0))


def denoise(gray: np.ndarray) -> np.ndarray:
    """A 3x3 median filter when the image is noisy (speckle, gaussian noise, JPEG);
    clean images are left alone, as a median would erase strokes one pixel thin."""
    if min(gray.shape) < 12 or noise_level(gray) < 4.0:
        return gray
    return median3(gray)


# compare-exchange steps of a median-of-9 sorting network (Paeth 1990, as in Devillard's
# opt_med9): after them the 5th of the 9 values is their median
_MEDIAN9 = ((1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3),
            (5, 8), (4, 7), (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2))


def median3(gray: np.ndarray) -> np.ndarray:
    """3x3 median filter, edges replicated (the same pixels as PIL's MedianFilter(3)),
    as 19 element-wise min/max steps over the 9 shifted images: ~20x faster."""
    padded = np.pad(gray, 1, mode="edge")
    h, w = gray.shape
    v = [padded[i : i + h, j : j + w] for i in range(3) for j in range(3)]
    for a, b in _MEDIAN9:
        v[a], v[b] = np.minimum(v[a], v[b]), np.maximum(v[a], v[b])
    return np.ascontiguousarray(v[4])


def two_level(gray: np.ndarray) -> bool:
    """True when the image (uint8) holds at most two grey values (already binarised)."""
    sample = gray[:: max(1, gray.shape[0] // 64), :]
    return _grey_levels(sample) <= 2 and _grey_levels(gray) <= 2


def _grey_levels(gray: np.ndarray) -> int:
    return int(np.count_nonzero(np.bincount(gray.ravel(), minlength=256)))


def binarize(gray: np.ndarray, method: str = "otsu", noise: bool = True) -> np.ndarray:
    """Ink mask of a grey image: True where the ink is. Dark-on-light and light-on-dark
    are both handled: the ink is the minority class. With ``noise`` False, Otsu's split
    of a noisy image stands even where it splits no better than noise would (the caller
    knows there is text)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    gray = np.asarray(gray, dtype=np.uint8)
    if gray.size == 0:
        return np.zeros(gray.shape, dtype=bool)
    if two_level(gray):
        low, high = int(gray.min()), int(gray.max())
        if low == high:
            return np.zeros(gray.shape, dtype=bool)
        dark = gray == low
    else:
        smooth = denoise(gray)
        if method == "sauvola":
            dark = smooth < sauvola_threshold(smooth)
        else:
            hist = _histogram(smooth)
            threshold = _otsu_of(hist)
            dark = smooth < threshold
            if noise and smooth is not gray and separation(hist, threshold) < MIN_SEPARATION:
                dark = _clear_of_noise(smooth, dark)  # Otsu split the noise, not the text
    if dark.mean() > 0.5:
        return ~dark
    return dark


# Otsu's separation (between-class over total variance) is 2/pi = 0.64 when it splits
# one Gaussian (noise), and above 0.78 on noisy synthetic lines where it splits text
# from paper (0.98 on clean ones).
MIN_SEPARATION = 0.72
BLUR_SIGMA = 1.5  # pixels
NOISE_SIGMAS = 2.5  # ink differs from the background by this many noise sigmas at least


def separation(hist: np.ndarray, threshold: float) -> float:
    """How well a threshold splits a histogram of grey levels into two classes: between-
    class variance / total variance (from the 256 counts, not the image's pixels)."""
    levels = np.arange(256, dtype=np.float64)
    n = float(hist.sum())
    dark = levels < threshold
    n_dark = float(hist[dark].sum())
    if n == 0 or n_dark in (0.0, n):
        return 1.0
    weighted = hist * levels
    s_all, s_dark = float(weighted.sum()), float(weighted[dark].sum())
    total = float((hist * (levels - s_all / n) ** 2).sum()) / n
    if total == 0:
        return 1.0
    w = n_dark / n
    gap = s_dark / n_dark - (s_all - s_dark) / (n - n_dark)
    return w * (1 - w) * gap * gap / total


def _clear_of_noise(smooth: np.ndarray, dark: np.ndarray) -> np.ndarray:
    """The ink of a faint, noisy line, where Otsu failed.

    Text is a small class; when it is also faint, Otsu's threshold lands inside the
    background's noise and a third of the image becomes "ink" (a text line is rarely
    more than a fifth ink). Then the ink is what differs from the background level by
    NOISE_SIGMAS of the background's robust spread."""
    from scipy.ndimage import gaussian_filter

    # a wider blur than the median: faint strokes stay connected, noise averages out
    values = gaussian_filter(smooth.astype(np.float32), BLUR_SIGMA, mode="nearest")
    background = float(np.median(values))
    sigma = 1.4826 * float(np.median(np.abs(values - background)))
    if dark.mean() <= 0.5:
        return np.asarray(values < background - NOISE_SIGMAS * sigma)
    return np.asarray(values <= background + NOISE_SIGMAS * sigma)


def ink_to_image(ink: np.ndarray) -> np.ndarray:
    """Ink mask to a black-on-white uint8 image (``ocr-binarize --two-level``)."""
    return np.where(ink, 0, 255).astype(np.uint8)


MIN_CONTRAST = 8.0  # grey levels between paper and ink, at least (as the line model's)


def binarized_page(gray: np.ndarray, method: str = "otsu") -> np.ndarray:
    """The page with its paper flattened to white and its ink black, whatever the
    polarity, lighting and contrast, keeping the grey levels between them: each pixel
    ``v`` becomes ``255 * (1 - clip((paper - v) / (paper - ink), 0, 1))``, where paper
    and ink are the median grey levels outside and inside the ink mask of ``method``.

    That is the very normalisation the line model's strip gets (ocrtools.lines:
    paper 0, ink 255), done on the whole page instead of the cut line: normalising
    this page again changes (nearly) nothing, so ``ocr-binarize img | ocr-boxes - |
    ...`` hands the line model (nearly) the strip ``ocr-read img`` does, and reads the
    same text, where a two-level image lost the grey edges of the strokes the model
    reads (``document`` -> ``docurnent``). Not exactly the same strip: paper lighter
    than its median and ink darker than its median are clipped here, before the
    strip's resampling, and binarising this page finds nearly, not exactly, the same
    ink (a pixel or two at the edges, so the line's band can move by a row); on noisy
    and tilted lines a reading the model is unsure of can then change (2 of 200 varied
    lines in the tests' measurements; tests/test_binarize.py). The lattice path
    (``--model chars``), which crops the ink itself, read the two-level image
    exactly as the original (its ink passes through binarize unchanged); from this page
    it can differ where the ink does (1 line of 60): ``ocr-binarize --two-level`` is
    the exact input for it.

    With ``sauvola`` the paper level is local (the mean of the paper around each
    pixel, over Sauvola's window), so uneven lighting is flattened too, and the page
    can be binarised again with Otsu."""
    gray = np.asarray(gray, dtype=np.uint8)
    if gray.size == 0:
        return np.full(gray.shape, 255, dtype=np.uint8)
    ink = binarize(gray, method)
    if not ink.any() or ink.all():
        return np.full(gray.shape, 255, dtype=np.uint8)
    # the levels the line model's normalisation uses, from the same ink mask
    from ocrtools.lines import _levels

    paper_level, ink_level = _levels(gray, ink)
    if method == "sauvola":
        values = gray.astype(np.float32)
        return _normalised(values, _local_paper(values, ink, paper_level), ink_level)
    # one paper level: a table of the 256 grey levels (a large page stays cheap)
    table = _normalised(np.arange(256, dtype=np.float64), paper_level, ink_level)
    return table[gray]


def _normalised(
    values: np.ndarray, paper: float | np.ndarray, ink: float
) -> np.ndarray:
    """255 * (1 - clip((paper - v) / (paper - ink), 0, 1)) as uint8, the contrast at
    least MIN_CONTRAST levels (as the line model's normalisation has it)."""
    contrast = np.asarray(paper - ink, dtype=np.float64)
    contrast = np.where(np.abs(contrast) < MIN_CONTRAST,
                        np.where(contrast >= 0, MIN_CONTRAST, -MIN_CONTRAST), contrast)
    inked = np.clip((paper - values) / contrast, 0.0, 1.0)
    return np.asarray(255 - np.rint(inked * 255), dtype=np.uint8)


def _local_paper(values: np.ndarray, ink: np.ndarray, level: float) -> np.ndarray:
    """The paper's grey level around each pixel: the mean of the pixels outside the
    ink within Sauvola's window (the global paper level where the window holds none)."""
    from scipy.ndimage import uniform_filter

    window = max(15, (min(values.shape) // 2) | 1)
    paper = (~ink).astype(np.float32)
    total = uniform_filter(values * paper, size=window, mode="reflect")
    count = uniform_filter(paper, size=window, mode="reflect")
    with np.errstate(invalid="ignore", divide="ignore"):
        local = total / count
    return np.where(count > 1e-6, local, level)
