"""Reading many inputs in parallel, results in input order (ocr-read -j, read_many).

Kept apart from the command line so that the library (``ocrtools.read_many``) and the
command share it; workers import only what reading needs.
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from ocrtools.reading import ReadSettings, read_chunk, read_task


def run_tasks(
    tasks: Iterable[tuple[str, bytes | None]],
    settings: ReadSettings,
    workers: int,
    backend: str,
    scheduler: str | None,
) -> Iterator[list[dict[str, Any]]]:
    """Results in input order (a list per input: one result per text line), streamed
    as they are ready (memory stays flat). Work goes out in chunks of CHUNK images; a
    run of one chunk stays in this process, as starting workers would cost more than
    it saves. With one worker the tasks may be a generator, each task taken only when
    the one before it is answered."""
    if workers <= 1 and backend != "dask":
        for task in tasks:
            yield read_task(task, settings)
        return
    tasks = list(tasks)
    chunks = chunked(tasks)
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


def chunked(tasks: list[tuple[str, bytes | None]]) -> list[list[tuple[str, bytes | None]]]:
    """The tasks in input order, cut into chunks of at most CHUNK images and, past the
    first image of a chunk, at most CHUNK_BYTES of input: a chunk amortises the cost of
    sending work to a worker over many small images (fields, lines), while every page
    (a scan is 0.5-20 MB) makes a chunk of its own, so eight pages are read by both
    workers of ``-j 2``, not all by one. An input's bytes stand for its work; one that
    cannot be sized (gone, unreadable) counts as none: it is reported where it is read."""
    chunks: list[list[tuple[str, bytes | None]]] = []
    size = 0
    for task in tasks:
        name, data = task
        if data is not None:
            nbytes = len(data)
        else:
            try:
                nbytes = os.path.getsize(name)
            except OSError:
                nbytes = 0
        if not chunks or len(chunks[-1]) >= CHUNK or size + nbytes > CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(task)
        size += nbytes
    return chunks


BACKENDS = ("local", "loky", "dask")
CHUNK = 16  # images per task at most: amortises the cost of sending work to a worker
CHUNK_BYTES = 1 << 20  # ... and input bytes (16 field images are 0.1-0.5 MB)
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
