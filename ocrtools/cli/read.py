"""ocr-read: the whole chain (binarize, boxes, crop, classify, join) over many images."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from ocrtools.cli import options
from ocrtools.cli.common import Reporter, image_inputs, make_app, run, usage_error
from ocrtools.parallel import BACKENDS, run_tasks
from ocrtools.reading import ReadSettings

COMMAND = "ocr-read"
HELP = """Read the text of images: the whole chain of ocr-boxes | ocr-classify | ocr-join.

Inputs are image files (every page of a multi-page TIFF; PDF with pypdfium2),
directories (their image files, sorted; -r for subdirectories), --files-from a list,
or '-' for one image on stdin. Each page is laid out (--layout): its text lines are
found and read in reading order (columns top to bottom, left to right), a blank line
between blocks; an image of one row of text (a field) is read as one line. Results
come out in input order, also with several workers; an input (or a page) that fails
gives an empty text, a one-line message on stderr, and exit status 1.

With --model emnist each image is one handwritten character (EMNIST: 28x28 white on
black is read as it is; anything else is normalised the EMNIST way first); merged
EMNIST classes are written as their capital (c/C -> C).

\b
Examples:
  ocr-read examples/ -j 2 --format tsv
  find scans -name "*.png" | ocr-read --files-from - -j 2
  ocr-read - < photo.jpg
  ocr-read --expect iban statement-line.png
  ocr-read --model emnist chars/ --format tsv
  ocr-read page.png --format hocr > page.hocr
  ocr-read scan.tif --format alto > scan.xml
  ocr-read page.png --draw out/
"""
app = make_app(HELP)


@app.command(help=HELP)
def read(
    paths: options.ImagePaths = None,
    jobs: options.Jobs = 0,
    model: options.Model = "printed",
    fmt: options.OutputFormat = options.Format.text,
    files_from: options.FilesFrom = None,
    recursive: options.Recursive = False,
    method: options.BinarizeMethod = options.Method.otsu,
    expect: options.ExpectType = options.Expect.any,
    charset: options.Charset = None,
    ascii: options.Ascii = False,
    dictionary: options.Dictionary = True,
    backend: Annotated[
        str,
        typer.Option(
            "--backend",
            help="Parallel backend: 'local' (worker processes on this machine, forked "
            "on Linux), 'loky' (joblib's fresh worker interpreters: slower to start) or "
            "'dask' (a Dask cluster: see --scheduler; needs pip install 'ocrtools-unix[dask]').",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="Dask scheduler, e.g. tcp://host:8786 (default: start a local cluster).",
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress", help="Progress on stderr (default: when a terminal)."
        ),
    ] = None,
    layout: options.LayoutMode = options.Layout.auto,
    draw: Annotated[
        str | None,
        typer.Option(
            "--draw",
            metavar="DIR",
            help="Also draw what was found on each page into DIR/NAME.png (made if "
            "missing): blocks, lines numbered in reading order, words, unsure words "
            "in red.",
        ),
    ] = None,
    strict: options.Strict = False,
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.cli.common import FailedCheck, ReadingCheck, make_decoder
    from ocrtools.cli.output import ResultWriter
    from ocrtools.errors import OcrError
    from ocrtools.models import find_model, load_session
    from ocrtools.records import error_record

    try:
        info = find_model(model)
        load_session(info)  # checked (sha256, a valid ONNX file) once, before any input
    except (OcrError, ValueError) as exc:
        usage_error(COMMAND, str(exc))
    make_decoder(COMMAND, expect.value, charset, info.labels)
    check = ReadingCheck(COMMAND, expect.value, strict)
    if backend not in BACKENDS:
        usage_error(COMMAND, f"unknown --backend {backend!r}; use one of: {', '.join(BACKENDS)}")
    if jobs < 0:
        usage_error(COMMAND, "--jobs must be 0 (all cores) or more")
    if draw is not None:
        try:
            os.makedirs(draw, exist_ok=True)
        except OSError as exc:
            usage_error(COMMAND, f"--draw {draw}: {exc.strerror or exc}")
    names = image_inputs(COMMAND, paths or [], files_from, recursive)
    stdin_data: dict[str, bytes] = {}

    def task(name: str) -> tuple[str, bytes | None]:
        if name != "-":
            return name, None
        stdin_data[name] = sys.stdin.buffer.read()
        return name, stdin_data[name]

    # a list streamed on stdin (inotifywait ... | ocr-read -T -) is read name by name,
    # each answered before the next is waited for; any other list is read whole first,
    # so that the work can be shared out among the workers
    streaming = files_from == "-"
    tasks: Any = (task(n) for n in names) if streaming else [task(n) for n in names]
    total = None if streaming else len(tasks)
    settings = ReadSettings(str(info.path), method.value, expect.value, charset, verbose,
                            layout.value, ascii, dictionary)
    reporter = Reporter(COMMAND, verbose, fail_fast)
    write = ResultWriter(fmt.value, draw, stdin_data.get, reporter.message)
    show = sys.stderr.isatty() if progress is None else progress
    workers = 1 if streaming else jobs or (os.cpu_count() or 1)
    done = 0
    for results in run_tasks(tasks, settings, workers, backend, scheduler):
        for result in results:
            trace = result.pop("trace", None)
            where = str(result["image"])
            if result.get("page", 1) != 1:
                where += f" (page {result['page']})"
            if result.get("error"):
                reporter.failed(where, str(result["error"]), trace)
            else:
                try:
                    result = check(result)
                except FailedCheck as exc:
                    result = {**error_record(str(result["image"]), reporter.exception(where, exc)),
                              **{k: result[k] for k in ("page", "size") if k in result}}
            write(result)
        sys.stdout.flush()
        done += 1
        if show:
            sys.stderr.write(f"\r{COMMAND}: {done}/{total if total is not None else '?'}")
            sys.stderr.flush()
        if reporter.stop_now():
            break
    write.close()
    if show and done:
        sys.stderr.write("\n")
    raise typer.Exit(reporter.exit_code)


def main() -> None:
    run(app, COMMAND)
