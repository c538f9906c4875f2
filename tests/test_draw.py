"""The --draw picture: a pure function from pixels and a result to a new image."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ocrtools.document import Block, Line, Page, Word
from ocrtools.draw import draw_page


def sample_page() -> Page:
    sure = Word("sure", (40, 40, 60, 20), 0.95)
    unsure = Word("unsure", (120, 40, 80, 20), 0.30)
    first = Line("sure unsure", (40, 40, 160, 20), 0.6, [sure, unsure], block=0, index=0)
    second = Line("outlined", (40, 100, 100, 20), 0.9, [Word("outlined", (40, 100, 100, 20), 0.9)],
                  polygon=[(38, 98), (142, 98), (142, 122), (38, 122)], block=0, index=1)
    return Page("p.png", (320, 200), 1, [Block(0, [first, second])])


def test_draws_on_a_copy_of_the_page_size():
    grey = np.full((200, 320), 255, np.uint8)
    picture = draw_page(grey, sample_page())
    assert isinstance(picture, Image.Image)
    assert picture.size == (320, 200) and picture.mode == "RGB"
    assert (grey == 255).all()  # the input is untouched
    pixels = np.asarray(picture).astype(int)
    changed = (pixels != 255).any(axis=2)
    # the boxes' edges are drawn, far from them nothing is
    assert changed[40, 40:200].any() and changed[100, 40:140].any()
    assert not changed[160:, 220:].any()
    # the unsure word is filled red, the sure one is not filled
    r, g, b = pixels[50, 160]
    assert r > 200 and g < 200 and b < 200
    assert (pixels[50, 70] == 255).all()


def test_accepts_rgb_arrays_and_pil_images_and_errors():
    rgb = np.zeros((200, 320, 3), np.uint8)
    assert draw_page(rgb, sample_page()).size == (320, 200)
    image = Image.new("L", (320, 200), 200)
    picture = draw_page(image, sample_page(), low=0.0)
    assert picture is not image and image.getpixel((50, 160)) == 200
    # low=0: no word is unsure, so none is filled
    assert tuple(np.asarray(picture)[50, 160]) == (200, 200, 200)
    failed = draw_page(image, Page("x.png", (320, 200), error="cannot read"))
    assert (np.asarray(failed) != 200).any()
