"""Train the character classifier of the lattice path (`--model chars`) and export it to ONNX.

    python -m training.printed data   --lines 24000 --seed 1   # crops -> build/printed/
    python -m training.printed train  --epochs 5 --seed 1      # -> models/chars.onnx

The training crops come from the runtime's own segmenter: synthetic lines (training
fonts only) are binarised and over-segmented exactly as ``ocr-boxes`` does, every
candidate box is cropped as ``ocr-crop`` does, and each candidate is labelled with the
character it covers, or ``<reject>`` when it covers half a letter, two letters or
noise. So the classifier learns the very boxes it will be shown, and learns to say
which candidates are not characters -- what the lattice search needs.
"""

from __future__ import annotations

import argparse
import json
import string
import sys
import time
from pathlib import Path

import numpy as np

from ocrtools.binarize import binarize
from ocrtools.boxes import segment_line
from ocrtools.crop import DEFAULT_SIZE, crop_spans, crop_window
from ocrtools.decode import REJECT

CHARS = [c for c in string.printable[:94]]  # printable ASCII without whitespace
LABELS = CHARS + [REJECT]
BUILD = Path("build/printed")


def label_candidates(
    segments: list[tuple[int, int]],
    spans: list[tuple[int, int]],
    char_boxes: list[tuple[str, int, int, int, int]],
) -> list[int]:
    """For each candidate span, the index of the character it is, or -1 (reject).

    A span is character c when it covers at least 80% of c's ink columns, spills over
    by no more than a quarter of c's width, and covers no other character much."""
    result = []
    boxes = [(c, x0, x1) for c, x0, _y0, x1, _y1 in char_boxes if c.strip()]
    for i, j in spans:
        a, b = segments[i][0], segments[j - 1][1]
        found = -1
        for k, (_c, x0, x1) in enumerate(boxes):
            width = max(1, x1 - x0)
            inter = max(0, min(b, x1) - max(a, x0))
            if inter == 0:
                continue
            if inter >= 0.8 * width and (b - a) - inter <= max(2, 0.25 * width):
                others = [
                    max(0, min(b, y1) - max(a, y0)) / max(1, y1 - y0)
                    for m, (_d, y0, y1) in enumerate(boxes)
                    if m != k
                ]
                if not others or max(others) < 0.3:
                    found = k
                break
        result.append(found)
    return result


def line_samples(image: np.ndarray, char_boxes: list) -> tuple[np.ndarray, np.ndarray]:
    """Crops and labels of one rendered line: every candidate, plus each true box."""
    ink, lattice = segment_line(binarize(image))
    crops = crop_spans(ink, lattice.line, lattice.segments, lattice.spans, DEFAULT_SIZE)
    chars = [c for c in char_boxes if c[0].strip()]
    matched = label_candidates(lattice.segments, lattice.spans, char_boxes)
    labels = [LABELS.index(chars[m][0]) if m >= 0 else len(CHARS) for m in matched]
    extra = []
    extra_labels = []
    found = set(matched)
    for k, (c, x0, _y0, x1, _y1) in enumerate(chars):
        if k not in found and c in CHARS:
            extra.append(crop_window(ink, lattice.line, x0, x1, DEFAULT_SIZE))
            extra_labels.append(LABELS.index(c))
    if extra:
        crops = np.concatenate([crops, np.stack(extra)])
        labels += extra_labels
    return crops, np.array(labels, dtype=np.int16)


def _chunk(seed: int, start: int, n: int, reject_keep: float) -> tuple[np.ndarray, np.ndarray]:
    from training.synth import generate

    rng = np.random.default_rng([seed, start])
    xs, ys = [], []
    for line in generate(n, seed, "mixed", "train", None, start=start):
        crops, labels = line_samples(line.image, line.char_boxes)
        keep = (labels != len(CHARS)) | (rng.random(len(labels)) < reject_keep)
        xs.append(crops[keep])
        ys.append(labels[keep])
    return np.concatenate(xs), np.concatenate(ys)


def make_data(lines: int, seed: int, reject_keep: float, jobs: int, out: Path) -> None:
    from joblib import Parallel, delayed

    step = 500
    t0 = time.time()
    parts = Parallel(n_jobs=jobs, verbose=0)(
        delayed(_chunk)(seed, start, min(step, lines - start), reject_keep)
        for start in range(0, lines, step)
    )
    x = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(out, x=x, y=y)
    counts = np.bincount(y, minlength=len(LABELS))
    print(
        f"{out}: {len(y)} crops from {lines} lines in {time.time() - t0:.0f}s; "
        f"reject {counts[-1]}, rarest char {LABELS[int(np.argmin(counts[:-1]))]!r} "
        f"{counts[:-1].min()}",
        file=sys.stderr,
    )


def build_net(width: int = 24):  # type: ignore[no-untyped-def]
    """A small CNN: three conv blocks (width, 2x, 4x channels) and two dense layers.
    Small on purpose: it is trained on two CPU cores and runs on ~100 crops per line."""
    import torch.nn as nn

    def block(cin: int, cout: int) -> list:
        return [
            nn.Conv2d(cin, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),
        ]

    return nn.Sequential(
        *block(1, width),
        *block(width, 2 * width),
        *block(2 * width, 4 * width),
        nn.Flatten(),
        nn.Dropout(0.2),
        nn.Linear(4 * width * 16, 8 * width),
        nn.ReLU(inplace=True),
        nn.Dropout(0.2),
        nn.Linear(8 * width, len(LABELS)),
    )


def train(args: argparse.Namespace) -> None:
    import torch
    import torch.nn.functional as F

    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    torch.set_num_threads(args.threads)
    data = np.load(args.data, allow_pickle=False)
    x, y = data["x"], data["y"].astype(np.int64)
    rng = np.random.default_rng(args.seed)
    order = rng.permutation(len(y))
    n_val = min(20000, len(y) // 20)
    val, tr = order[:n_val], order[n_val:]
    xt = torch.from_numpy(x)
    yt = torch.from_numpy(y)
    net = build_net(args.width)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = args.epochs * (len(tr) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=3e-3, total_steps=steps)
    t0 = time.time()
    for epoch in range(args.epochs):
        net.train()
        perm = tr[rng.permutation(len(tr))]
        total, correct, loss_sum = 0, 0, 0.0
        for b in range(len(perm) // args.batch):
            idx = torch.from_numpy(perm[b * args.batch : (b + 1) * args.batch])
            xb = xt[idx].float().unsqueeze(1) / 255.0
            # shift by up to 1 px: the segmenter's boxes are not pixel-exact either
            dx, dy = rng.integers(-1, 2, size=2)
            xb = torch.roll(xb, shifts=(int(dy), int(dx)), dims=(2, 3))
            yb = yt[idx]
            out = net(xb)
            loss = F.cross_entropy(out, yb, label_smoothing=0.05)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += float(loss.detach()) * len(idx)
            total += len(idx)
            correct += int((out.argmax(1) == yb).sum())
            if b % 200 == 0:
                print(
                    f"  batch {b}: loss {loss_sum / total:.4f} train {correct / total:.4f} "
                    f"({time.time() - t0:.0f}s)",
                    file=sys.stderr,
                    flush=True,
                )
        acc = evaluate_crops(net, xt[val], yt[val])
        print(
            f"epoch {epoch + 1}/{args.epochs}: loss {loss_sum / total:.4f} "
            f"train {correct / total:.4f} val {acc:.4f} ({time.time() - t0:.0f}s)",
            file=sys.stderr,
            flush=True,
        )
    export(net, acc, args, len(y), time.time() - t0)


def evaluate_crops(net, x, y) -> float:  # type: ignore[no-untyped-def]
    import torch

    net.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, len(y), 2048):
            out = net(x[s : s + 2048].float().unsqueeze(1) / 255.0)
            correct += int((out.argmax(1) == y[s : s + 2048]).sum())
    return correct / max(1, len(y))


def export(net, val_acc: float, args: argparse.Namespace, n: int, seconds: float) -> None:  # type: ignore[no-untyped-def]
    import torch

    from training.onnx_export import export_checked

    path = Path(args.models) / f"{args.name}.onnx"
    dummy = torch.rand(8, 1, DEFAULT_SIZE, DEFAULT_SIZE)
    digest = export_checked(net, dummy, path, "input",
                            {"input": {0: "batch"}, "logits": {0: "batch"}})
    sidecar = {
        "name": args.name,
        "file": path.name,
        "sha256": digest,
        "task": "line",
        "labels": LABELS,
        "input": {
            "name": "input",
            "shape": [1, DEFAULT_SIZE, DEFAULT_SIZE],
            "range": [0, 1],
            "polarity": "white-on-black",
            "crop": "line band +-15%, aspect kept, centred (ocrtools.crop)",
        },
        "reject_label": REJECT,
        "training": {
            "data": f"synthetic lines, training fonts, seed {args.data_seed}, "
            f"{n} candidate crops ({args.data})",
            "seed": args.seed,
            "epochs": args.epochs,
            "width": args.width,
            "command": "make train",
            "seconds": round(seconds),
            "params": int(sum(p.numel() for p in net.parameters())),
        },
        "accuracy": {"crop_val": round(val_acc, 4), "note": "candidate crops, training fonts"},
    }
    path.with_suffix(".json").write_text(json.dumps(sidecar, indent=1) + "\n")
    size = path.stat().st_size
    print(f"wrote {path} ({size} bytes; onnxruntime agrees with torch)", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("data", help="render lines and cut labelled candidate crops")
    d.add_argument("--lines", type=int, default=24000)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--reject-keep", type=float, default=0.5)
    d.add_argument("--jobs", type=int, default=2)
    d.add_argument("--out", type=Path, default=BUILD / "crops.npz")
    t = sub.add_parser("train", help="train the CNN and export models/NAME.onnx")
    t.add_argument("--data", type=Path, default=BUILD / "crops.npz")
    t.add_argument("--data-seed", type=int, default=1)
    t.add_argument("--epochs", type=int, default=8)
    t.add_argument("--batch", type=int, default=256)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--width", type=int, default=24)
    t.add_argument("--models", default="models")
    t.add_argument("--name", default="chars", help="model name: models/NAME.onnx")
    args = parser.parse_args()
    if args.cmd == "data":
        make_data(args.lines, args.seed, args.reject_keep, args.jobs, args.out)
    else:
        train(args)


if __name__ == "__main__":
    main()
