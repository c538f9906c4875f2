"""Reading one image through the whole chain, as ``ocr-read``'s workers do.

Kept apart from the command line (``ocrtools.cli.read``) so that a worker process
imports only what reading needs: not typer, not the CLI.
"""

from __future__ import annotations

import functools
import os
from typing import Any


class ReadSettings:
    """What a worker needs to read an image: plain values, cheap to send."""

    def __init__(
        self, model: str, method: str, expect: str, charset: str | None, verbose: bool
    ) -> None:
        self.model = model
        self.method = method
        self.expect = expect
        self.charset = charset
        self.verbose = verbose


def read_chunk(chunk: list[tuple[str, bytes | None]], settings: ReadSettings) -> list[dict]:
    return [read_task(task, settings) for task in chunk]


def read_task(task: tuple[str, bytes | None], settings: ReadSettings) -> dict[str, Any]:
    """Read one image through the whole chain; any failure becomes an error result."""
    import traceback

    from ocrtools.errors import describe

    name, data = task
    try:
        return read_image(name, data, settings)
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, here
        result: dict[str, Any] = {"image": name, "text": "", "error": describe(exc)}
        if settings.verbose:
            result["trace"] = "".join(traceback.format_exception(exc))
        return result


def read_image(name: str, data: bytes | None, settings: ReadSettings) -> dict[str, Any]:
    from ocrtools.images import decode_image, load_image
    from ocrtools.pipeline import boxes_record, character_labels, classify_record, join_record
    from ocrtools.typed import Decoder

    info, session = _model(settings.model)
    gray = decode_image(data) if data is not None else load_image(name)
    if info.task == "character":
        labels = character_labels(gray, info, session)
        record: dict[str, Any] = {"image": name, "size": [gray.shape[1], gray.shape[0]]}
        record.update(task="character", labels=labels)
        result = join_record(record)
        return {"image": name, "size": record["size"], **result}
    record = boxes_record(name, gray, settings.method, task=info.task)
    record.update(classify_record(record, info, session))
    result = join_record(record, Decoder(settings.expect, settings.charset))
    return {"image": name, "size": record["size"], "line": record["line"], **result}


@functools.lru_cache(maxsize=4)
def _model(path: str) -> tuple[Any, Any]:
    """The model's sidecar and checked session, once per worker process (not per image:
    reading and parsing the sidecar cost as much as a tenth of a line's reading)."""
    from ocrtools.models import find_model, load_session

    info = find_model(_model_path(path))
    return info, load_session(info)


def _model_path(path: str) -> str:
    if os.path.exists(path):
        return path
    from ocrtools.models import worker_copy

    return worker_copy(path)
