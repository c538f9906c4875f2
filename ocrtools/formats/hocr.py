"""hOCR 1.2: one XHTML document for all pages, as Tesseract's hOCR renderer writes it.

``ocr_page > ocr_carea > ocr_par > ocr_line > ocrx_word``: one content area holding one
paragraph per block (the layout analysis finds blocks, not paragraphs inside them), a
line per text line, a word per word. Ids are unique over the document: ``page_S``,
``block_S_B``, ``par_S_B``, ``line_S_L``, ``word_S_W`` with S the page's place in the
document (1-based) and B, L, W counting blocks, lines and words over that page. Every
element's ``title`` has its ``bbox x0 y0 x1 y1`` (x1, y1 one past the last pixel); the page
adds ``image "NAME"`` and ``ppageno S-1`` (hOCR's physical page number is 0-based and
counts the pages of this document, so two single-page images are pages 0 and 1); a line
adds ``baseline slope offset`` (offset in pixels from the bbox's bottom-left corner, so
negative when the baseline lies above the bottom: descenders) when its baseline is known
and ``poly x0 y0 x1 y1 ...`` (capability ``ocrp_poly``) when its outline is;
a word adds ``x_wconf`` (0-100). A line without words holds its text directly.

A page that could not be read is an ``ocr_page`` with the page's size and an XML comment
saying why. Blocks without lines are left out (they have neither text nor a box).
Checked with ``hocr-check`` from ``hocr-tools`` in the tests.
"""

from __future__ import annotations

from ocrtools import __version__
from ocrtools.document import Box, Line, Page
from ocrtools.formats.fields import (
    corners,
    display_name,
    percent,
    xml_attr,
    xml_comment,
    xml_text,
)
from ocrtools.formats.writer import Writer

CAPABILITIES = "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf ocrp_poly"

HEAD = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
 <title></title>
 <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
 <meta name="ocr-system" content="ocrtools {__version__}"/>
 <meta name="ocr-capabilities" content="{CAPABILITIES}"/>
</head>
<body>
"""
TAIL = "</body>\n</html>\n"


def bbox(box: Box) -> str:
    return "bbox {} {} {} {}".format(*corners(box))


def hocr_string(value: str) -> str:
    """A quoted hOCR property string (backslash and double quote escaped)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def baseline(line: Line) -> str | None:
    """hOCR's ``baseline slope offset`` for the line, or None when it has no baseline."""
    if len(line.baseline) < 2:
        return None
    (xa, ya), (xb, yb) = line.baseline[0], line.baseline[-1]
    slope = (yb - ya) / (xb - xa) if xb != xa else 0.0
    x0, _, _, y1 = corners(line.box)
    offset = ya + slope * (x0 - xa) - y1
    return f"baseline {round(slope, 4) + 0.0:g} {round(offset) + 0}"


def poly(line: Line) -> str | None:
    """hOCR's ``poly x0 y0 x1 y1 ...``: the line's outline, when it has one."""
    if len(line.polygon) < 3:
        return None
    return "poly " + " ".join(f"{x} {y}" for x, y in line.polygon)


def _title(*props: str | None) -> str:
    # single-quoted attribute, as Tesseract writes it: the image name's quotes stay readable
    return xml_attr("; ".join(p for p in props if p), quote="'")


def hocr_page(page: Page, seq: int) -> str:
    """One ``ocr_page`` div (the ``seq``-th page of the document), ending in a newline."""
    width, height = page.size
    title = _title(
        f"image {hocr_string(display_name(page.image))}",
        f"bbox 0 0 {width} {height}",
        f"ppageno {seq - 1}",
    )
    out = [f"<div class='ocr_page' id='page_{seq}' title='{title}'>"]
    if page.error:
        out.append(" " + xml_comment(f"error: {page.error}"))
        out.append("</div>")
        return "\n".join(out) + "\n"
    line_no = word_no = 0
    for block_no, block in enumerate((b for b in page.blocks if b.lines), start=1):
        box = _title(bbox(block.box))
        out.append(f" <div class='ocr_carea' id='block_{seq}_{block_no}' title='{box}'>")
        out.append(f"  <p class='ocr_par' id='par_{seq}_{block_no}' title='{box}'>")
        for line in block.lines:
            line_no += 1
            title = _title(bbox(line.box), baseline(line), poly(line))
            head = f"   <span class='ocr_line' id='line_{seq}_{line_no}' title='{title}'>"
            if not line.words:
                out.append(f"{head}{xml_text(line.text)}</span>")
                continue
            out.append(head)
            for word in line.words:
                word_no += 1
                title = _title(bbox(word.box), f"x_wconf {percent(word.confidence)}")
                out.append(
                    f"    <span class='ocrx_word' id='word_{seq}_{word_no}' "
                    f"title='{title}'>{xml_text(word.text)}</span>"
                )
            out.append("   </span>")
        out.append("  </p>")
        out.append(" </div>")
    out.append("</div>")
    return "\n".join(out) + "\n"


def hocr_document(pages: list[Page]) -> str:
    """All pages as one hOCR document."""
    return HEAD + "".join(hocr_page(p, k) for k, p in enumerate(pages, start=1)) + TAIL


class HocrWriter(Writer):
    def head(self) -> str:
        return HEAD

    def render(self, page: Page, seq: int) -> str:
        return hocr_page(page, seq)

    def tail(self) -> str:
        return TAIL
