"""Seeded synthetic pages with line ground truth, for evaluating whole-page reading.

Randomness is *sampled* apart from being *applied* (STYLE point 8, as ``training.synth``):

* :func:`sample_page` draws every random choice of page ``k`` of seed ``S`` from
  ``numpy.random.default_rng([S, k])`` into a :class:`PageSpec` -- plain JSON values:
  page size, colours, fonts, regions with their blocks and texts, the geometric
  transform, the degradations and an integer seed for the pixel noise;
* :func:`render_page` turns a spec into pixels and GT lines deterministically (the same
  spec gives identical pixels): it lays the blocks out with the fonts' metrics (word
  wrap, columns, tables), draws them with PIL, applies the transform and degradations.

Kinds (``PageSpec.kind``):

* ``scan``: white or off-white paper at 150-300 dpi, 1-3 columns, title, headings,
  paragraphs, bullet lists, a table, a figure (halftone or continuous-tone noise photo,
  optionally captioned), page number; skew up to +-5 deg (one page in ten +-5..10 deg);
  blur, noise, speckle, JPEG, some binarised (bitonal); most saved grey.
* ``screen``: a screenshot: 10-14 px anti-aliased sans text (x2 on HiDPI screens),
  coloured background, a top bar, a sidebar, panels (cards), one of them dark with light
  text beside light ones; no geometric change, JPEG now and then.
* ``receipt``: narrow and tall, monospace (mostly) font, faded uneven print, centred
  header lines, rows of left text and right-aligned price, dashed rules; small skew.
* ``photo``: a 1-2 column document rendered clean, then put on a table top with a mild
  perspective warp, lit unevenly (gradient and vignette), slightly blurred, JPEG.

Ground truth conventions (the same as ``real-dev/pages/*.gt.txt``):

* a GT line is what a reader calls one printed line: a wrapped line of a paragraph, a
  heading line, a list item line (its printed bullet or number included, one space after
  it), a table row (its cells joined left to right by one space), a receipt row (left
  text and right price joined by one space), a row of menu items in a top bar;
* not transcribed: figures, table rules, dashed separators, panel borders;
* reading order: regions in order -- running header, title, body, footer (page number)
  for documents; top bar, sidebar, then the main columns for screens -- and inside a
  region columns left to right, each top to bottom;
* ``NAME.gt.txt`` holds the lines in that order, one per line, with a final newline.

Files per page: ``NAME.png``, ``NAME.json`` = ``{"name", "params" (the spec), "size"
[w, h], "lines": [{"text", "box" [x, y, w, h], "polygon" [[x, y] x 4], "block",
"order"}]}`` and ``NAME.gt.txt``.  Boxes are in final page pixels: the line's ink box
(from the font metrics of the drawn words) mapped through the skew or perspective,
``polygon`` its four corners, ``box`` their bounding box clipped to the image.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from training.fonts import FontInfo, fonts_for
from training.synth import PRINTABLE, _font, _seeded_faker, _words, to_ascii

__all__ = [
    "KINDS",
    "PageSpec",
    "RenderedPage",
    "fit_alphabet",
    "generate_page",
    "render_page",
    "sample_page",
    "write_page",
]

KINDS = ("scan", "screen", "receipt", "photo")
RGB = tuple[int, int, int]

# ------------------------------------------------------------------------------- specs


@dataclass(frozen=True)
class PageSpec:
    """Everything random about one page; rendering it is deterministic.

    ``regions`` are dicts in reading order: ``{"name", "box": [x0, y0, x1, y1],
    "columns", "gutter", "pad", "fill", "border", "ink", "blocks": [...]}``; a block is
    a dict with a ``type`` (heading, paragraph, list, table, row, figure, rule, space).
    ``transform`` is ``{"type": "none"}``, ``{"type": "rotate", "angle"}`` or
    ``{"type": "perspective", "corners", "canvas", "background", "texture"}``;
    ``effects`` holds the degradations (0 = off) and ``noise_seed``.
    """

    name: str
    kind: str
    seed: int
    index: int
    font_split: str
    alphabet: str
    width: int  # canvas before the transform, pixels
    height: int  # 0 = as tall as the content (receipts)
    dpi: int
    paper: RGB
    regions: tuple[dict, ...]
    transform: dict
    effects: dict
    mode: str = "RGB"  # L | RGB: mode of the saved image


def spec_from_dict(d: dict) -> PageSpec:
    """Inverse of ``dataclasses.asdict(spec)`` after a JSON round trip."""
    d = dict(d)
    d["paper"] = tuple(d["paper"])
    d["regions"] = tuple(d["regions"])
    return PageSpec(**d)


@dataclass
class RenderedPage:
    image: Image.Image
    lines: list[dict]  # {"text", "box", "polygon", "block", "order"}
    spec: PageSpec = field(repr=False)

    @property
    def gt_text(self) -> str:
        return "".join(line["text"] + "\n" for line in self.lines)


# ------------------------------------------------------------------------ text sources


def fit_alphabet(text: str, alphabet: str) -> str:
    """Keep the characters of ``alphabet``; others become their ASCII base letter when
    that is in the alphabet (é -> e), else are dropped; runs of spaces collapse."""
    out = []
    allowed = set(alphabet)
    for ch in text:
        if ch in allowed:
            out.append(ch)
            continue
        base = to_ascii(ch) if not ch.isspace() else " "
        out.append("".join(c for c in base if c in allowed) if base != " " else " ")
    return " ".join("".join(out).split())


def _i(rng: np.random.Generator, lo: int, hi: int) -> int:
    """Integer in [lo, hi]."""
    return int(rng.integers(lo, hi + 1))


def _u(rng: np.random.Generator, lo: float, hi: float) -> float:
    return round(float(rng.uniform(lo, hi)), 4)


def _pick(rng: np.random.Generator, seq: Sequence[Any]) -> Any:
    return seq[int(rng.integers(len(seq)))]


def _word(rng: np.random.Generator) -> str:
    words = _words()
    return words[int(rng.integers(len(words)))]


def _num(rng: np.random.Generator) -> str:
    return str(int(rng.integers(0, 10 ** _i(rng, 1, 4))))


def _price(rng: np.random.Generator, hi: int = 500) -> str:
    return f"{int(rng.integers(0, hi))}.{int(rng.integers(0, 100)):02d}"


# Inserted into running text: numbers, amounts, dates, brackets, quotes, ...
_INLINE = (
    lambda r: _num(r),
    lambda r: f"{int(r.integers(1, 100))},{int(r.integers(100, 1000))}",
    lambda r: f"{int(r.integers(0, 101))}%",
    lambda r: f"${_price(r)}",
    lambda r: f"({_word(r)})",
    lambda r: f"({int(r.integers(1900, 2030))})",
    lambda r: f'"{_word(r)}"',
    lambda r: f"{_word(r)}-{_word(r)}",
    lambda r: f"{_word(r)[:6]}/{_word(r)[:6]}",
    lambda r: f"{int(r.integers(1, 13))}/{int(r.integers(1, 29))}/{int(r.integers(1990, 2030))}",
    lambda r: f"{_word(r)}:",
    lambda r: f"{_word(r)};",
    lambda r: f"{_word(r)}?",
    lambda r: f"No. {_num(r)}",
    lambda r: f"{_word(r)[:8]}@{_word(r)[:6]}.com",
    lambda r: _word(r).upper(),
)


class _Text:
    """Text of one page: faker sentences (seeded from the page's rng) plus tokens."""

    def __init__(self, rng: np.random.Generator, alphabet: str, locale: str = "en_US"):
        self.rng, self.alphabet = rng, alphabet
        self.fk = _seeded_faker(rng, locale)

    def fit(self, s: str, fallback: str = "text") -> str:
        return fit_alphabet(s, self.alphabet) or fit_alphabet(fallback, self.alphabet) or "x"

    def sentence(self, lo: int = 6, hi: int = 16) -> str:
        rng = self.rng
        words = self.fk.sentence(nb_words=_i(rng, lo, hi), variable_nb_words=False).split()
        for _ in range(_i(rng, 0, 2) if rng.random() < 0.5 else 0):
            words.insert(_i(rng, 1, len(words)), _INLINE[int(rng.integers(len(_INLINE)))](rng))
        if len(words) > 5 and rng.random() < 0.4:
            k = _i(rng, 1, len(words) - 3)
            words[k] = words[k].rstrip(".,;:") + ","
        if rng.random() < 0.5 and len(words) > 1:  # proper nouns
            k = _i(rng, 1, len(words) - 1)
            words[k] = self.fk.last_name() if rng.random() < 0.6 else self.fk.city()
        s = " ".join(words)
        return self.fit(s[0].upper() + s[1:])

    def paragraph(self, lo: int = 2, hi: int = 6) -> str:
        return " ".join(self.sentence() for _ in range(_i(self.rng, lo, hi)))

    def title(self, lo: int = 2, hi: int = 8) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.4:
            s = self.fk.catch_phrase()
        elif r < 0.7:
            s = self.fk.sentence(nb_words=_i(rng, lo, hi)).rstrip(".")
        else:
            s = f"{self.fk.bs()} in {self.fk.city()}"
        s = " ".join(w[:1].upper() + w[1:] if len(w) > 3 else w for w in s.split())
        return self.fit(s, "Introduction")

    def short(self, lo: int = 1, hi: int = 3) -> str:
        s = " ".join(self.fk.word() for _ in range(_i(self.rng, lo, hi)))
        return self.fit(s.capitalize(), "Item")


# ------------------------------------------------------------------------------- fonts


def _families(fonts: Sequence[FontInfo], styles: Sequence[str] | None = None) -> list[str]:
    return sorted({f.family for f in fonts if styles is None or f.style in styles})


def _variant(fonts: Sequence[FontInfo], family: str, variant: str) -> str:
    """Path of a family's variant, or of its regular face when it lacks that variant."""
    cands = [f for f in fonts if f.family == family]
    for f in cands:
        if f.variant == variant:
            return f.path
    for f in cands:
        if f.variant == "regular":
            return f.path
    return cands[0].path


def _fontspec(path: str, size: float) -> dict:
    return {"path": path, "size": max(6, int(round(size)))}


# ----------------------------------------------------------------------------- colours


def _grey(v: int) -> list[int]:
    return [int(v)] * 3


def _tint(rng: np.random.Generator, lo: int, hi: int, spread: int = 12) -> list[int]:
    base = _i(rng, lo, hi)
    return [int(np.clip(base + _i(rng, -spread, spread), 0, 255)) for _ in range(3)]


def _luma(c: Sequence[int]) -> float:
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]


# ---------------------------------------------------------------------------- sampling


def _sample_table(rng: np.random.Generator, tx: _Text, n_cols: int, font: dict,
                  bold: dict, leading: float) -> dict:
    kinds = ["word"] + [_pick(rng, ("word", "int", "price", "percent", "date", "name", "code"))
                        for _ in range(n_cols - 1)]
    header = [tx.fit(_word(rng).capitalize()) for _ in range(n_cols)]
    rows = []
    for _ in range(_i(rng, 3, 9)):
        row = []
        for kind in kinds:
            if kind == "word":
                cell = tx.short(1, 2)
            elif kind == "int":
                cell = f"{int(rng.integers(0, 100000)):,}" if rng.random() < 0.5 else _num(rng)
            elif kind == "price":
                cell = ("$" if rng.random() < 0.3 else "") + _price(rng, 10000)
            elif kind == "percent":
                cell = f"{rng.uniform(-30, 100):.1f}%"
            elif kind == "date":
                cell = f"{_i(rng, 1, 12):02d}/{_i(rng, 1, 28):02d}/{_i(rng, 1990, 2029)}"
            elif kind == "name":
                cell = tx.fk.last_name()
            else:
                cell = "".join(_pick(rng, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(5))
            row.append(tx.fit(cell, "0"))
        rows.append(row)
    return {"type": "table", "header": header, "rows": rows, "font": font, "bold": bold,
            "leading": leading, "align": ["left"] + [
                "left" if k in ("word", "name", "code") else "right" for k in kinds[1:]],
            "rules": _pick(rng, ("none", "booktabs", "booktabs", "grid")),
            "stretch": bool(rng.random() < 0.6)}


def _sample_document(rng: np.random.Generator, tx: _Text, fonts: Sequence[FontInfo],
                     width: int, height: int, dpi: int, max_columns: int,
                     ink: list[int]) -> list[dict]:
    """Regions of a printed document page (scan and photo kinds)."""
    pt = dpi / 72.0
    styles = ("serif", "sans") if rng.random() < 0.9 else ("mono",)
    family = _pick(rng, _families(fonts, styles))
    head_family = family if rng.random() < 0.6 else _pick(rng, _families(fonts, ("sans",)))
    regular = _variant(fonts, family, "regular")
    italic = _variant(fonts, family, "italic")
    bold_body = _variant(fonts, family, "bold")
    bold = _variant(fonts, head_family, "bold")
    r = rng.random()
    columns = 1 if r < 0.45 else 2 if r < 0.85 or max_columns < 3 else 3
    columns = min(columns, max_columns)
    body_pt = _u(rng, 9, 12) if columns < 3 else _u(rng, 8, 10)
    body = _fontspec(regular, body_pt * pt)
    leading = round(_u(rng, 1.15, 1.45) * body["size"], 2)
    ml, mr = (round(_u(rng, 0.55, 1.1) * dpi) for _ in range(2))
    mt, mb = (round(_u(rng, 0.5, 1.0) * dpi) for _ in range(2))
    gutter = round(_u(rng, 0.2, 0.4) * dpi)
    regions = []
    y = mt
    if rng.random() < 0.4:  # running header
        size = _fontspec(_variant(fonts, family, "italic" if rng.random() < 0.5 else "regular"),
                         _u(rng, 7, 9) * pt)
        text = tx.fit(f"{tx.fk.company()} {_pick(rng, ('Report', 'Review', 'Journal', 'Notes'))}"
                      f" {_i(rng, 1990, 2029)}")
        h = round(size["size"] * 2.2)
        regions.append({"name": "running-header", "box": [ml, y, width - mr, y + h],
                        "columns": 1, "gutter": 0, "pad": 0, "ink": ink, "blocks": [
                            {"type": "paragraph", "text": text, "font": size,
                             "leading": size["size"] * 1.3,
                             "align": _pick(rng, ("left", "center", "right"))},
                            {"type": "rule", "style": "solid", "width": max(1, round(pt / 2)),
                             "pad": round(size["size"] * 0.4)}
                            if rng.random() < 0.5 else {"type": "space", "height": 0}]})
        y += h
    # title block, full width
    title_font = _fontspec(bold, _u(rng, 15, 24) * pt)
    title_blocks: list[dict] = [{"type": "heading", "text": tx.title(3, 10), "font": title_font,
                                 "leading": title_font["size"] * 1.2,
                                 "align": "center" if rng.random() < 0.4 else "left"}]
    if rng.random() < 0.6:
        sub = _fontspec(italic if rng.random() < 0.5 else regular, body["size"] * 1.1)
        title_blocks.append({"type": "paragraph", "font": sub, "leading": sub["size"] * 1.3,
                             "align": title_blocks[0]["align"],
                             "text": tx.fit(f"{tx.fk.name()}, {tx.fk.company()}, "
                                            f"{tx.fk.month_name()} {_i(rng, 1, 28)}, "
                                            f"{_i(rng, 1990, 2029)}")})
    title_h = round(title_font["size"] * 1.2 * 2 + body["size"] * 2.5
                    + (title_font["size"] if len(title_blocks) > 1 else 0))
    regions.append({"name": "title", "box": [ml, y, width - mr, y + title_h], "columns": 1,
                    "gutter": 0, "pad": 0, "ink": ink, "blocks": title_blocks})
    y += title_h + round(body["size"])
    # footer: page number
    foot_font = _fontspec(regular, body["size"] * 0.9)
    foot_h = round(foot_font["size"] * 2)
    page_no = int(rng.integers(1, 400))
    foot_text = _pick(rng, (str(page_no), f"- {page_no} -", f"Page {page_no}",
                            f"{page_no} of {page_no + _i(rng, 0, 50)}"))
    foot_y = height - mb + round(foot_font["size"])
    body_bottom = foot_y - round(body["size"] * 1.5)
    # body blocks: enough to fill the columns (what does not fit is dropped at render)
    col_w = (width - ml - mr - gutter * (columns - 1)) / columns
    capacity = columns * (body_bottom - y) / leading  # lines
    chars_per_line = col_w / (0.5 * body["size"])
    blocks: list[dict] = []
    used, tables, figures = 0.0, 0, 0
    n_heading = 0
    while used < capacity * 1.15:
        r = rng.random()
        if r < 0.14 and blocks and blocks[-1]["type"] != "heading":
            n_heading += 1
            hsize = _u(rng, 1.15, 1.6) * body["size"]
            numbered = rng.random() < 0.4
            text = tx.title(2, 6)
            if numbered:
                sub = "." if rng.random() < 0.5 else f".{_i(rng, 1, 5)}"
                text = f"{n_heading}{sub} {text}"
            blocks.append({"type": "heading", "text": tx.fit(text), "font": _fontspec(bold, hsize),
                           "leading": round(hsize * 1.25, 2), "align": "left"})
            used += 2.5
        elif r < 0.26:
            bullet = _pick(rng, ("-", "*", "1.", "a)", "o"))
            items = [tx.sentence(3, 12) for _ in range(_i(rng, 2, 6))]
            blocks.append({"type": "list", "bullet": bullet, "items": items, "font": body,
                           "leading": leading, "indent": round(_u(rng, 1.2, 2.2) * body["size"])})
            used += sum(len(t) / chars_per_line + 1 for t in items) + 1
        elif r < 0.36 and tables < 2:
            tables += 1
            n_cols = _i(rng, 3, 6) if columns == 1 else _i(rng, 2, 3)
            tfont = _fontspec(regular, body["size"] * _u(rng, 0.85, 1.0))
            bold_cells = _fontspec(bold_body, tfont["size"])
            blocks.append(_sample_table(rng, tx, n_cols, tfont, bold_cells,
                                        round(tfont["size"] * _u(rng, 1.3, 1.7), 2)))
            used += len(blocks[-1]["rows"]) * 1.5 + 3
        elif r < 0.45 and figures < 2:
            figures += 1
            frac = _u(rng, 0.12, 0.3)
            cap = None
            if rng.random() < 0.7:
                cap = {"type": "paragraph", "font": _fontspec(italic if rng.random() < 0.5
                                                              else regular, body["size"] * 0.9),
                       "leading": round(body["size"] * 1.15, 2),
                       "align": _pick(rng, ("left", "center")),
                       "text": tx.fit(f"{_pick(rng, ('Figure', 'Fig.', 'Exhibit'))} "
                                      f"{figures}: {tx.sentence(4, 12)}")}
            blocks.append({"type": "figure", "height_frac": frac,
                           "width_frac": _u(rng, 0.6, 1.0),
                           "style": _pick(rng, ("halftone", "halftone", "photo")),
                           "cells": _i(rng, 4, 14), "seed": int(rng.integers(2**31)),
                           "caption": cap})
            used += frac * (body_bottom - y) / leading + 3
        else:
            text = tx.paragraph()
            blocks.append({"type": "paragraph", "text": text, "font": body, "leading": leading,
                           "align": "left", "justify": bool(rng.random() < 0.5),
                           "indent": round(body["size"] * _u(rng, 0, 2.5))
                           if rng.random() < 0.5 else 0})
            used += len(text) / chars_per_line + 1
        blocks.append({"type": "space", "height": round(leading * _u(rng, 0.4, 1.0), 1)})
    regions.append({"name": "body", "box": [ml, y, width - mr, body_bottom], "columns": columns,
                    "gutter": gutter, "pad": 0, "ink": ink, "blocks": blocks})
    regions.append({"name": "footer", "box": [ml, foot_y, width - mr, foot_y + foot_h],
                    "columns": 1, "gutter": 0, "pad": 0, "ink": ink, "blocks": [
                        {"type": "paragraph", "text": tx.fit(foot_text), "font": foot_font,
                         "leading": foot_font["size"] * 1.3,
                         "align": _pick(rng, ("center", "center", "right"))}]})
    return regions


def _sample_scan(rng, tx, fonts, name, seed, index, split, alphabet,
                 a4_300: bool = False) -> PageSpec:
    dpi = _pick(rng, (150, 200, 200, 240, 300, 300))
    letter = rng.random() < 0.4
    if a4_300:  # the benchmark's page: A4 at 300 dpi (2480 x 3508), 1-2 columns
        dpi, letter = 300, False
    wi, hi = (8.5, 11.0) if letter else (8.27, 11.69)
    width, height = round(wi * dpi), round(hi * dpi)
    if a4_300:
        width, height = round(210 / 25.4 * dpi), round(297 / 25.4 * dpi)  # 2480 x 3508
    paper = _grey(255) if rng.random() < 0.5 else [_i(rng, 232, 252), _i(rng, 230, 250),
                                                    _i(rng, 222, 245)]
    ink = _grey(_i(rng, 0, 60))
    regions = _sample_document(rng, tx, fonts, width, height, dpi, 2 if a4_300 else 3, ink)
    r = rng.random()
    angle = _u(rng, -0.5, 0.5) if r < 0.3 else _u(rng, -5, 5) if r < 0.9 else \
        float(_pick(rng, (-1, 1))) * _u(rng, 5, 10)
    bitonal = rng.random() < 0.25
    effects = {
        "blur": _u(rng, 0.2, 1.0) * dpi / 300,
        "noise": _u(rng, 0, 4) if bitonal else _u(rng, 0, 10),
        "speckle": _u(rng, 0, 4e-5) if rng.random() < 0.5 else 0.0,
        "threshold": _i(rng, 110, 170) if bitonal else 0,
        "jpeg": 0 if bitonal or rng.random() < 0.6 else _i(rng, 45, 92),
        "noise_seed": int(rng.integers(2**31)),
    }
    transform = {"type": "rotate", "angle": angle}
    if a4_300:  # keep 2480 x 3508: a small skew about the centre, corners cut
        transform = {"type": "rotate", "angle": round(max(-1.0, min(1.0, angle)), 4),
                     "keep_size": True}
    return PageSpec(name, "scan", seed, index, split, alphabet, width, height, dpi,
                    tuple(paper), tuple(regions), transform, effects,
                    "L" if bitonal or rng.random() < 0.85 else "RGB")


def _sample_photo(rng, tx, fonts, name, seed, index, split, alphabet) -> PageSpec:
    dpi = _i(rng, 120, 170)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    paper = [_i(rng, 225, 252), _i(rng, 222, 250), _i(rng, 210, 245)]
    ink = _grey(_i(rng, 10, 60))
    regions = _sample_document(rng, tx, fonts, width, height, dpi, 2, ink)
    mx, my = round(width * _u(rng, 0.03, 0.1)), round(height * _u(rng, 0.03, 0.08))
    canvas = [width + 2 * mx, height + 2 * my]
    jit = 0.045 * width
    corners = [[mx + _u(rng, -jit, jit) + dx * width, my + _u(rng, -jit, jit) + dy * height]
               for dx, dy in ((0, 0), (1, 0), (1, 1), (0, 1))]
    background = [_i(rng, 40, 170), _i(rng, 35, 150), _i(rng, 30, 130)]
    effects = {
        "gradient": _u(rng, 0.1, 0.45), "gradient_angle": _u(rng, 0, 360),
        "vignette": _u(rng, 0.0, 0.4), "cast": [_u(rng, 0.92, 1.0), _u(rng, 0.9, 1.0),
                                                 _u(rng, 0.82, 0.98)],
        "blur": _u(rng, 0.4, 1.3), "noise": _u(rng, 1, 6), "speckle": 0.0, "threshold": 0,
        "jpeg": _i(rng, 55, 90), "noise_seed": int(rng.integers(2**31)),
    }
    transform = {"type": "perspective", "corners": corners, "canvas": canvas,
                 "background": background, "texture": _u(rng, 4, 18)}
    return PageSpec(name, "photo", seed, index, split, alphabet, width, height, dpi,
                    tuple(paper), tuple(regions), transform, effects, "RGB")


def _sample_screen(rng, tx, fonts, name, seed, index, split, alphabet) -> PageSpec:
    s = 2 if rng.random() < 0.3 else 1  # HiDPI scale
    width, height = _i(rng, 1024, 1680) * s, _i(rng, 680, 1050) * s
    sans = _families(fonts, ("sans",))
    family = _pick(rng, sans)
    regular, bold = _variant(fonts, family, "regular"), _variant(fonts, family, "bold")
    size = _i(rng, 10, 14) * s
    body = _fontspec(regular, size)
    leading = round(size * _u(rng, 1.3, 1.6), 2)
    bg = _tint(rng, 232, 250, 8)
    light_ink = _grey(_i(rng, 225, 250))
    dark_ink = _grey(_i(rng, 20, 70))
    brand = [_i(rng, 20, 200), _i(rng, 20, 200), _i(rng, 40, 220)]
    bar_ink = light_ink if _luma(brand) < 140 else dark_ink
    bar_h = _i(rng, 36, 52) * s
    regions: list[dict] = []
    menu = [tx.fit(tx.fk.company().split()[0], "App")] + [
        tx.short(1, 2) for _ in range(_i(rng, 3, 6))]
    regions.append({"name": "topbar", "box": [0, 0, width, bar_h], "columns": 1, "gutter": 0,
                    "pad": round(size * 1.2), "fill": brand, "ink": bar_ink, "valign": True,
                    "blocks": [{"type": "row", "cells": menu, "layout": "flow",
                                "gap": _i(rng, 18, 40) * s, "font": _fontspec(bold, size * 1.1),
                                "leading": round(size * 1.4, 2)}]})
    side_w = _i(rng, 160, 240) * s
    side_dark = rng.random() < 0.35
    side_fill = _tint(rng, 30, 60, 10) if side_dark else _tint(rng, 215, 238, 6)
    nav = [tx.short(1, 2) for _ in range(_i(rng, 5, 14))]
    regions.append({"name": "sidebar", "box": [0, bar_h, side_w, height], "columns": 1,
                    "gutter": 0, "pad": round(size * 1.3), "fill": side_fill,
                    "ink": light_ink if side_dark else dark_ink, "blocks": [
                        {"type": "list", "bullet": "", "items": nav, "font": body,
                         "leading": round(size * _u(rng, 2.0, 2.8), 2), "indent": 0}]})
    # main area: 1-3 columns of panels; one panel dark with light text
    n_cols = _i(rng, 1, 3) if width >= 1200 * s else _i(rng, 1, 2)
    gap = _i(rng, 12, 24) * s
    x0, y0 = side_w + gap, bar_h + gap
    col_w = (width - x0 - gap * n_cols) / n_cols
    cells = []
    for c in range(n_cols):
        n_panels = _i(rng, 1, 3)
        fracs = 0.5 / n_panels + 0.5 * rng.dirichlet(np.ones(n_panels) * 3.0)
        y = y0
        for k in range(n_panels):
            h = fracs[k] * (height - y0 - gap * n_panels)
            cells.append((c, [round(x0 + c * (col_w + gap)), round(y),
                              round(x0 + c * (col_w + gap) + col_w), round(y + h)]))
            y += h + gap
    dark_k = int(rng.integers(len(cells)))
    panel_fill_light = _tint(rng, 248, 255, 3)
    for k, (_, box) in enumerate(cells):
        dark = k == dark_k
        fill = _tint(rng, 22, 55, 8) if dark else panel_fill_light
        ink = light_ink if dark else dark_ink
        blocks: list[dict] = [{"type": "heading", "text": tx.title(1, 4),
                               "font": _fontspec(bold, size * _u(rng, 1.2, 1.6)),
                               "leading": round(size * 2.0, 2), "align": "left"}]
        lines_room = (box[3] - box[1]) / leading
        used = 2.0
        while used < lines_room * 1.2:
            r = rng.random()
            if r < 0.45:
                text = tx.paragraph(1, 3)
                blocks.append({"type": "paragraph", "text": text, "font": body,
                               "leading": leading, "align": "left"})
                used += len(text) / max(1.0, (box[2] - box[0]) / (0.5 * size)) + 1
            elif r < 0.8:
                for _ in range(_i(rng, 2, 5)):
                    value = _pick(rng, (lambda: _price(rng), lambda: tx.short(1, 2),
                                        lambda: f"{_i(rng, 0, 100)}%", lambda: _num(rng)))()
                    blocks.append({"type": "row", "layout": "spread",
                                   "cells": [tx.fit(tx.short(1, 2) + ":"), tx.fit(value, "0")],
                                   "font": body, "leading": round(leading * 1.2, 2)})
                    used += 1.2
            else:
                blocks.append({"type": "list", "bullet": _pick(rng, ("-", "*")),
                               "items": [tx.sentence(2, 6) for _ in range(_i(rng, 2, 4))],
                               "font": body, "leading": leading, "indent": round(size * 1.4)})
                used += 4
            blocks.append({"type": "space", "height": round(leading * 0.6, 1)})
        regions.append({"name": f"panel{k}", "box": box, "columns": 1, "gutter": 0,
                        "pad": round(size * 1.2), "fill": fill, "ink": ink,
                        "border": None if dark else _tint(rng, 200, 225, 4), "blocks": blocks})
    effects = {"blur": 0.0, "noise": 0.0, "speckle": 0.0, "threshold": 0,
               "jpeg": _i(rng, 70, 95) if rng.random() < 0.25 else 0,
               "noise_seed": int(rng.integers(2**31))}
    return PageSpec(name, "screen", seed, index, split, alphabet, width, height, 96 * s,
                    tuple(bg), tuple(regions), {"type": "none"}, effects, "RGB")


def _sample_receipt(rng, tx, fonts, name, seed, index, split, alphabet) -> PageSpec:
    width = _i(rng, 330, 720)
    monos = _families(fonts, ("mono",))
    family = _pick(rng, monos) if rng.random() < 0.8 else _pick(rng, _families(fonts, ("sans",)))
    regular, bold = _variant(fonts, family, "regular"), _variant(fonts, family, "bold")
    pad = round(width * _u(rng, 0.04, 0.09))
    chars = _i(rng, 30, 44)
    ref = _font(regular, 100)
    advance = ref.getlength("0" * 10) / 1000.0  # em per character
    size = (width - 2 * pad) / (chars * advance)
    body = _fontspec(regular, size)
    leading = round(body["size"] * _u(rng, 1.15, 1.5), 2)
    upper = rng.random() < 0.6
    case = (lambda s: s.upper()) if upper else (lambda s: s)

    def line(text: str, align: str = "center", font: dict | None = None) -> dict:
        font = font or body
        return {"type": "paragraph", "text": tx.fit(case(text)), "font": font,
                "leading": max(leading, round(font["size"] * 1.15, 2)), "align": align}

    def row(left: str, right: str, font: dict | None = None) -> dict:
        font = font or body
        return {"type": "row", "layout": "spread", "cells": [tx.fit(case(left)), tx.fit(right)],
                "font": font, "leading": max(leading, round(font["size"] * 1.15, 2))}

    def rule() -> dict:
        return {"type": "rule", "style": _pick(rng, ("dash", "dash", "solid")),
                "width": max(1, round(size / 10)), "pad": round(leading * 0.3)}

    shop = tx.fk.company()
    blocks = [line(shop, font=_fontspec(bold, size * _u(rng, 1.0, 1.5)))]
    if rng.random() < 0.5:
        blocks.append(line(f"({_pick(rng, ('CO. REG', 'GST REG', 'VAT NO', 'ABN'))} "
                           f"{_num(rng)}{_num(rng)})"))
    blocks += [line(tx.fk.street_address()), line(f"{tx.fk.postcode()} {tx.fk.city()}")]
    if rng.random() < 0.7:
        blocks.append(line(f"TEL: {tx.fk.phone_number()}"))
    blocks.append(rule())
    date = f"{_i(rng, 1, 28):02d}/{_i(rng, 1, 12):02d}/{_i(rng, 2015, 2029)}"
    clock = f"{_i(rng, 7, 22):02d}:{_i(rng, 0, 59):02d}"
    blocks.append(row(f"Date: {date}", clock) if rng.random() < 0.6 else
                  line(f"Date: {date} {clock}", "left"))
    blocks.append(row(f"{_pick(rng, ('Invoice', 'Receipt', 'Bill', 'Doc'))} No: "
                      f"{_i(rng, 1000, 999999)}", f"Cashier: {tx.fk.first_name()}"[:chars // 2]))
    blocks.append(rule())
    total = 0.0
    name_room = chars - 12
    for _ in range(_i(rng, 2, 12)):
        item = tx.short(1, 3)[:name_room]
        qty = _i(rng, 1, 4)
        unit = rng.integers(50, 5000) / 100.0
        total += qty * unit
        if qty > 1 and rng.random() < 0.5:
            blocks.append(line(item, "left"))
            blocks.append(row(f"  {qty} x {unit:.2f}", f"{qty * unit:.2f}"))
        else:
            blocks.append(row(item if qty == 1 else f"{qty} {item}"[:name_room],
                              f"{qty * unit:.2f}"))
    blocks.append(rule())
    tax = round(total * _pick(rng, (0.0, 0.06, 0.08, 0.1)), 2)
    blocks.append(row("Subtotal", f"{total:.2f}"))
    if tax:
        blocks.append(row(f"Tax {_pick(rng, ('GST', 'VAT', 'SST'))}", f"{tax:.2f}"))
    big = _fontspec(bold, size * _u(rng, 1.0, 1.3))
    blocks.append(row("Total", f"{total + tax:.2f}", big))
    paid = math.ceil(total + tax + rng.integers(0, 50))
    blocks += [row(_pick(rng, ("Cash", "Tendered", "Visa", "Card")), f"{paid:.2f}"),
               row("Change", f"{paid - total - tax:.2f}"), rule()]
    blocks.append(line(_pick(rng, ("Thank you", "Thank you, come again", "Thank you for shopping",
                                   "Goods sold are not returnable"))))
    if rng.random() < 0.5:
        blocks.append(line(tx.fk.url() if rng.random() < 0.5 else tx.sentence(3, 6)))
    paper = [_i(rng, 235, 252), _i(rng, 232, 250), _i(rng, 225, 246)]
    ink = _grey(_i(rng, 20, 110))
    regions = ({"name": "receipt", "box": [0, 0, width, 0], "columns": 1, "gutter": 0,
                "pad": pad, "ink": ink, "blocks": blocks},)
    effects = {
        "fade": _u(rng, 0.1, 0.6), "fade_cells": _i(rng, 2, 6),
        "blur": _u(rng, 0.3, 1.0), "noise": _u(rng, 1, 7), "speckle": 0.0, "threshold": 0,
        "jpeg": _i(rng, 55, 92), "noise_seed": int(rng.integers(2**31)),
    }
    transform = {"type": "rotate", "angle": _u(rng, -2.5, 2.5),
                 "margin": _i(rng, 0, 40), "background": _tint(rng, 150, 250, 10)}
    return PageSpec(name, "receipt", seed, index, split, alphabet, width, 0, 200,
                    tuple(paper), regions, transform, effects, "RGB")


_SAMPLERS = {"scan": _sample_scan, "screen": _sample_screen, "receipt": _sample_receipt,
             "photo": _sample_photo}


def sample_page(seed: int, index: int, kind: str, font_split: str = "heldout",
                alphabet: str = PRINTABLE, fonts: Sequence[FontInfo] | None = None,
                a4_300: bool = False, curl: float = 0.0) -> PageSpec:
    """The spec of page ``index`` of seed ``seed``: depends only on its arguments.

    ``a4_300`` (scan pages only) fixes the paper to A4 at 300 dpi with 1-2 columns.
    ``curl`` > 0 bends the page as a curled sheet or a book's page photographed (see
    :func:`_curl`): its lines sag by up to ``curl`` of the page's height; the rest of
    the page is the same as without it."""
    if kind not in KINDS:
        raise ValueError(f"unknown page kind {kind!r}; expected one of {KINDS}")
    rng = np.random.default_rng([int(seed), int(index)])
    fonts = list(fonts) if fonts is not None else fonts_for(font_split)
    tx = _Text(rng, alphabet)
    name = f"{kind}_{index:03d}"
    if kind == "scan":
        spec = _sample_scan(rng, tx, fonts, name, int(seed), int(index), font_split, alphabet,
                            a4_300)
    else:
        spec = _SAMPLERS[kind](rng, tx, fonts, name, int(seed), int(index), font_split,
                               alphabet)
    if curl > 0:  # (its own stream: the page is otherwise the same)
        crng = np.random.default_rng([int(seed), int(index), 7])
        bend = {"amp": round(_u(crng, 0.4, 1.0) * curl, 5), "centre": round(_u(crng, -0.3, 1.3), 3),
                "down": bool(crng.random() < 0.5)}
        spec = replace(spec, transform={**spec.transform, "curl": bend})
    return spec


# ----------------------------------------------------------------------------- layout


class _Flow:
    """Columns of a region filled top to bottom, left to right."""

    def __init__(self, box: Sequence[float], columns: int, gutter: float, pad: float,
                 auto_height: bool) -> None:
        x0, y0, x1, y1 = box
        self.x0, self.y0 = x0 + pad, y0 + pad
        self.y1 = math.inf if auto_height else y1 - pad
        self.columns = max(1, int(columns))
        self.gutter = gutter
        self.col_w = (x1 - x0 - 2 * pad - gutter * (self.columns - 1)) / self.columns
        self.col, self.y, self.full = 0, self.y0, False

    @property
    def x(self) -> float:
        return self.x0 + self.col * (self.col_w + self.gutter)

    def take(self, h: float) -> tuple[float, float] | None:
        """Room for h pixels: the top-left corner, moving on to the next column if needed."""
        while not self.full:
            if self.y + h <= self.y1:
                pos = (self.x, self.y)
                self.y += h
                return pos
            if self.col + 1 < self.columns:
                self.col += 1
                self.y = self.y0
            else:
                self.full = True
        return None

    def space(self, h: float) -> None:
        if self.y > self.y0:
            self.y += h


class _Painter:
    """Draws text and shapes (or only measures, with draw=None) and collects GT lines."""

    def __init__(self, draw: ImageDraw.ImageDraw | None) -> None:
        self.draw = draw
        self.lines: list[dict] = []  # {"text", "box" (x0, y0, x1, y1), "block"}
        self.block = 0

    def text(self, x: float, base: float, words: Sequence[str], font: dict, ink,
             word_gap: float | None = None) -> tuple[float, float, float, float]:
        f = _font(font["path"], font["size"])
        if word_gap is None:
            s = " ".join(words)
            if self.draw is not None:
                self.draw.text((x, base), s, font=f, fill=tuple(ink), anchor="ls")
            left, t, r, b = f.getbbox(s, anchor="ls")
            return (x + left, base + t, x + r, base + b)
        box = [math.inf, math.inf, -math.inf, -math.inf]
        for w in words:
            if self.draw is not None:
                self.draw.text((x, base), w, font=f, fill=tuple(ink), anchor="ls")
            left, t, r, b = f.getbbox(w, anchor="ls")
            box = [min(box[0], x + left), min(box[1], base + t), max(box[2], x + r),
                   max(box[3], base + b)]
            x += f.getlength(w) + word_gap
        return tuple(box)  # type: ignore[return-value]

    def add(self, text: str, box: Sequence[float]) -> None:
        if text.strip():
            self.lines.append({"text": text, "box": tuple(box), "block": self.block})


def _union(a: Sequence[float] | None, b: Sequence[float]) -> tuple[float, ...]:
    if a is None:
        return tuple(b)
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _wrap(words: Sequence[str], font: dict, width: float, first_indent: float) -> list[list[str]]:
    f = _font(font["path"], font["size"])
    lines: list[list[str]] = []
    cur: list[str] = []
    for w in words:
        room = width - (first_indent if not lines else 0)
        if cur and f.getlength(" ".join([*cur, w])) > room:
            lines.append(cur)
            cur = [w]
        else:
            cur.append(w)
    if cur:
        lines.append(cur)
    return lines


def _ascent(font: dict) -> float:
    return float(_font(font["path"], font["size"]).getmetrics()[0])


def _lay_text(p: _Painter, flow: _Flow, text: str, font: dict, leading: float, ink,
              align: str = "left", justify: bool = False, indent: float = 0,
              hang: str = "", hang_indent: float = 0) -> None:
    """A paragraph (or one list item with a hanging bullet) wrapped to the column."""
    f = _font(font["path"], font["size"])
    width = flow.col_w - hang_indent
    lines = _wrap(text.split(), font, width, indent)
    asc = _ascent(font)
    space_w = f.getlength(" ")
    for k, words in enumerate(lines):
        pos = flow.take(leading)
        if pos is None:
            return
        x, y = pos
        x += hang_indent
        base = y + asc + max(0.0, (leading - font["size"] * 1.17) / 2)
        first = indent if k == 0 else 0
        line_w = f.getlength(" ".join(words))
        gap = None
        if align == "center":
            x += (width - line_w) / 2
        elif align == "right":
            x += width - line_w
        else:
            x += first
            if justify and k < len(lines) - 1 and len(words) > 1:
                natural = sum(f.getlength(w) for w in words)
                gap = (width - first - natural) / (len(words) - 1)
                if gap > 3 * space_w:
                    gap = None
        box = p.text(x, base, words, font, ink, gap)
        out = " ".join(words)
        if hang and k == 0:
            hbox = p.text(x - hang_indent, base, [hang], font, ink)
            box = _union(hbox, box)
            out = f"{hang} {out}"
        p.add(out, box)


def _lay_row(p: _Painter, flow: _Flow, block: dict, ink) -> None:
    font = block["font"]
    f = _font(font["path"], font["size"])
    leading = block["leading"]
    pos = flow.take(leading)
    if pos is None:
        return
    x, y = pos
    base = y + _ascent(font) + max(0.0, (leading - font["size"] * 1.17) / 2)
    cells = [c for c in block["cells"] if c]
    widths = [f.getlength(c) for c in cells]
    xs: list[float] = []
    if block["layout"] == "spread" and len(cells) >= 2 and \
            sum(widths) + f.getlength("  ") * (len(cells) - 1) <= flow.col_w:
        xs = [x] + [x + flow.col_w - w for w in widths[1:]]
        if len(cells) > 2:  # middle cells evenly between
            xs = [x + k * flow.col_w / (len(cells) - 1) - (widths[k] if k else 0) * (k > 0)
                  for k in range(len(cells))]
            xs[-1] = x + flow.col_w - widths[-1]
    else:
        gap = block.get("gap", f.getlength("  "))
        cx = x
        for w in widths:
            if cx + w > x + flow.col_w and xs:
                break  # the rest does not fit
            xs.append(cx)
            cx += w + gap
    box = None
    for c, cx in zip(cells, xs, strict=False):
        box = _union(box, p.text(cx, base, [c], font, ink))
    if box is not None:
        p.add(" ".join(cells[: len(xs)]), box)


def _lay_table(p: _Painter, flow: _Flow, block: dict, ink) -> None:
    font, bold, leading = block["font"], block["bold"], block["leading"]
    f, fb = _font(font["path"], font["size"]), _font(bold["path"], bold["size"])
    rows = [block["header"], *block["rows"]]
    n = len(rows[0])
    gap = font["size"] * 1.5
    while True:  # drop columns from the right until the table fits the column
        widths = [max(fb.getlength(rows[0][c]), *(f.getlength(r[c]) for r in rows[1:]))
                  for c in range(n)]
        natural = sum(widths) + gap * (n - 1)
        if natural <= flow.col_w or n <= 2:
            break
        n -= 1
    extra = (flow.col_w - natural) / max(1, n) if block["stretch"] and natural < flow.col_w else 0
    widths = [w + extra for w in widths[:n]]
    asc = _ascent(font)
    rule_w = max(1, round(font["size"] / 14))
    for k, row in enumerate(rows):
        pos = flow.take(leading)
        if pos is None:
            return
        x, y = pos
        base = y + asc + (leading - font["size"] * 1.17) / 2
        cx, box = x, None
        for c in range(n):
            cell, fnt = row[c], (bold if k == 0 else font)
            fw = (fb if k == 0 else f).getlength(cell)
            tx0 = cx + (widths[c] - fw if block["align"][c] == "right" else 0)
            if cell:
                box = _union(box, p.text(tx0, base, [cell], fnt, ink))
            cx += widths[c] + gap
        if box is not None:
            p.add(" ".join(c for c in row[:n] if c), box)
        if p.draw is not None and block["rules"] != "none":
            right = x + sum(widths) + gap * (n - 1)
            if block["rules"] == "grid" or k in (0, len(rows) - 1):
                yy = y + leading - 1
                p.draw.line([(x - gap / 3, yy), (right + gap / 3, yy)], fill=tuple(ink),
                            width=rule_w)
            if block["rules"] == "grid":
                cx = x
                for c in range(n - 1):
                    cx += widths[c] + gap
                    p.draw.line([(cx - gap / 2, y), (cx - gap / 2, y + leading)],
                                fill=tuple(ink), width=rule_w)


def _figure_pixels(block: dict, w: int, h: int, ink, paper) -> Image.Image:
    """A noise 'photo' (smooth random field plus blobs), continuous tone or halftoned."""
    rng = np.random.default_rng(block["seed"])
    cells = block["cells"]
    small = rng.random((cells, max(2, round(cells * h / max(w, 1)))))
    field_img = Image.fromarray((small.T * 255).astype(np.uint8), "L").resize(
        (w, h), Image.Resampling.BICUBIC)
    fld = np.asarray(field_img, dtype=np.float32) / 255.0
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    for _ in range(int(rng.integers(2, 6))):  # a few soft blobs
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.3) * max(w, h)
        fld += float(rng.uniform(-0.5, 0.5)) * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2)
                                                      / (2 * r * r))
    fld = (fld - fld.min()) / max(1e-6, float(fld.max() - fld.min()))  # 0 = dark
    if block["style"] == "halftone":
        period = max(3.0, min(w, h) / 60.0)
        a = math.radians(45)
        u = (xx * math.cos(a) + yy * math.sin(a)) * (2 * math.pi / period)
        v = (-xx * math.sin(a) + yy * math.cos(a)) * (2 * math.pi / period)
        screen = 0.5 + 0.25 * (np.cos(u) + np.cos(v))
        dark = (fld < screen).astype(np.float32)
    else:
        dark = 1.0 - fld
    ink_a, paper_a = np.array(ink, np.float32), np.array(paper, np.float32)
    rgb = paper_a + (ink_a - paper_a) * dark[..., None]
    return Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8), "RGB")


def _lay_figure(p: _Painter, flow: _Flow, block: dict, ink, paper, img: Image.Image | None,
                region_h: float) -> None:
    h = max(8, round(block["height_frac"] * region_h))
    w = max(8, round(block["width_frac"] * flow.col_w))
    pos = flow.take(h)
    if pos is None:
        return
    x, y = pos
    x += (flow.col_w - w) / 2
    if img is not None:
        img.paste(_figure_pixels(block, w, h, ink, paper), (round(x), round(y)))
    cap = block.get("caption")
    if cap:
        flow.space(cap["leading"] * 0.4)
        _lay_text(p, flow, cap["text"], cap["font"], cap["leading"], ink, cap["align"])


def _lay_rule(p: _Painter, flow: _Flow, block: dict, ink) -> None:
    pad = block.get("pad", 2)
    pos = flow.take(block["width"] + 2 * pad)
    if pos is None or p.draw is None:
        return
    x, y = pos
    yy = y + pad + block["width"] / 2
    if block["style"] == "dash":
        dash = max(3.0, flow.col_w / 60)
        xx = x
        while xx < x + flow.col_w:
            p.draw.line([(xx, yy), (min(xx + dash, x + flow.col_w), yy)], fill=tuple(ink),
                        width=block["width"])
            xx += 2 * dash
    else:
        p.draw.line([(x, yy), (x + flow.col_w, yy)], fill=tuple(ink), width=block["width"])


def _lay_region(p: _Painter, region: dict, img: Image.Image | None, paper,
                auto_height: bool = False) -> float:
    """Lay out (and draw, when img is given) one region; returns the bottom y used."""
    box = region["box"]
    if img is not None and p.draw is not None:
        if region.get("fill"):
            p.draw.rectangle(box, fill=tuple(region["fill"]))
        if region.get("border"):
            p.draw.rectangle(box, outline=tuple(region["border"]), width=1)
    paper_here = region.get("fill") or paper
    ink = region["ink"]
    pad = region.get("pad", 0)
    if region.get("valign"):  # single row centred vertically (top bars)
        lead = region["blocks"][0]["leading"]
        pad_y = max(0.0, (box[3] - box[1] - lead) / 2)
        flow = _Flow([box[0], box[1] + pad_y - pad, box[2], box[3]], 1, 0, pad, True)
    else:
        flow = _Flow(box, region["columns"], region["gutter"], pad, auto_height)
    for block in region["blocks"]:
        if flow.full:
            break
        p.block += 1
        t = block["type"]
        if t in ("heading", "paragraph"):
            if t == "heading":
                flow.space(block["leading"] * 0.3)
            _lay_text(p, flow, block["text"], block["font"], block["leading"], ink,
                      block.get("align", "left"), block.get("justify", False),
                      block.get("indent", 0))
        elif t == "list":
            f = _font(block["font"]["path"], block["font"]["size"])
            for k, item in enumerate(block["items"]):
                bullet = block["bullet"]
                if bullet == "1.":
                    bullet = f"{k + 1}."
                elif bullet == "a)":
                    bullet = f"{'abcdefghij'[k % 10]})"
                indent = max(block["indent"], f.getlength(bullet + "  ")) if bullet else 0
                _lay_text(p, flow, item, block["font"], block["leading"], ink, hang=bullet,
                          hang_indent=indent)
        elif t == "table":
            _lay_table(p, flow, block, ink)
        elif t == "row":
            _lay_row(p, flow, block, ink)
        elif t == "figure":
            _lay_figure(p, flow, block, ink, paper_here, img, box[3] - box[1])
        elif t == "rule":
            _lay_rule(p, flow, block, ink)
        elif t == "space":
            flow.space(block["height"])
        else:
            raise ValueError(f"unknown block type {t!r}")
    return flow.y + pad


# --------------------------------------------------------------------------- geometry


def _rotation(w: int, h: int, angle: float, margin: float = 0,
              keep_size: bool = False) -> tuple[np.ndarray, int, int]:
    """Homography turning a w x h image counter-clockwise by angle degrees about its
    centre, the canvas grown to hold it (plus a margin), or kept at w x h;
    returns (H, new w, new h)."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)
    rot = np.array([[c, s, 0], [-s, c, 0], [0, 0, 1]]) @ np.array(
        [[1, 0, -w / 2], [0, 1, -h / 2], [0, 0, 1]])
    if keep_size:
        return np.array([[1, 0, w / 2], [0, 1, h / 2], [0, 0, 1]]) @ rot, w, h
    pts = _apply(rot, [(0, 0), (w, 0), (w, h), (0, h)])
    mn = pts.min(axis=0) - margin
    mx = pts.max(axis=0) + margin
    shift = np.array([[1, 0, -mn[0]], [0, 1, -mn[1]], [0, 0, 1]])
    return shift @ rot, math.ceil(mx[0] - mn[0]), math.ceil(mx[1] - mn[1])


def _homography(src: Sequence[Sequence[float]], dst: Sequence[Sequence[float]]) -> np.ndarray:
    """The 3x3 projective map taking 4 points src to dst."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    sol = np.linalg.solve(np.array(rows, float), np.array(rhs, float))
    return np.append(sol, 1.0).reshape(3, 3)


def _apply(hom: np.ndarray, pts: Sequence[Sequence[float]]) -> np.ndarray:
    arr = np.asarray(pts, float)
    q = np.c_[arr, np.ones(len(arr))] @ hom.T
    return q[:, :2] / q[:, 2:3]


def _curl(curl: dict, w: int, h: int) -> Callable[[Any], Any]:
    """How far down (or up) a curled page's column x is moved, in pixels: a parabola
    with its vertex at ``centre`` of the width (beyond the page: one side curls, as a
    book's page toward its spine), ``amp`` of the height between where it sags least
    and most, half of it each way (the page's margins hold its text)."""
    c = float(curl["centre"])
    reach = max(abs(c), abs(1.0 - c), 1e-6)
    sign = 1.0 if curl["down"] else -1.0
    amp = float(curl["amp"]) * h

    def sag(x: Any) -> Any:
        return sign * amp * (((np.asarray(x, dtype=np.float64) / w - c) / reach) ** 2 - 0.5)
    return sag


def _bent(img: Image.Image, sag: Callable[[Any], Any], fill: RGB) -> Image.Image:
    """``img`` with each column x moved down by ``sag(x)`` pixels (bilinear)."""
    from scipy.ndimage import map_coordinates

    arr = np.asarray(img, np.float32)
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    yy -= sag(np.arange(w) + 0.5).astype(np.float32)[None, :]
    chans = [map_coordinates(arr[..., k], [yy, xx], order=1, mode="constant", cval=float(v))
             for k, v in enumerate(fill)]
    return Image.fromarray(np.clip(np.stack(chans, -1) + 0.5, 0, 255).astype(np.uint8), "RGB")


def _warp(img: Image.Image, hom: np.ndarray, size: tuple[int, int], fill) -> Image.Image:
    inv = np.linalg.inv(hom)
    inv = inv / inv[2, 2]
    return img.transform(size, Image.Transform.PERSPECTIVE, tuple(inv.flatten()[:8]),
                         resample=Image.Resampling.BILINEAR, fillcolor=fill)


# ------------------------------------------------------------------------------ render


def _effects(img: Image.Image, spec: PageSpec, mask: Image.Image | None = None) -> Image.Image:
    e = spec.effects
    rng = np.random.default_rng(e["noise_seed"])
    if "fade" in e and e["fade"] > 0:  # uneven fading: ink drifts toward the paper
        cells = e["fade_cells"]
        w, h = img.size
        low = rng.random((max(2, round(cells * h / w)), cells)).astype(np.float32)
        fade = np.asarray(Image.fromarray((low * 255).astype(np.uint8), "L").resize(
            (w, h), Image.Resampling.BICUBIC), np.float32) / 255.0 * e["fade"]
        arr = np.asarray(img, np.float32)
        paper = np.array(spec.paper, np.float32)
        arr = arr + (paper - arr) * fade[..., None]
        img = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    if "gradient" in e:  # uneven light: linear gradient times vignette, colour cast
        w, h = img.size
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        a = math.radians(e["gradient_angle"])
        t = ((xx - w / 2) * math.cos(a) + (yy - h / 2) * math.sin(a)) / max(w, h) + 0.5
        light = 1.0 - e["gradient"] * np.clip(t, 0, 1)
        r2 = ((xx - w / 2) / (w / 2)) ** 2 + ((yy - h / 2) / (h / 2)) ** 2
        light *= 1.0 - e["vignette"] * np.clip(r2 / 2, 0, 1)
        arr = np.asarray(img, np.float32) * light[..., None] * np.array(e["cast"], np.float32)
        img = Image.fromarray(np.clip(arr + 0.5, 0, 255).astype(np.uint8), "RGB")
    if e.get("blur", 0) > 0.05:
        img = img.filter(ImageFilter.GaussianBlur(e["blur"]))
    arr = np.asarray(img)
    if e.get("noise", 0) > 0 or e.get("speckle", 0) > 0:
        out = arr.astype(np.float32)
        if e.get("noise", 0) > 0:
            out += rng.standard_normal(arr.shape, dtype=np.float32) * np.float32(e["noise"])
        arr = np.clip(out + 0.5, 0, 255).astype(np.uint8)
        if e.get("speckle", 0) > 0:  # dust: small dark specks
            hh, ww = arr.shape[:2]
            k = int(rng.binomial(hh * ww, min(1.0, e["speckle"])))
            ys, xs = rng.integers(0, hh, k), rng.integers(0, ww, k)
            rs = rng.integers(1, 3, k)
            for y, x, r in zip(ys, xs, rs, strict=True):
                arr[max(0, y - r + 1):y + r, max(0, x - r + 1):x + r] = int(rng.integers(0, 80))
    if e.get("threshold", 0):
        grey = arr if arr.ndim == 2 else np.asarray(Image.fromarray(arr).convert("L"))
        arr = np.where(grey < e["threshold"], 0, 255).astype(np.uint8)
    img = Image.fromarray(np.ascontiguousarray(arr))
    if e.get("jpeg", 0):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=int(e["jpeg"]))
        buf.seek(0)
        img = Image.open(buf)
        img.load()
    return img


def render_page(spec: PageSpec) -> RenderedPage:
    """Pixels and GT lines of a spec; deterministic."""
    width, height = spec.width, spec.height
    regions = [dict(r) for r in spec.regions]
    if height == 0:  # as tall as the content: measure first
        probe = _Painter(None)
        bottom = max(_lay_region(probe, r, None, spec.paper, auto_height=True) for r in regions)
        height = math.ceil(bottom + regions[0].get("pad", 0))
        for r in regions:
            r["box"] = [r["box"][0], r["box"][1], r["box"][2], height]
    img = Image.new("RGB", (width, height), tuple(spec.paper))
    painter = _Painter(ImageDraw.Draw(img))
    for r in regions:
        _lay_region(painter, r, img, spec.paper)
    # geometry
    tr = spec.transform
    sag = _curl(tr["curl"], width, height) if "curl" in tr else None
    if sag is not None:
        img = _bent(img, sag, spec.paper)
    if tr["type"] == "none":
        hom = np.eye(3)
    elif tr["type"] == "rotate":
        margin = tr.get("margin", 0)
        hom, nw, nh = _rotation(width, height, tr["angle"], margin, tr.get("keep_size", False))
        fill = tuple(tr.get("background", spec.paper))
        if spec.mode == "L" and "background" not in tr:
            img = img.convert("L")
            fill = int(round(_luma(spec.paper)))
        img = _warp(img, hom, (nw, nh), fill)
    elif tr["type"] == "perspective":
        src = [(0, 0), (width, 0), (width, height), (0, height)]
        hom = _homography(src, tr["corners"])
        cw, ch = tr["canvas"]
        trng = np.random.default_rng(spec.effects["noise_seed"] + 1)
        tex = trng.standard_normal((max(2, ch // 16), max(2, cw // 16))).astype(np.float32)
        tex_img = Image.fromarray(np.clip(128 + tex * 40, 0, 255).astype(np.uint8), "L").resize(
            (cw, ch), Image.Resampling.BICUBIC)
        t = (np.asarray(tex_img, np.float32) - 128) / 40 * tr["texture"]
        back = np.clip(np.array(tr["background"], np.float32) + t[..., None], 0, 255)
        canvas = Image.fromarray((back + 0.5).astype(np.uint8), "RGB")
        warped = _warp(img, hom, (cw, ch), (0, 0, 0))
        mask = _warp(Image.new("L", img.size, 255), hom, (cw, ch), 0)
        canvas.paste(warped, (0, 0), mask)
        img = canvas
    else:
        raise ValueError(f"unknown transform {tr['type']!r}")
    if spec.mode == "L" and img.mode != "L":
        img = img.convert("L")
    img = _effects(img, spec)
    if spec.mode == "L" and img.mode != "L":
        img = img.convert("L")
    elif spec.mode == "RGB" and img.mode != "RGB":
        img = img.convert("RGB")
    fw, fh = img.size
    lines = []
    for order, line in enumerate(painter.lines):
        x0, y0, x1, y1 = line["box"]
        if sag is None:
            poly = _apply(hom, [(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
        else:  # along its bent edges
            xs = np.linspace(x0, x1, 9)
            poly = _apply(hom, [(x, y0 + sag(x)) for x in xs]
                          + [(x, y1 + sag(x)) for x in xs[::-1]])
        bx0 = max(0, math.floor(poly[:, 0].min()))
        by0 = max(0, math.floor(poly[:, 1].min()))
        bx1 = min(fw, math.ceil(poly[:, 0].max()))
        by1 = min(fh, math.ceil(poly[:, 1].max()))
        lines.append({"text": line["text"], "box": [bx0, by0, bx1 - bx0, by1 - by0],
                      "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in poly],
                      "block": line["block"], "order": order})
    return RenderedPage(image=img, lines=lines, spec=spec)


# -------------------------------------------------------------------------- generation


def generate_page(seed: int, index: int, kinds: Sequence[str] = KINDS,
                  font_split: str = "heldout", alphabet: str = PRINTABLE,
                  a4_300: bool = False, curl: float = 0.0) -> RenderedPage:
    """Page ``index`` of a set: kind ``kinds[index % len(kinds)]``, then sampled, rendered."""
    kind = kinds[index % len(kinds)]
    return render_page(sample_page(seed, index, kind, font_split, alphabet, a4_300=a4_300,
                                   curl=curl))


def write_page(page: RenderedPage, out: Path) -> dict:
    """NAME.png, NAME.json and NAME.gt.txt; returns a summary row."""
    name = page.spec.name
    page.image.save(out / f"{name}.png", compress_level=1)
    doc = {"name": name, "params": asdict(page.spec), "size": list(page.image.size),
           "lines": page.lines}
    (out / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (out / f"{name}.gt.txt").write_text(page.gt_text, encoding="utf-8")
    return {"name": name, "kind": page.spec.kind, "lines": len(page.lines),
            "chars": sum(len(x["text"]) for x in page.lines), "size": list(page.image.size)}


def _write_one(out: str, seed: int, index: int, kinds: Sequence[str], font_split: str,
               alphabet: str, a4_300: bool = False, curl: float = 0.0) -> dict:
    return write_page(generate_page(seed, index, kinds, font_split, alphabet, a4_300, curl),
                      Path(out))


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.pages",
                                description="Write seeded synthetic pages with line GT.")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--n", type=int, default=40, help="number of pages")
    p.add_argument("--seed", type=int, default=2001)
    p.add_argument("--fonts", default="heldout", choices=("train", "heldout"))
    p.add_argument("--kinds", default=",".join(KINDS),
                   help="comma-separated page kinds, cycled: page k is kinds[k %% len]")
    p.add_argument("--alphabet", default=PRINTABLE,
                   help="characters the text may use (default: printable ASCII)")
    p.add_argument("--a4-300", action="store_true",
                   help="scan pages on A4 at 300 dpi (2480x3508), 1-2 columns (make bench)")
    p.add_argument("--curl", type=float, default=0.0, metavar="SAG",
                   help="bend every page as a curled sheet: its lines sag by up to SAG of "
                        "the page's height (0.02: a book's page photographed; default 0)")
    p.add_argument("--jobs", "-j", type=int, default=1, help="worker processes")
    a = p.parse_args(argv)
    kinds = [k for k in a.kinds.split(",") if k]
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        print(f"training.pages: unknown kinds {bad}; expected some of {KINDS}", file=sys.stderr)
        return 2
    alphabet = unicodedata.normalize("NFC", a.alphabet)
    try:
        fonts_for(a.fonts)
    except RuntimeError as exc:
        print(f"training.pages: {exc}", file=sys.stderr)
        return 2
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    args = [(str(out), a.seed, k, kinds, a.fonts, alphabet, a.a4_300, a.curl)
            for k in range(a.n)]
    if a.jobs > 1 and a.n > 1:
        from joblib import Parallel, delayed

        from training.pages import _write_one as write_one  # importable, not __main__

        rows = Parallel(n_jobs=a.jobs)(delayed(write_one)(*x) for x in args)
    else:
        rows = [_write_one(*x) for x in args]
    with open(out / "index.tsv", "w", encoding="utf-8") as f:
        f.write("name\tkind\tlines\tchars\twidth\theight\n")
        for r in rows:
            f.write(f"{r['name']}\t{r['kind']}\t{r['lines']}\t{r['chars']}\t"
                    f"{r['size'][0]}\t{r['size'][1]}\n")
    print(f"training.pages: wrote {len(rows)} pages to {out} in "
          f"{time.perf_counter() - start:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
