"""Regenerate ``examples/*.png`` (README demo images) deterministically.

    python -m training.make_examples --out examples

Each image is a line from the synthetic generator in a *held-out* font (never used
for training); ``examples/README.md`` lists the true text of each.

``examples/handwritten/`` holds characters drawn here with a PIL "pen" (round-capped strokes
with a little wobble, from the stroke lists in ``PEN``), normalised the EMNIST way by
:func:`ocrtools.emnist.normalize_character` (white on black, 28x28), and one 7 left as drawn
(200x200, dark on light) for the reader to normalise.  No image is cut from EMNIST.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from training.fonts import fonts_for
from training.synth import _ratios, iban_is_valid, render_line, sample_line

# name, kind, condition, font family, variant, fixed text (None = sampled), cap height px
EXAMPLES = (
    ("date", "date", "clean", "Liberation Serif", "regular", "2021-03-04", 26),
    ("word", "word", "clean", "Carlito", "regular", None, 26),
    ("iban", "iban", "clean", "Liberation Mono", "regular", "DE89 3704 0044 0532 0130 00", 22),
    ("code", "code", "clean", "Liberation Sans", "bold", "ACJOWW40Z13U616M", 24),
    ("noisy_code", "code", "noisy", "Liberation Sans", "regular", None, 26),
    ("noisy_date", "date", "noisy", "Caladea", "regular", "March 4, 2021", 26),
)
SEED = 2024

# Pen strokes per character, in a unit box (x right, y down).  A stroke is a list of points
# and arcs ("arc", cx, cy, rx, ry, from_deg, to_deg): angles clockwise on screen, 0 = right,
# 90 = down, 270 = up.  No two characters differ only in case (file names would clash on
# case-insensitive file systems).
PEN: dict[str, list[list]] = {
    "2": [[("arc", 0.5, 0.32, 0.22, 0.2, 190, 385), (0.24, 0.88), (0.8, 0.88)]],
    "3": [[("arc", 0.48, 0.3, 0.22, 0.19, 200, 450)],
          [("arc", 0.48, 0.69, 0.25, 0.2, 270, 515)]],
    "4": [[(0.64, 0.9), (0.64, 0.1), (0.2, 0.66), (0.82, 0.66)]],
    "7": [[(0.22, 0.14), (0.78, 0.14), (0.42, 0.9)]],
    "A": [[(0.2, 0.9), (0.5, 0.1), (0.8, 0.9)], [(0.33, 0.6), (0.67, 0.6)]],
    "K": [[(0.28, 0.1), (0.28, 0.9)], [(0.76, 0.1), (0.3, 0.56)], [(0.42, 0.46), (0.8, 0.9)]],
    "L": [[(0.3, 0.1), (0.3, 0.88), (0.76, 0.88)]],
    "R": [[(0.28, 0.9), (0.28, 0.1), (0.48, 0.1), ("arc", 0.48, 0.3, 0.22, 0.2, 270, 450),
           (0.28, 0.5)], [(0.44, 0.5), (0.78, 0.9)]],
    "X": [[(0.22, 0.1), (0.78, 0.9)], [(0.78, 0.1), (0.22, 0.9)]],
    "Z": [[(0.22, 0.12), (0.78, 0.12), (0.22, 0.88), (0.8, 0.88)]],
    "b": [[(0.3, 0.06), (0.3, 0.9)], [("arc", 0.5, 0.7, 0.21, 0.2, 180, 540)]],
    "d": [[(0.7, 0.06), (0.7, 0.9)], [("arc", 0.5, 0.7, 0.21, 0.2, 0, 360)]],
    "e": [[(0.3, 0.62), (0.72, 0.62), ("arc", 0.51, 0.64, 0.21, 0.23, 360, 40)]],
    "h": [[(0.3, 0.06), (0.3, 0.9)],
          [("arc", 0.5, 0.64, 0.2, 0.2, 180, 360), (0.7, 0.9)]],
    "n": [[(0.3, 0.4), (0.3, 0.9)], [("arc", 0.5, 0.6, 0.2, 0.18, 180, 360), (0.7, 0.9)]],
    "t": [[(0.46, 0.1), (0.46, 0.78), ("arc", 0.58, 0.78, 0.12, 0.1, 180, 90)],
          [(0.24, 0.36), (0.72, 0.36)]],
}
PEN_SIZE = 200  # canvas, px
PEN_WIDTH = 16  # stroke width, px
PEN_SEED = 2025


def _stroke_points(stroke: list, rng: np.random.Generator) -> list[tuple[float, float]]:
    """The polyline of one stroke in canvas pixels, vertices wobbled by about 1% of the box."""
    pts: list[tuple[float, float]] = []
    for item in stroke:
        if item[0] == "arc":
            _, cx, cy, rx, ry, a0, a1 = item
            n = max(4, int(abs(a1 - a0) / 12))
            for a in np.radians(np.linspace(a0, a1, n + 1)):
                pts.append((cx + rx * np.cos(a), cy + ry * np.sin(a)))
        else:
            pts.append(item)
    wobble = rng.normal(0.0, 0.008, (len(pts), 2))
    return [
        ((x + dx) * PEN_SIZE, (y + dy) * PEN_SIZE)
        for (x, y), (dx, dy) in zip(pts, wobble, strict=True)
    ]


def draw_pen(ch: str, seed: int = PEN_SEED) -> np.ndarray:
    """``ch`` drawn dark on light with a round pen, slightly slanted (uint8, 200x200)."""
    from PIL import ImageDraw

    rng = np.random.default_rng([seed, ord(ch)])
    img = Image.new("L", (PEN_SIZE, PEN_SIZE), 255)
    draw = ImageDraw.Draw(img)
    r = PEN_WIDTH / 2
    for stroke in PEN[ch]:
        pts = _stroke_points(stroke, rng)
        draw.line(pts, fill=0, width=PEN_WIDTH, joint="curve")
        for x, y in pts:  # round caps and joints
            draw.ellipse([x - r, y - r, x + r, y + r], fill=0)
    slant = rng.uniform(-0.12, 0.12)  # a hand's slant: shear about the centre
    img = img.transform(img.size, Image.AFFINE, (1, slant, -slant * PEN_SIZE / 2, 0, 1, 0),
                        resample=Image.BILINEAR, fillcolor=255)
    return np.asarray(img)


def make_handwritten(out: Path) -> list[tuple[str, str]]:
    """Draw the ``PEN`` characters: 28x28 EMNIST-style PNGs, and drawn_7.png as drawn."""
    from ocrtools.emnist import normalize_character

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for ch in PEN:
        name = f"pen_{ch}.png"
        Image.fromarray(normalize_character(draw_pen(ch)), "L").save(out / name, optimize=True)
        rows.append((name, ch))
    Image.fromarray(draw_pen("7", PEN_SEED + 1), "L").save(out / "drawn_7.png", optimize=True)
    rows.append(("drawn_7.png", "7"))
    return rows


def make(out: Path) -> list[tuple[str, str, str]]:
    out.mkdir(parents=True, exist_ok=True)
    fonts = fonts_for("heldout")
    rows = []
    for i, (name, kind, cond, family, variant, text, cap) in enumerate(EXAMPLES):
        cands = [f for f in fonts if f.family == family and f.variant == variant]
        if not cands:
            raise RuntimeError(f"font {family} {variant} not installed")
        fi = cands[0]
        rng = np.random.default_rng([SEED, i])
        spec = sample_line(rng, kind, cond, [fi])
        size = round(cap / _ratios(fi.path)[0])
        spec = dataclasses.replace(spec, font_size=size, pad=(8, 6, 8, 6),
                                   **({"text": text} if text else {}))
        if cond != "clean" and len(spec.rules) < 2:  # make sure a line crosses the text
            spec = dataclasses.replace(spec, rules=spec.rules + (
                dataclasses.replace(spec.rules[0], y0=0.35, y1=0.6, x0=-0.05, x1=1.05),))
        if kind == "iban":
            assert iban_is_valid(spec.text)
        line = render_line(spec)
        Image.fromarray(line.image, "L").save(out / f"{name}.png", optimize=True)
        rows.append((f"{name}.png", line.text, f"{cond}, {family} {variant}"))
    with open(out / "README.md", "w", encoding="utf-8") as f:
        f.write("# Example images\n\n"
                "Synthetic text lines made by `python -m training.make_examples --out examples`\n"
                "(deterministic; fonts from the held-out split, never used in training).\n\n"
                "| image | true text | condition, font |\n|---|---|---|\n")
        for name, text, what in rows:
            f.write(f"| [{name}]({name}) | `{text}` | {what} |\n")
        f.write("\n[pages/report.png](pages/report.png) is a page drawn here (a heading, two "
                "columns, a table; held-out fonts, turned by 1.5 degrees); its true text, "
                "lines in reading order, is in [pages/report.gt.txt](pages/report.gt.txt).\n")
    return rows


# a page for the demo: heading, two columns of running text, a table; held-out fonts
PAGE_TITLE = "Quarterly Report: Harbour Street Depot"
PAGE_LEFT = (
    "Deliveries rose by 12% in the third",
    "quarter, while returns fell to 1.8%",
    "of orders. The new loading bay opened",
    "on 14 August and cut waiting times",
    "for drivers by almost half.",
)
PAGE_RIGHT = (
    "Staff costs were in line with the",
    "budget. Two forklifts were replaced",
    "and the roof repairs are finished.",
    "Next quarter we expect a busy",
    "season before the holidays.",
)
PAGE_TABLE = (
    ("Month", "Orders", "Returns"),
    ("July", "4,120", "81"),
    ("August", "4,655", "77"),
    ("September", "5,012", "90"),
)
PAGE_SKEW = 1.5  # degrees: the reader levels the page and maps its boxes back


def make_page(out: Path) -> list[str]:
    """examples/pages/report.png and its true text (report.gt.txt, lines in reading order)."""
    from PIL import ImageDraw, ImageFont

    fonts = {(f.family, f.variant): f.path for f in fonts_for("heldout")}
    body = ImageFont.truetype(fonts[("Liberation Serif", "regular")], 22)
    bold = ImageFont.truetype(fonts[("Liberation Sans", "bold")], 30)
    sans = ImageFont.truetype(fonts[("Liberation Sans", "regular")], 21)
    width, height, margin, gap = 1000, 640, 50, 60
    column = (width - 2 * margin - gap) // 2
    page = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(page)
    draw.text((margin, 40), PAGE_TITLE, font=bold, fill=20)
    for k, (left, right) in enumerate(zip(PAGE_LEFT, PAGE_RIGHT, strict=True)):
        y = 110 + 34 * k
        draw.text((margin, y), left, font=body, fill=30)
        draw.text((margin + column + gap, y), right, font=body, fill=30)
    xs = (margin + 60, margin + 360, margin + 560)
    for k, row in enumerate(PAGE_TABLE):
        y = 330 + 40 * k
        for x, cell in zip(xs, row, strict=True):
            draw.text((x, y), cell, font=bold if k == 0 else sans, fill=25)
    draw.line((margin + 40, 368, xs[2] + 160, 368), fill=60, width=2)
    page = page.rotate(PAGE_SKEW, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=250)
    out.mkdir(parents=True, exist_ok=True)
    page.save(out / "report.png", optimize=True)
    truth = [PAGE_TITLE, *PAGE_LEFT, *PAGE_RIGHT, *(" ".join(r) for r in PAGE_TABLE)]
    (out / "report.gt.txt").write_text("\n".join(truth) + "\n", encoding="utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.make_examples")
    p.add_argument("--out", default="examples")
    p.add_argument("--handwritten-only", action="store_true",
                   help="only redraw OUT/handwritten/ (no fonts needed)")
    a = p.parse_args(argv)
    if not a.handwritten_only:
        for name, text, what in make(Path(a.out)):
            print(f"{name}\t{text}\t{what}", file=sys.stderr)
        make_page(Path(a.out) / "pages")
    for name, ch in make_handwritten(Path(a.out) / "handwritten"):
        print(f"handwritten/{name}\t{ch}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
