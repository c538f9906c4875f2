import numpy as np

from ocrtools.binarize import binarize
from ocrtools.boxes import remove_rules, segment_line
from tests.conftest import render_line


def _char_columns(text: str) -> int:
    return sum(1 for c in text if c != " ")


def test_clean_line_lattice_covers_each_character():
    text = "ACJOWW40Z13U616M"
    ink, lattice = segment_line(binarize(render_line(text)))
    assert len(lattice.segments) >= _char_columns(text)
    assert len(lattice.boxes) == len(lattice.spans)
    assert all(0 <= i < j <= len(lattice.segments) for i, j in lattice.spans)
    # segments are ordered and do not overlap
    starts = [a for a, _ in lattice.segments]
    assert starts == sorted(starts)
    assert all(a < b for a, b in lattice.segments)


def test_line_geometry_band_holds_the_text():
    gray = render_line("Typography", size=40)
    ink, lattice = segment_line(binarize(gray))
    rows = np.flatnonzero(binarize(gray).any(axis=1))
    assert lattice.line.top <= rows[0] + 2
    assert lattice.line.bottom >= rows[-1] - 2
    assert lattice.line.top < lattice.line.baseline <= lattice.line.bottom


def test_rule_across_the_text_is_removed_but_letters_stay():
    clean = binarize(render_line("MARCH 2021 HELLO", pad=12))
    h, w = clean.shape
    crossed = binarize(render_line("MARCH 2021 HELLO", pad=12, rule=(0, h - 8, w, 6)))
    rule_only = crossed & ~clean
    cleaned = remove_rules(crossed)
    assert (rule_only & cleaned).sum() < 0.3 * rule_only.sum()  # most of the rule is gone
    assert (clean & cleaned).sum() > 0.93 * clean.sum()  # the letters are kept


def test_blank_line_gives_an_empty_lattice():
    ink, lattice = segment_line(np.zeros((30, 100), dtype=bool))
    assert lattice.segments == [] and lattice.boxes == []


def test_tilted_line_is_levelled():
    from PIL import Image

    from ocrtools.boxes import estimate_skew

    gray = render_line("Hello World 2021-03-04", size=30)
    assert estimate_skew(binarize(gray)) == 0.0
    for tilt in (-3.0, 2.0):
        tilted = Image.fromarray(gray).rotate(tilt, expand=True, fillcolor=255)
        ink = binarize(np.asarray(tilted))
        assert abs(estimate_skew(ink) - tilt) <= 0.5
        _, lattice = segment_line(ink)
        assert abs(lattice.line.angle - tilt) <= 0.5
        assert lattice.line.height < 1.5 * segment_line(binarize(gray))[1].line.height


def _skew_by_points(ink):
    """Reference for estimate_skew: every ink pixel sheared on its own."""
    from ocrtools.boxes import SKEW_GAIN, SKEW_RANGE, SKEW_STEP

    ys, xs = np.nonzero(ink)
    if ys.size < 50:
        return 0.0
    xs = xs - xs.mean()
    angles = np.arange(-SKEW_RANGE, SKEW_RANGE + SKEW_STEP / 2, SKEW_STEP)
    scores = []
    for a in angles:
        rows = np.rint(ys + xs * np.tan(np.deg2rad(a))).astype(np.int64)
        scores.append(float((np.bincount(rows - rows.min()).astype(np.float64) ** 2).sum()))
    best, level = int(np.argmax(scores)), int(np.argmin(np.abs(angles)))
    return round(float(angles[best]), 2) if scores[best] > SKEW_GAIN * scores[level] else 0.0


def test_skew_by_blocks_equals_skew_by_points():
    from ocrtools.boxes import estimate_skew

    rng = np.random.default_rng(7)
    found = 0
    for _ in range(60):
        h, w = int(rng.integers(5, 70)), int(rng.integers(5, 700))
        ink = rng.random((h, w)) < rng.uniform(0.01, 0.4)
        if rng.random() < 0.5:  # a tilted bar, so that some answers are not 0
            t = np.tan(np.deg2rad(rng.uniform(-5, 5)))
            x = np.arange(w)
            y = np.clip(np.rint(h / 2 + (x - w / 2) * t).astype(int), 0, h - 1)
            ink[y, x] = True
            ink[np.clip(y + 1, 0, h - 1), x] = True
        expected = _skew_by_points(ink)
        assert estimate_skew(ink) == expected
        found += expected != 0.0
    assert found > 5


def _longest_stretch_by_loop(on, max_gap):
    """Reference for longest_stretch: walk the mask once."""
    best_len, best_start, run_start, gap = 0, 0, -1, 0
    for i, value in enumerate(on.tolist()):
        if value:
            if run_start < 0:
                run_start = i
            gap = 0
            if i - run_start + 1 > best_len:
                best_len, best_start = i - run_start + 1, run_start
        elif run_start >= 0:
            gap += 1
            if gap > max_gap:
                run_start, gap = -1, 0
    return best_start, best_len


def test_longest_stretch_equals_the_loop():
    from ocrtools.boxes import longest_stretch

    rng = np.random.default_rng(5)
    for _ in range(3000):
        on = rng.random(int(rng.integers(1, 80))) < rng.random()
        gap = int(rng.integers(0, 4))
        assert longest_stretch(on, gap) == _longest_stretch_by_loop(on, gap)


def test_a_periods_last_pixel_beside_the_line_end_keeps_its_place_in_the_strip():
    from ocrtools.boxes import line_ink
    from ocrtools.lines import SIDE, normalize_line

    gray = render_line("far stop", size=12, pad=6)
    raw = binarize(gray)
    cols = np.flatnonzero(raw.any(axis=0))
    rows = np.flatnonzero(raw.any(axis=1))
    dot = int(cols[-1]) + 3  # a period binarised to one pixel, on the baseline
    raw[int(rows[-1]) - 1, dot] = True
    gray = gray.copy()
    gray[int(rows[-1]) - 1, dot] = 0
    ink, line = line_ink(raw)
    assert not ink[:, dot].any()  # a speck to the line's ink
    assert line.reach is not None and line.reach[1] == dot
    strip = normalize_line(gray, raw, ink, line)
    band = line.band[1] - line.band[0]
    # the margin after the line is made from the period, not from the last letter
    assert strip.x0 + strip.pixels.shape[1] / strip.scale >= dot + SIDE * band
