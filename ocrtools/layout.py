"""Layout analysis: a page image -> its text lines, grouped in blocks, in reading order.

Classical and training-free (numpy/scipy), in the steps of ocropy's and kraken's page
segmenters:

1. **Analysis image.** The page is reduced so that its long side is at most
   :data:`ANALYSIS_SIDE` pixels (layout needs shapes, not letters).
2. **Ink in both polarities.** What lies outside the document (a dark table under a
   receipt) is painted in the paper's tone. The background is estimated per tile
   (median) and where it is a dark ground under light text the tile is inverted, so
   light text on a dark panel is found like dark text on paper; a pixel is ink when it
   is darker than its background by a share of the tile's contrast (and by at least
   :data:`MIN_CONTRAST` grey levels), which copes with uneven light, faded print and
   coloured backgrounds alike. No user choice.
3. **Scale and skew.** The text height is the median height of the components that hold
   most of the ink; the page skew (up to +-10 degrees) is the angle whose projection of
   component bottoms is sharpest. A skewed page is rotated level (the map back is kept).
4. **Masking.** Components that cannot be letters are set aside: rules (long and thin),
   frames (large and hollow), pictures and halftones (large, or many specks in a tile).
   A rule that touches letters (a table's rule under a row, a grid whose rows stand on
   it) is cut out of the ink first, so the letters are found apart from it.
5. **Lines.** The middle band of every letter-sized component is smeared sideways by
   about a word gap; each smeared piece is a fragment of a line. Fragments in one row
   join into a line unless a column gutter lies between them: a tall white strip with
   lines of running text ending on its left and starting on its right, row after row.
   Table cells (short fragments in aligned rows, a long first column beside short
   cells, a ruled grid) are joined, so a table reads row by row.
6. **Reading order.** The partial order of ocropy/kraken -- a line comes first if it is
   above another and overlaps it in x, or lies left of it with no line spanning both
   between them -- then a topological sort; a running head above everything, apart from
   what is under it, comes first. Consecutive lines that stack as a paragraph form a
   block.

All functions are pure: arrays in, plain data out. Boxes are in pixels of the input
page (the analysis scale and the levelling are undone by :attr:`PageLayout.to_page`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ocrtools.geometry import Affine, Projective, rotation
from ocrtools.numeric import grey_levels, true_runs

ANALYSIS_SIDE = 1800  # long side of the analysis image, pixels at most
TILE = 32  # tile of the background estimate, analysis pixels
TWO_TONE = 0.5  # share of a text tile's pixels near its ink or paper tone, at least
BAR_GROUND = 153.0  # grey level: on a page without light paper, a ground darker than this
# under text lighter than it (twice as far above it as below, MIN_CONTRAST more) is dark
# ground (seed 2019 screen_053: its green bar's words were lost, 89 -> 66 edits)
LIGHT_PAPER = 160.0  # grey level: a page has light paper when its light tiles reach it
PICTURE_SPREAD = 48.0  # grey levels a photo spreads both ways from its median, at least
MIN_CONTRAST = 22.0  # grey levels ink must be darker than its background, at least
CONTRAST_SHARE = 0.55  # ... and this share of the tile's contrast
MAX_SKEW = 10.0  # degrees
# the skew refined by the page's rows of letters (see _rows_slope): a letter's next in
# its row CHAIN_NEXT text heights away at most; rows of CHAIN_LETTERS letters at least,
# CHAIN_SPAN text heights long, CHAIN_ROWS of them at least, their common slope known to
# CHAIN_ERROR degrees (its standard error) at most, their own slopes turning by less than
# CHAIN_TURN degrees from the page's top to its bottom; a correction of CHAIN_MOVE at least
CHAIN_NEXT = 2.6
CHAIN_LETTERS = 6
CHAIN_SPAN = 8.0
CHAIN_ROWS = 8
CHAIN_ERROR = 0.12
CHAIN_TURN = 0.5
CHAIN_MOVE = 0.25  # degrees: the rows' slope corrects the profile's skew by this much at least
KEYSTONE_TURN = 1.0  # degrees: rows turning this much down a page are a photo's perspective
KEYSTONE_SURE = 4.0  # ... told this many standard errors clear of none
KEYSTONE_KEPT = 0.5  # ... and this share of it left with any one row left out
SCALE_CAP = 8.0  # text_scale: a component's ink counts this many median letters' at most
SCALE_MORE = 3.0  # ... and the capped height stands where this many more letters hold it
# a bent line (a curled page; see _bend): the median feet of BEND_STRETCHES stretches of
# its letters at most, each BEND_STRETCH text heights long at least, leave a straight
# line by BEND_MIN text heights and lie within BEND_FIT of a parabola; its baseline is
# kept as BEND_KNOTS points
BEND_STRETCHES = 10
BEND_STRETCH = 4.0
BEND_MIN = 0.3
BEND_FIT = 0.15
BEND_KNOTS = 9
MAX_SHEAR = 0.1  # columns per row: the steepest slant of a page's columns looked for
MIN_SHEAR = 0.01  # ... and the least undone (20 pixels over a 2000-pixel page)
SHEAR_GAIN = 1.15  # the slant must sharpen the profile of line ends by 15% to be trusted
WORD_GAP = 1.3  # text heights: fragments closer than this always join
MIN_GUTTER = WORD_GAP  # text heights: a narrower gap is never a column gutter (a gap
# narrower than the smear that makes words stands beside a mark, a word's closing quote)
GUTTER_ROWS = 3  # lines on each side of a strip that make it a column gutter
TEXT_RUN = 9.0  # text heights: a run this wide is running text, not a table cell
UNALIGNED = 0.2  # line heights: rows this far off the rows across a gap keep their own pitch
ALIGN_ROWS = 8  # ... judged over this many rows each side at least
ALIGNED_SHARE = 0.4  # ... of which at most this share stands on a row of the other side
COLUMN_RUN = 16.0  # text heights: lines this long on one side make a column
GUTTER_EDGE = 1.0  # text heights: the strip left of a column's start judged as its gutter
DASH_HEIGHT = 0.6  # text heights: a gap between fragments this low (dashes, dots) abstains
WIDE_GAP = 2.2  # text heights: a justified line's spread word gaps, this wide at most
EVEN_GAPS = 3  # ... that many of them one after another
EVEN_SPREAD = 0.3  # ... within this share of their median
SPREAD_MAX = 1.6  # a spread line's word gap is this many times their median at most
SPREAD_ROWS = 6  # lines on each side of such a gap's strip that make it a column gutter
RUN_GAP = 1.8  # text heights: fragments closer than this make one run of text
LONE_ROWS = 2  # lines of a column above and below a gap's right side with nothing left
LONE_REACH = 2.5  # ... within this many of its heights
LONE_TALLER = 1.15  # ... and the fragment left of the gap this much taller (a heading)
PANEL_STEP = 10  # grey levels between two backgrounds that make a panel's edge
RULE_LINES = 4.0  # text heights: a vertical stroke this tall is a rule
RAGGED = 4.0  # text heights: a column's lines end within this of each other (quartiles)
GRID_RULES = 4  # vertical rules across one row that make a ruled table
TEXTURE_RULES = 2  # other rules this close to a rule, at least: a picture's texture ...
TEXTURE_REACH = 1.0  # ... within this many text heights of it (see _without_texture)
SHORTER = 0.5  # cells right of a table's first column are this much shorter than it
INTERRUPT_TALL = 0.6  # share of a row's height a fragment in its gap is tall to part it
READ_OVERHANG = 0.06  # reading order: share of the narrower line two may overlap by
TEXT_BESIDE = 0.3  # share of the rows whose right side is as long: a column, not cells
ALIGNED = 1.0  # text heights: gaps whose right ends are this close face one column
LABEL_RUN = 2.5  # text heights: a column of runs this short labels the lines beside it
POST_TALL = 3.5  # text heights: a narrow stroke this tall with no letter half as tall
POST_REACH = 2.0  # ... within this many text heights
ON_FRAME = 0.1  # share of a component's pixels off a box's lines: a piece of them, at most
BROKEN_GAP = 0.35  # text heights: pieces of a broken stroke are this close, at most
WORD_FILL = 0.6  # share of its box a word's ink covers, at most (a bar's covers more)
SOLID_FILL = 0.9  # ... or, letters run together, this share, when they hold
LETTER_HOLES = 3  # this many counters at least (a bar, a panel's corner, none)
BAR_LONG = 8.0  # text heights: a dark bar with light words on it is this long at least
BAR_SHORT = 1.2  # ... this tall at least
BAR_TALL = 4.0  # ... and this tall at most (a taller one is the tiles' dark ground)
PLOT_WIDE = 8.0  # text heights: a chart's curve is this wide at least
PLOT_TALL = 2.0  # ... this tall at least
PLOT_FILL = 0.35  # ... and fills this share of its box at most
PLOT_HIGH = 0.5  # share of the page's height it is this tall at most
PLOT_WANDER = 0.3  # share of its columns whose top is off their median: a curve's top wanders
PLOT_TICKS = 3  # short lines beside it that make it a chart (its axis' numbers)
PLOT_LABEL = 5.0  # text heights: such a line is this long at most
PLOT_SMALL = 1.6  # text heights: ... and a chart's label line this tall at most
PLOT_REACH = 4.0  # text heights: they stand this close beside it
PLOT_SIDE = 2.0  # text heights: what lies within the chart's width, this much either side ...
PLOT_ABOVE = 0.5  # ... this close above it is its axis' title
PLOT_BELOW = 2.4  # ... and this close under it (or under what is) its dates and legend
PLOT_ACROSS = 0.6  # share of a curve's width its dates' row runs across, at least
PLOT_GAP = 1.5  # text heights: ... its dates this far apart at least
PLOT_EVEN = 0.25  # ... their middles' steps within this share of their median
FRAME_STEP = 6  # grey levels a frame's thin line is darker than the ground on both sides
FRAME_ROW = 0.8  # share of the taller of two boxes drawn round text that their rows share: a row
FRAME_RUN_ON = 2.0  # line heights: a column beside a row of boxes goes on this close under it
FRAME_SLANT = 0.01  # columns per row a frame's thin line may drift (a page levelled a little)
FRAME_GAP = 8.0  # text heights: two frames this close, nothing between, part two panels
UNLIKE_SIZE = 1.5  # a line's caps this many times as tall on one side of a gap: two lines
UNLIKE_LARGE = 1.6  # ... that side's caps this many text heights tall at least
UNLIKE_GAP = 2.0  # ... the gap this many text heights wide at least
UNLIKE_LETTERS = 4  # ... with this many letters on each side at least
MERGED_ROWS = 3.5  # a line this many times as tall as its letters is rows run together
BLANK_BAND = 5.0  # text heights: a band with no text across the page above a gutter ends it
GUTTER_NEAR = 3.0  # line heights: a gutter's columns reach this close to a gap it parts
SEAM = 4  # pixels: the seam where a screen's two grounds meet is this wide, no ink
PANEL_GROUND = 64.0  # grey level: a screen's dark panels are darker than this
GROUND_GAP = 128.0  # grey levels between the light and the dark grounds of a screen's panels
CARD_GAP = 3.0  # text heights: frame gaps one above the other this close are one gap
BORDER_DARK = 0.5  # a page border is darker than this share of the paper's tone
BORDER_AREA = 0.01  # ... and covers this share of the image at least
BORDER_LETTER = 12  # pixels: a light hole this large in a dark region may be a letter
BORDER_HOLES = 100  # light holes of 2 pixels or more: this many are small print, no border
DOT_CONTRAST = 40  # grey levels a dot of a dotted rule is darker than the mean around it
DOTTED_RUN = 6.0  # text heights: a dotted rule is this tall at least (an org chart box's side)
DOTTED_COVER = 0.8  # share of its rows a dotted rule has dots in, at most (more: a line)
BAND_STEP = 40.0  # grey levels a band across the page is darker than the paper
BAND_COVER = 0.75  # share of a row's width that band covers, at least
BAND_LOW = 0.5  # ... and the rows it runs on through, beside the rows that do
BAND_DIP = 1.5  # ... this many text heights of them at most
BAND_LINES = 2.0  # text heights: a dark band across the page is this tall at least
BESIDE_GAP = 2.0  # line heights: a column beside a band runs on across its edge this close
BESIDE_STEP = 1.25  # ... or as close as this many times its lines are to each other
DASHED_COVER = 0.5  # share of the text's width a dashed rule's rows are dark in, at least
DASHED_PAPER = 0.1  # ... and the rows right above and below it, at most
SHARP_SHARE = 0.7  # the sharp ink's threshold, as a share of the smoothed ink's
SHADE_CLOSE = 7  # analysis pixels: a shading holds text whose strokes are thinner
SHADE_STEP = 25.0  # grey levels a table's shaded column is darker than the paper, at least
SHADE_FILL = 0.9  # share of its box a shading fills, at least (a box, not a picture)
SHADE_EVEN = 12.0  # grey levels: a shading's tone varies this much at most (std)
FAINT_SMALL = 0.45  # text heights: a letter of the sharp ink is this tall at least
FAINT_WIDE = 0.3  # text heights: a line of it has three letters this wide at least
FAINT_GAP = WORD_GAP  # text heights: faint letters this close to a line's end are its rest
MARK_SIZE = 1.0  # text heights: a list's mark (- * •) is this tall and wide at most
MARK_GAP = 2.5  # text heights: a mark this close before a line's start is its bullet
MARK_NEAR = 2.0  # ... and one further than this stands in a column with another line's
MARK_COLUMN = 0.3  # text heights: marks starting this close stand in one column
CELL_REACH = 3.0  # line heights: a table's row ends this close to the cell beside it
HEAD_GAP = 1.5  # line heights: a head stands this far above the line under it, at least
ISLAND_LOW = 0.6  # line heights: an island's lines are this tall at least (of the page's)
ISLAND_GAP = 1.5  # line heights: lines one above the other this close are one block
ISLAND_REACH = 3.0  # line heights: a block alone in its rows has no line above or below
# it in its column this close
SLIVER_WIDE = 0.4  # text heights: a paper's edge left alone in its rows is this narrow
SLIVER_REACH = 3.0  # ... with no letter this close to it
FOOT_WIDE = 8.0  # line heights: a page number under the text is this long at most
CUT_GAP = 2.0  # line heights: every column breaks this far at a cut across the page
CUT_HOLE = 10.0  # line heights: ... and one of them has been empty this long above it,
CUT_APART = 3.0  # ... this many times as long as another's break
CUT_WIDE = 3.0  # line heights: every column breaking this far at once is a cut, hole or none
CUT_NEAR = 3.0  # line heights: a column's first line below a cut starts this near it
RULE_RUN = 6.0  # text heights: an unbroken horizontal run of ink this long is a rule
RULE_THICK = 0.35  # text heights: ... when it is this thick at most
RULE_BARE = 2.0  # text heights: ... and it runs this far with nothing above or below
RULE_FILL = 0.25  # share of its box a ruled grid with letters touching it inks, at most
BRIDGE_ROWS = 1.7  # text heights: a narrow stroke this tall with letters of two rows
BRIDGE_REACH = 2.0  # ... beside it, this close, bridges the rows (a receipt's brackets)
WRAP_ALIKE = 0.7  # a wrapped table's head words' inks overlap this much, side to side
WRAP_ROWS = 3  # ... over this many rows of the table at least (with words on every side)
WRAP_GAP = 4.0  # text heights: a gap this tall between rows ends the table
GRID_PIECE = 1.6  # text heights: a piece of a grid's rule this tall is no letter
FRAME_WIDE = 3.0  # text heights: a box drawn round text is this wide at least
FRAME_SIDE = 1.5  # text heights: ... this tall at least
FRAME_TALL = 25.0  # text heights: ... and this tall at most
FRAME_COVER = 0.8  # share of a box's height its sides' lines cover, at least
FRAME_HOLE = 0.5  # text heights: breaks this long in a box's line are bridged
FRAME_BESIDE = 3.0  # text heights: a table's cells this close beside a box round its columns


@dataclass(frozen=True)
class Bend:
    """A bent line's baseline (a page curled in a photo): rows ``ys`` at columns ``xs``
    (increasing), straight between them and on past the ends, and how far its letters
    reach ``above`` and ``below`` it, in pixels of the levelled page."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    above: float
    below: float

    def at(self, x: Any) -> Any:
        """The baseline's row at column(s) ``x``."""
        xs, ys = np.asarray(self.xs), np.asarray(self.ys)
        x = np.asarray(x, dtype=np.float64)
        y = np.interp(x, xs, ys)
        lo, hi = (ys[1] - ys[0]) / (xs[1] - xs[0]), (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        y = np.where(x < xs[0], ys[0] + lo * (x - xs[0]), y)
        y = np.where(x > xs[-1], ys[-1] + hi * (x - xs[-1]), y)
        return float(y) if y.ndim == 0 else y

    def mapped(self, f: float, shear: float = 0.0, c: float = 0.0) -> Bend:
        """The same baseline ``f`` times larger, after a shear's points (x, y) -> (x +
        shear y + c, y) (the analysis' sheared page back onto the levelled one)."""
        xs = [(x + shear * y + c) * f for x, y in zip(self.xs, self.ys, strict=True)]
        return Bend(tuple(xs), tuple(y * f for y in self.ys), self.above * f, self.below * f)


# a line's tilt on the levelled page (see _tilt): its slope, the rows where its top and
# bottom edges cross x = 0, and its baseline where it is bent
Tilt = tuple[float, float, float, "Bend | None"]
LEVEL: Tilt = (0.0, 0.0, 0.0, None)


@dataclass
class LayoutLine:
    """One text line found on the page, in the levelled frame of :class:`PageLayout`."""

    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the levelled full-resolution page
    height: float  # its text height (median component height), pixels
    block: int = 0
    index: int = 0
    # a line left tilted on the levelled page (a photo's perspective, a curled page):
    # its slope (dy/dx) and the rows where its top and bottom edges cross x = 0, so
    # that its polygon hugs the text instead of the tall box around it
    slope: float = 0.0
    edges: tuple[float, float] | None = None
    # a line bent on the levelled page (a curled page): its baseline, see :class:`Bend`
    bend: Bend | None = None

    def corners(self) -> list[tuple[float, float]]:
        """Its polygon in the levelled page, clockwise from the top-left."""
        x0, y0, x1, y1 = self.box
        if self.bend is not None:  # along its baseline, at the baseline's knots
            b = self.bend
            xs = [float(x0), *(x for x in b.xs if x0 < x < x1), float(x1)]
            return ([(x, b.at(x) - b.above) for x in xs]
                    + [(x, b.at(x) + b.below) for x in reversed(xs)])
        if self.edges is None:
            return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        top, bottom = self.edges
        s = self.slope
        return [(x0, top + s * x0), (x1, top + s * x1), (x1, bottom + s * x1),
                (x0, bottom + s * x0)]


@dataclass
class PageLayout:
    """The lines of a page and how to map them back onto the input."""

    size: tuple[int, int]  # width, height of the input page
    angle: float  # degrees the page was rotated by to level it (0: not rotated)
    levelled_size: tuple[int, int]  # size of the levelled page the boxes are in
    to_page: Affine  # levelled page -> input page
    scale: float  # text height, pixels of the input
    lines: list[LayoutLine] = field(default_factory=list)
    inverted: bool = False  # most text is light on dark
    # outside the document (analysis pixels of the input, not levelled) and the paper's
    # tone, when the image shows more than the page: see :func:`page_border`
    border: tuple[np.ndarray, float] | None = None
    # columns per row the analysis sheared the levelled page by to set its columns
    # upright (0: not); the lines are mapped back onto the levelled page, unsheared
    shear: float = 0.0
    # how much the analysis found the levelled page's rows turning per row, and undid
    # (see :func:`estimate_keystone`; 0: not); the lines are mapped back onto it
    keystone: float = 0.0
    # the factor to lift each analysis pixel of the input by: a table's shaded columns
    # brought to the paper's tone (see :func:`shading`); None where there are none
    lift: np.ndarray | None = None

    @property
    def levelled(self) -> bool:
        """Whether the lines lie on a page turned from the input (their strips are then
        cut through :attr:`to_page`; else straight from the input's pixels)."""
        return not self.to_page.is_identity

    def clear_border(self, gray: np.ndarray) -> np.ndarray:
        """The input page (full resolution) with what lies outside the document painted
        in the paper's tone, so a line's strip does not take in the table it lay on,
        and its shaded table columns lifted to the paper's tone (text on dots, as grey
        as its shading, is no text the line model learnt)."""
        factor = analysis_factor(*self.size)
        gray = lifted(gray, self.lift, factor)
        if self.border is None:
            return gray
        mask, tone = self.border
        return np.where(_at_full(mask, gray.shape, factor), np.uint8(tone), gray)


def analysis_factor(width: int, height: int) -> int:
    return max(1, math.ceil(max(width, height) / ANALYSIS_SIDE))


def reduce(gray: np.ndarray, factor: int) -> np.ndarray:
    """The page shrunk by a whole factor (mean of factor x factor blocks)."""
    if factor <= 1:
        return np.asarray(gray, dtype=np.uint8)
    from PIL import Image

    return np.asarray(Image.fromarray(gray).reduce(factor))


def darkest(gray: np.ndarray, factor: int) -> np.ndarray:
    """The page shrunk by a whole factor keeping each block's darkest pixel (a thin line
    stays as dark as it is), in :func:`reduce`'s shape (partial blocks at the edges)."""
    g = np.asarray(gray, dtype=np.uint8)
    rows, cols = -(-g.shape[0] // factor), -(-g.shape[1] // factor)
    g = np.pad(g, ((0, rows * factor - g.shape[0]), (0, cols * factor - g.shape[1])),
               mode="edge")
    out = g[::factor, ::factor].copy()
    for i in range(factor):  # (strided views, one pass each: a tenth of a 4-d min's time)
        for j in range(factor):
            if i or j:
                np.minimum(out, g[i::factor, j::factor], out=out)
    return out


def _tile_stats(gray: np.ndarray, tile: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tile: median (background), 5th and 95th percentile."""
    h, w = gray.shape
    th, tw = max(1, math.ceil(h / tile)), max(1, math.ceil(w / tile))
    padded = np.pad(gray, ((0, th * tile - h), (0, tw * tile - w)), mode="edge")
    # every other row of a tile is sample enough for its levels (and half the sorting)
    blocks = padded.reshape(th, tile, tw, tile)[:, ::2].transpose(0, 2, 1, 3).reshape(th, tw, -1)
    qs = np.percentile(blocks, [5, 50, 95], axis=2, method="nearest").astype(np.float32)
    return qs[1], qs[0], qs[2]


def _smooth(values: np.ndarray) -> np.ndarray:
    from scipy.ndimage import median_filter

    return median_filter(values, size=3, mode="nearest") if min(values.shape) >= 3 else values


def _upsample(values: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    from PIL import Image

    image = Image.fromarray(values.astype(np.float32), mode="F")
    return np.asarray(image.resize((shape[1], shape[0]), Image.Resampling.BILINEAR))


def page_ink(gray: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Ink mask of an analysis image, both polarities, the share of the page that
    was inverted (light text on dark), and the sharp ink: the image unsmoothed at
    SHARP_SHARE of the same thresholds, where thin faint strokes keep their contrast."""
    from scipy.ndimage import uniform_filter

    sharp_gray = np.asarray(gray, dtype=np.float32)
    picture = _picture_tiles(np.asarray(gray, dtype=np.uint8))
    # a 3x3 mean: the dots of a halftone or a dithered panel become its grey level
    # (strokes of letters, two or more pixels wide here, keep most of their contrast)
    g = uniform_filter(np.asarray(gray, dtype=np.float32), size=3, mode="nearest")
    gray = grey_levels(g)
    median, low, high = _tile_stats(gray, TILE)
    median = _smooth(median)
    dark = _dark_tiles(median, low, high, picture)
    shape = g.shape
    dark_px = _upsample(dark.astype(np.float32), shape) > 0.5
    seam = None
    if dark.any() and not dark.all():
        dark_px, seam = _ground_polarity(g, dark, median, dark_px)
        if seam is not None:
            low, high = _own_ground_levels(gray, dark, dark_px, low, high)
    bg = np.where(dark, 255.0 - median, median)
    ink_level = np.where(dark, 255.0 - high, low)
    contrast = np.maximum(bg - ink_level, 0.0)
    # the contrast of text tiles, spread a little so a tile with one letter edge is not
    # thresholded by its own noise
    from scipy.ndimage import maximum_filter

    # spread within one polarity only: a page's dark border or a dark panel (contrast
    # high, as its paper edge is "ink") must not raise the threshold of the faint print
    # beside it
    spread = np.where(dark, maximum_filter(np.where(dark, contrast, 0.0), size=3, mode="nearest"),
                      maximum_filter(np.where(dark, 0.0, contrast), size=3, mode="nearest"))
    contrast = np.maximum(contrast, 0.8 * spread)
    threshold = np.maximum(MIN_CONTRAST, CONTRAST_SHARE * contrast)
    if seam is None or float(np.median(median[dark])) > PANEL_GROUND:
        level, least = _upsample(bg, shape), _upsample(threshold, shape)
    else:  # (a screen's dark panels: each pixel against its own ground's tiles; the
        # panel's ground and the paper's, blended between the tiles' centres, made a
        # band of "ink" along the edge of a mid-grey bar and sank its white words' feet
        # in it. A halftone's dark tiles on a scan are left blended: their light
        # pixels, against the paper, would be text)
        level = np.where(dark_px, _upsample(_nearest_of(bg, dark), shape),
                         _upsample(_nearest_of(bg, ~dark), shape))
        least = np.where(dark_px, _upsample(_nearest_of(threshold, dark), shape),
                         _upsample(_nearest_of(threshold, ~dark), shape))
    ink = (level - np.where(dark_px, 255.0 - g, g)) > least
    sharp = (level - np.where(dark_px, 255.0 - sharp_gray, sharp_gray)) > least * SHARP_SHARE
    if seam is not None:  # (a panel's edge pixel, neither ground's tone, is no ink)
        ink &= ~seam
        sharp &= ~seam
    if picture.any():
        photo = np.kron(picture, np.ones((TILE, TILE), dtype=bool))[: shape[0], : shape[1]]
        ink &= ~photo
        sharp &= ~photo
    return ink, float(dark.mean()), sharp


def _nearest_of(values: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Per tile, the value of the nearest tile in ``where`` (its own value there)."""
    from scipy.ndimage import distance_transform_edt

    _dist, (rows, cols) = distance_transform_edt(~where, return_indices=True)
    return values[rows, cols]


def _edge_tiles(dark: np.ndarray) -> np.ndarray:
    """Tiles with a tile of the other polarity among their eight neighbours (or
    themselves next to one): where a dark panel's edge runs."""
    from scipy.ndimage import maximum_filter, minimum_filter

    return maximum_filter(dark, size=3, mode="nearest") != minimum_filter(dark, size=3,
                                                                         mode="nearest")


def _own_ground_levels(gray: np.ndarray, dark: np.ndarray, dark_px: np.ndarray,
                       low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Tiles' 5th and 95th percentiles (:func:`_tile_stats`) where a panel's edge runs
    through them, taken over the pixels of the tile's own ground: a light tile holding
    the edge of a black panel took the panel's ground for its ink, its contrast (and its
    light neighbours', spread) that of the panel, and the small grey print beside the
    panel (a card's values, right-aligned against it) fell under the threshold."""
    low, high = low.copy(), high.copy()
    edge = _edge_tiles(dark)
    for ty, tx in zip(*np.nonzero(edge), strict=True):
        rows = slice(ty * TILE, (ty + 1) * TILE)
        cols = slice(tx * TILE, (tx + 1) * TILE)
        own = dark_px[rows, cols] == dark[ty, tx]
        if own.all() or own.sum() < TILE * TILE // 4:
            continue
        levels = gray[rows, cols][own][::2]
        low[ty, tx], high[ty, tx] = np.percentile(levels, [5, 95], method="nearest")
    return low, high


def _ground_polarity(g: np.ndarray, dark: np.ndarray, median: np.ndarray,
                     dark_px: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The polarity per pixel where tiles of both kinds meet (a dark panel's edge): a
    tile is too coarse there, and half a tile of light margin read inverted is "ink",
    the panel's first letters, read in the light tile's polarity, broken. There each
    pixel takes the ground of its neighbourhood: the side of the midpoint of the two
    grounds' tones where most of half a tile around it lies (the ground is the most of
    it, letters and all; a mean would go with a bold word's light strokes), where
    they are GROUND_GAP apart (a screen's panels; not a photo's dim corners): the page's
    light and dark tiles at their medians, or, where those are closer (a dark-mode
    screen whose light tiles are mostly a mid-grey bar's), the edges between dark
    tiles and tiles GROUND_GAP lighter alone, each run of them at its own tiles'
    middle (a black panel's values right-aligned against the window's light margin:
    seed 2021 screen_037). Also the seam where the two grounds meet (the pixels beside
    a flip of polarity), no ink."""
    from scipy.ndimage import find_objects, label, maximum_filter, uniform_filter

    edge = _edge_tiles(dark)
    if not edge.any():
        return dark_px, None
    light, ground = float(np.median(median[~dark])), float(np.median(median[dark]))
    # (a photo's shadow, a grey shading: no panel; but where the page's light tiles are
    # mostly a mid-grey bar, a black panel's edge against a light strip beside it is
    # one: each run of edge tiles is judged by its own tiles' grounds)
    local = light - ground < GROUND_GAP
    if local:  # (the edges between the dark tiles and the light tiles far lighter alone)
        bright = ~dark & (median >= ground + GROUND_GAP)
        edge &= ((maximum_filter(bright, size=3, mode="nearest") & dark)
                 | (maximum_filter(dark, size=3, mode="nearest") & bright))
        if not edge.any():
            return dark_px, None
    middle = (light + ground) / 2.0
    polarity = dark_px.copy()
    seam = np.zeros(g.shape, dtype=bool)
    pad = TILE // 2  # (each run of edge tiles with the window's reach around it)
    regions = []
    for rows, cols in find_objects(label(edge)[0]):
        cut = middle
        near_dark, near = dark[rows, cols], median[rows, cols]
        if local:
            if near_dark.all() or not near_dark.any():
                continue
            here = float(np.median(near[near_dark])), float(np.median(near[~near_dark]))
            if here[1] - here[0] < GROUND_GAP:
                continue
            cut = sum(here) / 2.0
        elif near_dark.any() and not near_dark.all():
            # a third ground: a mid-grey bar (white on green) beside the page's paper,
            # on a screen whose black panel set the two tones apart, is split at its
            # own middle (it lies half way to the panel's ground, not near it as a
            # halftone's or a logo's dark side does)
            here = float(np.median(near[near_dark])), float(np.median(near[~near_dark]))
            if here[1] - here[0] < GROUND_GAP and here[0] - ground >= GROUND_GAP / 2:
                cut = sum(here) / 2.0
        y0, y1 = rows.start * TILE, min(g.shape[0], rows.stop * TILE)
        x0, x1 = cols.start * TILE, min(g.shape[1], cols.stop * TILE)
        a0, b0 = max(0, y0 - pad), max(0, x0 - pad)
        window = (g[a0: y1 + pad, b0: x1 + pad] < cut).astype(np.float32)
        below = uniform_filter(window, size=TILE // 2, mode="nearest")
        inside = np.kron(edge[rows, cols], np.ones((TILE, TILE), dtype=bool))[: y1 - y0, : x1 - x0]
        part = below[y0 - a0: y1 - a0, x0 - b0: x1 - b0] > 0.5
        polarity[y0:y1, x0:x1] = np.where(inside, part, polarity[y0:y1, x0:x1])
        regions.append((y0, y1, x0, x1, a0, b0, inside))
    if not regions:
        return dark_px, None
    for y0, y1, x0, x1, a0, b0, inside in regions:
        around = polarity[a0: y1 + pad, b0: x1 + pad]
        flips = np.zeros(around.shape, dtype=bool)
        flips[:, 1:] |= around[:, 1:] != around[:, :-1]
        flips[1:, :] |= around[1:, :] != around[:-1, :]
        # (two pixels either side: the flip may stand a pixel off the tones' own edge)
        wide = maximum_filter(flips, size=SEAM, mode="nearest")
        seam[y0:y1, x0:x1] |= wide[y0 - a0: y1 - a0, x0 - b0: x1 - b0] & inside
    return polarity, seam


def _dark_tiles(median: np.ndarray, low: np.ndarray, high: np.ndarray,
                picture: np.ndarray) -> np.ndarray:
    """Tiles that hold light text on a dark ground (to be inverted). Decided per tile, so
    a dark panel beside light paper is read in its own polarity. A tile with text is
    mostly ground: its median lies near the ground's tone, so it is dark ground when
    its levels spread further up from the median than down, and it is well below the
    paper's tone (dim paper in a badly lit photo, darker than mid grey, and a light
    grey shading are still paper; without light paper, darker than mid grey, or than
    BAR_GROUND where its text is far lighter than it). A tile without text (no spread)
    takes the polarity of the nearest tile with text."""
    up, down = high - median, median - low
    paper = float(np.percentile(median, 90))
    # well below the paper's tone; where no tile is light (a crop of a dark banner),
    # below mid grey
    dim = median < (0.6 * paper if paper >= LIGHT_PAPER else 128.0)
    dark = (up > down) & dim
    if paper < LIGHT_PAPER:
        # (a screen of dark panels, its lightest a mid-grey bar that is then the
        # "paper": the bar's light words, far lighter than it, are light text on it)
        dark |= (up >= 2 * down + MIN_CONTRAST) & (median < BAR_GROUND)
    # a tile without text takes the polarity of the nearest tile with text (not of a
    # photo's): the margin beside a dim column is paper, the empty middle of a dark
    # panel is panel; one as light as paper is paper
    source = (np.maximum(up, down) >= MIN_CONTRAST) & ~picture
    if not source.any():
        return median < 0.5 * paper
    from scipy.ndimage import distance_transform_edt

    _dist, (rows, cols) = distance_transform_edt(~source, return_indices=True)
    return np.where(source, dark, dark[rows, cols] & dim)


def shading(gray: np.ndarray, dotted: np.ndarray) -> np.ndarray | None:
    """The factor to lift each pixel of the analysis image by to bring a table's shaded
    columns to the paper's tone, the text on them as dark against it as the text on the
    paper is (None: no shading; scaled, not shifted: shifted by the shading's depth, the
    text on it came out grey, a strip's ink the darker text beside it, and real
    table_04's `(97.8)` read `G978)`). A shading narrower than a tile (a `Var` column)
    made its tiles' ground grey, and the text beside it and on it faded out of the ink,
    the shading's edge taken for ink. A shading is found where the page closed over
    SHADE_CLOSE pixels (the text on it gone) is SHADE_STEP darker
    than the paper and lighter than a dark panel's ground (a panel's light text is read
    inverted; a mid-grey bar's white words would vanish lifted), in an even tone, filling
    its box, SHADE_CLOSE twice in width and height, and dithered: most of it ``dotted``
    (a screen's flat grey sidebar is a panel, and its edge parts it from the page)."""
    from scipy.ndimage import find_objects, grey_closing, grey_dilation, label

    g = np.asarray(gray, dtype=np.uint8)
    median, _low, _high = _tile_stats(g, TILE)
    paper = float(np.percentile(median, 90))
    if paper < LIGHT_PAPER:
        return None
    closed = grey_closing(g, size=(SHADE_CLOSE, SHADE_CLOSE), mode="nearest")
    labels, _n = label((closed < paper - SHADE_STEP) & (closed >= 0.6 * paper))
    lift = None
    for k, where in enumerate(find_objects(labels), 1):
        comp = labels[where] == k
        if min(comp.shape) < 2 * SHADE_CLOSE or comp.sum() < SHADE_FILL * comp.size:
            continue
        tones = closed[where][comp]
        if (float(tones.std()) > SHADE_EVEN
                or np.count_nonzero(dotted[where][comp]) < comp.sum() / 2):
            continue
        if lift is None:
            lift = np.ones(g.shape, dtype=np.float32)
        lift[where][comp] = paper / max(float(np.median(tones)), 1.0)
    if lift is None:
        return None
    # (a pixel more around it: its edge, half shading, half paper, is no rule)
    return grey_dilation(lift, size=(3, 3), mode="nearest")


def lifted(gray: np.ndarray, lift: np.ndarray | None, factor: int = 1) -> np.ndarray:
    """The page with its shadings lifted (:func:`shading`'s factors, of the page shrunk
    by ``factor``)."""
    if lift is None:
        return gray
    # (the shadings' rows and columns alone, scaled: a 600 dpi page is 35 Mpx, and a map
    # of factors over all of it, with its product, half a gigabyte of floats)
    shaded = lift != 1.0
    rows, cols = np.flatnonzero(shaded.any(axis=1)), np.flatnonzero(shaded.any(axis=0))
    if not len(rows):
        return gray
    y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    # (the last analysis row and column stand for the page's rows and columns past them)
    fy1 = gray.shape[0] if y1 == lift.shape[0] else y1 * factor
    fx1 = gray.shape[1] if x1 == lift.shape[1] else x1 * factor
    block = gray[y0 * factor:fy1, x0 * factor:fx1]
    out = np.array(gray, dtype=np.uint8, copy=True)
    out[y0 * factor:fy1, x0 * factor:fx1] = np.clip(np.rint(block.astype(np.float32) * _at_full(
        lift[y0:y1, x0:x1], block.shape, factor)), 0, 255).astype(np.uint8)
    return out


def _at_full(values: np.ndarray, shape: tuple[int, ...], factor: int) -> np.ndarray:
    """A map of the page shrunk by ``factor`` (:func:`reduce`'s shape) at the page's own
    ``shape``, each analysis pixel repeated over the block it stands for."""
    rows = np.minimum(np.arange(shape[0]) // factor, values.shape[0] - 1)
    cols = np.minimum(np.arange(shape[1]) // factor, values.shape[1] - 1)
    return values[rows[:, None], cols[None, :]]


def page_border(gray: np.ndarray) -> tuple[np.ndarray, float] | None:
    """What lies outside the document: dark regions that touch the image's edge, are
    large (1% of the image or more) and hold no text (no letter-sized light holes) -- the
    table under a photographed receipt, the scanner lid around a page. Returns the mask
    and the paper's tone to paint it with, or None when there is none. A dark panel or a
    dark-mode screen holds light text (holes) and is not a border."""
    from scipy.ndimage import binary_dilation, binary_fill_holes, find_objects, label

    g = np.asarray(gray)
    h, w = g.shape
    step = max(1, min(h, w) // 256)
    paper = float(np.percentile(g[::step, ::step], 75))
    dark = g < BORDER_DARK * paper
    edge = np.concatenate([dark[0], dark[-1], dark[:, 0], dark[:, -1]])
    if paper < 96 or not edge.any():
        return None
    labels, count = label(dark, structure=np.ones((3, 3), dtype=bool))
    touching = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    area = np.bincount(labels.ravel(), minlength=count + 1)
    objects = find_objects(labels)
    border = np.zeros(dark.shape, dtype=bool)
    for k in touching[touching > 0].tolist():
        if area[k] < BORDER_AREA * h * w:
            continue
        where = objects[k - 1]
        comp = labels[where] == k
        holes, _n = label(binary_fill_holes(comp) & ~comp)
        sizes = np.bincount(holes.ravel())[1:]
        letters = sizes[sizes < BORDER_AREA * h * w / 5]
        if (letters.sum() > BORDER_AREA * area[k] or (letters >= BORDER_LETTER).sum() >= 8
                or (letters >= 2).sum() >= BORDER_HOLES):
            continue  # light text inside (much of it, or a few words, or many small
            # letters: a screen's dark sidebar of small print): a panel
        tones = g[where][comp]
        ground = float(np.median(tones))
        if np.count_nonzero(tones < min(0.5 * ground, ground - 30)) > BORDER_AREA * area[k]:
            continue  # dark text inside: dim paper (a photo's shaded side)
        border[where] |= comp
    if not border.any():
        return None
    border = binary_dilation(border, iterations=2)
    paper_px = g[~border]
    if paper_px.size < BORDER_AREA * h * w:
        return None  # all of it dark: no document to tell apart
    return border, float(np.median(paper_px[::step]))


def _picture_tiles(gray: np.ndarray) -> np.ndarray:
    """Tiles of photos and other continuous tone. Text on paper or on a panel is two
    tones: the background is the tile's median and the brightest (or, light on dark,
    the darkest) tone at once, so one of the two spreads, median to 95th and 5th to
    median percentile, is only noise. A photo spreads both ways. The noise allowed is
    that of the whole page (a noisy scan is not a photo)."""
    from ocrtools.binarize import noise_level

    band = max(12.0, 3.0 * noise_level(gray[::4]))
    median, low, high = _tile_stats(gray, TILE)
    # shading, paper texture and JPEG spread a text tile by a few tens of levels at most
    spread = np.minimum(high - median, median - low) > max(PICTURE_SPREAD, 4 * band)
    if not spread.any():
        return spread
    # ... unless the tile is half ink (a bold headline): then nearly every pixel is
    # near one of its two tones
    h, w = gray.shape
    th, tw = median.shape
    padded = np.pad(gray, ((0, th * TILE - h), (0, tw * TILE - w)), mode="edge")
    blocks = padded.reshape(th, TILE, tw, TILE).astype(np.float32)
    near = (np.abs(blocks - low[:, None, :, None]) < band) | (
        np.abs(blocks - high[:, None, :, None]) < band)
    return np.asarray(spread & (near.mean(axis=(1, 3)) < TWO_TONE))


@dataclass
class _Comps:
    y0: np.ndarray
    y1: np.ndarray
    x0: np.ndarray
    x1: np.ndarray
    area: np.ndarray

    @property
    def h(self) -> np.ndarray:
        return self.y1 - self.y0

    @property
    def w(self) -> np.ndarray:
        return self.x1 - self.x0


def _components(ink: np.ndarray) -> tuple[np.ndarray, _Comps]:
    from scipy.ndimage import find_objects, label

    labels, count = label(ink, structure=np.ones((3, 3), dtype=bool))
    objects = find_objects(labels)
    boxes = np.array(
        [(s[0].start, s[0].stop, s[1].start, s[1].stop) for s in objects], dtype=np.int64
    ).reshape(-1, 4)
    area = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    return labels, _Comps(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3], area)


def text_scale(c: _Comps) -> float:
    """Text height: the median height of the plausible letters (not specks, not
    rules or pictures), weighted by their ink so that noise does not count. Where a
    few large blobs hold most of the ink (a halftone picture's, binarised, beside
    small print: a photo's text read at three times its height and lost), the
    weights are capped at SCALE_CAP times the median letter's ink, and the height so
    found stands if it is well below the first and many more letters are about as
    tall (SCALE_MORE times)."""
    h, w = c.h, c.w
    keep = (h >= 4) & (w >= 1) & (h <= 200) & (w <= 4 * h + 4)
    if not keep.any():
        return float(np.median(h)) if len(h) else 0.0
    hk, ak = h[keep].astype(np.float64), c.area[keep].astype(np.float64)
    order = np.argsort(hk, kind="stable")

    def median(weights: np.ndarray) -> float:
        cum = np.cumsum(weights[order])
        return float(hk[order][int(np.searchsorted(cum, cum[-1] / 2.0))])

    def near(s: float) -> int:
        return int(np.count_nonzero((hk >= 0.8 * s) & (hk <= 1.25 * s)))

    scale = median(ak)
    capped = median(np.minimum(ak, SCALE_CAP * np.median(ak)))
    if capped < 0.8 * scale and near(capped) >= SCALE_MORE * near(scale):
        return capped
    return scale


def estimate_page_skew(c: _Comps, letters: np.ndarray, scale: float) -> float:
    """Page skew in degrees (positive: text rises to the right, as PIL rotates),
    from the sharpness of the profile of letter bottoms over the sheared page, refined
    by the slope its rows of letters are left with (see :func:`_rows_slope`)."""
    if letters.sum() < 20 or scale <= 0:
        return 0.0
    xs = ((c.x0 + c.x1) / 2.0)[letters].astype(np.float64)
    ys = c.y1[letters].astype(np.float64)
    xs -= xs.mean()
    bin_h = max(1.0, scale / 3.0)

    def scores(angles: np.ndarray) -> np.ndarray:
        out = np.empty(len(angles))
        for k, a in enumerate(angles):
            proj = ys + xs * math.tan(math.radians(a))
            idx = np.floor((proj - proj.min()) / bin_h).astype(np.int64)
            counts = np.bincount(idx)
            out[k] = float((counts.astype(np.float64) ** 2).sum())
        return out

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5)
    s = scores(coarse)
    best = float(coarse[int(np.argmax(s))])
    fine = np.arange(best - 0.5, best + 0.51, 0.1)
    sf = scores(fine)
    angle = float(fine[int(np.argmax(sf))])
    level = scores(np.array([0.0]))[0]
    if sf.max() < 1.05 * level or abs(angle) < 0.2:
        return 0.0
    # a projection over y + x tan(a) is sharpest when the text falls by tan(a) per
    # column: rotating by -a (PIL: counter-clockwise positive) makes it level
    slope = _rows_slope(c, letters, scale, angle)
    if slope is not None:  # (what the rows of letters still slope by, sheared so)
        rows = math.degrees(math.atan(math.tan(math.radians(angle)) - slope))
        # (a smaller correction leaves a column 30 text heights wide drifting an eighth
        # of a text height, which the lines' own tilt takes up: it only churned the
        # pages' readings, a list's marks lost here and found there)
        if abs(rows - angle) >= CHAIN_MOVE:
            angle = rows
    return round(-angle, 2)


def _rows_slope(c: _Comps, letters: np.ndarray, scale: float, angle: float
                ) -> float | None:
    """The slope (rows per column) the letters' feet still have on the page sheared by
    ``angle`` (y + x tan(angle)), from the page's rows of letters, or None where they do
    not tell one slope well enough. The sharpest profile over the whole page is a coarse
    estimate: where the rows of two columns lie part of a line apart, the profile is
    sharper where they line up, at a degree off (a report's two columns half a line
    apart; generated scans levelled 0.2-0.8 degrees off read their columns' lines run
    together). Each letter is chained to the nearest letter right of it in its row
    (a gap of a text height at most, its middle CHAIN_NEXT text heights away at most,
    their middles within 0.3 text heights; each letter to one and from one, the
    nearest): a chain stops at a gutter. Every chain of CHAIN_LETTERS letters and
    CHAIN_SPAN text heights at least is a row; their letters' feet, the descenders left
    out (farther than 0.15 text heights from their chain's line, fitted again), give
    one slope common to all the rows (each its own offset). It stands where CHAIN_ROWS
    rows at least give it, its standard error is CHAIN_ERROR degrees at most, and the
    rows' own slopes do not turn by CHAIN_TURN degrees or more from the page's top row
    to its bottom one (a photo's perspective: its rows have no one slope, and the
    sharpest profile sets its columns better). (:func:`estimate_page_skew` takes it
    where it moves the skew by CHAIN_MOVE degrees at least.)"""
    found = _letter_rows(c, letters, scale, angle)
    if found is None:
        return None
    of, dx, dy, my, sxx = found
    common = float((dx * dy).sum() / sxx.sum())
    spread = ((dy - common * dx) ** 2).sum() / max(1, len(of) - len(sxx) - 1)
    if math.degrees(math.sqrt(spread / sxx.sum())) > CHAIN_ERROR:
        return None
    # the rows' own slopes against their height on the page: a photo's perspective turns
    # them from its top to its bottom
    own = np.bincount(of, dx * dy, minlength=len(sxx)) / sxx
    if _rows_turn(own, my, sxx)[2] >= CHAIN_TURN:
        return None
    return common


def _rows_turn(own: np.ndarray, my: np.ndarray, sxx: np.ndarray, middle: float = 0.0
               ) -> tuple[float, float, float, float]:
    """How rows' own slopes ``own`` turn with their heights ``my`` down the page, each
    weighted by how well it tells its slope (``sxx``, see :func:`_letter_rows`): the
    least-squares turn per row, its standard error, the turn in degrees from the top row
    to the bottom one, and the slope the fit gives at row ``middle``."""
    at = float((sxx * my).sum() / sxx.sum())
    height = my - at
    weight = float((sxx * height ** 2).sum())
    if weight <= 0 or len(sxx) < 3:
        return 0.0, math.inf, 0.0, 0.0
    mean = float((sxx * own).sum() / sxx.sum())
    trend = float((sxx * height * (own - mean)).sum() / weight)
    left = own - mean - trend * height
    error = math.sqrt(float((sxx * left ** 2).sum()) / (len(sxx) - 2) / weight)
    return (trend, error, math.degrees(math.atan(abs(trend) * float(np.ptp(height)))),
            mean + trend * (middle - at))


def _letter_rows(c: _Comps, letters: np.ndarray, scale: float, angle: float,
                 words: bool = False) -> tuple[np.ndarray, ...] | None:
    """The rows of letters of the page sheared by ``angle`` (see :func:`_rows_slope`):
    per letter kept, its row (0, 1, ...) and its middle's and foot's offsets from its
    row's means (descenders left out); per row, its feet's mean row and the sum of its
    offsets' squares across (how well it tells its slope). None where the page has
    fewer than CHAIN_ROWS rows. With ``words``, letters any way apart along their row
    are chained, their gaps a text height at most: a blurred photo's letters run into
    words, each a "letter" (see :func:`estimate_keystone`)."""
    idx = np.flatnonzero(letters)
    if len(idx) < CHAIN_ROWS * CHAIN_LETTERS:
        return None
    t = math.tan(math.radians(angle))
    x0, x1 = c.x0[idx].astype(np.float64), c.x1[idx].astype(np.float64)
    mid = (x0 + x1) / 2.0
    feet = c.y1[idx] + mid * t
    middle = (c.y0[idx] + c.y1[idx]) / 2.0 + mid * t
    n = len(idx)
    # the nearest letter to the right in its row: looked for in the row bands (0.3 text
    # heights) of a letter's middle and the bands above and below it
    band = np.floor(middle / (0.3 * scale)).astype(np.int64)
    reach = float(np.ceil(x1.max() + 2 * scale + 1))
    key = band * reach + x0
    order = np.argsort(key, kind="stable")
    keys = key[order]
    after, gap = np.full(n, -1), np.full(n, np.inf)
    for d in (-1, 0, 1):
        at = np.searchsorted(keys, (band + d) * reach + np.maximum(x0 + 1, x1 - 0.2 * scale))
        j = order[np.minimum(at, n - 1)]
        g = x0[j] - x1
        ok = ((at < n) & (band[j] == band + d) & (g <= scale) & (mid[j] > mid)
              & ((mid[j] - mid <= CHAIN_NEXT * scale) | words)
              & (np.abs(middle[j] - middle) <= 0.3 * scale) & (g < gap))
        after[ok], gap[ok] = j[ok], g[ok]
    # each letter followed by one at most: the nearest of those that chose it
    linked = np.flatnonzero(after >= 0)
    linked = linked[np.lexsort((gap[linked], after[linked]))]
    first = np.ones(len(linked), dtype=bool)
    first[1:] = after[linked][1:] != after[linked][:-1]
    before = np.full(n, -1)
    before[after[linked[first]]] = linked[first]
    # each letter's chain: its first letter, the links followed back
    head = np.where(before >= 0, before, np.arange(n))
    while True:
        back = head[head]
        if np.array_equal(back, head):
            break
        head = back
    _, chain = np.unique(head, return_inverse=True)
    keep = np.ones(n, dtype=bool)
    for _ in range(3):  # (fitted, the descenders left out, fitted again)
        slope, offset = _chain_fits(mid, feet, chain, keep)
        near = np.abs(feet - (offset[chain] + slope[chain] * mid)) <= max(1.0, 0.15 * scale)
        if np.array_equal(near, keep):
            break
        keep = near
    chains = chain.max() + 1
    count = np.bincount(chain[keep], minlength=chains)
    right, left = np.zeros(chains), np.full(chains, np.inf)
    np.maximum.at(right, chain[keep], mid[keep])
    np.minimum.at(left, chain[keep], mid[keep])
    rows = (count >= CHAIN_LETTERS) & (right - left >= CHAIN_SPAN * scale)
    if rows.sum() < CHAIN_ROWS:
        return None
    used = keep & rows[chain]
    of = chain[used]
    mx = np.bincount(of, mid[used], minlength=chains) / np.maximum(count, 1)
    my = np.bincount(of, feet[used], minlength=chains) / np.maximum(count, 1)
    dx, dy = mid[used] - mx[of], feet[used] - my[of]
    sxx = np.bincount(of, dx * dx, minlength=chains)[rows]
    renumber = np.cumsum(rows) - 1  # (the rows, 0, 1, ..., of the chains that are rows)
    return renumber[of], dx, dy, my[rows], sxx


def _chain_fits(x: np.ndarray, y: np.ndarray, chain: np.ndarray, keep: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per chain: the least-squares line y = offset + slope x through its kept points
    (a chain of fewer than two: level, through their mean)."""
    m = chain.max() + 1
    w = keep.astype(np.float64)
    size = np.bincount(chain, w, minlength=m)
    sx, sy = np.bincount(chain, w * x, minlength=m), np.bincount(chain, w * y, minlength=m)
    sxx = np.bincount(chain, w * x * x, minlength=m)
    sxy = np.bincount(chain, w * x * y, minlength=m)
    div = size * sxx - sx * sx
    slope = np.where(div > 1e-9, (size * sxy - sx * sy) / np.where(div > 1e-9, div, 1.0), 0.0)
    offset = (sy - slope * sx) / np.maximum(size, 1.0)
    return slope, offset


def estimate_keystone(c: _Comps, letters: np.ndarray, scale: float, middle: float
                      ) -> tuple[float, float]:
    """How much a levelled page's rows turn per row down the page (their slope's change,
    rows per column per row; 0 when not clearly), and the slope of its row at ``middle``
    (the page's middle row): a phone's photo of a page held at an angle, its rows
    meeting far to one side. Levelled by their mean slope, its top rows still rise and
    its bottom rows fall (or the other way) by a degree or more, and the rows of two
    columns, or of a column and a table beside it, run into one another.
    From the rows of letters of :func:`_letter_rows`: their own slopes against their
    heights, weighted by how well each tells its slope, turn by KEYSTONE_TURN degrees or
    more from the page's top row to its bottom one, KEYSTONE_SURE standard errors clear
    of none, and KEYSTONE_KEPT of the turn is left with any one row left out (one line
    tilted among level ones is no perspective: a photo's rows turn one after another).
    Where no row of letters is found, too few to tell, or their turn not clear of none
    (a blurred photo's letters run into words), its rows of words (seed 2011 photo_051:
    its tables' rows read apart, 570 -> 446 edits; seed 2018 photo_055, nine rows of
    letters told its 2.4 degrees 3.8 standard errors clear, twelve rows of words 6.2: 746
    -> 505); but rows of letters that tell clearly a turn too small stand (seed 2003
    photo_035: its words' rows told a turn, and its columns then ran together).
    (The page's skew, set by the sharpest profile of all its rows, leaves the middle row
    a little off level: a degree on a generated photo.)"""
    for words in (False, True):
        found = _letter_rows(c, letters, scale, 0.0, words=words)
        if found is None or len(found[4]) <= CHAIN_ROWS:
            continue
        turned = _rows_keystone(found, middle)
        if turned is not None:
            return turned
    return 0.0, 0.0


def _rows_keystone(found: tuple[np.ndarray, ...], middle: float) -> tuple[float, float] | None:
    """:func:`estimate_keystone` of the rows ``found`` by :func:`_letter_rows`: their turn
    and tilt, (0, 0) where they tell clearly a turn too small, None where they tell none."""
    of, dx, dy, my, sxx = found
    own = np.bincount(of, dx * dy, minlength=len(sxx)) / sxx
    trend, error, turn, tilt = _rows_turn(own, my, sxx, middle)
    if abs(trend) < KEYSTONE_SURE * error:
        return None
    if turn < KEYSTONE_TURN:
        return 0.0, 0.0
    every = np.ones(len(sxx), dtype=bool)
    for k in range(len(sxx)):
        every[k] = False
        if _rows_turn(own[every], my[every], sxx[every])[0] / trend < KEYSTONE_KEPT:
            return None
        every[k] = True
    return trend, tilt


def keystoning(turn: float, tilt: float, width: int, height: int
               ) -> tuple[Projective, tuple[int, int]]:
    """The map from a width x height image with its rows' perspective undone (see
    :func:`estimate_keystone`: rows sloping by ``tilt`` at its middle row and by ``turn``
    more per row down from it, all meeting at one point 1 / ``turn`` columns to one
    side, made level; its columns stay upright) back to the image, and the size of the
    image undone. A point (u, v) from the middle goes to (u, v) / (1 + turn u), the rows
    then parallel at the slope ``tilt``, and is turned by it; the image undone is
    shifted to hold all of it."""
    cos, sin = math.cos(math.atan(tilt)), math.sin(math.atan(tilt))
    cx, cy = width / 2.0, height / 2.0
    ahead = np.array([[cos, sin, 0.0], [-sin, cos, 0.0], [0.0, 0.0, 1.0]]) @ np.array(
        [[1.0, 0.0, -cx], [0.0, 1.0, -cy], [turn, 0.0, 1.0 - turn * cx]])
    corners = ahead @ np.array([[0.0, width, 0.0, width], [0.0, 0.0, height, height],
                                [1.0, 1.0, 1.0, 1.0]])
    xs, ys = corners[0] / corners[2], corners[1] / corners[2]
    ahead = np.array([[1.0, 0.0, -xs.min()], [0.0, 1.0, -ys.min()], [0.0, 0.0, 1.0]]) @ ahead
    size = (int(math.ceil(xs.max() - xs.min())), int(math.ceil(ys.max() - ys.min())))
    back = np.linalg.inv(ahead)
    back /= back[2, 2]
    return Projective(*(float(v) for v in back.ravel()[:8])), size


def _keystone(image: np.ndarray, turn: float, tilt: float, fill: int = 0) -> np.ndarray:
    """An image (a mask, or grey) with its rows' perspective undone (see
    :func:`keystoning`)."""
    from PIL import Image

    back, size = keystoning(turn, tilt, image.shape[1], image.shape[0])
    return _through_pil(image, lambda pil, resample: pil.transform(
        size, Image.Transform.PERSPECTIVE, back.as_list(), resample, fillcolor=fill))


def _keystoned_line(back: Projective, box: tuple[float, float, float, float], slope: float,
                    top: float, bottom: float, bend: Bend | None
                    ) -> tuple[tuple[int, int, int, int], float, float, float, Bend | None]:
    """A line found on the page with its perspective undone, mapped ``back`` onto the
    levelled page: the whole-pixel box (x0, y0, x1, y1) holding its corners, its slope
    there (its edges' mean) and the rows where the lines through its top and bottom
    corners at that slope cross x = 0, and its bent baseline's knots mapped."""
    x0, y0, x1, y1 = box
    if slope:
        ends = [(x0, top + slope * x0), (x1, top + slope * x1),
                (x1, bottom + slope * x1), (x0, bottom + slope * x0)]
    else:
        ends = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = (back(x, y) for x, y in ends)
    tilt = ((by - ay) / max(1e-9, bx - ax) + (cy - dy) / max(1e-9, cx - dx)) / 2.0
    top = min(ay - tilt * ax, by - tilt * bx)
    bottom = max(dy - tilt * dx, cy - tilt * cx)
    out = (math.floor(min(ax, dx)), math.floor(min(ay, by)), math.ceil(max(bx, cx)),
           math.ceil(max(cy, dy)))
    if bend is not None:
        xs, ys = back(np.asarray(bend.xs), np.asarray(bend.ys))
        bend = Bend(tuple(float(v) for v in xs), tuple(float(v) for v in ys),
                    bend.above, bend.below)
    return out, tilt, top, bottom, bend


def estimate_page_shear(labels: np.ndarray, letters: np.ndarray, scale: float) -> float:
    """The slant of a levelled page's columns, in columns per row (positive: they run
    to the right going down), or 0 when none is clear. A phone's photo of a page in
    perspective, levelled by its text lines, still has its columns slanted: the gutter
    between two drifts sideways by its own width from the top of the page to its
    bottom, and lines are joined across it. The slant is the shear that makes the
    profile of the lines' ends (the edges of the letters smeared along their rows: a
    column's margins and its gutter's sides) sharpest, within MAX_SHEAR; it must be
    MIN_SHEAR at least and sharpen the profile by SHEAR_GAIN (a scan's columns are
    upright: no shear)."""
    from scipy.ndimage import maximum_filter1d

    if letters.sum() < 50 or scale <= 0:
        return 0.0
    ink = np.concatenate([[False], letters])[labels]
    smeared = maximum_filter1d(ink, size=max(3, int(round(1.5 * scale))), axis=1)
    ys, xs = np.nonzero(smeared[:, 1:] != smeared[:, :-1])
    if len(ys) < 200:
        return 0.0
    rows = ys.astype(np.float64) - ys.mean()
    cols = xs.astype(np.float64)
    bin_w = max(1.0, scale / 4.0)

    def score(t: float) -> float:
        at = cols - t * rows
        counts = np.bincount(np.floor((at - at.min()) / bin_w).astype(np.int64))
        return float((counts.astype(np.float64) ** 2).sum())

    coarse = np.arange(-MAX_SHEAR, MAX_SHEAR + 1e-9, 0.01)
    best = float(coarse[int(np.argmax([score(t) for t in coarse]))])
    fine = np.arange(best - 0.0075, best + 0.0076, 0.0025)
    scores = [score(t) for t in fine]
    shear = float(fine[int(np.argmax(scores))])
    if abs(shear) < MIN_SHEAR or max(scores) < SHEAR_GAIN * score(0.0):
        return 0.0
    return round(shear, 4)


def shearing(shear: float, width: int, height: int) -> tuple[Affine, tuple[int, int]]:
    """The map from a width x height image sheared by ``shear`` (row y moved by
    shear * (y - height / 2) columns, made wide enough for all of it) back to the
    image, and the sheared size."""
    reach = abs(shear) * height / 2.0
    offset = -reach - shear * height / 2.0  # (the sheared image's column 0, unsheared)
    return (Affine(1.0, shear, offset, 0.0, 1.0, 0.0),
            (width + int(math.ceil(2 * reach)), height))


def _through_pil(image: np.ndarray, op: Callable[[Any, Any], Any]) -> np.ndarray:
    """``op(pil_image, resampling)`` on a grey image (bilinear) or on a mask (as 0 / 255,
    nearest neighbour, and back to a mask)."""
    from PIL import Image

    if image.dtype == bool:
        pil = Image.fromarray(image.astype(np.uint8) * 255)
        return np.asarray(op(pil, Image.Resampling.NEAREST)) > 127
    return np.asarray(op(Image.fromarray(image), Image.Resampling.BILINEAR))


def _shear(image: np.ndarray, shear: float, fill: int = 0) -> np.ndarray:
    """An image (a mask, or grey) sheared as :func:`shearing` says."""
    from PIL import Image

    back, size = shearing(shear, image.shape[1], image.shape[0])
    return _through_pil(image, lambda pil, resample: pil.transform(
        size, Image.Transform.AFFINE, back.as_list(), resample, fillcolor=fill))


def _moved(ink: np.ndarray, sharp: np.ndarray, move: Callable[[np.ndarray], np.ndarray],
           scale: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, _Comps, float, np.ndarray]:
    """The ink and the sharp ink moved (turned level, sheared upright) and looked at
    again: (ink, sharp ink, labels, components, text scale, letters)."""
    ink, sharp = move(ink), move(sharp)
    labels, comps = _components(ink)
    scale = text_scale(comps) or scale
    return ink, sharp, labels, comps, scale, _letters(comps, scale, labels)


def _bar_words(gray: np.ndarray, ink: np.ndarray, sharp: np.ndarray, labels: np.ndarray,
               c: _Comps, scale: float) -> tuple[np.ndarray, np.ndarray] | None:
    """The ink with the light words on a dark bar made the ink in the bar's place (None:
    no such bar). A bar thinner than a tile (a report's banner of white title on a
    dark tint, a table's dark head row) is no dark ground to the tiles: against the
    paper it is one component of ink, its words holes in it, or in it where a screen's
    smoothing greyed them. A bar is long (BAR_LONG text heights), BAR_SHORT to BAR_TALL
    text heights tall, and with its holes filled it fills its box (SOLID_FILL: a bold
    word's letters run together leave the paper between their tops and feet); its
    words are what is MIN_CONTRAST, and half of the way to its lightest pixels, lighter
    than its ground (the median), LETTER_HOLES pieces or more."""
    from scipy.ndimage import binary_erosion, binary_fill_holes, label

    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    fill = c.area / np.maximum(h * w, 1.0)
    found = np.flatnonzero((w >= BAR_LONG * scale) & (h >= BAR_SHORT * scale)
                           & (h <= BAR_TALL * scale) & (fill >= WORD_FILL))
    changed = False
    for k in found.tolist():
        where = (slice(c.y0[k], c.y1[k]), slice(c.x0[k], c.x1[k]))
        own = labels[where] == k + 1
        bar = binary_fill_holes(own)
        if bar.mean() < SOLID_FILL:
            continue
        tones = np.asarray(gray[where], dtype=np.float32)
        ground = float(np.median(tones[own]))
        step = max(MIN_CONTRAST, 0.5 * (float(np.percentile(tones[bar], 99)) - ground))
        # (inside its edge: a smoothed screen's edge is lighter, half paper)
        light = binary_erosion(bar, np.ones((3, 3), dtype=bool)) & (tones > ground + step)
        if label(light)[1] < LETTER_HOLES:
            continue
        if not changed:
            ink, sharp, changed = ink.copy(), sharp.copy(), True
        ink[where] = np.where(bar, light, ink[where])
        sharp[where] = np.where(bar, light, sharp[where])
    return (ink, sharp) if changed else None


def _letters(c: _Comps, scale: float, labels: np.ndarray | None = None) -> np.ndarray:
    """The letter-like components: not rules, frames, pictures or long bars. With the
    components' ``labels``, a long one that fills its box more than a word does is
    looked at: letters run together by a blurred scan (`(000060729)`, bold digits
    filling 70% of their box) keep their counters (holes in the ink), a bar and a
    panel's corner have none."""
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    fill = c.area / np.maximum(h * w, 1.0)
    big = (h > 3.5 * scale) | (w > 6.0 * scale)
    rule = ((w > 8 * scale) & (h < 0.6 * scale)) | ((h > 5 * scale) & (w < 0.6 * scale))
    hollow = big & (fill < 0.12)
    letter = (h >= max(2.0, 0.35 * scale)) & ~rule & ~hollow
    # pictures and long bars; but letters that touch (a bold heading, a blurred photo)
    # make a long component too: a word's ink fills its box by half or less
    word = (fill < WORD_FILL) & (h <= 3 * scale)
    bar = big & (w > 3 * h) & ~word
    if labels is not None:
        from scipy.ndimage import binary_fill_holes, label

        for k in np.flatnonzero(bar & letter & (h <= 3 * scale) & (fill < SOLID_FILL)).tolist():
            own = labels[c.y0[k]:c.y1[k], c.x0[k]:c.x1[k]] == k + 1
            bar[k] = label(binary_fill_holes(own) & ~own)[1] < LETTER_HOLES
    letter &= ~(big & ((h > 8 * scale) | bar))
    return letter & ~_broken_rules(c, scale) & ~_posts(c, letter, scale)


def _posts(c: _Comps, letter: np.ndarray, scale: float) -> np.ndarray:
    """Narrow strokes POST_TALL text heights tall or more (a rule's are 5) with no
    letter half as tall beside them (within POST_REACH text heights, in their rows):
    the side of a box drawn round text, broken off its corners by a scan (an org
    chart's boxes), which joined the box's lines into one, read as one of them. A
    large heading's `l` or `I` has its word's tall letters beside it."""
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    tall = np.flatnonzero(letter & (h >= POST_TALL * scale) & (w < 0.6 * scale))
    return _alone(c, letter, tall, POST_REACH * scale, share=0.5)


def _alone(c: _Comps, letters: np.ndarray, strokes: np.ndarray, reach: float,
           share: float = 0.0) -> np.ndarray:
    """Per component: whether it is one of ``strokes`` (indices) with no other letter
    within ``reach`` pixels of it in its rows (none at least ``share`` of its height)."""
    out = np.zeros(len(c.y0), dtype=bool)
    others = np.flatnonzero(letters)
    for k in strokes.tolist():
        near = ((c.y1[others] > c.y0[k]) & (c.y0[others] < c.y1[k])
                & (c.x1[others] >= c.x0[k] - reach) & (c.x0[others] <= c.x1[k] + reach)
                & (c.h[others] >= share * c.h[k]))
        out[k] = int(near.sum()) <= 1  # (itself)
    return out


def _cut_rules(ink: np.ndarray, labels: np.ndarray, c: _Comps, scale: float
               ) -> tuple[np.ndarray, np.ndarray] | None:
    """The pixels of the rules that touch letters, or None when no rule touches a
    letter: a table's rule under a row whose descenders reach it joins the two rows
    into one component, and a ruled grid whose cells' letters touch it is one sparse
    component with them; no line could be cut from either (the rows were lost). A
    horizontal rule is an unbroken run of ink RULE_RUN text heights long (a word's
    letters part far sooner), a vertical one RULE_LINES tall, each RULE_THICK thick at
    most (see :func:`_rule_runs`); where a component has no level run, a horizontal run
    that steps a row up or down now and then is one (a photographed table's rules fall
    a row every few letters: its grid was left whole, and with the next column's
    letters it touched made one "line" of all its rows). Looked for in the components
    that may hold them:
    rows run together (a few text heights tall) and sparse ones (RULE_FILL of their box
    inked at most; a bold word fills more); only the rules' own pixels go. Returns the
    rules' pixels and the pixels of the components they were cut from."""
    from scipy.ndimage import find_objects, maximum_filter

    wide = int(round(RULE_RUN * scale))
    tall = int(round(RULE_LINES * scale))
    thick = RULE_THICK * scale + 1
    if min(wide, tall) < 8:
        return None
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    fill = c.area / np.maximum(h * w, 1.0)
    rows = (w >= wide) & (h > thick) & (h <= 4.0 * scale)
    grid = ((w >= wide) | (h >= tall)) & (h > thick) & (w > thick) & (fill <= RULE_FILL)
    candidates = np.flatnonzero(rows | grid)
    if not len(candidates):
        return None
    cut = np.zeros(ink.shape, dtype=bool)
    region = np.zeros(ink.shape, dtype=bool)
    objects = find_objects(labels, max_label=int(candidates.max()) + 1)
    for k in candidates.tolist():
        ys, xs = objects[k]
        # (the component's box and a margin: whether a rule runs bare is judged on all
        # the ink beside it)
        m = max(1, int(round(0.5 * scale))) + 2
        box = (slice(max(0, ys.start - m), ys.stop + m), slice(max(0, xs.start - m), xs.stop + m))
        own = labels[box] == k + 1
        near = ink[box]
        found = None
        if w[k] >= wide:
            found = _rule_runs(own, near, wide, scale)
            if found is None:  # (no level run: one that falls a row now and then, a
                # photo's or a curled page's rule, or a noisy rule with holes in each row)
                found = _rule_runs(own, near, wide, scale, step=True)
        if h[k] >= tall and not rows[k]:
            vertical = _rule_runs(own.T, near.T, tall, scale)
            if vertical is not None:
                found = vertical.T if found is None else found | vertical.T
        if found is not None:
            cut[box] |= found
            region[box] |= own
    if not cut.any():
        return None
    # (with the rim a pixel round it: a rule's faded ends and edges left behind would be
    # specks, taken for a list's marks)
    return maximum_filter(cut, size=3) & ink, region


def _rule_pieces(c: _Comps, labels: np.ndarray, region: np.ndarray, scale: float
                 ) -> np.ndarray:
    """Per component: whether it is a piece of a cut grid's rules: from a component
    rules were cut from (``region``), thin and taller than a letter (GRID_PIECE text
    heights: a cell's side between two of the grid's rules, read as `l` otherwise)."""
    inside = np.zeros(len(c.y0) + 1, dtype=bool)
    inside[np.unique(labels[region])] = True
    thin = c.w <= RULE_THICK * scale + 2
    return inside[1:] & thin & (c.h >= GRID_PIECE * scale)


def _rule_runs(own: np.ndarray, ink: np.ndarray, length: int, scale: float,
               step: bool = False) -> np.ndarray | None:
    """The horizontal rules in a component's mask ``own`` (``ink``: all the ink of its
    box): unbroken runs ``length`` long or more (with ``step``, runs that may step a row
    up or down: unbroken in the rows on either side of a row taken together), RULE_THICK
    text heights thick at most (a
    block of solid ink, a bar, keeps its pixels), that run bare somewhere (nothing within
    half a text height above or below for RULE_BARE text heights: between a table's
    cells, past a row's end; small anti-aliased letters touching along their baselines
    have letters over all of their run)."""
    from scipy.ndimage import find_objects, label, maximum_filter1d, minimum_filter1d

    if own.shape[1] < length:
        return None
    run = minimum_filter1d(maximum_filter1d(own, 3, axis=0) if step else own, length, axis=1)
    run = maximum_filter1d(run, length, axis=1) & own
    thick = max(2, int(round(RULE_THICK * scale)))
    solid = minimum_filter1d(run, thick + 1, axis=0)
    run &= ~maximum_filter1d(solid, thick + 1, axis=0)
    if not run.any():
        return None
    pieces, _count = label(run, structure=np.ones((3, 3), dtype=bool))
    reach = max(1, int(round(0.5 * scale)))
    bare_len = RULE_BARE * scale
    for k, piece in enumerate(find_objects(pieces), start=1):
        if piece is None:
            continue
        ys, xs = piece
        above = ink[max(0, ys.start - reach): ys.start, xs].any(axis=0)
        below = ink[ys.stop: ys.stop + reach, xs].any(axis=0)
        clear = np.asarray(~above & ~below, dtype=bool)
        if not any(b - a >= bare_len for a, b in true_runs(clear)):
            run[piece] &= pieces[piece] != k
    return run if run.any() else None


def _broken_rules(c: _Comps, scale: float) -> np.ndarray:
    """Thin pieces of one broken vertical stroke (a paper's edge in a photo, a rule
    that the noise cut up): slivers at most a quarter text height wide, each under the
    one before it (overlapping it in x) with a gap of a third of a text height at most,
    in a chain at least RULE_LINES text heights tall. Stacked letters (an l starting
    every line) are a line's spacing apart, two thirds of a text height or more."""
    out = np.zeros(len(c.y0), dtype=bool)
    thin = np.flatnonzero((c.w <= max(2.0, 0.25 * scale)) & (c.h >= 2))
    if len(thin) < 3:
        return out
    thin = thin[np.argsort(c.y0[thin], kind="stable")]
    y0, y1, x0, x1 = c.y0[thin], c.y1[thin], c.x0[thin], c.x1[thin]
    union = _Union(len(thin))
    gap = BROKEN_GAP * scale
    lo = np.searchsorted(y0, y1, side="left")
    hi = np.searchsorted(y0, y1 + gap, side="right")
    for i in np.flatnonzero(hi > lo).tolist():
        below = np.arange(lo[i], hi[i])
        below = below[(x0[below] <= x1[i]) & (x1[below] >= x0[i])]
        for j in below.tolist():
            union.join(i, j)
    roots = np.array([union.find(i) for i in range(len(thin))])
    for root in np.unique(roots).tolist():
        members = np.flatnonzero(roots == root)
        if len(members) >= 3 and y1[members].max() - y0[members].min() >= RULE_LINES * scale:
            out[thin[members]] = True
    return out


def _bridges(c: _Comps, letters: np.ndarray, scale: float) -> np.ndarray:
    """Narrow strokes two rows of text tall that touch letters of both rows: a dot-matrix
    receipt's `(` and `)` run down into the letters of the next line, so closely are its
    lines set (`(X) U13/X,` over `SEKSYEN U13,`). Smeared into a fragment, such a stroke
    makes the two rows one line, read as nothing. A stroke BRIDGE_ROWS text heights tall
    or more, narrower than a text height, with letters beside it (within BRIDGE_REACH
    text heights) in its upper half and in its lower half, a text height apart or more."""
    out = np.zeros(len(c.y0), dtype=bool)
    for k, _rows in _two_rows(c, letters, scale, narrow=True):
        out[k] = True
    return out


def _two_rows(c: _Comps, letters: np.ndarray, scale: float, narrow: bool
              ) -> list[tuple[int, tuple[float, float]]]:
    """The letter-like components BRIDGE_ROWS to 3 text heights tall, narrower than a
    text height (``narrow``) or wider, with letters of a plain height beside them
    (within BRIDGE_REACH text heights) in their upper half and in their lower half, a
    text height apart or more: each with where the rows meet (the rows between the
    median bottom of its upper row's letters beside it and the median top of its lower
    row's, a fifth of a text height more each way, within the rows' middles)."""
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    rows = letters & (h >= BRIDGE_ROWS * scale) & (h <= 3 * scale)
    tall = np.flatnonzero(rows & ((w <= scale) if narrow else (w > scale)))
    if not len(tall):
        return []
    plain = np.flatnonzero(letters & (h >= 0.5 * scale) & (h <= 1.3 * scale))
    cy = (c.y0[plain] + c.y1[plain]) / 2.0
    out = []
    reach = BRIDGE_REACH * scale
    for k in tall.tolist():
        beside = (c.x1[plain] >= c.x0[k] - reach) & (c.x0[plain] <= c.x1[k] + reach)
        mid = (c.y0[k] + c.y1[k]) / 2.0
        upper = beside & (cy >= c.y0[k]) & (cy < mid)
        lower = beside & (cy > mid) & (cy <= c.y1[k])
        if upper.any() and lower.any() and cy[lower].max() - cy[upper].min() >= scale:
            bottom, top = np.median(c.y1[plain[upper]]), np.median(c.y0[plain[lower]])
            out.append((k, (float(max(cy[upper].min(), min(bottom, top) - 0.2 * scale)),
                            float(min(cy[lower].max(), max(bottom, top) + 0.2 * scale)))))
    return out


def _stacked(labels: np.ndarray, c: _Comps, letters: np.ndarray, scale: float
             ) -> np.ndarray | None:
    """The pixels that part letters of two rows run together, or None when none are: a
    tightly set table's `A` of `Amgen` touches the `B` of `BeiGene` under it, and the
    two rows, smeared into one fragment, made one line read as one of them (the other
    lost). A component wider than a text height with letters of two rows beside it
    (see :func:`_two_rows`) is cut at its thinnest row where the rows meet (its own
    pixels there: an 8-connected path from one row to the other crosses it)."""
    found = _two_rows(c, letters, scale, narrow=False)
    if not found:
        return None
    cut = np.zeros(labels.shape, dtype=bool)
    for k, (top, bottom) in found:
        y0, y1 = int(math.ceil(top)), int(math.floor(bottom)) + 1
        if y1 <= y0:
            continue
        own = labels[y0:y1, c.x0[k]:c.x1[k]] == k + 1
        row = int(np.argmin(own.sum(axis=1)))
        cut[y0 + row, c.x0[k]:c.x1[k]] = own[row]
    return cut if cut.any() else None


def _slivers(c: _Comps, letters: np.ndarray, scale: float) -> np.ndarray:
    """Narrow strokes two text heights tall or more with no letter within SLIVER_REACH
    text heights of them in their rows: the shadowed edge of a photographed page, left
    of its text, which a wide gap joined to the rows beside it (their lines then began
    at the paper's edge, over the lines above and below, and the column was read out of
    order). A heading's tall `l` has its word's letters beside it."""
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    tall = np.flatnonzero(letters & (h >= 2.0 * scale) & (w <= SLIVER_WIDE * scale))
    return _alone(c, letters, tall, SLIVER_REACH * scale)


def _fragments(c: _Comps, keep: np.ndarray, scale: float, shape: tuple[int, int]
               ) -> tuple[np.ndarray, np.ndarray]:
    """Smear the middle band of each kept component sideways: each smeared piece is a
    fragment. Returns per component its fragment (-1 when not kept) and the fragments'
    boxes [y0, y1, x0, x1]."""
    from scipy.ndimage import label

    h, w = shape
    smear = np.zeros(shape, dtype=bool)
    gap = max(1, int(round(WORD_GAP * scale)))
    idx = np.flatnonzero(keep)
    hh = c.h[idx]
    cut = (0.3 * hh).astype(np.int64)
    ya, yb = c.y0[idx] + cut, c.y1[idx] - cut
    yb = np.maximum(yb, ya + 1)
    xa, xb = c.x0[idx], np.minimum(w, c.x1[idx] + gap)
    for y0, y1, x0, x1 in zip(ya.tolist(), yb.tolist(), xa.tolist(), xb.tolist(), strict=True):
        smear[y0:y1, x0:x1] = True
    labels, count = label(smear)
    frag = np.full(len(c.y0), -1, dtype=np.int64)
    frag[idx] = labels[(ya + yb) // 2, xa] - 1
    boxes = np.zeros((count, 4), dtype=np.int64)
    boxes[:, 0] = h
    boxes[:, 2] = w
    members = frag >= 0
    f = frag[members]
    np.minimum.at(boxes[:, 0], f, c.y0[members])
    np.maximum.at(boxes[:, 1], f, c.y1[members])
    np.minimum.at(boxes[:, 2], f, c.x0[members])
    np.maximum.at(boxes[:, 3], f, c.x1[members])
    used = np.bincount(f, minlength=count) > 0
    remap = np.cumsum(used) - 1
    frag[members] = remap[f]
    return frag, boxes[used]


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _is_gutter(boxes: np.ndarray, runs: tuple[np.ndarray, np.ndarray], a: int, b: int,
               scale: float, rows: int = 0, walls: np.ndarray | None = None) -> bool | None:
    """Whether the strip between fragment a and fragment b (right of it) is a column
    gutter: white for several lines up and down, with running text ending on its left
    and starting on its right, row after row. ``runs`` are, per fragment, the left end of
    the run of close fragments it ends and the right end of the run it starts (a line
    number and its line are one run of text; a table's cells, far apart, are not).
    ``walls`` (vertical rules and the gaps between framed panels, [y0, y1, x0, x1]) part
    a row: what stands beyond one is not in a's row."""
    y0, y1, x0, x1 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    s0, s1 = x1[a], x0[b]
    inner = max(1, (s1 - s0) // 4)
    top_a, bot_a = min(y0[a], y0[b]), max(y1[a], y1[b])
    top, bottom = _clear_rows(boxes, s0 + inner, s1 - inner, top_a, bot_a)
    line_h = max(scale * 1.5, float(bot_a - top_a))
    rows = rows or GUTTER_ROWS
    lo = s0 + inner  # (the left side's lines end here at most)
    # a ragged column's longer lines run into the strip of a short line's gap: the
    # strip just left of where the next column starts is judged instead (in the rows
    # about the gap's: such a strip may run clear down the page) when it stays clear
    # longer, where only that column's own long lines close the wider one and running
    # text starts on the right (not a card's labels and their values); so, too, where
    # the wider strip stays clear a while (a photo's narrow gutter beside a list, the
    # column's justified lines reaching into its items' wide gaps' strips above and
    # below, a picture's false line under them)
    # (a gap no wider than the edge strip has no narrower strip to judge)
    edge = s1 - inner - GUTTER_EDGE * scale
    if edge > lo:
        edge_top, edge_bottom = _clear_rows(boxes, edge, s1 - inner, top_a, bot_a)
        about = 2 * rows * line_h
        edge_top, edge_bottom = max(edge_top, top_a - about), min(edge_bottom, bot_a + about)
        closing = np.flatnonzero((x0 < edge) & (x1 > lo) & (y1 > edge_top) & (y0 < edge_bottom))
        if edge_bottom - edge_top > bottom - top and (x0[closing] <= s0).all() and (
                x1[closing] - _line_starts(boxes, closing, runs[0][a], scale)
                >= COLUMN_RUN * scale).all() and runs[1][b] - x0[b] >= TEXT_RUN * scale:
            top, bottom, lo = edge_top, edge_bottom, edge
    if bottom - top < rows * line_h:
        # a longer line of one side closes the strip (a short line beside the gutter,
        # a list item's last line): it says nothing either way, unless a line spans
        # the gap from side to side just as close
        near_top, near_bottom = _clear_rows(boxes, s0, s1, top_a, bot_a, across=True)
        return None if near_bottom - near_top >= rows * line_h else False
    # the lines of each side end (start) within a run's length of the gap: a wide gap's
    # own width reached into the next column or panel, whose long lines voted for it
    reach = TEXT_RUN * scale
    cy = (y0 + y1) / 2.0
    inside = (cy > top) & (cy < bottom)
    left = inside & (x1 <= lo) & (x1 >= s0 - reach)
    right = inside & (x0 >= s1 - inner) & (x0 <= s1 + reach)
    run_start, run_end = runs
    # (... and not long lines that start past b's run: the lines of a column beyond a
    # sidebar's right-aligned values would vote the gap between its labels and its
    # values a column gutter)
    right &= (x0 < x1[b] + RUN_GAP * scale) | (run_end - x0 < TEXT_RUN * scale)
    if min(left.sum(), right.sum()) < rows:
        return False
    # the columns come up to the gap's row on both sides (a heading's word gap above two
    # columns, whitespace between, lines up with their gutter by chance: it cannot tell)
    near = GUTTER_NEAR * line_h
    row = (cy[a] + cy[b]) / 2.0
    others = np.abs(cy - row) > 0.5 * line_h  # (the rows above and below this one)
    if not (left & others).any() or not (right & others).any() or min(
            np.abs(cy[left & others] - row).min(), np.abs(cy[right & others] - row).min()) > near:
        return None
    ending = float(np.median((x1 - run_start)[left]))
    starting = float(np.median((run_end - x0)[right]))
    # numbers beside their lines (a transcript's line numbers), first in their row (the
    # last cells of a table's rows have the rows' other cells left of them)
    before = (y0 < y1[a]) & (y1 > y0[a]) & (x1 <= run_start[a])
    if walls is not None and len(walls) and before.any():
        # (a transcript's right-hand page: the left page's lines beside its numbers,
        # beyond the pages' frames, are another row)
        middle = (walls[:, 2] + walls[:, 3]) / 2.0
        spans = (walls[:, 0] <= y0[a]) & (walls[:, 1] >= y1[a])
        for f in np.flatnonzero(before).tolist():
            if (spans & (middle >= x1[f]) & (middle <= x0[a])).any():
                before[f] = False
    first = not before.any()
    if first and max(ending, x1[a] - run_start[a]) <= LABEL_RUN * scale and (
            run_end[b] - x0[b] >= TEXT_RUN * scale):
        return False
    # running text on both sides; or a column of long lines beside anything (a table,
    # a sidebar of short lines): a table's own cells and labels are not that long
    if min(ending, starting) >= TEXT_RUN * scale or max(ending, starting) >= COLUMN_RUN * scale:
        return True
    # ... or two columns whose rows keep their own pitch: a table's cells sit on their
    # rows' baselines either side of its gaps; a column of text beside a table does not
    # (the rows left of it: whatever stands on them, a receipt's amount beside its
    # quantity, not only what ends at the gap)
    return bool(max(ending, starting) >= TEXT_RUN * scale
                and _unaligned(cy, inside & (x1 <= lo), right, line_h))


def _line_starts(boxes: np.ndarray, members: np.ndarray, start: float, scale: float
                 ) -> np.ndarray:
    """Per fragment of ``members``, where its line starts: the left end of the leftmost
    fragment of its row from ``start`` (a column's left edge) on, itself at the latest (a
    monospaced line's word gaps, two cells wide, part its runs)."""
    y0, y1, x0 = boxes[:, 0], boxes[:, 1], boxes[:, 2]
    cy = (y0 + y1) / 2.0
    out = x0[members].astype(np.float64)
    for k, c in enumerate(members.tolist()):
        row = (np.abs(cy - cy[c]) < 0.5 * (y1[c] - y0[c])) & (x0 <= x0[c]) & (x0 >= start - scale)
        if row.any():
            out[k] = float(x0[row].min())
    return out


def _unaligned(cy: np.ndarray, left: np.ndarray, right: np.ndarray, line_h: float) -> bool:
    """Whether the rows right of a gap keep a pitch of their own: the offsets of their
    middles from the nearest rows' left of it are UNALIGNED line heights or more (the
    median size, under three times that) and spread as much (quartiles), few of them on
    a left row, over ALIGN_ROWS rows or more each side.
    A table's rows are one row either side (offsets near zero, or all alike where a
    photo tilts them; a block of other text beside the table's last rows moves the
    spread, not the median); a column beside rows of another pitch falls anywhere
    between them."""
    lc, rc = np.sort(cy[left]), cy[right]
    if len(lc) < ALIGN_ROWS or len(rc) < ALIGN_ROWS:
        return False
    k = np.clip(np.searchsorted(lc, rc), 1, len(lc) - 1)
    up, down = rc - lc[k - 1], rc - lc[k]
    off = np.where(np.abs(up) <= np.abs(down), up, down) / line_h
    size = float(np.median(np.abs(off)))
    spread = float(np.percentile(off, 75) - np.percentile(off, 25))
    # (a table's cells wrapped to two or three lines: their lines are on a row's line
    # or a whole line from it, not between; more than ALIGNED_SHARE on a row's line, or
    # most a line away)
    on_rows = float(np.mean(np.abs(off) < UNALIGNED / 2))
    return min(size, spread) >= UNALIGNED and size <= 3 * UNALIGNED and on_rows <= ALIGNED_SHARE


def _clear_rows(boxes: np.ndarray, x0: float, x1: float, y0: float, y1: float,
                across: bool = False) -> tuple[float, float]:
    """How far up and down the strip of columns x0..x1 stays clear of text around rows
    y0..y1: the bottom of the nearest fragment into it above, the top of the nearest
    below (the page's edges where none). With ``across``, only fragments that span the
    whole strip close it."""
    if across:
        crossing = (boxes[:, 2] <= x0) & (boxes[:, 3] >= x1)
    else:
        crossing = (boxes[:, 2] < x1) & (boxes[:, 3] > x0)
    above = crossing & (boxes[:, 1] <= y0)
    below = crossing & (boxes[:, 0] >= y1)
    top = float(boxes[above, 1].max()) if above.any() else 0.0
    bottom = float(boxes[below, 0].min()) if below.any() else float(boxes[:, 1].max() + 1)
    return top, bottom


def _neighbours(boxes: np.ndarray, scale: float) -> np.ndarray:
    """Per fragment, its nearest neighbour to the right in the same row (-1: none)."""
    y0, y1, x0, x1 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    heights = (y1 - y0).astype(np.float64)
    right = np.full(len(boxes), -1, dtype=np.int64)
    for a in range(len(boxes)):
        overlap = np.minimum(y1, y1[a]) - np.maximum(y0, y0[a])
        small = np.minimum(heights, heights[a])
        same_row = (overlap >= 0.5 * small) & (x0 >= x1[a] - 0.25 * scale)
        same_row &= np.maximum(heights, heights[a]) <= 2.2 * small
        same_row[a] = False
        if same_row.any():
            cand = np.flatnonzero(same_row)
            right[a] = int(cand[np.argmin(x0[cand])])
    return right


def _runs(boxes: np.ndarray, right: np.ndarray, gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Per fragment: the left end of the run of fragments (gaps <= gap) that it ends,
    and the right end of the run that it starts."""
    x0, x1 = boxes[:, 2], boxes[:, 3]
    close = (right >= 0) & (x0[right] - x1 <= gap)
    close |= _even_gaps(boxes, right, gap)
    end = x1.copy()
    for a in np.argsort(-x0, kind="stable").tolist():  # right to left
        if close[a]:
            end[a] = max(end[a], end[right[a]])
    start = x0.copy()
    for a in np.argsort(x0, kind="stable").tolist():  # left to right
        if close[a]:
            b = right[a]
            start[b] = min(start[b], start[a])
    return start, end


def _spread_gaps(boxes: np.ndarray, right: np.ndarray, scale: float) -> np.ndarray:
    """Per fragment: whether the gap to its right neighbour may be a word gap of a line
    whose spaces are spread typewriter-wide (justified typewriter type: two cells and
    three): EVEN_GAPS of the row's gaps or more are from (1 - EVEN_SPREAD) RUN_GAP to
    WIDE_GAP text heights wide, and this one SPREAD_MAX times their median at most.
    Such a gap votes for a column gutter only where SPREAD_ROWS lines on each side
    say so (see :func:`_across_gutters`): where the spread gaps of rows one above
    another line up for three rows (a river), a line was parted at one."""
    x0, x1 = boxes[:, 2], boxes[:, 3]
    n = len(boxes)
    out = np.zeros(n, dtype=bool)
    has_left = np.zeros(n, dtype=bool)
    has_left[right[right >= 0]] = True
    for first in np.flatnonzero(~has_left & (right >= 0)).tolist():
        chain = [first]
        while right[chain[-1]] >= 0 and len(chain) <= n:
            chain.append(int(right[chain[-1]]))
        if len(chain) < EVEN_GAPS + 2:
            continue
        links = np.array(chain[:-1])
        widths = (x0[right[links]] - x1[links]).astype(np.float64)
        spread = (widths >= (1 - EVEN_SPREAD) * RUN_GAP * scale) & (widths <= WIDE_GAP * scale)
        if spread.sum() >= EVEN_GAPS:
            out[links] = widths <= SPREAD_MAX * float(np.median(widths[spread]))
    return out


def _even_gaps(boxes: np.ndarray, right: np.ndarray, gap: float) -> np.ndarray:
    """Per fragment: whether the gap to its right neighbour is one of a justified line's
    word gaps, wider than ``gap`` (typewriter type set justified spreads its spaces two
    or three wide): EVEN_GAPS of them or more in a row, one after another, each at most
    WIDE_GAP / RUN_GAP of ``gap`` and within EVEN_SPREAD of their median, one of them
    at least wider than ``gap``."""
    x0, x1 = boxes[:, 2], boxes[:, 3]
    n = len(boxes)
    width = np.where(right >= 0, x0[np.maximum(right, 0)] - x1, -1)
    # (a chain runs on through its gaps a little narrower than ``gap``: spread spaces of
    # two cells and three, 24 and 37 pixels against a ``gap`` of 23, broke every chain)
    wide = (right >= 0) & (width > gap * (1 - EVEN_SPREAD)) & (width <= gap * WIDE_GAP / RUN_GAP)
    out = np.zeros(n, dtype=bool)
    follows = np.zeros(n, dtype=bool)  # the gap before it is wide: not a chain's first
    follows[right[wide]] = True
    for a in np.flatnonzero(wide & ~follows).tolist():
        chain = [a]
        while wide[right[chain[-1]]] if right[chain[-1]] >= 0 else False:
            chain.append(int(right[chain[-1]]))
        if len(chain) >= EVEN_GAPS:
            widths = width[chain].astype(np.float64)
            even = np.abs(widths - np.median(widths)).max() <= EVEN_SPREAD * np.median(widths)
            if even and (widths > gap).any():
                out[chain] = True
    return out


def horizontal_rules(ink: np.ndarray, scale: float) -> np.ndarray:
    """Horizontal rules of the ink as boxes [x0, y0, x1, y1]: unbroken runs RULE_RUN
    text heights long, RULE_THICK thick at most (a table's rule, a chart's connector;
    not a bar or a band, which are thick)."""
    from scipy.ndimage import find_objects, label

    length = int(round(RULE_RUN * scale))
    if length < 8 or ink.shape[1] < length:
        return np.zeros((0, 4), dtype=np.int64)
    # each row's runs of ink, from where the ink starts and stops (one start, then
    # its stop, row after row)
    edges = np.diff(np.pad(ink, ((0, 0), (1, 1))).view(np.int8), axis=1)
    rows, xs = np.nonzero(edges)
    rows, starts, stops = rows[0::2], xs[0::2], xs[1::2]
    long = np.flatnonzero(stops - starts >= length)
    if not len(long):
        return np.zeros((0, 4), dtype=np.int64)
    thick = RULE_THICK * scale + 2
    if len(long) > 200:  # (a band, a picture: every row a long run)
        marks = np.zeros((ink.shape[0], ink.shape[1] + 1), dtype=np.int16)
        marks[rows[long], starts[long]] = 1
        marks[rows[long], stops[long]] = -1
        labels, _count = label(np.cumsum(marks, axis=1, dtype=np.int16)[:, :-1] > 0)
        boxes = [(s[1].start, s[0].start, s[1].stop, s[0].stop) for s in find_objects(labels)
                 if s is not None]
    else:  # (the runs one row apart that overlap are one rule)
        boxes = []
        for y, x0, x1 in zip(rows[long].tolist(), starts[long].tolist(),
                             stops[long].tolist(), strict=True):
            for k, (bx0, by0, bx1, by1) in enumerate(boxes):
                if by1 == y and x0 < bx1 and x1 > bx0:
                    boxes[k] = (min(bx0, x0), by0, max(bx1, x1), y + 1)
                    break
            else:
                boxes.append((x0, y, x1, y + 1))
    rules = [b for b in boxes if b[3] - b[1] <= thick]
    return np.array(rules, dtype=np.int64).reshape(-1, 4)


def _paper(gray: np.ndarray, boxes: np.ndarray) -> tuple[int, int, float] | None:
    """The text's columns x0..x1 (of the line boxes [x0, y0, x1, y1]) and the paper's
    tone there (the 90th percentile of the rows' medians), for the bands and the dashed
    rules across the text; None without text 8 pixels wide."""
    if not len(boxes):
        return None
    x0, x1 = int(boxes[:, 0].min()), int(boxes[:, 2].max())
    if x1 - x0 < 8:
        return None
    rows = np.asarray(gray[:, x0:x1:2], dtype=np.uint8)  # (a median of uint8 sorts faster)
    return x0, x1, float(np.percentile(np.median(rows, axis=1), 90))


def dashed_rules(gray: np.ndarray, boxes: np.ndarray, scale: float,
                 ground: tuple[int, int, float] | None = None) -> np.ndarray:
    """Thin faint or dashed rules across the text as boxes [x0, y0, x1, y1]: a receipt's
    `- - - -` between its sections, too faint or broken to be ink (its dashes grey,
    a pixel or two apart at the analysis scale). A run of rows, RULE_THICK text heights
    thick at most, in which DASHED_COVER of the text's width or more is BAND_STEP darker
    than the paper, with paper right above and below it (a row of text has text above
    and below its middle), RULE_RUN text heights long at least. ``ground``: :func:`_paper`'s,
    when known."""
    ground = ground or _paper(gray, boxes)
    if ground is None or ground[1] - ground[0] < RULE_RUN * scale:
        return np.zeros((0, 4), dtype=np.int64)
    x0, x1, paper = ground
    dark = np.asarray(gray[:, x0:x1], dtype=np.uint8) <= paper - BAND_STEP
    cover = dark.mean(axis=1)
    thick = max(2, int(RULE_THICK * scale) + 1)
    found = []
    for top, bottom in true_runs(cover >= DASHED_COVER):
        if bottom - top > thick or top < 2 or bottom + 2 > len(cover):
            continue
        if cover[top - 2] > DASHED_PAPER or cover[bottom + 1] > DASHED_PAPER:
            continue
        # (over the page's whole width: a frame's side runs past the text to its corner;
        # pieces a text height apart are two rules, two framed pages' sides in a row)
        xs = np.flatnonzero((np.asarray(gray[top:bottom]) <= paper - BAND_STEP).any(axis=0))
        for piece in np.split(xs, np.flatnonzero(np.diff(xs) > scale) + 1):
            if piece[-1] - piece[0] >= RULE_RUN * scale:
                found.append((int(piece[0]), top, int(piece[-1]) + 1, bottom))
    return np.array(found, dtype=np.int64).reshape(-1, 4)


def _open_rules(across: np.ndarray, rules: np.ndarray, scale: float) -> np.ndarray:
    """The horizontal rules ``across`` ([x0, y0, x1, y1]) that are no frame's side:
    neither end on a vertical rule of ``rules`` ([y0, y1, x0, x1]; a frame's other
    side may be too faint to be found). A frame's sides (a transcript's four pages,
    two by two, each framed; a ruled table's grid) part panels, whose order the
    columns give; an open rule (a chart's connector across its rows of boxes, a rule
    above the footnotes) parts what is above it from what is below."""
    if not len(rules):
        return across
    reach = max(2.0, 0.5 * scale)

    def met(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return np.asarray(((x[:, None] >= rules[None, :, 2] - reach)
                           & (x[:, None] <= rules[None, :, 3] + reach)
                           & (y[:, None] >= rules[None, :, 0] - reach)
                           & (y[:, None] <= rules[None, :, 1] + reach)).any(axis=1))

    middle = (across[:, 1] + across[:, 3]) / 2.0
    framed = met(across[:, 0], middle) | met(across[:, 2], middle)
    return across[~framed]


def _cut_at(across: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """The horizontal rules ``across`` ([x0, y0, x1, y1]) cut where they cross a wrapped
    table's gap between its sides (``gaps`` [y0, y1, x0, x1], its head's top down to its
    last row): the rule under the head parts each side's head from that side's rows,
    not the next side's head from the first side's rows (each side is read whole, head
    and rows, before the next)."""
    for y0, y1, x0, x1 in gaps.tolist():
        middle = (across[:, 1] + across[:, 3]) / 2.0
        cut = (across[:, 0] < x0) & (across[:, 2] > x1) & (middle >= y0) & (middle <= y1)
        if cut.any():
            left, right = across[cut].copy(), across[cut].copy()
            left[:, 2], right[:, 0] = x0, x1
            across = np.vstack([across[~cut], left, right])
    return across


def _tall_runs(mask: np.ndarray, length: int) -> list[tuple[slice, slice]]:
    """The bounding slices of the parts of a mask that run down ``length`` rows or more
    (what survives an opening by a vertical line of that length)."""
    from scipy.ndimage import find_objects, label, maximum_filter1d, minimum_filter1d

    # (a column with fewer pixels set than that holds no such run: the opening is
    # done on the others alone, the same result in a fraction of the time)
    cols = np.flatnonzero(np.count_nonzero(mask, axis=0) >= length)
    if not len(cols):
        return []
    tall = minimum_filter1d(mask[:, cols], size=length, axis=0)
    tall = maximum_filter1d(tall, size=length, axis=0)
    full = np.zeros(mask.shape, dtype=bool)
    full[:, cols] = tall
    labels, _count = label(full)
    return [s for s in find_objects(labels) if s is not None]


def _row_pairs(mask: np.ndarray) -> np.ndarray:
    """The mask's rows two at a time (either set): a rule is tall, so half the rows find
    it as well, in half the time."""
    return np.asarray(mask[: mask.shape[0] // 2 * 2].reshape(-1, 2, mask.shape[1]).any(axis=1))


def vertical_rules(ink: np.ndarray, scale: float, gray: np.ndarray | None = None) -> np.ndarray:
    """Vertical rules of the page as rows [y0, y1, x0, x1]: thin strokes taller than a
    few lines of text (a column rule, a frame's side, a table's ruling); with the grey
    analysis image, dotted rulings too (:func:`dotted_rules`)."""
    half = _row_pairs(ink)
    length = max(4, int(round(RULE_LINES * scale / 2)))
    rules = [(2 * s[0].start, 2 * s[0].stop, s[1].start, s[1].stop)
             for s in _tall_runs(half, length) if s[1].stop - s[1].start <= max(2, 0.5 * scale)]
    found = np.array(rules, dtype=np.int64).reshape(-1, 4)
    if gray is not None:
        found = np.vstack([found, dotted_rules(gray[: ink.shape[0], : ink.shape[1]], scale)])
    return _without_texture(found, scale)


def _without_texture(rules: np.ndarray, scale: float) -> np.ndarray:
    """The vertical rules [y0, y1, x0, x1] that are not a picture's texture: a rule with
    TEXTURE_RULES others or more within TEXTURE_REACH text heights of it, rows
    overlapping, is a halftone's columns of dots or a photo's edges. (Taken for rules,
    four of them across a row beside the picture made it a ruled table's row, read
    across the column gutter: a three-column page with a halftone in its first column
    read its other two columns as one, 1,310 edits of 2,890.) A ruled table's rules
    are a cell's width apart, a double rule's two lines one other."""
    if len(rules) <= TEXTURE_RULES:
        return rules
    middle = (rules[:, 2] + rules[:, 3]) / 2.0
    close = np.abs(middle[:, None] - middle[None, :]) <= TEXTURE_REACH * scale
    meet = (np.minimum(rules[:, 1][:, None], rules[:, 1][None, :])
            - np.maximum(rules[:, 0][:, None], rules[:, 0][None, :])) > 0
    crowd = (close & meet).sum(axis=1) - 1
    return rules[crowd < TEXTURE_RULES]


def dotted_rules(gray: np.ndarray, scale: float) -> np.ndarray:
    """Dotted vertical rulings, as rows [y0, y1, x0, x1]: a table's rules printed as a
    column of dots, each too small and faint to be ink once the page is shrunk. Dots
    are pixels DOT_CONTRAST darker than the mean around them; those of one column (a
    pixel's wobble either way allowed) a row or two apart run together, and a run counts
    when it is thin, DOTTED_RUN text heights tall or more and broken (dots, not a faint
    solid line: a transcript's margin rule is no table's ruling)."""
    from scipy.ndimage import maximum_filter1d, uniform_filter

    g = np.asarray(gray, dtype=np.uint8)
    if min(g.shape) < 16:
        return np.zeros((0, 4), dtype=np.int64)
    local = uniform_filter(g, 15)
    dots = (local > g) & ((local - g) > DOT_CONTRAST)
    dots = maximum_filter1d(dots, 3, axis=1)
    half = maximum_filter1d(_row_pairs(dots), 2, axis=0)
    length = max(4, int(round(DOTTED_RUN * scale / 2)))
    rules = []
    for rows, cols in _tall_runs(half, length):
        if cols.stop - cols.start > max(4, 0.5 * scale):
            continue
        y0, y1 = 2 * rows.start, 2 * rows.stop
        if dots[y0:y1, cols].any(axis=1).mean() <= DOTTED_COVER:
            rules.append((y0, y1, cols.start, cols.stop))
    return np.array(rules, dtype=np.int64).reshape(-1, 4)


def panel_edges(gray: np.ndarray, scale: float) -> np.ndarray:
    """Vertical edges between backgrounds of different tone, as rows [y0, y1, x0, x1]:
    the sides of a screen's panels, of a shaded sidebar, of a photo. The tone each side
    is a running median (a rule or a letter's stroke does not move it), found on the page
    shrunk by two; an edge counts when it runs for several lines of text."""
    from scipy.ndimage import median_filter

    half = reduce(gray, 2).astype(np.int16)
    if min(half.shape) < 16:
        return np.zeros((0, 4), dtype=np.int64)
    reach = 4
    tone = median_filter(half, size=(1, 2 * reach - 1), mode="nearest")
    step = np.zeros(half.shape, dtype=bool)
    step[:, reach:-reach] = np.abs(tone[:, 2 * reach:] - tone[:, : -2 * reach]) >= PANEL_STEP
    length = max(4, int(round(RULE_LINES * scale / 2)))
    edges = [(2 * s[0].start, 2 * s[0].stop, 2 * s[1].start, 2 * s[1].stop)
             for s in _tall_runs(step, length)]
    return np.array(edges, dtype=np.int64).reshape(-1, 4)


def panel_gaps(gray: np.ndarray, ink: np.ndarray, scale: float,
               sides: np.ndarray | None = None) -> np.ndarray:
    """The gaps between framed panels (a screen's cards: a faint line around each, too
    faint to be ink; a flowchart's boxes: a dotted line or a rule), as rows [y0, y1,
    x0, x1]: two thin vertical lines, each a few grey levels darker than the ground
    both sides (dots a pixel or two apart: a scanned box's dotted side) or one of the
    vertical rules ``sides`` of the ink, taller than a few lines of text, side by side
    within FRAME_GAP text heights with no ink between them nor a rule across from one
    to the other. One faint line alone (a scan's fold, a margin rule beside line
    numbers) parts nothing, nor do a ruled table's rules around an empty column (its
    frame's rules run across it). A thin line may drift FRAME_SLANT of a column per row
    (a screenshot levelled by a fifth of a degree, its skew misjudged; a scan's boxes
    slanting a little)."""
    from scipy.ndimage import maximum_filter1d

    g = np.asarray(gray, dtype=np.int16)
    if g.shape[1] < 8:
        return np.zeros((0, 4), dtype=np.int64)
    line = np.zeros(g.shape, dtype=bool)
    line[:, 2:-2] = np.minimum(g[:, :-4], g[:, 4:]) - g[:, 2:-2] >= FRAME_STEP
    line &= ~ink
    length = max(4, int(round(RULE_LINES * scale)))
    frames = [(s[0].start, s[0].stop, s[1].start, s[1].stop)
              for s in _tall_runs(line, length)
              if s[1].stop - s[1].start <= 3 + FRAME_SLANT * (s[0].stop - s[0].start)]
    # dotted sides, their dots a pixel or two apart (where no solid one was found);
    # alone in their row (a shading's halftone dots are rows of such dots)
    # (looked for in the columns that hold a third of such a line at least)
    cols = np.flatnonzero(np.count_nonzero(line, axis=0) >= length // 3)
    cols = cols[(cols >= 4) & (cols < g.shape[1] - 4)]
    dotted = np.zeros(g.shape, dtype=bool)
    if len(cols):
        window = line[:, cols[:, None] + np.arange(-4, 5)[None, :]]
        alone = line[:, cols] & (np.count_nonzero(window, axis=2) <= 2)
        dotted[:, cols] = maximum_filter1d(alone, 3, axis=0) & ~ink[:, cols]
    solid = np.array(frames, dtype=np.int64).reshape(-1, 4)
    for s in _tall_runs(dotted, length):
        y0, y1, x0, x1 = s[0].start, s[0].stop, s[1].start, s[1].stop
        if x1 - x0 <= 3 and not ((solid[:, 2] <= x1 + 2) & (solid[:, 3] >= x0 - 2)
                                 & (solid[:, 0] < y1) & (solid[:, 1] > y0)).any():
            frames.append((y0, y1, x0, x1))
    faint = len(frames)
    if sides is not None:
        frames += [(int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in sides
                   if r[1] - r[0] >= length]
    gaps = []
    for a, (ay0, ay1, _ax0, ax1) in enumerate(frames):
        for b, (by0, by1, bx0, _bx1) in enumerate(frames):
            top, bottom = max(ay0, by0), min(ay1, by1)
            # side by side for a few lines of text at least (cards of a grid may be
            # staggered: the gap is where both frames run); a rule of the ink is a
            # box's side a text height or more from the next (nearer: a ruled
            # table's double rule, read across)
            near = 2 if a < faint and b < faint else max(2.0, scale)
            if not near <= bx0 - ax1 <= FRAME_GAP * scale or bottom - top < RULE_LINES * scale:
                continue
            # (nor a rule across it, a row's or the frame's that ends it: an empty
            # column of a ruled table, whose rows are read across it)
            around = ink[max(0, top - 2): bottom + 2, ax1:bx0]
            if ink[top:bottom, ax1:bx0].mean() <= 0.01 and not (
                    around.mean(axis=1) >= 0.9).any() and not _dots(line[top:bottom, ax1:bx0]):
                gaps.append((top, bottom, ax1, bx0))
    # the gaps of one column of cards, one above the other (a card ends, the next starts
    # a little lower): one gap, with no hole for a row of text to cross at
    gaps.sort(key=lambda gap: (gap[2], gap[0]))
    merged: list[tuple[int, int, int, int]] = []
    for gap in gaps:
        last = next((k for k in range(len(merged) - 1, -1, -1)
                     if abs(gap[2] - merged[k][2]) <= 2 and abs(gap[3] - merged[k][3]) <= 2),
                    None)
        if last is not None and gap[0] - merged[last][1] <= CARD_GAP * scale:
            y0, y1, x0, x1 = merged[last]
            merged[last] = (min(y0, gap[0]), max(y1, gap[1]), x0, x1)
        else:
            merged.append(gap)
    return np.array(merged, dtype=np.int64).reshape(-1, 4)


def _long_runs(mask: np.ndarray, length: int, hole: int, thick: int) -> np.ndarray:
    """The horizontal lines of a mask: runs ``length`` long or more, breaks of ``hole``
    pixels at most bridged (a scanned box's broken line), ``thick`` rows thick at most,
    bare (nothing of the mask but other such lines right above and right below) along
    half their length at least (a row of text set close is a run, with its letters
    above and below it; an org chart's line runs right above its boxes), as boxes
    [x0, y0, x1, y1]."""
    from scipy.ndimage import find_objects, label, maximum_filter1d, minimum_filter1d

    if mask.shape[1] < length:
        return np.zeros((0, 4), dtype=np.int64)
    rows = np.flatnonzero(np.count_nonzero(mask, axis=1) >= length // 2)
    if not len(rows):
        return np.zeros((0, 4), dtype=np.int64)
    closed = minimum_filter1d(maximum_filter1d(mask[rows], hole + 1, axis=1), hole + 1, axis=1)
    run = maximum_filter1d(minimum_filter1d(closed, length, axis=1), length, axis=1) & closed
    full = np.zeros(mask.shape, dtype=bool)
    full[rows] = run
    labels, _count = label(full, structure=np.ones((3, 3), dtype=bool))
    found = []
    reach = max(2, thick // 2)
    rest = mask & ~full  # (another line right above is no text)
    for s in find_objects(labels):
        if s is None or s[0].stop - s[0].start > thick:
            continue
        ys, xs = s
        above = rest[max(0, ys.start - reach): ys.start, xs].any(axis=0)
        below = rest[ys.stop: ys.stop + reach, xs].any(axis=0)
        if np.mean(~above & ~below) >= 0.5:
            found.append((xs.start, ys.start, xs.stop, ys.stop))
    return np.array(found, dtype=np.int64).reshape(-1, 4)


def _pooled(mask: np.ndarray) -> np.ndarray:
    """A mask shrunk by two each way, a pixel set where one of its four is."""
    h, w = mask.shape[0] // 2 * 2, mask.shape[1] // 2 * 2
    m = mask[:h, :w]
    return np.asarray(m[0::2, 0::2] | m[1::2, 0::2] | m[0::2, 1::2] | m[1::2, 1::2])


def _covered(sides: np.ndarray, x: float, rows: tuple[int, int], reach: float) -> float:
    """The share of the rows [y0, y1) that the lines ``sides`` [x0, y0, x1, y1] within
    ``reach`` of ``x`` run down."""
    y0, y1 = rows
    near = sides[(sides[:, 0] - reach <= x) & (sides[:, 2] + reach >= x)
                 & (sides[:, 1] < y1) & (sides[:, 3] > y0)]
    down = np.zeros(y1 - y0, dtype=bool)
    for s in near.tolist():
        down[max(0, s[1] - y0): max(0, s[3] - y0)] = True
    return float(down.mean())


def frames(gray: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray:
    """Boxes drawn round text, as [x0, y0, x1, y1]: a flowchart's or an org chart's
    boxes, a form's framed fields, a framed note. A box is a top and a bottom line of
    about one length (their ends within a text height of each other), FRAME_WIDE text
    heights long at least, the nearest such pair one above the other, FRAME_TALL text
    heights apart at most, with a line down each end covering FRAME_COVER of the rows
    between. Its lines are the ink, or thin lines FRAME_STEP darker than the ground on
    both sides (too faint to be ink), breaks of up to FRAME_HOLE text heights bridged
    (a scanned box's line in dashes). A ruled table's cells and rows, boxes side by side
    that share a side or one above the other that share a line, are no boxes: their
    rows are read across."""
    g = np.asarray(gray, dtype=np.int16)
    h, w = min(g.shape[0], ink.shape[0]), min(g.shape[1], ink.shape[1])
    g, ink = g[:h, :w], ink[:h, :w]
    if min(h, w) < 8:
        return np.zeros((0, 4), dtype=np.int64)
    across = ink.copy()
    across[2:-2] |= np.minimum(g[:-4], g[4:]) - g[2:-2] >= FRAME_STEP
    down = ink.copy()
    down[:, 2:-2] |= np.minimum(g[:, :-4], g[:, 4:]) - g[:, 2:-2] >= FRAME_STEP
    # (looked for on the masks shrunk by two, a pixel set where one of its four is: a
    # thin line stays, in a quarter of the time)
    half = scale / 2
    hole = max(1, int(round(FRAME_HOLE * half)))
    thick = max(2, int(round(RULE_THICK * half)) + 1)
    tops = 2 * _long_runs(_pooled(across), int(round(FRAME_WIDE * half)), hole, thick)
    if len(tops) < 2:
        return np.zeros((0, 4), dtype=np.int64)
    sides = 2 * _long_runs(_pooled(down).T, max(3, int(round(FRAME_SIDE * half))), hole,
                           thick)[:, [1, 0, 3, 2]]  # (back to [x0, y0, x1, y1])
    thick *= 2
    reach = max(3.0, scale)
    found = []
    for i in np.argsort(tops[:, 1], kind="stable").tolist():
        t = tops[i]
        # (the nearest line under it that runs along half of it: its box's bottom, or
        # none: a bottom farther down belongs to another box)
        overlap = np.minimum(tops[:, 2], t[2]) - np.maximum(tops[:, 0], t[0])
        below = np.flatnonzero((tops[:, 1] >= t[3] + thick) & (overlap >= 0.5 * (t[2] - t[0])))
        if not len(below):
            continue
        j = int(below[np.argmin(tops[below, 1])])
        b = tops[j]
        if not FRAME_SIDE * scale <= b[1] - t[3] <= FRAME_TALL * scale or (
                abs(b[0] - t[0]) > reach or abs(b[2] - t[2]) > reach):
            continue
        x0, x1 = min(t[0], b[0]), max(t[2], b[2])
        rows = (int(t[3]), int(b[1]))
        if min(_covered(sides, x, rows, reach) for x in (x0, x1)) >= FRAME_COVER:
            found.append((int(x0), int(t[1]), int(x1), int(b[3]), i, j))
    if not found:
        return np.zeros((0, 4), dtype=np.int64)
    pairs = np.array(found, dtype=np.int64)
    boxes = pairs[:, :4]
    # (a ruled table's cells and rows: boxes side by side that share a side, boxes one
    # above the other that share a line, the bottom of one the top of the next)
    beside = ((np.abs(boxes[:, None, 2] - boxes[None, :, 0]) <= reach)
              | (np.abs(boxes[:, None, 0] - boxes[None, :, 2]) <= reach))
    beside &= (boxes[:, None, 1] < boxes[None, :, 3]) & (boxes[:, None, 3] > boxes[None, :, 1])
    beside |= pairs[:, None, 5] == pairs[None, :, 4]
    beside |= beside.T
    np.fill_diagonal(beside, False)
    return boxes[~beside.any(axis=1)]


def _within(boxes: np.ndarray, drawn: np.ndarray, play: float) -> np.ndarray:
    """Whether each box [x0, y0, x1, y1] lies within each of the boxes ``drawn`` (``play``
    pixels' play), as a matrix boxes x drawn."""
    b, d = boxes[:, None, :], drawn[None, :, :]
    return np.asarray((b[..., 0] >= d[..., 0] - play) & (b[..., 1] >= d[..., 1] - play)
                      & (b[..., 2] <= d[..., 2] + play) & (b[..., 3] <= d[..., 3] + play))


def _boxed(boxes: np.ndarray, drawn: np.ndarray, scale: float) -> np.ndarray:
    """Per box [x0, y0, x1, y1]: the innermost of the boxes ``drawn`` round text it lies
    in (half a text height's play), -1 for none."""
    if not len(drawn) or not len(boxes):
        return np.full(len(boxes), -1, dtype=np.int64)
    inside = _within(boxes, drawn, 0.5 * scale)
    area = ((drawn[:, 2] - drawn[:, 0]) * (drawn[:, 3] - drawn[:, 1])).astype(np.float64)
    smallest = np.argmin(np.where(inside, area[None, :], np.inf), axis=1)
    return np.where(inside.any(axis=1), smallest, -1)


def _round_text(drawn: np.ndarray, boxes: np.ndarray, scale: float) -> np.ndarray:
    """Of the boxes ``drawn`` [x0, y0, x1, y1], those round text of their own: a box
    round some columns of a table (a year's quarters boxed) has its rows' cells right
    beside it, outside, within FRAME_BESIDE text heights, for half its letters or more;
    the text beside a flowchart's box stands far from it or on rows of its own.
    ``boxes``: the letters [x0, y0, x1, y1]."""
    if not len(drawn) or not len(boxes):
        return drawn
    x0, y0, x1, y1 = (boxes[:, k] for k in range(4))
    reach = FRAME_BESIDE * scale
    held = _within(boxes, drawn, 0.5 * scale)
    keep = np.ones(len(drawn), dtype=bool)
    for f, (bx0, by0, bx1, by1) in enumerate(drawn.tolist()):
        within = held[:, f]
        inside = np.flatnonzero(within)
        near = np.flatnonzero(~within & (y1 > by0) & (y0 < by1) & (
            ((x1 <= bx0 + 1) & (x1 >= bx0 - reach)) | ((x0 >= bx1 - 1) & (x0 <= bx1 + reach))))
        if not len(inside) or not len(near):
            continue
        overlap = (np.minimum(y1[inside, None], y1[None, near])
                   - np.maximum(y0[inside, None], y0[None, near]))
        low = np.minimum((y1 - y0)[inside, None], (y1 - y0)[None, near])
        keep[f] = (overlap >= 0.5 * low).any(axis=1).mean() < 0.5
    return drawn[keep]


def _on_frames(c: _Comps, drawn: np.ndarray, scale: float,
               labels: np.ndarray | None = None) -> np.ndarray:
    """Per component: whether it lies on a line of a box ``drawn`` (see :func:`frames`),
    within RULE_THICK text heights and two pixels of the box's edge either way (the box
    is found on the page shrunk by two): a piece of its broken line, a corner (a thin
    `l` or `1` beside the text inside). With the components' ``labels``, one whose
    pixels lie there all but ON_FRAME of them does too: a corner of a box drawn with a
    shadow, its side and bottom one piece (which joined the box's lines into one)."""
    out = np.zeros(len(c.y0), dtype=bool)
    t = RULE_THICK * scale + 2
    band = 2 * t  # (a shadowed box's double line is twice as thick)
    for x0, y0, x1, y1 in drawn.tolist():
        within = (c.y0 >= y0 - t) & (c.y1 <= y1 + t) & (c.x0 >= x0 - t) & (c.x1 <= x1 + t)
        out |= within & ((c.x1 <= x0 + t) | (c.x0 >= x1 - t) | (c.y1 <= y0 + t) | (c.y0 >= y1 - t))
        if labels is None:
            continue
        touch = (c.x0 <= x0 + t) | (c.x1 >= x1 - t) | (c.y0 <= y0 + t) | (c.y1 >= y1 - t)
        for k in np.flatnonzero(within & touch & ~out
                                & (np.maximum(c.h, c.w) >= 2 * scale)).tolist():
            ys, xs = slice(c.y0[k], c.y1[k]), slice(c.x0[k], c.x1[k])
            own = labels[ys, xs] == k + 1
            yy, xx = np.ogrid[ys, xs]
            edge = ((xx <= x0 + band) | (xx >= x1 - band)) | ((yy <= y0 + band) | (yy >= y1 - band))
            out[k] = (own & ~edge).sum() <= ON_FRAME * own.sum()
    return out


def _rows_of(boxes: np.ndarray) -> list[list[int]]:
    """Fragments [y0, y1, x0, x1] in rows, top down: a fragment joins the row above it
    when it overlaps that row's last fragment by half the smaller height."""
    rows: list[list[int]] = []
    for k in np.argsort((boxes[:, 0] + boxes[:, 1]) / 2.0, kind="stable").tolist():
        if rows:
            last = boxes[rows[-1][-1]]
            overlap = min(last[1], boxes[k, 1]) - max(last[0], boxes[k, 0])
            if overlap >= 0.5 * min(last[1] - last[0], boxes[k, 1] - boxes[k, 0]):
                rows[-1].append(k)
                continue
        rows.append([k])
    return rows


def _alike(ink: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """How alike the ink of two fragments [y0, y1, x0, x1] is: the best overlap (ink in
    both over ink in either) of their inks, trimmed, over shifts of two pixels."""
    def trimmed(box: np.ndarray) -> np.ndarray:
        own = ink[box[0]:box[1], box[2]:box[3]]
        ys, xs = np.nonzero(own)
        if not len(ys):
            return np.zeros((1, 1), dtype=bool)
        return own[ys.min():ys.max() + 1, xs.min():xs.max() + 1]

    p, q = trimmed(a), trimmed(b)
    if abs(p.shape[1] - q.shape[1]) > 0.1 * max(p.shape[1], q.shape[1]) + 2:
        return 0.0
    h, w = max(p.shape[0], q.shape[0]) + 4, max(p.shape[1], q.shape[1]) + 4
    base = np.zeros((h, w), dtype=bool)
    base[2:2 + p.shape[0], 2:2 + p.shape[1]] = p
    best = 0.0
    for dy in range(5):
        for dx in range(5):
            moved = np.zeros((h, w), dtype=bool)
            moved[dy:dy + q.shape[0], dx:dx + q.shape[1]] = q[:h - dy, :w - dx]
            best = max(best, float((base & moved).sum()) / max(float((base | moved).sum()), 1.0))
    return best


def _repeats(ink: np.ndarray, boxes: np.ndarray, sides: list[list[int]]) -> bool:
    """Whether each word of the first side is like the one at its place on every other."""
    return all(_alike(ink, boxes[sides[0][i]], boxes[side[i]]) >= WRAP_ALIKE
               for side in sides[1:] for i in range(len(sides[0])))


def _wrapped_tables(boxes: np.ndarray, ink: np.ndarray, scale: float) -> np.ndarray:
    """The gaps [y0, y1, x0, x1] between the sides of a table wrapped into two or three
    side by side to save paper (`Part No.  Table No.  Part No.  Table No.`, a parts list):
    read across, its rows run two items together. Its head repeats: a row of two words
    or more per side, each word's ink like the one's at its place on the next side
    (WRAP_ALIKE), the words of one side unlike each other (years across a table's head
    are alike: that table is not wrapped), at the same spacing, and the next row of as
    many words not so (data alike side to side, row after row, is read across); under
    it, WRAP_ROWS rows or more with words on every side and none across the point
    between the sides. The
    gap runs from the head down the last such row: each side is read as a table of its
    own, the first before the next, as the wrapped table's reader reads it."""
    gaps: list[tuple[int, int, int, int]] = []
    if len(boxes) < 8:
        return np.zeros((0, 4), dtype=np.int64)
    h = boxes[:, 1] - boxes[:, 0]
    sized = np.flatnonzero(((boxes[:, 3] - boxes[:, 2]) >= 0.5 * scale) & (h >= 0.5 * scale)
                           & (h <= 1.6 * scale))  # (words: no rules, specks, margins)
    rows = [[int(sized[k]) for k in row] for row in _rows_of(boxes[sized])]
    for r, row in enumerate(rows):
        words = sorted(row, key=lambda k: boxes[k, 2])
        m = len(words)
        for period in range(2, m // 2 + 1):
            if m % period:
                continue
            sides = [words[i:i + period] for i in range(0, m, period)]
            step = boxes[sides[1][0], 2] - boxes[sides[0][0], 2]
            if not all(abs((boxes[side[i], 2] - boxes[sides[0][i], 2]) - n * step) <= scale
                       for n, side in enumerate(sides) for i in range(period)):
                continue
            if not _repeats(ink, boxes, sides):
                continue
            if any(_alike(ink, boxes[sides[0][i]], boxes[sides[0][j]]) >= WRAP_ALIKE
                   for i in range(period) for j in range(i + 1, period)):
                continue
            # (nor does the next row of as many words repeat: a row of data alike side to
            # side, `$ 12.5  $ 12.6`, row after row, is a table read across, no head)
            after = next((sorted(under, key=lambda k: boxes[k, 2]) for under in rows[r + 1:]
                          if len(under) == m), None)
            if after is not None and _repeats(ink, boxes, [after[i:i + period]
                                                          for i in range(0, m, period)]):
                continue
            cuts = [(boxes[a[-1], 3] + boxes[b[0], 2]) / 2.0
                    for a, b in zip(sides, sides[1:], strict=False)]
            left, right = boxes[sides[0][0], 2] - scale, boxes[sides[-1][-1], 3] + scale
            bottom, body, last = None, 0, int(boxes[row, 1].max())
            bounds = [left, *cuts, right]
            for under in rows[r + 1:]:
                below = np.array(under, dtype=np.int64)
                xs0, xs1 = boxes[below, 2], boxes[below, 3]
                inside = (xs1 > left) & (xs0 < right)
                if not inside.any():
                    continue
                if any(((xs0[inside] < c) & (xs1[inside] > c)).any() for c in cuts) or (
                        boxes[below, 0].min() - last > WRAP_GAP * scale):
                    break  # (a line across the point between two sides: the table ends)
                middle = (xs0 + xs1) / 2
                body += all(((middle > a) & (middle < b)).any()
                            for a, b in zip(bounds, bounds[1:], strict=False))
                last = bottom = int(boxes[below[inside], 1].max())
            if bottom is not None and body >= WRAP_ROWS:
                top = int(boxes[row, 0].min())
                gaps += [(top, bottom, int(c) - 1, int(c) + 1) for c in cuts]
            break
    return np.array(gaps, dtype=np.int64).reshape(-1, 4)


def _ruled(rules: np.ndarray, boxes: np.ndarray, a: int, b: int) -> bool:
    """Whether a vertical rule stands between fragments a and b, beside both (its middle
    between them: a panel's edge is found a few pixels wide, into a mark beside it)."""
    if not len(rules):
        return False
    top = min(boxes[a, 0], boxes[b, 0])
    bottom = max(boxes[a, 1], boxes[b, 1])
    middle = (rules[:, 2] + rules[:, 3]) / 2.0
    between = (middle >= boxes[a, 3]) & (middle <= boxes[b, 2])
    return bool((between & (rules[:, 0] <= top) & (rules[:, 1] >= bottom)).any())


def _on_edge(edges: np.ndarray, boxes: np.ndarray, a: int) -> bool:
    """Whether fragment a [y0, y1, x0, x1] lies on a panel's edge (``edges``, the same
    way round): within its width, beside its rows for half its height at least."""
    if not len(edges):
        return False
    y0, y1, x0, x1 = boxes[a].tolist()
    overlap = np.minimum(edges[:, 1], y1) - np.maximum(edges[:, 0], y0)
    inside = (edges[:, 2] <= x0) & (edges[:, 3] >= x1)
    return bool((inside & (overlap >= 0.5 * (y1 - y0))).any())


def _grid_row(rules: np.ndarray, boxes: np.ndarray, a: int, b: int) -> bool:
    """Whether the row of fragments a and b is crossed by GRID_RULES vertical rules or
    more: a ruled table (rules between all its columns), whose rules part cells, not
    columns of text."""
    top = min(boxes[a, 0], boxes[b, 0])
    bottom = max(boxes[a, 1], boxes[b, 1])
    return int(((rules[:, 0] <= top) & (rules[:, 1] >= bottom)).sum()) >= GRID_RULES


def _across_gutters(
    boxes: np.ndarray, runs: tuple[np.ndarray, np.ndarray], rules: np.ndarray,
    pairs: list[tuple[int, int]], scale: float, walls: np.ndarray | None = None,
    right: np.ndarray | None = None, spread: np.ndarray | None = None,
) -> list[tuple[int, int]]:
    """Of the wide gaps between neighbours in a row, those to bridge. A gap is judged
    with the gaps above and below it that line up with it (their strips overlap in x,
    rows close): one column gutter seen row after row. A paragraph's short last line
    beside a column gutter is thus split like its neighbours, and a table's aligned
    cells are joined like theirs (``right``: per fragment, its neighbour to the right in
    its row, -1 none; see :func:`_table_column`). ``spread``: per fragment, whether its
    gap may be a spread line's word gap (:func:`_spread_gaps`): it votes with
    SPREAD_ROWS lines on each side, not GUTTER_ROWS."""
    if not pairs:
        return []
    union = _Union(len(pairs))
    strips = np.array([(boxes[a, 3], boxes[b, 2], min(boxes[a, 0], boxes[b, 0]),
                        max(boxes[a, 1], boxes[b, 1])) for a, b in pairs], dtype=np.float64)
    order = np.argsort(strips[:, 2], kind="stable")
    for i_pos, i in enumerate(order.tolist()):
        for j in order[i_pos + 1:].tolist():
            if strips[j, 2] - strips[i, 3] > 3 * max(scale, strips[i, 3] - strips[i, 2]):
                break
            overlap = min(strips[i, 1], strips[j, 1]) - max(strips[i, 0], strips[j, 0])
            narrow = min(strips[i, 1] - strips[i, 0], strips[j, 1] - strips[j, 0])
            # ... and they end where the same column starts: a long strip (a line
            # that stops early, a heading's end) must not tie together gaps of other
            # columns and of a table's cells, which it overlaps all at once
            wide = max(strips[i, 1] - strips[i, 0], strips[j, 1] - strips[j, 0])
            aligned = abs(strips[i, 1] - strips[j, 1]) <= ALIGNED * scale
            if overlap >= 0.5 * narrow and (aligned or wide <= 2 * narrow):
                union.join(i, j)
    clusters: dict[int, list[int]] = {}
    for k in range(len(pairs)):
        clusters.setdefault(union.find(k), []).append(k)
    split = np.zeros(len(pairs), dtype=bool)
    strong = np.zeros(len(pairs), dtype=bool)  # (split by GUTTER_ROWS votes or more)
    for members in clusters.values():
        ruled = [_ruled(rules, boxes, *pairs[k]) for k in members]
        votes = [_vote(boxes, runs, rules, pairs[k], r, scale, walls,
                       SPREAD_ROWS if spread is not None and spread[pairs[k][0]] else 0)
                 for k, r in zip(members, ruled, strict=True)]
        cast = [v for v in votes if v is not None]  # (a short line's gap abstains)
        if len(members) >= GUTTER_ROWS:
            # (a rule down the gap, text running to it on the left: two columns, however
            # short what starts on the right, a transcript's line numbers)
            split[members] = bool(cast) and sum(cast) >= 0.5 * len(cast) and (
                sum(ruled) >= 0.5 * len(members) or not _table_column(
                    strips[members], [pairs[k] for k in members], boxes, runs, scale, right))
            if split[members[0]]:  # (the gaps chained to it that miss it are not it)
                split[members] = _on_gutter(strips[members], votes, scale)
            strong[members] = split[members]
        else:
            split[members] = bool(cast) and all(cast)
    # a gap that holds a column gutter found in the rows next to it (a line that stops
    # early, beside a banner or a picture the page has no text in) is split with it;
    # and so on, row after row, along the gutter (as narrow as it was found): a column
    # runs on past the rows where the text beside it voted. A gutter that GUTTER_ROWS
    # rows or more voted for runs on as far as no text crosses its middle, across a
    # figure's rows too, where no gap voted (a table's row beside a chart's labels); a
    # line that only reaches into it (a heading of the next column set a little left of
    # its lines, a photo's column slanting, a ragged line a little long) does not end it
    core = strips[:, :2].copy()
    middle = core.mean(axis=1)
    bands = _blank_bands(boxes, scale) if strong.any() else np.zeros((0, 2))
    clear = np.array([_unbroken(bands, strips[k, 2:], _clear_rows(
        boxes, middle[k], middle[k], *strips[k, 2:])) if strong[k] else (0, 0)
        for k in range(len(pairs))], dtype=np.float64).reshape(-1, 2)
    found = split.copy()
    first = True
    while found.any():
        gutters = np.flatnonzero(found)
        found = np.zeros(len(pairs), dtype=bool)
        for k in np.flatnonzero(~split).tolist():
            x0, x1, y0, y1 = strips[k]
            reach = 3 * max(scale, y1 - y0)
            inside = (core[gutters, 0] >= x0 - 0.5 * scale) & (core[gutters, 1] <= x1 + 0.5 * scale)
            near = (strips[gutters, 2] < y1 + reach) & (strips[gutters, 3] > y0 - reach)
            near |= (clear[gutters, 0] <= y0) & (clear[gutters, 1] >= y1)
            if not first:  # (farther on, not a label's gap to its value far right)
                inside &= x1 - x0 <= core[gutters, 1] - core[gutters, 0] + 1.5 * TEXT_RUN * scale
            hit = np.flatnonzero(inside & near)
            if len(hit):
                found[k] = True
                core[k] = core[gutters[hit[0]]]
                clear[k] = clear[gutters[hit[0]]]
        split |= found
        first = False
    return [pairs[k] for k in np.flatnonzero(~split).tolist()]


def _blank_bands(boxes: np.ndarray, scale: float) -> np.ndarray:
    """The blank bands across the page (no text, BLANK_BAND text heights or taller), top
    to bottom: [the bottom of the text above, the top of the text below]."""
    spans = boxes[:, :2].astype(np.float64)
    spans = spans[np.argsort(spans[:, 0], kind="stable")]
    ends = np.maximum.accumulate(spans[:, 1])
    blank = spans[1:, 0] - ends[:-1] >= BLANK_BAND * scale
    return np.stack([ends[:-1][blank], spans[1:, 0][blank]], axis=1)


def _unbroken(bands: np.ndarray, rows: np.ndarray, clear: tuple[float, float]
              ) -> tuple[float, float]:
    """The rows ``clear`` a gutter's strip (found at ``rows``) runs on through, up to
    the nearest blank band across the page above it (``bands``: see
    :func:`_blank_bands`): a heading set far above two columns, its wide word gap over
    their gutter, is no part of them. (Down the page it runs on: a report's footer, its
    name at the left and its page number far right, is two lines.)"""
    top, bottom = clear
    above = bands[bands[:, 0] <= rows[0]]
    if len(above):
        top = max(top, float(above[-1, 1]) - 1.0)
    return top, bottom


def _on_gutter(strips: np.ndarray, votes: list[bool | None], scale: float) -> np.ndarray:
    """Of a cluster of gaps voted a column gutter, those that hold it: the gaps that
    voted for it, and those that overlap half its width or more (a short line's wide
    gap beside it). A gutter is where GUTTER_ROWS or more of the gaps that voted end
    where one column starts, between the medians of their ends. Gaps overlapping one
    another half-way chain a sidebar's gaps between its labels and its right-aligned
    values (which cannot tell or vote no) to the gutter beside the sidebar through a
    gap as wide as both; they miss that gutter."""
    voted = np.array([v is True for v in votes])
    yes = strips[voted]
    column = np.abs(yes[:, None, 1] - yes[None, :, 1]) <= ALIGNED * scale
    gutters = np.array([np.median(yes[c], axis=0) for c in column if c.sum() >= GUTTER_ROWS])
    if not len(gutters):
        return np.ones(len(strips), dtype=bool)
    overlap = (np.minimum(gutters[None, :, 1], strips[:, None, 1])
               - np.maximum(gutters[None, :, 0], strips[:, None, 0]))
    narrow = np.minimum((gutters[:, 1] - gutters[:, 0])[None, :],
                        (strips[:, 1] - strips[:, 0])[:, None])
    return voted | (overlap >= 0.5 * narrow).any(axis=1)


def _vote(boxes: np.ndarray, runs: tuple[np.ndarray, np.ndarray], rules: np.ndarray,
          pair: tuple[int, int], ruled: bool, scale: float,
          walls: np.ndarray | None = None, rows: int = 0) -> bool | None:
    """One gap's vote for a column gutter (None: it cannot tell); ``ruled``: a vertical
    rule stands in it."""
    if _grid_row(rules, boxes, *pair):
        return False  # a ruled table's rows are read across its rules, however long its cells
    a, b = pair
    if max(boxes[a, 1] - boxes[a, 0], boxes[b, 1] - boxes[b, 0]) < DASH_HEIGHT * scale:
        return None  # (the gaps of a dashed rule, of dot leaders: they cannot tell)
    if ruled and _is_gutter(boxes, runs, *pair, scale, rows=1, walls=walls):
        return True
    return _is_gutter(boxes, runs, *pair, scale, rows=rows, walls=walls)


def _table_column(strips: np.ndarray, pairs: list[tuple[int, int]], boxes: np.ndarray,
                  runs: tuple[np.ndarray, np.ndarray], scale: float,
                  right: np.ndarray | None = None) -> bool:
    """Whether gaps that line up are those after a table's first column of long text
    (names and titles, then phone numbers and e-mails: a table reads row by row) rather
    than a column gutter: what starts on the right is much shorter than the text on the
    left (cells, not a column of running text as wide as the left one), and either the
    text on the left stops anywhere (a text column fills its width, up to a word or two)
    or most rows hold more cells after it, past a gap wider than a justified line's
    word gaps (a table's names of about one length, then a rating, then a price: a
    short list beside a column has nothing after its items). Not where the text on the
    left runs on past the gaps' rows as a column (see :func:`_column_runs_on`; ``right``:
    per fragment, its neighbour to the right in its row, -1 none)."""
    if right is not None and _column_runs_on(strips, pairs, boxes, runs, right, scale):
        return False
    # (judged on the gaps of about the usual width: a heading or a short last line that
    # ends far from the column's edge says nothing of how the column's lines end)
    widths = strips[:, 1] - strips[:, 0]
    ends = strips[widths <= 3 * np.median(widths), 0]
    ragged = float(np.percentile(ends, 75) - np.percentile(ends, 25)) > RAGGED * scale
    left = np.array([a for a, _b in pairs])
    right = np.array([b for _a, b in pairs])
    ending = float(np.median(boxes[left, 3] - runs[0][left]))
    starts = runs[1][right] - boxes[right, 2]
    # (... in most rows; where TEXT_BESIDE of them start a line as long, the text is a
    # column, and a table begins beside it further down: a ragged column's lines)
    if (float(np.median(starts)) >= SHORTER * ending
            or np.mean(starts >= SHORTER * ending) >= TEXT_BESIDE):
        return False
    if ragged:
        return True
    ends = runs[1][right][:, None] + WIDE_GAP * scale  # (not a justified line's spaces)
    overlap = (np.minimum(boxes[None, :, 1], boxes[right, 1][:, None])
               - np.maximum(boxes[None, :, 0], boxes[right, 0][:, None]))
    tall = (boxes[right, 1] - boxes[right, 0])[:, None]
    after = (boxes[None, :, 2] > ends) & (overlap >= 0.5 * tall)
    return bool(after.any(axis=1).mean() > 0.5)


def _column_runs_on(strips: np.ndarray, pairs: list[tuple[int, int]], boxes: np.ndarray,
                    runs: tuple[np.ndarray, np.ndarray], right: np.ndarray, scale: float
                    ) -> bool:
    """Whether the text left of gaps that line up (``strips`` [x0, x1, y0, y1] of the
    gaps between ``pairs``) is a column of running text that runs on past their rows:
    GUTTER_ROWS lines or more within 2 * GUTTER_ROWS of their lines' heights above or
    below them (or between them, unpaired, alone in their rows) start where its lines
    start and end where they end (as ragged as a column's), TEXT_RUN text heights long
    at least (lines, from where they start: :func:`_line_starts`, not runs, which a
    typewriter's spread spaces break, seed 2021 scan_040), with nothing right of them
    in their rows before where the cells start (``right``: per fragment, its neighbour
    there; -1 none). A table's first column stops where its rows do; a paragraph beside
    a table's rows goes on beside a picture or nothing (a table's short cells beside its
    justified lines, rows paired, were taken for a table's first column and its rows
    joined: seed 2016 scan_020 and scan_028, a halftone's specks beside the paragraph's
    later lines). Or the text right of the gaps is a column's: GUTTER_ROWS lines as near
    above or below them, TEXT_RUN long, nothing left of them (but a picture's speck: no
    run of text), start where the cells do (a table at the top of the right column
    beside a paragraph, a list and running text above and below it: seed 2017
    scan_008, seed 2010 photo_015)."""
    left = np.array([a for a, _b in pairs])
    edge = float(runs[0][left].min())
    start = float(np.median(_line_starts(boxes, left, edge, scale)))
    end = float(np.median(strips[:, 0]))
    top, bottom = float(strips[:, 2].min()), float(strips[:, 3].max())
    line_h = float(np.median(strips[:, 3] - strips[:, 2]))
    reach = 2 * GUTTER_ROWS * line_h
    y0, y1, x1 = boxes[:, 0], boxes[:, 1], boxes[:, 3]
    cy = (y0 + y1) / 2.0
    near = ((cy < top) & (cy > top - reach)) | ((cy > bottom) & (cy < bottom + reach))
    # (nothing beside them, or nothing before where the cells start: a picture's speck)
    cells = np.array([b for _a, b in pairs])
    begin = float(np.median(boxes[cells, 2]))
    free = (right < 0) | (boxes[np.maximum(right, 0), 2] >= begin - ALIGNED * scale)
    # (and the lines between the rows that stand alone: no row of the table)
    paired = np.zeros(len(boxes), dtype=bool)
    paired[left] = True
    near |= (cy >= top) & (cy <= bottom) & ~paired & (right < 0)
    on = free & (x1 <= end + ALIGNED * scale) & (x1 >= end - RAGGED * scale) & near
    lines = np.flatnonzero(on)
    begins = _line_starts(boxes, lines, edge, scale)
    on[lines] = ((np.abs(begins - start) <= ALIGNED * scale)
                 & (x1[lines] - begins >= TEXT_RUN * scale))
    if on.sum() >= GUTTER_ROWS:
        return True
    # ... or the text right of them starts where a column's running lines start, above
    # or below them, with nothing left of those (a table's cells there start a column)
    led = np.zeros(len(boxes), dtype=bool)  # (by text: a picture's speck leads none)
    lead = np.flatnonzero((right >= 0) & (boxes[:, 3] - runs[0] >= TEXT_RUN * scale))
    led[right[lead]] = True
    beside = ((~led) & (np.abs(boxes[:, 2] - begin) <= ALIGNED * scale)
              & (runs[1] - boxes[:, 2] >= TEXT_RUN * scale) & near)
    return bool(beside.sum() >= GUTTER_ROWS)


def _interrupted(boxes: np.ndarray, a: int, b: int) -> bool:
    """Whether other text stands in the gap between fragments a and b of one row (the
    lines of a column between, on baselines of their own): then a and b are not one
    line, whatever the gap. Marks (shorter than INTERRUPT_TALL of the row's letters and
    narrower than half their height: a colon, a speck, a sliver of a faint italic letter
    of the row itself) do not count."""
    y0, y1, x0, x1 = boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]
    top, bottom = min(y0[a], y0[b]), max(y1[a], y1[b])
    inside = (x0 >= x1[a]) & (x1 <= x0[b]) & (y1 > top) & (y0 < bottom)
    # ... text, not a mark: the colon between a receipt's label and its amount, a
    # leader's dots, a speck are part of the row
    small = min(y1[a] - y0[a], y1[b] - y0[b])
    inside &= ((y1 - y0) >= INTERRUPT_TALL * small) | ((x1 - x0) >= 0.5 * small)
    return bool(inside.any())


def _open_gap(boxes: np.ndarray, a: int, b: int) -> float:
    """The width of the gap between fragments a and b of one row [y0, y1, x0, x1]: its
    widest stretch with no ink, the marks that stand in it in the row's rows (too small
    to be the row's fragments: a word's closing quote, `type="string" offset`) counted
    as ink."""
    start, stop = int(boxes[a, 3]), int(boxes[b, 2])
    if stop - start <= 0:
        return float(stop - start)
    top, bottom = min(boxes[a, 0], boxes[b, 0]), max(boxes[a, 1], boxes[b, 1])
    inside = np.flatnonzero((boxes[:, 2] >= start) & (boxes[:, 3] <= stop)
                            & (boxes[:, 0] >= top) & (boxes[:, 1] <= bottom))
    if not len(inside):
        return float(stop - start)
    marks = boxes[inside][np.argsort(boxes[inside, 2], kind="stable")]
    ends = np.maximum.accumulate(np.concatenate([[start], marks[:, 3]]))
    return float(np.max(np.concatenate([marks[:, 2], [stop]]) - ends))


def _join_rows(boxes: np.ndarray, scale: float, gutters: bool = True,
               rules: Callable[[], np.ndarray] | None = None,
               edges: Callable[[], np.ndarray] | None = None,
               wraps: Callable[[], np.ndarray] | None = None,
               zones: np.ndarray | None = None) -> list[list[int]]:
    """Fragments in one row joined into lines, except across column gutters, across a
    vertical rule with running text on its left (table rulings, with figures beside
    them, are read across) and between ``zones`` (per fragment: the box drawn round it,
    -1 for none; see :func:`_boxed`)."""
    n = len(boxes)
    if n == 0:
        return []
    union = _Union(n)
    right = _neighbours(boxes, scale)
    if zones is not None:  # (a box's text and what is beside it are never one line)
        right[(right >= 0) & (zones != zones[np.maximum(right, 0)])] = -1
    runs = _runs(boxes, right, RUN_GAP * scale)
    pairs = [(a, int(right[a])) for a in range(n) if right[a] >= 0]
    wide = [(a, b) for a, b in pairs
            if gutters and boxes[b, 2] - boxes[a, 3] > MIN_GUTTER * scale
            and _open_gap(boxes, a, b) > MIN_GUTTER * scale]
    # the separators are looked for only where a gap needs judging (most field images
    # have none: their time goes to reading, not to layout)
    panel = edges() if wide and edges is not None else np.zeros((0, 4), dtype=np.int64)
    ruling = rules() if wide and rules is not None else np.zeros((0, 4), dtype=np.int64)
    walls = np.vstack([ruling, panel]) if len(ruling) and len(panel) else (
        ruling if len(ruling) else panel)
    ruling = _unpaired(ruling, panel)
    wrapped = wraps() if wide and wraps is not None else np.zeros((0, 4), dtype=np.int64)
    judged: list[tuple[int, int]] = []
    for a, b in pairs:
        if (a, b) not in wide:
            union.join(a, b)
        elif _interrupted(boxes, a, b) or _ruled(wrapped, boxes, a, b):
            continue  # (nor across a wrapped table's sides)
        elif _on_edge(panel, boxes, a) or _on_edge(panel, boxes, b):
            continue  # (a piece of a panel's edge, its rounded corner: no text)
        # text on two panels is never one line; but a ruled table's shaded column is
        # no panel: its rows are read across it (a rule beside the shading, in the gap)
        elif not _ruled(panel, boxes, a, b) or (
                _ruled(ruling, boxes, a, b) and _grid_row(ruling, boxes, a, b)):
            judged.append((a, b))
    partnered = np.zeros(n, dtype=bool)  # (fragments with one on their left in their row)
    partnered[right[right >= 0]] = True
    spread = _spread_gaps(boxes, right, scale) if judged else None  # (none to judge: no cost)
    for a, b in _across_gutters(boxes, runs, ruling, judged, scale, walls, right, spread):
        if not _lone_partner(boxes, partnered, a, b, scale):
            union.join(a, b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(union.find(i), []).append(i)
    return list(groups.values())


def _lone_partner(boxes: np.ndarray, partnered: np.ndarray, a: int, b: int, scale: float
                  ) -> bool:
    """Whether the fragment right of a wide gap starts a column of text whose other lines,
    LONE_ROWS or more right above and below it, have nothing on their left (are not
    ``partnered``: no fragment's right neighbour): then the fragment left of the gap is
    in that row by chance, a taller heading of the next column over beside a line of
    this one whose lines are set on another pitch, and is not its partner. A table's
    cells, a receipt's amounts, have their rows' labels on their left, row after row."""
    y0, y1, x0 = boxes[:, 0], boxes[:, 1], boxes[:, 2]
    height = max(float(y1[b] - y0[b]), 1.0)
    if y1[a] - y0[a] < LONE_TALLER * height:
        return False
    mates = ((np.abs(x0 - x0[b]) <= scale) & ((y1 <= y0[b]) | (y0 >= y1[b]))
             & (y1 > y0[b] - LONE_REACH * height) & (y0 < y1[b] + LONE_REACH * height))
    mates[b] = False
    found = np.flatnonzero(mates)
    return len(found) >= LONE_ROWS and not partnered[found].any()


def reading_order(boxes: np.ndarray, weak: np.ndarray | None = None,
                  rules: np.ndarray | None = None) -> list[int]:
    """Indices of the boxes [x0, y0, x1, y1] in reading order: ocropy's partial order
    (above and overlapping in x; or left of, with no box between them spanning both)
    and a topological sort, ties broken top to bottom. A ``weak`` box (True) spans
    nothing: it separates no two others. ``rules`` (boxes of horizontal rules) separate
    as a box does, and are not read: a rule across a grid of boxes (a chart's
    connectors) has its rows read one after the other, as a heading across columns
    does (see :func:`_open_rules` for the rules that are no frame's sides)."""
    n = len(boxes)
    if n <= 1:
        return list(range(n))
    feet = _feet(boxes)
    if feet:  # (read after everything else)
        rest = np.array([k for k in range(n) if k not in feet], dtype=np.int64)
        order = reading_order(boxes[rest], None if weak is None else weak[rest], rules)
        return [int(rest[k]) for k in order] + feet
    heads = _heads(boxes)
    if heads:
        rest = np.array([k for k in range(n) if k not in heads], dtype=np.int64)
        if not len(rest):
            return heads
        order = reading_order(boxes[rest], None if weak is None else weak[rest], rules)
        return heads + [int(rest[k]) for k in order]
    islands = _islands(boxes)
    cuts = _cuts(boxes)
    if len(cuts):
        islands = np.vstack([islands, cuts])
    if len(islands):
        rules = islands if rules is None or not len(rules) else np.vstack([rules, islands])
    x0, y0, x1, y1 = (boxes[:, k].astype(np.float64) for k in range(4))
    # (two lines that overlap by READ_OVERHANG of the narrower at most, a line that
    # starts a little way into the column on its left, having taken in the end of a
    # word of the line beside it, are side by side: not above or below each other,
    # and neither spans the other's column)
    slack = READ_OVERHANG * np.minimum((x1 - x0)[:, None], (x1 - x0)[None, :])
    xo = (x0[:, None] < x1[None, :] - slack) & (x1[:, None] - slack > x0[None, :])
    above = y0[:, None] < y0[None, :]
    left = x1[:, None] - slack <= x0[None, :]
    separated = np.zeros((n, n), dtype=bool)
    lo = np.minimum(y0[:, None], y0[None, :])
    hi = np.maximum(y1[:, None], y1[None, :])
    spanning = [(w, boxes[w]) for w in range(n) if weak is None or not weak[w]]
    if rules is not None:
        spanning += [(-1, r) for r in rules]
    for w, (wx0, wy0, wx1, wy1) in spanning:
        reach = READ_OVERHANG * np.minimum(float(wx1 - wx0), x1 - x0)
        spans = (wx0 < (x1 - reach)[:, None]) & ((wx1 - reach)[None, :] > x0[None, :])
        between = (wy1 >= lo) & (wy0 <= hi)
        s = spans & between
        if w >= 0:
            s[w, :] = False
            s[:, w] = False
        separated |= s
    before = np.where(xo, above, left & ~separated)
    np.fill_diagonal(before, False)
    for v in _row_cells(boxes, xo, left):
        # (a table's cell that spans two rows of the columns left of it is read with
        # the upper row: the rows under its middle come after it)
        lower = left[:, v] & ((y0 + y1) > (y0[v] + y1[v]))
        before[lower, v] = False
        before[v, lower] = True
    start = sorted(range(n), key=lambda k: (y0[k], x0[k]))
    visited = np.zeros(n, dtype=bool)
    result: list[int] = []
    for k in start:  # depth-first: every predecessor before the line itself
        if visited[k]:
            continue
        stack = [(k, iter(sorted(np.flatnonzero(before[:, k]).tolist(),
                                 key=lambda j: (y0[j], x0[j]))))]
        visited[k] = True
        while stack:
            node, preds = stack[-1]
            nxt = next((p for p in preds if not visited[p]), None)
            if nxt is None:
                stack.pop()
                result.append(node)
                continue
            visited[nxt] = True
            stack.append((nxt, iter(sorted(np.flatnonzero(before[:, nxt]).tolist(),
                                           key=lambda j: (y0[j], x0[j])))))
    return result


def _islands(boxes: np.ndarray) -> np.ndarray:
    """Bands across the page [x0, y0, x1, y1] at the rows of a block standing right of
    the text above and below it, alone in its rows (a code listing's note indented far
    right, `FLAGS in rest:` under the line it belongs to): the partial order reads it
    after the whole column on its left, as if it began a column; XY-cut, a cut across
    the page above it and below it, reads it in its place. A block is lines one above
    the other within ISLAND_GAP of their heights, overlapping in x; the lines right
    above and right below it (the nearest ones, any x) end left of where it starts, and
    no line but its own shares its rows. A column beside another has lines of the
    other column in its rows, or lines of its own above or below it within ISLAND_REACH
    of their heights (a paragraph's, after a gap). A line lower than ISLAND_LOW of the
    page's lines (a rule's end taken for one, a halftone picture's lower edge) or a
    block with no line three heights long (a speck at the paper's edge) is none."""
    n = len(boxes)
    if n < 3:
        return np.zeros((0, 4), dtype=np.int64)
    x0, y0, x1, y1 = (boxes[:, k].astype(np.float64) for k in range(4))
    h = np.maximum(y1 - y0, 1.0)
    xo = (x0[:, None] < x1[None, :]) & (x1[:, None] > x0[None, :])
    gap = np.maximum(y0[:, None] - y1[None, :], y0[None, :] - y1[:, None])
    near = xo & (gap <= ISLAND_GAP * np.minimum(h[:, None], h[None, :]))
    union = _Union(n)
    for a, b in zip(*np.nonzero(np.triu(near, 1)), strict=True):
        union.join(int(a), int(b))
    blocks: dict[int, list[int]] = {}
    for k in range(n):
        blocks.setdefault(union.find(k), []).append(k)
    bands = []
    typical = float(np.median(h))
    for members in blocks.values():
        inside = np.zeros(n, dtype=bool)
        inside[members] = True
        top, bottom = y0[members].min(), y1[members].max()
        left, right = x0[members].min(), x1[members].max()
        if h[members].min() < ISLAND_LOW * typical or (
                (x1 - x0)[members].max() < 3 * h[members].max()):
            continue  # (a rule's end, a speck, a picture's edge: no text)
        if ((y0[~inside] < bottom) & (y1[~inside] > top)).any():
            continue  # (another line shares its rows)
        reach = ISLAND_REACH * float(h[members].max())
        column = ~inside & (x0 < right) & (x1 > left)
        if (column & (y1 > top - reach) & (y0 < bottom + reach)).any():
            continue
        up = np.flatnonzero(~inside & (y1 <= top))
        down = np.flatnonzero(~inside & (y0 >= bottom))
        if not len(up) or not len(down):
            continue
        nearest = [up[np.argmax(y1[up])], down[np.argmin(y0[down])]]
        if all(x1[k] <= left for k in nearest):
            bands.append((int(x0.min()), int(top), int(x1.max()), int(bottom)))
    return np.array(bands, dtype=np.int64).reshape(-1, 4)


def _cuts(boxes: np.ndarray) -> np.ndarray:
    """Bands across the page [x0, y0, x1, y1] where every column breaks at once, one of
    them after a hole (XY-cut's cut across the page): a research note's bullets beside
    its key figures, then its table beside its chart; the partial order read the whole
    left column (bullets, table) before the right one. Such a band is a row of paper
    across the whole page, with two or more columns' first lines below it (see
    :func:`_column_breaks`), each CUT_GAP of its height under the nearest line above it
    in its column, and one CUT_HOLE under it (its column ended long before: the
    staggered cards of a screen, each column breaking alike, are no cut; two columns of
    an article breaking in the same row neither)."""
    return _bands_of([band for band, gaps in _column_breaks(boxes) if min(gaps) >= CUT_GAP
                      and max(gaps) >= max(CUT_HOLE, CUT_APART * min(gaps))])


def wide_cuts(boxes: np.ndarray, edges: Callable[[], np.ndarray]) -> np.ndarray:
    """Bands across the page [x0, y0, x1, y1] where every column breaks at once by
    CUT_WIDE of its lines' heights or more, longer than any paragraph's break: a
    report's header (the firm's name left, the analysts' names right, the date) above
    its two columns, which the partial order read as the columns' tops (the analysts
    after the whole main column). A grid of a screen's cards breaks alike between its
    rows of cards, and is read card under card: a cut whose lines below it stand in a
    panel, a side of it (``edges()``: :func:`_separators`' rows [y0, y1, x0, x1], looked
    for only when a break is that wide) running through their rows within the text's
    width, is none."""
    if not len(boxes):
        return np.zeros((0, 4), dtype=np.int64)
    typical = _typical_height(boxes)
    left, right = boxes[:, 0].min() + typical, boxes[:, 2].max() - typical
    bands = []
    for band, gaps in _column_breaks(boxes):
        if min(gaps) < CUT_WIDE:
            continue
        below = band[3], band[3] + CUT_NEAR * typical
        sides = edges()
        if len(sides) and ((sides[:, 0] < below[1]) & (sides[:, 1] > below[0])
                           & (sides[:, 2] > left) & (sides[:, 3] < right)).any():
            continue
        bands.append(band)
    return _bands_of(bands)


def _bands_of(bands: list[tuple[int, int, int, int]]) -> np.ndarray:
    return np.array(bands, dtype=np.int64).reshape(-1, 4)


def _typical_height(boxes: np.ndarray) -> float:
    """The median height of the line boxes [x0, y0, x1, y1] (a pixel at least each)."""
    return float(np.median(np.maximum(boxes[:, 3] - boxes[:, 1], 1.0)))


def _column_breaks(boxes: np.ndarray) -> list[tuple[tuple[int, int, int, int], list[float]]]:
    """Each row of paper across the whole page [x0, y0, x1, y1] with two or more
    columns' first lines below it (lines apart in x, within CUT_NEAR of their heights
    under it), and how far (in line heights: the page's typical one, or its own where it
    is taller) each of them lies under the nearest line above it in its column."""
    n = len(boxes)
    if n < 4:
        return []
    x0, y0, x1, y1 = (boxes[:, k].astype(np.float64) for k in range(4))
    typical = _typical_height(boxes)
    xo = (x0[:, None] < x1[None, :]) & (x1[:, None] > x0[None, :])
    breaks = []
    reach = -np.inf
    for k in np.argsort(y0, kind="stable").tolist():
        top, bottom = reach, y0[k]
        reach = max(reach, y1[k])
        if not (np.isfinite(top) and top + 2 <= bottom):
            continue  # (a band strictly between rows, under the first: it touches none)
        below = y0 >= bottom
        heads = [v for v in np.flatnonzero(below & (y0 - bottom <= CUT_NEAR * typical))
                 if not (below & xo[:, v] & (y0 < y0[v])).any()]
        gaps: list[tuple[float, float]] = []
        for v in sorted(heads, key=lambda v: x0[v]):
            up = np.flatnonzero((y1 <= top) & xo[:, v])
            if not len(up) or (gaps and x0[v] < gaps[-1][1]):
                continue  # (nothing above it; or a line within the last head's width)
            # (in its own height where it is taller than the page's typical line: a
            # halftone's specks read as lines make that one low)
            gaps.append(((y0[v] - y1[up].max()) / max(typical, y1[v] - y0[v]), x1[v]))
        if len(gaps) >= 2:
            breaks.append(((int(x0.min()), int(top) + 1, int(x1.max()), int(bottom) - 1),
                           [g for g, _ in gaps]))
    return breaks


def _row_cells(boxes: np.ndarray, xo: np.ndarray, left: np.ndarray) -> list[int]:
    """Lines that are a table's cells standing alone in their column: a cell of the last
    column that spans two rows (`Specialty/Generic Pharmaceuticals` beside two analysts'
    rows), which the partial order reads after every row left of it, as if it began a
    column of text. Such a line has no other line of its column within a line's height
    above or below it (a column of text has), rows of the table that run across its
    column's left edge above it and below it, and rows left of it, as tall as it, that
    end within CELL_REACH of its heights of its left edge, one level with its upper half,
    one with its lower half."""
    x0, y0, x1, y1 = (boxes[:, k].astype(np.float64) for k in range(4))
    h, centre = y1 - y0, (y0 + y1) / 2.0
    gaps = np.maximum(y0[:, None] - y1[None, :], y0[None, :] - y1[:, None])
    close = xo & (gaps < h[None, :])  # (close[k, j]: k within j's height above or below it)
    np.fill_diagonal(close, False)
    alone = np.asarray(~close.any(axis=0), dtype=bool)
    cells = []
    for v in range(len(boxes)):
        mid = centre[v]
        row = (left[:, v] & (x0[v] - x1 <= CELL_REACH * h[v]) & (np.abs(h - h[v]) <= 0.25 * h[v])
               & (y1 > y0[v]) & (y0 < y1[v]))
        upper, lower = row & (centre < mid - h[v] / 4), row & (centre > mid + h[v] / 4)
        if not (upper.any() and lower.any()):
            continue
        # (the table's rows above and below run from where its rows start: not the
        # longer lines of the cell's own column, an indented list item's; a row above
        # runs across its column, and one below, or the table goes on below it (or the
        # page ends) with cells alone in that column: the last rows' cells, beside rows
        # whose other cells all stand in their first lines)
        start = x0 <= x0[row].min() + h[v]
        across = start & (x1 > x0[v] + h[v])
        below = y0 >= y1[v]
        if not (across & (y1 <= y0[v])).any() or not (across & below).any() and not (
                ((start & below).any() or not below.any()) and alone[xo[:, v] & below].all()):
            continue
        own = xo[:, v] & ~across
        own[v] = False
        gap = np.maximum(y0 - y1[v], y0[v] - y1)
        if not (own & (gap < h[v])).any():
            cells.append(v)
    return cells


def _feet(boxes: np.ndarray) -> list[int]:
    """The line read after everything else: a short line (FOOT_WIDE of its heights long
    at most) below every other line (its top below their bottoms), standing apart from
    what is over it (the nearest line above it that overlaps it in x is HEAD_GAP of its
    height or further up, or there is none): a page number centred under two columns,
    which the partial order read after the column over it, before the next. Not at the
    text's left edge (a screen's sidebar's last item is read with the sidebar)."""
    if len(boxes) < 3:
        return []
    bottom = max(range(len(boxes)), key=lambda k: (boxes[k, 3], boxes[k, 0]))
    x0, y0, x1, y1 = boxes[bottom]
    others = np.array([k for k in range(len(boxes)) if k != bottom])
    if y0 < boxes[others, 3].max() or x1 - x0 > FOOT_WIDE * (y1 - y0):
        return []
    if x0 <= boxes[others, 0].min() + 2 * (y1 - y0):
        return []  # (at the text's left edge: a sidebar's last item, read in its place)
    over = others[(boxes[others, 0] < x1) & (boxes[others, 2] > x0)]
    if len(over) and y0 - boxes[over, 3].max() < HEAD_GAP * (y1 - y0):
        return []
    return [int(bottom)]


def _heads(boxes: np.ndarray) -> list[int]:
    """The lines read before everything else, top down: a line above every other line
    (its bottom above their tops), standing apart from what is under it (the nearest
    line below it that overlaps it in x is HEAD_GAP of its height or further down, or
    there is none): a running head at the page's top right (`Journal of X 2004` over the
    second column), which the partial order put after the first column because it lies
    right of it. A column's first line, whose column goes on right under it, is no head.
    A speck (a box under three of its heights wide: a photo's paper corner, a page's
    number) above every line but other specks is a head too, and hides no head under it
    (two specks, one's foot below the other's top, put eval photo_003's running head
    after its title)."""
    heads: list[int] = []
    left = list(range(len(boxes)))
    bits = (boxes[:, 2] - boxes[:, 0]) < 3 * (boxes[:, 3] - boxes[:, 1])
    while len(left) > 1:
        top = min(left, key=lambda k: (boxes[k, 1], boxes[k, 0]))
        others = [k for k in left if k != top]
        x0, y0, x1, y1 = boxes[top]
        whole = [k for k in others if not bits[k]]
        if bits[top] and whole and y1 <= boxes[whole, 1].min():
            heads.append(int(top))  # (a speck above all the text, or a short head)
            left = others
            continue
        if y1 > boxes[others, 1].min():
            break
        under = [k for k in others if boxes[k, 0] < x1 and boxes[k, 2] > x0]
        if under and min(boxes[k, 1] for k in under) - y1 < HEAD_GAP * (y1 - y0):
            break
        heads.append(int(top))
        left = others
    return heads


def _bands(gray: np.ndarray, boxes: np.ndarray, scale: float,
           ground: tuple[int, int, float] | None = None) -> list[tuple[int, int]]:
    """Rows [y0, y1) of the (levelled) analysis image crossed by a band of ground
    darker than the paper over the text's whole width, two text heights tall or more,
    with sharp edges: a report's tinted title banner, a screen's dark header bar. A
    row is in a band when most of it (BAND_COVER, over the text's width, within a text
    height: light letters on a dark band leave some of each row light) is BAND_STEP
    darker than the paper; a dark sidebar beside a dark card is no band, and the
    uneven light of a photo shades the paper gradually, with no edge. ``ground``:
    :func:`_paper`'s, when known."""
    from scipy.ndimage import maximum_filter1d

    ground = ground or _paper(gray, boxes)
    if ground is None:
        return []
    x0, x1, paper = ground
    rows = np.asarray(gray[:, x0:x1:2], dtype=np.uint8)
    step = max(1, int(round(scale)))
    cover = maximum_filter1d((rows <= paper - BAND_STEP).mean(axis=1), step)
    # (a few rows of the band that dip below BAND_COVER, to BAND_LOW at least, a text
    # height or so beside rows that do not, are in it: a banner's logo on white, its
    # top margin, beside the dark ground)
    inside = cover >= BAND_COVER
    dips = true_runs((cover >= BAND_LOW) & ~inside)
    bands = []
    for top, bottom in true_runs(inside):
        if bottom - top < BAND_LINES * scale:
            continue
        for a, b in dips:
            if b - a <= BAND_DIP * scale and (b == top or a == bottom):
                top, bottom = min(top, a), max(bottom, b)
        # paper within a text height outside each edge (or the image's edge)
        above = top == 0 or cover[max(0, top - 2 * step): top].min() <= 1.0 - BAND_COVER
        below = bottom == len(cover) or cover[bottom: bottom + 2 * step].min() <= 1.0 - BAND_COVER
        if above and below:
            bands.append((top, bottom))
    return bands


def _beside_bands(gray: np.ndarray, boxes: np.ndarray, bands: list[tuple[int, int]],
                  ground: tuple[int, int, float] | None) -> tuple[np.ndarray, np.ndarray]:
    """Per line [x0, y0, x1, y1]: whether it lies in a band's rows (see :func:`_bands`)
    on the paper beside its dark ground, the paper running down beside it through all
    the band's rows (a sidebar's item beside a screen's dark card); and the first column
    of the dark ground of the band whose rows it lies in (NaN: none)."""
    beside = np.zeros(len(boxes), dtype=bool)
    dark_left = np.full(len(boxes), np.nan)
    if not bands or ground is None:
        return beside, dark_left
    left, right, paper = ground
    middle = (boxes[:, 1] + boxes[:, 3]) / 2.0
    for top, bottom in bands:
        # (beside the dark ground: wholly left or right of its columns)
        dark = np.flatnonzero(np.median(gray[int(top):int(bottom), left:right], axis=0)
                              <= paper - BAND_STEP) + left
        if not len(dark):
            continue
        dark_left[(middle >= top) & (middle < bottom)] = dark[0]
        for k in np.flatnonzero((middle >= top) & (middle < bottom)
                                & ((boxes[:, 2] < dark[0]) | (boxes[:, 0] > dark[-1]))).tolist():
            x0, _y0, x1, _y1 = boxes[k].tolist()
            patch = gray[int(top):int(bottom), int(x0):int(x1) + 1]
            # (a row's light tenth: its paper between the letters)
            beside[k] = bool(patch.size) and float(
                np.percentile(patch, 90, axis=1).min()) > paper - BAND_STEP
    return beside, dark_left


def _sectioned_order(boxes: np.ndarray, bands: list[tuple[int, int]],
                     weak: np.ndarray | None = None, rules: np.ndarray | None = None,
                     beside: np.ndarray | None = None, dark_left: np.ndarray | None = None
                     ) -> list[int]:
    """Reading order of the boxes [x0, y0, x1, y1] when dark bands across the page cut
    it into sections: section after section top to bottom (what lies above a band, the
    band, what lies below), each in :func:`reading_order`. A band is read whole before
    what is below it even where a column runs past it (a banner's right half before the
    column under it). A line ``beside`` a band (see :func:`_beside_bands`) as near the
    line above it in its column as two text heights, or BESIDE_STEP of the spacing of
    such lines, stays in that line's section: a sidebar's items beside a screen's dark
    card are read with the items above it, not after the light card above the dark.
    And a column left of a band's dark ground (``dark_left``, per line: see
    :func:`_beside_bands`), its lines beside the band and under it, is read whole before
    the band: a screen's sidebar beside a dark card that fills the page's width right of
    it, the items under the card were read after the card (seed 2018 screen_029 144 ->
    30 edits, seed 2011 screen_045 120 -> 6)."""
    if not bands:
        return reading_order(boxes, weak, rules)
    middle = (boxes[:, 1] + boxes[:, 3]) / 2.0
    section = np.zeros(len(boxes), dtype=np.int64)
    for top, bottom in bands:
        section += (middle >= top).astype(np.int64) + (middle >= bottom).astype(np.int64)
    if beside is not None and beside.any():
        # a column beside a band, running on from above it (a sidebar's items beside a
        # screen's dark card): its lines in the band's rows stay with the lines above
        x0, y0, x1, y1 = (boxes[:, k] for k in range(4))
        # (as close as two text heights, or as the column's own lines are to each other)
        near = BESIDE_GAP * _typical_height(boxes)
        items = np.flatnonzero(beside)
        items = items[np.argsort(y0[items], kind="stable")]
        steps = [y0[b] - y1[a] for a, b in zip(items[:-1], items[1:], strict=True)
                 if x0[a] < x1[b] and x1[a] > x0[b] and y0[b] >= y1[a]]
        if steps:
            near = max(near, BESIDE_STEP * float(np.median(steps)))
        for k in np.argsort(y0, kind="stable").tolist():
            if not beside[k]:
                continue
            up = np.flatnonzero((x0 < x1[k]) & (x1 > x0[k]) & (y1 <= y0[k])
                                & (section < section[k]))
            if len(up):
                j = int(up[np.argmax(y1[up])])
                if y0[k] - y1[j] <= near:
                    section[k] = section[j]
    if beside is not None and dark_left is not None and beside.any():
        x0, x1 = boxes[:, 0], boxes[:, 2]
        for top, bottom in bands:
            inside = (middle >= top) & (middle < bottom)
            left = beside & inside & (x1 < np.nan_to_num(dark_left, nan=-np.inf))
            if not left.any():
                continue
            own = inside & ~beside  # (the band's own section: its dark ground's lines')
            band = int(np.median(section[own])) if own.any() else int(section[left].min())
            first = float(np.min(dark_left[left]))
            column = ((x1 < first) & (middle >= top) & (x0 < x1[left].max())
                      & (x1 > x0[left].min()) & (section >= band) & (section <= band + 1))
            section[column] = band - 1
    order: list[int] = []
    for s in np.unique(section).tolist():
        members = np.flatnonzero(section == s)
        order += [int(members[k]) for k in reading_order(
            boxes[members], None if weak is None else weak[members], rules)]
    return order


def _framed_order(boxes: np.ndarray, drawn: np.ndarray, scale: float,
                  order: Callable[[np.ndarray, np.ndarray, np.ndarray | None], list[int]]
                  ) -> list[int]:
    """Reading order of the lines [x0, y0, x1, y1] with the boxes ``drawn`` round text
    (see :func:`frames`) read whole: the lines inside one box stand for one line as
    tall and wide as the box in the page's order, and are read in their own order
    there. A box with another holding lines inside it is none (a page's border). Boxes
    side by side are a row, read before what lies under it (see :func:`_frame_rows`).
    ``order(boxes, lines, rules)``: the reading order of ``boxes`` standing for
    ``lines``, with these horizontal rules besides the page's."""
    n = len(boxes)
    if not len(drawn) or n < 2:
        return order(boxes, np.arange(n), None)
    owner = _boxed(boxes, drawn, scale)
    held = np.zeros(len(drawn), dtype=bool)
    held[owner[owner >= 0]] = True
    nested = _within(drawn, drawn, 0).T  # (nested[a, b]: b lies in a)
    np.fill_diagonal(nested, False)
    outer = np.asarray((nested & held[None, :]).any(axis=1), dtype=bool)
    owner = np.where((owner >= 0) & ~outer[np.maximum(owner, 0)], owner, -1)
    if (owner < 0).all():
        return order(boxes, np.arange(n), None)
    units = [np.array([k]) for k in np.flatnonzero(owner < 0).tolist()]
    units += [np.flatnonzero(owner == f) for f in np.unique(owner[owner >= 0]).tolist()]
    proxy = np.array([boxes[u[0]] if owner[u[0]] < 0 else drawn[owner[u[0]]] for u in units],
                     dtype=boxes.dtype)
    result: list[int] = []
    loose = proxy[[owner[u[0]] < 0 for u in units]]
    for p in order(proxy, np.array([u[0] for u in units]),
                   _frame_rows(drawn[held & ~outer], loose)):
        u = units[p]
        result += [int(u[0])] if owner[u[0]] < 0 else [
            int(u[k]) for k in order(boxes[u], u, None)]
    return result


def _frame_rows(drawn: np.ndarray, loose: np.ndarray | None = None) -> np.ndarray | None:
    """A rule [x0, y0, x1, y1] right under each row of boxes drawn round text (two or more
    side by side, their rows overlapping by FRAME_ROW of the taller's at least: a
    screen's cards stacked in columns, their tops and feet anywhere, are no rows, seed
    2011 screen_025's middle column's last card was read after the next column's cards,
    401 -> 1 edits), as wide as the row: an org chart's boxes are read row after row,
    the box under one of them after the row's last (in the partial order a box is read
    before those right of it, and the one under the row's first box came before the
    row's second). But no rule where a column of text stands between two of the row's
    boxes and runs on past the row's foot (``loose``: the lines in no box, [x0, y0, x1,
    y1]; one of them in the row's rows, and one reaching below its foot, starting at
    most FRAME_RUN_ON of its heights under it): a screen's cards in columns beside a
    dark card, which is no drawn box, are read column by column, and the rule would cut
    the dark card's lines at every row of light cards beside it (read row band by row
    band: 1,086 edits of 2,207). An org chart's box that was not found drawn holds its
    lines within the row."""
    if len(drawn) < 2:
        return None
    y0, y1 = drawn[:, 1], drawn[:, 3]
    h = y1 - y0
    overlap = np.minimum(y1[:, None], y1[None, :]) - np.maximum(y0[:, None], y0[None, :])
    same = overlap >= FRAME_ROW * np.maximum(h[:, None], h[None, :])
    union = _Union(len(drawn))
    for a, b in zip(*np.nonzero(np.triu(same, 1)), strict=True):
        union.join(int(a), int(b))
    roots = np.array([union.find(k) for k in range(len(drawn))])
    rows = []
    for root in np.unique(roots).tolist():
        row = drawn[roots == root]
        if len(row) >= 2 and not _column_between(row, loose):
            bottom = int(row[:, 3].max()) + 1
            rows.append((int(row[:, 0].min()), bottom, int(row[:, 2].max()), bottom))
    return np.array(rows, dtype=np.int64).reshape(-1, 4) if rows else None


def _column_between(row: np.ndarray, loose: np.ndarray | None) -> bool:
    """Whether lines in no box (``loose``) stand between two of a row's boxes (``row``,
    [x0, y0, x1, y1]) in the row's rows and run on below its foot (see
    :func:`_frame_rows`)."""
    if loose is None or not len(loose):
        return False
    row = row[np.argsort(row[:, 0])]
    middle = (loose[:, 0] + loose[:, 2]) / 2.0
    between = np.zeros(len(loose), dtype=bool)
    for a, b in zip(row[:-1], row[1:], strict=True):
        between |= (middle > a[2]) & (middle < b[0])
    top, foot = row[:, 1].min(), row[:, 3].max()
    tall = loose[:, 3] - loose[:, 1]

    def runs_on(column: np.ndarray) -> bool:  # (beside the row, and on under its foot)
        beside = column & (loose[:, 3] > top) & (loose[:, 1] < foot)
        below = column & (loose[:, 3] > foot) & (loose[:, 1] <= foot + FRAME_RUN_ON * tall)
        return bool(beside.any() and below.any())

    # ... or under one of them, a shorter one
    return runs_on(between) or any(
        runs_on((middle > box[0]) & (middle < box[2]) & (loose[:, 1] >= box[3])) for box in row)


def _plotted(labels: np.ndarray, c: _Comps, letters: np.ndarray, boxes: np.ndarray,
             scale: float, grey: Callable[[], np.ndarray]) -> np.ndarray:
    """Per line (boxes [x0, y0, x1, y1]), whether it belongs to a chart: a plot's tick
    labels, axis titles and legend are the figure's, not the page's text (the real
    pages' ground truth leaves them out, as it leaves a photo's pixels). A plot is a
    curve, a wide, hollow component whose top wanders (a price history, a row of bars:
    PLOT_WANDER of its columns' tops off their median by a tenth of its height; a
    frame's or a rule's top is straight), with a column of PLOT_TICKS short lines
    (its axis' numbers) beside it, or else its dates evenly spread under it (see
    :func:`_axis_dates`; ``grey``, the levelled analysis image, shows them where they
    are too faint for the components). The chart is the curve and its ticks, and what lies
    within its width (PLOT_SIDE text heights either side) right above it (PLOT_ABOVE:
    an axis' title) or under it (PLOT_BELOW, line after line: the dates, the
    legend); a caption further away, or wider, is text."""
    drop = np.zeros(len(boxes), dtype=bool)
    h, w = c.h.astype(np.float64), c.w.astype(np.float64)
    fill = c.area / np.maximum(h * w, 1.0)
    # (one half the page's height or taller is the ground beyond a photo's page, a
    # sliver along its edge: a chart's curve is a figure on the page)
    found = np.flatnonzero((w >= PLOT_WIDE * scale) & (h >= PLOT_TALL * scale)
                           & (h <= PLOT_HIGH * labels.shape[0])
                           & (fill <= PLOT_FILL) & ~letters)
    if not len(found) or not len(boxes):
        return drop
    bw, bh = boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]
    middle = (boxes[:, 1] + boxes[:, 3]) / 2.0
    short = (bw <= PLOT_LABEL * scale) & (bh <= PLOT_SMALL * scale)
    for k in found.tolist():
        own = labels[c.y0[k]:c.y1[k], c.x0[k]:c.x1[k]] == k + 1
        inked = own.any(axis=0)
        tops = own.argmax(axis=0)[inked]
        if np.mean(np.abs(tops - np.median(tops)) > 0.1 * h[k]) < PLOT_WANDER:
            continue
        x0, y0, x1, y1 = (float(v) for v in (c.x0[k], c.y0[k], c.x1[k], c.y1[k]))
        reach = PLOT_REACH * scale
        rows = short & (middle >= y0 - reach) & (middle <= y1 + reach)
        left = rows & (boxes[:, 2] <= x0 + scale) & (boxes[:, 2] >= x0 - reach)
        right = rows & (boxes[:, 0] >= x1 - scale) & (boxes[:, 0] <= x1 + reach)
        ticks = left if left.sum() >= right.sum() else right
        if ticks.sum() < PLOT_TICKS:
            # (numbers too faint or small to be lines: its dates under it, evenly spread)
            ticks = _axis_dates(grey(), boxes, (x0, y0, x1, y1), scale)
            if not ticks.any():
                continue
        chart = ticks.copy()
        area = [min(x0, boxes[ticks, 0].min()), min(y0, boxes[ticks, 1].min()),
                max(x1, boxes[ticks, 2].max()), max(y1, boxes[ticks, 3].max())]
        side = PLOT_SIDE * scale
        within = (boxes[:, 0] >= area[0] - side) & (boxes[:, 2] <= area[2] + side)
        chart |= within & (middle > area[1]) & (middle < area[3])
        above = within & (boxes[:, 3] <= area[1]) & (boxes[:, 3] >= area[1] - PLOT_ABOVE * scale)
        chart |= above
        while True:  # (line after line under it)
            bottom = max(area[3], float(boxes[chart, 3].max()))
            under = within & ~chart & (boxes[:, 1] >= bottom - 0.5 * scale) & (
                boxes[:, 1] <= bottom + PLOT_BELOW * scale)
            if not under.any():
                break
            chart |= under
        drop |= chart
    return drop


def _axis_dates(grey: np.ndarray, boxes: np.ndarray, curve: tuple[float, ...],
                scale: float) -> np.ndarray:
    """Per line, whether it is the row of labels along a curve's axis under it (box
    [x0, y0, x1, y1]): one line of small print (PLOT_SMALL text heights tall at most) whose top
    lies within PLOT_BELOW text heights under the curve, across PLOT_ACROSS of its width,
    whose ink falls into PLOT_TICKS + 1 pieces or more, PLOT_GAP text heights apart at
    least (a sentence's words are closer), their middles evenly spaced (within
    PLOT_EVEN of their median step: an axis' dates; a table's cells are not)."""
    from ocrtools.numeric import true_runs

    x0, y0, x1, y1 = curve
    found = np.zeros(len(boxes), dtype=bool)
    overlap = np.minimum(boxes[:, 2], x1) - np.maximum(boxes[:, 0], x0)
    near = ((boxes[:, 1] >= y1 - 0.5 * scale) & (boxes[:, 1] <= y1 + PLOT_BELOW * scale)
            & (boxes[:, 3] - boxes[:, 1] <= PLOT_SMALL * scale)
            & (overlap >= PLOT_ACROSS * (x1 - x0)))
    for k in np.flatnonzero(near).tolist():
        bx0, by0, bx1, by1 = (int(v) for v in boxes[k])
        row = np.asarray(grey[by0:by1, bx0:bx1], dtype=np.float32)  # (faint print: the
        # dates may be the sharp ink's, not the components')
        inked = np.asarray((row < float(np.median(row)) - MIN_CONTRAST).any(axis=0), dtype=bool)
        gaps = [(a, b) for a, b in true_runs(~inked) if b - a >= PLOT_GAP * scale
                and a > 0 and b < len(inked)]
        if len(gaps) < PLOT_TICKS:
            continue
        edges = [0, *[v for gap in gaps for v in gap], len(inked)]
        middles = np.array([(edges[j] + edges[j + 1]) / 2.0 for j in range(0, len(edges), 2)])
        steps = np.diff(middles)
        if np.all(np.abs(steps - np.median(steps)) <= PLOT_EVEN * np.median(steps)):
            found[k] = True
            break
    return found


def _with_accents(lines: list[tuple[np.ndarray, float]]) -> list[int]:
    """The lines to keep, by index: a row of marks just above a larger line, within its
    width (the dots of a heading's i and j, its accents, found apart from their letters
    when the heading is large beside the page's text), is no line of its own: the larger
    line's strip takes them in (its box stays as it is: a noisy field's rows are judged
    by their boxes' heights)."""
    if len(lines) < 2:
        return list(range(len(lines)))
    boxes = np.array([b for b, _ in lines], dtype=np.float64)  # x0, y0, x1, y1
    h = boxes[:, 3] - boxes[:, 1]
    # (a "line" MERGED_ROWS times as tall as its letters is rows run together, no
    # large line: a photo's table whose slanting rules joined its rows to the next
    # column's took in the two rows above it, and they were lost)
    large = h <= MERGED_ROWS * np.array([m for _, m in lines])
    keep = np.ones(len(lines), dtype=bool)
    for k in np.argsort(h, kind="stable").tolist():
        x0, y0, x1, y1 = boxes[k]
        # (close above it or over its top half: the tallest letters reach the dots)
        below = (boxes[:, 1] - y1 <= 0.3 * h) & (y1 <= boxes[:, 1] + 0.5 * h) & (
            h >= 2.5 * h[k]) & (boxes[:, 0] <= x0) & (boxes[:, 2] >= x1) & large & keep
        below[k] = False
        keep[k] = not below.any()
    return np.flatnonzero(keep).tolist()


def _along(boxes: np.ndarray, tilts: list[Tilt]) -> np.ndarray:
    """Line boxes [x0, y0, x1, y1] with the rows of a tilted or bent line's band at its
    middle column (the box holding a curled page's line holds the ends of the lines
    above or below it: each line its own block)."""
    out = np.array(boxes, dtype=np.float64).reshape(-1, 4)
    for k, (slope, top, bottom, bend) in enumerate(tilts):
        middle = (out[k, 0] + out[k, 2]) / 2.0
        if bend is not None:
            base = bend.at(middle)
            out[k, 1], out[k, 3] = base - bend.above, base + bend.below
        elif slope:
            out[k, 1], out[k, 3] = top + slope * middle, bottom + slope * middle
    return out


def _blocks(boxes: np.ndarray, heights: np.ndarray) -> list[int]:
    """Block of each line, lines in reading order: a line continues the block of the
    line before it when it sits right under it (a gap of less than a line), overlapping
    it in x, and its text is of a similar size (box heights, which a line's capitals and
    descenders set, within 1.5x; and median letter heights within 1.6x)."""
    block, out = 0, []
    for k in range(len(boxes)):
        if k:
            px0, py0, px1, py1 = boxes[k - 1]
            x0, y0, x1, y1 = boxes[k]
            tall, prev = y1 - y0, py1 - py0
            h = max(tall, prev)
            overlap = min(x1, px1) - max(x0, px0)
            stacked = -0.2 * h <= y0 - py1 <= 1.0 * h and overlap > 0.3 * min(
                x1 - x0, px1 - px0
            )
            similar = max(tall, prev) <= 1.5 * min(tall, prev) and max(
                heights[k], heights[k - 1]) <= 1.6 * min(heights[k], heights[k - 1])
            if not (stacked and similar):
                block += 1
        out.append(block)
    return out


def _separators(gray: np.ndarray, ink: np.ndarray, scale: float, thin: np.ndarray,
                rules: np.ndarray | None = None) -> np.ndarray:
    """What text is never read across: panels' edges and the gaps between framed panels
    (their frames looked for on ``thin``: the analysis image, or the page shrunk keeping
    thin lines; and among the vertical ``rules`` of the ink)."""
    h, w = min(thin.shape[0], ink.shape[0]), min(thin.shape[1], ink.shape[1])
    return np.vstack([panel_edges(gray, scale),
                      panel_gaps(thin[:h, :w], ink[:h, :w], scale, rules)])


def _dots(line: np.ndarray) -> bool:
    """Whether the faint-line pixels ``line`` between two frames are a shading's
    halftone dots (a shaded table column between two of its rules is no gap between
    boxes): 1% of the pixels or more, not counting columns that are mostly line (a
    box's own faint side beside the rule found for it)."""
    line = line[:, 3:-3]  # (the frames' own columns, and a pixel's wobble of theirs)
    if not line.size:
        return False
    share = line.mean(axis=0)
    spots = share[share < 0.5]
    return bool(len(spots)) and float(spots.sum()) >= 0.01 * len(share)


def _unpaired(rules: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """The rules that are not a side of a gap between two framed panels (a flowchart's
    boxes side by side: their sides are no ruled table's, whose rows are read across)."""
    if not len(rules) or not len(gaps):
        return rules
    near = ((np.abs(rules[:, None, 3] - gaps[None, :, 2]) <= 1)
            | (np.abs(rules[:, None, 2] - gaps[None, :, 3]) <= 1))
    near &= (rules[:, None, 0] < gaps[None, :, 1]) & (rules[:, None, 1] > gaps[None, :, 0])
    return rules[~near.any(axis=1)]


def _turn(image: np.ndarray, angle: float) -> np.ndarray:
    """An image turned by ``angle`` degrees as PIL turns it (grown to hold it all): a
    grey one filled with its median tone, a mask with no ink."""
    fill = 0 if image.dtype == bool else int(np.median(image))
    return _through_pil(image, lambda pil, resample: pil.rotate(
        angle, resample=resample, expand=True, fillcolor=fill))


def analyse_page(gray: np.ndarray, single_block: bool = False,
                 dotted: np.ndarray | None = None) -> PageLayout:
    """Find the text lines of a page image (uint8 grey), in reading order. With
    ``single_block`` the page is one block of text: no columns, lines top to bottom.
    ``dotted``: the pixels :func:`ocrtools.descreen.descreen` smoothed (a dithered
    shading made grey), where a table's shaded columns are looked for."""
    gray = np.asarray(gray, dtype=np.uint8)
    height, width = gray.shape
    factor = analysis_factor(width, height)
    small = reduce(gray, factor)
    border = page_border(small)
    if border is not None:
        small = np.where(border[0], np.uint8(border[1]), small)
    lift = None if dotted is None else shading(small, reduce(dotted.astype(np.uint8) * 255,
                                                             factor) > 127)
    small = lifted(small, lift)
    ink, inverted, sharp = page_ink(small)
    labels, comps = _components(ink)
    scale = text_scale(comps)
    angle = 0.0
    layout = PageLayout((width, height), 0.0, (width, height), Affine(), scale * factor,
                        inverted=inverted > 0.5, border=border, lift=lift)
    if len(comps.y0) == 0 or scale < 2:
        return layout
    bars = _bar_words(small, ink, sharp, labels, comps, scale)
    if bars is not None:
        ink, sharp = bars
        labels, comps = _components(ink)
    letters = _letters(comps, scale, labels)
    angle = estimate_page_skew(comps, letters, scale)
    if angle:
        ink, sharp, labels, comps, scale, letters = _moved(
            ink, sharp, lambda mask: _turn(mask, angle), scale)
        full_map, levelled = rotation(angle, width, height)
        layout.angle, layout.levelled_size, layout.to_page = angle, levelled, full_map
        layout.scale = scale * factor
    # a photo's rows turning down the page (its perspective) are made parallel for the
    # analysis alone, as its slanted columns are made upright below
    turn, tilt = estimate_keystone(comps, letters, scale, ink.shape[0] / 2.0)
    if turn:
        size = ink.shape
        ink, sharp, labels, comps, scale, letters = _moved(
            ink, sharp, lambda mask: _keystone(mask, turn, tilt), scale)
        layout.keystone = turn
        unkeystone = keystoning(turn, tilt, size[1], size[0])[0]
    # a photo's slanted columns are made upright for the analysis alone: the lines
    # found are mapped back (each a strip's height, it slants by a pixel or two), and
    # cut from the page as before, not resampled again (small print loses its i's)
    shear = estimate_page_shear(labels, letters, scale)
    unshear = Affine()
    if shear:
        unshear = shearing(shear, ink.shape[1], ink.shape[0])[0]
        ink, sharp, labels, comps, scale, letters = _moved(
            ink, sharp, lambda mask: _shear(mask, shear), scale)
        layout.shear, layout.scale = shear, scale * factor
    ruled = ink  # (rules and frames are looked for on the ink with its rules)
    cut = _cut_rules(ink, labels, comps, scale)

    def relabelled(ink: np.ndarray) -> tuple[np.ndarray, _Comps, np.ndarray]:
        # the components of the ink with rules or joins taken out, and their letters
        # (a cut grid's pieces of rule none of them)
        labels, comps = _components(ink)
        letters = _letters(comps, scale, labels)
        if cut is not None:
            letters &= ~_rule_pieces(comps, labels, cut[1], scale)
        return labels, comps, letters

    if cut is not None:  # (taken out of the ink, and of the sharp ink's letters)
        ink, sharp = ink & ~cut[0], sharp & ~cut[0]
        labels, comps, letters = relabelled(ink)
    grey_levelled: list[np.ndarray] = []

    def level() -> np.ndarray:  # the grey analysis image levelled as the ink was, once
        if not grey_levelled:
            grey = small if not angle else _turn(small, angle)
            if turn:
                grey = _keystone(grey, turn, tilt, fill=int(np.median(grey)))
            if shear:
                grey = _shear(grey, shear, fill=int(np.median(grey)))
            grey_levelled.append(grey)
        return grey_levelled[0]

    stacked = _stacked(labels, comps, letters, scale)
    if stacked is not None:  # (parted in the ink alone: the sharp ink is labelled apart)
        ink = ink & ~stacked
        labels, comps, letters = relabelled(ink)
    keep = letters & ~_bridges(comps, letters, scale) & ~_slivers(comps, letters, scale)
    drawn = np.zeros((0, 4), dtype=np.int64)
    if not single_block:  # (boxes drawn round text: their lines are no letters)
        held = np.flatnonzero(keep)
        drawn = _round_text(frames(level(), ruled, scale), np.stack(
            [comps.x0[held], comps.y0[held], comps.x1[held], comps.y1[held]], axis=1), scale)
        keep &= ~_on_frames(comps, drawn, scale, labels)
    frag, fboxes = _fragments(comps, keep, scale, ink.shape)

    @functools.cache
    def find_rules() -> np.ndarray:  # (looked for once, when a gap needs judging)
        return vertical_rules(ruled, scale, level())

    @functools.cache
    def find_edges() -> np.ndarray:
        thin = level()
        if factor > 1 and not angle and not shear and not turn:  # (a frame's 1 px line, averaged
            # into its block, fades below FRAME_STEP: a screenshot's frames are looked
            # for on the page shrunk by the darkest pixel of each block; a skewed or
            # slanted page, a scan or a photo, has no frames that thin, and turning a
            # second image costs 30 ms)
            thin = darkest(gray, factor)
            if border is not None:
                thin = np.where(border[0][: thin.shape[0], : thin.shape[1]],
                                np.uint8(border[1]), thin)
        return _separators(level(), ruled, scale, thin, find_rules())

    @functools.cache
    def find_wraps() -> np.ndarray:
        return _wrapped_tables(fboxes, ruled, scale)

    def join(boxes: np.ndarray) -> list[list[int]]:
        return _join_rows(boxes, scale, gutters=not single_block, rules=find_rules,
                          edges=find_edges, wraps=find_wraps,
                          zones=_boxed(boxes[:, [2, 0, 3, 1]], drawn, scale))

    lines, tilts, used = _grouped_lines(comps, frag, join(fboxes), scale)
    fine = None
    if len(lines) >= 2:  # (a field image, one line found, is read as it was: its noise
        # specks, sharp, would make rows of their own)
        fine = _components(sharp)  # (labelled once: the faint lines and the list marks)
        lines, tilts = _faint_lines(fine, labels, comps, letters, used, lines, tilts, scale,
                                    join)
    lines = _with_marks(comps, used, lines, scale, None if fine is None else fine[1])
    kept = _with_accents(lines)
    if kept and not single_block:  # (a chart's ticks, axis titles and legend: no text)
        plotted = _plotted(labels, comps, letters, np.array([lines[k][0] for k in kept]), scale,
                           level)
        kept = [k for k, drop in zip(kept, plotted.tolist(), strict=True) if not drop]
    if not kept:
        return layout
    boxes = np.array([lines[k][0] for k in kept], dtype=np.int64)
    heights = np.array([lines[k][1] for k in kept])
    tilts = [tilts[k] for k in kept]
    if single_block:
        order = sorted(range(len(boxes)), key=lambda k: (boxes[k, 1], boxes[k, 0]))
    else:
        # a "line" several rows tall for its letters (a caption run into a halftone's
        # dots beside it) is no reading-order separator: it spans what it merged
        tall = (boxes[:, 3] - boxes[:, 1]) > MERGED_ROWS * heights
        across = horizontal_rules(ruled, scale)
        ground = _paper(level(), boxes)  # (once, for the dashed rules and the bands)
        dashed = dashed_rules(level(), boxes, scale, ground)
        if len(dashed):  # (a solid rule is found both ways: once is enough)
            across = np.vstack([across, dashed]) if len(across) else dashed
        if len(across):
            across = _cut_at(_open_rules(across, find_rules(), scale), find_wraps())
        wide = wide_cuts(boxes, find_edges)  # (a report's header above its columns)
        if len(wide):
            across = np.vstack([across, wide]) if len(across) else wide
        bands = _bands(level(), boxes, scale, ground)
        beside, dark_left = _beside_bands(level(), boxes, bands, ground)
        order = _framed_order(boxes, drawn, scale, lambda some, members, rows: (
            _sectioned_order(some, bands, tall[members], across if rows is None else (
                np.vstack([across, rows]) if len(across) else rows), beside[members],
                dark_left[members])))
    boxes, heights = boxes[order], heights[order]
    blocks = [0] * len(boxes) if single_block else _blocks(
        _along(boxes, [tilts[k] for k in order]), heights)
    # a line whose letters change size across a wide gap is read piece by piece, in
    # its place in the reading order (see _pieces)
    held = np.flatnonzero(frag >= 0)
    held = held[np.argsort(frag[held], kind="stable")]
    letter_heights = np.split(comps.h[held], np.searchsorted(frag[held], np.arange(1, len(fboxes))))
    pieces = [(piece, ph, blocks[k], tilts[order[k]] if part is None else
               _tilt(comps, np.flatnonzero(np.isin(frag, part)), scale))
              for k, (box, h) in enumerate(zip(boxes, heights.tolist(), strict=True))
              for piece, ph, part in _pieces(box, h, fboxes, letter_heights, scale)]
    f = factor
    lw, lh = layout.levelled_size
    for k, (box, h, block, (slope, top, bottom, bend)) in enumerate(pieces):
        x0, y0, x1, y1 = box
        if shear:  # (the box holding the line's slanted sides, on the levelled page)
            x0 = math.floor(x0 + unshear.c + min(shear * y0, shear * y1))
            x1 = math.ceil(x1 + unshear.c + max(shear * y0, shear * y1))
            if slope:  # (y = top + slope x'' and x'' = x - shear y - c)
                top, bottom = ((v - slope * unshear.c) / (1 + slope * shear)
                               for v in (top, bottom))
                slope = slope / (1 + slope * shear)
        if bend is not None:
            bend = bend.mapped(1.0, shear, unshear.c)  # (no shear: unshear is the identity)
        if turn:  # (on the levelled page, from the page with its perspective undone)
            (x0, y0, x1, y1), slope, top, bottom, bend = _keystoned_line(
                unkeystone, (x0, y0, x1, y1), slope, top, bottom, bend)
        full = (max(0, x0 * f), max(0, y0 * f), min(lw, x1 * f), min(lh, y1 * f))
        edges = (top * f, bottom * f) if slope else None
        if bend is not None:
            bend = bend.mapped(f)
        layout.lines.append(LayoutLine(full, h * f, block, k, slope, edges, bend))
    return layout


def _pieces(box: np.ndarray, height: float, fboxes: np.ndarray,
            letter_heights: list[np.ndarray], scale: float
            ) -> list[tuple[list[int], float, list[int] | None]]:
    """A line's box [x0, y0, x1, y1] and height (and None), or its pieces where its
    letters' size changes across a wide gap (each with its fragments): a report's title
    in large type and `Analyst: Fahad Tariq` in small type far right in its row are one
    line to the reading order, but a line's strip is read at one size (the small words,
    half the title's height, were read `Aaa raisa ran`). Parted at a gap UNLIKE_GAP text
    heights wide or more where the letters on one side, large type (their caps
    UNLIKE_LARGE text heights tall), are UNLIKE_SIZE times as tall as the other side's,
    each side UNLIKE_LETTERS letters at least (of the fragments, ``fboxes`` [y0, y1, x0,
    x1], whose middles the box holds, with their ``letter_heights``); each side is parted
    again where it changes so. A side's size is the upper quartile of its letters'
    heights, its caps' height: one tall piece among them (a table's rule) does not make
    large type, nor do digits beside lower case (`2019` beside `none`). The first and
    the last piece keep the line's ends; each piece's height is its letters' median."""
    x0, y0, x1, y1 = (int(v) for v in box)
    cy, cx = (fboxes[:, 0] + fboxes[:, 1]) / 2, (fboxes[:, 2] + fboxes[:, 3]) / 2
    inside = np.flatnonzero((cx >= x0) & (cx < x1) & (cy >= y0) & (cy < y1))
    whole: list[tuple[list[int], float, list[int] | None]] = [([x0, y0, x1, y1], height, None)]
    if len(inside) < 2:
        return whole

    def caps(h: np.ndarray) -> float:
        return float(np.percentile(h, 75))

    def parted(ordered: list[int]) -> list[list[int]]:
        best, cut = UNLIKE_SIZE, 0
        for i in range(1, len(ordered)):
            if fboxes[ordered[i], 2] - fboxes[ordered[:i], 3].max() < UNLIKE_GAP * scale:
                continue
            left = np.concatenate([letter_heights[f] for f in ordered[:i]])
            right = np.concatenate([letter_heights[f] for f in ordered[i:]])
            if min(len(left), len(right)) < UNLIKE_LETTERS:
                continue
            small, large = sorted((caps(left), caps(right)))
            if large >= UNLIKE_LARGE * scale and large >= best * max(1.0, small):
                best, cut = large / max(1.0, small), i
        if not cut:
            return [ordered]
        return parted(ordered[:cut]) + parted(ordered[cut:])

    parts = parted(sorted(inside.tolist(), key=lambda f: fboxes[f, 2]))
    if len(parts) == 1:
        return whole
    out: list[tuple[list[int], float, list[int] | None]] = []
    for k, part in enumerate(parts):
        # (the first and the last piece reach the line's ends: its marks, its faint words)
        left = x0 if k == 0 else int(fboxes[part, 2].min())
        right = x1 if k == len(parts) - 1 else int(fboxes[part, 3].max())
        top, bottom = max(y0, int(fboxes[part, 0].min())), min(y1, int(fboxes[part, 1].max()))
        out.append(([left, top, right, bottom],
                    float(np.median(np.concatenate([letter_heights[f] for f in part]))), part))
    return out


def _grouped_lines(c: _Comps, frag: np.ndarray, groups: list[list[int]], scale: float
                   ) -> tuple[list[tuple[np.ndarray, float]], list[Tilt],
                              np.ndarray]:
    """The lines the rows of fragments make: per line its box [x0, y0, x1, y1] and
    median component height, and its tilt (see :func:`_tilt`); and per component
    whether a line holds it."""
    lines: list[tuple[np.ndarray, float]] = []
    tilts: list[Tilt] = []
    used = np.zeros(len(c.y0), dtype=bool)
    for group in groups:
        members = np.isin(frag, group)
        if not members.any():
            continue
        box = np.array([c.x0[members].min(), c.y0[members].min(),
                        c.x1[members].max(), c.y1[members].max()])
        # a line of specks or of one small blob is not text
        if members.sum() < 2 and (box[2] - box[0]) < 1.5 * scale:
            continue
        lines.append((box, float(np.median(c.h[members]))))
        tilts.append(_tilt(c, np.flatnonzero(members), scale))
        used |= members
    return lines, tilts, used


def _faint_lines(sharp: tuple[np.ndarray, _Comps], labels: np.ndarray, comps: _Comps,
                 letters: np.ndarray,
                 used: np.ndarray, lines: list[tuple[np.ndarray, float]],
                 tilts: list[Tilt], scale: float,
                 join: Callable[[np.ndarray], list[list[int]]],
                 ) -> tuple[list[tuple[np.ndarray, float]], list[Tilt]]:
    """The lines found (boxes and heights, tilts) with the thin, faint or small print
    that the smoothed ink lost (a light-weight table row between bold ones, a small
    running head, a caption, the faint end of a line): letters of the sharp ink that
    no line found holds, away from pictures and bars, grouped into rows as the others
    were. A row of them beside a line found (closer than a gutter) widens that line;
    the others are lines of their own. The columns found stand."""
    from scipy.ndimage import maximum_filter

    sharp_labels, found = sharp  # (the sharp ink's labels and components)
    h, w = found.h, found.w
    new = _letters(found, scale, sharp_labels) & (h >= FAINT_SMALL * scale) & (h <= 2.0 * scale) & (
        w <= 4.0 * scale)
    if not new.any():
        return lines, tilts
    cy, cx = (found.y0 + found.y1) // 2, (found.x0 + found.x1) // 2
    held = np.concatenate([[False], used])[labels]  # the ink of the lines found
    new[np.unique(sharp_labels[held & (sharp_labels > 0)]) - 1] = False
    # near a picture or a bar of the smoothed ink: its texture and edges
    # (a picture or a bar: large both ways and solid; not a rule, not a frame's outline,
    # whose inside and edges hold text)
    area = comps.h.astype(np.float64) * comps.w
    big = (comps.h > 2.0 * scale) & (comps.w > 2.0 * scale) & (comps.area >= 0.12 * area)
    if (big & ~letters).any():
        other = np.concatenate([[False], big & ~letters])[labels]
        near = maximum_filter(other, size=2 * max(1, int(round(scale))) + 1)
        new[np.unique(sharp_labels[near & (sharp_labels > 0)]) - 1] = False
    if new.sum() < 2:
        return lines, tilts
    frag, fboxes = _fragments(found, new, scale, sharp_labels.shape)
    lines, tilts = list(lines), list(tilts)
    # letters of some width: not the slivers of a paper's edge
    wide = np.bincount(frag[new & (w >= FAINT_WIDE * scale)], minlength=len(fboxes))
    alone = np.ones(len(fboxes), dtype=bool)
    for f, (y0, y1, x0, x1) in enumerate(fboxes.tolist()):
        # a word close beside the end of a line found is its rest (unless the line,
        # so widened, would reach another)
        box = np.array([x0, y0, x1, y1])
        beside = [k for k, (other, _h) in enumerate(lines)
                  if _same_row(box, other, FAINT_GAP * scale)]
        if not wide[f] or len(beside) != 1:
            continue
        k = beside[0]
        other, other_height = lines[k]
        wider = np.concatenate([np.minimum(box[:2], other[:2]), np.maximum(box[2:], other[2:])])
        if not any(_same_row(wider, line, 0.0) for j, (line, _h) in enumerate(lines) if j != k):
            lines[k] = (wider, other_height)
            alone[f] = False
    rest = np.flatnonzero(alone)
    if not len(rest):
        return lines, tilts
    groups = [[int(rest[i]) for i in group] for group in join(fboxes[rest])]
    faint, faint_tilts, _used = _grouped_lines(found, frag, groups, scale)
    for (box, height), tilt in zip(faint, faint_tilts, strict=True):
        # a line of its own has three letters and is two text heights long, or it is
        # dust; beside a line found but not close, it is a question the columns answered
        letters_in = int(wide[np.unique(frag[(cx >= box[0]) & (cx < box[2]) & (cy >= box[1])
                                             & (cy < box[3]) & new])].sum())
        if any(_same_row(box, other, RUN_GAP * scale) for other, _h in lines):
            continue
        row = _row_of_cell(box, lines)
        if letters_in >= 3 and box[2] - box[0] >= 2 * scale:
            # (a card's value far right of its label, the label's line the first or the
            # last of the card's rows, which run across to the value's end: a cell)
            row = row if row is not None else _row_of_cell(box, lines, either=True)
            if row is None:
                lines.append((box, height))
                tilts.append(tilt)
                continue
        if row is not None:  # (the row's line, widened to hold its cell)
            other, other_height = lines[row]
            lines[row] = (np.concatenate([np.minimum(box[:2], other[:2]),
                                          np.maximum(box[2:], other[2:])]), other_height)
    return lines, tilts


def _row_of_cell(box: np.ndarray, lines: list[tuple[np.ndarray, float]], scale: float = 0.0,
                 either: bool = False) -> int | None:
    """The line whose table row a short faint line or a dash is a cell of (a
    light-weight table's lone `0`, `1` or `-0`, too short to be a line of its own; an
    empty cell's `-`), or None: the nearest line on its left in its row, with lines that
    run from that line's start across the cell's column right above it and right below
    it (within two of its heights, or of ``scale``, the text height: the table's rows;
    ``either``: above or below it, the row the table's first or last)."""
    if not lines:
        return None
    boxes = np.array([b for b, _h in lines], dtype=np.float64)
    h = max(float(box[3] - box[1]), scale)
    middle = (box[1] + box[3]) / 2.0
    left = np.flatnonzero((boxes[:, 1] < middle) & (boxes[:, 3] > middle)
                          & (boxes[:, 2] <= box[0]))
    if not len(left):
        return None
    k = int(left[np.argmax(boxes[left, 2])])
    # (the rows above and below run from where the row starts to past the cell: one
    # table, not the next column's text beside a column's line)
    across = (boxes[:, 0] <= boxes[k, 0] + h) & (boxes[:, 2] >= box[2] - 0.5 * h)
    above = across & (boxes[:, 3] <= box[1] + 0.5 * h) & (boxes[:, 3] >= box[1] - 2 * h)
    below = across & (boxes[:, 1] >= box[3] - 0.5 * h) & (boxes[:, 1] <= box[3] + 2 * h)
    if either:
        return k if above.any() or below.any() else None
    return k if above.any() and below.any() else None


def _with_marks(c: _Comps, used: np.ndarray, lines: list[tuple[np.ndarray, float]],
                scale: float, sharp: _Comps | None = None
                ) -> list[tuple[np.ndarray, float]]:
    """The lines with their list marks: a hyphen, an asterisk or a bullet before a list
    item is too small to be a letter, and the item's line started after it (`- Travel
    far` read `Travel far`). A small component that no line holds, within the rows of a
    line's box and at most MARK_GAP text heights before its start, with no other line
    between, widens the line to it. A 1 px hyphen is lost to the smoothing: with the
    ``sharp`` ink's components, its thin ones (half a text height tall at most, 1.5
    times as wide as tall and a quarter text height wide: a hyphen, not a dotted rule's
    dot) count too, where they stand in a column with another line's mark (within 0.3
    text heights: a list's, not a scan's specks)."""
    found = _mark_starts(c, ~used, lines, scale, 1.0)
    if sharp is not None and lines:
        more = _mark_starts(sharp, np.ones(len(sharp.y0), dtype=bool), lines, scale, 0.5)
        starts = np.array([*found.values(), *more.values()], dtype=np.int64)
        for k, x in more.items():
            if k not in found and _in_a_column(starts, x, scale):
                found[k] = x
    out = list(lines)
    for k, start in found.items():
        box, height = lines[k]
        out[k] = (np.array([start, box[1], box[2], box[3]], dtype=box.dtype), height)
    # a table's cells that hold a dash alone (`Minorities  -  -  -`; a 1 px one is
    # lost to the smoothing, found in the sharp ink), left to right: each widens its
    # row's line (see _row_of_cell)
    ink = sharp if sharp is not None else c
    dashes = np.flatnonzero((ink.h <= 0.5 * scale) & (ink.w <= MARK_SIZE * scale)
                            & (ink.w >= 1.5 * ink.h) & (ink.w >= max(3.0, 0.25 * scale)))
    if len(dashes) and out:  # (not a line's own hyphens)
        held = np.array([b for b, _h in out])
        dashes = dashes[~((held[:, None, 0] <= ink.x0[dashes])
                          & (held[:, None, 2] >= ink.x1[dashes])
                          & (held[:, None, 1] <= ink.y0[dashes])
                          & (held[:, None, 3] >= ink.y1[dashes])).any(axis=0)]
    for m in dashes[np.argsort(ink.x0[dashes], kind="stable")].tolist():
        dash = np.array([ink.x0[m], ink.y0[m], ink.x1[m], ink.y1[m]])
        row = _row_of_cell(dash, out, scale)
        if row is not None:
            box, height = out[row]
            out[row] = (np.concatenate([np.minimum(box[:2], dash[:2]),
                                      np.maximum(box[2:], dash[2:])]).astype(box.dtype), height)
    return out


def _mark_starts(c: _Comps, free: np.ndarray, lines: list[tuple[np.ndarray, float]],
                 scale: float, tall: float) -> dict[int, int]:
    """Per line (index) with a mark before it (see :func:`_with_marks`), the mark's
    first column; ``free``: the components no line holds; ``tall``: a mark's height at
    most, in MARK_SIZE text heights. A mark further than MARK_NEAR before its line
    counts where another line's mark stands in its column (within 0.3 text heights)."""
    size = MARK_SIZE * scale
    marks = np.flatnonzero(free & (c.h <= tall * size) & (c.w <= size) & (c.area >= 2))
    if tall < 1.0:  # (a hyphen, wider than tall: not a sliver of a rule's edge)
        marks = marks[(c.w[marks] >= 1.5 * c.h[marks]) & (c.w[marks] >= max(3.0, 0.25 * scale))]
    if not len(marks) or not lines:
        return {}
    boxes = np.array([box for box, _h in lines], dtype=np.int64)
    found: dict[int, int] = {}
    marks_end: dict[int, int] = {}
    for k, (x0, y0, _x1, y1) in enumerate(boxes.tolist()):
        near = marks[(c.x1[marks] <= x0) & (c.x1[marks] >= x0 - MARK_GAP * scale)
                     & (c.y0[marks] >= y0) & (c.y1[marks] <= y1)]
        if not len(near):
            continue
        start = int(c.x0[near].min())
        marks_end[k] = int(c.x1[near].max())
        # no other line in the row between the marks and this line's start
        between = ((boxes[:, 2] > start) & (boxes[:, 0] < x0) & (boxes[:, 1] < y1)
                   & (boxes[:, 3] > y0))
        between[k] = False
        if not between.any():
            found[k] = start
    # (a mark further than MARK_NEAR before its line stands in a column with another
    # line's: a list's; a speck left of a line, a chart's tick, is none)
    far = {k: x for k, x in found.items() if boxes[k, 0] - marks_end[k] > MARK_NEAR * scale}
    starts = np.array(list(found.values()), dtype=np.int64)
    for k, x in far.items():
        if not _in_a_column(starts, x, scale):
            del found[k]
    return found


def _in_a_column(starts: np.ndarray, x: int, scale: float) -> bool:
    """Whether the mark starting at ``x`` stands in a column with another line's (of
    ``starts``, its own among them): within MARK_COLUMN text heights, a list's marks,
    not a scan's specks."""
    return bool((np.abs(starts - x) <= MARK_COLUMN * scale).sum() >= 2)


def _same_row(a: np.ndarray, b: np.ndarray, gap: float) -> bool:
    """Whether two line boxes [x0, y0, x1, y1] share half the height of the lower one
    and lie within ``gap`` of each other sideways: parts of one line."""
    high = min(a[3], b[3]) - max(a[1], b[1])
    wide = min(a[2], b[2]) - max(a[0], b[0])
    return wide > -gap and high > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _tilt(c: _Comps, members: np.ndarray, scale: float) -> Tilt:
    """A line's own slope on the levelled page, and its top and bottom edges along it
    (rows where they cross x = 0) holding every letter, or its baseline where it is
    bent (see :func:`_bend`; slope 0 then): LEVEL when it is level, short or has too
    few letters to tell. The slope is that between the feet of its
    letters of about the line's height, left half against right half (the median foot
    of each: on the baseline, whatever a few descenders and marks do)."""
    x0, x1 = c.x0[members], c.x1[members]
    if len(members) < 12 or x1.max() - x0.min() < 8 * scale:
        return LEVEL
    h = c.h[members].astype(np.float64)
    foot = c.y1[members].astype(np.float64)  # on the baseline, but for a few descenders
    cx = (x0 + x1) / 2.0
    usual = np.flatnonzero((h >= 0.6 * np.median(h)) & (h <= 1.6 * np.median(h)))
    if len(usual) < 12:
        return LEVEL
    bend = _bend(cx[usual], foot[usual], members, c, scale)
    if bend is not None:
        return 0.0, 0.0, 0.0, bend
    # the feet of four stretches of the line, each a quarter of its letters: a tilted
    # line's rise from each to the next alike; a row of two items on two baselines (a
    # label and its value) rises in one step, and is not tilted
    quarters = np.array_split(usual[np.argsort(cx[usual], kind="stable")], 4)
    xs = np.array([np.median(cx[q]) for q in quarters])
    ys = np.array([np.median(foot[q]) for q in quarters])
    rises = np.diff(ys) / np.maximum(np.diff(xs), 1.0)
    slope = float((ys[3] + ys[2] - ys[1] - ys[0]) / max(xs[3] + xs[2] - xs[1] - xs[0], 1.0))
    if not (np.all(rises * slope > 0) and np.all(np.abs(rises) >= 0.3 * abs(slope))):
        return LEVEL
    # only a clear tilt: a level line's box is already tight (a rise of half a text
    # height over the line at least), and at most MAX_SKEW
    if abs(slope) * (x1.max() - x0.min()) < 0.5 * scale:
        return LEVEL
    slope = float(np.clip(slope, -math.tan(math.radians(MAX_SKEW)),
                          math.tan(math.radians(MAX_SKEW))))
    top = float(np.minimum(c.y0[members] - slope * x0, c.y0[members] - slope * x1).min())
    bottom = float(np.maximum(c.y1[members] - slope * x0, c.y1[members] - slope * x1).max())
    return slope, top, bottom, None


def _bend(cx: np.ndarray, foot: np.ndarray, members: np.ndarray, c: _Comps, scale: float
          ) -> Bend | None:
    """A line's baseline where it is bent (a page curled in a photo), from the feet
    ``foot`` at columns ``cx`` of its letters of about its height: the median foot of
    each of five to ten stretches, each of a few letters, leaves a straight line by
    BEND_MIN text heights and lies within BEND_FIT of a parabola through them (a row of
    two items on two baselines, a step, does not). None where it is not bent."""
    order = np.argsort(cx, kind="stable")
    span = float(cx.max() - cx.min())
    k = int(min(BEND_STRETCHES, span // (BEND_STRETCH * scale), len(order) // 3))
    if k < 5:
        return None
    parts = np.array_split(order, k)
    xs = np.array([np.median(cx[q]) for q in parts])
    ys = np.array([np.median(foot[q]) for q in parts])
    mid, half = (xs[0] + xs[-1]) / 2.0, max((xs[-1] - xs[0]) / 2.0, 1.0)
    u = (xs - mid) / half
    straight = ys - np.polyval(np.polyfit(u, ys, 1), u)
    if np.abs(straight).max() < BEND_MIN * scale:
        return None
    curve = np.polyfit(u, ys, 2)
    if np.abs(ys - np.polyval(curve, u)).max() > BEND_FIT * scale:
        return None
    x0, x1 = c.x0[members].astype(np.float64), c.x1[members].astype(np.float64)
    knots = np.linspace(x0.min(), x1.max(), BEND_KNOTS)
    bend = Bend(tuple(knots.tolist()), tuple(np.polyval(curve, (knots - mid) / half).tolist()),
                0.0, 0.0)
    base0, base1 = bend.at(x0), bend.at(x1)
    above = np.maximum(base0 - c.y0[members], base1 - c.y0[members]).max()
    below = np.maximum(c.y1[members] - base0, c.y1[members] - base1).max()
    return Bend(bend.xs, bend.ys, float(max(above, 1.0)), float(max(below, 1.0)))
