"""ocr-crop: cut the normalised character crops of every candidate box."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from ocrtools.cli import options
from ocrtools.cli.common import filter_records, make_app, run, usage_error

COMMAND = "ocr-crop"
HELP = """Cut a normalised crop for every candidate box of the records from ocr-boxes.

Adds "crops" (base64 of a uint8 array n x size x size, ink = 255) to each record, or
with --out DIR writes each crop as a PNG file with an index.tsv (file, image, box,
x, y, w, h) and adds "crop_files" instead. Crops keep the line's vertical frame, so a
small 'o' stays small next to an 'O'.

\b
Examples:
  ocr-boxes line.png | ocr-crop | ocr-classify | ocr-join
  ocr-crop --out crops/ < boxes.jsonl
"""
app = make_app(HELP)


@app.command(help=HELP)
def crop(
    source: options.RecordInput = "-",
    out: Annotated[
        str | None, typer.Option("--out", "-o", metavar="DIR", help="Write crops as PNG files.")
    ] = None,
    model: options.Model = "printed",
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.errors import OcrError
    from ocrtools.models import find_model
    from ocrtools.pipeline import crop_record
    from ocrtools.records import Record, encode_crops

    try:
        size = find_model(model).crop_size
    except OcrError as exc:
        usage_error(COMMAND, str(exc))
    index = None
    if out is not None:
        try:
            os.makedirs(out, exist_ok=True)
            index = open(os.path.join(out, "index.tsv"), "w", encoding="utf-8")
        except OSError as exc:
            usage_error(COMMAND, f"--out {out}: {exc.strerror or exc}")
        index.write("file\timage\tbox\tx\ty\tw\th\n")
    counter = iter(range(1 << 62))

    def stage(record: Record) -> Record:
        crops = crop_record(record, size)
        if out is None or index is None:
            return {**record, "crops": encode_crops(crops)}
        from PIL import Image

        number = next(counter)
        files = []
        for k, (crop_array, box) in enumerate(zip(crops, record["boxes"], strict=True)):
            name = f"{number:06d}-{k:03d}.png"
            Image.fromarray(crop_array).save(os.path.join(out, name))
            files.append(name)
            x, y, w, h = (int(v) for v in box)
            index.write(f"{name}\t{record['image']}\t{k}\t{x}\t{y}\t{w}\t{h}\n")
        return {**record, "crop_files": files}

    try:
        code = filter_records(COMMAND, source, stage, verbose, fail_fast)
    finally:
        if index is not None:
            index.close()
    sys.stdout.flush()
    raise typer.Exit(code)


def main() -> None:
    run(app, COMMAND)
