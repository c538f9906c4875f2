"""From scored candidates to text: the best path through the lattice.

Each candidate box covers segments [i, j) of the line and carries the classifier's
labels with probabilities. The best path from segment 0 to the last picks, for every
stretch of the line, either one character (score: log of its probability) or skips a
segment as noise (score: log of its "not a character" probability, minus a penalty that
grows with the segment's width, so that a real letter is not thrown away). Spaces come
from the gaps between the chosen characters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

REJECT = "<reject>"
FLOOR = 1e-6  # probability of a label that is not among a candidate's alternatives
SKIP_PENALTY = 1.5  # per x-height of width skipped as noise
SPACE_FACTOR = 0.3  # a gap wider than this fraction of the band height is a space


@dataclass(frozen=True)
class Char:
    char: str
    box: tuple[int, int, int, int]
    p: float
    span: tuple[int, int]
    alts: tuple[tuple[str, float], ...] = ()  # allowed alternatives, best first


def candidates(label: dict[str, Any]) -> list[tuple[str, float]]:
    """The (label, probability) pairs a classifier gave one box, best first."""
    pairs = [(str(label["label"]), float(label["p"]))]
    pairs.extend((str(a[0]), float(a[1])) for a in label.get("alt", []))
    return pairs


def best_allowed(
    pairs: list[tuple[str, float]], allowed: frozenset[str] | None
) -> tuple[str, float] | None:
    for char, p in pairs:
        if char == REJECT:
            continue
        if allowed is None or char in allowed:
            return char, p
    return None


def reject_probability(pairs: list[tuple[str, float]]) -> float:
    for char, p in pairs:
        if char == REJECT:
            return p
    return FLOOR


def decode_best_path(
    segments: Sequence[Sequence[int]],
    spans: Sequence[Sequence[int]],
    boxes: Sequence[Sequence[int]],
    labels: Sequence[dict[str, Any]],
    xheight: float,
    allowed: frozenset[str] | None = None,
) -> list[Char]:
    """The most probable sequence of characters through the lattice."""
    n = len(segments)
    if n == 0:
        return []
    by_start: list[list[int]] = [[] for _ in range(n)]
    for k, (i, _j) in enumerate(spans):
        by_start[int(i)].append(k)
    single: dict[int, int] = {int(i): k for k, (i, j) in enumerate(spans) if int(j) - int(i) == 1}
    best = [-math.inf] * (n + 1)
    back: list[tuple[int, int] | None] = [None] * (n + 1)  # (previous position, box or -1)
    best[0] = 0.0
    scale = max(xheight, 1.0)
    for i in range(n):
        if best[i] == -math.inf:
            continue
        width = segments[i][1] - segments[i][0]
        p_reject = reject_probability(candidates(labels[single[i]])) if i in single else FLOOR
        skip = best[i] + math.log(max(p_reject, FLOOR)) - SKIP_PENALTY * width / scale
        if skip > best[i + 1]:
            best[i + 1], back[i + 1] = skip, (i, -1)
        for k in by_start[i]:
            j = int(spans[k][1])
            choice = best_allowed(candidates(labels[k]), allowed)
            p = choice[1] if choice else FLOOR
            score = best[i] + math.log(max(p, FLOOR))
            if score > best[j]:
                best[j], back[j] = score, (i, k)
    chars: list[Char] = []
    position = n
    while position > 0:
        step = back[position]
        if step is None:
            break
        previous, k = step
        if k >= 0:
            pairs = candidates(labels[k])
            choice = best_allowed(pairs, allowed)
            char, p = choice if choice else ("?", FLOOR)
            alts = tuple(
                (c, q) for c, q in pairs if c != REJECT and (allowed is None or c in allowed)
            )
            box = tuple(int(v) for v in boxes[k])
            chars.append(
                Char(char, (box[0], box[1], box[2], box[3]), p, (previous, position), alts)
            )
        position = previous
    chars.reverse()
    return chars


def join_chars(
    chars: Sequence[Char], band_height: float, texts: Sequence[str] | None = None
) -> str:
    """Characters to text, with a space wherever the gap is wider than a letter gap.
    ``texts`` replaces the characters' own labels (typed decoding's corrections)."""
    if not chars:
        return ""
    labels = list(texts) if texts is not None else [c.char for c in chars]
    threshold = SPACE_FACTOR * max(band_height, 1.0)
    parts = [labels[0]]
    for k, (before, after) in enumerate(zip(chars[:-1], chars[1:], strict=True)):
        gap = after.box[0] - (before.box[0] + before.box[2])
        if gap > threshold:
            parts.append(" ")
        parts.append(labels[k + 1])
    return "".join(parts)
