"""The record stream: one JSON object per text line, in input order, one per line.

A field image (one row of text) gives one record; a page gives one record per text line,
contiguous and in reading order, numbered by ``line_index`` from 0 to ``line_count - 1``;
a page without text gives one record with ``line_count`` 0; an input (or a page of it)
that cannot be read gives one error record. Every command reads and writes these records.
A stage adds its fields and passes every other field through untouched, so a later stage
(or a user's own script) still finds what an earlier one wrote. A record that carries
``"error"`` flows through every stage unchanged and makes the final exit status 1.
``ocr-join`` (and :func:`ocrtools.document.group_pages`) puts the records of one page
back together: a page ends after ``line_count`` records, or where the next record names
another image or page.

Fields, by the stage that adds them::

    image     str        the input's name ("-" for stdin)
    page      int        the page of the input (1-based: a multi-page TIFF has several)
    size      [w, h]     the page's size in pixels, as the input has it
    error     str        why this input (or page) failed (then most other fields are absent)
    block     int        the block (column, paragraph, table) of the line, 0-based, in order
    line_index int       the line's place in the page's reading order, 0-based
    line_count int       lines on the page (0: a page without text, this record is empty)
    bbox      [x, y, w, h]  the line's box on the page (input pixels)
    polygon   [[x, y]]   the line's outline on the page (a skewed page: a rotated box; a
                         line tilted on its levelled page: a parallelogram along it; a
                         bent line, a curled page's: 9 points along each side)
    baseline  [[x, y], [x, y]]  the line's baseline, left and right end, on the page
    frame     {size, to_page}  the line's own pixels (the strip of the page it was cut
                         from, before levelling): their size, and the affine map
                         [a, b, c, d, e, f] to the page: x' = a x + b y + c, y' = d x + e y + f
                         (a bent line's strip is cut along its bend, straightened: the
                         map is the straight one through its middle rows)
    line      LineGeometry  top/bottom of the text band, baseline, x-height, angle (pixels
                         of the levelled line: the frame rotated by -angle)
    ink       str        the binarised line as base64 PNG (1-bit); later stages crop from it
    segments  [[x0, x1]] the atomic pieces of the over-segmentation (column ranges)
    boxes     [[x, y, w, h]]  candidate characters (one or more consecutive segments)
    spans     [[i, j]]   segment range [i, j) of each candidate box
    strip     {png, x0, scale}  the line as a line model reads it: base64 grey PNG,
                         32 rows, ink 255; line x = x0 + strip column / scale
    crops     CropArray  normalised crops of all boxes, base64 of uint8 (n, h, w)
    model     str        name of the model that classified the record
    task      str        "ctc-line" (line model) or "character" (EMNIST); absent: boxes
    stride    number     strip columns per frame (line model): the model's (4), or less
                         where a densely set line was read again stretched
    frames    [[[label, p]]]  per frame: the labels with p >= 0.001, best first (line model)
    labels    [Label]    per box: label, probability p, runners-up (character models)
    text      str        the decoded text ("" for a line of a page read at a mean
                         confidence below 0.6: a picture's texture, not text)
    chars     [CharOut]  per decoded character: char, box (on the page), p
    words     [WordOut]  per word: text, box (on the page), confidence, chars [i, j)
    confidence float     mean probability of the decoded characters
    valid     bool       --expect's verdict on the text (absent with --expect any)
"""

from __future__ import annotations

import base64
import io
import json
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO, TypedDict

if TYPE_CHECKING:
    import numpy as np

Record = dict[str, Any]

# Fields a record must have before a stage can work on it, per stage.
REQUIRED_FOR_JOIN = ("labels", "segments", "spans", "boxes")
REQUIRED_FOR_CTC = ("strip", "line")
REQUIRED_FOR_CTC_JOIN = ("frames", "strip", "line")


class LineGeometry(TypedDict):
    top: int
    bottom: int
    baseline: int
    xheight: float


class CropArray(TypedDict):
    shape: list[int]
    dtype: str
    data: str


class RecordError(ValueError):
    """A line of the stream is not a usable record (malformed JSON, missing fields)."""


def error_record(image: str, message: str, **extra: Any) -> Record:
    """A record for an input that failed: it flows through the later stages unchanged."""
    record: Record = {"image": image, "error": message}
    record.update(extra)
    return record


def check_fields(record: Record, required: Iterable[str], stage: str) -> None:
    """Raise RecordError naming the missing fields and the command that adds them."""
    missing = [name for name in required if name not in record]
    if missing:
        producer = {
            "ink": "ocr-boxes",
            "line": "ocr-boxes",
            "boxes": "ocr-boxes",
            "segments": "ocr-boxes",
            "spans": "ocr-boxes",
            "labels": "ocr-classify",
        }
        hint = sorted({producer.get(m, "an earlier stage") for m in missing})
        raise RecordError(
            f"record lacks {', '.join(missing)} (needed by {stage}; "
            f"pipe it through {' and '.join(hint)} first)"
        )


def read_records(stream: TextIO) -> Iterator[Record]:
    """Yield one record per input line. A line that is not a JSON object yields an
    error record (its text quoted) instead of stopping the stream."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            snippet = line.strip()[:40]
            yield error_record(
                f"<stdin line {number}>",
                f"malformed JSON ({exc.msg} at column {exc.colno}): {snippet!r}",
            )
            continue
        except RecursionError:
            yield error_record(f"<stdin line {number}>", "malformed JSON (nested too deeply)")
            continue
        if not isinstance(value, dict):
            yield error_record(
                f"<stdin line {number}>", f"not a JSON object but {type(value).__name__}"
            )
            continue
        if "image" not in value:
            value = {"image": f"<stdin line {number}>", **value}
        yield value


def dumps(record: Record) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def write_record(record: Record, stream: TextIO | None = None) -> None:
    out = stream if stream is not None else sys.stdout
    out.write(dumps(record))
    out.write("\n")


def encode_ink(mask: np.ndarray) -> str:
    """A boolean ink mask as base64 of a 1-bit PNG (small: a text line is a few KB)."""
    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.asarray(mask, dtype=bool)).save(buffer, format="PNG", optimize=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def decode_ink(data: str) -> np.ndarray:
    import numpy as np
    from PIL import Image

    try:
        raw = base64.b64decode(data, validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            return np.asarray(image.convert("1"), dtype=bool)
    except Exception as exc:  # noqa: BLE001 - any decoding failure is a bad record
        raise RecordError(f"field 'ink' is not a base64 PNG ({exc})") from exc


def encode_gray(image: np.ndarray) -> str:
    """A uint8 grey image as base64 of an 8-bit PNG."""
    import numpy as np
    from PIL import Image

    buffer = io.BytesIO()
    pixels = np.ascontiguousarray(image, dtype=np.uint8)
    Image.fromarray(pixels).save(buffer, format="PNG", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def decode_gray(data: str, field: str) -> np.ndarray:
    import numpy as np
    from PIL import Image

    try:
        raw = base64.b64decode(data, validate=True)
        with Image.open(io.BytesIO(raw)) as image:
            return np.asarray(image.convert("L"), dtype=np.uint8)
    except Exception as exc:  # noqa: BLE001 - any decoding failure is a bad record
        raise RecordError(f"field {field!r} is not a base64 PNG ({exc})") from exc


def encode_crops(crops: np.ndarray) -> CropArray:
    import numpy as np

    array = np.ascontiguousarray(crops, dtype=np.uint8)
    return {
        "shape": list(array.shape),
        "dtype": "uint8",
        "data": base64.b64encode(array.tobytes()).decode("ascii"),
    }


def decode_crops(value: Any) -> np.ndarray:
    import numpy as np

    try:
        shape = [int(n) for n in value["shape"]]
        raw = base64.b64decode(value["data"], validate=True)
        return np.frombuffer(raw, dtype=np.uint8).reshape(shape)
    except Exception as exc:  # noqa: BLE001
        raise RecordError(f"field 'crops' is not a valid crop array ({exc})") from exc
