"""The result model: page -> blocks -> lines -> words -> characters.

What the commands write and what :func:`ocrtools.read` returns are the same thing in two
shapes. On the stream a page is a run of *line records* (see :mod:`ocrtools.records`),
contiguous and in reading order; here it is a tree of typed objects. ``Page.from_records``
builds the tree from the records of one page, ``Page.to_records`` gives them back, so a
user's script sees the very numbers ``ocr-read --format jsonl`` prints.

Every box is ``(x, y, w, h)`` in pixels of the input image as the user has it (before any
levelling or scaling the reader did); polygons and baselines are lists of ``(x, y)`` points
in the same frame. The writers in :mod:`ocrtools.formats` turn a :class:`Page` into text,
TSV, hOCR, ALTO or PAGE XML and compute nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

Box = tuple[int, int, int, int]  # x, y, w, h
Point = tuple[int, int]


def union_box(boxes: Iterable[Box]) -> Box | None:
    """The smallest box holding all the boxes (None for none)."""
    items = list(boxes)
    if not items:
        return None
    x0 = min(b[0] for b in items)
    y0 = min(b[1] for b in items)
    x1 = max(b[0] + b[2] for b in items)
    y1 = max(b[1] + b[3] for b in items)
    return (x0, y0, x1 - x0, y1 - y0)


def _box(value: Any) -> Box:
    x, y, w, h = (int(round(float(v))) for v in value)
    return (x, y, w, h)


def _points(value: Any) -> list[Point]:
    return [(int(round(float(x))), int(round(float(y)))) for x, y in value or []]


@dataclass
class Char:
    text: str
    box: Box
    confidence: float


@dataclass
class Word:
    text: str
    box: Box
    confidence: float
    chars: list[Char] = field(default_factory=list)


@dataclass
class Line:
    """One printed line: its text and where it lies on the page."""

    text: str
    box: Box
    confidence: float
    words: list[Word] = field(default_factory=list)
    polygon: list[Point] = field(default_factory=list)  # outline, clockwise from top-left
    baseline: list[Point] = field(default_factory=list)  # left and right end
    block: int = 0  # the block it belongs to (0-based, in reading order)
    index: int = 0  # its place in the page's reading order (0-based)
    valid: bool | None = None  # typed decoding (--expect): did the reading pass its check
    extra: dict[str, Any] = field(default_factory=dict)  # other record fields, kept

    @property
    def chars(self) -> list[Char]:
        return [c for w in self.words for c in w.chars]


@dataclass
class Block:
    index: int
    lines: list[Line] = field(default_factory=list)

    @property
    def box(self) -> Box:
        return union_box(line.box for line in self.lines) or (0, 0, 0, 0)

    @property
    def text(self) -> str:
        # (a line found without text, a picture's speck, is no empty line of the text)
        return "\n".join(line.text for line in self.lines if line.text)


@dataclass
class Page:
    """One page of one input (an image file holds one; a multi-page TIFF several)."""

    image: str
    size: tuple[int, int]  # width, height of the input page
    number: int = 1  # 1-based page number within the file
    blocks: list[Block] = field(default_factory=list)
    error: str | None = None

    @property
    def lines(self) -> list[Line]:
        return [line for block in self.blocks for line in block.lines]

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line.words]

    @property
    def text(self) -> str:
        """Lines in reading order, one per line, a blank line between blocks."""
        return "\n\n".join(b.text for b in self.blocks if b.text)

    @property
    def confidence(self) -> float:
        """Mean character confidence over the page (0 for a page without text)."""
        chars = [c for line in self.lines for c in line.chars]
        if chars:
            return sum(c.confidence for c in chars) / len(chars)
        lines = [line for line in self.lines if line.text]
        return sum(line.confidence for line in lines) / len(lines) if lines else 0.0

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> Page:
        """The page of a run of line records (all of one image and page number)."""
        if not records:
            raise ValueError("a page needs at least one record")
        first = records[0]
        size = first.get("size") or [0, 0]
        page = cls(
            image=str(first.get("image", "")),
            size=(int(size[0]), int(size[1])),
            number=int(first.get("page", 1)),
            error=next((str(r["error"]) for r in records if r.get("error")), None),
        )
        blocks: dict[int, Block] = {}
        for record in records:
            if record.get("error") or record.get("line_count") == 0:
                continue  # an error, or the one empty record of a page without text
            if not record.get("bbox"):  # a record of a whole image (one character)
                record = {**record, "bbox": [0, 0, page.size[0], page.size[1]]}
            line = line_from_record(record)
            if line.block not in blocks:
                blocks[line.block] = Block(index=line.block)
            blocks[line.block].lines.append(line)
        page.blocks = [blocks[k] for k in sorted(blocks)]
        return page

    def to_records(self) -> list[dict[str, Any]]:
        """The page as the stream carries it: one record per line (one empty record for
        a page without text, one error record for a page that could not be read)."""
        head = {"image": self.image, "page": self.number, "size": list(self.size)}
        if self.error:
            return [{**head, "error": self.error, "text": ""}]
        lines = self.lines
        if not lines:
            return [{**head, "line_count": 0, "text": "", "confidence": 0.0}]
        return [{**head, **line_record(line, len(lines))} for line in lines]


# the record fields the result model reads; everything else rides along in Line.extra
LINE_FIELDS = (
    "image", "page", "size", "block", "line_index", "line_count", "bbox", "polygon",
    "baseline", "text", "confidence", "chars", "words", "valid", "error",
)


def line_from_record(record: dict[str, Any]) -> Line:
    chars = [
        Char(str(c["char"]), _box(c["box"]), float(c.get("p", 0.0)))
        for c in record.get("chars") or []
    ]
    words: list[Word] = []
    for item in record.get("words") or []:
        lo, hi = item.get("chars", [0, 0])
        words.append(Word(
            text=str(item["text"]), box=_box(item["box"]),
            confidence=float(item.get("confidence", 0.0)), chars=chars[int(lo):int(hi)],
        ))
    return Line(
        text=str(record.get("text", "")),
        box=_box(record["bbox"]),
        confidence=float(record.get("confidence", 0.0)),
        words=words,
        polygon=_points(record.get("polygon")),
        baseline=_points(record.get("baseline")),
        block=int(record.get("block", 0)),
        index=int(record.get("line_index", 0)),
        valid=record.get("valid"),
        extra={k: v for k, v in record.items() if k not in LINE_FIELDS},
    )


def line_record(line: Line, count: int) -> dict[str, Any]:
    chars: list[dict[str, Any]] = []
    words: list[dict[str, Any]] = []
    for word in line.words:
        start = len(chars)
        chars.extend({"char": c.text, "box": list(c.box), "p": c.confidence} for c in word.chars)
        words.append({"text": word.text, "box": list(word.box),
                      "confidence": word.confidence, "chars": [start, len(chars)]})
    record: dict[str, Any] = {
        **line.extra,
        "block": line.block,
        "line_index": line.index,
        "line_count": count,
        "bbox": list(line.box),
        "polygon": [list(p) for p in line.polygon],
        "baseline": [list(p) for p in line.baseline],
        "text": line.text,
        "confidence": line.confidence,
        "chars": chars,
        "words": words,
    }
    if line.valid is not None:
        record["valid"] = line.valid
    return record


def group_pages(records: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """Runs of consecutive records that belong to one page, as the stream carries them,
    each yielded as soon as it is whole: a page ends when it holds ``line_count`` records
    or the next record names another image or page. A record without ``line_count``
    (an error, or a record from an older stage) is a page of its own."""
    run: list[dict[str, Any]] = []
    key: tuple[str, int] | None = None
    for record in records:
        this = (str(record.get("image", "")), int(record.get("page", 1) or 1))
        if run and this != key:
            yield run
            run = []
        key = this
        run.append(record)
        count = record.get("line_count")
        if not isinstance(count, int) or len(run) >= max(1, count):
            yield run
            run = []
    if run:
        yield run
