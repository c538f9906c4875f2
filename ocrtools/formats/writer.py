"""The streaming writer every format shares: a head before the first page, one piece
per page as it arrives, a tail at close.

Pages reach ``ocr-join`` one at a time from a pipe, so a writer writes each page as soon
as it has it (a user watching ``ocr-read scans/ | less`` sees the first page at once) and
keeps no more than a document-wide counter. A format that has to put something before
all pages that depends on all of them (ALTO's reading order) overrides ``write``.
"""

from __future__ import annotations

from types import TracebackType
from typing import TextIO

from ocrtools.document import Page


class Writer:
    """Writes pages to ``stream`` in one format. ``close()`` ends the document and
    flushes; it does not close the stream (usually stdout, which the caller owns)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.count = 0  # pages written so far: page k of the document has seq k
        self.closed = False

    def write(self, page: Page) -> None:
        if self.closed:
            raise ValueError("write to a closed writer")
        if self.count == 0:
            self.stream.write(self.head())
        self.count += 1
        self.stream.write(self.render(page, self.count))

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.count == 0:
            self.stream.write(self.head())
        self.stream.write(self.tail())
        self.stream.flush()

    def head(self) -> str:
        """What comes before the first page (also written when there are no pages)."""
        return ""

    def render(self, page: Page, seq: int) -> str:
        """One page, the ``seq``-th (1-based) of the document."""
        raise NotImplementedError

    def tail(self) -> str:
        """What comes after the last page."""
        return ""

    def __enter__(self) -> Writer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
