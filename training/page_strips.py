"""Training lines cut from synthetic pages by the runtime's own layout step (issue 16).

    python -m training.page_strips --pages 600 --seed 21 -j 2 --out build/lines/p21

Each page of ``training.pages`` (training fonts, the whole alphabet) goes through
:func:`ocrtools.pipeline.page_records` exactly as ``ocr-read`` reads it; every line
record whose box matches one ground-truth line (IoU >= 0.5, the next best at most 0.4 of that)
gives one training line: the strip the recognizer will see on a page, with that line's
text. Lines the layout step gets wrong (merged, split, missed) give nothing; so the
model learns the strips of pages, not their mistakes. Chunks have the format of
``training.lines data`` (``--train-dir`` takes both).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

PAGES_PER_CHUNK = 10
MIN_IOU = 0.5
RIVAL = 0.4  # the next best line's IoU, at most this share of the best one's


def page_lines(page) -> list[tuple[np.ndarray, str]]:  # type: ignore[no-untyped-def]
    """(strip pixels, text) of every line the layout step cuts right on a page."""
    from ocrtools.images import to_grey
    from ocrtools.pipeline import page_records
    from training.page_metrics import iou

    gray = to_grey(page.image)
    truth = [(line["box"], line["text"]) for line in page.lines if line["text"].strip()]
    out = []
    for record in page_records("page", gray, task="ctc-line", layout="auto"):
        strip = record.get("strip")
        if not record.get("line_count") or not strip or "bbox" not in record:
            continue
        box = record["bbox"]  # x, y, w, h in the page's pixels, as the GT's boxes
        scores = [iou(box, t[0]) for t in truth]
        ranked = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)
        if not ranked or scores[ranked[0]] < MIN_IOU:
            continue
        if len(ranked) > 1 and scores[ranked[1]] > RIVAL * scores[ranked[0]]:
            continue  # it may take in some of another line (skewed boxes overlap)
        out.append((np.asarray(strip["pixels"]), truth[ranked[0]][1]))
    return out


def _chunk(seed: int, start: int, n: int, out: str) -> int:
    from ocrtools.alphabet import ALPHABET
    from training.pages import generate_page

    pixels, widths, texts, kinds = [], [], [], []
    for index in range(start, start + n):
        page = generate_page(seed, index, font_split="train", alphabet=ALPHABET)
        for strip, text in page_lines(page):
            pixels.append(strip)
            widths.append(strip.shape[1])
            texts.append(text)
            kinds.append(page.spec.kind)
    if not pixels:
        pixels, widths = [np.zeros((32, 0), np.uint8)], []
    np.savez(Path(out) / f"{start:07d}.npz", pixels=np.concatenate(pixels, axis=1),
             widths=np.array(widths, dtype=np.int32), texts=np.array(texts, dtype=str),
             kinds=np.array(kinds, dtype=str),
             conditions=np.array(["page"] * len(widths), dtype=str))
    return len(widths)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.page_strips", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=600)
    p.add_argument("--seed", type=int, default=21)
    p.add_argument("-j", "--jobs", type=int, default=2)
    p.add_argument("--out", default="build/lines/pages")
    a = p.parse_args(argv)
    from joblib import Parallel, delayed

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    todo = [s for s in range(0, a.pages, PAGES_PER_CHUNK)
            if not (out / f"{s:07d}.npz").exists()]
    t0 = time.time()
    counts = Parallel(n_jobs=a.jobs)(
        delayed(_chunk)(a.seed, s, min(PAGES_PER_CHUNK, a.pages - s), str(out)) for s in todo)
    print(f"{out}: {sum(counts)} lines from {a.pages} pages ({len(todo)} chunks made) in "
          f"{time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
