"""ocr-read: the whole chain (binarize, boxes, crop, classify, join) over many images."""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections.abc import Iterator
from itertools import islice
from typing import Annotated, Any

import typer

from ocrtools.cli import options
from ocrtools.cli.common import Reporter, image_inputs, make_app, run, usage_error
from ocrtools.reading import ReadSettings, read_chunk, read_task

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
    backend: Annotated[
        str,
        typer.Option(
            "--backend",
            help="Parallel backend: 'local' (worker processes on this machine, forked "
            "on Linux), 'loky' (joblib's fresh worker interpreters: slower to start) or "
            "'dask' (a Dask cluster: see --scheduler; needs pip install ocrtools[dask]).",
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
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.cli.output import ResultWriter
    from ocrtools.errors import OcrError
    from ocrtools.models import find_model, load_session
    from ocrtools.typed import Decoder

    try:
        info = find_model(model)
        load_session(info)  # checked (sha256, a valid ONNX file) once, before any input
        Decoder(expect.value, charset)
    except (OcrError, ValueError) as exc:
        usage_error(COMMAND, str(exc))
    if backend not in BACKENDS:
        usage_error(COMMAND, f"unknown --backend {backend!r}; use one of: {', '.join(BACKENDS)}")
    if jobs < 0:
        usage_error(COMMAND, "--jobs must be 0 (all cores) or more")
    names = list(image_inputs(COMMAND, paths or [], files_from, recursive))
    tasks: list[tuple[str, bytes | None]] = [
        (name, sys.stdin.buffer.read() if name == "-" else None) for name in names
    ]
    settings = ReadSettings(str(info.path), method.value, expect.value, charset, verbose,
                            layout.value)
    if draw is not None:
        try:
            os.makedirs(draw, exist_ok=True)
        except OSError as exc:
            usage_error(COMMAND, f"--draw {draw}: {exc.strerror or exc}")
    stdin_data = {name: data for name, data in tasks if data is not None}
    reporter = Reporter(COMMAND, verbose, fail_fast)
    write = ResultWriter(fmt.value, draw, stdin_data.get, reporter.message)
    show = sys.stderr.isatty() if progress is None else progress
    workers = jobs or (os.cpu_count() or 1)
    done = 0
    for results in run_tasks(tasks, settings, workers, backend, scheduler):
        for result in results:
            if result.get("error"):
                where = str(result["image"])
                if result.get("page", 1) != 1:
                    where += f" (page {result['page']})"
                reporter.failed(where, str(result["error"]), result.pop("trace", None))
            result.pop("trace", None)
            write(result)
        sys.stdout.flush()
        done += 1
        if show:
            sys.stderr.write(f"\r{COMMAND}: {done}/{len(tasks)}")
            sys.stderr.flush()
        if reporter.stop_now():
            break
    write.close()
    if show and tasks:
        sys.stderr.write("\n")
    raise typer.Exit(reporter.exit_code)


def run_tasks(
    tasks: list[tuple[str, bytes | None]],
    settings: ReadSettings,
    workers: int,
    backend: str,
    scheduler: str | None,
) -> Iterator[list[dict[str, Any]]]:
    """Results in input order (a list per input: one result per text line), streamed as they are ready (memory stays flat). Work
    goes out in chunks of CHUNK images; a run of one chunk stays in this process, as
    starting workers would cost more than it saves."""
    chunks = [tasks[i : i + CHUNK] for i in range(0, len(tasks), CHUNK)]
    if (min(workers, len(chunks)) <= 1 and backend != "dask") or len(tasks) <= 1:
        for task in tasks:
            yield read_task(task, settings)
        return
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if backend == "dask":
        from pathlib import Path

        from joblib import Parallel, delayed, parallel_config

        from ocrtools.cli.dask_backend import dask_client

        with dask_client(scheduler, workers, Path(settings.model)), parallel_config(
            backend="dask"
        ):
            yield from _stream(Parallel(return_as="generator"), chunks, settings, delayed)
        return
    done = 0
    try:
        n = min(workers, len(chunks))
        pool = _loky if backend == "loky" else local_pool
        for result in pool(chunks, settings, n):
            done += 1
            yield result
    except Exception as exc:  # noqa: BLE001 - a worker died (killed, out of memory, crashed)
        # the inputs not read yet still get their record, so nothing is lost silently
        error = f"not read: a worker process failed ({type(exc).__name__})"
        for name, _data in tasks[done:]:
            yield [{"image": name, "text": "", "error": error}]


def local_pool(chunks: list[Any], settings: ReadSettings, workers: int) -> Iterator[list[dict]]:
    """Read chunks in `workers` processes on this machine; results in input order.

    On Linux the workers are forked from this process after it has imported what
    reading needs (numpy, scipy.ndimage, onnxruntime, PIL): they start at once, where
    joblib's loky workers are fresh interpreters that import it all again, 0.3-0.5 s
    each, a sixth of a 500-line run on two cores (design note in the README). At most
    two chunks per worker are in flight, so memory stays flat however long the list.
    Elsewhere (no safe fork: macOS, Windows) it is joblib's loky backend."""
    if not sys.platform.startswith("linux"):
        yield from _loky(chunks, settings, workers)
        return
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    import ocrtools.pipeline  # noqa: F401 - imported once here, inherited by the workers
    from ocrtools import images, typed  # noqa: F401

    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("fork"), initializer=_worker_start
    )
    try:
        waiting = iter(chunks)
        pending = deque(pool.submit(read_chunk, c, settings) for c in islice(waiting, 2 * workers))
        while pending:
            results = pending.popleft().result()
            for chunk in islice(waiting, 1):
                pending.append(pool.submit(read_chunk, chunk, settings))
            yield from results
    finally:  # also when the reader stops early (--fail-fast, a closed pipe, Ctrl-C)
        pool.shutdown(wait=True, cancel_futures=True)


def _loky(chunks: list[Any], settings: ReadSettings, workers: int) -> Iterator[list[dict]]:
    from joblib import Parallel, delayed, parallel_config

    # stopping early (--fail-fast, a closed pipe) is no reason for joblib to warn
    warnings.filterwarnings("ignore", message=".*(successfully executed|being processed)")
    # after Ctrl-C the resource trackers clean up the queues' semaphores; their warning
    # about it ("leaked semlock objects") is not for the user
    os.environ["PYTHONWARNINGS"] = ",".join(
        filter(None, [os.environ.get("PYTHONWARNINGS"), *QUIET_TRACKERS])
    )
    with parallel_config(backend="loky", n_jobs=workers, initializer=_worker_start):
        parallel = Parallel(return_as="generator", pre_dispatch="2*n_jobs")
        yield from _stream(parallel, chunks, settings, delayed)


BACKENDS = ("local", "loky", "dask")
CHUNK = 16  # images per task: amortises the cost of sending work to a worker
QUIET_TRACKERS = [
    "ignore::UserWarning:joblib.externals.loky.backend.resource_tracker",
    "ignore::UserWarning:multiprocessing.resource_tracker",
]


def _worker_start() -> None:
    """Ctrl-C reaches the whole process group: the parent answers it (one line, exit
    130) and its workers end with it, without a traceback each. A forked worker makes
    its own onnxruntime session: the parent's, cached, is not for sharing."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ocrtools.models import load_session
    from ocrtools.reading import _model

    load_session.cache_clear()
    _model.cache_clear()


def _stream(parallel: Any, chunks: list[Any], settings: ReadSettings, delayed: Any) -> Any:
    for results in parallel(delayed(read_chunk)(chunk, settings) for chunk in chunks):
        yield from results


def main() -> None:
    run(app, COMMAND)
