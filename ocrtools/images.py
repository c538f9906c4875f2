"""Load an image file (or bytes from stdin) as upright 2-D uint8 grey.

Every way an image can be unusable becomes an :class:`InputError` with a one-line
message; callers turn it into an error record and go on with the next input.
"""

from __future__ import annotations

import io
import logging
import os
import re
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from ocrtools.errors import InputError

# Larger images are refused before decoding (a 20000x20000 scan would take 400 MB as
# grey and far more while decoding). 50 megapixels holds an A4 page at 600 dpi (35 Mpx)
# and an A3 page at 500 dpi; decoding an RGB page that size peaks around 0.6 GB.
MAX_PIXELS = 50_000_000

IMAGE_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp", ".pbm", ".pgm", ".ppm",
    ".pnm", ".pdf",  # PDF pages need pypdfium2 (the [pdf] extra); without it: a clear error
}


def read_bytes(path: str) -> bytes:
    """Read a file, translating OS errors into one-line InputErrors."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})") from None
    return data


def decode_image(data: bytes) -> np.ndarray:
    """Decode image bytes to upright uint8 grey (H, W): the first page of the file."""
    for _number, page in image_pages(data):
        if isinstance(page, Exception):
            raise page
        return page
    raise InputError("image has no pages")


def image_pages(data: bytes) -> Iterator[tuple[int, np.ndarray | InputError]]:
    """Every page of an image file (a multi-page TIFF has several; a PDF, with the pdf
    extra, one per page), numbered from 1, as upright uint8 grey. A page that cannot
    be decoded gives its InputError in its place and the next page is still read; a
    file that cannot be opened at all raises the InputError."""
    if data[:5] == b"%PDF-":
        yield from _pdf_pages(data)
        return
    image = _open(data)
    try:
        frames: int | None = int(getattr(image, "n_frames", 1) or 1)
    except Exception:  # noqa: BLE001 - a broken later page: count the pages by reading on
        frames = None
    index = 0
    while frames is None or index < frames:
        reached = index == 0
        try:
            if index:
                with _pil_errors():
                    try:
                        image.seek(index)
                    except EOFError:
                        if frames is None:
                            return  # no page after the last good one
                        raise
                reached = True
                _check_size(image)
            yield index + 1, _decode_frame(image)
        except InputError as exc:
            yield index + 1, exc
            if frames is None and not reached:
                return  # the page after the last good one is broken: none after it
        index += 1


def _pdf_pages(data: bytes) -> Iterator[tuple[int, np.ndarray | InputError]]:
    try:
        from ocrtools.pdf import pdf_pages
    except ImportError:
        raise InputError("a PDF: reading PDF needs pypdfium2 "
                         "(pip install pypdfium2, or the package's [pdf] extra)") from None
    yield from enumerate(pdf_pages(data), start=1)


def _check_size(image) -> None:  # type: ignore[no-untyped-def]
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise InputError(
            f"image too large ({width}x{height} = {width * height:,} pixels, "
            f"limit {MAX_PIXELS:,}); crop or downscale it first"
        )


def _open(data: bytes):  # type: ignore[no-untyped-def]
    from PIL import Image

    if not data:
        raise InputError("empty file")
    with _pil_errors():
        image = Image.open(io.BytesIO(data))
        _check_size(image)
        return image


EXIF_ORIENTATION = 0x0112


def _decode_frame(image) -> np.ndarray:  # type: ignore[no-untyped-def]
    from PIL import ImageOps

    with _pil_errors():
        with _quiet_native_stderr(image.format == "TIFF"):
            image.load()
        # (exif_transpose copies an upright image too: a tenth of a page's decoding)
        if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
            image = ImageOps.exif_transpose(image) or image
        return to_grey(image)


@contextmanager
def _pil_errors() -> Iterator[None]:
    """PIL's ways of failing, as one-line InputErrors."""
    from PIL import Image, UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PIL's complaints about odd files: not for stderr
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except InputError:
            raise
        except UnidentifiedImageError:
            raise InputError("not an image (cannot identify image file)") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            pixels = f"{int(found.group(1)):,} pixels" if found else "too many pixels"
            raise InputError(
                f"image too large ({pixels}, limit {MAX_PIXELS:,}); crop or downscale it first"
            ) from None
        except Exception as exc:  # noqa: BLE001 - any decoder failure means a corrupt file
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputError(f"truncated or corrupt image ({message})") from None


# PIL logs its complaints about odd files (no handler: they would reach stderr as
# extra lines); the one-line InputError says what matters.
logging.getLogger("PIL").addHandler(logging.NullHandler())


@contextmanager
def _quiet_native_stderr(active: bool) -> Iterator[None]:
    """libtiff prints its complaints straight to file descriptor 2; keep them off
    stderr while decoding, where they would break the one-line messages."""
    if not active:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def to_grey(image) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Any PIL mode to uint8 grey; transparency is flattened onto white (paper)."""
    from PIL import Image

    mode = image.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        array = np.asarray(image, dtype=np.float64)
        low, high = float(array.min()), float(array.max())
        if high <= low:
            return np.full(array.shape, 255 if high > 0 else 0, dtype=np.uint8)
        return np.round((array - low) * (255.0 / (high - low))).astype(np.uint8)
    if mode == "P" or (mode in ("1", "L", "RGB") and "transparency" in image.info):
        image = image.convert("RGBA")
        mode = "RGBA"
    if mode in ("RGBA", "LA", "PA"):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if image.mode == "1":
        image = image.convert("L")
    if image.mode != "L":
        image = image.convert("RGB").convert("L")
    if image.size[0] == 0 or image.size[1] == 0:
        raise InputError("image has no pixels")
    return np.asarray(image, dtype=np.uint8).copy()


def load_image(path: str) -> np.ndarray:
    """Read and decode one image file as upright grey."""
    return decode_image(read_bytes(path))


def list_images(directory: str, recursive: bool = False) -> list[str]:
    """Image files in a directory, sorted by path: regular files (or links to them)
    with an image suffix; anything else (a FIFO, a socket, a device) is never opened.
    ``recursive`` descends into subdirectories, following links to directories, each
    directory once (a link back up does not loop)."""
    found: list[str] = []
    _collect_images(Path(directory), recursive, found, set(), top=True)
    return sorted(found)


def _collect_images(
    directory: Path, recursive: bool, found: list[str], seen: set[tuple[int, int]],
    top: bool = False,
) -> None:
    try:
        status = os.stat(directory)
    except OSError:
        return
    if (status.st_dev, status.st_ino) in seen:
        return
    seen.add((status.st_dev, status.st_ino))
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError as exc:
        if top:  # the directory the user named: say why it cannot be listed
            raise InputError(f"{directory}: cannot list ({exc.strerror or exc})") from None
        return  # an unreadable subdirectory is skipped, as rglob does
    for entry in entries:
        path = directory / entry.name
        try:
            if entry.is_dir():  # follows links
                if recursive:
                    _collect_images(path, recursive, found, seen)
            elif entry.is_file() and path.suffix.lower() in IMAGE_SUFFIXES:
                found.append(str(path))
        except OSError:
            continue


def is_directory(path: str) -> bool:
    return path != "-" and os.path.isdir(path)
