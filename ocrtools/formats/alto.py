"""ALTO 4.4: one XML document for all pages (validated against ``alto-4-4.xsd`` in the tests).

``alto > Description, ReadingOrder, Layout > Page > PrintSpace > TextBlock > TextLine >
String (SP between words) > Glyph`` (one character each). Boxes are ``HPOS VPOS WIDTH
HEIGHT`` in pixels of the input image (``MeasurementUnit`` pixel). A line's ``BASELINE``
and its polygon (``Shape/Polygon``) are point lists ``x1,y1 x2,y2 ...``, the form 4.4's
``PointsType`` recommends. ``WC``/``GC`` are confidences in [0, 1], three decimals. A line
without words is one ``String`` holding the line's text (a TextLine must hold a String).

ALTO has one ``sourceImageInformation`` per document, so ``fileName`` names the first
page's image, and each ``Page`` starts with a comment naming its own image and page.
``PHYSICAL_IMG_NR`` is the page's place in this document (1-based: "the number of the page
within the document"), the same as the page number of a multi-page file read whole.
Ids are unique over the document: ``page_S``, ``block_S_B``, ``line_S_L``, ``string_S_W``.

Reading order is the element order (blocks, then lines, in the order the layout analysis
gives them) and is also stated in ALTO 4's ``ReadingOrder``: one ``OrderedGroup`` per page
referring to its blocks in order. That element comes before ``Layout``, so the streaming
writer keeps each page's rendered XML until ``close()`` and writes the document then (the
pages are small text; the document is not well-formed before its end in any case). No
pages, no document: nothing is written.

A page that could not be read is a ``Page`` with an empty ``PrintSpace`` and the error as
an XML comment; a page without text is a ``Page`` with an empty ``PrintSpace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from ocrtools import __version__
from ocrtools.document import Box, Char, Line, Page, Word
from ocrtools.formats.fields import (
    conf3,
    display_name,
    points_text,
    xml_attr,
    xml_clean,
    xml_comment,
    xml_text,
)
from ocrtools.formats.writer import Writer

NAMESPACE = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA = "https://www.loc.gov/standards/alto/v4/alto-4-4.xsd"


@dataclass
class AltoPage:
    """One page rendered: its ``Page`` element and the ids of its blocks in reading order."""

    xml: str
    blocks: list[str] = field(default_factory=list)


def _box(box: Box) -> str:
    x, y, w, h = box
    return f'HPOS="{x}" VPOS="{y}" WIDTH="{w}" HEIGHT="{h}"'


def _glyph(char: Char) -> str:
    return (
        f'<Glyph CONTENT="{xml_attr(char.text)}" {_box(char.box)} GC="{conf3(char.confidence)}"/>'
    )


def _glyphs(chars: list[Char]) -> str:
    """The word's Glyph elements, or none: a Glyph holds exactly one character, and the
    glyphs of a String must spell it whole, so a word with a label of two characters
    (a ligature, a letter and a combining accent) or a character XML cannot carry
    (shown as an escape of several) keeps its String without glyphs."""
    if not all(len(xml_clean(c.text)) == 1 for c in chars):
        return ""
    return "".join(_glyph(c) for c in chars)


def _string(ident: str, text: str, box: Box, confidence: float, chars: list[Char]) -> str:
    head = f'<String ID="{ident}" CONTENT="{xml_attr(text)}" {_box(box)} WC="{conf3(confidence)}"'
    glyphs = _glyphs(chars)
    if not glyphs:
        return head + "/>"
    return head + ">" + glyphs + "</String>"


def _line(line: Line, ident: str, words: list[tuple[str, Word]], indent: str) -> list[str]:
    attrs = f'ID="{ident}" {_box(line.box)}'
    if len(line.baseline) >= 2:
        attrs += f' BASELINE="{points_text(line.baseline)}"'
    out = [f"{indent}<TextLine {attrs}>"]
    if line.polygon:
        out.append(f'{indent} <Shape><Polygon POINTS="{points_text(line.polygon)}"/></Shape>')
    if not words:  # a TextLine must hold a String: the line's text as one
        out.append(f"{indent} " + _string(
            ident.replace("line_", "string_", 1) + "_0", line.text, line.box, line.confidence, []
        ))
    for k, (word_id, word) in enumerate(words):
        if k:
            out.append(f"{indent} <SP/>")
        out.append(f"{indent} " + _string(word_id, word.text, word.box, word.confidence,
                                          word.chars))
    out.append(f"{indent}</TextLine>")
    return out


def alto_page(page: Page, seq: int) -> AltoPage:
    """The ``seq``-th page of the document as an ALTO ``Page`` element."""
    width, height = page.size
    out = [f'  <Page ID="page_{seq}" PHYSICAL_IMG_NR="{seq}" WIDTH="{width}" HEIGHT="{height}">']
    out.append("   " + xml_comment(f'image "{display_name(page.image)}" page {page.number}'))
    if page.error:
        out.append("   " + xml_comment(f"error: {page.error}"))
    space = f'   <PrintSpace HPOS="0" VPOS="0" WIDTH="{width}" HEIGHT="{height}"'
    blocks = [] if page.error else [b for b in page.blocks if b.lines]
    if not blocks:
        out.append(space + "/>")
        out.append("  </Page>")
        return AltoPage("\n".join(out) + "\n")
    out.append(space + ">")
    ids = []
    line_no = word_no = 0
    for block_no, block in enumerate(blocks, start=1):
        ident = f"block_{seq}_{block_no}"
        ids.append(ident)
        out.append(f'    <TextBlock ID="{ident}" {_box(block.box)}>')
        for line in block.lines:
            line_no += 1
            words = []
            for word in line.words:
                word_no += 1
                words.append((f"string_{seq}_{word_no}", word))
            out.extend(_line(line, f"line_{seq}_{line_no}", words, "     "))
        out.append("    </TextBlock>")
    out.append("   </PrintSpace>")
    out.append("  </Page>")
    return AltoPage("\n".join(out) + "\n", ids)


def _head(first_image: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alto xmlns="{NAMESPACE}" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="{NAMESPACE} {SCHEMA}" SCHEMAVERSION="4.4">
 <Description>
  <MeasurementUnit>pixel</MeasurementUnit>
  <sourceImageInformation>
   <fileName>{xml_text(display_name(first_image))}</fileName>
  </sourceImageInformation>
  <OCRProcessing ID="ocr_1">
   <ocrProcessingStep>
    <processingSoftware>
     <softwareName>ocrtools</softwareName>
     <softwareVersion>{__version__}</softwareVersion>
    </processingSoftware>
   </ocrProcessingStep>
  </OCRProcessing>
 </Description>
"""


def _reading_order(pages: list[AltoPage]) -> str:
    groups = []
    for seq, rendered in enumerate(pages, start=1):
        if not rendered.blocks:
            continue  # a group must hold at least one reference
        refs = "".join(
            f'\n   <ElementRef ID="order_{seq}_{k}" REF="{ident}"/>'
            for k, ident in enumerate(rendered.blocks, start=1)
        )
        groups.append(f'  <OrderedGroup ID="order_{seq}">{refs}\n  </OrderedGroup>\n')
    return f" <ReadingOrder>\n{''.join(groups)} </ReadingOrder>\n" if groups else ""


def _document(first_image: str, pages: list[AltoPage]) -> str:
    return (
        _head(first_image) + _reading_order(pages) + " <Layout>\n"
        + "".join(p.xml for p in pages) + " </Layout>\n</alto>\n"
    )


def alto_document(pages: list[Page]) -> str:
    """All pages as one ALTO document ("" for no pages: ALTO needs at least one Page)."""
    if not pages:
        return ""
    return _document(pages[0].image, [alto_page(p, k) for k, p in enumerate(pages, start=1)])


class AltoWriter(Writer):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.first_image = ""
        self.rendered: list[AltoPage] = []

    def write(self, page: Page) -> None:
        if self.closed:
            raise ValueError("write to a closed writer")
        if not self.rendered:
            self.first_image = page.image
        self.count += 1
        self.rendered.append(alto_page(page, self.count))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.rendered:
            self.stream.write(_document(self.first_image, self.rendered))
        self.rendered = []
        self.stream.flush()
