"""Text that looks like what people print: prose with its punctuation, and the names,
streets, companies and prices of Europe with their accents (issue 16).

Two line kinds for :mod:`training.synth`, beside its five field kinds:

* ``text``: a run of words from running text, sentence punctuation and all: the
  licence texts every Debian system ships (``/usr/share/common-licenses``, package
  base-files) and Faker's word lists of nine European languages, with the figures of
  reports mixed in (``$12.5 million``, ``(3.2%)``, ``2019–2020``); often set with
  typographic quotes, dashes and ellipses; sometimes cut with a line-end hyphen or led
  by a bullet or a list number;
* ``address``: a name, street address, town, company, price or date of one of 21
  European Faker locales, accents kept.

Every choice comes from the numpy Generator given, so a line depends only on it.
Typography (:func:`typeset`) and font coverage (:func:`covers`) are here too: a line is
drawn only in a font that has every one of its glyphs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ocrtools.alphabet import ALPHABET, to_ascii

LOCALES = ("fr_FR", "de_DE", "de_AT", "de_CH", "es_ES", "it_IT", "nl_NL", "pt_PT", "pl_PL",
           "cs_CZ", "sk_SK", "hu_HU", "hr_HR", "sl_SI", "ro_RO", "da_DK", "sv_SE", "no_NO",
           "fi_FI", "tr_TR", "en_GB")
# Faker lorem word lists in real languages (the others fall back to Latin)
LOREM_LOCALES = ("fr_FR", "de_DE", "es_ES", "it_IT", "nl_NL", "pl_PL", "cs_CZ", "da_DK",
                 "en_US")
CORPUS_DIR = Path("/usr/share/common-licenses")
_ALLOWED = frozenset(ALPHABET)


def _pick(rng: np.random.Generator, seq):  # type: ignore[no-untyped-def]
    return seq[int(rng.integers(len(seq)))]


def _seeded(rng: np.random.Generator, locale: str):  # type: ignore[no-untyped-def]
    from training.synth import _seeded_faker  # synth imports this module

    fk = _seeded_faker(rng, locale)
    _stable_cities(fk)
    return fk


def _stable_cities(fk) -> None:  # type: ignore[no-untyped-def]
    """Faker's it_IT city list is ``list(set(...))``: its order, and so the city a seed
    draws, changes with Python's hash seed from one process to the next. Sorted once, it
    is the same everywhere."""
    for provider in fk.get_providers():
        cities = getattr(provider, "cities", None)
        if fk.locales == ["it_IT"] and isinstance(cities, list) and not getattr(
                provider, "_sorted_cities", False):
            provider.cities = sorted(cities)
            provider._sorted_cities = True


@lru_cache(maxsize=1)
def corpus() -> tuple[str, ...]:
    """The words of the licence texts, in order (empty when the directory is absent)."""
    words: list[str] = []
    if CORPUS_DIR.is_dir():
        for path in sorted(CORPUS_DIR.iterdir()):
            if path.is_file() and not path.is_symlink():
                text = path.read_text(encoding="utf-8", errors="replace")
                words.extend(w for w in text.split() if set(w) <= _ALLOWED
                             and not set(w) <= set("-=_*#"))
    return tuple(words)


def fit(text: str) -> str:
    """Characters of the alphabet only (others folded to ASCII), single spaces."""
    from training.pages import fit_alphabet  # pages imports synth, which imports this

    return fit_alphabet(text, ALPHABET)


# ------------------------------------------------------------------------ typography

_TYPO_RULES = (
    (re.compile(r'(^|[\s(\[])"'), "\\1“"),  # opening double quote
    (re.compile(r'"'), "”"),
    (re.compile(r"(^|[\s(\[])'"), "\\1‘"),
    (re.compile(r"'"), "’"),  # apostrophes and closing quotes
    (re.compile(r"(\d)-(\d)"), "\\1–\\2"),  # ranges
    (re.compile(r" - "), " – "),
    (re.compile(r"--"), "—"),
    (re.compile(r"\.\.\."), "…"),
)


def typeset(rng: np.random.Generator, text: str) -> str:
    """Typewriter punctuation to typographic (usually), the way real text is set."""
    if rng.random() < 0.25:
        return text
    for pattern, repl in _TYPO_RULES:
        text = pattern.sub(repl, text)
    if rng.random() < 0.15:  # German and French quotes
        text = text.replace("“", "„" if rng.random() < 0.5 else "« ").replace(
            "”", "“" if "„" in text else " »")
    return text


# ------------------------------------------------------------------------ the kinds


_FIGURES = (  # (rng, n) -> a figure of the kind reports print
    lambda r, n: f"${n:.1f} million",
    lambda r, n: f"({n / 10:.1f}%)",
    lambda r, n: f"{int(r.integers(1990, 2030))}-{int(r.integers(1990, 2030))}",
    lambda r, n: f"{n:,.0f}",
    lambda r, n: f"€{n:.2f}" if r.random() < 0.5 else f"{n:.2f} €".replace(".", ","),
    lambda r, n: f"£{n:.2f}",
    lambda r, n: f"§ {int(r.integers(1, 300))}",
    lambda r, n: f"{int(r.integers(-30, 45))} °C",
    lambda r, n: f"© {int(r.integers(1970, 2030))}",
    lambda r, n: f"{n:.1f}%",
    lambda r, n: f"Q{int(r.integers(1, 5))} {int(r.integers(2000, 2030))}",
    lambda r, n: f"{int(r.integers(1, 10))}½",
    lambda r, n: f"No. {int(r.integers(1, 999))}",
    lambda r, n: f"p. {int(r.integers(1, 400))}",
)


def _figure(rng: np.random.Generator) -> str:
    """A figure of the kind reports print."""
    n = float(rng.uniform(0, 1000))
    return _FIGURES[int(rng.integers(len(_FIGURES)))](rng, n)


def _words_of_corpus(rng: np.random.Generator, count: int) -> list[str]:
    words = corpus()
    if len(words) < count:
        return []
    start = int(rng.integers(len(words) - count))
    return list(words[start : start + count])


def _words_of_lorem(rng: np.random.Generator, count: int) -> list[str]:
    fk = _seeded(rng, _pick(rng, LOREM_LOCALES))
    return " ".join(fk.sentence(nb_words=12) for _ in range(3)).split()[:count]


def _hyphenate(rng: np.random.Generator, words: list[str]) -> list[str]:
    """Break the last long word the way a justified column does: ``infor-``."""
    last = words[-1]
    if len(last) >= 6 and last.isalpha():
        cut = int(rng.integers(2, len(last) - 2))
        words[-1] = last[:cut] + "-"
    return words


def text_line(rng: np.random.Generator) -> str:
    """A line of running text, 8-80 characters."""
    target = int(rng.integers(8, 81))
    count = max(2, target // 5 + 2)
    words = _words_of_corpus(rng, count) if rng.random() < 0.5 else []
    if not words:
        words = _words_of_lorem(rng, count)
    for _ in range(int(rng.integers(0, 3)) if rng.random() < 0.4 else 0):
        words.insert(int(rng.integers(0, len(words) + 1)), _figure(rng))
    line, out = 0, []
    for w in words:
        if out and line + 1 + len(w) > target:
            break
        out.append(w)
        line += len(w) + (1 if out else 0)
    out = out or words[:1]
    if rng.random() < 0.15:
        out = _hyphenate(rng, out)
    r = rng.random()
    if r < 0.05:
        out.insert(0, "•")
    elif r < 0.08:
        out.insert(0, f"{int(rng.integers(1, 20))}.")
    elif r < 0.10:
        out.insert(0, "–")
    return fit(typeset(rng, " ".join(out)))


def _price(rng: np.random.Generator) -> str:
    n = float(np.exp(rng.uniform(0, 9)))
    euro = f"{n:,.2f}".replace(",", " ").replace(".", ",")
    forms = (f"{euro} €", f"€ {n:.2f}", f"€{n:,.2f}", f"£{n:,.2f}", f"{euro} EUR",
             f"EUR {euro}", f"{n:.2f} CHF", f"{euro} Kč", f"{euro} zł", f"¥{int(n):,}",
             f"{n:.2f} kr", f"${n:,.2f}")
    return _pick(rng, forms)


def address_line(rng: np.random.Generator) -> str:
    """A name, street, town, company, price or date of a European locale."""
    locale = _pick(rng, LOCALES)
    fk = _seeded(rng, locale)
    r = int(rng.integers(10))
    if r <= 1:
        s = fk.name()
    elif r == 2:
        s = f"{fk.last_name().upper()}, {fk.first_name()}"
    elif r == 3:
        s = fk.street_address()
    elif r == 4:
        s = f"{fk.postcode()} {fk.city()}"
    elif r == 5:
        s = f"{fk.street_address()}, {fk.city()}"
    elif r == 6:
        s = fk.company()
    elif r == 7:
        s = f"{_price(rng)}" if rng.random() < 0.4 else f"{fk.word().capitalize()} {_price(rng)}"
    elif r == 8:
        s = f"{fk.day_of_month()}. {fk.month_name()} {fk.year()}" if rng.random() < 0.5 \
            else f"{fk.city()}, {fk.date(pattern='%d.%m.%Y')}"
    else:
        s = f"{fk.first_name()} {fk.last_name()}, {fk.city()}"
    return fit(typeset(rng, s)) or "Zürich"


_RECEIPT_LOCALES = ("en_US", "en_GB", "en_AU", "en_IN", "de_DE", "fr_FR", "it_IT", "nl_NL")
_SUFFIX = ("SDN BHD", "S/B", "LTD", "PTE LTD", "ENTERPRISE", "TRADING", "HARDWARE", "MART",
           "GmbH", "SARL", "CO.", "STORE")
_LABELS = ("TOTAL", "SUB-TOTAL", "Sub Total", "Total Sales (Inclusive GST)", "Total Incl. GST",
           "ROUNDING", "Rounding Adj", "DISCOUNT", "CASH", "CHANGE", "Change Due", "TENDERED",
           "GST", "Tax", "VAT 6%", "SST", "Service Charge 10%", "Grand Total", "Total Qty",
           "Item(s)", "NET TOTAL", "Payment", "VISA", "CARD", "Total GST", "TOTAL AMOUNT",
           "Amount Due", "Balance")
_HEADS = ("TAX INVOICE", "SIMPLIFIED TAX INVOICE", "CASH RECEIPT", "RECEIPT", "INVOICE",
          "CASH BILL", "OFFICIAL RECEIPT", "GST SUMMARY", "Thank You. Please come again",
          "GOODS SOLD ARE NOT RETURNABLE", "THANK YOU FOR SHOPPING WITH US", "*** COPY ***",
          "ITEM QTY U/P AMOUNT", "Description Qty Price Amt", "Tax Code % Amt (RM) Tax (RM)")


def _money(rng: np.random.Generator) -> str:
    n = float(np.exp(rng.uniform(-1, 7.5)))
    text = f"{n:,.2f}" if rng.random() < 0.2 else f"{n:.2f}"
    if rng.random() < 0.1:
        text = text.lstrip("0") or ".00"  # "CHANGE RM .00"
    return text


def receipt_line(rng: np.random.Generator) -> str:
    """A line of a shop's receipt: its name and address (capitals mostly), a tax or
    invoice number, a date and time, an item row with its code, quantity and price, a
    total with its colon, a heading. Printable ASCII, as receipts print."""
    fk = _seeded(rng, _pick(rng, _RECEIPT_LOCALES))
    cur = _pick(rng, ("RM", "RM ", "$", "", "", "EUR ", "S$"))
    colon = _pick(rng, (" : ", ": ", " :", ":", " "))
    r = int(rng.integers(12))
    if r == 0:
        s = f"{fk.company().split(',')[0]} {_pick(rng, _SUFFIX)}"
    elif r == 1:
        s = f"({_pick(rng, ('CO REG', 'Co Reg', 'GST ID', 'GST REG NO', 'ROC NO', 'ABN'))}"\
            f"{colon}{int(rng.integers(10**5, 10**12))}-{_pick(rng, ('X', 'W', 'A', 'K', 'D'))})"
    elif r == 2:
        s = fk.street_address() + _pick(rng, (",", "", ""))
    elif r == 3:
        s = f"{fk.postcode()} {fk.city()}" + _pick(rng, (",", "", f", {fk.city()}"))
    elif r == 4:
        s = (f"{_pick(rng, ('TEL', 'Tel', 'PHONE', 'FAX', 'Tel No.'))}{colon}"
             f"0{int(rng.integers(1, 9))}-{int(rng.integers(1000, 9999))} "
             f"{int(rng.integers(1000, 9999))}")
    elif r == 5:
        day, mon = int(rng.integers(1, 29)), int(rng.integers(1, 13))
        year = int(rng.integers(0, 30))
        date = _pick(rng, (f"{day:02d}/{mon:02d}/20{year:02d}",
                           f"{day:02d}-{mon:02d}-{year:02d}",
                           f"{day:02d}.{mon:02d}.20{year:02d}",
                           f"20{year:02d}-{mon:02d}-{day:02d}"))
        clock = f"{int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}"
        if rng.random() < 0.5:
            clock += f":{int(rng.integers(0, 60)):02d}"
        if rng.random() < 0.3:
            clock += _pick(rng, ("AM", "PM", " AM", " PM"))
        s = _pick(rng, (f"Date{colon}{date} Time{colon}{clock}", f"{date} {clock}",
                        f"{clock} {int(rng.integers(100000, 999999))} {date}",
                        f"DATE{colon}{date}"))
    elif r == 6:
        s = (f"{_pick(rng, ('INVOICE NO', 'Doc No.', 'RECEIPT #', 'Bill No', 'Inv No', 'TRANS'))}"
             f"{colon}{_pick(rng, ('CS', 'INV', 'T', '', '18311/103/T'))}"
             f"{int(rng.integers(100, 10**8))}")
    elif r in (7, 8):
        words = " ".join(w.upper() for w in fk.words(int(rng.integers(1, 4))))
        code = str(int(rng.integers(10**6, 10**13)))
        qty, unit = int(rng.integers(1, 10)), _money(rng)
        tail = _pick(rng, (" S", " SR", " *S", " Z", "", ""))
        units = ('ML', 'G', 'MM', 'PCS', 'KG')
        s = _pick(rng, (f"{words} {int(rng.integers(1, 999))}{_pick(rng, units)}",
                        f"{code} {qty} X {unit} {_money(rng)}{tail}",
                        f"{qty} {words} {cur}{_money(rng)}{tail}",
                        f"{int(rng.integers(100, 9999))} {words} {cur}{unit}{tail}",
                        f"{words}{tail}", f"{code} {qty} {unit}"))
    elif r in (9, 10):
        s = f"{_pick(rng, _LABELS)}{colon}{cur}{_money(rng)}"
    else:
        s = _pick(rng, _HEADS)
    if rng.random() < 0.6:
        s = s.upper()
    s = to_ascii(s)
    return fit(" ".join(s.split())) or "TOTAL"


_EXCHANGES = ("N", "O", "L", "PA", "DE", "AS", "TO", "OQ", "K", "HK")
_FORMS = ("Inc.", "Inc", "Corp.", "Corp", "Co.", "Co., Inc.", "PLC", "Ltd.", "N.V.", "S.A.",
          "AG", "SE", "LLC", "L.P.", "Group", "Holdings", "Pharma", "Therapeutics")
_HEADINGS = ("RATING (AS OF)", "PRICE* ({date})", "COMPANY (TICKER)", "EPS (CS adj.) (US$)",
             "ROIC (%)", "INDUSTRY COVERAGE: {word}", "YoY Change", "P/E (x)", "EV/EBITDA (x)",
             "Net debt (US$ m)", "FY{yy}E", "Q{q} {yyyy}", "Source: Company data, {firm}",
             "Price target (12m): US${money}", "Market cap. (US$ m): {money}",
             "{word} - BUY", "{word} - HOLD", "{word} -- SELL")
_ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "No.", "Mr.", "Dr.", "vs.", "approx.",
                  "Inc.", "Co.", "Fig.", "p.a.", "adj.)", "est.", "avg.")


def report_line(rng: np.random.Generator) -> str:
    """A line of a broker's report or a business table, as small print sets it tight: a
    company with its form and ticker (`Abbvie Inc. (ABBV.N)`), a rating and its date
    (`E (06/08/2016)`), a column heading (`RATING (AS OF)`), ranges and spaced dashes
    (`2018 - 2019`, `so -- this`), abbreviations with their points (`U.S.`). The marks a
    line model drops in such print (a point between capitals, the space before a
    parenthesis, a spaced hyphen, a colon) are in most lines. Text of the alphabet (the
    names of five locales may hold accents), set as typed: no typographic quotes."""
    fk = _seeded(rng, _pick(rng, ("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL")))
    day, mon, year = int(rng.integers(1, 29)), int(rng.integers(1, 13)), int(rng.integers(0, 30))
    date = _pick(rng, (f"{mon:02d}/{day:02d}/20{year:02d}", f"{mon:02d}/{day:02d}/{year:02d}",
                       f"{day:02d}.{mon:02d}.20{year:02d}"))
    ticker = "".join(chr(65 + int(rng.integers(26))) for _ in range(int(rng.integers(2, 5))))
    company = fk.last_name() if rng.random() < 0.5 else fk.company().split(",")[0].split(" ")[0]
    money = f"{float(np.exp(rng.uniform(0, 8))):,.2f}"
    words = [w.capitalize() if rng.random() < 0.3 else w for w in fk.words(int(rng.integers(2, 7)))]
    r = int(rng.integers(8))
    if r <= 1:
        s = f"{company} {_pick(rng, _FORMS)} ({ticker}.{_pick(rng, _EXCHANGES)})"
    elif r == 2:
        s = f"{_pick(rng, ('E', 'O', 'U', 'BUY', 'HOLD', 'Outperform', 'Neutral'))} ({date})"
    elif r == 3:
        s = _pick(rng, _HEADINGS).format(
            date=date, word=" ".join(words[:2]).title(), yy=f"{year:02d}",
            q=int(rng.integers(1, 5)), yyyy=f"20{year:02d}", firm=fk.company().split(",")[0],
            money=money)
    elif r == 4:
        a = int(rng.integers(1990, 2030))
        s = _pick(rng, (f"{a} - {a + 1}", f"pages {int(rng.integers(1, 20))} - "
                        f"{int(rng.integers(20, 40))} of this report",
                        f"{' '.join(words[:3])} -- {' '.join(words[3:]) or 'it'}",
                        f"Oct{day:02d}, {a} - Oct{day:02d}, {a + 1}, {date} = US${money}"))
    elif r == 5:
        k = int(rng.integers(0, len(words) + 1))
        s = " ".join(words[:k] + [_pick(rng, _ABBREVIATIONS)] + words[k:])
    elif r == 6:
        s = (f"{' '.join(words[:3]).capitalize()} ({_pick(rng, ('%', 'x', 'US$', 'm', 'bp'))})"
             f"{_pick(rng, ('', ':', ' :'))} {money}")
    else:
        s = f"{fk.first_name()} {fk.last_name()[0]}. {fk.last_name()}, CFA" if rng.random() < 0.5 \
            else f"{fk.first_name()}.{fk.last_name()}@{fk.domain_name()}".lower().replace(" ", "")
    return fit(" ".join(s.split())) or "Inc. (ABC.N)"


_SAID = ("I", "I", "I", "I", "I've", "I'm", "I'd", "I'll", "I,", "I.", "a", "A", "--", "--",
         "a lot", "A lot", "O.K.", "Mr.", "Mrs.", "Dr.")
_SPEAKERS = ("Q.", "A.", "Q", "A", "THE WITNESS:", "MR. SMITH:", "BY MS. JONES:")


def speech_line(rng: np.random.Generator) -> str:
    """A line of what people say, as a transcript, a deposition or a letter sets it:
    the pronoun `I` alone and in its contractions (`I've`, `I'm`), a lone `a` or `A`, a
    break of double hyphens (` -- `), quoted words, the line numbers and `Q.`/`A.` of a
    deposition. A line model that learned a table's vertical rule between words is no
    text drops a lone `I` (real depositions: `or not. I know` read `or not. know`)."""
    target = int(rng.integers(12, 70))
    count = max(3, target // 5 + 2)
    words = _words_of_corpus(rng, count) if rng.random() < 0.5 else []
    if not words:
        words = _words_of_lorem(rng, count)
    line, out = 0, []
    for w in words:
        if out and line + 1 + len(w) > target:
            break
        out.append(w)
        line += len(w) + 1
    for _ in range(int(rng.integers(1, 4))):
        out.insert(int(rng.integers(0, len(out) + 1)), _pick(rng, _SAID))
    if rng.random() < 0.2:
        k = int(rng.integers(0, len(out)))
        out[k] = f'"{out[k]}"' if rng.random() < 0.5 else f"'{out[k]}'"
    r = rng.random()
    if r < 0.3:
        out.insert(0, _pick(rng, _SPEAKERS))
    if r < 0.15 or 0.3 <= r < 0.5:
        out.insert(0, str(int(rng.integers(1, 26))))
    text = " ".join(out)
    return fit(typeset(rng, text) if rng.random() < 0.3 else text) or "I know"


# --------------------------------------------------------------------- font coverage

_MISSING = "\U000f0000"  # a private-use code point no text font draws


@lru_cache(maxsize=64)
def _notdef(path: str) -> bytes:
    from training.synth import _font

    mask = _font(path, 32).getmask(_MISSING)
    return bytes(mask) + bytes(str(mask.size), "ascii")


@lru_cache(maxsize=65536)
def has_glyph(path: str, ch: str) -> bool:
    """Whether the font draws ``ch`` (rather than its missing-glyph box)."""
    if ch.isspace() or ch.isascii():
        return True
    from training.synth import _font

    mask = _font(path, 32).getmask(ch)
    if mask.size[0] == 0 or mask.getbbox() is None:
        return False
    return bytes(mask) + bytes(str(mask.size), "ascii") != _notdef(path)


def covers(path: str, text: str) -> bool:
    return all(has_glyph(path, c) for c in set(text))
