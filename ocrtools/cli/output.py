"""Writing final results: records gathered into pages, each page through a writer of
:mod:`ocrtools.formats` (text, tsv, tsv-lines, jsonl, hOCR, ALTO, PAGE XML)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from ocrtools.records import Record


class ResultWriter:
    """Writes result records to stdout in the chosen format, a page at a time: records
    are gathered until their page is whole (``line_count`` records, or the next record
    names another page); close() writes what is left and ends the document. With
    ``draw`` (a folder), each page is also drawn there (see ``ocrtools.draw``)."""

    def __init__(
        self, fmt: str, draw: str | None = None,
        data: Callable[[str], bytes | None] | None = None,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        from ocrtools.formats import writer

        self.out = writer(fmt, sys.stdout)
        self.draw = draw
        self.data = data or (lambda name: None)
        self.warn = warn or (lambda text: print(text, file=sys.stderr))
        self.pending: list[Record] = []
        self.drawn: dict[str, int] = {}

    def __call__(self, record: Record) -> None:
        from ocrtools.document import group_pages

        self.pending.append(record)
        runs = list(group_pages(self.pending))
        last = runs[-1]
        done = runs if _whole(last) else runs[:-1]
        self.pending = [] if _whole(last) else last
        for run in done:
            self._page(run)

    def _page(self, run: list[Record]) -> None:
        from ocrtools.document import Page

        page = Page.from_records(run)
        self.out.write(page)
        if self.draw is not None:
            self._draw(page)

    def _draw(self, page: Any) -> None:
        """A picture that cannot be drawn is a warning: the reading itself stands."""
        from ocrtools.cli.drawing import draw_to_folder
        from ocrtools.errors import describe

        if page.error or self.draw is None:
            return
        try:
            draw_to_folder(page, self.draw, self.drawn, self.data)
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - reported, not fatal
            self.warn(f"{page.image}: not drawn: {describe(exc)}")

    def close(self) -> None:
        if self.pending:  # a page cut short (an interrupted stream): what there is of it
            run, self.pending = self.pending, []
            self._page(run)
        self.out.close()


def _whole(run: list[Record]) -> bool:
    """Whether a run of one page's records holds all of them."""
    count = run[-1].get("line_count")
    return not isinstance(count, int) or len(run) >= max(1, count)
