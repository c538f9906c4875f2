"""Tab-separated values: one row per page (``tsv``) or one row per line (``tsv-lines``).

Fields are escaped as ``\\\\``, ``\\t``, ``\\n``, ``\\r`` (so a row is always one line
and ``cut -f2`` works), image names are shown by :func:`display_name`, confidences have
three decimals.

``tsv``: ``image  text  confidence  page`` with no header row. The first three columns
are what ``--format tsv`` printed before pages were read, so scripts over field images
keep working; ``page`` is the 1-based page number within the file. The text of a page
of many lines is one field with ``\\n`` escapes. An error row has empty text and an
empty confidence (the message goes to stderr).

``tsv-lines``: one header row, first in the output (``#image  page  block  line  x  y
w  h  confidence  text``; the ``#`` lets ``grep -v '^#'`` and ``sort`` ignore it), then
one row per line of every page in reading order. ``block`` and ``line`` are 1-based and
count the blocks and lines of the page as written (``line`` over the whole page, not
per block); ``x y w h`` is the line's box in input-image pixels. A page without lines,
or an error page, is one row with the image and page and every other field empty, so
no input is dropped.
"""

from __future__ import annotations

from ocrtools.document import Page
from ocrtools.formats.fields import conf3, display_name, tsv_field
from ocrtools.formats.writer import Writer

LINE_COLUMNS = ("image", "page", "block", "line", "x", "y", "w", "h", "confidence", "text")
LINE_HEADER = "#" + "\t".join(LINE_COLUMNS) + "\n"


def tsv_row(page: Page) -> str:
    """The page as one ``tsv`` row, ending in a newline."""
    fields = [
        tsv_field(display_name(page.image)),
        "" if page.error else tsv_field(page.text),
        "" if page.error else conf3(page.confidence),
        str(page.number),
    ]
    return "\t".join(fields) + "\n"


def tsv_line_rows(page: Page) -> str:
    """The page as ``tsv-lines`` rows (at least one), each ending in a newline."""
    image = tsv_field(display_name(page.image))
    number = str(page.number)
    rows = []
    if not page.error:
        line_no = 0
        for block_no, block in enumerate((b for b in page.blocks if b.lines), start=1):
            for line in block.lines:
                line_no += 1
                x, y, w, h = line.box
                rows.append("\t".join([
                    image, number, str(block_no), str(line_no), str(x), str(y), str(w), str(h),
                    conf3(line.confidence), tsv_field(line.text),
                ]) + "\n")
    if not rows:
        rows.append("\t".join([image, number] + [""] * (len(LINE_COLUMNS) - 2)) + "\n")
    return "".join(rows)


class TsvWriter(Writer):
    def render(self, page: Page, seq: int) -> str:
        return tsv_row(page)


class TsvLinesWriter(Writer):
    def head(self) -> str:
        return LINE_HEADER

    def render(self, page: Page, seq: int) -> str:
        return tsv_line_rows(page)
