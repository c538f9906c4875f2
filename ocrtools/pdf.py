"""PDF pages as grey images, through pypdfium2 (PDFium's Python bindings).

An optional extra: ``pip install 'ocrtools-unix[pdf]'``. Pure: bytes in, one uint8 grey
page at a time out (rendered lazily, so a long document never sits in memory whole);
nothing is read from or written to files. Every way a PDF can be unusable becomes an
:class:`~ocrtools.errors.InputError` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ocrtools.errors import InputError

PDF_MAGIC = b"%PDF-"
MISSING = "reading PDF needs the pdf extra: pip install 'ocrtools-unix[pdf]'"


def is_pdf(data: bytes) -> bool:
    """True for bytes that start like a PDF file (its header may follow some junk, as
    PDF readers allow, within the first kilobyte)."""
    return PDF_MAGIC in data[:1024]


def _pdfium() -> Any:
    try:
        import pypdfium2
    except ImportError:
        raise InputError(MISSING) from None
    return pypdfium2


def page_count(data: bytes) -> int:
    """The number of pages of a PDF."""
    document = _open(data)
    try:
        return len(document)
    finally:
        document.close()


def pdf_pages(data: bytes, dpi: int = 300) -> Iterator[np.ndarray]:
    """Each page of a PDF as upright uint8 grey (H, W) at ``dpi``, on white paper,
    rendered when it is asked for."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, not {dpi}")
    from ocrtools.images import MAX_PIXELS

    document = _open(data)
    try:
        for number in range(len(document)):
            page = document[number]
            try:
                width, height = page.get_size()  # PDF points, 1/72 inch
                scale = dpi / 72.0
                pixels = round(width * scale) * round(height * scale)
                if pixels > MAX_PIXELS:
                    raise InputError(
                        f"page {number + 1} too large at {dpi} dpi ({pixels:,} pixels, limit "
                        f"{MAX_PIXELS:,})"
                    )
                bitmap = page.render(scale=scale, grayscale=True, fill_color=(255, 255, 255, 255))
                try:
                    image = bitmap.to_pil()
                    gray = np.asarray(image.convert("L"), dtype=np.uint8).copy()
                finally:
                    bitmap.close()
            except InputError:
                raise
            except Exception as exc:  # noqa: BLE001 - PDFium's errors name no file
                raise InputError(f"cannot render PDF page {number + 1} ({exc})") from None
            finally:
                page.close()
            yield gray
    finally:
        document.close()


def _open(data: bytes) -> Any:
    pdfium = _pdfium()
    if not data:
        raise InputError("empty file")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else "PdfiumError"
        raise InputError(f"not a readable PDF ({message})") from None
