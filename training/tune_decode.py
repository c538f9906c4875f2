"""Tune the decoder's few constants on lines from TRAINING fonts (never the eval sets).

    python -m training.tune_decode --lines 300 --seed 501

The classifier's labels do not depend on the decoder, so each line is classified once
and then decoded again for every setting tried; prints CER per setting.
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np

from ocrtools import decode
from ocrtools.models import find_model, load_session
from ocrtools.pipeline import boxes_record, classify_record, join_record
from training.evaluate import levenshtein as edit_distance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--seed", type=int, default=501)
    parser.add_argument("--condition", default="mixed")
    args = parser.parse_args()
    from training.synth import generate

    info = find_model("printed")
    session = load_session(info)
    cases = []
    for line in generate(args.lines, args.seed, args.condition, "train"):
        record = boxes_record("x", line.image)
        record["labels"] = classify_record(record, info, session)
        cases.append((record, line.text))
    grid = {
        "SKIP_PENALTY": [0.5, 1.5, 3.0],
        "SKIP_HEIGHT_PENALTY": [0.0, 2.0, 4.0],
        "SPACE_FACTOR": [0.15, 0.2, 0.25],
    }
    results = []
    for values in itertools.product(*grid.values()):
        for name, value in zip(grid, values, strict=True):
            setattr(decode, name, value)
        errors = sum(edit_distance(join_record(r)["text"], t) for r, t in cases)
        total = sum(len(t) for _, t in cases)
        results.append((errors / total, dict(zip(grid, values, strict=True))))
    for cer, setting in sorted(results, key=lambda r: r[0])[:10]:
        print(f"CER {100 * cer:.2f}%  {setting}")
    print("lines", len(cases), "mean chars", np.mean([len(t) for _, t in cases]))


if __name__ == "__main__":
    main()
