"""Typed decoding: what the line is supposed to be constrains how it is read.

``--charset`` restricts the labels the best path may use. ``--expect`` adds what a
field type knows: an IBAN's mod-97 check digits, a date's calendar, a code's alphabet,
a word list. When the best reading breaks the rule, the most probable reading that
keeps it is taken from the classifier's alternatives for each character (changing as
few characters as possible); if none does, the best reading stays.
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Callable, Iterable, Sequence

from ocrtools.alphabet import ALPHABET
from ocrtools.decode import Char
from ocrtools.fields import date_valid, iban_valid, words_valid

__all__ = ["CHARSETS", "VALIDATORS", "Decoder", "date_valid", "iban_valid", "words_valid"]

DIGITS = frozenset(string.digits)
UPPER = frozenset(string.ascii_uppercase)
LETTERS = frozenset(string.ascii_letters)
#: letters with accents and the letters of other Latin alphabets (ß, ø, ł, ...)
ACCENTED = frozenset(c for c in ALPHABET if c.isalpha() and not c.isascii() and c not in "ªµº")
CHARSETS: dict[str, frozenset[str] | None] = {
    "any": None,
    "code": UPPER | DIGITS,
    "iban": UPPER | DIGITS,
    "date": DIGITS | LETTERS | frozenset("-/.,"),
    "word": LETTERS | ACCENTED | frozenset("-'’"),
    "name": LETTERS | ACCENTED | frozenset("-'’.,"),
}


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "iban": iban_valid,
    "date": date_valid,
    "word": words_valid,
}


class Decoder:
    """The constraints of one --expect / --charset choice.

    ``labels``, when given, are the characters the model can emit: a choice that
    leaves none of them (``--charset`` naming only characters the model lacks, or
    none that the field type allows) is refused with a ValueError, as is an empty
    choice without them, rather than reading every line as empty text."""

    def __init__(
        self, expect: str = "any", charset: str | None = None,
        labels: Iterable[str] | None = None, dictionary: bool = True,
    ):
        if expect not in CHARSETS:
            raise ValueError(f"unknown --expect {expect!r}; use one of {', '.join(CHARSETS)}")
        self.expect = expect
        allowed = CHARSETS[expect]
        if charset:
            given = frozenset(charset) - {" "}
            allowed = given if allowed is None else allowed & given
        self.allowed = allowed
        self.validate = VALIDATORS.get(expect)
        # a misread word mended from the word list (ocrtools.lexicon): free text only
        self.dictionary = dictionary and expect == "any" and allowed is None
        if charset and not allowed:
            raise ValueError(f"--charset {charset!r} has no character that --expect {expect}"
                             f" allows; nothing could be read")
        if charset and labels is not None and allowed is not None:
            if not allowed & emitted(labels):
                raise ValueError(f"--charset {charset!r} has no character that the model "
                                 f"can read; nothing could be read")

    def passes(self, text: str) -> bool | None:
        """Whether a reading passes the field's check: None for --expect any (nothing
        is checked), else True or False. An empty reading never passes; a date must
        exist, an IBAN pass mod 97, a word be in the word list (when there is one), a
        code be capitals and digits only."""
        if self.expect == "any":
            return None
        if not text.strip():
            return False
        if self.validate is not None and not self.validate(text):
            return False
        allowed = CHARSETS[self.expect]
        spaces = frozenset() if self.expect == "code" else frozenset(" ")
        if allowed is not None and not set(text) <= allowed | spaces:
            return False
        return any(c.isalnum() for c in text)

    def verdict(self, text: str) -> dict[str, bool]:
        """The record field that says so: ``{"valid": ...}``, or none for --expect any."""
        passed = self.passes(text)
        return {} if passed is None else {"valid": passed}

    def correct(
        self,
        chars: Sequence[Char],
        render: Callable[[Sequence[str]], str],
        readings: Callable[[], Iterable[str]] | None = None,
    ) -> str:
        """The best text that passes the field's check, or the best text if none does.
        ``readings`` gives other whole readings, most probable first (a line model's
        n-best list), tried before single-character swaps."""
        best = render([c.char for c in chars])
        if self.validate is not None and not self.validate(best):
            for text in readings() if readings is not None else ():
                if self.validate(text):
                    return self.layout(text)
            for candidate in self._alternatives(chars, max_changes=2, limit=2000):
                text = render(candidate)
                if self.validate(text):
                    best = text
                    break
        return self.layout(best)

    def layout(self, text: str) -> str:
        """An IBAN is written compact or in groups of four: gaps the line shows at all
        are taken as the grouping, and made regular. Also without --expect, when the
        whole line passes the IBAN check (a random line does so about once in 10^11):
        a missed or extra gap is then a reading error, not the text."""
        if " " in text and (
            self.expect == "iban" or (self.expect == "any" and iban_valid(text))
        ):
            compact = text.replace(" ", "")
            return " ".join(compact[k : k + 4] for k in range(0, len(compact), 4))
        return text

    @staticmethod
    def _alternatives(chars: Sequence[Char], max_changes: int, limit: int) -> list[list[str]]:
        """Readings with 1..max_changes characters swapped for runners-up, most
        probable first (by the product of the probabilities)."""
        options = []
        for position, char in enumerate(chars):
            for alt, q in char.alts:
                if alt != char.char and q > 0:
                    cost = math.log(max(char.p, 1e-9)) - math.log(q)
                    options.append((cost, position, alt))
        options = sorted(options)[:40]
        combos: list[tuple[float, tuple[int, ...]]] = []
        for size in range(1, max_changes + 1):
            for combo in itertools.combinations(range(len(options)), size):
                if len({options[k][1] for k in combo}) == size:
                    combos.append((sum(options[k][0] for k in combo), combo))
        combos.sort()
        return [_apply(chars, [options[k] for k in combo]) for _, combo in combos[:limit]]


def emitted(labels: Iterable[str]) -> frozenset[str]:
    """The characters among a model's labels (not its blank or reject label)."""
    return frozenset(label for label in labels if len(label) == 1 and label != " ")


def _apply(chars: Sequence[Char], swaps: list[tuple[float, int, str]]) -> list[str]:
    text = [c.char for c in chars]
    for _cost, position, alt in swaps:
        text[position] = alt
    return text
