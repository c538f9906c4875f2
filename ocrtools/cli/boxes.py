"""ocr-boxes: find the candidate character boxes of text line images."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ocrtools.cli import options
from ocrtools.cli.common import Reporter, image_inputs, make_app, run

COMMAND = "ocr-boxes"
HELP = """Find the candidate character boxes of each text line image; JSON Lines out.

One record per image, in input order: the text band ("line"), the over-segmentation
("segments"), the candidate characters ("boxes", "spans") and the cleaned ink that
ocr-crop and ocr-classify cut from. An unreadable image gives a record with "error".

\b
Examples:
  ocr-boxes examples/date.png | ocr-classify | ocr-join
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
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.images import decode_image, load_image
    from ocrtools.pipeline import boxes_record
    from ocrtools.records import error_record, write_record

    reporter = Reporter(COMMAND, verbose, fail_fast)
    for name in image_inputs(COMMAND, paths or [], files_from, recursive):
        try:
            gray = decode_image(sys.stdin.buffer.read()) if name == "-" else load_image(name)
            record = boxes_record(name, gray, method.value, rules=not no_rules)
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, in Reporter
            record = error_record(name, reporter.exception(name, exc))
        write_record(record)
        sys.stdout.flush()
        if reporter.stop_now():
            break
    raise typer.Exit(reporter.exit_code)


def main() -> None:
    run(app, COMMAND)
