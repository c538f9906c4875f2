"""Splitting a text line into candidate characters (the lattice).

Connected components alone glue letters together as soon as a rule crosses them, so
the segmenter works in three steps:

1. ``remove_rules`` and ``deskew``: long, thin straight strokes (a Hough transform over the ink of
   suspiciously long components, checked for continuity and thinness) are erased
   where they are thin; where a letter's stroke crosses them the ink is kept. A tilted
   line is then rotated level (the tilt that makes its row profile sharpest); boxes are
   in the coordinates of the levelled line, whose ink the record carries.
2. ``over_segment``: cut the line's columns at blank columns and at the valleys of the
   vertical ink profile -- deliberately more cuts than characters.
3. ``build_lattice``: every run of 1..k consecutive segments that could be one
   character (not too wide, no blank gap inside) is a candidate box. The classifier
   scores each candidate (including "not a character") and the decoder takes the best
   path through them.

All functions are pure: ink masks (bool arrays, True = ink) in, plain data out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from ocrtools.numeric import median, percentile_int, true_runs

MAX_SPAN = 4  # segments merged into one candidate character at most


@dataclass(frozen=True)
class LineGeometry:
    """Vertical geometry of a text line, in pixels of the line image."""

    top: int  # first row of the text band (ascenders, capitals)
    bottom: int  # last row + 1 of the text band (descenders)
    baseline: int  # row under most characters
    xheight: float  # typical character height (x-height, or cap height for capitals)
    angle: float = 0.0  # degrees the line was rotated by to make it level (deskew)
    # the text band without rule debris (top, bottom), see text_band_of; not in records
    band: tuple[int, int] | None = field(default=None, compare=False)
    # the first and last columns of the line's ink with the specks beside its ends
    # (a small screen font's period, one pixel once binarised), see line_ink; not in
    # records
    reach: tuple[int, int] | None = field(default=None, compare=False)

    @property
    def height(self) -> int:
        return max(1, self.bottom - self.top)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "top": self.top,
            "bottom": self.bottom,
            "baseline": self.baseline,
            "xheight": round(self.xheight, 2),
            "angle": self.angle,
        }


@dataclass
class Lattice:
    """The over-segmented line: segments (column ranges) and candidate boxes."""

    line: LineGeometry
    segments: list[tuple[int, int]] = field(default_factory=list)
    boxes: list[tuple[int, int, int, int]] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)


Components = tuple[np.ndarray, list[tuple[slice, slice]], np.ndarray]


def components(ink: np.ndarray) -> Components:
    """8-connected components: label image, bounding slices, pixel counts."""
    from scipy.ndimage import find_objects, label

    labels, count = label(ink, structure=np.ones((3, 3), dtype=bool))
    slices = [s for s in find_objects(labels) if s is not None]
    sizes = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    return labels, slices, sizes


def typical_height(slices: list[tuple[slice, slice]], sizes: np.ndarray) -> float:
    """A character's height: the median height of the largest components, those that
    hold 70% of the ink. Specks of noise are many but small, so they do not count."""
    if not slices:
        return 0.0
    heights = np.array([s[0].stop - s[0].start for s in slices], dtype=np.float64)
    order = np.argsort(-sizes, kind="stable")
    cumulative = np.cumsum(sizes[order])
    count = int(np.searchsorted(cumulative, 0.7 * cumulative[-1])) + 1
    return median(heights[order[:count]])


def _hough_peak(
    ys: np.ndarray, xs: np.ndarray, diag: int, max_tilt: float = 90.0
) -> tuple[float, float, int]:
    """The strongest straight line through the points, tilted at most max_tilt degrees
    from the horizontal: (theta of its normal, rho, votes)."""
    tilt = min(90.0, max_tilt)
    thetas = np.deg2rad(np.arange(90.0 - tilt, 90.0 + tilt + 0.5, 1.0)).astype(np.float32)
    nrho = 2 * diag + 1
    # rho = rint(x cos + y sin), made the accumulator's index in place: the offsets are
    # whole numbers far below 2**24, exact in float32 (as the products were before)
    index = np.multiply.outer(xs.astype(np.float32), np.cos(thetas))
    index += np.multiply.outer(ys.astype(np.float32), np.sin(thetas))
    np.rint(index, out=index)
    index += (diag + np.arange(thetas.size) * nrho).astype(np.float32)
    acc = np.bincount(index.astype(np.intp).ravel(), minlength=thetas.size * nrho)
    acc = acc.reshape(thetas.size, nrho)
    # a rule 2-3 px thick spreads over neighbouring rho bins
    acc = acc[:, :-2] + acc[:, 1:-1] + acc[:, 2:]
    t, r = np.unravel_index(int(np.argmax(acc)), acc.shape)
    return float(thetas[t]), float(r + 1 - diag), int(acc[t, r])


def _rule_pixels(
    ink: np.ndarray, theta: float, rho: float, min_length: float, max_thickness: int
) -> np.ndarray | None:
    """Pixels to erase for the line (theta, rho) if it is a rule, else None.

    Walk along the line; at each step measure the ink run across it. A rule is a long
    stretch (>= min_length, gaps of <= 2 px bridged) of ink that is thin across; along
    that stretch the thin parts are erased and thick crossings (letters) are kept."""
    h, w = ink.shape
    direction = np.array([-np.sin(theta), np.cos(theta)])  # (dx, dy) along the line
    normal = np.array([np.cos(theta), np.sin(theta)])
    origin = normal * rho
    length = int(np.hypot(h, w)) + 2
    steps = np.arange(-length, length + 1, dtype=np.float64)
    px = origin[0] + steps * direction[0]
    py = origin[1] + steps * direction[1]
    inside = (px >= 0) & (px <= w - 1) & (py >= 0) & (py <= h - 1)
    if inside.sum() < min_length:
        return None
    px, py = px[inside], py[inside]
    reach = max_thickness + 2
    offsets = np.arange(-reach, reach + 1, dtype=np.float64)
    qx = np.rint(px[:, None] + offsets[None, :] * normal[0]).astype(np.int64)
    qy = np.rint(py[:, None] + offsets[None, :] * normal[1]).astype(np.int64)
    valid = (qx >= 0) & (qx < w) & (qy >= 0) & (qy < h)
    across = np.zeros(qx.shape, dtype=bool)
    across[valid] = ink[qy[valid], qx[valid]]
    centre = reach
    near = np.asarray(across[:, centre - 1 : centre + 2].sum(axis=1) > 0)
    best_start, best_len = longest_stretch(near, max_gap=2)
    if best_len < min_length:
        return None
    stretch = slice(best_start, best_start + best_len)
    # thickness across the line at each sample: the ink run through (or next to) the centre
    thickness = np.zeros(across.shape[0], dtype=np.int64)
    for c in (centre, centre - 1, centre + 1):
        up = np.cumprod(across[:, c + 1 :], axis=1).sum(axis=1)
        down = np.cumprod(across[:, c - 1 :: -1], axis=1).sum(axis=1)
        run = np.where(across[:, c], 1 + up + down, 0)
        thickness = np.where(thickness > 0, thickness, run)
    present = thickness[stretch][thickness[stretch] > 0]
    if present.size < min_length:
        return None
    rule_width = int(median(present))
    if rule_width > max_thickness:
        return None  # a thick bar: part of the text, not a rule drawn over it
    thin = (thickness > 0) & (thickness <= rule_width + 1)
    if thin[stretch].mean() < 0.6:
        return None  # mostly thick: a row of letters, not a rule
    # erase the thin parts along the whole line, also beyond the stretch that proved it
    erase = np.zeros_like(ink)
    half = rule_width // 2 + 1
    cols = slice(centre - half, centre + half + 1)
    sel = valid[thin][:, cols] & across[thin][:, cols]
    erase[qy[thin][:, cols][sel], qx[thin][:, cols][sel]] = True
    return erase


def longest_stretch(on: np.ndarray, max_gap: int) -> tuple[int, int]:
    """(start, length) of the longest run of True in a 1-D mask, gaps of at most max_gap
    False samples bridged; the first such run on ties; (0, 0) when there is no True."""
    where = np.flatnonzero(on)
    if where.size == 0:
        return 0, 0
    breaks = np.flatnonzero(np.diff(where) > max_gap + 1)
    firsts = where[np.concatenate(([0], breaks + 1))]
    lasts = where[np.concatenate((breaks, [where.size - 1]))]
    best = int(np.argmax(lasts - firsts))
    return int(firsts[best]), int(lasts[best] - firsts[best]) + 1


def remove_rules(ink: np.ndarray, max_rules: int = 4) -> np.ndarray:
    """Erase long thin straight lines drawn across the text; keep the letters."""
    return _remove_rules(ink, max_rules)[0]


def _remove_rules(ink: np.ndarray, max_rules: int = 4, max_tilt: float = 90.0
                  ) -> tuple[np.ndarray, Components | None]:
    """remove_rules, also returning the components of its result when it has them
    (None when the last rule erased left them unknown): a caller needs them next.
    Rules are looked for up to ``max_tilt`` degrees from level."""
    labels, slices, sizes = first = components(ink)
    if not slices:
        return ink, first
    comps: Components | None = first
    char_h = max(typical_height(slices, sizes), 4.0)
    min_length = max(3.0 * char_h, 15.0)
    h, w = ink.shape
    cleaned = ink.copy()
    diag = int(np.hypot(h, w)) + 1
    for attempt in range(max_rules):
        if attempt:  # the first pass looks at the input's own components
            labels, slices, sizes = comps = components(cleaned)
        suspects = [
            i + 1
            for i, s in enumerate(slices)
            if np.hypot(s[0].stop - s[0].start, s[1].stop - s[1].start) >= min_length
        ]
        if not suspects:
            break
        chosen = np.zeros(len(slices) + 1, dtype=bool)
        chosen[suspects] = True
        ys, xs = np.nonzero(chosen[labels])
        if ys.size > 200_000:  # a page, not a line: too costly, and rules are rare there
            break
        # a rule at least min_length long fits in the image only this far from level
        tilt = min(max_tilt, np.degrees(np.arcsin(min(1.0, h / min_length))) + 5.0)
        theta, rho, votes = _hough_peak(ys, xs, diag, tilt)
        if votes < min_length:
            break
        erase = _rule_pixels(cleaned, theta, rho, min_length, max_thickness=4)
        if erase is None or not erase.any():
            break
        cleaned &= ~erase
        comps = None  # no longer those of `cleaned`
    return cleaned, comps


SKEW_RANGE = 5.0  # degrees either way
SKEW_STEP = 0.25
SKEW_GAIN = 1.02  # a tilt must sharpen the row profile by 2% to be trusted


def estimate_skew(ink: np.ndarray) -> float:
    """The tilt of a text line in degrees (the angle whose shear makes the row profile
    of the ink sharpest); 0 when no tilt is clearly better than none.

    A shear by angle a moves column x (from the ink's centre) by round(x tan a) rows, so
    the columns that move alike form blocks, and a block's rows move together: every
    angle's row profile is a sum of whole blocks (column sums of the block's rows), all
    angles' in one weighted bincount. That touches (rows x blocks) cells, a few times
    fewer than the ink's pixels, for the same profiles."""
    ink = np.asarray(ink, dtype=bool)
    rows = np.flatnonzero(ink.any(axis=1))
    if rows.size:  # rows without ink add nothing to any profile: the scores stay the same
        ink = ink[rows[0] : rows[-1] + 1]
    h, w = ink.shape
    columns = ink.sum(axis=0)
    n = int(columns.sum())
    if n < 50:
        return 0.0
    centre = float(np.dot(columns, np.arange(w))) / n
    angles = np.arange(-SKEW_RANGE, SKEW_RANGE + SKEW_STEP / 2, SKEW_STEP)
    tangents = np.tan(np.deg2rad(angles))
    shift = np.rint((np.arange(w) - centre)[None, :] * tangents[:, None]).astype(np.int64)
    starts = np.ones(shift.shape, dtype=bool)  # a block starts where the shift changes
    starts[:, 1:] = shift[:, 1:] != shift[:, :-1]
    angle_of, x0 = np.nonzero(starts)
    x1 = np.empty_like(x0)
    x1[:-1] = x0[1:]
    x1[np.flatnonzero(angle_of[1:] != angle_of[:-1])] = w  # an angle's last block
    x1[-1] = w
    cumulative = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=cumulative[:, 1:])
    sums = cumulative[:, x1] - cumulative[:, x0]  # (rows, blocks)
    reach = int(np.abs(shift).max())
    span = h + 2 * reach
    offset = shift[angle_of, x0] + reach + angle_of * span
    index = np.arange(h)[:, None] + offset[None, :]
    profiles = np.bincount(index.ravel(), weights=sums.ravel(), minlength=len(angles) * span)
    scores = (profiles.reshape(len(angles), span) ** 2).sum(axis=1)
    best = int(np.argmax(scores))
    level = int(np.argmin(np.abs(angles)))
    return round(float(angles[best]), 2) if scores[best] > SKEW_GAIN * scores[level] else 0.0


def deskew(ink: np.ndarray, angle: float) -> np.ndarray:
    """Rotate an ink mask by -angle degrees (so a line tilted by angle becomes level)."""
    from PIL import Image

    image = Image.fromarray(np.where(ink, 255, 0).astype(np.uint8))
    rotated = image.rotate(-angle, resample=Image.Resampling.NEAREST, expand=True, fillcolor=0)
    return np.asarray(rotated) > 127


def _drop_specks(
    ink: np.ndarray, char_h: float, comps: Components
) -> tuple[np.ndarray, list[tuple[slice, slice]], np.ndarray]:
    """Remove components too small to be part of any character (noise, rule debris):
    (the ink without them, the slices and sizes of the components left)."""
    labels, slices, sizes = comps
    if not slices:
        return ink, slices, sizes
    min_area = max(2, int(0.004 * char_h * char_h))
    small = sizes < min_area
    if not small.any():
        return ink, slices, sizes
    kept = [s for s, drop in zip(slices, small, strict=True) if not drop]
    return ink & ~np.isin(labels, np.flatnonzero(small) + 1), kept, sizes[~small]


BAND_TALL = 1.6  # components taller than this many median heights are not text
BAND_OFF = 0.6  # nor those whose centre is further than this from the line's centre
BAND_GLUED = 1.5  # the line's character height is this much over most components': glued
BAND_MIN_AREA = 12  # pixels: a component this small is noise, not a character


def text_band_of(
    slices: list[tuple[slice, slice]], sizes: np.ndarray, line: LineGeometry
) -> tuple[int, int]:
    """Top and bottom of the text band, robust to rule debris: the line's band, recomputed
    without components much taller than the median character or off the line's centre
    (pieces of a diagonal rule are tall; :func:`line_geometry`'s band counts them)."""
    if len(slices) < 2:
        return line.top, line.bottom
    tops = np.array([s[0].start for s in slices])
    bottoms = np.array([s[0].stop for s in slices])
    heights = bottoms - tops
    widths = np.array([s[1].stop - s[1].start for s in slices])
    char_h = max(line.xheight, 1.0)
    # a rule that stayed glued to letters makes a few huge components, and they hold
    # most of the ink, so the line's character height is theirs: when most components
    # are far smaller, trust their count instead
    solid = (sizes >= BAND_MIN_AREA) & (heights >= 3)
    if solid.sum() >= 5:
        by_count = median(heights[solid])
        huge = solid & (heights > BAND_TALL * by_count)
        alike = solid & (heights >= 0.6 * by_count) & ~huge
        # one or two huge components beside letters of a plausible size that hold some
        # of the ink: glued by a rule (letters broken into pieces by noise give many
        # "huge" whole letters instead; crumbs of a rule beside one glued line are tiny
        # and hold hardly any ink)
        if (
            BAND_GLUED * by_count < char_h < 4 * by_count
            and huge.sum() <= 2
            and alike.sum() >= 3
            and sizes[alike].sum() >= 0.05 * sizes[solid].sum()
        ):
            char_h = by_count
    significant = (heights >= 0.5 * char_h) & (sizes >= 4) & (widths < 4 * char_h)
    if significant.sum() < 2:
        return line.top, line.bottom
    centres = (tops + bottoms) / 2.0
    median_h = median(heights[significant])
    median_c = median(centres[significant])
    keep = (
        significant
        & (heights <= BAND_TALL * median_h)
        & (np.abs(centres - median_c) <= BAND_OFF * median_h)
    )
    if not keep.any():
        return line.top, line.bottom
    top = percentile_int(tops[keep], 2)
    bottom = percentile_int(bottoms[keep], 98)
    return top, max(bottom, top + 1)


def line_geometry(ink: np.ndarray, comps: Components | None = None) -> LineGeometry | None:
    """The text band of a line image, from the components that look like characters."""
    labels, slices, sizes = comps if comps is not None else components(ink)
    if not slices:
        return None
    char_h = typical_height(slices, sizes)
    tops = np.array([s[0].start for s in slices])
    bottoms = np.array([s[0].stop for s in slices])
    heights = bottoms - tops
    widths = np.array([s[1].stop - s[1].start for s in slices])
    significant = (heights >= 0.5 * char_h) & (sizes >= 4) & (widths < 4 * max(char_h, 1))
    if not significant.any():
        significant = sizes >= sizes.max()
    # the core: rows covered by most significant components
    centres = (tops + bottoms)[significant] / 2.0
    core = median(centres)
    keep = significant & (tops <= core) & (bottoms >= core)
    if not keep.any():
        keep = significant
    top = percentile_int(tops[keep], 2)
    bottom = percentile_int(bottoms[keep], 98)
    baseline = int(median(bottoms[keep]))
    xheight = median(heights[keep])
    return LineGeometry(top=top, bottom=max(bottom, top + 1), baseline=baseline, xheight=xheight)


def over_segment(ink: np.ndarray, line: LineGeometry) -> list[tuple[int, int]]:
    """Column ranges [x0, x1) that each hold at most one character (usually less)."""
    band = ink[line.top : line.bottom]
    profile = band.sum(axis=0).astype(np.float64)
    if profile.size == 0 or profile.max() == 0:
        return []
    char_h = max(line.xheight, 4.0)
    min_width = max(2, int(round(0.1 * char_h)))
    smooth = np.convolve(profile, [0.25, 0.5, 0.25], mode="same")
    segments: list[tuple[int, int]] = []
    on = profile > 0
    for start, stop in true_runs(on):
        cuts = _valley_cuts(smooth, start, stop, min_width, char_h)
        bounds = [start, *cuts, stop]
        segments.extend(zip(bounds[:-1], bounds[1:], strict=True))
    return segments


def _valley_cuts(
    smooth: np.ndarray, start: int, stop: int, min_width: int, char_h: float
) -> list[int]:
    """Cut positions inside one run of ink columns: the profile's deep valleys, and
    for a piece still wider than a character, its weakest column."""
    run = smooth[start:stop]
    if run.size < 2 * min_width:
        return []
    cuts: list[int] = []
    for i in range(1, run.size - 1):
        if not (run[i] <= run[i - 1] and run[i] < run[i + 1]):
            continue
        left, right = run[: i + 1].max(), run[i:].max()
        if run[i] <= 0.5 * min(left, right):
            cuts.append(start + i)
    cuts = _thin_cuts(cuts, start, stop, min_width)
    # pieces wider than a wide character get a cut at their weakest column
    bounds = [start, *cuts, stop]
    extra: list[int] = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        if b - a > 1.1 * char_h:
            lo, hi = a + int(0.25 * (b - a)), b - int(0.25 * (b - a))
            if hi > lo:
                extra.append(lo + int(np.argmin(smooth[lo:hi])))
    return _thin_cuts(sorted(cuts + extra), start, stop, min_width)


def _thin_cuts(cuts: list[int], start: int, stop: int, min_width: int) -> list[int]:
    kept: list[int] = []
    last = start
    for cut in cuts:
        if cut - last >= min_width and stop - cut >= min_width:
            kept.append(cut)
            last = cut
    return kept


def build_lattice(
    ink: np.ndarray,
    line: LineGeometry,
    segments: list[tuple[int, int]],
    max_span: int = MAX_SPAN,
) -> Lattice:
    """Candidate characters: runs of 1..max_span segments that fit in one character."""
    lattice = Lattice(line=line, segments=list(segments))
    band = ink[line.top : line.bottom]
    max_width = 1.6 * line.height
    max_gap = 0.45 * max(line.xheight, 2.0)
    rows_any = [band[:, a:b].any(axis=1) for a, b in segments]
    for i in range(len(segments)):
        rows = np.zeros(band.shape[0], dtype=bool)
        for j in range(i + 1, min(i + max_span, len(segments)) + 1):
            x0, x1 = segments[i][0], segments[j - 1][1]
            if j - i > 1:
                if x1 - x0 > max_width or segments[j - 1][0] - segments[j - 2][1] > max_gap:
                    break
            rows = rows | rows_any[j - 1]
            ys = np.flatnonzero(rows)
            y0, y1 = line.top + int(ys[0]), line.top + int(ys[-1]) + 1
            lattice.boxes.append((x0, y0, x1 - x0, y1 - y0))
            lattice.spans.append((i, j))
    return lattice


def line_ink(ink: np.ndarray, rules: bool = True, rule_tilt: float = 90.0
             ) -> tuple[np.ndarray, LineGeometry]:
    """Ink mask of one text line -> (the levelled ink with rules and specks removed, its
    geometry). An image without ink gets a band covering all of it. ``rule_tilt``: the
    steepest rule looked for, in degrees (a line cut from a levelled page has none
    steep)."""
    ink = np.asarray(ink, dtype=bool)
    comps: Components | None = None
    if rules:
        ink, comps = _remove_rules(ink, max_tilt=rule_tilt)
    angle = estimate_skew(ink)
    if angle:
        ink = deskew(ink, angle)
        comps = None
    if comps is None:
        comps = components(ink)
    line = line_geometry(ink, comps)
    if line is None:
        h = ink.shape[0]
        return ink, LineGeometry(top=0, bottom=max(h, 1), baseline=h, xheight=float(h))
    kept, slices, sizes = _drop_specks(ink, line.xheight, comps)
    band = text_band_of(slices, sizes, line)
    return kept, replace(line, angle=angle, band=band, reach=_reach(ink, kept, band))


END_SPECKS = 0.5  # text bands: specks this close beside a line's first or last ink count


def _reach(ink: np.ndarray, kept: np.ndarray, band: tuple[int, int]) -> tuple[int, int] | None:
    """The first and last columns of a line's ink counting the specks dropped beside its
    ends, in its band's rows, within END_SPECKS of the band's height: too small for a
    character of their own, they may be one's last pixel (a 10 px screen font's period
    binarises to one), and the strip's margin is made from where the line ends."""
    cols = np.flatnonzero(kept.any(axis=0))
    if not len(cols):
        return None
    first, last = int(cols[0]), int(cols[-1])
    top, bottom = band
    near = max(1, int(round(END_SPECKS * (bottom - top))))
    specks = np.flatnonzero((ink & ~kept)[max(0, top):max(top + 1, bottom)].any(axis=0))
    before = specks[(specks < first) & (specks >= first - near)]
    after = specks[(specks > last) & (specks <= last + near)]
    return (int(before.min()) if len(before) else first,
            int(after.max()) if len(after) else last)


def segment_line(ink: np.ndarray, rules: bool = True) -> tuple[np.ndarray, Lattice]:
    """Ink mask of one text line -> (the ink with rules and specks removed, lattice of
    candidate character boxes). Crops are cut from the returned ink."""
    ink, line = line_ink(ink, rules)
    return ink, lattice_of(ink, line)


def lattice_of(ink: np.ndarray, line: LineGeometry) -> Lattice:
    """The candidate characters of a levelled, cleaned line (see :func:`line_ink`)."""
    if not ink.any():
        return Lattice(line=line)
    return build_lattice(ink, line, over_segment(ink, line))
