"""Seeded synthetic printed text lines, with per-character ink boxes.

Randomness is *sampled* apart from being *applied* (the ocrodeg style):

* :func:`sample_line` draws every random choice from a numpy Generator into a
  :class:`LineSpec`, a frozen dataclass of plain values;
* :func:`render_line` turns a spec into pixels deterministically (the same spec gives
  identical pixels; the noise comes from the spec's own integer ``noise_seed``).

:func:`generate` is the in-process API used by training code; ``python -m
training.synth`` writes a directory of PNGs plus ``labels.tsv``, ``boxes.jsonl`` and
``specs.jsonl``.  Sample *i* of seed *S* depends only on ``(S, i)``, so a data set can
be made in parallel chunks and still be identical.

Character boxes are ``(char, x0, y0, x1, y1)`` with exclusive ``x1``/``y1``
(``image[y0:y1, x0:x1]`` holds the glyph), the bounds of pixels where the glyph's
anti-aliased coverage is at least :data:`INK_LEVEL`/255, in final image coordinates.
For rotated lines they are the axis-aligned bounds of the rotated box.  Spaces get
no box.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import io
import json
import math
import string
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from ocrtools.alphabet import ALPHABET
from ocrtools.alphabet import to_ascii as fold_ascii
from training import realtext
from training.fonts import FONT_PACKAGES, FontInfo, fonts_for, receipt_fonts

__all__ = [
    "CONDITIONS",
    "FONT_PACKAGES",
    "INK_LEVEL",
    "KINDS",
    "LineSpec",
    "RenderedLine",
    "Rule",
    "generate",
    "iban_is_valid",
    "render_line",
    "sample_line",
    "sample_text",
    "spec_from_dict",
]

KINDS = ("date", "word", "name", "iban", "code", "sentence")
#: kinds of real text (training.realtext): never drawn unless asked for
TEXT_KINDS = ("text", "address", "receipt", "report", "speech")
CONDITIONS = ("clean", "noisy", "hard", "scan")
PRINTABLE = "".join(c for c in string.printable if c == " " or not c.isspace())  # 95 chars
INK_LEVEL = 48  # glyph coverage (0..255) counted as ink for the character boxes

# --------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class Rule:
    """A straight line drawn over the text.

    Endpoints are fractions of the text's ink box before rotation (0,0 = top left of
    the ink, 1,1 = bottom right; values outside 0..1 reach past the ink).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    width: int
    colour: int


@dataclass(frozen=True)
class LineSpec:
    text: str
    kind: str
    condition: str
    font_path: str
    font_family: str
    font_style: str  # serif | sans | mono
    font_variant: str  # regular | bold | italic | bolditalic
    font_size: int  # pixels per em
    pad: tuple[int, int, int, int]  # left, top, right, bottom
    bg: int  # background grey 0..255
    fg: int  # text grey 0..255
    rules: tuple[Rule, ...] = ()
    noise_sigma: float = 0.0  # gaussian noise, grey levels
    sp_amount: float = 0.0  # fraction of pixels set to salt or pepper
    blur_radius: float = 0.0  # gaussian blur radius, pixels (0 = none)
    jpeg_quality: int = 0  # 0 = no JPEG round trip
    rotation: float = 0.0  # degrees, counter-clockwise
    threshold: int = 0  # 0 = grey output; else binarise: < threshold -> 0, else 255
    noise_seed: int = 0
    # training variety (issue 16; all off in the evaluation sets)
    morph: int = 0  # +1: ink spread by a pixel (a dark copy), -1: ink eroded
    texture: float = 0.0  # grey levels of a smooth, uneven background
    bleed: float = 0.0  # strength of the mirrored text showing through the paper
    warp: float = 0.0  # pixels of a smooth elastic distortion (ocrodeg)
    speckle: float = 0.0  # share of the area dotted with specks of ink
    # receipts (the receipt kind only)
    dots: int = 0  # a dot-matrix printer's dot pitch, pixels (0 = solid strokes)
    squeeze: float = 1.0  # width scale of the printed line (condensed print below 1)
    dropout: float = 0.0  # a worn thermal head: share of its dot columns and rows left white
    fade: float = 0.0  # ... and how much of the ink fades unevenly along the line (0-1)
    # letter and word spacing (training data only, see :func:`spaced`)
    tracking: float = 0.0  # ems added to every character's advance (below 0: tight)
    word_space: float = 1.0  # a space's advance, times the font's

    @property
    def contrast(self) -> int:
        """Grey-level difference between background and text."""
        return self.bg - self.fg


def spec_from_dict(d: dict) -> LineSpec:
    """Inverse of ``dataclasses.asdict(spec)`` (e.g. after a JSON round trip)."""
    d = dict(d)
    d["pad"] = tuple(d["pad"])
    d["rules"] = tuple(Rule(**r) for r in d.get("rules", ()))
    return LineSpec(**d)


@dataclass
class RenderedLine:
    image: np.ndarray  # 2-D uint8 grey
    text: str
    char_boxes: list[tuple[str, int, int, int, int]]
    spec: LineSpec = field(repr=False)


# --------------------------------------------------------------------- text sources


def iban_is_valid(iban: str) -> bool:
    """ISO 13616 check: move the first 4 chars to the end, letters -> 10..35, mod 97 == 1."""
    s = iban.replace(" ", "").upper()
    if len(s) < 5 or not s.isalnum() or not s.isascii() or not s[:2].isalpha():
        return False
    if not s[2:4].isdigit():
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


# Date formats: tokens {Y} {y} {m} {mm} {d} {dd} {B} {b}.  DATE_FORMATS_STRPTIME gives the
# datetime.strptime pattern for each (strptime accepts unpadded numbers).
DATE_FORMATS = (
    "{Y}-{mm}-{dd}", "{dd}/{mm}/{Y}", "{mm}/{dd}/{Y}", "{d}.{m}.{Y}", "{dd}.{mm}.{Y}",
    "{B} {d}, {Y}", "{dd} {b} {Y}", "{mm}/{dd}/{y}", "{dd}/{mm}/{y}", "{d} {B} {Y}",
    "{Y}/{mm}/{dd}", "{b}. {d}, {Y}", "{dd}-{mm}-{Y}", "{d}/{m}/{Y}", "{m}/{d}/{Y}",
    "{b} {d}, {Y}", "{d}-{b}-{Y}", "{dd}-{b}-{y}", "{d}. {B} {Y}", "{dd}.{mm}.{y}",
    "{Y}.{mm}.{dd}", "{B} {dd}, {Y}", "{d} {b}. {Y}",
)
_STRP = {"{Y}": "%Y", "{y}": "%y", "{mm}": "%m", "{m}": "%m", "{dd}": "%d", "{d}": "%d",
         "{B}": "%B", "{b}": "%b"}


def _to_strptime(fmt: str) -> str:
    for k, v in _STRP.items():
        fmt = fmt.replace(k, v)
    return fmt


DATE_FORMATS_STRPTIME = tuple(_to_strptime(f) for f in DATE_FORMATS)
_DATE_LO = dt.date(1900, 1, 1).toordinal()
_DATE_HI = dt.date(2099, 12, 31).toordinal()


def sample_date(rng: np.random.Generator) -> tuple[str, dt.date, str]:
    """A random calendar date 1900-2099 as text; returns (text, date, strptime pattern)."""
    day = dt.date.fromordinal(int(rng.integers(_DATE_LO, _DATE_HI + 1)))
    i = int(rng.integers(len(DATE_FORMATS)))
    fmt = DATE_FORMATS[i]
    month_b = calendar.month_abbr[day.month]
    if month_b == calendar.month_name[day.month]:  # "May." looks wrong
        fmt = fmt.replace("{b}.", "{b}")
    text = fmt.format(Y=f"{day.year:04d}", y=f"{day.year % 100:02d}", m=str(day.month),
                      mm=f"{day.month:02d}", d=str(day.day), dd=f"{day.day:02d}",
                      B=calendar.month_name[day.month], b=month_b)
    if ("{b}" in fmt or "{B}" in fmt) and rng.random() < 0.15:
        text = text.upper()
    return text, day, _to_strptime(fmt)


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    path = Path("/usr/share/dict/american-english")
    if not path.exists():
        path = Path("/usr/share/dict/words")
    if not path.exists():
        raise RuntimeError("no word list: apt-get install wamerican")
    out = {w.strip().lower() for w in path.read_text(encoding="utf-8", errors="replace").split()}
    return tuple(sorted(w for w in out if w.isascii() and w.isalpha()))


_FAKER_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL")
_IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "it_IT", "es_ES", "nl_NL", "pl_PL")


# Faker draws its dates (date(), year(), month_name(), ...) between 1970 and "now": with
# the real now, a data set made on another day held other dates (a seeded set must not
# depend on the day it is made)
FAKER_NOW = dt.datetime(2025, 1, 1)


@cache
def _faker(locale: str):
    try:
        from faker import Faker
        from faker.providers.date_time import Provider
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("training.synth needs faker: pip install 'ocrtools[train]'") from exc
    if hasattr(Provider, "_parse_end_datetime") and not getattr(Provider, "_ocrtools_now", False):
        parse = Provider._parse_end_datetime.__func__

        def fixed(cls, value):  # type: ignore[no-untyped-def]
            return parse(cls, FAKER_NOW if value is None else value)

        Provider._parse_end_datetime = classmethod(fixed)
        Provider._ocrtools_now = True
    return Faker(locale)


def _seeded_faker(rng: np.random.Generator, locale: str):
    fk = _faker(locale)
    fk.seed_instance(int(rng.integers(2**31)))
    return fk


def to_ascii(s: str) -> str:
    """Transliterate/strip to printable ASCII and collapse whitespace."""
    return " ".join(fold_ascii(s).split())


def _case(rng: np.random.Generator, s: str) -> str:
    r = rng.random()
    if r < 0.5:
        return s.lower()
    if r < 0.8:
        return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))
    return s.upper()


_TITLES = ("Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Mrs", "Ms", "Dr", "Herr", "Frau",
           "M.", "Mme", "Sig.", "Sr.", "Sra.")


def _name(rng: np.random.Generator) -> str:
    fk = _seeded_faker(rng, _FAKER_LOCALES[int(rng.integers(len(_FAKER_LOCALES)))])
    first, last = to_ascii(fk.first_name()), to_ascii(fk.last_name())
    r = rng.random()
    if r < 0.30:
        s = to_ascii(fk.name())  # may carry the locale's own prefixes/suffixes
    elif r < 0.45:
        s = f"{first} {last}"
    elif r < 0.55:
        s = f"{first[:1]}. {last}"
    elif r < 0.65:
        s = f"{first} {string.ascii_uppercase[int(rng.integers(26))]}. {last}"
    elif r < 0.75:
        s = f"{last}, {first}"
    elif r < 0.85:
        s = f"{_TITLES[int(rng.integers(len(_TITLES)))]} {first} {last}"
    elif r < 0.92:
        s = f"{last.upper()}, {first}"
    else:
        s = f"{_TITLES[int(rng.integers(len(_TITLES)))]} {first[:1]}. {last}"
    return s or "John Smith"


def _iban(rng: np.random.Generator) -> str:
    for _ in range(10):
        fk = _seeded_faker(rng, _IBAN_LOCALES[int(rng.integers(len(_IBAN_LOCALES)))])
        s = fk.iban().replace(" ", "").upper()
        if iban_is_valid(s):
            break
    else:  # pragma: no cover - faker gives valid IBANs
        raise RuntimeError("faker produced no valid IBAN")
    if rng.random() < 0.5:
        s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


_CODE_CHARS = np.array(list(string.ascii_uppercase + string.digits))


def _code(rng: np.random.Generator) -> str:
    return "".join(rng.choice(_CODE_CHARS, 16))


def _num(rng: np.random.Generator) -> str:
    return str(int(rng.integers(0, 10 ** int(rng.integers(1, 5)))))


def _word(rng: np.random.Generator) -> str:
    words = _words()
    return words[int(rng.integers(len(words)))]


# Token makers for mixed text; together they use every printable ASCII character.
_TOKENS = (
    lambda r: _num(r),
    lambda r: f"{_num(r)}.{int(r.integers(10, 100))}",
    lambda r: f"{int(r.integers(1, 100))},{int(r.integers(100, 1000))}",
    lambda r: f"-{_num(r)}",
    lambda r: f"+{_num(r)}",
    lambda r: f"{int(r.integers(0, 101))}%",
    lambda r: f"${int(r.integers(0, 1000))}.{int(r.integers(0, 100)):02d}",
    lambda r: f"#{_num(r)}",
    lambda r: f"({_word(r)})",
    lambda r: f"[{_num(r)}]",
    lambda r: f"{{{_word(r)[:6]}}}",
    lambda r: f"<{_word(r)[:5]}>",
    lambda r: f'"{_word(r)}"',
    lambda r: f"'{_word(r)}'",
    lambda r: f"`{_word(r)[:6]}`",
    lambda r: f"{_word(r)[:8]}@{_word(r)[:6]}.com",
    lambda r: f"{_word(r)[:6]}/{_word(r)[:6]}",
    lambda r: f"{_word(r)[:6]}_{_word(r)[:6]}",
    lambda r: f"{_word(r)[:5]}|{_word(r)[:5]}",
    lambda r: f"~{_word(r)[:6]}",
    lambda r: f"{_num(r)}^{int(r.integers(2, 10))}",
    lambda r: f"{_word(r)[:6]} & {_word(r)[:6]}",
    lambda r: f"{_word(r)}?",
    lambda r: f"{_word(r)}!",
    lambda r: f"x={_num(r)}+{_num(r)}",
    lambda r: f"{_num(r)}*{_num(r)}",
    lambda r: f"{_word(r)};",
    lambda r: f"{_word(r)}:",
    lambda r: f"{_num(r)}:{int(r.integers(0, 60)):02d}",
    lambda r: f"{_word(r)}\\{_word(r)[:5]}",
    lambda r: "".join(r.choice(np.array(list(PRINTABLE[1:])), int(r.integers(1, 6)))),
    lambda r: _word(r).upper(),
    lambda r: _word(r).capitalize(),
    lambda r: "".join(r.choice(_CODE_CHARS, int(r.integers(2, 7)))),
)


def _fit(s: str, lo: int, hi: int, more) -> str:
    s = " ".join(s.split())
    while len(s) < lo:
        s = f"{s} {more()}".strip()
    if len(s) > hi:
        cut = s.rfind(" ", lo, hi + 1)
        s = s[:cut] if cut >= lo else s[:hi]
    return s.strip() if len(s.strip()) >= lo else s[:hi]


def _sentence(rng: np.random.Generator) -> str:
    lo, hi = 20, 60
    target = int(rng.integers(lo, hi + 1))
    mode = rng.random()
    tok = lambda: _TOKENS[int(rng.integers(len(_TOKENS)))](rng)  # noqa: E731
    if mode < 0.8:
        fk = _seeded_faker(rng, "en_US")
        words = to_ascii(" ".join(fk.sentence(nb_words=12) for _ in range(2))).split()
        n_ins = int(rng.integers(0, 3)) if mode < 0.45 else int(rng.integers(2, 6))
        for _ in range(n_ins):
            words.insert(int(rng.integers(0, len(words) + 1)), tok())
        s = _fit(" ".join(words)[: target + 12], lo, target, tok)
    else:
        s = _fit(" ".join(tok() for _ in range(12)), lo, target, tok)
    s = " ".join(s.split())
    return s if len(s) >= lo else _fit(s, lo, hi, tok)


def sample_text(rng: np.random.Generator, kind: str) -> str:
    """Random text of one kind: printable ASCII, single spaces, no tabs/newlines."""
    if kind == "date":
        text = sample_date(rng)[0]
    elif kind == "word":
        text = _case(rng, " ".join(_word(rng) for _ in range(int(rng.integers(1, 4)))))
    elif kind == "name":
        text = _name(rng)
    elif kind == "iban":
        text = _iban(rng)
    elif kind == "code":
        text = _code(rng)
    elif kind == "sentence":
        text = _sentence(rng)
    elif kind == "text":
        text = realtext.text_line(rng)
    elif kind == "address":
        text = realtext.address_line(rng)
    elif kind == "receipt":
        text = realtext.receipt_line(rng)
    elif kind == "report":
        text = realtext.report_line(rng)
    elif kind == "speech":
        text = realtext.speech_line(rng)
    else:
        raise ValueError(f"unknown kind {kind!r}; expected one of {KINDS + TEXT_KINDS}")
    text = " ".join(text.split())
    alphabet = PRINTABLE if kind in KINDS else ALPHABET
    assert text and all(c in alphabet for c in text), text
    return text


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=512)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    # BASIC layout: same result with or without libraqm, and faster.
    return ImageFont.truetype(path, size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=256)
def _ratios(path: str) -> tuple[float, float]:
    """(cap height, x-height) of a font as fractions of its em size."""
    f = _font(path, 200)
    _, top_h, _, bot_h = f.getbbox("H", anchor="ls")
    _, top_x, _, bot_x = f.getbbox("x", anchor="ls")
    return (bot_h - top_h) / 200.0, (bot_x - top_x) / 200.0


_VARIANT_WEIGHT = {"regular": 0.5, "bold": 0.2, "italic": 0.2, "bolditalic": 0.1}


def _pick_font(rng: np.random.Generator, fonts: Sequence[FontInfo]) -> FontInfo:
    """Uniform over families, then over the family's variants (regular favoured)."""
    fams = sorted({f.family for f in fonts})
    fam = fams[int(rng.integers(len(fams)))]
    cands = [f for f in fonts if f.family == fam]
    w = np.array([_VARIANT_WEIGHT.get(f.variant, 0.1) for f in cands])
    return cands[int(rng.choice(len(cands), p=w / w.sum()))]


# ------------------------------------------------------------------------ sampling


def _u(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi))


def _i(rng: np.random.Generator, lo: int, hi: int) -> int:
    """Integer in [lo, hi] inclusive."""
    return int(rng.integers(lo, hi + 1))


def _sample_rules(rng, text: str, font: ImageFont.FreeTypeFont, cap: float, fg: int, bg: int):
    width_px = max(font.getlength(text), 1.0)
    height_px = max(cap * 1.3, 1.0)  # approximate ink box height
    rules = []
    for _ in range(_i(rng, 1, 3)):
        length = _u(rng, width_px / max(len(text), 1), width_px)
        r = rng.random()
        if r < 0.5:
            angle = _u(rng, -8, 8)  # underline / strike-through like
        elif r < 0.8:
            angle = _u(rng, -45, 45)
        else:
            angle = _u(rng, -90, 90)
        cu, cv = _u(rng, 0.05, 0.95), _u(rng, 0.2, 0.8)
        dx = 0.5 * length * math.cos(math.radians(angle)) / width_px
        dy = 0.5 * length * math.sin(math.radians(angle)) / height_px
        colour = int(np.clip(fg + _i(rng, -25, 30), 0, max(bg - 20, 0)))
        rules.append(Rule(round(cu - dx, 4), round(cv - dy, 4), round(cu + dx, 4),
                          round(cv + dy, 4), _i(rng, 1, 3), colour))
    return tuple(rules)


def sample_line(rng: np.random.Generator, kind: str, condition: str,
                fonts: Sequence[FontInfo]) -> LineSpec:
    """Draw all random choices for one line into a LineSpec."""
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}; expected one of {CONDITIONS}")
    if not fonts:
        raise ValueError("no fonts given")
    if kind == "receipt":  # printer faces (training split) and the split's monos
        fonts = receipt_fonts("train" if fonts[0].split == "train" else "heldout")
    text = sample_text(rng, kind)
    fi = _pick_font(rng, fonts)
    if not text.isascii():  # a font that has every glyph (ASCII: every font has)
        for _ in range(12):
            if realtext.covers(fi.path, text):
                break
            fi = _pick_font(rng, fonts)
        else:
            text = "".join(c if realtext.has_glyph(fi.path, c) else fold_ascii(c) for c in text)
            text = " ".join(text.split()) or "x"
    cap_r, x_r = _ratios(fi.path)
    if condition == "scan":
        size = max(6, round(_u(rng, 10, 30) / x_r))
    else:
        size = max(6, round(_u(rng, 14, 48) / cap_r))
    pad = (_i(rng, 2, 20), _i(rng, 2, 20), _i(rng, 2, 20), _i(rng, 2, 20))
    kw: dict = {}
    if condition == "clean":
        bg = 255 if rng.random() < 0.7 else _i(rng, 235, 255)
        fg = _i(rng, 0, 50)
    elif condition in ("noisy", "hard"):
        bg = _i(rng, 150, 235)
        fg = _i(rng, 0, 100) if condition == "noisy" else bg - _i(rng, 40, 90)
        kw["rules"] = _sample_rules(rng, text, _font(fi.path, size), cap_r * size, fg, bg)
        kw["noise_sigma"] = round(_u(rng, 5, 25), 3)
        kw["sp_amount"] = round(_u(rng, 0, 0.02), 5)
        kw["blur_radius"] = round(_u(rng, 0, 1.0), 3)
        kw["jpeg_quality"] = _i(rng, 30, 90)
        if condition == "hard":
            kw["rotation"] = round(_u(rng, -3, 3), 3)
    else:  # scan
        bg = _i(rng, 225, 255)
        fg = _i(rng, 0, 60)
        if rng.random() < 0.3:
            kw["rotation"] = round(_u(rng, -0.7, 0.7), 3)
        if rng.random() < 0.5:  # scanner b/w mode: threshold nearer the paper keeps thin strokes
            kw["blur_radius"] = round(_u(rng, 0.3, 0.7), 3)
            kw["noise_sigma"] = round(_u(rng, 2, 8), 3)
            kw["threshold"] = int(round(fg + (bg - fg) * _u(rng, 0.5, 0.75)))
        else:
            kw["blur_radius"] = round(_u(rng, 0.3, 1.0), 3)
            kw["noise_sigma"] = round(_u(rng, 1, 6), 3)
    kw["noise_seed"] = int(rng.integers(2**31))
    if kind == "receipt":  # drawn last: the other kinds' draws are as they were
        if rng.random() < 0.4:
            kw["dots"] = max(2, round(size * _u(rng, 0.05, 0.09)))
        if rng.random() < 0.3:
            kw["squeeze"] = round(_u(rng, 0.55, 0.9), 3)
        if rng.random() < 0.4:  # faded thermal print
            fg = min(bg - 40, fg + _i(rng, 30, 110))
    return LineSpec(text=text, kind=kind, condition=condition, font_path=fi.path,
                    font_family=fi.family, font_style=fi.style, font_variant=fi.variant,
                    font_size=int(size), pad=pad, bg=int(bg), fg=int(fg), **kw)


# ----------------------------------------------------------------------- rendering


_INK_LUT = [0] * INK_LEVEL + [255] * (256 - INK_LEVEL)


def _glyph(font: ImageFont.FreeTypeFont, ch: str, x: float):
    """Coverage mask of one glyph at pen position (x, 0) on the baseline.

    Returns (mask image, left, top, ink box (x0, y0, x1, y1) in the same coordinates,
    or None when the glyph has no ink).
    """
    ix = math.floor(x)
    core, (ox, oy) = font.getmask2(ch, mode="L", anchor="ls", start=(x - ix, 0.0))
    mask = Image.Image()._new(core)
    left, top = ix + ox, oy
    # core-level point(): Image.point() would re-round the 256-entry table on every call
    bb = core.point(_INK_LUT, None).getbbox() or core.getbbox()
    if bb is None:
        return mask, left, top, None
    return mask, left, top, (left + bb[0], top + bb[1], left + bb[2], top + bb[3])


@lru_cache(maxsize=65536)
def _length(path: str, size: int, s: str) -> float:
    return _font(path, size).getlength(s)


def _spec_pens(spec: LineSpec) -> list[float]:
    """Pen x of each character of the spec's text, its letter and word spacing
    (:func:`spaced`) applied."""
    pens = _pen_positions(spec.font_path, spec.font_size, spec.text)
    if not spec.tracking and spec.word_space == 1.0:
        return pens
    step = spec.tracking * spec.font_size
    extra = (spec.word_space - 1.0) * _length(spec.font_path, spec.font_size, " ")
    out, shift = [], 0.0
    for k, x in enumerate(pens):
        out.append(x + shift)
        shift += step + (extra if spec.text[k] == " " else 0.0)
    return out


def _pen_positions(path: str, size: int, text: str) -> list[float]:
    """Pen x of each character: sum of advances plus pair kerning (= getlength(prefix))."""
    xs = [0.0]
    for i in range(1, len(text)):
        prev, ch = text[i - 1], text[i]
        # advance of prev, corrected by the kerning between prev and ch
        xs.append(xs[-1] + _length(path, size, prev + ch) - _length(path, size, ch))
    return xs


@lru_cache(maxsize=2048)
def _band(path: str, size: int) -> tuple[int, int]:
    """Vertical extent (top, bottom) of ascenders+descenders relative to the baseline."""
    _, top, _, bottom = _font(path, size).getbbox("Hdgjpqy|", anchor="ls")
    return top, bottom


def _layout(spec: LineSpec):
    """Coverage image (L, 0 = paper, 255 = ink), char boxes, text ink box; before effects."""
    font = _font(spec.font_path, spec.font_size)
    text = spec.text
    glyphs = []  # (char, mask, left, top, box)
    for ch, x in zip(text, _spec_pens(spec), strict=True):
        if ch == " ":
            continue
        mask, left, top, box = _glyph(font, ch, x)
        if box is None:  # no ink at all (should not happen for printable ASCII)
            box = (left, top, left + max(mask.size[0], 1), top + max(mask.size[1], 1))
        glyphs.append((ch, mask, left, top, box))
    if not glyphs:
        raise ValueError(f"nothing to draw in {text!r}")
    band_top, band_bottom = _band(spec.font_path, spec.font_size)
    ink_x0 = min(g[4][0] for g in glyphs)
    ink_x1 = max(g[4][2] for g in glyphs)
    ink_y0 = min(g[4][1] for g in glyphs)
    ink_y1 = max(g[4][3] for g in glyphs)
    top = min(band_top, ink_y0)
    bottom = max(band_bottom, ink_y1)
    pl, pt, pr, pb = spec.pad
    width = ink_x1 - ink_x0 + pl + pr
    height = bottom - top + pt + pb
    dx, dy = pl - ink_x0, pt - top  # text coordinates -> canvas coordinates
    cov = Image.new("L", (width, height), 0)
    boxes = []
    for ch, mask, left, gtop, box in glyphs:
        x, y = left + dx, gtop + dy
        w, h = mask.size
        if w and h:
            # max-composite, as FreeType text rendering does where glyphs overlap
            where = (x, y, x + w, y + h)
            cov.paste(ImageChops.lighter(cov.crop(where), mask), where)
        boxes.append((ch, box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy))
    ink_box = (ink_x0 + dx, ink_y0 + dy, ink_x1 + dx, ink_y1 + dy)
    return cov, boxes, ink_box


def _rotate(img: Image.Image, angle: float, fill: int, boxes):
    """Rotate counter-clockwise by angle degrees, expanding the canvas; map the boxes."""
    w, h = img.size
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    cx, cy = w / 2.0, h / 2.0

    def fwd(x, y):  # y axis points down, so a visual CCW turn is this matrix
        return (c * (x - cx) + s * (y - cy), -s * (x - cx) + c * (y - cy))

    corners = [fwd(x, y) for x, y in ((0, 0), (w, 0), (0, h), (w, h))]
    minx = min(p[0] for p in corners)
    miny = min(p[1] for p in corners)
    nw = math.ceil(max(p[0] for p in corners) - minx)
    nh = math.ceil(max(p[1] for p in corners) - miny)
    # inverse: output (u, v) -> input (x, y)
    ux, uy = minx, miny
    data = (c, -s, cx + c * ux - s * uy, s, c, cy + s * ux + c * uy)
    out = img.transform((nw, nh), Image.Transform.AFFINE, data,
                        resample=Image.Resampling.BILINEAR, fillcolor=fill)
    new_boxes = []
    for ch, x0, y0, x1, y1 in boxes:
        pts = [fwd(x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
        bx0 = max(0, math.floor(min(p[0] for p in pts) - minx))
        by0 = max(0, math.floor(min(p[1] for p in pts) - miny))
        bx1 = min(nw, math.ceil(max(p[0] for p in pts) - minx))
        by1 = min(nh, math.ceil(max(p[1] for p in pts) - miny))
        new_boxes.append((ch, bx0, by0, bx1, by1))
    return out, new_boxes


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], cell: float) -> np.ndarray:
    """A smooth random field in [-1, 1] of ``shape`` (rows, cols), features ~cell px."""
    h, w = shape
    gh, gw = max(2, int(h / cell) + 2), max(2, int(w / cell) + 2)
    grid = Image.fromarray(rng.uniform(0, 255, (gh, gw)).astype(np.uint8))
    field = np.asarray(grid.resize((w, h), Image.Resampling.BICUBIC), dtype=np.float32)
    return field / 127.5 - 1.0


def _paper(img: Image.Image, cov: Image.Image, spec: LineSpec) -> Image.Image:
    """Uneven paper, text showing through from the back, specks of ink."""
    rng = np.random.default_rng(spec.noise_seed + 1)
    arr = np.asarray(img, dtype=np.float32).copy()
    h, w = arr.shape
    contrast = float(spec.bg - spec.fg)
    if spec.bleed:  # the mirror image of the line, blurred, faint
        back = np.asarray(cov.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
                          .filter(ImageFilter.GaussianBlur(1.5)), dtype=np.float32) / 255.0
        back = np.roll(back, int(rng.integers(-h // 3, h // 3 + 1)), axis=0)
        arr -= spec.bleed * contrast * back
    if spec.texture:
        arr += spec.texture * _smooth_field(rng, (h, w), float(rng.uniform(8, 60)))
    if spec.speckle:
        n = int(spec.speckle * h * w / 4)
        ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
        size = rng.integers(1, 3, n)
        for y, x, k in zip(ys, xs, size, strict=True):
            arr[y : y + k, x : x + k] = spec.fg
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8))


def _warp(img: Image.Image, amount: float, seed: int, fill: int) -> Image.Image:
    """ocrodeg's elastic distortion: a smooth displacement field of ``amount`` pixels."""
    from scipy.ndimage import map_coordinates

    rng = np.random.default_rng(seed + 2)
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    cell = float(rng.uniform(6, 20))
    dy = amount * _smooth_field(rng, (h, w), cell)
    dx = amount * _smooth_field(rng, (h, w), cell)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    out = map_coordinates(arr, [yy + dy, xx + dx], order=1, mode="constant", cval=fill)
    return Image.fromarray(np.clip(out + 0.5, 0, 255).astype(np.uint8))


def render_line(spec: LineSpec) -> RenderedLine:
    """Render a spec deterministically: the same spec gives identical pixels."""
    cov, boxes, (ix0, iy0, ix1, iy1) = _layout(spec)
    if spec.dots:
        cov = _dot_matrix(cov, spec.dots)
    if spec.dropout or spec.fade:
        cov = _worn_head(cov, spec)
    bg, fg = spec.bg, spec.fg
    img = Image.new("L", cov.size, bg)
    img.paste(fg, (0, 0, *cov.size), cov)  # bg * (1 - coverage) + fg * coverage
    if spec.bleed or spec.texture or spec.speckle:
        img = _paper(img, cov, spec)
    if spec.rules:
        draw = ImageDraw.Draw(img)
        iw, ih = ix1 - ix0, iy1 - iy0
        for r in spec.rules:
            draw.line([(ix0 + r.x0 * iw, iy0 + r.y0 * ih), (ix0 + r.x1 * iw, iy0 + r.y1 * ih)],
                      fill=r.colour, width=r.width)
    if spec.rotation:
        img, boxes = _rotate(img, spec.rotation, bg, boxes)
    if spec.warp:
        img = _warp(img, spec.warp, spec.noise_seed, bg)
    if spec.morph:
        img = img.filter(ImageFilter.MinFilter(3) if spec.morph > 0 else ImageFilter.MaxFilter(3))
    if spec.blur_radius > 0.05:
        img = img.filter(ImageFilter.GaussianBlur(spec.blur_radius))
    arr = np.asarray(img)
    if spec.noise_sigma > 0 or spec.sp_amount > 0:
        nrng = np.random.default_rng(spec.noise_seed)
        out = arr.astype(np.float32)
        if spec.noise_sigma > 0:
            out += nrng.standard_normal(arr.shape, dtype=np.float32) * np.float32(spec.noise_sigma)
        np.clip(out, 0, 255, out=out)
        arr = (out + 0.5).astype(np.uint8)
        if spec.sp_amount > 0:  # about sp_amount of the pixels, half pepper, half salt
            flat = arr.reshape(-1)
            k = int(nrng.binomial(flat.size, min(spec.sp_amount, 1.0)))
            idx = nrng.integers(0, flat.size, k)
            flat[idx] = np.where(nrng.random(k) < 0.5, 0, 255).astype(np.uint8)
    if spec.threshold:
        arr = np.where(arr < spec.threshold, 0, 255).astype(np.uint8)
    if spec.jpeg_quality:
        buf = io.BytesIO()
        Image.fromarray(arr, "L").save(buf, format="JPEG", quality=int(spec.jpeg_quality))
        buf.seek(0)
        arr = np.asarray(Image.open(buf).convert("L"))
    if spec.squeeze != 1.0:  # condensed print: the line drawn narrower
        h, w = arr.shape
        narrow = max(1, round(w * spec.squeeze))
        arr = np.asarray(Image.fromarray(arr).resize((narrow, h), Image.Resampling.BILINEAR))
        boxes = [(c, round(x * spec.squeeze), y, max(1, round(bw * spec.squeeze)), bh)
                 for c, x, y, bw, bh in boxes]
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    return RenderedLine(image=arr, text=spec.text, char_boxes=boxes, spec=spec)


def _dot_matrix(cov: Image.Image, pitch: int) -> Image.Image:
    """The glyphs as a dot-matrix printer makes them: the coverage sampled on a grid of
    ``pitch`` pixels, a round dot printed where it is inked."""
    arr = np.asarray(cov)
    h, w = arr.shape
    grid = np.asarray(cov.resize((max(1, w // pitch), max(1, h // pitch)),
                                 Image.Resampling.BOX)) >= 40
    yy, xx = np.mgrid[0:pitch, 0:pitch] + 0.5 - pitch / 2.0
    dot = ((yy**2 + xx**2) <= (0.55 * pitch) ** 2).astype(np.uint8) * 255
    out = np.zeros((h, w), dtype=np.uint8)
    tiled = np.kron(grid.astype(np.uint8), dot)
    out[: tiled.shape[0], : tiled.shape[1]] = tiled[:h, :w]
    return Image.fromarray(out).filter(ImageFilter.GaussianBlur(0.4))


def _worn_head(cov: Image.Image, spec: LineSpec) -> Image.Image:
    """The glyphs as a worn thermal head prints them: the head's dead elements leave
    thin white lines along the paper (down through every letter at the same places), a
    skipped step of the paper a thin white line across the row, and the ink fades
    unevenly (real receipts: `LOT` printed with a gap through the `L`, read `(0T`)."""
    rng = np.random.default_rng(spec.noise_seed + 3)
    arr = np.asarray(cov, dtype=np.float32).copy()
    h, w = arr.shape
    pitch = max(1.0, spec.font_size * 0.07)  # the head's dot pitch, about a stroke's half
    gap = max(1, round(pitch * 0.6))
    for lines, share in ((arr.T, spec.dropout), (arr, spec.dropout / 2)):  # (views)
        size = lines.shape[0]
        starts = np.arange(0.0, size, pitch)[rng.random(int(np.ceil(size / pitch))) < share]
        for s in starts.astype(int):
            lines[s : s + gap] = 0
    if spec.fade:
        arr *= 1.0 - spec.fade * (0.5 + 0.5 * _smooth_field(rng, (h, w), float(rng.uniform(4, 30))))
    return Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8))


# ----------------------------------------------------------------------- generation


def _kinds(kinds: Iterable[str] | str | None) -> tuple[str, ...]:
    if kinds is None:
        return KINDS
    if isinstance(kinds, str):
        kinds = [k for k in kinds.split(",") if k]
    kinds = tuple(kinds)
    for k in kinds:
        if k not in KINDS + TEXT_KINDS:
            raise ValueError(f"unknown kind {k!r}; expected some of {KINDS + TEXT_KINDS}")
    if not kinds:
        raise ValueError("no kinds given")
    return kinds


def vary(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """More of what real lines do to a spec (training data only, issue 16): tight
    crops, a harder hard condition (lower contrast, more noise, up to four rules, more
    blur), scans at 8-40 px x-height with ink spread or eroded, specks and text showing
    through, uneven paper, elastic distortion. Draws after :func:`sample_line`'s, so
    the evaluation sets (made without it) stay as they were."""
    changes: dict = {}
    cond = spec.condition
    if rng.random() < 0.3:  # cut tight to the ink (or nearly)
        changes["pad"] = tuple(_i(rng, 0, 2) for _ in range(4))
    if cond == "hard" and rng.random() < 0.6:
        bg = _i(rng, 120, 235)
        fg = bg - _i(rng, 25, 90)
        font = _font(spec.font_path, spec.font_size)
        cap = _ratios(spec.font_path)[0] * spec.font_size
        rules = _sample_rules(rng, spec.text, font, cap, fg, bg)
        if rng.random() < 0.35:
            rules = rules + _sample_rules(rng, spec.text, font, cap, fg, bg)[:1]
        changes.update(bg=bg, fg=fg, rules=rules, noise_sigma=round(_u(rng, 8, 40), 3),
                       blur_radius=round(_u(rng, 0.3, 1.5), 3),
                       sp_amount=round(_u(rng, 0, 0.03), 5))
    if cond == "scan":
        x_r = _ratios(spec.font_path)[1]
        if rng.random() < 0.5:
            changes["font_size"] = max(6, round(_u(rng, 8, 40) / x_r))
        x_height = changes.get("font_size", spec.font_size) * x_r
        if rng.random() < 0.3:
            changes["morph"] = 1 if rng.random() < 0.5 or x_height < 14 else -1
        if rng.random() < 0.3:
            changes["speckle"] = round(_u(rng, 0.001, 0.01), 5)
        if rng.random() < 0.2:
            changes["bleed"] = round(_u(rng, 0.1, 0.35), 3)
    if not spec.threshold and rng.random() < 0.25:
        contrast = changes.get("bg", spec.bg) - changes.get("fg", spec.fg)
        changes["texture"] = round(_u(rng, 4, max(5.0, min(40.0, 0.4 * contrast))), 2)
    if rng.random() < 0.2:
        changes["warp"] = round(_u(rng, 0.3, 1.2), 3)
    return replace(spec, **changes) if changes else spec


def sample_index(seed: int, index: int, condition: str, fonts: Sequence[FontInfo],
                 kinds: Sequence[str], variety: bool = False, small: float = 0.0,
                 cells: float = 0.0, inner: float = 0.0, thermal: float = 0.0,
                 spacing: float = 0.0) -> LineSpec:
    """The spec of sample ``index`` of a data set; depends only on (seed, index, args).
    ``small``: the share of lines set small (see :func:`smaller`); ``cells``: the share
    of lines cut from a ruled table (see :func:`cell_rules`); ``inner``: the share of
    lines with rules between their words too (see :func:`inner_rules`); ``thermal``:
    the share printed by a worn thermal head (see :func:`worn_thermal`); ``spacing``:
    the share set with other letter and word spacing (see :func:`spaced`)."""
    rng = np.random.default_rng([int(seed), int(index)])
    kind = kinds[int(rng.integers(len(kinds)))]
    cond = condition if condition != "mixed" else CONDITIONS[int(rng.integers(len(CONDITIONS)))]
    spec = sample_line(rng, kind, cond, fonts)
    spec = vary(rng, spec) if variety else spec
    if small and spec.condition in ("clean", "scan") and rng.random() < small:
        spec = smaller(rng, spec)
    if cells and spec.condition != "hard" and rng.random() < cells:
        spec = cell_rules(rng, spec)
    if inner and spec.condition != "hard" and " " in spec.text and rng.random() < inner:
        spec = inner_rules(rng, spec)
    if thermal and spec.condition != "hard" and rng.random() < thermal:
        spec = worn_thermal(rng, spec)
    if spacing and rng.random() < spacing:
        spec = spaced(rng, spec)
    return spec


def spaced(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """The line set with other letter spacing (tracking: -0.06 to +0.10 em added to
    every advance, tight more often than loose) and word spacing (a space 0.5 to 1.3
    times the font's), as typeset reports, tables and PDFs are: a tight table's `E
    (06/08/2016)` has a space narrower than the model saw in training, and its
    `(ABBV.N)` a point squeezed between capitals. A space stays wider than a letter
    gap: at least 0.12 em, and 0.1 em more than the tracking. Drawn after everything
    else, so data made without it stays as it was; a line with rules between its
    words (:func:`inner_rules`, placed by the font's own spacing) keeps that spacing."""
    if any(0.0 < r.x0 < 1.0 for r in spec.rules if r.x0 == r.x1):
        return spec
    tracking = _u(rng, -0.06, 0.0) if rng.random() < 0.6 else _u(rng, 0.0, 0.10)
    word_space = _u(rng, 0.5, 1.3)
    space = _length(spec.font_path, spec.font_size, " ") / max(spec.font_size, 1)
    floor = max(0.12, tracking + 0.1)
    if space * word_space + tracking < floor:
        word_space = (floor - tracking) / max(space, 1e-3)
    return replace(spec, tracking=round(tracking, 4), word_space=round(word_space, 3))


def worn_thermal(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """The line printed by a worn thermal head (see :func:`_worn_head`): 2-12% of its
    dot columns dead, half as many rows skipped, the ink faded by up to 60% in places,
    solid strokes (a dot-matrix line keeps its dots). Drawn after everything else, so
    data made without it stays as it was."""
    return replace(spec, dots=0, dropout=round(_u(rng, 0.02, 0.12), 4),
                   fade=round(_u(rng, 0.0, 0.6), 3) if rng.random() < 0.6 else 0.0)


def inner_rules(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """The line as a row of a ruled table cut whole from a page: a vertical rule (1-3 px,
    the height of the image) in one or two of its word gaps, which are no text (a tight
    crop of a table's row keeps the rules between its cells; read as `1`, `T` or `|`).
    Drawn after everything else, so data made without it stays as it was."""
    font = _font(spec.font_path, spec.font_size)
    pens = _spec_pens(spec)
    width_px = max(pens[-1] + font.getlength(spec.text[-1]), 1.0)
    gaps = [k for k, ch in enumerate(spec.text) if ch == " " and 0 < k < len(spec.text) - 1]
    if not gaps:
        return spec
    rules = list(spec.rules)
    for k in rng.choice(gaps, size=min(len(gaps), _i(rng, 1, 2)), replace=False).tolist():
        middle = pens[k] + 0.5 * font.getlength(" ")
        colour = int(np.clip(spec.fg + _i(rng, -10, 40), 0, max(spec.bg - 30, 0)))
        x = round(middle / width_px, 4)
        rules.append(Rule(x, -3.0, x, 4.0, _i(rng, 1, 3), colour))
    return replace(spec, rules=tuple(rules))


def cell_rules(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """The line as a table's cell cut from a page: a vertical rule (1-3 px, the height
    of the image) beside its first or last letter or both, 0.1-1.2 x-heights away, with
    0-3 px of paper outside it. The rules are no text: the model learns to read past
    them (a rule read as `1`, `l` or `|` was the commonest error of tight real crops).
    Drawn after everything else, so data made without it stays as it was."""
    font = _font(spec.font_path, spec.font_size)
    x_height = _ratios(spec.font_path)[1] * spec.font_size
    width_px = max(font.getlength(spec.text), 1.0)
    pad = list(spec.pad)
    rules = list(spec.rules)
    r = rng.random()
    sides = (0,) if r < 0.4 else (1,) if r < 0.8 else (0, 1)
    for side in sides:
        gap = _u(rng, 0.1, 1.2) * x_height
        thick = _i(rng, 1, 3)
        colour = int(np.clip(spec.fg + _i(rng, -10, 40), 0, max(spec.bg - 30, 0)))
        x = -gap / width_px if side == 0 else 1.0 + gap / width_px
        rules.append(Rule(round(x, 4), -3.0, round(x, 4), 4.0, thick, colour))
        pad[0 if side == 0 else 2] = int(math.ceil(gap + thick)) + _i(rng, 0, 3)
    return replace(spec, rules=tuple(rules), pad=tuple(pad))


def smaller(rng: np.random.Generator, spec: LineSpec) -> LineSpec:
    """The line set small: an x-height of 5-10 px, as a screen's 10-13 px text or a
    page scanned at 150-200 dpi has, where narrow letters (i, l, f, t) are a pixel or
    two wide; its blur at most half a pixel, its strokes neither spread nor eroded (at
    this size those leave nothing legible). Clean and scanned lines only (the noise
    and rules of the other conditions are sized for larger text). Drawn after
    everything else, so data made without it stays as it was."""
    x_r = _ratios(spec.font_path)[1]
    return replace(spec, font_size=max(6, round(_u(rng, 5, 10) / x_r)),
                   pad=tuple(_i(rng, 1, 8) for _ in range(4)), morph=0, warp=0.0,
                   blur_radius=min(spec.blur_radius, 0.5))


def generate(n: int, seed: int, condition: str = "clean", font_split: str = "train",
             kinds: Iterable[str] | str | None = None, start: int = 0,
             variety: bool = False, small: float = 0.0, cells: float = 0.0,
             inner: float = 0.0, thermal: float = 0.0,
             spacing: float = 0.0) -> Iterator[RenderedLine]:
    """Yield ``n`` rendered lines (samples ``start .. start+n-1`` of this seed).

    ``condition`` is one of :data:`CONDITIONS` or ``"mixed"`` (a random one per line);
    ``font_split`` is ``"train"`` or ``"heldout"``; ``kinds`` defaults to the field
    kinds (:data:`KINDS`; repeat a kind to draw it more often); ``variety`` adds
    :func:`vary`'s degradations (training data).
    """
    if condition not in CONDITIONS and condition != "mixed":
        raise ValueError(f"unknown condition {condition!r}; expected one of "
                         f"{CONDITIONS + ('mixed',)}")
    ks = _kinds(kinds)
    fonts = fonts_for(font_split)
    for i in range(start, start + n):
        yield render_line(sample_index(seed, i, condition, fonts, ks, variety, small, cells,
                                       inner, thermal, spacing))


# ----------------------------------------------------------------------------- CLI


def _write_chunk(out: str, seed: int, condition: str, font_split: str, kinds, start: int,
                 n: int, variety: bool = False) -> list[tuple[str, str, str]]:
    rows = []
    lines = generate(n, seed, condition, font_split, kinds, start=start, variety=variety)
    for k, line in enumerate(lines):
        name = f"{start + k:06d}.png"
        Image.fromarray(line.image, "L").save(Path(out) / name, compress_level=6)
        s = line.spec
        label = "\t".join([name, line.text, s.kind, f"{s.font_family}:{s.font_variant}",
                           s.condition])
        boxes = json.dumps({"name": name, "char_boxes": [list(b) for b in line.char_boxes]})
        rows.append((label, boxes, json.dumps({"name": name, "spec": asdict(s)})))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.synth",
                                description="Write seeded synthetic text-line images.")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--n", type=int, required=True, help="number of lines")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--condition", default="clean", choices=CONDITIONS + ("mixed",))
    p.add_argument("--fonts", default="train", choices=("train", "heldout"))
    p.add_argument("--kinds", default=",".join(KINDS), help="comma-separated, some of "
                   + ",".join(KINDS + TEXT_KINDS))
    p.add_argument("--variety", action="store_true",
                   help="the training data's extra degradations (training.synth.vary)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes (joblib)")
    a = p.parse_args(argv)
    try:
        kinds = _kinds(a.kinds)
        fonts_for(a.fonts)
    except (ValueError, RuntimeError) as exc:
        print(f"training.synth: {exc}", file=sys.stderr)
        return 2
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    chunk = 250
    starts = list(range(0, a.n, chunk))
    args = [(str(out), a.seed, a.condition, a.fonts, kinds, s, min(chunk, a.n - s), a.variety)
            for s in starts]
    if a.jobs > 1 and len(starts) > 1:
        from joblib import Parallel, delayed

        # by reference to the importable module, not to __main__ under `python -m`
        from training.synth import _write_chunk as write_chunk

        parts = Parallel(n_jobs=a.jobs)(delayed(write_chunk)(*x) for x in args)
    else:
        parts = [_write_chunk(*x) for x in args]
    rows = [r for part in parts for r in part]
    with open(out / "labels.tsv", "w", encoding="utf-8") as f:
        f.write("name\ttext\tkind\tfont\tcondition\n")
        f.writelines(r[0] + "\n" for r in rows)
    with open(out / "boxes.jsonl", "w", encoding="utf-8") as f:
        f.writelines(r[1] + "\n" for r in rows)
    with open(out / "specs.jsonl", "w", encoding="utf-8") as f:
        f.writelines(r[2] + "\n" for r in rows)
    print(f"training.synth: wrote {len(rows)} lines to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
