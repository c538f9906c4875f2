"""Train the printed *line* recognizer (a CTC model, torch on the CPU) and export it.

    python -m training.lines data  --lines 80000 --seed 1 -j 2   # -> build/lines/
    python -m training.lines train --epochs 6 --seed 1            # -> models/printed.onnx

The training lines come from ``training.synth`` (training fonts only, all kinds and
conditions mixed; ``--kinds`` and ``training.synth.vary``'s degradations) and from
synthetic pages cut by the layout step (``training.page_strips``); they go through the
runtime's own normalisation (:func:`ocrtools.lines.line_image`: binarise, remove rules,
level, cut the band, scale to 32 rows), so the model sees exactly what ``ocr-read``
will show it.

The network is a small fully convolutional CRNN without the recurrence: a VGG-like
stack that turns the 32-row line into one feature column per 4 image columns, two
1-D convolutions along the line for context, and a linear layer to the 318 characters
of :data:`ocrtools.alphabet.ALPHABET` (space included) plus the CTC blank. No LSTM: it
trains several times faster on two CPU cores, exports to a plain ONNX graph, and its
receptive field (about 5 band heights) is enough for single printed characters.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from ocrtools.alphabet import ALPHABET

CHARSET = ALPHABET  # ASCII, Latin-1 and Extended-A letters, typographic marks (318)
#: the kinds of line the training data draws, a repeated kind drawn more often
TRAIN_KINDS = ("text,text,text,text,address,address,address,sentence,sentence,"
               "name,word,date,iban,code")
BLANK = 0  # CTC blank; characters are 1..len(CHARSET)
BUILD = Path("build/lines")
STRIDE = 4  # image columns per output frame
CHUNK = 500


# ------------------------------------------------------------------------- data


def _chunk(seed: int, start: int, n: int, condition: str, split: str, out: str,
           kinds_drawn: str | None = None, variety: bool = False, small: float = 0.0,
           cells: float = 0.0, inner: float = 0.0, thermal: float = 0.0,
           spacing: float = 0.0) -> int:
    from ocrtools.lines import line_image
    from training.synth import generate

    pixels, widths, texts, kinds, conds = [], [], [], [], []
    for line in generate(n, seed, condition, split, kinds_drawn, start=start, variety=variety,
                         small=small, cells=cells, inner=inner, thermal=thermal,
                         spacing=spacing):
        text = "".join(c for c in line.text if c in CHARSET)
        image, _ink, _geo = line_image(line.image)
        pixels.append(image.pixels)
        widths.append(image.pixels.shape[1])
        texts.append(text)
        kinds.append(line.spec.kind)
        conds.append(line.spec.condition)
    # written whole, then renamed: make_data skips the chunks that exist, so a run
    # stopped half-way must not leave one cut short
    part = Path(out) / f"{start:07d}.npz.part"
    with open(part, "wb") as fh:  # (a file: np.savez would add .npz to the name)
        np.savez(
            fh,
            pixels=np.concatenate(pixels, axis=1),
            widths=np.array(widths, dtype=np.int32),
            texts=np.array(texts),
            kinds=np.array(kinds),
            conditions=np.array(conds),
        )
    part.replace(Path(out) / f"{start:07d}.npz")
    return n


def make_data(lines: int, seed: int, condition: str, split: str, jobs: int, out: Path,
              kinds: str | None = None, variety: bool = False, small: float = 0.0,
              cells: float = 0.0, inner: float = 0.0, thermal: float = 0.0,
              spacing: float = 0.0) -> None:
    from joblib import Parallel, delayed

    out.mkdir(parents=True, exist_ok=True)
    todo = [s for s in range(0, lines, CHUNK) if not (out / f"{s:07d}.npz").exists()]
    t0 = time.time()
    Parallel(n_jobs=jobs, verbose=0)(
        delayed(_chunk)(seed, s, min(CHUNK, lines - s), condition, split, str(out), kinds,
                        variety, small, cells, inner, thermal, spacing)
        for s in todo
    )
    print(f"{out}: {lines} lines ({len(todo)} chunks made) in {time.time() - t0:.0f}s",
          file=sys.stderr)


def load(directory: Path, limit: int | None = None) -> list[tuple[np.ndarray, str, str]]:
    """(pixels, text, condition) per line, from the chunks of ``make_data``."""
    result = []
    for path in sorted(directory.glob("*.npz")):
        with np.load(path) as z:
            pixels, widths = z["pixels"], z["widths"]
            texts, conds = z["texts"], z["conditions"]
        edges = np.concatenate(([0], np.cumsum(widths)))
        for k in range(len(widths)):
            result.append((pixels[:, edges[k] : edges[k + 1]], str(texts[k]), str(conds[k])))
        if limit and len(result) >= limit:
            return result[:limit]
    return result


def encode(text: str) -> list[int]:
    return [CHARSET.index(c) + 1 for c in text]


# ------------------------------------------------------------------------ model


def build_net(width: int = 32):  # type: ignore[no-untyped-def]
    import torch
    from torch import nn

    def conv(cin: int, cout: int) -> list:
        return [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True)]

    w = width

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.features = nn.Sequential(
                *conv(1, w), nn.MaxPool2d(2),  # 16 x W/2
                *conv(w, 2 * w), nn.MaxPool2d(2),  # 8 x W/4
                *conv(2 * w, 3 * w), *conv(3 * w, 3 * w), nn.MaxPool2d((2, 1)),  # 4 x W/4
                *conv(3 * w, 4 * w), nn.MaxPool2d((2, 1)),  # 2 x W/4
            )
            c = 8 * w
            self.context = nn.Sequential(
                nn.Conv1d(c, 6 * w, 3, padding=1), nn.ReLU(inplace=True),
                nn.Conv1d(6 * w, 6 * w, 3, padding=2, dilation=2), nn.ReLU(inplace=True),
                nn.Dropout(0.1),
            )
            self.out = nn.Conv1d(6 * w, len(CHARSET) + 1, 1)

        def forward(self, x):  # (N, 1, 32, W) -> (N, classes, W/4) logits
            f = self.features(x)
            n, c, h, t = f.shape
            f = f.reshape(n, c * h, t)
            return self.out(self.context(f))

    torch.manual_seed(0)
    return Net()


def from_onnx(net, path: Path, lines, batches: int = 30) -> None:  # type: ignore[no-untyped-def]
    """Start ``net`` from a shipped model (``--init``): its convolutions (exported with
    the batch norms folded in) are loaded, each batch norm is re-inflated so that it
    passes the folded layer's output on unchanged (its statistics measured on
    ``lines``), and the output layer keeps the rows of the labels both alphabets have;
    a new letter starts from the row of its ASCII base letter (é from e), a new mark
    from nothing, both a little less likely than the old labels."""
    import onnx
    import torch
    from onnx import numpy_helper

    from ocrtools.alphabet import to_ascii

    model = onnx.load(str(path))
    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    meta = json.loads(path.with_suffix(".json").read_text())
    old_labels = meta["labels"]
    convs = [m for m in net.features if isinstance(m, torch.nn.Conv2d)]
    norms = [m for m in net.features if isinstance(m, torch.nn.BatchNorm2d)]
    folded = [(weights[n.input[1]], weights[n.input[2]]) for n in model.graph.node
              if n.op_type == "Conv" and len(n.input) == 3 and weights[n.input[1]].ndim == 4]
    assert len(folded) == len(convs), (len(folded), len(convs))
    stats: list[list[torch.Tensor]] = [[] for _ in convs]
    with torch.no_grad():
        for conv, norm, (w, b) in zip(convs, norms, folded, strict=True):
            conv.weight.copy_(torch.from_numpy(np.array(w)))
            norm.running_mean.zero_()
            norm.running_var.fill_(1.0 - norm.eps)
            norm.weight.fill_(1.0)
            norm.bias.copy_(torch.from_numpy(np.array(b)))
        hooks = [conv.register_forward_hook(
            lambda _m, _i, out, k=k: stats[k].append(out.detach()))
            for k, conv in enumerate(convs)]
        for name in ("context.0", "context.2"):
            layer = net.get_submodule(name)
            layer.weight.copy_(torch.from_numpy(np.array(weights[f"{name}.weight"])))
            layer.bias.copy_(torch.from_numpy(np.array(weights[f"{name}.bias"])))
        net.eval()
        for idx in _batches(lines, 12000, np.random.default_rng(0))[:batches]:
            net(_tensor(lines, idx)[0])
        for k, (norm, (_w, b)) in enumerate(zip(norms, folded, strict=True)):
            out = torch.cat([o.permute(1, 0, 2, 3).reshape(o.shape[1], -1) for o in stats[k]], 1)
            mean, var = out.mean(1), out.var(1)
            norm.running_mean.copy_(mean)
            norm.running_var.copy_(var)
            norm.weight.copy_(torch.sqrt(var + norm.eps))
            norm.bias.copy_(mean + torch.from_numpy(b))
        for hook in hooks:
            hook.remove()
        w_old, b_old = weights["out.weight"], weights["out.bias"]
        w_new = np.zeros((len(CHARSET) + 1, *w_old.shape[1:]), dtype=np.float32)
        b_new = np.full(len(CHARSET) + 1, float(np.min(b_old)) - 1.0, dtype=np.float32)
        index = {c: i for i, c in enumerate(old_labels)}
        labels = ["<blank>", *CHARSET]
        for i, c in enumerate(labels):
            if c in index:
                w_new[i], b_new[i] = w_old[index[c]], b_old[index[c]]
            elif to_ascii(c)[:1].strip() and to_ascii(c)[:1] in index:
                base = index[to_ascii(c)[:1]]
                w_new[i], b_new[i] = w_old[base], b_old[base] - 2.0
        net.out.weight.copy_(torch.from_numpy(w_new))
        net.out.bias.copy_(torch.from_numpy(b_new))
    net.train()


def _batches(lines, batch_chars: int, rng: np.random.Generator):
    """Batches of lines of similar width (less padding), about batch_chars columns."""
    order = np.argsort([p.shape[1] + rng.random() * 40 for p, _t, _c in lines])
    batches, current, widest = [], [], 0
    for i in order:
        w = lines[i][0].shape[1]
        if current and max(widest, w) * (len(current) + 1) > batch_chars:
            batches.append(current)
            current, widest = [], 0
        current.append(i)
        widest = max(widest, w)
    if current:
        batches.append(current)
    rng.shuffle(batches)
    return batches


def _tensor(lines, idx, jitter: int = 0, rng: np.random.Generator | None = None):  # type: ignore[no-untyped-def]
    """A batch (N, 1, 32, W) of lines and their frame counts. ``jitter``: each line moved
    up or down by up to this many rows (its strip's background, 0, fills in): the text
    band a page's line is cut by (brackets, descenders, a tall neighbour's strokes)
    places its letters a pixel or two off the training lines' (on the real lines a
    shift of 2 rows costs the shipped model 1.3 to 2.1 CER points)."""
    import torch

    width = max(lines[i][0].shape[1] for i in idx)
    width = (width + STRIDE - 1) // STRIDE * STRIDE
    x = np.zeros((len(idx), 1, 32, width), dtype=np.float32)
    lengths = []
    shifts = (rng.integers(-jitter, jitter + 1, len(idx)) if jitter and rng is not None
              else np.zeros(len(idx), dtype=np.int64))
    for k, i in enumerate(idx):
        p = lines[i][0]
        dy = int(shifts[k])
        if dy > 0:
            x[k, 0, dy:, : p.shape[1]] = p[:-dy] / 255.0
        elif dy < 0:
            x[k, 0, :dy, : p.shape[1]] = p[-dy:] / 255.0
        else:
            x[k, 0, :, : p.shape[1]] = p / 255.0
        lengths.append(max(1, p.shape[1] // STRIDE))
    return torch.from_numpy(x), lengths


def greedy(logits: np.ndarray, length: int) -> str:
    best = logits[:, :length].argmax(axis=0)
    out, prev = [], BLANK
    for k in best:
        if k != prev and k != BLANK:
            out.append(CHARSET[k - 1])
        prev = k
    return "".join(out)


def evaluate(net, lines, batch_chars: int = 60000) -> dict[str, tuple[float, float]]:  # type: ignore[no-untyped-def]
    """CER and exact-line rate per condition of (pixels, text, condition) lines."""
    import torch

    from training.evaluate import levenshtein

    net.eval()
    stats: dict[str, list[int]] = {}
    with torch.no_grad():
        for idx in _batches(lines, batch_chars, np.random.default_rng(0)):
            x, lengths = _tensor(lines, idx)
            logits = net(x).numpy()
            for k, i in enumerate(idx):
                _p, text, cond = lines[i]
                guess = greedy(logits[k], lengths[k])
                s = stats.setdefault(cond, [0, 0, 0, 0])
                s[0] += levenshtein(guess, text)
                s[1] += len(text)
                s[2] += guess == text
                s[3] += 1
    net.train()
    return {c: (s[0] / max(1, s[1]), s[2] / max(1, s[3])) for c, s in sorted(stats.items())}


def train(args: argparse.Namespace) -> None:
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    lines = [x for d in args.train_dir.split(",") for x in load(Path(d), args.limit)]
    val = load(Path(args.val_dir))
    print(f"{len(lines)} training lines, {len(val)} validation lines", file=sys.stderr)
    net = build_net(args.width)
    if args.resume:
        net.load_state_dict(torch.load(args.resume))
    elif args.init:
        from_onnx(net, Path(args.init), lines)
        print(f"started from {args.init}: " + " ".join(
            f"{c} {cer:.2%}/{ex:.1%}" for c, (cer, ex) in evaluate(net, val).items()),
            file=sys.stderr, flush=True)
    params = sum(p.numel() for p in net.parameters())
    print(f"{params} parameters", file=sys.stderr)
    ctc = nn.CTCLoss(blank=BLANK, zero_infinity=True)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=1e-4)
    steps = sum(len(_batches(lines, args.batch_chars, np.random.default_rng(e)))
                for e in range(args.epochs))
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=steps,
                                                pct_start=0.15)
    t0 = time.time()
    step = 0
    shifts = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        total, count = 0.0, 0
        for idx in _batches(lines, args.batch_chars, np.random.default_rng(epoch)):
            x, lengths = _tensor(lines, idx, args.jitter, shifts)
            targets = [encode(lines[i][1]) for i in idx]
            logp = net(x).log_softmax(1).permute(2, 0, 1)  # (T, N, C)
            flat = torch.tensor([t for tt in targets for t in tt], dtype=torch.long)
            loss = ctc(logp, flat, torch.tensor(lengths), torch.tensor([len(t) for t in targets]))
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            sched.step()
            step += 1
            total += float(loss.detach()) * len(idx)
            count += len(idx)
            if step % 200 == 0:
                print(f"epoch {epoch + 1} step {step}/{steps} loss {total / count:.4f} "
                      f"{time.time() - t0:.0f}s", file=sys.stderr, flush=True)
        BUILD.mkdir(parents=True, exist_ok=True)
        torch.save(net.state_dict(), BUILD / f"net{args.tag}-{epoch + 1}.pt")
        scores = evaluate(net, val)
        print(f"epoch {epoch + 1}: loss {total / max(count, 1):.4f} "
              + " ".join(f"{c} {cer:.2%}/{ex:.1%}" for c, (cer, ex) in scores.items())
              + f" ({time.time() - t0:.0f}s)", file=sys.stderr, flush=True)
    export(net, scores, args, len(lines), time.time() - t0)


def average(args: argparse.Namespace) -> None:
    """The weights of a fine-tuned network averaged with those of the model it started
    from (Wortsman et al.'s WiSE-FT): a fine-tune on one kind of text (receipts) keeps
    most of its gain there and forgets less of the rest than the fine-tune alone."""
    import torch

    start = build_net(args.width)
    # re-inflated on the fine-tune's own training lines: the very net it started from
    from_onnx(start, Path(args.init), [x for d in args.stats_dir.split(",") for x in load(Path(d))])
    tuned = build_net(args.width)
    tuned.load_state_dict(torch.load(args.checkpoint))
    w = float(args.weight)
    end = tuned.state_dict()
    mixed = {k: ((1 - w) * v + w * end[k]) if v.is_floating_point() else v
             for k, v in start.state_dict().items()}
    net = build_net(args.width)
    net.load_state_dict(mixed)
    scores = evaluate(net, load(Path(args.val_dir)))
    print(" ".join(f"{c} {cer:.2%}/{ex:.1%}" for c, (cer, ex) in scores.items()),
          file=sys.stderr)
    start_meta = json.loads(Path(args.init).with_suffix(".json").read_text())
    export(net, scores, args, 0, 0.0, training={
        "weights": f"{1 - w:g} x the start + {w:g} x the fine-tune (WiSE-FT)",
        "width": args.width,
        "start": start_meta.get("training", {}),
        "fine_tune": f"{args.checkpoint}: one epoch from the start on {args.stats_dir}"
                     + (f" ({args.note})" if args.note else ""),
        "command": args.command,
    })


def export(net, scores, args: argparse.Namespace, n: int, seconds: float,  # type: ignore[no-untyped-def]
           training: dict | None = None) -> None:
    import torch

    from training.onnx_export import export_checked

    out = Path(args.out)
    dummy = torch.rand(2, 1, 32, 128)
    digest = export_checked(net, dummy, out, "line",
                            {"line": {0: "batch", 3: "width"}, "logits": {0: "batch", 2: "frames"}})
    meta = {
        "name": out.stem,
        "file": out.name,
        "sha256": digest,
        "task": "ctc-line",
        "labels": ["<blank>", *CHARSET],
        "input": {"shape": [1, 32, 0], "stride": STRIDE, "ink": 255,
                  "normalisation": "ocrtools.lines.normalize_line"},
        "training": {
            "lines": n,
            "seed": args.seed,
            "epochs": args.epochs,
            "width": args.width,
            "fonts": "training families of training/fonts.py",
            "data": getattr(args, "train_dir", str(BUILD / "train")),
            "resumed_from": getattr(args, "resume", None),
            "lr": getattr(args, "lr", None),
            "jitter": getattr(args, "jitter", 0),
            "seconds": round(seconds),
            "command": "make train",
        } if training is None else training,
        "validation": {c: {"cer": round(cer, 5), "exact": round(ex, 4)}
                       for c, (cer, ex) in scores.items()},
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB) and its sidecar", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m training.lines", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("data", help="render and normalise training/validation lines")
    d.add_argument("--lines", type=int, default=80000)
    d.add_argument("--val-lines", type=int, default=2000)
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("-j", "--jobs", type=int, default=2)
    d.add_argument("--kinds", default=TRAIN_KINDS, help="kinds of line to draw (comma-separated)")
    d.add_argument("--no-variety", dest="variety", action="store_false",
                   help="without training.synth.vary's degradations")
    d.add_argument("--small", type=float, default=0.0,
                   help="share of lines set small (x-height 5-10 px; training.synth.smaller)")
    d.add_argument("--cells", type=float, default=0.0,
                   help="share of lines with a table's vertical rule beside them "
                        "(training.synth.cell_rules)")
    d.add_argument("--inner", type=float, default=0.0,
                   help="share of lines with a table's vertical rule between their words "
                        "(training.synth.inner_rules)")
    d.add_argument("--thermal", type=float, default=0.0,
                   help="share of lines printed by a worn thermal head: white lines through "
                        "the letters, faded ink (training.synth.worn_thermal)")
    d.add_argument("--spacing", type=float, default=0.0,
                   help="share of lines set with other letter and word spacing: tight "
                        "tracking, narrow spaces (training.synth.spaced)")
    t = sub.add_parser("train", help="train the CTC model and export it to ONNX")
    t.add_argument("--epochs", type=int, default=6)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--width", type=int, default=32)
    t.add_argument("--lr", type=float, default=2e-3)
    t.add_argument("--batch-chars", type=int, default=12000,
                   help="padded columns per batch (about 40 lines)")
    t.add_argument("--threads", type=int, default=1)
    t.add_argument("--jitter", type=int, default=0,
                   help="rows each training line is moved up or down by, at most")
    t.add_argument("--limit", type=int, default=None)
    t.add_argument("--resume", default=None, help="start from a saved state dict (.pt)")
    t.add_argument("--init", default=None,
                   help="start from a shipped model (.onnx with its sidecar), see from_onnx")
    t.add_argument("--train-dir", default=str(BUILD / "train"),
                   help="directories of chunks from 'data', comma-separated")
    t.add_argument("--val-dir", default=str(BUILD / "val"))
    t.add_argument("--tag", default="", help="checkpoints are build/lines/net{tag}-N.pt")
    t.add_argument("--out", default="models/printed.onnx")
    e = sub.add_parser("export", help="export a saved checkpoint (.pt) to ONNX")
    e.add_argument("checkpoint")
    e.add_argument("--width", type=int, default=24)
    e.add_argument("--seed", type=int, default=1)
    e.add_argument("--epochs", type=int, default=0, help="epochs it was trained (sidecar)")
    e.add_argument("--lines", type=int, default=60000, help="lines it was trained on (sidecar)")
    e.add_argument("--val-dir", default=str(BUILD / "val"))
    e.add_argument("--out", default="models/printed.onnx")
    a = sub.add_parser("average", help="average a fine-tuned checkpoint with the model it "
                       "started from (weights; WiSE-FT) and export it")
    a.add_argument("checkpoint", help="the fine-tuned state dict (.pt)")
    a.add_argument("--init", required=True, help="the model it started from (.onnx)")
    a.add_argument("--weight", type=float, default=0.5,
                   help="share of the fine-tuned weights (0: the start, 1: the fine-tune)")
    a.add_argument("--width", type=int, default=24)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--stats-dir", default=str(BUILD / "train"),
                   help="the fine-tune's --train-dir (the start's batch norms are measured "
                   "on it, as the fine-tune measured them: see from_onnx)")
    a.add_argument("--val-dir", default=str(BUILD / "val"))
    a.add_argument("--out", default="models/printed.onnx")
    a.add_argument("--command", default="make train-receipts",
                   help="the command that makes this model (for the sidecar)")
    a.add_argument("--note", default="", help="how the fine-tune was trained (for the sidecar)")
    d.add_argument("--out", default=str(BUILD / "train"), help="chunk directory")
    d.add_argument("--val-out", default=str(BUILD / "val"),
                   help="validation chunk directory (nothing made when --val-lines 0)")
    args = parser.parse_args()
    if args.cmd == "export":
        import torch

        net = build_net(args.width)
        net.load_state_dict(torch.load(args.checkpoint))
        scores = evaluate(net, load(Path(args.val_dir)))
        print(" ".join(f"{c} {cer:.2%}/{ex:.1%}" for c, (cer, ex) in scores.items()),
              file=sys.stderr)
        export(net, scores, args, args.lines, 0.0)
    elif args.cmd == "average":
        average(args)
    elif args.cmd == "data":
        make_data(args.lines, args.seed, "mixed", "train", args.jobs, Path(args.out),
                  args.kinds, args.variety, args.small, args.cells, args.inner, args.thermal,
                  args.spacing)
        if args.val_lines:  # validation: other seed, held-out font families
            make_data(args.val_lines, args.seed + 100, "mixed", "heldout", args.jobs,
                      Path(args.val_out), args.kinds, args.variety, args.small, args.cells,
                      args.inner, args.thermal, args.spacing)
    else:
        train(args)


if __name__ == "__main__":
    main()
