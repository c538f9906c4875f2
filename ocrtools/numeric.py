"""Order statistics for the small and integer arrays of one text line, without the
overhead of ``np.median`` / ``np.percentile`` (tens of microseconds per call, and a
line calls them dozens of times). Each gives exactly what numpy gives (tested). And
the rounding of float grey levels back to an image's uint8."""

from __future__ import annotations

import math

import numpy as np


def grey_levels(values: np.ndarray) -> np.ndarray:
    """Float grey levels (a smoothed or resampled image) rounded to uint8, clipped to
    0-255."""
    return np.clip(np.asarray(values) + 0.5, 0, 255).astype(np.uint8)


def median(values: np.ndarray) -> float:
    """``float(np.median(values))`` of a small 1-D array."""
    s = np.sort(np.asarray(values, dtype=np.float64), kind="stable")
    n = s.size
    if n == 0:
        return math.nan
    return float((s[(n - 1) // 2] + s[n // 2]) / 2) if n % 2 == 0 else float(s[n // 2])


def percentile_int(values: np.ndarray, q: float) -> int:
    """``int(np.percentile(values, q))`` (numpy's default, linear method) of a 1-D
    array of integers."""
    s = np.sort(values)
    n = s.size
    vi = (n - 1) * (q / 100)
    if vi >= n - 1:
        return int(s[-1])
    if vi < 0:
        return int(s[0])
    below = math.floor(vi)
    gamma = vi - below
    a, b = int(s[below]), int(s[below + 1])
    diff = b - a
    return int(a + diff * gamma if gamma < 0.5 else b - diff * (1 - gamma))


def median_of_counts(counts: np.ndarray, offset: int = 0) -> float:
    """The median of integer values given as a histogram: ``counts[v]`` values equal to
    ``v + offset`` (``np.median`` of the values themselves; nan when there are none)."""
    cumulative = np.cumsum(counts)
    n = int(cumulative[-1]) if cumulative.size else 0
    if n == 0:
        return math.nan
    lo = int(np.searchsorted(cumulative, (n - 1) // 2, side="right"))
    hi = int(np.searchsorted(cumulative, n // 2, side="right"))
    return (lo + hi) / 2 + offset


def quantile_of_counts(counts: np.ndarray, share: float) -> int:
    """The value below which ``share`` of the values lie, of integer values given as a
    histogram (``counts[v]`` values equal to ``v``): the first v whose cumulative count
    reaches share x n."""
    cumulative = np.cumsum(counts)
    return int(np.searchsorted(cumulative, share * cumulative[-1]))


def median_of_ints(values: np.ndarray) -> float:
    """``float(np.median(values))`` of an integer array (any size), by counting."""
    values = np.asarray(values).ravel()
    if values.size == 0:
        return math.nan
    low = int(values.min())
    return median_of_counts(np.bincount(values.astype(np.int64) - low), low)


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """The runs [start, stop) of True in a 1-D mask, in order."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], np.asarray(mask).astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))
