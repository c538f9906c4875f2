"""ocr-boxes: find the candidate character boxes of text line images."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ocrtools.cli import options
from ocrtools.cli.common import Reporter, image_inputs, make_app, run

COMMAND = "ocr-boxes"
HELP = """Find the text lines of each image and their candidate characters; JSON Lines out.

One record per text line, in input order and, within a page, in reading order
(columns top to bottom, left to right): where the line lies on the page ("page",
"block", "line_index", "line_count", "bbox", "polygon", "baseline", "frame"), its
strip as the line model reads it ("strip"), its text band ("line"), the over-
segmentation ("segments"), the candidate characters ("boxes", "spans") and the cleaned
ink that ocr-crop and ocr-classify cut from. An image that holds one row of text (a
field) gives one record, as with --layout line; a page without text gives one record
with "line_count": 0; an unreadable image (or page of a TIFF) a record with "error".

\b
Examples:
  ocr-boxes examples/date.png | ocr-classify | ocr-join
  ocr-boxes page.png | ocr-classify | ocr-join --format hocr > page.hocr
  ocr-binarize scan.jpg | ocr-boxes - > boxes.jsonl
"""
app = make_app(HELP)


@app.command(help=HELP)
def boxes(
    paths: options.ImagePaths = None,
    files_from: options.FilesFrom = None,
    recursive: options.Recursive = False,
    method: options.BinarizeMethod = options.Method.otsu,
    no_rules: Annotated[
        bool, typer.Option("--no-rules", help="Do not look for lines drawn across the text.")
    ] = False,
    layout: options.LayoutMode = options.Layout.auto,
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.images import image_pages, read_bytes
    from ocrtools.pipeline import page_records
    from ocrtools.records import error_record, write_record

    reporter = Reporter(COMMAND, verbose, fail_fast)
    for name in image_inputs(COMMAND, paths or [], files_from, recursive):
        try:
            data = sys.stdin.buffer.read() if name == "-" else read_bytes(name)
            for number, page in image_pages(data):
                try:
                    if isinstance(page, Exception):
                        raise page
                    found = page_records(name, page, method.value, rules=not no_rules,
                                         layout=layout.value, page=number)
                except (Exception, MemoryError) as exc:  # noqa: BLE001 - this page only
                    where = name if number == 1 else f"{name} (page {number})"
                    found = [error_record(name, reporter.exception(where, exc), page=number)]
                for record in found:
                    write_record(record)
                sys.stdout.flush()
                if reporter.stop_now():
                    break
        except BrokenPipeError:
            raise
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, in Reporter
            write_record(error_record(name, reporter.exception(name, exc)))
        sys.stdout.flush()
        if reporter.stop_now():
            break
    raise typer.Exit(reporter.exit_code)


def main() -> None:
    run(app, COMMAND)
