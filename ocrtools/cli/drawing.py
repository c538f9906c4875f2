"""--draw DIR: a picture per page of what was found, for a user to see what went wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any


def drawing_name(image: str, number: int, used: dict[str, int]) -> str:
    """The file name of a page's picture: the image's stem, -pN for page N > 1, and a
    count when two inputs share a stem (scans/a.png, other/a.png -> a.png, a-2.png)."""
    stem = "stdin" if image == "-" else Path(image).stem or "image"
    name = stem if number == 1 else f"{stem}-p{number}"
    seen = used.get(name, 0)
    used[name] = seen + 1
    return f"{name}.png" if not seen else f"{name}-{seen + 1}.png"


def draw_to_folder(
    page: Any, folder: str, used: dict[str, int], data: Callable[[str], bytes | None]
) -> Path:
    """Draw one page (an ocrtools.document.Page) on its image into the folder."""
    from ocrtools.draw import draw_page
    from ocrtools.errors import InputError
    from ocrtools.images import image_pages, read_bytes

    raw = data(page.image)
    for number, pixels in image_pages(raw if raw is not None else read_bytes(page.image)):
        if number == page.number:
            if isinstance(pixels, Exception):
                raise pixels
            path = Path(folder) / drawing_name(page.image, page.number, used)
            draw_page(pixels, page).save(path)
            return path
    raise InputError(f"has no page {page.number}")
