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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

REJECT = "<reject>"
FLOOR = 1e-6  # probability of a label that is not among a candidate's alternatives
SKIP_PENALTY = 1.5  # per x-height of width skipped as noise
SKIP_HEIGHT_PENALTY = 2.0  # per band height of ink height skipped: tall ink is rarely noise
# A gap is a space when it is wider than the line's usual letter gap by this fraction of
# the band height (fitted on synthetic lines of serif, sans and mono fonts: 0.6% of gaps
# wrong, against 2.4% for a fixed fraction of the band height).
SPACE_FACTOR = 0.2
LETTER_GAP_CAP = 0.15  # the usual letter gap, as a fraction of the band height, at most


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
    band_height: float | None = None,
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
    band = max(band_height or xheight, 1.0)
    for i in range(n):
        if best[i] == -math.inf:
            continue
        width = segments[i][1] - segments[i][0]
        p_reject = reject_probability(candidates(labels[single[i]])) if i in single else FLOOR
        height = int(boxes[single[i]][3]) if i in single else band
        skip = (
            best[i]
            + math.log(max(p_reject, FLOOR))
            - SKIP_PENALTY * width / scale
            - SKIP_HEIGHT_PENALTY * height / band
        )
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


def words(chars: Sequence[Char], band_height: float) -> list[list[int]]:
    """Indices of the characters, grouped into words by the gaps between them."""
    if not chars:
        return []
    band = max(band_height, 1.0)
    gaps = [
        after.box[0] - (before.box[0] + before.box[2])
        for before, after in zip(chars[:-1], chars[1:], strict=True)
    ]
    letter_gap = min(float(np.median(gaps)), LETTER_GAP_CAP * band) if gaps else 0.0
    groups: list[list[int]] = [[0]]
    for k, gap in enumerate(gaps, start=1):
        if gap - letter_gap > SPACE_FACTOR * band:
            groups.append([])
        groups[-1].append(k)
    return groups


def join_chars(
    chars: Sequence[Char], band_height: float, texts: Sequence[str] | None = None
) -> str:
    """Characters to text, with a space wherever the gap is wider than a letter gap.
    ``texts`` replaces the characters' own labels (typed decoding's corrections)."""
    labels = list(texts) if texts is not None else [c.char for c in chars]
    return " ".join("".join(labels[k] for k in group) for group in words(chars, band_height))


# Look-alikes that even a good classifier confuses from the glyph alone; the word they
# stand in decides: an all-capitals word wants I and O, a number wants 1 and 0.
CAPITAL_SHAPED = "csuvwxz"  # small letters that are their capital, smaller
_CAPITALS = {c: c.upper() for c in CAPITAL_SHAPED}
LOOKALIKES = {
    "upper": dict.fromkeys("Il1|", "I") | dict.fromkeys("O0o", "O") | _CAPITALS,
    "lower": dict.fromkeys("Il1|", "l") | dict.fromkeys("O0", "o"),
    "digit": dict.fromkeys("Il|", "1") | dict.fromkeys("Oo", "0") | dict.fromkeys("Ss", "5"),
    # capitals and digits (a code, an IBAN): a small letter shaped like its capital
    "code": _CAPITALS,
}
AMBIGUOUS = frozenset("Il1|O0o5Ss")
# a hexadecimal number (`0x100`, `0xFF01`): its look-alikes are digits (it holds no S)
_HEX = re.compile(r"0[xX][0-9A-Fa-fIl|Oo]+")
# how probable a runner-up must be to replace a look-alike: SURE in general, LISTED (any
# alternative the classifier wrote at all) where the look-alike is wrong already
SURE, LISTED = 0.01, 0.001


def _word_kind(chars: Sequence[Char], group: list[int]) -> str | None:
    """'upper', 'lower' or 'digit' when the word's unambiguous characters are all of one
    kind (a Capitalized word counts as lower), 'code' for capitals and digits; among
    three capitals or more one small letter shaped like its capital (c u v w x z; not s,
    which may be a 5) counts as a capital. Else None."""
    sure = [(pos, chars[k].char) for pos, k in enumerate(group) if chars[k].char not in AMBIGUOUS]
    letters = [(pos, c) for pos, c in sure if c.isalpha()]
    digits = [c for _, c in sure if c.isdigit()]
    if digits and not letters:
        return "digit"
    if not letters:
        return None
    small = [c for _, c in letters if c.islower()]
    # among three capitals or more, one small letter shaped like its capital is one
    capital_shaped = (
        len(letters) - len(small) >= 3 and len(small) == 1 and small[0] in CAPITAL_SHAPED
    )
    if digits:
        return "code" if capital_shaped else None
    if capital_shaped or (not small and len(letters) >= 2):
        return "upper"
    if all(c.islower() for pos, c in letters if pos > 0) and any(c.islower() for _, c in letters):
        return "lower"
    return None


def apply_context(
    chars: Sequence[Char], band_height: float, groups: list[list[int]] | None = None
) -> list[Char]:
    """Swap look-alikes for the runner-up that fits their word, when the classifier
    gave that runner-up some probability (it is among the alternatives). Words are
    ``groups`` of character indices, or found from the gaps between the boxes."""
    result = list(chars)
    groups = groups if groups is not None else words(chars, band_height)
    for group in groups:
        if _HEX.fullmatch("".join(result[k].char for k in group)):
            for k in group[2:]:  # (a hexadecimal number: its look-alikes are digits)
                want = LOOKALIKES["digit"].get(result[k].char)
                if want is not None:
                    _swap(result, k, want)
            continue
        kind = _word_kind(chars, group)
        if kind == "digit":
            _date_slashes(result, group)
        if kind is None:
            continue
        table = LOOKALIKES[kind]
        for pos, k in enumerate(group):
            char = result[k]
            want = table.get(char.char)
            if want is None or want == char.char or (kind == "lower" and pos == 0):
                continue
            # a small letter among capitals differs from its capital by size alone, which
            # the line model judges badly in some faces: the capital needs only to be
            # listed (p >= 0.001) there, 0.01 elsewhere
            floor = LISTED if char.char in CAPITAL_SHAPED and kind in ("upper", "code") else SURE
            for alt, q in char.alts:
                if alt == want and q >= floor:
                    result[k] = Char(want, char.box, q, char.span, char.alts)
                    break
    _signs(result, groups)
    _lone_zeros(result, groups)
    return result


def _swap(result: list[Char], k: int, want: str, floor: float = SURE) -> None:
    """Put the runner-up ``want`` in place of character k if the model listed it."""
    char = result[k]
    q = next((q for alt, q in char.alts if alt == want and q >= floor), None)
    if q is not None:
        result[k] = Char(want, char.box, q, char.span, char.alts)


# ($MM) ($000) ...; (US$ m), ~US$25, US$)
DOLLAR_UNITS = (r"\(([S§5s])(?=MM|M\)|B\)|BN|K\)|000)", r"[(~\-]US([S§5s])", r"US([S§5s])(?=\)|\d)")


def _signs(result: list[Char], groups: list[list[int]]) -> None:
    """Signs that look like a letter or a digit, put back where the text around them
    says so (and the model listed the sign): a dollar read as S before an amount
    ("S50.86", "S(0.36)", "S 13.79"), an ampersand read as 8 between capitals ("S8P",
    "STANLEY 8 CO."), a zero read as O after a digit ("2.0Ob", "5Okt", "1OOMG"; not in
    a code of capitals and digits, where an O after a digit is as likely as a 0)."""
    texts = ["".join(result[k].char for k in g) for g in groups]

    def number(text: str) -> bool:  # an amount: 69, 2.00b, (0.36)A; not 8P (S8P is S&P)
        return re.match(r"\(?\d+([.,]\d+)*(?![A-Z])", text) is not None

    def capitals(text: str) -> bool:
        letters = [c for c in text if c.isalpha()]
        return bool(letters) and all(c.isupper() for c in letters)

    for g, (group, text) in enumerate(zip(groups, texts, strict=True)):
        if text in ("S", "§") and g + 1 < len(groups) and number(texts[g + 1]):
            _swap(result, group[0], "$")
        elif text[:1] in ("S", "§") and number(text[1:]):
            _swap(result, group[0], "$")
        # a unit of dollars: ($MM), ($M), ($000), US$ (read (SMM), USS, (US§), US525)
        for pattern in DOLLAR_UNITS:
            for match in re.finditer(pattern, text):
                _swap(result, group[match.start(1)], "$")
        if text == "8" and 0 < g < len(groups) - 1 and capitals(texts[g - 1]) \
                and capitals(texts[g + 1]) and texts[g - 1][-1:].isalpha():
            _swap(result, group[0], "&")
        # a capital I read as l where English has no l: the word "l" (not after a
        # number: 5 l is litres), "lf", "ln", "lnc", "lt", "ls" (no word starts with l
        # and f, n, t or s)
        if text == "l" and not (g > 0 and number(texts[g - 1])):
            _swap(result, group[0], "I")
        elif re.fullmatch(r"l[fnts][a-z]*", text):
            _swap(result, group[0], "I")
        # a code's O may follow a digit (ENQ4RJGW1CQ0OVIG): not in a word of 3 capitals
        code = sum(c.isupper() and c != "O" for c in text) >= 3
        for pos in range(1, len(text)):
            # (as swapped so far: "1OOMG" is 100MG)
            c, before = text[pos], result[group[pos - 1]].char
            if c == "8" and before.isupper() and text[pos + 1 : pos + 2].isupper() \
                    and len(text) <= 6 and sum(d.isdigit() for d in text) == 1:  # AT8T
                _swap(result, group[pos], "&")
            elif c == "T" and before.isdigit() and text[pos + 1 : pos + 2].isdigit():
                _swap(result, group[pos], "1")  # 20T7: a one's flag and foot read as T
            elif c == "O" and not code and (before.isdigit() or (
                    before in ".," and pos > 1 and text[pos - 2].isdigit())):
                _swap(result, group[pos], "0")


def amount_tails(chars: Sequence[Char], groups: list[list[int]]
                 ) -> tuple[list[Char], list[list[int]]]:
    """An amount's cents read apart or as letters on a receipt's dotted print:
    `24. oo` -> `24.00`, `86. 00` -> `86.00` (a space after the point, narrower than
    AMOUNT_GAP, two digit-like marks after it: the two words joined, o/O/u/U taken for
    the 0 the model listed),
    `U.00` -> `0.00` (a zero before the point read as a letter). The characters and the
    word groups, in that order."""
    result = list(chars)
    out: list[list[int]] = []
    for group in groups:
        text = "".join(result[k].char for k in group)
        if out and len(group) == 2 and all(c in DIGIT_LIKE for c in text):
            before = "".join(result[k].char for k in out[-1])
            point, first = result[out[-1][-1]], result[group[0]]
            gap = first.box[0] - (point.box[0] + point.box[2])
            # (a point, not a comma: `6883, 17` is a list; not four digits without a
            # currency sign, a year ending a sentence; not a word space's width)
            if re.fullmatch(r"[$€£]\d+\.|\d{1,3}\.|\d{5,}\.", before) and \
                    gap < AMOUNT_GAP * point.box[3]:
                for k in group:
                    if not result[k].char.isdigit():
                        _swap(result, k, "0", LISTED)
                if all(result[k].char.isdigit() for k in group):
                    out[-1] = out[-1] + group
                    continue
        if re.fullmatch(r"[oOuU][.,]\d\d", text):
            _swap(result, group[0], "0", LISTED)
        out.append(list(group))
    return result, out


DIGIT_LIKE = "0123456789oOuU"
AMOUNT_GAP = 0.9  # band heights: a receipt's monospaced cell is 0.7, a list's space 1.1


def _lone_zeros(result: list[Char], groups: list[list[int]]) -> None:
    """Zeros standing alone in a row of numbers (a table's empty counts) read as o or O:
    `380 o o 25 2 o o` is `380 0 0 25 2 0 0`. A run of such one-letter words is taken
    for zeros when a number stands on each side of it (or the line ends there) and on
    one side at least; not `(GWPHO) O (08/13/2015)`, a rating beside a date."""
    texts = ["".join(result[k].char for k in g) for g in groups]
    g = 0
    while g < len(groups):
        if texts[g] not in ("o", "O"):
            g += 1
            continue
        end = g
        while end < len(groups) and texts[end] in ("o", "O"):
            end += 1
        sides = [texts[h] for h in (g - 1, end) if 0 <= h < len(groups)]
        if sides and all(_NUMBER.fullmatch(t) for t in sides):
            for h in range(g, end):
                _swap(result, groups[h][0], "0", LISTED)
        g = end


_NUMBER = re.compile(r"[$(]*\d+([.,]\d+)*[)%]*")


def _date_slashes(result: list[Char], group: list[int]) -> None:
    """A slash in a number is easily read as I, l or 1 (it is one straight stroke in
    many fonts): when the word is no date as read, but is one with the slash the model
    gave those strokes some probability for, it is that date."""
    from ocrtools.fields import date_valid

    # a letter among digits is wrong already: the slash needs only to be listed for it
    # (p >= 0.001); a 1 is a digit, and wants p >= 0.01
    strokes = [k for k in group if result[k].char in "Il|1"
               and any(alt == "/" and q >= (SURE if result[k].char == "1" else LISTED)
                       for alt, q in result[k].alts)]
    if not strokes:
        return
    text = "".join(result[k].char for k in group)
    slashed = "".join("/" if k in strokes else result[k].char for k in group)
    if not date_valid(text) and date_valid(slashed):
        for k in strokes:
            c = result[k]
            q = next(q for alt, q in c.alts if alt == "/")
            result[k] = Char("/", c.box, q, c.span, c.alts)


DECIMAL_MARKS = ".,:"  # what a space between digits may be instead
DECIMAL_FLOOR = 0.05  # ... when the line model gave it this probability at least
LOST_POINT = 0.1  # a point lost between two digits, this probable (0.05: `9082825` ->
# `9082.825` on a receipt; 0.2 and 0.3 mended fewer on the real lines)
CURRENCY = "$€£¥"
WORD_POINT = 0.03  # a point lost after a letter, this probable (0.1 mended 6 of the real
# lines' 61, 0.01 broke 8 others: `Spec. Pharma`)
POINT_SURE = 0.9  # ... between letters read this surely at least
POINT_NEAR = 6  # ... in a gap of this many frames at most (not a wide gap's specks)
THOUSANDS = 0.05  # a point before a number's last group of three digits is a comma where
# the model gave the comma this much (0.02 and 0.1 mended the same real lines)
GROUP_MARK = 0.03  # a thousands comma or a point lost where the groups of three say one
# stands, this probable
LOST_BRACKET = 0.03  # a closing bracket passed over after a bracketed number, this probable
# (the real lines: the same three mended at 0.01, 0.03 and 0.1, none broken)
CONTRACTED = frozenset(("re", "ve", "ll", "s", "d", "m", "t"))  # `we're`, `can't`, ...
CONTRACTION = 0.01  # an apostrophe read as a space, this probable (real lines: 3 mended at
# 0.01, 2 at 0.03, none broken)
LOST_SLASH = 0.03  # a slash lost between two capitals, this probable (real lines: 3 mended
# at 0.01-0.05, 0.06-0.27 given; a code's `RIAD1L/XMY5` before codes were left alone)
LOST_I = 0.1  # a capital I lost between two capitals, this probable (0.03: one more
# mended, and `GLIPEZIDEIMETFORMIN` for its slash)


def decimal_points(emissions: Sequence[Any], frames: Sequence[Any] | None = None) -> list[Any]:
    """A decimal point (or the colon of a time) is one dot, the narrowest mark there is,
    and in dense print the line model often reads it as a space: "57 50", "11:49 00".
    A space between a digit and a group of exactly two digits becomes the mark the model
    gave it some probability for (the best of . , : at DECIMAL_FLOOR or more). Items are
    :class:`ocrtools.ctc.Emission`."""
    from dataclasses import replace

    out = list(emissions)
    for k in range(1, len(out) - 2):
        if out[k].char != " " or not out[k - 1].char.isdigit():
            continue
        if not (out[k + 1].char.isdigit() and out[k + 2].char.isdigit()):
            continue
        if k + 3 < len(out) and out[k + 3].char != " ":
            continue  # more than two digits (or a letter) after it: a new number or word
        text = "".join(e.char for e in out[:k]).split(" ")
        if len(text) >= 2 and len(text[-1]) == len(text[-2]) == 4:
            continue  # groups of four: an IBAN or a card number ends in a short group
        marks = DECIMAL_MARKS
        if k >= 3 and out[k - 3].char == ":" and out[k - 2].char.isdigit():
            marks = ":"  # hh:mm ss: the seconds of a time
        mark = next(((a, q) for a, q in out[k].alts
                     if a in marks and q >= DECIMAL_FLOOR), None)
        if mark is not None:
            out[k] = replace(out[k], char=mark[0], p=mark[1])
    if frames is None:
        return out
    out = _grouped_marks(_dropped_points(_thousands(out), frames), frames)
    out = _passed_over(out, frames, ".", WORD_POINT, _point_fits)
    out = _passed_over(out, frames, "/", LOST_SLASH, _slash_fits)
    out = _url_slashes(_passed_over(out, frames, "I", LOST_I, _capital_i_fits))
    return _spaced_marks(_contractions(_brackets(out, frames), frames))


def _slash_fits(out: list[Any], k: int) -> bool:
    """Whether a slash may have been passed over after ``out[k]``: between two capitals
    (a table's condensed caps, `DESO/EE`, `GLIPIZIDE/METFORMIN`) read POINT_SURE surely,
    in a word with no digit (a code). Not between small letters: there the model gives
    a slash as much in a word's gap (`Jeremy/land`, `any/ting`: 0.03-0.04 on synthetic
    pages) as where one was lost (`y/y`, `hermap/retain`)."""
    a, b = out[k], out[k + 1]
    return (a.char.isupper() and b.char.isupper() and min(a.p, b.p) >= POINT_SURE
            and not _in_code(out, k))


def _spaced_marks(out: list[Any]) -> list[Any]:
    """A space the model read before a number's point or comma (`$81 .81`, `$7 ,281.31`:
    a table's tight figures, the mark's narrow cell read as a space and a dot) is no
    space: a digit, a space, a point or comma and a digit are one number."""
    text = "".join(e.char for e in out)
    drop = {m.start() + 1 for m in re.finditer(r"\d [.,](?=\d)", text)}
    return [e for k, e in enumerate(out) if k not in drop] if drop else out


def _brackets(out: list[Any], frames: Sequence[Any]) -> list[Any]:
    """A bracketed number's brackets, misread (a negative amount's `$(0.14)A` read
    `$/0.14A`, `$(0.17E`: small print's thin curves): an opening bracket read as a
    slash before a number, after a sign or a space (not a date's slash between digits,
    nor a path's after a letter), is the bracket where the model listed it; and a
    closing bracket passed over after the digits of a number that an opening bracket
    starts, with none after it in its word, is put back where the model gave it
    LOST_BRACKET or more in the frames after its last digit."""
    from dataclasses import replace

    for k in range(len(out) - 1):
        if out[k].char != "/" or not out[k + 1].char.isdigit():
            continue
        if k > 0 and (out[k - 1].char.isalnum() or out[k - 1].char in "/("):
            continue
        q = next((q for a, q in out[k].alts if a == "("), 0.0)
        if q >= LISTED:
            out[k] = replace(out[k], char="(", p=q, alts=(("(", q),))
    inserts = []
    for k in range(len(out) - 1):
        if out[k].char != "(" or not out[k + 1].char.isdigit():
            continue
        end = k + 1
        while end < len(out) and (out[end].char.isdigit() or out[end].char in ".,"):
            end += 1
        last = end - 1
        stop = next((j for j in range(end, len(out)) if out[j].char == " "), len(out))
        if any(e.char == ")" for e in out[end:stop]) or not out[last].char.isdigit():
            continue
        until = out[end].first if end < len(out) else len(frames)
        mark = _lost_mark(frames, ")", range(out[last].last + 1, until), LOST_BRACKET)
        if mark is not None:
            inserts.append((end, mark))
    return _inserted(out, inserts)


def _contractions(out: list[Any], frames: Sequence[Any]) -> list[Any]:
    """A contraction's apostrophe read as a space (a typewriter's `we re`, `They re`,
    `you ve`: its apostrophe a short stroke high in a wide cell) is an apostrophe where
    the model gave one CONTRACTION or more in the frames of that gap, before the end of
    a contraction (`re`, `ve`, `ll`, `s`, `d`, `m`, `t`) after a word's letters."""
    from dataclasses import replace

    from ocrtools.ctc import label_p

    text = "".join(e.char for e in out)
    for m in re.finditer(r"(?<=[A-Za-z]) ([a-z]{1,2})(?![A-Za-z])", text):
        if m.group(1) not in CONTRACTED:
            continue
        k = m.start()
        a, b = out[k - 1], out[k + 1]
        gap = range(a.last + 1, b.first) or range(out[k].first, out[k].last + 1)
        q, mark = max((label_p(frames[t], mark), mark) for t in gap for mark in "'’")
        if q >= CONTRACTION:
            out[k] = replace(out[k], char=mark, p=q, alts=((mark, q),))
    return out


def _url_slashes(out: list[Any]) -> list[Any]:
    """A web address's two slashes read as one (`https:/www`: the model's second peak
    lost to the blank after the first) are two: after `http:` or `https:`, whatever
    the case, a lone slash is doubled."""
    from dataclasses import replace

    text = "".join(e.char for e in out)  # (one character per emission: not lowered,
    # which may lengthen one, `İ`)
    for m in reversed(list(re.finditer(r"(?<![a-z])https?:/(?!/)", text, re.IGNORECASE))):
        out.insert(m.end(), replace(out[m.end() - 1]))
    return out


def _point_fits(out: list[Any], k: int) -> bool:
    """Whether a point may have been passed over after ``out[k]``: between two capitals,
    or after a letter before a space and a capital or a bracket (`(ABBVN)` for
    `(ABBV.N)`, `Q (By` for `Q. (By`: a small, tightly set table's dot lost to the
    blank), in a word with no digit (a code, `OGBV7MJA73`), and never after an `L`,
    whose foot runs along the baseline where a point would stand (`ANAL.YST`)."""
    a, b = out[k], out[k + 1]
    after = out[k + 2] if b.char == " " and k + 2 < len(out) else b
    if not (a.char.isalpha() and a.char != "L" and min(a.p, after.p) >= POINT_SURE):
        return False
    if not (a.char.isupper() and b.char.isupper() or b.char == " " and (
            after.char.isupper() or after.char == "(")):
        return False
    return not _in_code(out, k)


def _in_code(out: list[Any], k: int) -> bool:
    """Whether ``out[k]`` stands in a word with a digit (a code, `OGBV7MJA73`, whose
    letters no word says)."""
    start = next((j + 1 for j in range(k, -1, -1) if out[j].char == " "), 0)
    stop = next((j for j in range(k + 1, len(out)) if out[j].char == " "), len(out))
    return any(e.char.isdigit() for e in out[start:stop])


def _capital_i_fits(out: list[Any], k: int) -> bool:
    """Whether a capital I may have been passed over after ``out[k]``: between two
    capitals, neither of them an I (the model gives an I beside an I some probability:
    `FAMOTIDIINE`), in a word with no digit: a table's condensed caps (`METOCLOPRAMDE`
    for `METOCLOPRAMIDE`)."""
    a, b = out[k], out[k + 1]
    return (a.char.isupper() and b.char.isupper() and "I" not in (a.char, b.char)
            and min(a.p, b.p) >= POINT_SURE and not _in_code(out, k))


def _passed_over(out: list[Any], frames: Sequence[Any], label: str, need: float,
                 fits: Callable[[list[Any], int], bool]) -> list[Any]:
    """A thin mark the best path passed over between two characters, put back where the
    model gave ``label`` ``need`` or more in the frames between them, POINT_NEAR at
    most (not in a table's wide gap between cells, beside its specks), where ``fits``
    (the path and the index of the character before) says it may stand (the rules'
    ``fits`` ask for both characters read POINT_SURE surely: a noisy line's specks
    are read unsurely around)."""

    inserts = []
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if b.first - a.last > POINT_NEAR or b.first - a.last < 2 or not fits(out, k):
            continue
        mark = _lost_mark(frames, label, range(a.last + 1, b.first), need)
        if mark is not None:
            inserts.append((k + 1, mark))
    return _inserted(out, inserts)


def _lost_mark(frames: Sequence[Any], label: str, gap: range, need: float) -> Any:
    """The mark ``label`` at its likeliest frame of ``gap``, as an emission, where the
    model gave it ``need`` or more there (None: not so)."""
    from ocrtools.ctc import Emission, label_p

    if not gap:
        return None
    t = max(gap, key=lambda t: label_p(frames[t], label))
    q = label_p(frames[t], label)
    return Emission(label, t, t, q, ((label, q),)) if q >= need else None


def _inserted(out: list[Any], inserts: list[tuple[int, Any]]) -> list[Any]:
    """The path with each (position, emission) of ``inserts`` (in order) put in."""
    for position, emission in reversed(inserts):
        out.insert(position, emission)
    return out


def _thousands(out: list[Any]) -> list[Any]:
    """A thousands comma read as a point (`9.637` for `9,637`, `1.004.685`: a comma's
    tail is a pixel or two in small print) is a comma where the model gave the comma
    THOUSANDS or more (listed at all, in a number of two such points: no decimal's): a
    point with exactly three digits after it to the number's end (or to the next such
    point), one to three digits before it (not a lone 0: `0.125` is a fraction)."""
    from dataclasses import replace

    number = [0] * len(out)  # per emission, the points of the number it stands in
    k = 0
    while k < len(out):
        stop = k
        while stop < len(out) and (out[stop].char.isdigit() or out[stop].char in ".,"):
            stop += 1
        points = sum(e.char == "." for e in out[k:stop])
        for j in range(k, stop):
            number[j] = points
        k = max(stop, k + 1)
    for k in range(1, len(out) - 3):
        if out[k].char != "." or not all(out[j].char.isdigit() for j in (k + 1, k + 2, k + 3)):
            continue
        if k + 4 < len(out) and out[k + 4].char.isdigit():
            continue
        start = k
        while start > 0 and out[start - 1].char.isdigit():
            start -= 1
        whole = "".join(e.char for e in out[start:k])
        code = start > 0 and out[start - 1].char.isalpha()  # (`A9.637`)
        if not 1 <= len(whole) <= 3 or whole == "0" or code:
            continue
        comma = next((q for a, q in out[k].alts if a == ","), 0.0)
        if comma >= THOUSANDS or (comma >= LISTED and number[k] >= 2):
            out[k] = replace(out[k], char=",", p=comma)
    return out


def _digit_runs(out: list[Any]) -> list[tuple[int, int]]:
    """The runs [start, stop) of digits in a path, in order."""
    runs = []
    k = 0
    while k < len(out):
        if not out[k].char.isdigit():
            k += 1
            continue
        end = k
        while end < len(out) and out[end].char.isdigit():
            end += 1
        runs.append((k, end))
        k = end
    return runs


def _grouped_marks(out: list[Any], frames: Sequence[Any]) -> list[Any]:
    """A number's mark lost where its thousands say one stands: a comma three digits
    before the point of four digits or more (`1550.7` for `1,550.7` beside `1,500.1`),
    a point before the last of four digits after a comma (`$2,2374` for `$2,237.4`:
    commas part groups of three), put back where the model gave it GROUP_MARK or more
    (the structure is sure, the mark's ink faint: a table's small print)."""

    inserts: list[tuple[int, Any]] = []
    for k, end in _digit_runs(out):
        after = out[end].char if end < len(out) else " "
        grouped = k > 1 and out[k - 1].char == "," and out[k - 2].char.isdigit()
        whole = not (k > 0 and (out[k - 1].char.isalpha() or out[k - 1].char in DECIMAL_MARKS))
        gap, label = None, ""
        if whole and end - k >= 4 and after == "." and end + 1 < len(out) and (
                out[end + 1].char.isdigit()):
            gap, label = end - 4, ","
        elif grouped and end - k == 4 and after not in DECIMAL_MARKS:
            gap, label = end - 2, "."
        if gap is not None:
            mark = _lost_mark(frames, label, range(out[gap].last, out[gap + 1].first + 1),
                              GROUP_MARK)
            if mark is not None:
                inserts.append((gap + 1, mark))
    return _inserted(out, inserts)


def _dropped_points(out: list[Any], frames: Sequence[Any]) -> list[Any]:
    """A point or comma the best path passed over inside a number (`$567` for `$5.67`,
    `$13540` for `$135.40`, a table's `3327` for `332.7`: the dot in the gap between two
    digits lost to the blank or a digit), put back where the model gave it LOST_POINT or
    more and one, two or three digits follow it to the number's end; one per number, in
    its likeliest gap. In four digits (a year, an IBAN's or a card's group of four) only
    before the last one, or after a currency sign; never in a code's digits (`OC32`)."""
    from ocrtools.ctc import Emission

    inserts: list[tuple[int, Any]] = []
    for k, end in _digit_runs(out):
        if end < len(out) and out[end].char in DECIMAL_MARKS:
            continue  # (a number with its mark already)
        if k > 1 and out[k - 1].char in DECIMAL_MARKS and out[k - 2].char.isdigit():
            continue
        if k > 0 and out[k - 1].char.isalpha():
            continue  # (a code's digits: `OC32`)
        # four digits: a year or an IBAN's group (`$7243` is an amount), unless one
        # digit follows the point (a table's `332.7`)
        four = end - k == 4 and not (k > 0 and out[k - 1].char in CURRENCY)
        best = None
        for j in range(end - 2 if four else max(k, end - 4), end - 1):
            # (the gap after digit j: 3, 2 or 1 follow)
            usual = "." if end - (j + 1) <= 2 else ","  # $5.67, 61,574, 28.3
            for t in range(out[j].last, out[j + 1].first + 1):
                for label, q in frames[t]:
                    # (the usual mark of the place counts double: a comma and a point
                    # differ by a tail the model often cannot see)
                    weight = float(q) * (2.0 if str(label) == usual else 1.0)
                    if str(label) in ".," and float(q) >= LOST_POINT and (
                            best is None or weight > best[4]):
                        best = (j, t, float(q), str(label), weight)
        if best is not None:
            j, t, q, label, _weight = best
            inserts.append((j + 1, Emission(label, t, t, q, ((label, q),))))
    return _inserted(out, inserts)
