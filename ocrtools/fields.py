"""What a valid field is: an IBAN's check digits, a calendar date, a dictionary word.

Plain predicates on text, used by typed decoding (:mod:`ocrtools.typed`, ``--expect``)
and by the decoder's date-slash repair (:mod:`ocrtools.decode`); they import neither.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december",
]
WORDS_FILE = "words.txt.gz"  # in ocrtools/data/


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
    """The English word list shipped with the package (``ocrtools/data/words.txt.gz``:
    SCOWL's American English from Debian ``wamerican``, lowercased, letters only, a
    negation's stem as a word; ``make words``)."""
    import gzip
    from importlib import resources

    data = resources.files("ocrtools").joinpath("data", WORDS_FILE).read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def words_valid(text: str) -> bool:
    """Every word of the text in the word list (a contraction by its parts: `don't`)."""
    words = word_list()
    parts = [p for w in text.split() for p in re.split(r"['’]", w.lower())]
    return bool(parts) and all(p in words for p in parts)
