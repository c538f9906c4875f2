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
import re
import string
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache

from ocrtools.decode import Char

DIGITS = frozenset(string.digits)
UPPER = frozenset(string.ascii_uppercase)
LETTERS = frozenset(string.ascii_letters)
MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]
CHARSETS: dict[str, frozenset[str] | None] = {
    "any": None,
    "code": UPPER | DIGITS,
    "iban": UPPER | DIGITS,
    "date": DIGITS | LETTERS | frozenset("-/.,"),
    "word": LETTERS | frozenset("-'"),
    "name": LETTERS | frozenset("-'.,"),
}
WORD_LISTS = ("/usr/share/dict/words", "/usr/share/dict/american-english")


# IBAN length per country (ISO 13616 registry): Europe and its neighbours. An IBAN of a
# country not listed never passes the check, so --expect iban leaves it as read.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GI": 23,
    "GL": 18, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "LI": 21,
    "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15,
    "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
    "TN": 24, "TR": 26, "UA": 29,
}


def iban_valid(text: str) -> bool:
    """ISO 13616 check: the country's length, then move the first four characters to
    the end, letters to numbers (A=10 ... Z=35), and the number modulo 97 must be 1."""
    compact = text.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", compact):
        return False
    if len(compact) != IBAN_LENGTHS.get(compact[:2]):
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _month(token: str) -> int | None:
    token = token.lower().rstrip(".")
    for number, name in enumerate(MONTHS, start=1):
        if len(token) >= 3 and name.startswith(token):
            return number
    return None


def date_valid(text: str) -> bool:
    """A calendar date in a common format (ISO, D/M/Y, M/D/Y, D.M.Y, 'March 4, 2021',
    '04 Mar 2021', two-digit years)."""
    parts = [p for p in re.split(r"[\s,/.\-]+", text.strip()) if p]
    if len(parts) != 3:
        return False
    numbers: list[int | None] = []
    month_name = None
    for index, part in enumerate(parts):
        if part.isdigit():
            numbers.append(int(part))
        else:
            month = _month(part)
            if month is None or month_name is not None:
                return False
            month_name = index
            numbers.append(month)
    for order in ("ymd", "dmy", "mdy"):
        values = dict(zip(order, numbers, strict=True))
        if month_name is not None and order[month_name] != "m":
            continue
        year, month, day = values["y"], values["m"], values["d"]
        if year is None or month is None or day is None:
            continue
        year_text = parts[order.index("y")]
        if len(year_text) not in (2, 4) or (order == "ymd" and len(year_text) != 4):
            continue
        if len(year_text) == 2:
            year += 2000
        try:
            date(year, month, day)
            return True
        except ValueError:
            continue
    return False


@lru_cache(maxsize=1)
def word_list() -> frozenset[str]:
    for path in WORD_LISTS:
        try:
            with open(path, encoding="utf-8", errors="ignore") as handle:
                return frozenset(line.strip().lower() for line in handle if line.strip())
        except OSError:
            continue
    return frozenset()


def words_valid(text: str) -> bool:
    words = word_list()
    if not words:
        return True
    return all(w.lower() in words for w in text.split())


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "iban": iban_valid,
    "date": date_valid,
    "word": words_valid,
}


class Decoder:
    """The constraints of one --expect / --charset choice."""

    def __init__(self, expect: str = "any", charset: str | None = None):
        if expect not in CHARSETS:
            raise ValueError(f"unknown --expect {expect!r}; use one of {', '.join(CHARSETS)}")
        self.expect = expect
        allowed = CHARSETS[expect]
        if charset:
            given = frozenset(charset) - {" "}
            allowed = given if allowed is None else allowed & given
        self.allowed = allowed
        self.validate = VALIDATORS.get(expect)

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


def _apply(chars: Sequence[Char], swaps: list[tuple[float, int, str]]) -> list[str]:
    text = [c.char for c in chars]
    for _cost, position, alt in swaps:
        text[position] = alt
    return text
