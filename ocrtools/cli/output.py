"""Writing final results: text, tsv, jsonl or hOCR, one line (or page) per input."""

from __future__ import annotations

import sys
from html import escape
from typing import Any

from ocrtools.records import Record, dumps

HOCR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<title></title>
<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
<meta name="ocr-system" content="ocrtools"/>
<meta name="ocr-capabilities" content="ocr_page ocr_line ocrx_word"/>
</head>
<body>
"""
HOCR_TAIL = "</body>\n</html>\n"


def tsv_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _bbox(boxes: list[list[int]]) -> str:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return f"bbox {x0} {y0} {x1} {y1}"


def hocr_page(record: Record, number: int) -> str:
    """One input as an hOCR page with one line and its words (boxes in the coordinates
    of the levelled line; see records.py)."""
    width, height = (record.get("size") or [0, 0])[:2]
    image = escape(str(record.get("image", "")), quote=True)
    lines = [
        f"<div class='ocr_page' id='page_{number}' "
        f"title='image \"{image}\"; bbox 0 0 {width} {height}; ppageno {number - 1}'>"
    ]
    if record.get("error"):
        lines.append(f"<!-- error: {escape(str(record['error'])).replace('--', '- -')} -->")
    chars: list[dict[str, Any]] = record.get("chars") or []
    words = str(record.get("text", "")).split()
    if chars and sum(len(w) for w in words) == len(chars):
        line_box = _bbox([c["box"] for c in chars])
        lines.append(f" <span class='ocr_line' id='line_{number}_1' title='{line_box}'>")
        start = 0
        for k, word in enumerate(words, start=1):
            part = chars[start : start + len(word)]
            start += len(word)
            conf = round(100 * sum(float(c["p"]) for c in part) / len(part))
            lines.append(
                f"  <span class='ocrx_word' id='word_{number}_{k}' "
                f"title='{_bbox([c['box'] for c in part])}; x_wconf {conf}'>"
                f"{escape(word)}</span>"
            )
        lines.append(" </span>")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


class ResultWriter:
    """Writes result records to stdout in the chosen format, a page at a time: records
    are gathered until their page is whole (see ``document.group_pages``); close()
    writes what is left and ends the document."""

    def __init__(self, fmt: str) -> None:
        if fmt not in ("text", "tsv", "jsonl", "hocr"):
            raise ValueError(f"unknown format {fmt!r}")
        self.fmt = fmt
        self.count = 0
        self.pending: list[Record] = []

    def __call__(self, record: Record) -> None:
        from ocrtools.document import group_pages

        self.pending.append(record)
        runs = list(group_pages(self.pending))
        whole = runs if _complete(runs[-1]) else runs[:-1]
        self.pending = [] if whole is runs else runs[-1]
        for run in whole:
            self._page(run)

    def _page(self, run: list[Record]) -> None:
        from ocrtools.document import Page

        self.count += 1
        out = sys.stdout
        page = Page.from_records(run)
        if self.fmt == "text":
            out.write(page.text + "\n")
        elif self.fmt == "tsv":
            fields = [
                tsv_field(str(page.image)),
                tsv_field(page.text),
                "" if page.error else f"{page.confidence:.3f}",
                str(page.number) if "page" in run[0] else "",
            ]
            out.write("\t".join(fields) + "\n")
        elif self.fmt == "jsonl":
            for record in run:
                out.write(dumps(record) + "\n")
        else:
            if self.count == 1:
                out.write(HOCR_HEAD)
            for record in run:
                out.write(hocr_page(record, self.count))

    def close(self) -> None:
        if self.pending:
            self._page(self.pending)
            self.pending = []
        if self.fmt == "hocr":
            if self.count == 0:
                sys.stdout.write(HOCR_HEAD)
            sys.stdout.write(HOCR_TAIL)
            sys.stdout.flush()


def _complete(run: list[Record]) -> bool:
    count = run[-1].get("line_count")
    return not isinstance(count, int) or len(run) >= max(1, count)
