"""ocr-binarize: an image as black ink on white paper, PNG out.

It writes :func:`ocrtools.binarize.binarized_page`: paper white, ink black, the grey
levels of the strokes' edges kept the way the line model sees them, so that
``ocr-binarize img | ocr-boxes - | ocr-crop | ocr-classify | ocr-join`` reads what
``ocr-read img`` reads (see binarized_page for where it can differ); ``--two-level``
writes the ink mask itself, a 1-bit PNG.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ocrtools.cli import options
from ocrtools.cli.common import Reporter, make_app, run, stdin_is_terminal, usage_error

COMMAND = "ocr-binarize"
HELP = """Flatten an image into black ink on white paper and write it as PNG.

The paper becomes white and the ink black, whatever the polarity, contrast and (with
Sauvola) lighting; the edges of the strokes keep their grey levels, which the line
model reads, so the image feeds ocr-boxes and reads as ocr-read reads the original.
--two-level writes pure black and white (1-bit) instead. Otsu (global) suits single
text lines, even noisy ones; Sauvola (local) suits uneven lighting.

\b
Examples:
  ocr-binarize scan.jpg | ocr-boxes - | ocr-crop | ocr-classify | ocr-join
  ocr-binarize photo.jpg --binarize sauvola -o photo-bw.png
"""
app = make_app(HELP)


@app.command(help=HELP)
def binarize(
    path: Annotated[str, typer.Argument(help="Image to threshold; '-' reads stdin.")] = "-",
    output: Annotated[
        str, typer.Option("--output", "-o", help="PNG file to write; '-' is stdout.")
    ] = "-",
    method: options.BinarizeMethod = options.Method.otsu,
    two_level: Annotated[
        bool,
        typer.Option("--two-level", help="Write the ink mask: pure black and white, 1-bit."),
    ] = False,
    verbose: options.Verbose = False,
) -> None:
    from PIL import Image

    from ocrtools.binarize import binarize as threshold
    from ocrtools.binarize import binarized_page, ink_to_image
    from ocrtools.images import decode_image, load_image

    if path == "-" and stdin_is_terminal():
        usage_error(COMMAND, "no input: give an image path or pipe an image")
    if output == "-" and sys.stdout.isatty():
        usage_error(COMMAND, "will not write a PNG to a terminal; use -o FILE or a pipe")
    reporter = Reporter(COMMAND, verbose)
    try:
        gray = decode_image(sys.stdin.buffer.read()) if path == "-" else load_image(path)
        if two_level:
            image = Image.fromarray(ink_to_image(threshold(gray, method.value))).convert("1")
        else:
            image = Image.fromarray(binarized_page(gray, method.value))
        if output == "-":
            image.save(sys.stdout.buffer, format="PNG")
            sys.stdout.buffer.flush()
        else:
            image.save(output, format="PNG")
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, in Reporter
        reporter.exception(path, exc)
    raise typer.Exit(reporter.exit_code)


def main() -> None:
    run(app, COMMAND)
