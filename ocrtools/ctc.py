"""Reading a whole line with a CTC model: frames of label probabilities -> characters.

A line model looks at the normalised line (``ocrtools.lines``) and gives, for every
``stride`` columns, a probability for each character and for "no character here"
(the CTC blank). ``ocr-classify`` writes those per-frame probabilities (the few labels
that matter, rounded) into the record; ``ocr-join`` takes the best path through them:
per frame the most probable label among the allowed ones, repeats merged, blanks
dropped (Graves et al. 2006, best-path decoding). A constraint (``--charset``,
``--expect``) is applied here, on the frames, so a forbidden character gives way to the
most probable allowed one instead of being deleted from the text afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

BLANK = "<blank>"
TOP_K = 5
MIN_P = 1e-3  # labels below this probability are not written to the stream
FLOOR = 1e-6  # probability of a label a frame does not list
WEAK_SPACE = 0.2  # a space the best path passed over, this probable, is one
WEAK_SPACE_IN_WORD = 0.45  # ... between two letters of one case
CASE_SPACE = 0.05  # ... between a small letter and a capital (`KeryxBiopharmaceuticals`:
# a name's own capital, `MacroGenics`, `BeiGene`, gets none; at 0.02 an e-mail's `l`
# read as `I` was parted, `mark Illanes@`)
BRACKET_GAP = 4  # blank frames between a character and an opening bracket: a space
DOUBLE_DASH = 0.03  # a hyphen's second peak, this probable, right after it: a dash `--`
NO_SPACE_AFTER = frozenset(".,@_'’`/-‐")  # ... never after these (an e-mail, 4.87, don't)
NO_SPACE_BEFORE = frozenset(".,@_'’`/%-‐;)")  # ... nor before these (a colon may
# have one: a receipt's monospaced `TEL : 03-4021`)
DENSE = 0.55  # band heights a character, less: densely set print, read again stretched
STRETCH_PITCH = 0.6  # ... to this pitch
MAX_STRETCH = 1.6  # ... at most this much wider


def run(session: Any, pixels: np.ndarray) -> np.ndarray:
    """Logits (classes, frames) of one normalised line (uint8 (32, W), ink = 255)."""
    name = session.get_inputs()[0].name
    x = pixels.astype(np.float32)[None, None, :, :] / 255.0
    (logits,) = session.run(None, {name: x})
    return np.asarray(logits[0], dtype=np.float32)


def dense_stretch(logits: np.ndarray, labels: tuple[str, ...], width: int) -> float:
    """How much wider to read a strip again: 1.0 for most lines. A line model emits at
    most one character per frame (4 columns), and a blank between two alike; densely
    set print (a condensed face, small type: characters under DENSE band heights apart,
    0.55 against 0.6-0.7 for most text) packs them closer than that, and thin letters
    are lost (`since` -> `sice`). Their strip is read again stretched sideways to
    STRETCH_PITCH band heights a character (at most MAX_STRETCH), and the more confident
    reading kept (:func:`reading_confidence`). The pitch is the strip's width without
    its made margins (half a band each side) over the characters of the first reading
    (spaces not counted); the band is HEIGHT / 1.5 rows."""
    from ocrtools.lines import HEIGHT

    best = logits.argmax(axis=0)
    keep = np.ones(best.shape, dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    chars = [labels[int(k)] for k in best[keep]]
    count = sum(1 for c in chars if c not in (BLANK, " "))
    if count < 2:
        return 1.0
    band = HEIGHT / 1.5
    pitch = (width - band) / count / band
    if pitch >= DENSE:
        return 1.0
    return float(min(MAX_STRETCH, STRETCH_PITCH / max(pitch, 0.1)))


def reading_confidence(logits: np.ndarray, labels: tuple[str, ...]) -> float:
    """The mean, over the characters of the best path (spaces not counted), of each one's
    probability at its most confident frame: what ocr-join reports as a line's
    confidence, before any constraint."""
    z = logits - logits.max(axis=0, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=0, keepdims=True)
    best = p.argmax(axis=0)
    top = p.max(axis=0)
    starts = np.flatnonzero(np.r_[True, best[1:] != best[:-1]])
    peaks = np.maximum.reduceat(top, starts)
    chars = [q for k, q in zip(best[starts].tolist(), peaks.tolist(), strict=True)
             if labels[k] not in (BLANK, " ")]
    return float(np.mean(chars)) if chars else 0.0


def stretched(pixels: np.ndarray, factor: float) -> np.ndarray:
    """A normalised strip made ``factor`` times wider (bicubic: all line sets, 20 lines
    read better and 10 worse than bilinear; the pages 14 edits fewer of 1,191, seed 2003
    14 of 879, real 8 of 1,696, tune 3 more of 3,451)."""
    from PIL import Image

    width = max(1, int(round(pixels.shape[1] * factor)))
    image = Image.fromarray(np.asarray(pixels, dtype=np.uint8))
    return np.asarray(image.resize((width, pixels.shape[0]), Image.Resampling.BICUBIC))


def frame_labels(logits: np.ndarray, labels: tuple[str, ...], length: int) -> list[list[list[Any]]]:
    """Per frame, the labels with probability >= MIN_P (at most TOP_K), best first,
    probabilities rounded as they are written to the stream."""
    z = logits[:, :length]
    z = z - z.max(axis=0, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=0, keepdims=True)
    # A frame keeps its labels of p >= MIN_P (at least its best one, at most TOP_K):
    # a few of ~100, so only those are sorted: by frame, then p descending, then label,
    # the order a stable argsort of -p gives (tests/test_ctc.py compares the two).
    keep = p >= MIN_P
    keep[p.argmax(axis=0), np.arange(p.shape[1])] = True
    label, frame = np.nonzero(keep)
    q = p[label, frame]
    order = np.lexsort((label, -q, frame))
    label, frame, q = label[order], frame[order], q[order]
    rank = np.arange(frame.size) - np.searchsorted(frame, np.arange(p.shape[1]))[frame]
    listed = rank < TOP_K
    frames: list[list[list[Any]]] = [[] for _ in range(p.shape[1])]
    for c, f, v in zip(
        label[listed].tolist(), frame[listed].tolist(), q[listed].tolist(), strict=True
    ):
        frames[f].append([labels[c], round(v, 5)])
    return frames


def _allowed(label: str, allowed: frozenset[str] | None, spaces: bool) -> bool:
    if label == " ":
        return spaces
    return allowed is None or label in allowed


@dataclass(frozen=True)
class Emission:
    """One character of the best path: its label, frames and runners-up."""

    char: str
    first: int  # first frame
    last: int  # last frame (inclusive)
    p: float  # probability at its most confident frame
    alts: tuple[tuple[str, float], ...]  # that frame's allowed labels, best first


def label_p(frame: list[list[Any]], label: str) -> float:
    """The probability a frame (its listed [label, p] pairs) gives ``label``, 0 where it
    does not list it."""
    return next((float(p) for a, p in frame if str(a) == label), 0.0)


def best_path(
    frames: list[list[list[Any]]], allowed: frozenset[str] | None, spaces: bool = True
) -> list[Emission]:
    """Best-path decoding of the frames, with labels outside ``allowed`` (plus blank and,
    if ``spaces``, space) taken out. Spaces are characters here, as the model emits them."""
    out: list[Emission] = []
    prev = BLANK
    for t, frame in enumerate(frames):
        pairs = [(str(a), float(q)) for a, q in frame]
        ok = [(a, q) for a, q in pairs if a == BLANK or _allowed(a, allowed, spaces)]
        if not ok:
            ok = [(BLANK, FLOOR)]
        label, q = ok[0]
        if label != BLANK and label == prev and out:
            last = out[-1]
            if q > last.p:
                alts = tuple((a, r) for a, r in ok if a != BLANK)
                out[-1] = Emission(label, last.first, t, q, alts)
            else:
                out[-1] = Emission(label, last.first, t, last.p, last.alts)
        elif label != BLANK:
            out.append(Emission(label, t, t, q, tuple((a, r) for a, r in ok if a != BLANK)))
        prev = label
    out = _double_dashes(frames, out, allowed)
    if spaces:
        out = _weak_spaces(frames, out)
    # a space is never first or last, nor doubled
    cleaned: list[Emission] = []
    for e in out:
        if e.char == " " and (not cleaned or cleaned[-1].char == " "):
            continue
        cleaned.append(e)
    while cleaned and cleaned[-1].char == " ":
        cleaned.pop()
    return _em_dashes(cleaned, allowed)


def _em_dashes(path: list[Emission], allowed: frozenset[str] | None) -> list[Emission]:
    """Two hyphens between two letters, no space either side (`election--will`,
    `CONFIDENTIAL--SUBJECT`), are an em dash: the model reads the long stroke as two
    (a typewriter's dash, two hyphens, stands between spaces: `So -- this`)."""
    if not _allowed("—", allowed, True):
        return path
    out: list[Emission] = []
    k = 0
    while k < len(path):
        if (k + 2 < len(path) and path[k].char == "-" == path[k + 1].char and out
                and out[-1].char.isalpha() and path[k + 2].char.isalpha()):
            a, b = path[k], path[k + 1]
            out.append(Emission("—", a.first, b.last, min(a.p, b.p), (("—", min(a.p, b.p)),)))
            k += 2
            continue
        out.append(path[k])
        k += 1
    return out


def _double_dashes(frames: list[list[list[Any]]], path: list[Emission],
                   allowed: frozenset[str] | None) -> list[Emission]:
    """A typewriter's dash, two hyphens (`know -- it`), read as one (the model's second
    peak lost to the blank that follows the first): its second hyphen, DOUBLE_DASH
    probable or more in one of the two frames after that blank, is put back (and the
    spaces around it are then spaces: see :func:`_weak_spaces`)."""
    if not _allowed("-", allowed, True):
        return path
    out: list[Emission] = []
    for k, e in enumerate(path):
        out.append(e)
        if e.char != "-" or "-" in (path[k - 1].char if k else "", (
                path[k + 1].char if k + 1 < len(path) else "")):
            continue  # (a dash read as two hyphens already gets no third)
        stop = path[k + 1].first if k + 1 < len(path) else len(frames)
        for t in range(e.last + 2, min(stop, e.last + 4)):
            q = label_p(frames[t], "-")
            if q >= DOUBLE_DASH:
                out.append(Emission("-", t, t, q, (("-", q),)))
                break
    return out


def _weak_spaces(frames: list[list[list[Any]]], path: list[Emission]) -> list[Emission]:
    """The best path with the spaces it passed over put back: between two characters
    with no space between them, the frame most probably a space, when that is
    WEAK_SPACE probable or more (WEAK_SPACE_IN_WORD between two letters of one case: a
    monospaced receipt's letters stand apart, `MARK ER`; CASE_SPACE between a small
    letter and a capital, two words set tight, `SyndaxPharmaceuticals`; never
    beside a point, comma, hyphen, @, apostrophe or slash, nor between digits). A word
    gap in tight print (a condensed table, kerned type) often loses to the blank, its
    space runner-up: real lines 2.15% -> 2.07% CER, 77.2% -> 77.5% exact."""
    if len(path) < 2:
        return path
    out: list[Emission] = [path[0]]
    for k, e in enumerate(path[1:], start=1):
        prev = out[-1]
        if e.char != " " and prev.char != " " and e.first - prev.last > 1:
            left, right = prev.char, e.char
            same_case = (left.islower() and right.islower()) or (left.isupper() and right.isupper())
            need = WEAK_SPACE_IN_WORD if same_case else WEAK_SPACE
            if left.islower() and right.isupper():
                need = CASE_SPACE
            dashes = (left == "-" and len(out) >= 2 and out[-2].char == "-") or (
                right == "-" and k + 1 < len(path) and path[k + 1].char == "-")
            if not dashes and (left in NO_SPACE_AFTER or right in NO_SPACE_BEFORE or (
                    left.isdigit() and right.isdigit())):
                need = 2.0  # never
            q, t = max((label_p(frames[t], " "), t) for t in range(prev.last + 1, e.first))
            if q >= need:
                out.append(Emission(" ", t, t, q, ((" ", q),)))
            elif right == "(" and left not in NO_SPACE_AFTER and (
                    e.first - prev.last - 1 >= BRACKET_GAP - (
                        left.isalpha() and (len(out) < 2 or out[-2].char == " "))):
                # an opening bracket set apart from what stands before it (a table's
                # `E (06/08/2016)` set tight): the model gives its narrow space no
                # probability, but the bracket's own gap is a word's (`JUNEL(R)`,
                # `Amount(RM)` stand two frames or less apart); after a one-letter
                # word (a rating), a frame less
                t = (prev.last + e.first) // 2
                out.append(Emission(" ", t, t, q, ((" ", q),)))
        out.append(e)
    return out


def align(frames: list[list[list[Any]]], text: str
          ) -> list[tuple[str, int, int, float, tuple[tuple[str, float], ...]]]:
    """Where each character of ``text`` lies in the frames: the most probable CTC path
    that spells it (Viterbi; a label a frame does not list has FLOOR). Per character:
    (label, first frame, last frame, its probability at its most confident frame of
    those, that frame's runners-up). Too few frames for the text: it is spread evenly."""
    n, count = len(text), len(frames)
    if n == 0:
        return []
    if count < n:
        cuts = [round(i * count / n) for i in range(n + 1)]
        return [(c, min(cuts[i], max(0, count - 1)), max(cuts[i], cuts[i + 1] - 1), FLOOR, ())
                for i, c in enumerate(text)]
    states = [BLANK]
    for c in text:
        states += [c, BLANK]
    size = len(states)
    logs = np.full((count, size), math.log(FLOOR))
    for t, frame in enumerate(frames):
        probs = {str(a): float(q) for a, q in frame}
        for s, label in enumerate(states):
            if label in probs:
                logs[t, s] = math.log(max(probs[label], FLOOR))
    # a path may skip a blank between two different characters
    skip = np.zeros(size, dtype=bool)
    for s in range(3, size, 2):
        skip[s] = states[s] != states[s - 2]
    score = np.full(size, -np.inf)
    score[0], score[1] = logs[0, 0], logs[0, 1]
    back = np.zeros((count, size), dtype=np.int64)
    for t in range(1, count):
        stay = score
        step = np.r_[-np.inf, score[:-1]]
        jump = np.where(skip, np.r_[-np.inf, -np.inf, score[:-2]], -np.inf)
        moves = np.stack([stay, step, jump])
        choice = moves.argmax(axis=0)
        back[t] = choice
        score = moves[choice, np.arange(size)] + logs[t]
    s = size - 1 if score[size - 1] >= score[size - 2] else size - 2
    path = [0] * count
    for t in range(count - 1, -1, -1):
        path[t] = s
        s -= int(back[t, s])
    out = []
    for i, c in enumerate(text):
        ts = [t for t in range(count) if path[t] == 2 * i + 1]
        if not ts:  # (too few frames for the text's doubled letters: no path spells it)
            ts = [min(count - 1, round(i * count / n))]
        peak = max(ts, key=lambda t: logs[t, 2 * i + 1])
        alts = tuple((str(a), float(q)) for a, q in frames[peak] if str(a) != BLANK)
        out.append((c, ts[0], ts[-1], round(math.exp(logs[peak, 2 * i + 1]), 5), alts))
    return out


def n_best(
    frames: list[list[list[Any]]],
    allowed: frozenset[str] | None,
    spaces: bool = True,
    beam: int = 16,
) -> list[tuple[str, float]]:
    """The ``beam`` most probable texts by CTC prefix beam search, best first, with their
    log-probabilities. Unlike the best path, a text here may differ from it by a missed
    or an extra character, which is what a failed IBAN or date check usually needs."""
    # prefix -> (p ending in blank, p ending in a character), as plain probabilities
    beams: dict[str, tuple[float, float]] = {"": (1.0, 0.0)}
    for frame in frames:
        probs = {str(a): float(q) for a, q in frame}
        blank = probs.get(BLANK, 0.0)
        chars = [(a, q) for a, q in probs.items() if a != BLANK and _allowed(a, allowed, spaces)]
        nxt: dict[str, list[float]] = {}
        for prefix, (pb, pnb) in beams.items():
            total = pb + pnb
            entry = nxt.setdefault(prefix, [0.0, 0.0])
            entry[0] += total * blank
            last = prefix[-1] if prefix else None
            for a, q in chars:
                if a == last:
                    entry[1] += pnb * q  # the same character held on
                    ext = nxt.setdefault(prefix + a, [0.0, 0.0])
                    ext[1] += pb * q  # repeated after a blank
                else:
                    ext = nxt.setdefault(prefix + a, [0.0, 0.0])
                    ext[1] += total * q
        ranked = sorted(nxt.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[:beam]
        scale = sum(pb + pnb for _p, (pb, pnb) in ranked) or 1.0
        beams = {p: (pb / scale, pnb / scale) for p, (pb, pnb) in ranked}
    result: dict[str, float] = {}
    for prefix, (pb, pnb) in beams.items():
        text = " ".join(prefix.split())
        result[text] = result.get(text, 0.0) + pb + pnb
    ordered = sorted(result.items(), key=lambda kv: -kv[1])
    return [(text, math.log(max(p, 1e-300))) for text, p in ordered]
