"""JSON Lines: the page as the stream carries it, one line record per text line.

Exactly what ``Page.to_records`` gives, written by :func:`ocrtools.records.dumps`, so the
output of ``--format jsonl`` can be piped into another stage or read back with
``Page.from_records``. It is the one writer that does not pass the image name through
:func:`~ocrtools.formats.fields.display_name`: the name must stay the file's real name
(undecodable bytes included, which the commands' stdout writes back as the same bytes)
for a later stage to open it.
"""

from __future__ import annotations

from ocrtools.document import Page
from ocrtools.formats.writer import Writer
from ocrtools.records import dumps


def page_jsonl(page: Page) -> str:
    """The page's records, one JSON object per line, each ending in a newline."""
    return "".join(dumps(record) + "\n" for record in page.to_records())


class JsonlWriter(Writer):
    def render(self, page: Page, seq: int) -> str:
        return page_jsonl(page)
