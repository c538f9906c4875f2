"""The chain of stages, as functions on records.

Each command of the toolset is one of these functions applied to every record of its
input, and ``ocr-read`` applies all of them in turn to each image: the piped chain and
``ocr-read`` run the very same code on the very same numbers (labels are rounded as
they are written to the stream), so they give the same text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ocrtools import records
from ocrtools.boxes import Lattice, LineGeometry
from ocrtools.lines import HEIGHT, LineImage
from ocrtools.models import ModelInfo
from ocrtools.records import Record, RecordError

if TYPE_CHECKING:
    from ocrtools.typed import Decoder


def boxes_record(
    image: str, gray: np.ndarray, method: str = "otsu", rules: bool = True,
    task: str | None = None,
) -> Record:
    """ocr-boxes: grey image -> record with the line, its ink, the candidate lattice
    (for character models) and the normalised strip (for line models). In-process
    (``ocr-read``) ``task`` names the model's task and only what it reads is made: the
    lattice for "line", the strip's pixels (no PNG round trip) for "ctc-line"."""
    from ocrtools.binarize import binarize
    from ocrtools.boxes import lattice_of, line_ink
    from ocrtools.lines import normalize_line

    raw = binarize(gray, method)
    ink, line = line_ink(raw, rules=rules)
    if task == "ctc-line":
        # PNG is lossless: the model reads the very numbers a piped ocr-classify decodes
        strip = normalize_line(gray, raw, ink, line)
        h, w = ink.shape
        field = {"pixels": strip.pixels, "x0": round(strip.x0, 3),
                 "scale": round(strip.scale, 6)}
        return {"image": image, "size": [int(w), int(h)], "line": line.as_dict(),
                "strip": field}
    record = lattice_record(image, ink, lattice_of(ink, line))
    if task is None:
        record["strip"] = strip_field(normalize_line(gray, raw, ink, line))
    return record


def strip_field(strip: LineImage) -> dict[str, Any]:
    """The normalised grey line (what a line model reads) and its place in the image."""
    return {
        "png": records.encode_gray(strip.pixels),
        "x0": round(strip.x0, 3),
        "scale": round(strip.scale, 6),
    }


def lattice_record(image: str, ink: np.ndarray, lattice: Lattice) -> Record:
    h, w = ink.shape
    return {
        "image": image,
        "size": [int(w), int(h)],
        "line": lattice.line.as_dict(),
        "segments": [list(s) for s in lattice.segments],
        "boxes": [list(b) for b in lattice.boxes],
        "spans": [list(s) for s in lattice.spans],
        "ink": records.encode_ink(ink),
    }


def _lattice(record: Record) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The record's segments and spans, checked: every span lies within the segments."""
    segments, spans = _pairs(record, "segments"), _pairs(record, "spans")
    for i, j in spans:
        if not (0 <= i < j <= len(segments)):
            raise RecordError(f"span [{i}, {j}] is outside the {len(segments)} segments")
    return segments, spans


def _boxes(record: Record) -> list[tuple[int, int, int, int]]:
    try:
        return [(int(x), int(y), int(w), int(h)) for x, y, w, h in record["boxes"]]
    except (TypeError, ValueError) as exc:
        raise RecordError(f"field 'boxes' must be a list of [x, y, w, h] ({exc})") from None


def _labels(value: Any) -> list[dict[str, Any]]:
    """The classifier's labels, checked: each {"label": str, "p": number, "alt": [[l, p]]}."""
    try:
        checked = []
        for item in value:
            alt = [[str(a), float(p)] for a, p in item.get("alt", [])]
            checked.append({"label": str(item["label"]), "p": float(item["p"]), "alt": alt})
        return checked
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise RecordError(
            f"field 'labels' must be a list of {{label, p, alt}} from ocr-classify ({exc})"
        ) from None


def line_of(record: Record) -> LineGeometry:
    try:
        line = record["line"]
        return LineGeometry(
            top=int(line["top"]),
            bottom=int(line["bottom"]),
            baseline=int(line["baseline"]),
            xheight=float(line["xheight"]),
            angle=float(line.get("angle", 0.0)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"field 'line' is malformed ({exc})") from None


def _pairs(record: Record, key: str) -> list[tuple[int, int]]:
    try:
        return [(int(a), int(b)) for a, b in record.get(key, [])]
    except (TypeError, ValueError) as exc:
        raise RecordError(f"field {key!r} must be a list of pairs ({exc})") from None


def crop_record(record: Record, size: int) -> np.ndarray:
    """ocr-crop: the normalised crops of every candidate box of a record."""
    from ocrtools.crop import crop_spans

    records.check_fields(record, ("ink", "line", "segments", "spans"), "ocr-crop")
    ink = records.decode_ink(record["ink"])
    segments, spans = _lattice(record)
    return crop_spans(ink, line_of(record), segments, spans, size)


def crops_of(record: Record, size: int) -> np.ndarray:
    """The record's crops if ocr-crop added them at this size, else cut them now."""
    if "crops" in record:
        crops = records.decode_crops(record["crops"])
        if crops.ndim == 3 and crops.shape[1:] == (size, size):
            return crops
    return crop_record(record, size)


def classify_record(record: Record, info: ModelInfo, session: Any) -> Record:
    """ocr-classify: the fields a model adds to a line record: "labels" for every
    candidate box (character models), or "frames" along the line (CTC line models)."""
    if info.task == "ctc-line":
        stride = int(info.meta.get("input", {}).get("stride", 4))
        return {"model": info.name, "task": "ctc-line", "stride": stride,
                "frames": ctc_frames(record, info, session)}
    return {"model": info.name, "labels": box_labels(record, info, session)}


def ctc_frames(record: Record, info: ModelInfo, session: Any) -> list[list[list[Any]]]:
    from ocrtools import ctc

    records.check_fields(record, records.REQUIRED_FOR_CTC, "ocr-classify")
    pixels = _strip_pixels(record)
    stride = int(info.meta.get("input", {}).get("stride", 4))
    logits = ctc.run(session, pixels)
    return ctc.frame_labels(logits, info.labels, max(1, pixels.shape[1] // stride))


def _strip_pixels(record: Record) -> np.ndarray:
    strip = record["strip"]
    if isinstance(strip, dict) and isinstance(strip.get("pixels"), np.ndarray):
        pixels = strip["pixels"]
    elif isinstance(strip, dict) and "png" in strip:
        pixels = records.decode_gray(str(strip["png"]), "strip")
    else:
        raise RecordError("field 'strip' must be {png, x0, scale} from ocr-boxes")
    if pixels.ndim != 2 or pixels.shape[0] != HEIGHT or pixels.shape[1] < 4:
        raise RecordError(f"field 'strip' must be a {HEIGHT}-row line image, not {pixels.shape}")
    return pixels


def box_labels(record: Record, info: ModelInfo, session: Any) -> list[dict[str, Any]]:
    """Labels for every candidate box of a line record (character models)."""
    from ocrtools.classify import predict, top_labels

    crops = crops_of(record, info.crop_size)
    return top_labels(predict(session, crops), info.labels)


def character_labels(gray: np.ndarray, info: ModelInfo, session: Any) -> list[dict[str, Any]]:
    """A whole image as one handwritten character (EMNIST-style models)."""
    from ocrtools.classify import predict, top_labels
    from ocrtools.emnist import normalize_character

    crop = normalize_character(gray)
    if not crop.any():
        return []  # a blank image holds no character: empty text, not a guess
    return top_labels(predict(session, crop[None, :, :]), info.labels)


def join_record(record: Record, decoder: Decoder | None = None) -> dict[str, Any]:
    """ocr-join: the best path through a classified lattice -> text and its characters."""
    from ocrtools.decode import apply_context, decode_best_path, join_chars
    from ocrtools.typed import Decoder

    decoder = decoder or Decoder()

    labels = _labels(record.get("labels") or [])
    if record.get("task") == "character":
        if not labels:
            return {"text": "", "chars": [], "confidence": 0.0}
        best = labels[0]
        return {"text": str(best["label"]), "chars": [], "confidence": float(best["p"])}
    if record.get("task") == "ctc-line":
        return join_frames(record, decoder)
    records.check_fields(record, records.REQUIRED_FOR_JOIN, "ocr-join")
    segments, spans = _lattice(record)
    boxes = _boxes(record)
    if not (len(boxes) == len(spans) == len(labels)):
        raise RecordError(
            f"record has {len(boxes)} boxes, {len(spans)} spans and {len(labels)} "
            f"labels; they must match (classify the boxes of this very record)"
        )
    line = line_of(record)
    chars = decode_best_path(
        segments, spans, boxes, labels, line.xheight, decoder.allowed, line.height
    )
    if decoder.expect in ("any", "word", "name"):
        chars = apply_context(chars, line.height)
    text = decoder.correct(chars, lambda texts: join_chars(chars, line.height, texts))
    confidence = float(np.mean([c.p for c in chars])) if chars else 0.0
    return {
        "text": text,
        "chars": [{"char": c.char, "box": list(c.box), "p": c.p} for c in chars],
        "confidence": round(confidence, 4),
        **decoder.verdict(text),
    }


BEAM = 32  # readings the n-best search keeps, for --expect checks that the best path fails


def _frames(value: Any) -> list[list[list[Any]]]:
    try:
        return [[[str(a), float(q)] for a, q in frame] for frame in value]
    except (TypeError, ValueError) as exc:
        raise RecordError(
            f"field 'frames' must be a list of [[label, p], ...] from ocr-classify ({exc})"
        ) from None


def join_frames(record: Record, decoder: Decoder) -> dict[str, Any]:
    """ocr-join for a line model: the best path through the frames -> text."""
    from ocrtools import ctc
    from ocrtools.decode import Char, apply_context

    records.check_fields(record, records.REQUIRED_FOR_CTC_JOIN, "ocr-join")
    frames = _frames(record["frames"])
    line = line_of(record)
    strip = record["strip"]
    try:
        x0, scale = float(strip["x0"]), float(strip["scale"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RecordError(f"field 'strip' is malformed ({exc})") from None
    try:
        stride = float(record.get("stride", 4))
    except (TypeError, ValueError):
        raise RecordError("field 'stride' must be a number") from None
    chars: list[Char] = []
    groups: list[list[int]] = [[]]
    for e in ctc.best_path(frames, decoder.allowed, spaces=decoder.expect != "code"):
        if e.char == " ":
            groups.append([])
            continue
        a = int(round(x0 + e.first * stride / scale))
        b = int(round(x0 + (e.last + 1) * stride / scale))
        box = (a, line.top, max(1, b - a), line.height)
        groups[-1].append(len(chars))
        chars.append(Char(e.char, box, round(e.p, 5), (e.first, e.last + 1), e.alts))
    groups = [g for g in groups if g]
    if decoder.expect in ("any", "word", "name"):
        chars = apply_context(chars, line.height, groups)

    def render(texts: Any) -> str:
        return " ".join("".join(texts[k] for k in g) for g in groups)

    spaces = decoder.expect != "code"

    def readings() -> list[str]:
        return [t for t, _logp in ctc.n_best(frames, decoder.allowed, spaces, beam=BEAM)]

    text = decoder.correct(chars, render, readings)
    confidence = float(np.mean([c.p for c in chars])) if chars else 0.0
    return {
        "text": text,
        "chars": [{"char": c.char, "box": list(c.box), "p": c.p} for c in chars],
        "confidence": round(confidence, 4),
        **decoder.verdict(text),
    }
