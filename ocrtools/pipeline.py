"""The chain of stages, as functions on records.

Each command of the toolset is one of these functions applied to every record of its
input, and ``ocr-read`` applies all of them in turn to each image: the piped chain and
``ocr-read`` run the very same code on the very same numbers (labels are rounded as
they are written to the stream), so they give the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ocrtools import records
from ocrtools.boxes import Lattice, LineGeometry
from ocrtools.geometry import Affine, bounding
from ocrtools.lines import HEIGHT, LineImage
from ocrtools.models import ModelInfo
from ocrtools.numeric import grey_levels, quantile_of_counts, true_runs
from ocrtools.records import Record, RecordError

if TYPE_CHECKING:
    from ocrtools.layout import Bend
    from ocrtools.typed import Decoder


def boxes_record(
    image: str, gray: np.ndarray, method: str = "otsu", rules: bool = True,
    task: str | None = None, rule_tilt: float = 90.0,
    found: tuple[np.ndarray, np.ndarray, LineGeometry] | None = None,
    resample: str = "bilinear",
) -> Record:
    """ocr-boxes: grey image -> record with the line, its ink, the candidate lattice
    (for character models) and the normalised strip (for line models). In-process
    (``ocr-read``) ``task`` names the model's task and only what it reads is made: the
    lattice for "line", the strip's pixels (no PNG round trip) for "ctc-line".
    ``found``: what :func:`line_reading` made of this image with these settings;
    ``resample``: how its strip is scaled (see :func:`ocrtools.lines.normalize_line`)."""
    from ocrtools.boxes import lattice_of
    from ocrtools.lines import normalize_line

    raw, ink, line = found or line_reading(gray, method, rules, rule_tilt)
    if task == "ctc-line":
        # PNG is lossless: the model reads the very numbers a piped ocr-classify decodes
        strip = normalize_line(gray, raw, ink, line, resample)
        h, w = ink.shape
        field = {"pixels": strip.pixels, "x0": round(strip.x0, 3),
                 "scale": round(strip.scale, 6)}
        return {"image": image, "size": [int(w), int(h)], "line": line.as_dict(),
                "strip": field}
    record = lattice_record(image, ink, lattice_of(ink, line))
    if task is None:
        record["strip"] = strip_field(normalize_line(gray, raw, ink, line, resample))
    return record


def line_reading(gray: np.ndarray, method: str = "otsu", rules: bool = True,
                 rule_tilt: float = 90.0, noise: bool = True
                 ) -> tuple[np.ndarray, np.ndarray, LineGeometry]:
    """The line reader's view of an image: (binarised ink, the levelled ink without rules
    and specks, the line's geometry); ``noise`` as :func:`~ocrtools.binarize.binarize`'s."""
    from ocrtools.binarize import binarize
    from ocrtools.boxes import line_ink

    raw = binarize(gray, method, noise)
    ink, line = line_ink(raw, rules=rules, rule_tilt=rule_tilt)
    return raw, ink, line


def plainly_one_line(ink: np.ndarray, line: LineGeometry) -> bool:
    """Whether the line reader's view shows an image of one line and nothing else, so
    that ``--layout auto`` need not analyse it as a page (the analysis costs more than
    the reading): the band is a line's (found, and at most ONE_LINE_WIDE of the image's
    width), the image at most ONE_LINE_ROOM bands tall, the band at most ONE_LINE_BAND
    x-heights (no rows merged into one band), and all but ONE_LINE_STRAY of the cleaned
    ink lies in the band or within 0.3 of its height of it (no other row of text above
    or below). On the evaluation sets the page analysis reads every image this passes as
    one line too; the others still go through it."""
    height = line.height
    if line.xheight >= ink.shape[0] or height > ONE_LINE_WIDE * ink.shape[1]:
        return False  # no line found (the band is the whole image), or a "line" of
        # a panel's size (a screen's dark card read as one letter)
    if ink.shape[0] > ONE_LINE_ROOM * height or height > ONE_LINE_BAND * line.xheight:
        return False
    rows = ink.sum(axis=1, dtype=np.int64)
    total = int(rows.sum())
    if total == 0:
        return False
    margin = int(0.3 * height)
    inside = int(rows[max(0, line.top - margin):line.bottom + margin].sum())
    if total - inside >= ONE_LINE_STRAY * total:
        return False
    return not _solid_blob(ink[max(0, line.top - margin):line.bottom + margin], height)


def _solid_blob(band: np.ndarray, height: float) -> bool:
    """Whether the ink of a text band holds a solid blob as large as the band is tall
    both ways (ONE_LINE_BLOB of its square, filling ONE_LINE_FILL of its box): a
    screen's dark card the band was found round, no letter."""
    if int(np.count_nonzero(band)) < ONE_LINE_BLOB * height * height:
        return False  # (no blob that large: the band is not labelled, a field's usual case)
    from scipy.ndimage import find_objects, label

    labels, count = label(band)
    if not count:
        return False
    areas = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    large = np.flatnonzero(areas >= ONE_LINE_BLOB * height * height)
    if not len(large):
        return False
    boxes = find_objects(labels)
    return any(areas[k] >= ONE_LINE_FILL * (boxes[k][0].stop - boxes[k][0].start)
               * (boxes[k][1].stop - boxes[k][1].start) for k in large.tolist())


ONE_LINE_ROOM = 3.0  # image height / text band height of a field image read straight
ONE_LINE_BAND = 2.5  # text band / x-height: more, and the band may hold several rows
ONE_LINE_STRAY = 0.02  # share of the ink allowed outside the band
ONE_LINE_WIDE = 0.5  # text band / image width, at most (two letters' width, at least)
ONE_LINE_BLOB = 0.7  # a solid blob of this share of the band's height squared is no letter
ONE_LINE_FILL = 0.6  # ... where it fills this share of its box


LAYOUTS = ("auto", "page", "block", "line")


def page_records(
    image: str, gray: np.ndarray, method: str = "otsu", rules: bool = True,
    task: str | None = None, layout: str = "auto", page: int = 1,
) -> list[Record]:
    """ocr-boxes on a page: one line record per text line, in reading order, each one
    what :func:`boxes_record` makes of the line's strip of the page, plus where it lies
    on the page ("page", "block", "line_index", "line_count", "bbox", "polygon",
    "baseline", and "frame": the map from the line's pixels to the page's). A page
    without text gives one record with ``line_count`` 0.

    ``layout``: "line" reads the whole image as one line (a field image: today's
    reading); "page" finds blocks and lines (columns, reading order); "block" the
    lines of one block of text, top to bottom; "auto" the page analysis, but an image
    that holds a single row of text is read as one line."""
    from ocrtools.descreen import descreen, in_dots, is_lattice, smoothed
    from ocrtools.layout import analyse_page

    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    gray = np.asarray(gray, dtype=np.uint8)
    height, width = gray.shape
    head: Record = {"image": image, "page": page, "size": [int(width), int(height)]}
    reading = None
    if layout in ("auto", "line") and height <= width and gray.size <= FIELD_PIXELS:
        # a one-line image set in screened print all over (a grey heading's dots,
        # white letters on a dotted banner: read as specks; a table's shaded cell cut
        # alone, a tile or two of it) is read as the grey it stands for; a noisy
        # field's specks look like a screen to the tile count, but not a lattice; a
        # table's row with a shaded cell is read as it is (the shading made grey, even
        # lifted to the paper's tone as a page's is, loses the cell's letters: 23 of
        # 108 such rows read right, 41 as they are)
        if is_lattice(gray):
            screened = descreen(gray, least=1)
            if np.mean(screened != gray) >= SCREENED_LINE:
                gray = screened
            elif in_dots(gray):
                gray = smoothed(gray)
    if layout == "auto" and height <= width and gray.size <= FIELD_PIXELS:
        # (a page is not looked at as one line first: its rules alone cost a tenth of a
        # second)
        reading = line_reading(gray, method, rules)
        if plainly_one_line(reading[1], reading[2]):
            layout = "line"
    if layout != "line":
        # a page's dithered shading and screened print are read as the grey they stand
        # for; a one-line image is read as it is (a noisy field's specks look like a
        # screen to the detector, and smoothed they read worse)
        screened = descreen(gray)
        found = analyse_page(screened, single_block=layout == "block",
                             dotted=None if screened is gray else screened != gray)
        if layout == "page" or not _one_row(found, gray, method,
                                            reading[2] if reading and rules else None):
            return _layout_records(head, screened, found, method, rules, task)
    record = boxes_record(image, gray, method, rules, task, found=reading)
    record.update(head)
    record.update(block=0, line_index=0, line_count=1)
    record["frame"] = {"size": [int(width), int(height)], "to_page": Affine().as_list()}
    return [record]


def _one_row(found: Any, gray: np.ndarray | None = None, method: str = "otsu",
             band: LineGeometry | None = None) -> bool:
    """Whether an image holds a single row of text (a field, however noisy), so that
    ``--layout auto`` reads it whole, as one line. It does when the lines found all lie
    in one row; and also when, of the rows found, fewer than two are lines of the size
    of the text band the line reader finds in the whole image (the other "lines" are
    specks, rule debris or noise, which a noisy field is full of)."""
    lines = found.lines
    if len(lines) <= 1:
        return True
    top = max(line.box[1] for line in lines)
    bottom = min(line.box[3] for line in lines)
    if bottom > top:
        return True
    if gray is None:
        return False
    many = len(lines) > FIELD_ROWS
    if (many and gray.size > FIELD_SMALL) or (
        gray.shape[0] > ONE_ROW_BANDS * 3 * found.scale and gray.size > FIELD_PIXELS
    ):
        return False  # many lines, or a large image with room for them: a page
    if band is None:  # (the line reader's look, when page_records has not taken it)
        band = line_reading(gray, method)[2]
    if many and band.height > 0.6 * gray.shape[0]:
        return False  # many lines, and the line reader's "line" is most of the image
    # a small image with many "lines" may be a hard field: its noise makes dozens of
    # short or tiny ones, but only one row of the line reader's text height
    height = max(band.height, 3)
    sized = [line for line in lines
             if 0.6 * height <= line.box[3] - line.box[1] <= 1.8 * height
             and line.box[2] - line.box[0] >= 1.5 * height]
    rows = sorted(sized, key=lambda line: line.box[1])
    apart = sum(1 for a, b in zip(rows, rows[1:], strict=False) if b.box[1] >= a.box[3])
    return apart < 1


ONE_ROW_BANDS = 4.0  # an image this many text bands tall (x3 the text height) is a page
FIELD_ROWS = 6  # more lines than a noisy field's debris makes: a page ...
FIELD_SMALL = 200_000  # ... unless the image is as small as a field (a hard field's
# noise makes dozens of "lines": there the rows of text height decide)
FIELD_PIXELS = 1_000_000  # ... when it is also this large (a noisy field's text height
# is often misjudged, from its specks: a small image is checked with the line reader)
SCREENED_LINE = 0.9  # share of a one-line image's pixels a screen covers, to descreen it


def _neighbour_limits(boxes: list[tuple[int, int, int, int]]) -> list[tuple[float, float]]:
    """For each line box (x0, y0, x1, y1): how far up and down its strip may reach
    without taking in the line above or below it (those overlapping it in x)."""
    if not boxes:
        return []
    b = np.array(boxes, dtype=np.float64)
    x0, y0, x1, y1 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    overlap = (x0[:, None] < x1[None, :]) & (x1[:, None] > x0[None, :])
    np.fill_diagonal(overlap, False)
    centre = (y0 + y1) / 2
    above = overlap & (centre[None, :] < centre[:, None])
    below = overlap & (centre[None, :] > centre[:, None])
    top = np.where(above, y1[None, :], -np.inf).max(axis=1)
    bottom = np.where(below, y0[None, :], np.inf).min(axis=1)
    # never closer to the own box than the middle of an overlap
    top = np.minimum(top, y0)
    bottom = np.maximum(bottom, y1)
    return list(zip(top.tolist(), bottom.tolist(), strict=True))


PAGE_RESAMPLE = "bicubic"  # a page's line strips are scaled so (the held-out synthetic pages:
# 1,250 -> 1,176 edits, seed 2003 1,010 -> 942, tune 3,488 -> 3,466, real 1,710 -> 1,697;
# Lanczos 1,199 / 942 / 3,453 / 1,708), and a tilted page's lines cut so (1,176 -> 1,191,
# 942 -> 879, 3,466 -> 3,451, 1,697 -> 1,696; 50 ms a page, 0.43 -> 0.84 s of the transform
# on the 8 bench pages, the seed-2003 pages' 7% fewer edits kept it); a one-line image's
# bilinear, as the line model's training lines were (bicubic there: hard 3.93% -> 4.10%,
# scan 0.26% -> 0.32%)
PAGE_RULE_TILT = 15.0  # degrees: the steepest rule looked for across a line of a page
# (the page is levelled: a rule at a steep angle there is a picture's edge, and the
# search over every angle cost a sixth of a page's reading)
STRIP_LOST = 0.4  # a strip's letters this much shorter than the layout's: its ink was lost
LINE_MARGIN = 0.3  # text heights of the page kept above and below a line's box
LINE_SIDE = 1.0  # text heights kept before and after it
DASHES = 3  # pieces of a dashed rule read as no text, at least
DASH_SOLID = (0.6, 0.8)  # share of its box a dash's ink fills, at least; their median
DASH_SPECK = 0.25  # a piece with this share of the median piece's ink or less is a speck
SMALL_PRINT = 12.0  # px: a line's letters shorter than this are read from its strip enlarged
# twice (see enlarged: seed 2019's five worst screens 853 -> 378 edits, seed 2018's
# twelve screens 661 -> 536; 14 or 20 px the same)
INTRUDE = 0.4  # text heights: a neighbour's box reaching this far into a line's, at most,
# is the line above's feet or the line below's heads (painted over in the strip)
RULE_MARGIN = 0.15  # text heights of margin above and below a line where rules are seen
RULE_COVER = 0.9  # share of a strip's rows a vertical rule's column is ink in
RULE_WIDTH = 0.3  # text heights: a vertical rule is this thin at most
# a blurred strip (its steepest steps, the 99th percentile of neighbouring pixels'
# differences along its rows, under BLURRED of its contrast, the 5th to 95th
# percentile of its grey levels) is sharpened by an unsharp mask: SHARPEN times its
# difference from itself smoothed by a Gaussian of SHARPEN_SIGMA pixels
BLURRED = 0.5
SHARPEN = 1.5
SHARPEN_SIGMA = 1.0


def _layout_records(
    head: Record, gray: np.ndarray, found: Any, method: str, rules: bool, task: str | None
) -> list[Record]:

    if not found.lines:
        return [{**head, "line_count": 0, "text": ""}]
    gray = found.clear_border(gray)
    image = None
    fill = 255
    if found.levelled:
        from PIL import Image

        # each line's strip is cut from the input through the levelling map (a strip's
        # worth of pixels each, not the whole page turned: a quarter of the page's time)
        image = Image.fromarray(gray)
        step = max(1, gray.shape[0] // 256), max(1, gray.shape[1] // 256)
        fill = int(np.median(gray[:: step[0], :: step[1]]))
    lw, lh = found.levelled_size
    out: list[Record] = []
    count = len(found.lines)
    boxes = [line.box for line in found.lines]
    limits = _neighbour_limits(boxes)
    placed_boxes = np.array(boxes).reshape(-1, 4)
    for k, (line, (top, bottom)) in enumerate(zip(found.lines, limits, strict=True)):
        x0, y0, x1, y1 = line.box
        my = LINE_MARGIN * line.height
        mx = LINE_SIDE * line.height
        cx0, cy0 = max(0, int(x0 - mx)), max(0, int(max(y0 - my, top)))
        cx1, cy1 = min(lw, int(np.ceil(x1 + mx))), min(lh, int(np.ceil(min(y1 + my, bottom))))
        row0: float = cy0  # the levelled page's row of the strip's top
        if line.bend is not None:  # cut along its baseline: straight (and no neighbour's)
            crop, row0 = _bent_strip(gray, found.to_page, line.bend, (cx0, cx1), my, fill)
            crop = without_side_rules(crop, (my, crop.shape[0] - my), line.height)
        else:
            if image is None:
                crop = gray[cy0:cy1, cx0:cx1]
            else:
                from PIL import Image

                crop = np.asarray(image.transform(
                    (max(1, cx1 - cx0), max(1, cy1 - cy0)), Image.Transform.AFFINE,
                    found.to_page.shifted(cx0, cy0).as_list(), Image.Resampling.BICUBIC,
                    fillcolor=fill))
            crop = without_side_rules(crop, (y0 - cy0, y1 - cy0), line.height)
            crop = without_neighbours(crop, _intruders(placed_boxes, k, (cx0, cy0, cx1, cy1),
                                                       line.height))
        crop, up = enlarged(sharpened(crop), line.height)
        to_page = Affine(1.0 / up, 0.0, 0.0, 0.0, 1.0 / up, 0.0).then(
            found.to_page.shifted(cx0, row0))
        reading = strip_reading(crop, method, rules, line.height * up)
        if up > 1 and dashed(reading[0]):  # (a receipt's `- - - -` between its sections,
            # a line as thin as its dashes, enlarged: no text, its strip read as paper;
            # the test's labelling is left off the strips of text, 23 ms an A4 page)
            crop = np.full_like(crop, int(np.median(crop)))
            reading = strip_reading(crop, method, rules, line.height * up)
        record = boxes_record(str(head["image"]), crop, method, rules, task, found=reading,
                              resample=PAGE_RESAMPLE)
        record.update(head)
        geometry = record["line"]
        corners = [found.to_page(px, py) for px, py in line.corners()]
        if line.bend is not None:
            ends = [(x, line.bend.at(x)) for x in (x0, x1)]
        elif line.edges is None:
            base = float(geometry["baseline"]) / up + row0
            ends = [(x0, base), (x1, base)]
        else:  # a tilted line's baseline runs along its bottom edge, above descenders
            drop = float(geometry["bottom"]) - float(geometry["baseline"])
            ends = [(x, line.edges[1] + line.slope * x - drop) for x in (x0, x1)]
        record.update(
            block=line.block,
            line_index=line.index,
            line_count=count,
            bbox=list(_clip(bounding(corners), [0, 0, *head["size"]])),  # on the page
            polygon=[[int(round(v)) for v in p] for p in corners],
            baseline=[[int(round(v)) for v in found.to_page(*p)] for p in ends],
            frame={"size": [int(crop.shape[1]), int(crop.shape[0])],
                   "to_page": to_page.as_list()},
        )
        out.append(record)
    return out


def _bent_strip(gray: np.ndarray, to_page: Affine, bend: Bend, cols: tuple[int, int],
                margin: float, fill: int) -> tuple[np.ndarray, float]:
    """A bent line's strip (see :class:`ocrtools.layout.Bend`), straightened: each of its
    columns ``cols`` (x0, x1 of the levelled page) the rows from ``margin`` above its
    letters to ``margin`` below them, along its baseline, through ``to_page`` (bilinear;
    ``fill`` outside the page). Returns the strip and the levelled page's row its top
    row lies at on average (its columns lie that far up or down of it)."""
    from scipy.ndimage import map_coordinates

    xs = np.arange(cols[0], max(cols[1], cols[0] + 1), dtype=np.float64)
    top = bend.at(xs) - bend.above - margin
    rows = np.arange(int(np.ceil(bend.above + bend.below + 2 * margin)), dtype=np.float64)
    x = np.broadcast_to(xs[None, :], (len(rows), len(xs)))
    y = top[None, :] + rows[:, None]
    px, py = to_page(x, y)
    strip = map_coordinates(gray, [py, px], output=np.float32, order=1, mode="constant",
                            cval=fill)
    return grey_levels(strip), float(top.mean())


def strip_reading(strip: np.ndarray, method: str, rules: bool, height: float
                  ) -> tuple[np.ndarray, np.ndarray, LineGeometry]:
    """:func:`line_reading` of a page line's strip, whose letters the layout found
    ``height`` pixels tall: where the noise test leaves none of them (a photo's light
    falling off along a blurred line, the paper's slope and the broad letters taken
    together for noise; specks left at most), Otsu's split stands."""
    found = line_reading(strip, method, rules, PAGE_RULE_TILT)

    def lost(line: LineGeometry) -> bool:
        return line.reach is None or line.xheight < STRIP_LOST * height

    if method == "otsu" and lost(found[2]):
        split = line_reading(strip, method, rules, PAGE_RULE_TILT, noise=False)
        if not lost(split[2]):
            return split
    return found


def dashed(ink: np.ndarray) -> bool:
    """Whether a line's ink is a dashed rule: DASHES pieces or more (specks left out: a
    DASH_SPECK of the median piece's ink or less), each twice as wide as it is tall at
    least and solid (DASH_SOLID of its box ink, and their median more), none more than
    twice as tall as another (a receipt's `- - - -` between its sections, read as dashes
    from its strip enlarged; a line of text has letters, and a small screen font's words
    run together into pieces as flat, but hollow)."""
    from scipy.ndimage import find_objects, label

    labels, count = label(ink)
    if count < DASHES:
        return False
    pieces = find_objects(labels)
    tall = np.array([s[0].stop - s[0].start for s in pieces])
    wide = np.array([s[1].stop - s[1].start for s in pieces])
    area = np.bincount(labels.ravel(), minlength=count + 1)[1:]
    # (specks beside the dashes, a quarter of a dash's ink or less, tell nothing)
    kept = area > DASH_SPECK * float(np.median(area))
    tall, wide, solid = tall[kept], wide[kept], area[kept] / (tall[kept] * wide[kept])
    return bool(len(tall) >= DASHES and (wide >= 2 * tall).all() and tall.max() <= 2 * tall.min()
                and solid.min() >= DASH_SOLID[0] and float(np.median(solid)) >= DASH_SOLID[1])


def enlarged(strip: np.ndarray, height: float) -> tuple[np.ndarray, int]:
    """A page line's strip whose letters the layout found ``height`` pixels tall, and
    the factor it was enlarged by: SMALL_PRINT's lines twice (bicubic), for the strip's
    binarisation to see their letters' shapes (a screen's 8 px sidebar items read
    `Adult` as `du`, `Television` as `Televisi`: their strokes a pixel wide, a
    threshold of the strip's few pixels lost the letters at its ends); 1 for the rest."""
    if height >= SMALL_PRINT or strip.shape[0] < 2 or strip.shape[1] < 2:
        return strip, 1
    from PIL import Image

    size = (2 * strip.shape[1], 2 * strip.shape[0])
    return np.asarray(Image.fromarray(strip).resize(size, Image.Resampling.BICUBIC)), 2


def sharpened(strip: np.ndarray) -> np.ndarray:
    """A page line's strip, sharpened where it is blurred (see BLURRED): a photo's
    small print, blurred by a pixel, lost its i's and l's and read `t` as `f`."""
    g = np.asarray(strip, dtype=np.uint8)
    if g.shape[0] < 3 or g.shape[1] < 3:
        return strip
    # (quantiles of the histograms: O(n), where np.percentile sorted each strip)
    levels = np.bincount(g.ravel(), minlength=256)
    steps = np.bincount(np.abs(np.diff(g.astype(np.int16), axis=1)).ravel(), minlength=256)
    contrast = quantile_of_counts(levels, 0.95) - quantile_of_counts(levels, 0.05)
    if quantile_of_counts(steps, 0.99) >= BLURRED * max(1, contrast):
        return strip
    from scipy.ndimage import gaussian_filter

    f = g.astype(np.float32)
    out = f + SHARPEN * (f - gaussian_filter(f, SHARPEN_SIGMA))
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _dark_on_light(g: np.ndarray) -> tuple[float, np.ndarray] | None:
    """A page strip's paper tone (its median) and its ink (40 grey levels darker, or 40%
    of the way to its darkest pixel); None for light print on a dark ground, which the
    strip's painting leaves as it is."""
    paper = float(np.median(g))
    ink = g < paper - max(40.0, 0.4 * (paper - float(g.min())))
    return None if paper < 128 or ink.mean() > 0.4 else (paper, ink)


def without_side_rules(strip: np.ndarray, rows: tuple[float, float], height: float) -> np.ndarray:
    """A line's strip of a page with the vertical rules through it painted over in its
    paper's tone: a frame's side or a table's ruling a pixel from the first letter is
    read as an I or eats the letter. A rule is a thin column of ink that runs down the
    whole strip, past the line's box (``rows``, strip rows) into the margins above and
    below it, where no letter of the line reaches; without such margins (lines packed
    tight) nothing is painted."""
    g = np.asarray(strip, dtype=np.uint8)
    top, bottom = int(rows[0]), int(np.ceil(rows[1]))
    margin = max(2, int(RULE_MARGIN * height))
    if top < margin or g.shape[0] - bottom < margin or g.shape[1] < 3:
        return strip
    found = _dark_on_light(g)
    if found is None:
        return strip
    paper, ink = found
    full = ink.mean(axis=0) >= RULE_COVER
    if not full.any():
        return strip
    out = None
    for a, b in true_runs(full):
        if b - a <= max(2, RULE_WIDTH * height):
            if out is None:
                out = g.copy()
            out[:, max(0, a - 1): b + 1] = int(round(paper))
    return strip if out is None else out


def _intruders(boxes: np.ndarray, k: int, crop: tuple[int, int, int, int], height: float
               ) -> list[tuple[int, int, int, int]]:
    """The parts of the boxes of line k's neighbours above and below it (overlapping it
    in x) that reach into its strip ``crop`` (x0, y0, x1, y1), in the strip's pixels
    (row0, row1, col0, col1): the rows where a curved or tightly set line's neighbour
    overlaps it, touching the strip's top or bottom edge; INTRUDE of the line's text
    ``height`` into its box at most (deeper, the boxes are not two lines' that touch)."""
    cx0, cy0, cx1, cy1 = crop
    b = np.asarray(boxes).reshape(-1, 4)
    x0, y0, x1, y1 = b[k].tolist()
    middle = (y0 + y1) / 2
    deep = INTRUDE * height
    # (the candidates first, all at once: a page has hundreds of lines)
    near = (b[:, 2] > max(x0, cx0)) & (b[:, 0] < min(x1, cx1)) & (b[:, 3] > cy0) & (b[:, 1] < cy1)
    near[k] = False
    zones = []
    for a0, b0, a1, b1 in b[near].tolist():
        if (b0 + b1) / 2 < middle and b1 > cy0 and b1 - y0 <= deep:
            zones.append((0, min(b1, cy1) - cy0, max(a0, cx0) - cx0, min(a1, cx1) - cx0))
        elif (b0 + b1) / 2 > middle and b0 < cy1 and y1 - b0 <= deep:
            zones.append((max(b0, cy0) - cy0, cy1 - cy0, max(a0, cx0) - cx0, min(a1, cx1) - cx0))
    return [(int(r0), int(r1), int(c0), int(c1)) for r0, r1, c0, c1 in zones]


def without_neighbours(strip: np.ndarray, zones: list[tuple[int, int, int, int]]) -> np.ndarray:
    """A line's strip with the ink of its neighbours painted over in its paper's tone:
    the feet of the line above (the head of the line below) that reach into it where
    the lines are set tight or curve (a receipt's dot-matrix print) were read as accents
    (`012 - 6651783` -> `öiž8šři83`). A piece of ink that touches the strip's top
    (bottom) edge and lies wholly inside a neighbour's box (``zones``, from
    :func:`_intruders`) is the neighbour's; the zone is painted over, but for a margin
    of a pixel around the rest of the ink (the line's own letters, which reach out
    of it, and its accents, which touch no edge), halo and all."""
    if not zones:
        return strip
    from scipy.ndimage import binary_dilation, find_objects, label

    g = np.asarray(strip, dtype=np.uint8)
    found = _dark_on_light(g)
    if found is None:
        return strip
    paper, ink = found
    labels, _count = label(ink, structure=np.ones((3, 3), dtype=bool))
    height = g.shape[0]
    theirs = []
    for n, where in enumerate(find_objects(labels), start=1):
        r0, r1, c0, c1 = where[0].start, where[0].stop, where[1].start, where[1].stop
        if any(r0 >= z0 and r1 <= z1 and c0 >= x0 and c1 <= x1
               and ((z0 == 0 and r0 == 0) or (z1 == height and r1 == height))
               for z0, z1, x0, x1 in zones):
            theirs.append(n)
    if not theirs:
        return strip
    own = binary_dilation(ink & ~np.isin(labels, theirs), iterations=1)
    out = g.copy()
    for z0, z1, x0, x1 in zones:
        region = out[z0:z1, x0:x1]
        region[~own[z0:z1, x0:x1]] = int(round(paper))
    return out


def strip_field(strip: LineImage) -> dict[str, Any]:
    """The normalised grey line (what a line model reads) and its place in the image."""
    return {
        "png": records.encode_gray(strip.pixels),
        "x0": round(strip.x0, 3),
        "scale": round(strip.scale, 6),
    }


def lattice_record(image: str, ink: np.ndarray, lattice: Lattice) -> Record:
    h, w = ink.shape
    return {
        "image": image,
        "size": [int(w), int(h)],
        "line": lattice.line.as_dict(),
        "segments": [list(s) for s in lattice.segments],
        "boxes": [list(b) for b in lattice.boxes],
        "spans": [list(s) for s in lattice.spans],
        "ink": records.encode_ink(ink),
    }


def _lattice(record: Record) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The record's segments and spans, checked: every span lies within the segments."""
    segments, spans = _pairs(record, "segments"), _pairs(record, "spans")
    for i, j in spans:
        if not (0 <= i < j <= len(segments)):
            raise RecordError(f"span [{i}, {j}] is outside the {len(segments)} segments")
    return segments, spans


def _boxes(record: Record) -> list[tuple[int, int, int, int]]:
    try:
        return [(int(x), int(y), int(w), int(h)) for x, y, w, h in record["boxes"]]
    except (TypeError, ValueError) as exc:
        raise RecordError(f"field 'boxes' must be a list of [x, y, w, h] ({exc})") from None


def _labels(value: Any) -> list[dict[str, Any]]:
    """The classifier's labels, checked: each {"label": str, "p": number, "alt": [[l, p]]}."""
    try:
        checked = []
        for item in value:
            alt = [[str(a), float(p)] for a, p in item.get("alt", [])]
            checked.append({"label": str(item["label"]), "p": float(item["p"]), "alt": alt})
        return checked
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RecordError(
            f"field 'labels' must be a list of {{label, p, alt}} from ocr-classify ({exc})"
        ) from None


def line_of(record: Record) -> LineGeometry:
    try:
        line = record["line"]
        return LineGeometry(
            top=int(line["top"]),
            bottom=int(line["bottom"]),
            baseline=int(line["baseline"]),
            xheight=float(line["xheight"]),
            angle=float(line.get("angle", 0.0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"field 'line' is malformed ({exc})") from None


def _pairs(record: Record, key: str) -> list[tuple[int, int]]:
    try:
        return [(int(a), int(b)) for a, b in record.get(key, [])]
    except (TypeError, ValueError) as exc:
        raise RecordError(f"field {key!r} must be a list of pairs ({exc})") from None


def crop_record(record: Record, size: int) -> np.ndarray:
    """ocr-crop: the normalised crops of every candidate box of a record."""
    from ocrtools.crop import crop_spans

    records.check_fields(record, ("ink", "line", "segments", "spans"), "ocr-crop")
    ink = records.decode_ink(record["ink"])
    segments, spans = _lattice(record)
    return crop_spans(ink, line_of(record), segments, spans, size)


def crops_of(record: Record, size: int) -> np.ndarray:
    """The record's crops if ocr-crop added them at this size, else cut them now."""
    if "crops" in record:
        crops = records.decode_crops(record["crops"])
        if crops.ndim == 3 and crops.shape[1:] == (size, size):
            return crops
    return crop_record(record, size)


def classify_record(record: Record, info: ModelInfo, session: Any) -> Record:
    """ocr-classify: the fields a model adds to a line record: "labels" for every
    candidate box (character models), or "frames" along the line (CTC line models)."""
    if record.get("line_count") == 0:
        return {}  # the one record of a page without text: nothing to classify
    if info.task == "ctc-line":
        frames, stride = ctc_frames(record, info, session)
        return {"model": info.name, "task": "ctc-line", "stride": stride, "frames": frames}
    return {"model": info.name, "labels": box_labels(record, info, session)}


def ctc_frames(record: Record, info: ModelInfo, session: Any
               ) -> tuple[list[list[list[Any]]], int | float]:
    """The frames of a line model along the record's strip, and the strip's columns per
    frame: the model's stride, or less where densely set print was read again
    stretched (:func:`ocrtools.ctc.dense_stretch`) and that reading was the more
    confident one."""
    from ocrtools import ctc

    records.check_fields(record, records.REQUIRED_FOR_CTC, "ocr-classify")
    pixels = _strip_pixels(record)
    stride = int(info.meta.get("input", {}).get("stride", 4))
    logits = ctc.run(session, pixels)
    factor = ctc.dense_stretch(logits, info.labels, pixels.shape[1])
    if factor > 1.0:
        wide = ctc.stretched(pixels, factor)
        again = ctc.run(session, wide)
        # the more confident reading (a slanted face stretched reads worse: `w` -> `æ`)
        if ctc.reading_confidence(again, info.labels) > ctc.reading_confidence(
                logits, info.labels):
            pixels, logits = wide, again
        else:
            factor = 1.0
    frames = ctc.frame_labels(logits, info.labels, max(1, pixels.shape[1] // stride))
    return frames, (stride if factor == 1.0 else round(stride / factor, 6))


def _strip_pixels(record: Record) -> np.ndarray:
    strip = record["strip"]
    if isinstance(strip, dict) and isinstance(strip.get("pixels"), np.ndarray):
        pixels = strip["pixels"]
    elif isinstance(strip, dict) and "png" in strip:
        pixels = records.decode_gray(str(strip["png"]), "strip")
    else:
        raise RecordError("field 'strip' must be {png, x0, scale} from ocr-boxes")
    if pixels.ndim != 2 or pixels.shape[0] != HEIGHT or pixels.shape[1] < 4:
        raise RecordError(f"field 'strip' must be a {HEIGHT}-row line image, not {pixels.shape}")
    return pixels


def box_labels(record: Record, info: ModelInfo, session: Any) -> list[dict[str, Any]]:
    """Labels for every candidate box of a line record (character models)."""
    from ocrtools.classify import predict, top_labels

    crops = crops_of(record, info.crop_size)
    return top_labels(predict(session, crops), info.labels)


def character_labels(gray: np.ndarray, info: ModelInfo, session: Any) -> list[dict[str, Any]]:
    """A whole image as one handwritten character (EMNIST-style models)."""
    from ocrtools.classify import predict, top_labels
    from ocrtools.emnist import normalize_character

    crop = normalize_character(gray)
    if not crop.any():
        return []  # a blank image holds no character: empty text, not a guess
    return top_labels(predict(session, crop[None, :, :]), info.labels)


def join_record(record: Record, decoder: Decoder | None = None) -> dict[str, Any]:
    """ocr-join: the best path through a classified lattice -> text and its characters."""
    from ocrtools.decode import apply_context, decode_best_path, join_chars
    from ocrtools.typed import Decoder

    decoder = decoder or Decoder()
    if record.get("line_count") == 0:
        return {"text": "", "chars": [], "words": [], "confidence": 0.0}

    labels = _labels(record.get("labels") or [])
    if record.get("task") == "character":
        if not labels:
            return {"text": "", "chars": [], "confidence": 0.0}
        best = labels[0]
        return {"text": str(best["label"]), "chars": [], "confidence": float(best["p"])}
    if record.get("task") == "ctc-line":
        return _without_noise(record, join_frames(record, decoder))
    records.check_fields(record, records.REQUIRED_FOR_JOIN, "ocr-join")
    segments, spans = _lattice(record)
    boxes = _boxes(record)
    if not (len(boxes) == len(spans) == len(labels)):
        raise RecordError(
            f"record has {len(boxes)} boxes, {len(spans)} spans and {len(labels)} "
            f"labels; they must match (classify the boxes of this very record)"
        )
    line = line_of(record)
    chars = decode_best_path(
        segments, spans, boxes, labels, line.xheight, decoder.allowed, line.height
    )
    if decoder.expect in ("any", "word", "name"):
        chars = apply_context(chars, line.height)
    text = decoder.correct(chars, lambda texts: join_chars(chars, line.height, texts))
    return {**placed(record, line, text, chars), **decoder.verdict(text)}


NOISE_CONFIDENCE = 0.6  # a page's line read at a mean confidence below this is no text


def _without_noise(record: Record, result: dict[str, Any]) -> dict[str, Any]:
    """A line of a page that the model reads at a mean confidence below 0.6 is a
    picture's texture, a halftone's dots or dirt, not text (a reading that unsure is
    mostly wrong where it is text: on the page sets, dropping it gains more than it
    loses up to 0.6, and loses from 0.7): its text is dropped; the line and its box stay,
    with the confidence it was read at. A field image (one line) keeps whatever it reads."""
    if (int(record.get("line_count") or 1) > 1 and str(result.get("text", "")).strip()
            and float(result.get("confidence", 1.0)) < NOISE_CONFIDENCE):
        return {**result, "text": "", "chars": [], "words": []}
    return result


BEAM = 32  # readings the n-best search keeps, for --expect checks that the best path fails


def _frames(value: Any) -> list[list[list[Any]]]:
    try:
        return [[[str(a), float(q)] for a, q in frame] for frame in value]
    except (TypeError, ValueError) as exc:
        raise RecordError(
            f"field 'frames' must be a list of [[label, p], ...] from ocr-classify ({exc})"
        ) from None


def join_frames(record: Record, decoder: Decoder) -> dict[str, Any]:
    """ocr-join for a line model: the best path through the frames -> text."""
    from ocrtools import ctc
    from ocrtools.decode import Char, amount_tails, apply_context, decimal_points

    records.check_fields(record, records.REQUIRED_FOR_CTC_JOIN, "ocr-join")
    frames = _frames(record["frames"])
    line = line_of(record)
    strip = record["strip"]
    try:
        x0, scale = float(strip["x0"]), float(strip["scale"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"field 'strip' is malformed ({exc})") from None
    try:
        stride = float(record.get("stride", 4))
    except (TypeError, ValueError):
        raise RecordError("field 'stride' must be a number") from None
    chars: list[Char] = []
    groups: list[list[int]] = [[]]
    path = ctc.best_path(frames, decoder.allowed, spaces=decoder.expect != "code")
    if decoder.expect in ("any", "word", "name"):
        path = decimal_points(path, frames)

    def char(label: str, first: int, last: int, p: float, alts: Any) -> Char:
        a = int(round(x0 + first * stride / scale))
        b = int(round(x0 + (last + 1) * stride / scale))
        box = (a, line.top, max(1, b - a), line.height)
        return Char(label, box, round(p, 5), (first, last + 1), alts)

    for e in path:
        if e.char == " ":
            groups.append([])
            continue
        groups[-1].append(len(chars))
        chars.append(char(e.char, e.first, e.last, e.p, e.alts))
    groups = [g for g in groups if g]
    if decoder.expect in ("any", "word", "name"):
        chars = apply_context(chars, line.height, groups)
    if decoder.expect == "any":
        chars, groups = amount_tails(chars, groups)
    if decoder.dictionary:
        from ocrtools.lexicon import mend_words

        chars, groups = mend_words(chars, groups, frames, char)

    def render(texts: Any) -> str:
        return " ".join("".join(texts[k] for k in g) for g in groups)

    spaces = decoder.expect != "code"

    def readings() -> list[str]:
        return [t for t, _logp in ctc.n_best(frames, decoder.allowed, spaces, beam=BEAM)]

    text = decoder.correct(chars, render, readings)
    return {**placed(record, line, text, chars), **decoder.verdict(text)}


def frame_of(record: Record, line: LineGeometry) -> Affine:
    """The map from the record's levelled line (where its boxes are found) to the input
    page: the line's own levelling undone, then its place on the page ("frame")."""
    from ocrtools.geometry import rotation

    frame = record.get("frame")
    try:
        if isinstance(frame, dict):
            width, height = (int(v) for v in frame["size"])
            to_page = Affine.from_list(frame.get("to_page", Affine().as_list()))
        elif "size" in record:  # a record of an older ocr-boxes: the whole image
            width, height = (int(v) for v in record["size"])
            to_page = Affine()
        else:  # no frame at all: boxes stay in the line's own pixels
            return Affine()
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"field 'frame' is malformed ({exc})") from None
    if not line.angle:
        return to_page
    unlevel, _size = rotation(-line.angle, width, height)
    return unlevel.then(to_page)


def _clip(box: tuple[int, int, int, int], outer: list[Any]) -> tuple[int, int, int, int]:
    """A box kept inside another (at least one pixel of it)."""
    ox, oy, ow, oh = (int(v) for v in outer)
    x0 = min(max(box[0], ox), ox + ow - 1)
    y0 = min(max(box[1], oy), oy + oh - 1)
    x1 = max(min(box[0] + box[2], ox + ow), x0 + 1)
    y1 = max(min(box[1] + box[3], oy + oh), y0 + 1)
    return (x0, y0, x1 - x0, y1 - y0)


def placed(record: Record, line: LineGeometry, text: str, chars: list[Any]) -> dict[str, Any]:
    """The decoded text with its characters and words in the input page's pixels."""
    to_page = frame_of(record, line)
    boxes = [to_page.box(*c.box) for c in chars]
    if isinstance(record.get("bbox"), list) and len(record["bbox"]) == 4:
        # a line model's frames place a character only roughly: keep it on its line
        boxes = [_clip(b, record["bbox"]) for b in boxes]
    out_chars = [{"char": c.char, "box": list(b), "p": c.p}
                 for c, b in zip(chars, boxes, strict=True)]
    words: list[dict[str, Any]] = []
    start = 0
    for word in text.split():
        # a corrected reading (--expect) may change the characters: words then keep
        # their place only while the letters still line up with the boxes
        part = out_chars[start:start + len(word)]
        if len(part) == len(word):
            from ocrtools.document import union_box

            box = union_box(tuple(c["box"]) for c in part)
            words.append({"text": word, "box": list(box or (0, 0, 0, 0)),
                          "confidence": round(float(np.mean([c["p"] for c in part])), 4),
                          "chars": [start, start + len(word)]})
        start += len(word)
    confidence = float(np.mean([c.p for c in chars])) if chars else 0.0
    result: dict[str, Any] = {"text": text, "chars": out_chars, "words": words,
                              "confidence": round(confidence, 4)}
    if "bbox" not in record:
        left = min((c.box[0] for c in chars), default=0)
        right = max((c.box[0] + c.box[2] for c in chars), default=1)
        band = (left, line.top, max(1, right - left), line.height)
        result["bbox"] = list(to_page.box(*band))
        result["polygon"] = [list(p) for p in to_page.polygon(*band)]
        result["baseline"] = [[int(round(v)) for v in to_page(left, line.baseline)],
                              [int(round(v)) for v in to_page(right, line.baseline)]]
    return result
