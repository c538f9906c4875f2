"""Descreening: dithered shading and screened print read as the grey they stand for."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocrtools.descreen import MIN_TILES, descreen, screened_tiles
from ocrtools.layout import analyse_page
from tests.conftest import ROOT, font_path

MODEL = ROOT / "models" / "printed.onnx"
needs_model = pytest.mark.skipif(not MODEL.exists(), reason="models/printed.onnx not trained")

BAYER = np.array([[0, 8, 2, 10], [12, 4, 14, 6], [3, 11, 1, 9], [15, 7, 13, 5]]) / 16.0


def dither(gray: np.ndarray) -> np.ndarray:
    """Ordered (Bayer 4x4) dither of a grey image: black dots on white."""
    h, w = gray.shape
    threshold = np.tile(BAYER, (h // 4 + 1, w // 4 + 1))[:h, :w]
    return np.where(gray / 255.0 > threshold, 255, 0).astype(np.uint8)


def text_page(lines: list[str], size: int = 26) -> np.ndarray:
    face = ImageFont.truetype(font_path(), size)
    image = Image.new("L", (900, 120 + len(lines) * 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for k, line in enumerate(lines):
        draw.text((60, 60 + k * 2 * size), line, font=face, fill=0)
    return np.asarray(image)


LINES = ["Revenue rose seven percent in the third quarter", "while costs fell by two",
         "percent against the same period of last year"]


def test_a_dithered_grey_is_smoothed_to_its_tone_and_plain_text_is_left_as_it_is():
    grey = dither(np.full((256, 256), 170, dtype=np.uint8))
    screened, _dots = screened_tiles(grey)
    assert screened.mean() > 0.9
    smooth = descreen(grey)
    inner = smooth[16:-16, 16:-16].astype(float)
    assert abs(inner.mean() - grey.mean()) < 8 and inner.std() < 12  # was 0 / 255 dots
    page = text_page(LINES, size=14)  # small type: its periods and i-dots are no screen
    assert not screened_tiles(page)[0].any()
    assert descreen(page) is page


def shaded_panel() -> np.ndarray:
    """The lines on a 25% grey panel, shading and letters dithered together (a shaded
    box of a bitonal scan)."""
    page = text_page(LINES).astype(np.float64)
    panel = page[30:240, 30:870]
    page[30:240, 30:870] = dither((panel / 255.0 * 190).astype(np.uint8))
    return page.astype(np.uint8)


def test_the_lines_on_a_dithered_shading_are_found():
    page = shaded_panel()
    found = analyse_page(descreen(page))
    # (a corner of the panel may make a short "line" of its own, as a plain grey one does)
    text = [line for line in found.lines if line.box[2] - line.box[0] > 250]
    clean = analyse_page(text_page(LINES)).lines
    assert len(text) == len(clean) == 3
    for line, truth in zip(text, clean, strict=True):  # where they are on the plain page
        assert np.abs(np.subtract(line.box, truth.box)).max() <= 6


@needs_model
def test_text_on_a_dithered_shading_is_read(tmp_path):
    from ocrtools.api import read

    path = tmp_path / "shaded.png"
    Image.fromarray(shaded_panel()).save(path)
    text = read(str(path)).text
    assert "third quarter" in text and "same period" in text


def test_the_quick_look_skips_a_page_only_where_it_could_hold_no_screen():
    """screened_tiles(..., least) bounds each tile's dots by the pixels with no ink above
    or left of them: where it stops early, the full count finds fewer screened tiles too,
    and where it does not, it counts the very same dots."""
    rng = np.random.default_rng(7)
    specks = np.where(rng.random((256, 320)) < 0.03, 0, 255).astype(np.uint8)
    shaded = shaded_panel()
    half = shaded.copy()
    half[:, 200:] = 255  # a screen of a few tiles only
    for image in (text_page(LINES, size=14), specks, shaded, half,
                  dither(np.full((64, 64), 170, dtype=np.uint8))):
        full, counts = screened_tiles(image)
        quick, quick_counts = screened_tiles(image, MIN_TILES)
        if full.sum() >= MIN_TILES:
            assert (quick == full).all() and (quick_counts == counts).all()
        else:
            assert not quick.any()
    assert screened_tiles(shaded, MIN_TILES)[0].sum() >= MIN_TILES


@needs_model
def test_a_one_line_image_of_screened_print_is_read_as_its_grey(tmp_path):
    """A heading in white on a screened banner (real lines: `Biotechnology` read as
    nothing, `Major Pharmaceuticals` as `Blldlld`): a one-line image whose screen covers
    it and repeats itself a period away is smoothed first. A noisy field's specks,
    which the tile count takes for dots too, are no lattice."""
    from ocrtools.api import read
    from ocrtools.descreen import is_lattice

    face = ImageFont.truetype(font_path("DejaVuSans-Bold.ttf"), 20)
    image = Image.new("L", (560, 44), 0)
    ImageDraw.Draw(image).text((10, 8), "Specialty Pharmaceuticals", font=face, fill=255)
    letters = np.asarray(image) > 128
    banner = dither(np.full(letters.shape, 110, dtype=np.uint8))
    banner[letters] = 255
    assert is_lattice(banner)
    path = tmp_path / "banner.png"
    Image.fromarray(banner).save(path)
    assert read(str(path)).text == "Specialty Pharmaceuticals"  # (was `Se`)
    rng = np.random.default_rng(5)
    noisy = np.clip(255.0 - 255 * letters + rng.normal(0, 60, letters.shape), 0, 255)
    assert not is_lattice(noisy.astype(np.uint8))


def dotted_banner(height: int = 48) -> np.ndarray:
    """A white title on a dark tint (a quarter white) printed as a lattice of white
    holes in black, a bar ``height`` pixels tall, over plain text: a page of 1900 x
    1000 pixels (300 dpi, analysed at half its size)."""
    face = ImageFont.truetype(font_path(), 28)
    image = Image.new("L", (1900, 1000), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 104, 1840, 104 + height), fill=64)
    draw.text((80, 104 + height // 2 - 16), "Precision Castparts Corp. (PCP, Buy)", font=face,
              fill=255)
    for k, text in enumerate(LINES * 3):
        draw.text((80, 200 + height + 50 * k), text, font=face, fill=0)
    page = np.asarray(image).copy()
    page[104: 105 + height, 60:1841] = dither(page[104: 105 + height, 60:1841])
    return page


def test_a_bar_of_white_dots_on_black_is_smoothed_and_a_tall_panel_is_not():
    """A tint past half its tone is white holes in black: a banner of it, a tile or two
    tall, is smoothed (its white title was read as specks); a dark panel, taller, is
    the page analysis's dark ground, its light letters read sharp."""
    bar = dotted_banner()
    screened = screened_tiles(bar, MIN_TILES)[0]
    assert screened[3:5, 2:57].mean() > 0.9  # (rows 104-152: tiles 3 and 4)
    assert not screened[6:].any()  # the text under it
    dots = bar[110:130, 1000:1800].astype(float)
    smooth = descreen(bar)[110:130, 1000:1800].astype(float)
    assert dots.std() > 80 and smooth.std() < 12 and abs(smooth.mean() - dots.mean()) < 8
    panel = screened_tiles(dotted_banner(height=300), MIN_TILES)[0]
    assert not panel[[4, 5, 9, 10, 11]].any()  # (its title's dithered edges make dark dots)


@needs_model
def test_a_white_title_on_a_bar_of_dots_is_read(tmp_path):
    from ocrtools.api import read

    path = tmp_path / "banner.png"
    Image.fromarray(dotted_banner()).save(path)
    lines = read(str(path)).lines
    assert "Castparts Corp. (PCP, Buy)" in lines[0].text and len(lines) == 1 + 3 * len(LINES)


@needs_model
def test_a_one_line_image_of_grey_letters_in_dots_is_read_as_its_grey(tmp_path):
    """A grey heading printed in dots, cut from a report as it is (real lines: `US
    Pharmaceuticals & Biotechnology` read `SSS`): its screened tiles, the paper after
    it and the paper between its letters (their tiles, half paper, hold too few dots)
    left sharp, cover a fraction of the image, but its ink is all dots, and the image is
    smoothed whole. A table's row with a shaded cell beside plain letters is not all
    dots."""
    from ocrtools.api import read
    from ocrtools.descreen import in_dots

    face = ImageFont.truetype(font_path(), 30)
    image = Image.new("L", (640, 60), 255)
    ImageDraw.Draw(image).text((12, 10), "Specialty Pharmaceuticals", font=face, fill=0)
    letters = np.asarray(image) < 128
    heading = np.where(letters, dither(np.full(letters.shape, 170, dtype=np.uint8)), 255)
    heading = heading.astype(np.uint8)
    assert np.mean(descreen(heading) != heading) < 0.5 and in_dots(heading)
    path = tmp_path / "heading.png"
    Image.fromarray(heading).save(path)
    assert read(str(path)).text == "Specialty Pharmaceuticals"  # (was empty)
    row = np.asarray(image).copy()
    row[:, 400:] = dither(np.full((60, 240), 190, dtype=np.uint8))  # a shaded cell
    assert not in_dots(row)


@needs_model
@pytest.mark.parametrize("text", ["(97.8)", "-11%", "28.3"])
def test_a_tables_shaded_cell_cut_alone_is_read_as_its_grey(tmp_path, text):
    """A shaded cell of a bitonal scan cut alone (real lines: `(7.1)` read `(.D`): a
    tile or two, every one of them screened, too few for a page's screen (MIN_TILES),
    and read as dots (41 of 108 such cells read right, in three sizes, two faces,
    three shades, black and dark grey letters; 105 of 108 smoothed)."""
    from ocrtools.api import read

    face = ImageFont.truetype(font_path("DejaVuSerif.ttf"), 26)
    cell = Image.new("L", (int(face.getlength(text)) + 24, 42), 180)
    ImageDraw.Draw(cell).text((12, 5), text, font=face, fill=0)
    path = tmp_path / "cell.png"
    Image.fromarray(dither(np.asarray(cell))).save(path)
    assert read(str(path)).text == text


@pytest.mark.parametrize("size", [9, 11])
def test_small_light_type_on_a_dark_card_is_no_screen_but_a_dark_dither_is(size):
    """A screen's dark card of small light type, saved as JPEG: the ringing round each
    letter leaves specks darker than the ground beside it, dozens a tile, which were
    counted as a screen's dots, and the card's labels were smoothed into blurs and
    misread (a fresh page, screen_037: 385 edits of 2,008). On a dark ground the dots
    counted must repeat as a screen's lattice does (``LATTICE_DARK``); a dithered dark
    grey's do."""
    import io

    face = ImageFont.truetype(font_path(), size)
    image = Image.new("L", (640, 420), 235)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 620, 400), fill=60)
    for k in range(22):
        draw.text((36, 30 + 16 * k), f"Label {k}: value", font=face, fill=235)
        draw.text((200, 30 + 16 * k), "Once officer enough show, cut off what Martin.",
                  font=face, fill=235)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=60)
    card = np.asarray(Image.open(buffer).convert("L"))
    assert (descreen(card) == card).all()
    for level in (80, 100):
        grey = dither(np.full((256, 256), level, dtype=np.uint8))
        assert descreen(grey)[16:-16, 16:-16].std() < 12
