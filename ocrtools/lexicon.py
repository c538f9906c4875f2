"""Words the line model nearly read: a misread word mended from the word list.

The line model reads letter by letter; a letter it was unsure of (a thin `i` in kerned
type, an `f` broken by the scan) can leave a word that no dictionary has (`servce`,
`praperty`, `Etficient`) while the right one was its close runner-up. As Tesseract
does with its dictionaries, a word of letters only that is not in the word list is read
again over its own frames (CTC prefix beam search, letters only, reaching into the gaps
beside it so that a lost first or last letter can come back), and the most probable
reading that is a word is taken, when it is at least ``exp(-MARGIN)`` as probable as
the best reading there. A word the model read confidently (a name, a code of letters)
keeps its reading: no listed word comes near it. The mended letters carry the model's
own probability for them, so a mended word's confidence says how sure it was.

The word list is SCOWL's American English (Debian ``wamerican``, Kevin Atkinson;
licence in ``ocrtools/data/words.LICENSE``), lowercased, shipped with the package
(``make words`` makes it again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from ocrtools import ctc
from ocrtools.fields import word_list

MARGIN = 3.0  # nats: the best listed word read at least exp(-3) = 5% as probable as the
# best reading (chosen on the real dev lines, 1.0 / 2.0 / 3.0 / 4.0: 1.91 / 1.89 / 1.87 /
# 1.86% CER; 4.0 began to turn accented names into English words: `Iwo` -> `Io`)
MIN_LETTERS = 3  # shorter runs are left as read (initials, units; `ot` for `of` too; at 2
# the real lines gained 0.01 points but `eq` became `ea`, `Iwo` `Io`)
ACRONYM = 4  # capitals: shorter runs are acronyms (`GST` is not `CST`) and left as read
BEAM = 16  # readings of a run looked at


def mend_words(
    chars: Sequence[Any],
    groups: list[list[int]],
    frames: list[list[list[Any]]],
    make_char: Callable[[str, int, int, float, tuple[tuple[str, float], ...]], Any],
) -> tuple[list[Any], list[list[int]]]:
    """The characters and word groups of a line with each misread word mended (see the
    module's note). ``make_char(label, first, last, p, alts)`` builds a character of
    the frames first..last (inclusive). Each run of letters in a word is looked at on
    its own (`carlier-stage`, `(TCKER)`), but not one beside a digit: that is part of a
    code (`LD001`, `EZ08`)."""
    words = word_list()
    out: list[Any] = []
    out_groups: list[list[int]] = []
    for group in groups:
        first = len(out)
        pos = 0
        while pos < len(group):
            end = pos
            while end < len(group) and chars[group[end]].char.isalpha():
                end += 1
            if end == pos:  # not a letter: kept as read
                out.append(chars[group[pos]])
                pos += 1
                continue
            run = [chars[k] for k in group[pos:end]]
            beside = [chars[group[k]].char for k in (pos - 1, end) if 0 <= k < len(group)]
            if pos == 0 and _pronoun(run, words):
                # `Iknow` -> `I know`: the pronoun and the word after it, a word apart
                out.append(run[0])
                out_groups.append(list(range(first, len(out))))
                first = len(out)
                pos += 1
                continue
            if any(c.isdigit() for c in beside):
                out.extend(run)
            else:
                out.extend(_run(chars, group[pos], group[end - 1], run, frames, words,
                                make_char))
            pos = end
        out_groups.append(list(range(first, len(out))))
    return out, out_groups


def _pronoun(run: list[Any], words: frozenset[str]) -> bool:
    """Whether a word's first run of letters is the pronoun I run into the word after it
    (`Iknow`, `Ithink`, `Idont`: the space between them lost in tight print): a capital
    I, then three small letters or more that are a listed word (or a contraction's
    letters), the whole no word (`Ivan`, `Ida`, `Ipod` are listed: left as read). Not an
    `l` for the I: `lga` is Olga, its O lost."""
    core = "".join(c.char for c in run)
    rest = core[1:]
    return (core[:1] == "I" and len(rest) >= 3 and rest.islower() and core.lower() not in words
            and (rest in words or rest in _contractions()))


def _run(chars: Sequence[Any], k0: int, k1: int, run: list[Any], frames: list[list[list[Any]]],
         words: frozenset[str], make_char: Callable[..., Any]) -> list[Any]:
    """A run of letters (chars k0..k1 of the line), mended or as read."""
    core = "".join(c.char for c in run)
    form = _contraction(core)
    if form is None and not _looked_at(core, words):
        return run  # (most runs: a listed word, read as it is, its frames not looked at)
    lo = chars[k0 - 1].span[1] if k0 > 0 else 0
    hi = chars[k1 + 1].span[0] if k1 + 1 < len(chars) else len(frames)
    # the run's frames, reaching into the gaps beside it; a space there stands for no letter
    span = [_no_space(frame) for frame in frames[lo:hi]]
    text = _apostrophe(core, form, span) if form is not None else _mended(span, words, core)
    if text is None:
        return run
    return [make_char(label, lo + a, lo + b, p, alts)
            for label, a, b, p, alts in ctc.align(span, text)]


# English contractions: one whose letters alone are no word (`dont`, `youve`, `thats`;
# not `cant`, `wont`, `its`, `well`) is read with its apostrophe when the model lost it
CONTRACTIONS = (
    "don't doesn't didn't can't couldn't wouldn't shouldn't won't isn't aren't wasn't "
    "weren't hasn't haven't hadn't mustn't needn't mightn't ain't shan't I'm I've I'd I'll "
    "you're you've you'd you'll we're we've we'd we'll they're they've they'd they'll he's "
    "she's it's that's there's what's who's let's he'd she'd he'll she'll it'll that'll "
    "there'll here's where's how's when's why's"
).split()


@lru_cache(maxsize=1)
def _contractions() -> dict[str, str]:
    """Letters alone (lowercased) -> the contraction, for those whose letters are no word."""
    words = word_list()
    joined = {c.replace("'", "").lower(): c for c in CONTRACTIONS}
    return {k: v for k, v in joined.items() if k not in words}


def _contraction(core: str) -> str | None:
    """The contraction a run of letters is without its apostrophe, if any."""
    form = _contractions().get(core.lower())
    if form is None or (form[0] == "I" and core[0] != "I"):  # (German `im` is no `I'm`)
        return None
    return form


def _apostrophe(core: str, form: str, frames: list[list[list[Any]]]) -> str:
    """The run with the apostrophe of its contraction ``form`` put back (`couldnt` ->
    `couldn't`, `Im` -> `I'm`), in the case it was read; the mark the model gave more to
    of ' and ’ (' where it gave neither)."""
    at = form.index("'")
    marks = {"'": 0.0, "’": 0.0}
    for frame in frames:
        for a, q in frame:
            if str(a) in marks:
                marks[str(a)] = max(marks[str(a)], float(q))
    mark = "’" if marks["’"] > marks["'"] else "'"
    return core[:at] + mark + core[at:]


def _mended(frames: list[list[list[Any]]], words: frozenset[str], core: str) -> str | None:
    """The most probable reading of the frames (letters only) that is a listed word of
    the run's shape and at least MIN_LETTERS long, if one is within MARGIN of the best."""
    letters = frozenset(str(a) for frame in frames for a, _q in frame if str(a).isalpha())
    readings = ctc.n_best(frames, letters, spaces=False, beam=BEAM)
    if not readings:
        return None
    best = readings[0][1]
    for text, logp in readings:
        if logp < best - MARGIN:
            break
        if text.lower() in words and _shape(text) == _shape(core) and len(text) >= MIN_LETTERS:
            return text
    return None


def _looked_at(core: str, words: frozenset[str]) -> bool:
    """Whether a word's letters are read again: letters only, not in the list, not an
    acronym (capitals, fewer than ACRONYM letters: GST, BHD), of a known shape."""
    if len(core) < MIN_LETTERS or not core.isalpha() or core.lower() in words:
        return False
    shape = _shape(core)
    return shape == "lower" or (shape == "upper" and len(core) >= ACRONYM)


def _shape(text: str) -> str | None:
    """'upper' (ALL CAPITALS) or 'lower' (lower case, or Capitalized); None when mixed.
    Lower case and Capitalized are one shape: a first capital lost or misread is put
    right (`ensen` -> `Jensen`, `Iorenzo` -> `lorenzo`); kept apart, the real and hard
    lines read worse (real-tight 2.19% -> 2.21%, noisy 1.35% -> 1.36%)."""
    if text.isupper():
        return "upper"
    if text[1:].islower():
        return "lower"
    return None


def _no_space(frame: list[list[Any]]) -> list[list[Any]]:
    """A frame with its space counted as the blank."""
    if not any(str(a) == " " for a, _q in frame):
        return frame
    blank = sum(float(q) for a, q in frame if str(a) in (" ", ctc.BLANK))
    return [[ctc.BLANK, blank], *([a, q] for a, q in frame if str(a) not in (" ", ctc.BLANK))]
