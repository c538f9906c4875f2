"""Page-level OCR metrics: pure functions on strings and boxes (no I/O).

* :func:`normalize_page` -- both sides of a page comparison, the way the real-dev peer
  figures are made: form feeds become line breaks, each line is stripped and its runs
  of spaces/tabs collapse to one space, empty lines are dropped, lines joined by "\\n".
* :func:`levenshtein` -- unit-cost edit distance, bit-parallel (Myers 1999 / Hyyrö
  2001) on Python integers, so a 5,000-character page costs milliseconds.
  Page CER of a set = sum of distances / sum of reference lengths (micro average).
* :func:`word_counts` / :func:`f1` -- order-free word F1: the words (whitespace tokens)
  of reference and hypothesis as multisets; matched = size of their intersection;
  precision = matched / hypothesis words, recall = matched / reference words.
* :func:`iou`, :func:`match_lines` -- line detection: one-to-one matching of GT and
  hypothesis line boxes ``[x, y, w, h]``, greedily by decreasing IoU, pairs with
  IoU >= 0.5 only; line recall = matched / GT lines, precision = matched / hyp lines.
* :func:`order_agreement` -- reading order: take the matched GT lines in GT order; of
  each consecutive pair of them, count whether their matched hypothesis lines come in
  the same order in the tool's output.  Agreement = agreeing pairs / pairs.  (Chosen
  over Kendall's tau because one misplaced block costs only the pairs at its borders,
  which is how a reader experiences it.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

Box = Sequence[float]  # x, y, w, h


def normalize_page(text: str) -> str:
    text = text.replace("\f", "\n")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def levenshtein(a: str, b: str) -> int:
    """Edit distance with unit costs (insertion, deletion, substitution)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a  # the bit vectors run over the longer string; the distance is symmetric
    if not b:
        return len(a)
    m = len(a)
    peq: dict[str, int] = {}
    for i, ch in enumerate(a):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    vp, vn, dist = full, 0, m
    for ch in b:
        eq = peq.get(ch, 0)
        d0 = (((eq & vp) + vp) ^ vp) | eq | vn
        hp = vn | ~(d0 | vp)
        hn = vp & d0
        if hp & top:
            dist += 1
        elif hn & top:
            dist -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = hn | ~(d0 | hp)
        vp &= full
        vn = hp & d0
    return dist


def cer_counts(ref: str, hyp: str) -> tuple[int, int]:
    """(edit distance, reference length) of two normalised page texts."""
    return levenshtein(ref, hyp), len(ref)


def word_counts(ref: str, hyp: str) -> tuple[int, int, int]:
    """(matched words, reference words, hypothesis words), order-free (multisets)."""
    r, h = Counter(ref.split()), Counter(hyp.split())
    return sum((r & h).values()), sum(r.values()), sum(h.values())


def f1(matched: int, n_ref: int, n_hyp: int) -> float:
    """F1 of precision matched/n_hyp and recall matched/n_ref (0 when nothing matched;
    1 when both sides are empty)."""
    if n_ref == 0 and n_hyp == 0:
        return 1.0
    if matched == 0:
        return 0.0
    precision, recall = matched / n_hyp, matched / n_ref
    return 2 * precision * recall / (precision + recall)


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two [x, y, w, h] boxes."""
    ax1, ay1, bx1, by1 = a[0] + a[2], a[1] + a[3], b[0] + b[2], b[1] + b[3]
    iw = min(ax1, bx1) - max(a[0], b[0])
    ih = min(ay1, by1) - max(a[1], b[1])
    if iw <= 0 or ih <= 0:
        return 0.0
    inter = iw * ih
    union = a[2] * a[3] + b[2] * b[3] - inter
    return inter / union if union > 0 else 0.0


def match_lines(gt: Sequence[Box], hyp: Sequence[Box],
                threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one (gt index, hyp index) pairs, greedily by decreasing IoU >= threshold,
    sorted by gt index."""
    cands = []
    for i, g in enumerate(gt):
        for j, h in enumerate(hyp):
            # cheap rejection before the IoU
            if h[0] > g[0] + g[2] or g[0] > h[0] + h[2] or h[1] > g[1] + g[3] \
                    or g[1] > h[1] + h[3]:
                continue
            v = iou(g, h)
            if v >= threshold:
                cands.append((-v, i, j))
    cands.sort()
    used_g: set[int] = set()
    used_h: set[int] = set()
    pairs = []
    for _, i, j in cands:
        if i not in used_g and j not in used_h:
            used_g.add(i)
            used_h.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def order_agreement(pairs: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """(agreeing pairs, pairs) over consecutive matched GT lines.

    ``pairs`` are (gt index, hyp index) with indices in each side's reading order."""
    ordered = sorted(pairs)
    agree = sum(1 for (_, h1), (_, h2) in zip(ordered, ordered[1:], strict=False) if h1 < h2)
    return agree, max(0, len(ordered) - 1)


def quad_to_box(quad: Sequence[Sequence[float]]) -> list[float]:
    """Axis-aligned [x, y, w, h] of a polygon (e.g. RapidOCR's four corners)."""
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    return [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None
