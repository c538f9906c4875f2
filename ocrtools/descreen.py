"""Dithered and screened print made grey again (descreening).

A bitonal scan or a laser print renders grey as a lattice of dots: a shaded table
column, a tinted banner, a headline set in grey, a halftone photo. Read as they are,
the dots are ink: the shading joins the letters on it into blobs, a grey headline is a
field of specks, and the layout takes both for pictures. What a person sees is the
average over the dots, and that is what this module gives back: where an image is
covered with dots (many tiny components, tile after tile), it is smoothed over about
one period of the lattice; elsewhere it is left as it is, every pixel.

The dots are found at the image's own resolution: a lattice of a few pixels' period is
gone (aliased into blotches) in any reduced copy.
"""

from __future__ import annotations

import numpy as np

TILE = 32  # pixels: the dots are counted per tile this size
DOT_AREA = 12  # pixels: a component this small is a dot (a letter's is larger)
DOTS = 30  # dots in a tile that make it screened (a lattice of period 4 has about 64)
EDGE_DOTS = 10  # dots in a tile beside a screened one that make it the screen's edge
MIN_TILES = 4  # screened tiles an image needs (a few specks or periods are not a screen)
CONTRAST = 15  # grey levels a dot is darker than the mean around it, at least
DARK_GROUND = 100  # grey level: light dots lie on a ground darker than this (a dark tint)
BAR_TILES = 2  # tiles: a bar of light dots this tall at most is smoothed
LATTICE = 0.35  # a screen's dots correlate with themselves a period away, this much at
# least (a one-line image's: 0.47-0.78 on real screened lines; the noise of a noisy or
# a hard field, whose specks the tile count takes for dots too, 0.24 at most)
LATTICE_DARK = 0.47  # ... a tile's on a dark ground (a halftone's shadows: 0.51-0.78;
# small light type on a dark card, saved as JPEG: 0.12-0.42)
PRINTED_IN_DOTS = 0.95  # share of a one-line image's ink in dots: its print is screened
SIGMA = 1.5  # pixels: the smoothing, for the lattices of 3-5 px of 150-300 dpi print
# (1.2 leaves a halftone photo's dots to be read as lines; 1.6 and over blurs small type)


def screened_tiles(gray: np.ndarray, least: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Per TILE x TILE tile of the image: whether it is screened, and its dots. An image
    where fewer than ``least`` tiles could be screened is looked at no further: no tile
    is screened and no dots are counted (all zeros)."""
    from scipy.ndimage import uniform_filter

    g = np.asarray(gray, dtype=np.uint8)
    rows, cols = g.shape[0] // TILE, g.shape[1] // TILE
    counts = np.zeros((rows, cols), dtype=np.int64)
    if rows == 0 or cols == 0:
        return counts.astype(bool), counts
    local = uniform_filter(g, 9)
    # dark dots on paper (uint8 compared first: no wider copies of the page) ...
    counts = _dots((local > g) & ((local - g) > CONTRAST), rows, cols, least)
    # ... and light dots on a dark ground: a tint past half its tone is printed as a
    # lattice of white holes in black. Only a bar of it, a tile or two tall (a
    # report's banner, its white title on it), is smoothed, all of it (its title's
    # tiles hold fewer dots, EDGE_DOTS at least): the page's analysis takes a taller
    # dark panel for a dark ground, and reads its light letters sharper than smoothed.
    # (On paper, the paper between letters is lighter than the mean beside them:
    # hence the dark ground.)
    ground = local < DARK_GROUND
    # (looked for where tiles mostly of dark ground, half of each at least, make a
    # strip at most a tile taller than a bar: a page's bold letters never cover half
    # a tile, a photo's dark parts are taller; most pages have neither, nor its cost)
    dim = ground[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).mean(
        axis=(1, 3), dtype=np.float32) >= 0.5
    from scipy.ndimage import find_objects, label

    # on a dark ground the dark "dots" may be the ground between small light letters
    # and the specks a JPEG's ringing leaves beside them (a screen's dark card of
    # labels): there they count where they repeat as a screen's lattice does
    for ty, tx in zip(*np.nonzero(dim & (counts >= EDGE_DOTS)), strict=True):
        if lattice_score(g[ty * TILE:(ty + 1) * TILE, tx * TILE:(tx + 1) * TILE]) < LATTICE_DARK:
            counts[ty, tx] = 0
    # (their rows across the page: a bar's white title leaves its tiles less dark; an
    # image no taller than such a strip, a line's, all of it)
    strips = [(ys.start, ys.stop) for ys, xs in find_objects(label(dim)[0])
              if ys.stop - ys.start <= BAR_TILES + 1 and xs.stop - xs.start >= MIN_TILES]
    if rows <= BAR_TILES + 1:
        strips = [(0, rows)]
    light = np.zeros((rows, cols), dtype=np.int64)
    for top, bottom in strips:
        y0, y1 = max(0, top - 1), min(rows, bottom + 1)
        sub = slice(y0 * TILE, y1 * TILE)
        gs, ls = g[sub], local[sub]
        light[y0:y1] = np.maximum(light[y0:y1], _dots(
            (gs > ls) & ((gs - ls) > CONTRAST) & ground[sub], y1 - y0, cols, 0))
    if (light >= DOTS).any():
        bars, _n = label(light >= EDGE_DOTS)
        for k, (ys, xs) in enumerate(find_objects(bars), 1):
            bar = bars[ys, xs] == k
            if ys.stop - ys.start <= BAR_TILES and (light[ys, xs][bar] >= DOTS).any():
                counts[ys, xs] = np.where(bar, np.maximum(counts[ys, xs], DOTS),
                                          counts[ys, xs])
    return counts >= DOTS, counts


def _dots(ink: np.ndarray, rows: int, cols: int, least: int) -> np.ndarray:
    """Per tile, the dots (components of DOT_AREA pixels at most) of an ink mask; all
    zeros where fewer than ``least`` tiles could hold DOTS."""
    from scipy.ndimage import label

    counts = np.zeros((rows, cols), dtype=np.int64)
    # a tile holds no more dots than pixels with no ink above them or left of them
    # (each 4-connected component has one: its first in raster order); where too few
    # tiles could hold a screen's dots, the labelling (a third of the time) is spared
    starts = ink.copy()
    starts[1:] &= ~ink[:-1]
    starts[:, 1:] &= ~ink[:, :-1]
    room = starts[: rows * TILE, : cols * TILE].reshape(rows, TILE, cols, TILE).sum(
        axis=(1, 3), dtype=np.int64)
    if int((room >= DOTS).sum()) < least:
        return counts
    labels, count = label(ink)
    ys, xs = np.nonzero(labels)
    ids = labels[ys, xs]
    sizes = np.bincount(ids, minlength=count + 1)
    dot = sizes[ids] <= DOT_AREA
    # one pixel per dot (its first in raster order), counted in its tile
    _ids, first = np.unique(ids[dot], return_index=True)
    ty, tx = ys[dot][first] // TILE, xs[dot][first] // TILE
    inside = (ty < rows) & (tx < cols)
    np.add.at(counts, (ty[inside], tx[inside]), 1)
    return counts


def descreen(gray: np.ndarray, least: int = MIN_TILES) -> np.ndarray:
    """The image with its screened parts smoothed (the input itself when it has none).
    ``least``: the screened tiles it needs (a one-line image, a table's cell cut from a
    page, may have fewer tiles than a page's screen needs)."""
    from scipy.ndimage import binary_dilation, find_objects, label

    screened, counts = screened_tiles(gray, least)
    if int(screened.sum()) < least:
        return gray
    # a screen's edge tiles, partly covered, hold fewer dots: those next to it are
    # smoothed with it when they hold a few (a line of text beside it, with its
    # periods and i-dots, holds hardly any and is left sharp); the last tiles reach
    # the image's edge
    area = screened | (binary_dilation(screened, structure=np.ones((3, 3), dtype=bool))
                       & (counts >= EDGE_DOTS))
    height, width = gray.shape
    out = np.array(gray, dtype=np.uint8)
    regions, _n = label(area)
    pad = int(np.ceil(3 * SIGMA))
    for ys, xs in find_objects(regions):
        y0, x0 = ys.start * TILE, xs.start * TILE
        y1 = height if ys.stop == area.shape[0] else ys.stop * TILE
        x1 = width if xs.stop == area.shape[1] else xs.stop * TILE
        py0, px0 = max(0, y0 - pad), max(0, x0 - pad)
        py1, px1 = min(height, y1 + pad), min(width, x1 + pad)
        smooth = smoothed(gray[py0:py1, px0:px1])[y0 - py0: y1 - py0, x0 - px0: x1 - px0]
        tiles = area[ys, xs]
        mask = np.repeat(np.repeat(tiles, TILE, axis=0), TILE, axis=1)
        grow = (0, max(0, y1 - y0 - mask.shape[0])), (0, max(0, x1 - x0 - mask.shape[1]))
        mask = np.pad(mask, grow, mode="edge")[: y1 - y0, : x1 - x0]
        block = out[y0:y1, x0:x1]
        block[mask] = smooth[mask]
    return out


def in_dots(gray: np.ndarray) -> bool:
    """Whether an image's ink is dots all but 1 - PRINTED_IN_DOTS of it: a line set in
    screened print (a grey heading cut from a report), whose tiles, half paper, hold
    too few dots for :func:`screened_tiles` (the same dots: DOT_AREA pixels at most,
    CONTRAST darker than the mean round them). A table's row with a shaded cell has its
    letters on paper beside the dots; a noisy field's specks are a few of its ink."""
    from scipy.ndimage import label, uniform_filter

    g = np.asarray(gray, dtype=np.uint8)
    local = uniform_filter(g, 9)
    ink = (local > g) & ((local - g) > CONTRAST)
    labels, count = label(ink)
    if not count:
        return False
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    return float((sizes[labels[ink]] <= DOT_AREA).sum()) >= PRINTED_IN_DOTS * float(ink.sum())


def smoothed(gray: np.ndarray) -> np.ndarray:
    """The image smoothed all over, as :func:`descreen` smooths a screen's tiles."""
    from scipy.ndimage import gaussian_filter

    from ocrtools.numeric import grey_levels

    return grey_levels(gaussian_filter(np.asarray(gray, dtype=np.float32), SIGMA))


def lattice_score(gray: np.ndarray) -> float:
    """How much an image's fine texture repeats itself 3-6 pixels away, across or down:
    the largest correlation of its high frequencies with themselves so shifted, as a
    share of their power (0 where it has none)."""
    from scipy.ndimage import uniform_filter

    x = np.asarray(gray, dtype=np.float32)
    fine = x - uniform_filter(x, 7)
    fine -= fine.mean()
    power = float(np.mean(fine * fine))
    if power <= 0:
        return 0.0
    return max(max(float(np.mean(fine[:, :-d] * fine[:, d:])),
                   float(np.mean(fine[:-d] * fine[d:]))) for d in range(3, 7)) / power


def is_lattice(gray: np.ndarray) -> bool:
    """Whether the image's fine texture repeats itself 3-6 pixels away, across or down
    (LATTICE, the correlation of its high frequencies with themselves shifted), judged
    on its middle 48 x 256 pixels at most: a screen's lattice of dots does, a noisy
    field's specks do not."""
    x = np.asarray(gray)
    if min(x.shape) < 8:
        return False
    # (a screen is alike all over: the middle of a long line is enough)
    y0, x0 = max(0, (x.shape[0] - 48) // 2), max(0, (x.shape[1] - 256) // 2)
    return lattice_score(x[y0: y0 + 48, x0: x0 + 256]) >= LATTICE
