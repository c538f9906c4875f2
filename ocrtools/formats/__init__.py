"""Writers of the result model: text, TSV, JSON Lines, hOCR, ALTO 4.4 and PAGE XML.

One module per format, as kraken's ``serialization`` and Tesseract's renderers are
split, each turning a :class:`~ocrtools.document.Page` into that format's text and
computing nothing else (no geometry, no text: the layout analysis and the readers did
that). All need the standard library only. Each module has a pure function per page
(``page_text``, ``tsv_row``, ``tsv_line_rows``, ``page_jsonl``, ``hocr_page``,
``alto_page``/``alto_document``, ``page_xml``) and a streaming writer; this module picks
the writer by the name the ``--format`` option takes::

    with writer("alto", sys.stdout) as out:
        for page in pages:
            out.write(page)

``close()`` (or leaving the ``with``) ends the document: hOCR's tail, the whole ALTO
document, the TSV header when there were no pages. It flushes but does not close the
stream.
"""

from __future__ import annotations

from typing import TextIO

from ocrtools.formats.alto import AltoWriter
from ocrtools.formats.fields import display_name
from ocrtools.formats.hocr import HocrWriter
from ocrtools.formats.jsonl import JsonlWriter
from ocrtools.formats.pagexml import PageXmlWriter
from ocrtools.formats.text import TextWriter
from ocrtools.formats.tsv import TsvLinesWriter, TsvWriter
from ocrtools.formats.writer import Writer

WRITERS: dict[str, type[Writer]] = {
    "text": TextWriter,
    "tsv": TsvWriter,
    "tsv-lines": TsvLinesWriter,
    "jsonl": JsonlWriter,
    "hocr": HocrWriter,
    "alto": AltoWriter,
    "page": PageXmlWriter,
}
FORMATS: tuple[str, ...] = tuple(WRITERS)

__all__ = ["FORMATS", "Writer", "display_name", "writer"]


def writer(fmt: str, stream: TextIO) -> Writer:
    """A writer of ``fmt`` (one of :data:`FORMATS`) to ``stream``."""
    try:
        kind = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})") from None
    return kind(stream)
