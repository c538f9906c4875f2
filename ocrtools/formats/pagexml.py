"""PAGE XML 2019-07-15: one complete ``PcGts`` document per page (validated against the
PRImA ``pagecontent.xsd`` in the tests).

``PcGts > Metadata (Creator, Created, LastChange) > Page (imageFilename, imageWidth,
imageHeight) > ReadingOrder > OrderedGroup > RegionRefIndexed`` for the blocks in reading
order, then a ``TextRegion`` per block, a ``TextLine`` per line (``Coords`` from the line's
polygon, or its box when it has none; ``Baseline``; its ``Word`` elements, each with
``Glyph`` elements for its characters; the line's ``TextEquiv``), and the region's
``TextEquiv`` (its lines joined by newlines). ``conf`` is in [0, 1], three decimals.
PAGE's point lists hold non-negative integers only, so a coordinate left of or above
the image is written as 0. Ids are unique within the document: ``r_B``, ``l_L``,
``w_W``, ``g_W_C`` counting over the page (a PAGE document holds one page, so ids need
no page part).

PAGE holds one page per document. ``page_xml(page)`` gives one document; the streaming
writer (``--format page``) writes the documents of successive pages one after another,
each followed by a line holding a single form feed (``\\f``) except the last, so that
``csplit -z - '/^\\f$/' '{*}'`` (or splitting on ``"\\n\\f\\n"``) recovers the documents. Whether
the commands write one file per page instead is for the command line to decide.

A page that could not be read is a document whose ``Page`` holds no regions and carries
the error as an XML comment; a page without text, one without regions.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TextIO

from ocrtools import __version__
from ocrtools.document import Box, Line, Page, Point
from ocrtools.formats.fields import (
    box_points,
    conf3,
    display_name,
    xml_attr,
    xml_comment,
    xml_text,
)
from ocrtools.formats.writer import Writer

NAMESPACE = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
SCHEMA = NAMESPACE + "/pagecontent.xsd"
SEPARATOR = "\f\n"


def _points(points: list[Point]) -> str:
    return " ".join(f"{max(0, x)},{max(0, y)}" for x, y in points)


def _coords(box: Box, polygon: list[Point] | None = None) -> str:
    points = polygon if polygon and len(polygon) >= 3 else box_points(box)
    return f'<Coords points="{_points(points)}"/>'


def _equiv(text: str, confidence: float | None = None) -> str:
    conf = "" if confidence is None else f' conf="{conf3(confidence)}"'
    return f"<TextEquiv{conf}><Unicode>{xml_text(text)}</Unicode></TextEquiv>"


def _line(line: Line, line_no: int, first_word: int, indent: str) -> list[str]:
    out = [f'{indent}<TextLine id="l_{line_no}">', f"{indent} {_coords(line.box, line.polygon)}"]
    if len(line.baseline) >= 2:
        out.append(f'{indent} <Baseline points="{_points(line.baseline)}"/>')
    for k, word in enumerate(line.words):
        word_no = first_word + k
        out.append(f'{indent} <Word id="w_{word_no}">')
        out.append(f"{indent}  {_coords(word.box)}")
        for c, char in enumerate(word.chars, start=1):
            out.append(
                f'{indent}  <Glyph id="g_{word_no}_{c}">{_coords(char.box)}'
                f"{_equiv(char.text, char.confidence)}</Glyph>"
            )
        out.append(f"{indent}  {_equiv(word.text, word.confidence)}")
        out.append(f"{indent} </Word>")
    out.append(f"{indent} {_equiv(line.text, line.confidence)}")
    out.append(f"{indent}</TextLine>")
    return out


def page_xml(page: Page, now: datetime | None = None) -> str:
    """The page as one complete PAGE XML document (``now``: the time stamped into
    ``Created`` and ``LastChange``, UTC; the current time when not given)."""
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    when = stamp.replace(microsecond=0, tzinfo=None).isoformat() + "Z"
    width, height = page.size
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<PcGts xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        f' xsi:schemaLocation="{NAMESPACE} {SCHEMA}">',
        " <Metadata>",
        f"  <Creator>ocrtools {__version__}</Creator>",
        f"  <Created>{when}</Created>",
        f"  <LastChange>{when}</LastChange>",
        " </Metadata>",
        f' <Page imageFilename="{xml_attr(display_name(page.image))}" '
        f'imageWidth="{width}" imageHeight="{height}">',
    ]
    if page.error:
        out.append("  " + xml_comment(f"error: {page.error}"))
    blocks = [] if page.error else [b for b in page.blocks if b.lines]
    if blocks:
        out.append('  <ReadingOrder>\n   <OrderedGroup id="ro_1">')
        out.extend(
            f'    <RegionRefIndexed index="{k}" regionRef="r_{k + 1}"/>'
            for k in range(len(blocks))
        )
        out.append("   </OrderedGroup>\n  </ReadingOrder>")
    line_no = word_no = 0
    for block_no, block in enumerate(blocks, start=1):
        out.append(f'  <TextRegion id="r_{block_no}">')
        out.append(f"   {_coords(block.box)}")
        for line in block.lines:
            line_no += 1
            out.extend(_line(line, line_no, word_no + 1, "   "))
            word_no += len(line.words)
        out.append(f"   {_equiv(block.text)}")
        out.append("  </TextRegion>")
    out.append(" </Page>")
    out.append("</PcGts>")
    return "\n".join(out) + "\n"


class PageXmlWriter(Writer):
    def __init__(self, stream: TextIO, now: datetime | None = None) -> None:
        super().__init__(stream)
        self.now = now

    def render(self, page: Page, seq: int) -> str:
        return (SEPARATOR if seq > 1 else "") + page_xml(page, self.now)
