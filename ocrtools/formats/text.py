"""Plain text: each page's text, lines in reading order, a blank line between blocks.

A page without text (or one that failed) is one empty line, so a directory of field
images (a date, a name, an IBAN per image) still gives exactly one line per input, in
input order, as ``paste`` and ``while read`` want it. Pages of several lines are set
apart by a line holding a form feed (``\\f``, as ``pdftotext`` does) before the next
page, written only when that page or the one before has more than one line: field
images stay one line each, and a page boundary is never lost inside running text.
"""

from __future__ import annotations

from typing import TextIO

from ocrtools.document import Page
from ocrtools.formats.writer import Writer

FORM_FEED = "\f\n"


def page_text(page: Page) -> str:
    """The page as text, ending in a newline (one empty line for no text or an error)."""
    if page.error:
        return "\n"
    return page.text + "\n"


def line_count(page: Page) -> int:
    return 0 if page.error else len(page.lines)


class TextWriter(Writer):
    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.previous_lines = 0

    def render(self, page: Page, seq: int) -> str:
        lines = line_count(page)
        separator = FORM_FEED if seq > 1 and max(lines, self.previous_lines) > 1 else ""
        self.previous_lines = lines
        return separator + page_text(page)
