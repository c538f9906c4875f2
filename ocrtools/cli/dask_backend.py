"""ocr-read --backend dask: the same chain on a Dask cluster, through joblib's Dask backend.

The model files are uploaded to every worker once, when the client connects (a worker
plugin), so workers need ocrtools installed but not the models; results still come
back in input order, streamed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ocrtools.errors import OcrError

PLUGIN_PREFIX = "ocrtools-model-"


@contextmanager
def dask_client(scheduler: str | None, workers: int, model: Path) -> Iterator[Any]:
    """A connected Dask client (to `scheduler`, or to a new local cluster of `workers`
    single-threaded processes) whose workers hold the model files."""
    try:
        from distributed import Client, LocalCluster
        from distributed.diagnostics.plugin import UploadFile
    except ImportError:
        raise OcrError(
            "--backend dask needs dask.distributed: pip install 'ocrtools-unix[dask]'"
        ) from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="15s")
        else:
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise OcrError(f"cannot reach the Dask scheduler {scheduler} ({exc})") from None
    try:
        for path in (model, model.with_suffix(".json")):
            plugin = UploadFile(str(path), load=False)
            plugin.name = PLUGIN_PREFIX + path.name  # one plugin per file, not replaced
            client.register_plugin(plugin)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

