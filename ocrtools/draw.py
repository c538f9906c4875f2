"""The ``--draw`` picture: what the layout analysis and the reader found, over the page.

A person checking a result wants to see at a glance whether the blocks are the columns
they expect, whether the lines follow the print and come in the right order, and which
words the reader was unsure of. So on a colour copy of the page: blocks in blue (thick),
lines in green (their outline when the layout analysis gave one, else their box) with
their place in the reading order written at their left, words in thin orange boxes, and
the words whose confidence is under ``low`` filled in translucent red. A page that could
not be read gets its error written across the top in red.

Pure: takes the page's pixels and the result, returns a new image, saves nothing (the
command decides the file name). Boxes are in the input image's pixels, so ``image`` must
be the page as it was read (``Page.size``), not a levelled or scaled copy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocrtools.document import Box, Page

BLOCK = (30, 90, 230)
LINE = (0, 160, 60)
WORD = (255, 140, 0)
LOW = (230, 0, 0)
LABEL_TEXT = (255, 255, 255)


def _rgb_copy(image: Any) -> Image.Image:
    """A new RGB image of the input (a PIL image, or a uint8/bool grey or RGB(A) array)."""
    if isinstance(image, Image.Image):
        return image.convert("RGB")  # convert() always returns a new image
    array = np.asarray(image)
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype != np.uint8:
        array = np.clip(array, 0, 255).astype(np.uint8)
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ValueError(f"not a grey or RGB image: array of shape {array.shape}")
    return Image.fromarray(array).convert("RGB")


def _rect(box: Box) -> tuple[int, int, int, int]:
    # PIL's rectangle includes its far corner; a box's x + w is one past its last pixel
    x, y, w, h = box
    return x, y, x + max(w, 1) - 1, y + max(h, 1) - 1


def draw_page(image: Any, page: Page, low: float = 0.6) -> Image.Image:
    """A colour copy of ``image`` with ``page``'s blocks, lines (numbered in reading
    order) and words drawn on it; words with confidence below ``low`` marked in red."""
    picture = _rgb_copy(image)
    width, height = picture.size
    thick = max(2, round(min(width, height) / 400))
    font = ImageFont.load_default()
    # translucent fills go on an overlay, composited once at the end
    overlay = Image.new("RGBA", picture.size, (0, 0, 0, 0))
    marks = ImageDraw.Draw(overlay)
    pen = ImageDraw.Draw(picture)

    if page.error:
        pen.text((2, 2), f"error: {page.error}", fill=LOW, font=font)
        return picture

    for block in page.blocks:
        if block.lines:
            # outside its lines (a block's box is their union), so both stay visible
            x, y, w, h = block.box
            pad = 2 * thick
            pen.rectangle(_rect((x - pad, y - pad, w + 2 * pad, h + 2 * pad)), outline=BLOCK,
                          width=2 * thick)
    for number, line in enumerate(page.lines, start=1):
        if len(line.polygon) >= 3:
            pen.polygon(line.polygon, outline=LINE, width=thick)
        else:
            pen.rectangle(_rect(line.box), outline=LINE, width=thick)
        for word in line.words:
            if word.confidence < low:
                marks.rectangle(_rect(word.box), fill=LOW + (90,), outline=LOW + (255,))
            else:
                pen.rectangle(_rect(word.box), outline=WORD, width=1)
        _label(pen, str(number), line.box, font)
    picture.paste(Image.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB"))
    return picture


def _label(pen: ImageDraw.ImageDraw, text: str, box: Box, font: Any) -> None:
    """The line's number on a green tab just left of the line (inside it at the edge)."""
    x, y, _, _ = box
    left, top, right, bottom = pen.textbbox((0, 0), text, font=font)
    w, h = right - left + 4, bottom - top + 2
    x0 = x - w - 1 if x - w - 1 >= 0 else x + 1
    y0 = max(0, y)
    pen.rectangle((x0, y0, x0 + w - 1, y0 + h - 1), fill=LINE)
    pen.text((x0 + 2 - left, y0 + 1 - top), text, fill=LABEL_TEXT, font=font)
