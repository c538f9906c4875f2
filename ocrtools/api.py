"""The library: read an image (a path, bytes, a numpy array, a PIL image) into pages.

What the commands run, as functions that return typed results
(:class:`ocrtools.document.Page` -> blocks -> lines -> words -> characters, every box in
the input's pixels). ``page.to_records()`` is the very JSON ``ocr-read --format jsonl``
writes.

>>> import ocrtools
>>> page = ocrtools.read("examples/date.png")
>>> page.text
'2021-03-04'
>>> [(w.text, w.box) for w in page.words]  # doctest: +ELLIPSIS
[('2021-03-04', (...))]
>>> round(page.confidence, 2)
1.0
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from ocrtools.document import Page
from ocrtools.errors import InputError, OcrError

ImageLike = Any  # str | os.PathLike | bytes | numpy.ndarray | PIL.Image.Image


def read(image: ImageLike, **options: Any) -> Page:
    """Read one image (its first page): ``ocrtools.read("scan.png").text``.

    Options (the commands' options, as keywords): ``model`` ("printed", "emnist",
    "chars" or a path to an .onnx file), ``layout`` ("auto", "page", "block", "line"),
    ``expect`` ("any", "date", "iban", "code", "word", "name"), ``charset`` (the
    characters the reading may use), ``method`` ("otsu", "sauvola": how a line is
    binarised), ``ascii`` (True: the text folded to printable ASCII, as ``--ascii``
    does), ``dictionary`` (False: no word mended from the word list, as
    ``--no-dictionary``). An image that cannot be read raises :class:`ocrtools.errors.InputError`
    with the one-line message the commands print."""
    pages = read_pages(image, **options)
    if pages[0].error:
        raise InputError(pages[0].error)
    return pages[0]


def read_pages(image: ImageLike, **options: Any) -> list[Page]:
    """Every page of one image (a multi-page TIFF, a PDF with pypdfium2); a page that
    cannot be decoded comes back with ``page.error`` set, the others are still read.
    An input that cannot be opened at all raises :class:`InputError`."""
    from ocrtools.reading import read_pages as read_numbered

    settings = _settings(options)
    name, pages = _pages(image)
    results = read_numbered(name, pages, settings)
    return _assemble(results)


def read_many(
    images: Iterable[ImageLike], *, jobs: int = 0, **options: Any
) -> Iterator[Page]:
    """Read many images in ``jobs`` worker processes (0: one per core), yielding their
    pages in input order as they are ready. A failed input gives a page with
    ``error`` set, and the others go on (as ``ocr-read`` does)."""
    from ocrtools.parallel import run_tasks

    settings = _settings(options)
    tasks: list[tuple[str, bytes | None]] = []
    for image in images:
        if isinstance(image, (str, os.PathLike)):
            tasks.append((os.fspath(image), None))
        elif isinstance(image, (bytes, bytearray)):
            tasks.append((f"<bytes {len(tasks) + 1}>", bytes(image)))
        else:
            tasks.append((f"<image {len(tasks) + 1}>", _png_bytes(image)))
    workers = jobs or (os.cpu_count() or 1)
    for results in run_tasks(tasks, settings, workers, "local", None):
        for result in results:
            result.pop("trace", None)
        yield from _assemble(results)


def _settings(options: dict[str, Any]) -> Any:
    from ocrtools.models import find_model, load_session
    from ocrtools.pipeline import LAYOUTS
    from ocrtools.reading import ReadSettings
    from ocrtools.typed import Decoder

    known = {"model", "layout", "expect", "charset", "method", "ascii", "dictionary"}
    unknown = set(options) - known
    if unknown:
        raise TypeError(f"unknown option(s) {', '.join(sorted(unknown))}; "
                        f"use {', '.join(sorted(known))}")
    info = find_model(str(options.get("model", "printed")))
    load_session(info)
    expect = str(options.get("expect", "any"))
    charset = options.get("charset")
    Decoder(expect, charset)  # raises ValueError for an unknown --expect
    layout = str(options.get("layout", "auto"))
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    method = str(options.get("method", "otsu"))
    return ReadSettings(str(info.path), method, expect, charset, False, layout,
                        bool(options.get("ascii", False)),
                        bool(options.get("dictionary", True)))


def _pages(image: ImageLike) -> tuple[str, Iterator[tuple[int, Any]]]:
    from ocrtools.images import image_pages, read_bytes, to_grey

    if isinstance(image, (str, os.PathLike)):
        name = os.fspath(image)
        return name, image_pages(read_bytes(name))
    if isinstance(image, (bytes, bytearray)):
        return "<bytes>", image_pages(bytes(image))
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - pillow is a dependency
        raise OcrError("reading an image object needs pillow") from None
    if isinstance(image, Image.Image):
        return "<image>", iter([(1, to_grey(image))])
    import numpy as np

    array = np.asarray(image)
    if array.ndim not in (2, 3) or array.size == 0:
        raise InputError(f"an image array must be 2-D (grey) or 3-D (colour), not {array.shape}")
    return "<array>", iter([(1, to_grey(Image.fromarray(_as_uint8(array))))])


def _as_uint8(array: Any) -> Any:
    import numpy as np

    if array.dtype == np.uint8:
        return array
    if array.dtype == bool:
        return np.where(array, 0, 255).astype(np.uint8)  # True = ink
    values = array.astype(np.float64)
    if values.max(initial=0) <= 1.0:
        values = values * 255.0
    from ocrtools.numeric import grey_levels

    return grey_levels(values)


def _png_bytes(image: Any) -> bytes:
    import io

    from PIL import Image

    from ocrtools.images import to_grey

    if not isinstance(image, Image.Image):
        import numpy as np

        image = Image.fromarray(_as_uint8(np.asarray(image)))
    buffer = io.BytesIO()
    Image.fromarray(to_grey(image)).save(buffer, format="PNG")
    return buffer.getvalue()


def _assemble(results: list[dict[str, Any]]) -> list[Page]:
    from ocrtools.document import group_pages

    return [Page.from_records(run) for run in group_pages(results)]
