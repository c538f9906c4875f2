"""Regenerate ``examples/*.png`` (README demo images) deterministically.

    python -m training.make_examples --out examples

Each image is a line from the synthetic generator in a *held-out* font (never used
for training); ``examples/README.md`` lists the true text of each.
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
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.make_examples")
    p.add_argument("--out", default="examples")
    a = p.parse_args(argv)
    for name, text, what in make(Path(a.out)):
        print(f"{name}\t{text}\t{what}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
