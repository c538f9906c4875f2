"""Reading one image through the whole chain, as ``ocr-read``'s workers do.

Kept apart from the command line (``ocrtools.cli.read``) so that a worker process
imports only what reading needs: not typer, not the CLI.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


class ReadSettings:
    """What a worker needs to read an image: plain values, cheap to send."""

    def __init__(
        self, model: str, method: str, expect: str, charset: str | None, verbose: bool,
        layout: str = "auto", ascii: bool = False, dictionary: bool = True,
    ) -> None:
        self.model = model
        self.method = method
        self.expect = expect
        self.charset = charset
        self.verbose = verbose
        self.layout = layout
        self.ascii = ascii  # fold the text to ASCII (ocrtools.alphabet.to_ascii)
        self.dictionary = dictionary  # mend misread words (ocrtools.lexicon)


def read_chunk(chunk: list[tuple[str, bytes | None]], settings: ReadSettings) -> list[list[dict]]:
    return [read_task(task, settings) for task in chunk]


def read_task(task: tuple[str, bytes | None], settings: ReadSettings) -> list[dict[str, Any]]:
    """Read one input through the whole chain: its results, one per text line of each
    page; any failure becomes an error result (of the page, or of the whole input)."""
    name, data = task
    try:
        return read_image(name, data, settings)
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - translated once, here
        return [_error_result(name, exc, settings)]


def _error_result(name: str, exc: BaseException, settings: ReadSettings,
                  page: int | None = None) -> dict[str, Any]:
    import traceback

    from ocrtools.errors import describe

    result: dict[str, Any] = {"image": name}
    if page is not None:
        result["page"] = page
    result.update(text="", error=describe(exc))
    if settings.verbose:
        result["trace"] = "".join(traceback.format_exception(exc))
    return result


# fields of a line record that stay in ocr-read's results (the strip, frames and lattice
# are the chain's working material, not results)
RESULT_FIELDS = (
    "image", "page", "size", "block", "line_index", "line_count", "bbox", "polygon",
    "baseline", "line", "text", "chars", "words", "confidence", "valid", "error",
)


def read_image(name: str, data: bytes | None, settings: ReadSettings) -> list[dict[str, Any]]:
    """Every page of one image file (or its bytes) through the whole chain."""
    from ocrtools.images import image_pages, read_bytes

    pages = image_pages(data if data is not None else read_bytes(name))
    return read_pages(name, pages, settings)


def read_pages(
    name: str, pages: Iterable[tuple[int, np.ndarray | Exception]], settings: ReadSettings
) -> list[dict[str, Any]]:
    """Pages (numbered grey images, or the error of a page that could not be decoded)
    through the whole chain: the results, one per text line of each page."""
    from ocrtools.pipeline import character_labels, classify_record, join_record, page_records
    from ocrtools.typed import Decoder

    info, session = _model(settings.model)
    decoder = Decoder(settings.expect, settings.charset, dictionary=settings.dictionary)
    results: list[dict[str, Any]] = []
    for number, page in pages:
        if isinstance(page, Exception):
            results.append(_error_result(name, page, settings, number))
            continue
        try:
            if info.task == "character":
                labels = character_labels(page, info, session)
                record: dict[str, Any] = {"image": name, "page": number,
                                          "size": [page.shape[1], page.shape[0]]}
                record.update(task="character", labels=labels)
                result = join_record(record)
                results.append({k: record[k] for k in ("image", "page", "size")} | result)
                continue
            for record in page_records(name, page, settings.method, task=info.task,
                                       layout=settings.layout, page=number):
                if record.get("line_count") != 0:
                    record.update(classify_record(record, info, session))
                    record.update(join_record(record, decoder))
                results.append({k: record[k] for k in RESULT_FIELDS if k in record})
        except (Exception, MemoryError) as exc:  # noqa: BLE001 - this page only
            results.append(_error_result(name, exc, settings, number))
    if settings.ascii:
        from ocrtools.alphabet import ascii_result

        return [ascii_result(r) for r in results]
    return results


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
