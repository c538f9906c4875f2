"""Whole-page reading: ocrtools side by side with Tesseract and RapidOCR, in one run.

``python -m training.eval_pages`` (``make eval-pages``) reads two sets of pages:

* ``synthetic``: ``data/pages/eval`` (``make data-pages``: held-out fonts, seed 2001,
  10 pages of each kind), ``NAME.png`` + ``NAME.gt.txt`` + ``NAME.json`` (line boxes);
* ``real``: the 23 real dev pages in ``../shared/data/real-dev/pages`` (relative to the
  checkout; skipped when absent), ``NAME.png|jpg`` + ``NAME.gt.txt``; kind by name
  (``receipt_*`` receipt, ``screen_*`` screen, ``photo_*`` photo, anything else scan).

Tools, each timed wall-clock from outside, one after the other:

* ``ocrtools``: ``ocr-read FILES... -j N --format jsonl --no-progress``; records are
  grouped by ``image`` in output order and their ``text`` joined by "\\n" (so both the
  one-record-per-image output and one record per text line work); ``bbox`` of each
  record gives the line boxes when present;
* ``tesseract``: ``tesseract IMG OUT --psm 3 txt tsv`` (the text ``tesseract IMG -
  --psm 3`` prints, and its level-4 TSV rows as line boxes), N processes at a time,
  ``OMP_THREAD_LIMIT=1``;
* ``rapidocr``: RapidOCR 1.4.4 det+rec with its default settings, one process from the
  separate venv ``.bench-venv/`` (``make bench-venv``); its result list in its own order,
  texts joined by "\\n", boxes from its quadrilaterals.

Metrics (``training.page_metrics``): page CER over the set (edits / GT characters, both
sides normalised as the real-dev peer figures are), order-free word F1, on synthetic
pages line recall / precision at IoU >= 0.5 and reading-order agreement, seconds per
page (the tool's wall time over the pages it read / pages).  Tesseract and RapidOCR
outputs are cached in ``build/eval-pages/cache/TOOL/`` keyed by the image's SHA-256 and
the tool's version and settings, with the seconds per page of the run that made them;
``--no-cache`` reruns them.  A tool left out of ``--tools`` still gets its row when the
cache holds all its pages (quick mode: ``--sets real --tools ocrtools``).

Output: markdown tables printed and written to ``build/eval-pages/report.md``; one row
per page and tool in ``build/eval-pages/pages.tsv``; the hypotheses as text in
``build/eval-pages/hyp/TOOL/SET/NAME.txt``.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from training.evaluate import markdown_table, ocr_read_command
from training.page_metrics import (
    cer_counts,
    f1,
    match_lines,
    normalize_page,
    order_agreement,
    quad_to_box,
    ratio,
    word_counts,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "eval-pages"
SYNTHETIC_DIR = ROOT / "data" / "pages" / "eval"
REAL_DIR = ROOT.parent / "shared" / "data" / "real-dev" / "pages"
BENCH_PY = ROOT / ".bench-venv" / "bin" / "python"
PAGE_KINDS = ("scan", "screen", "receipt", "photo")
TOOLS = ("ocrtools", "tesseract", "rapidocr")
SETS = ("synthetic", "real")
IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".tif", ".tiff")

# ------------------------------------------------------------------------------ pages


@dataclass
class Page:
    name: str
    path: Path
    kind: str
    ref: str  # normalised GT text
    gt_boxes: list[list[float]] | None = None  # [x, y, w, h] in GT order (synthetic only)


def kind_from_name(name: str) -> str:
    for kind in ("receipt", "screen", "photo"):
        if name.startswith(kind + "_"):
            return kind
    return "scan"


def _page_number(name: str) -> tuple[int, str]:
    tail = name.rsplit("_", 1)[-1]
    return (int(tail), name) if tail.isdigit() else (10**9, name)


def load_set(directory: Path, limit: int | None = None) -> list[Page]:
    """Images with a NAME.gt.txt beside them; NAME.json (if any) gives kind and boxes.

    Pages come sorted by their trailing number (synthetic kinds interleave), then name."""
    pages = []
    for path in sorted(directory.iterdir()):
        if path.suffix.lower() not in IMAGE_EXTS:
            continue
        gt = path.with_name(path.stem + ".gt.txt")
        if not gt.exists():
            continue
        kind, boxes = kind_from_name(path.stem), None
        meta = path.with_name(path.stem + ".json")
        if meta.exists():
            doc = json.loads(meta.read_text(encoding="utf-8"))
            kind = doc.get("params", {}).get("kind", kind)
            boxes = [list(line["box"]) for line in sorted(doc["lines"], key=lambda x: x["order"])]
        ref = normalize_page(gt.read_text(encoding="utf-8"))
        pages.append(Page(path.stem, path, kind, ref, boxes))
    pages.sort(key=lambda p: _page_number(p.name))
    return pages[:limit] if limit else pages


# ------------------------------------------------------------------------------ tools


@dataclass
class Hyp:
    text: str
    boxes: list[list[float]] | None = None  # in the tool's reading order; None: not given
    error: str = ""
    seconds: float = 0.0  # the page's share of the run's wall time


@dataclass
class ToolRun:
    tool: str  # row label
    hyps: dict[str, Hyp] = field(default_factory=dict)  # by page name
    notes: list[str] = field(default_factory=list)
    cached: int = 0


def parse_ocr_read_jsonl(output: str) -> dict[str, Hyp]:
    """ocr-read --format jsonl -> Hyp per image (records grouped by ``image``, in order).

    A record with ``line_count`` 0 is a page without text; one with ``error`` marks the
    page failed; boxes are the records' ``bbox`` when every text record has one. A line
    read as no text (a picture's texture, dirt) is no line found, as Tesseract's rows
    without a word are not (:func:`parse_tesseract_tsv`)."""
    grouped: dict[str, list[dict]] = {}
    for row in output.splitlines():
        row = row.strip()
        if row:
            record = json.loads(row)
            grouped.setdefault(str(record.get("image", "")), []).append(record)
    hyps = {}
    for image, records in grouped.items():
        texts, boxes, error = [], [], ""
        have_boxes = True
        for r in records:
            if r.get("error"):
                error = error or str(r["error"])
                continue
            if r.get("line_count") == 0 or not str(r.get("text", "")).strip():
                continue
            texts.append(str(r.get("text", "")))
            if isinstance(r.get("bbox"), list) and len(r["bbox"]) == 4:
                boxes.append([float(v) for v in r["bbox"]])
            else:
                have_boxes = False
        hyps[image] = Hyp("\n".join(texts), boxes if have_boxes else None, error)
    return hyps


def parse_tesseract_tsv(tsv: str) -> list[list[float]]:
    """Line boxes (level-4 rows that hold at least one word) in Tesseract's order."""
    boxes: dict[tuple[str, ...], list[float]] = {}
    words: set[tuple[str, ...]] = set()
    for row in tsv.splitlines()[1:]:
        f = row.split("\t")
        if len(f) < 11:
            continue
        key = tuple(f[1:5])
        if f[0] == "4":
            boxes[key] = [float(f[6]), float(f[7]), float(f[8]), float(f[9])]
        elif f[0] == "5" and len(f) >= 12 and f[11].strip():
            words.add(key)
    return [box for key, box in boxes.items() if key in words]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Cache:
    """build/eval-pages/cache/TOOL/IMAGEHASH-VERSIONHASH.json; off: nothing read."""

    def __init__(self, root: Path, tool: str, version: str, read: bool = True) -> None:
        self.dir = root / tool
        self.version = version
        self.vkey = hashlib.sha256(version.encode()).hexdigest()[:10]
        self.read = read

    def _file(self, path: Path) -> Path:
        return self.dir / f"{file_hash(path)[:24]}-{self.vkey}.json"

    def get(self, path: Path) -> Hyp | None:
        if not self.read:
            return None
        f = self._file(path)
        if not f.exists():
            return None
        d = json.loads(f.read_text(encoding="utf-8"))
        return Hyp(d["text"], d.get("boxes"), d.get("error", ""), float(d.get("seconds", 0)))

    def put(self, path: Path, hyp: Hyp) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        d = {"image": str(path), "version": self.version, "text": hyp.text, "boxes": hyp.boxes,
             "error": hyp.error, "seconds": hyp.seconds}
        self._file(path).write_text(json.dumps(d, ensure_ascii=False) + "\n", encoding="utf-8")


def run_ocrtools(pages: Sequence[Page], jobs: int, extra: Sequence[str]) -> ToolRun:
    run = ToolRun("ocrtools")
    command = [*ocr_read_command(), *(str(p.path) for p in pages), "-j", str(jobs),
               "--format", "jsonl", "--no-progress", *extra]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        run.notes.append(f"ocr-read exited {proc.returncode}: "
                         + (proc.stderr.strip().splitlines() or ["?"])[-1])
    try:
        by_image = parse_ocr_read_jsonl(proc.stdout)
    except ValueError as exc:
        by_image = {}
        run.notes.append(f"ocr-read output is not JSON Lines ({exc})")
    share = wall / max(1, len(pages))
    missing = 0
    for p in pages:
        hyp = by_image.get(str(p.path))
        if hyp is None:  # matched by file name when ocr-read rewrote the path
            hyp = next((h for k, h in by_image.items() if os.path.basename(k) == p.path.name),
                       None)
        if hyp is None:
            missing += 1
            hyp = Hyp("", None, "no record")
        hyp.seconds = share
        run.hyps[p.name] = hyp
    failed = sum(1 for h in run.hyps.values() if h.error)
    if failed:
        run.notes.append(f"ocrtools: {failed} pages failed or missing ({missing} missing)")
    return run


def tesseract_version() -> str:
    if not shutil.which("tesseract"):
        return ""
    proc = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    first = (proc.stdout or proc.stderr).strip().splitlines()[:1]
    return (first[0] if first else "tesseract") + " --psm 3"


def _tesseract_page(path: Path) -> Hyp:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "out")
        proc = subprocess.run(["tesseract", str(path), base, "--psm", "3", "txt", "tsv"],
                              capture_output=True, env=env)
        try:
            text = Path(base + ".txt").read_text(encoding="utf-8", errors="replace")
            boxes = parse_tesseract_tsv(Path(base + ".tsv").read_text(encoding="utf-8",
                                                                        errors="replace"))
        except OSError:
            text, boxes = "", None
    error = "" if proc.returncode == 0 else proc.stderr.decode("utf-8", "replace").strip()[-200:]
    return Hyp(text, boxes, error)


def from_cache(pages: Sequence[Page], cache: Cache, run: ToolRun) -> list[Page]:
    """Put the cached results of the pages into the run; the pages still to read."""
    todo = []
    for p in pages:
        hit = cache.get(p.path)
        if hit is not None:
            run.hyps[p.name] = hit
            run.cached += 1
        else:
            todo.append(p)
    return todo


def run_tesseract(pages: Sequence[Page], jobs: int, cache: Cache) -> ToolRun:
    run = ToolRun("tesseract --psm 3")
    todo = from_cache(pages, cache, run)
    if todo:
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(lambda p: _tesseract_page(p.path), todo))
        share = (time.perf_counter() - start) / len(todo)
        for p, hyp in zip(todo, results, strict=True):
            hyp.seconds = share
            run.hyps[p.name] = hyp
            if not hyp.error:
                cache.put(p.path, hyp)
    return run


RAPIDOCR_SCRIPT = r"""
import json, sys, time
start = time.perf_counter()
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR()
print(json.dumps({"load": time.perf_counter() - start}), flush=True)
for path in [p for p in open(sys.argv[1], encoding="utf-8").read().split("\n") if p]:
    t = time.perf_counter()
    try:
        result, _ = engine(path)
        rows, error = result or [], ""
    except Exception as exc:  # one bad page must not end the run
        rows, error = [], repr(exc)
    print(json.dumps({"path": path, "texts": [r[1] for r in rows],
                      "quads": [[[float(v) for v in pt] for pt in r[0]] for r in rows],
                      "error": error, "seconds": time.perf_counter() - t}), flush=True)
"""


def rapidocr_version() -> str:
    hits = sorted(glob.glob(str(ROOT / ".bench-venv" / "lib" / "python*" / "site-packages"
                                / "rapidocr_onnxruntime-*.dist-info")))
    if not hits or not BENCH_PY.exists():
        return ""
    version = Path(hits[-1]).name.removesuffix(".dist-info").split("-")[1]
    return f"rapidocr-onnxruntime {version} det+cls+rec defaults"


def run_rapidocr(pages: Sequence[Page], cache: Cache, work: Path) -> ToolRun:
    run = ToolRun("rapidocr " + cache.version.split()[1] if cache.version else "rapidocr")
    todo = from_cache(pages, cache, run)
    if not todo:
        return run
    work.mkdir(parents=True, exist_ok=True)
    script, listing = work / "rapidocr_pages.py", work / "rapidocr_pages.txt"
    script.write_text(RAPIDOCR_SCRIPT, encoding="utf-8")
    listing.write_text("".join(f"{p.path}\n" for p in todo), encoding="utf-8")
    start = time.perf_counter()
    # results stream in page by page and go to the cache at once, so an interrupted run
    # keeps what it read; a page's seconds = its own time + its share of the start-up
    err_file = work / "rapidocr_pages.stderr"
    with open(err_file, "w", encoding="utf-8") as err:  # a file: a full pipe would block it
        proc = subprocess.Popen([str(BENCH_PY), str(script), str(listing)],
                                stdout=subprocess.PIPE, stderr=err, text=True,
                                encoding="utf-8", errors="replace")
    assert proc.stdout is not None
    startup = 0.0
    by_path = {str(p.path): p for p in todo}
    for row in proc.stdout:
        d = json.loads(row)
        if "load" in d:
            startup = time.perf_counter() - start
            continue
        page = by_path.get(d["path"])
        if page is None:
            continue
        hyp = Hyp("\n".join(d["texts"]), [quad_to_box(q) for q in d["quads"]], d["error"],
                  float(d["seconds"]) + startup / len(todo))
        run.hyps[page.name] = hyp
        if not hyp.error:
            cache.put(page.path, hyp)
    stderr = err_file.read_text(encoding="utf-8", errors="replace")
    if proc.wait() != 0:
        last = (stderr.strip().splitlines() or ["?"])[-1]
        run.notes.append(f"RapidOCR exited {proc.returncode}: {last}")
    for p in todo:
        if p.name not in run.hyps:
            run.hyps[p.name] = Hyp("", None, "no result", 0.0)
    return run


def cached_only(pages: Sequence[Page], cache: Cache, label: str) -> ToolRun | None:
    """A tool's row from the cache alone, when it holds every page."""
    run = ToolRun(label + " (cached)")
    for p in pages:
        hit = cache.get(p.path)
        if hit is None:
            return None
        run.hyps[p.name] = hit
        run.cached += 1
    return run


# ---------------------------------------------------------------------------- scoring


@dataclass
class Score:
    pages: int = 0
    edits: int = 0
    ref_chars: int = 0
    words_matched: int = 0
    words_ref: int = 0
    words_hyp: int = 0
    gt_lines: int = 0
    hyp_lines: int = 0
    lines_matched: int = 0
    order_agree: int = 0
    order_pairs: int = 0
    boxed_pages: int = 0  # pages where both GT and tool gave boxes
    seconds: float = 0.0
    failed: int = 0

    def add(self, page: Page, hyp: Hyp) -> None:
        hyp_text = normalize_page(hyp.text)
        e, n = cer_counts(page.ref, hyp_text)
        m, r, h = word_counts(page.ref, hyp_text)
        self.pages += 1
        self.edits += e
        self.ref_chars += n
        self.words_matched += m
        self.words_ref += r
        self.words_hyp += h
        self.seconds += hyp.seconds
        self.failed += bool(hyp.error)
        if page.gt_boxes is not None and hyp.boxes is not None:
            pairs = match_lines(page.gt_boxes, hyp.boxes)
            agree, npairs = order_agreement(pairs)
            self.boxed_pages += 1
            self.gt_lines += len(page.gt_boxes)
            self.hyp_lines += len(hyp.boxes)
            self.lines_matched += len(pairs)
            self.order_agree += agree
            self.order_pairs += npairs

    @property
    def cer(self) -> float | None:
        return ratio(self.edits, self.ref_chars)

    @property
    def word_f1(self) -> float:
        return f1(self.words_matched, self.words_ref, self.words_hyp)


def page_score(page: Page, hyp: Hyp) -> Score:
    s = Score()
    s.add(page, hyp)
    return s


def _fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def summary_rows(pages: Sequence[Page], runs: Sequence[ToolRun], boxes: bool) -> list[list]:
    rows = []
    for run in runs:
        s = Score()
        for p in pages:
            s.add(p, run.hyps[p.name])
        row = [run.tool, s.pages, s.ref_chars, _fmt(s.cer), _fmt(s.word_f1)]
        if boxes:
            have = s.boxed_pages == s.pages and s.pages > 0
            row += [_fmt(ratio(s.lines_matched, s.gt_lines)) if have else "–",
                    _fmt(ratio(s.lines_matched, s.hyp_lines)) if have else "–",
                    _fmt(ratio(s.order_agree, s.order_pairs)) if have else "–"]
        row.append(_fmt(s.seconds / s.pages if s.pages else None, 2))
        rows.append(row)
    return rows


def kind_rows(pages: Sequence[Page], runs: Sequence[ToolRun]) -> tuple[list[str], list[list]]:
    kinds = [k for k in PAGE_KINDS if any(p.kind == k for p in pages)]
    header = ["tool"]
    for k in kinds:
        n = sum(p.kind == k for p in pages)
        header += [f"{k} ({n}) CER", f"{k} F1"]
    rows = []
    for run in runs:
        row: list = [run.tool]
        for k in kinds:
            s = Score()
            for p in pages:
                if p.kind == k:
                    s.add(p, run.hyps[p.name])
            row += [_fmt(s.cer), _fmt(s.word_f1)]
        rows.append(row)
    return header, rows


def per_page_rows(pages: Sequence[Page], runs: Sequence[ToolRun]) -> tuple[list[str], list[list]]:
    header = ["page", "kind", "GT chars"]
    for run in runs:
        short = run.tool.split()[0]
        header += [f"{short} CER"] + (["ocrtools F1"] if short == "ocrtools" else [])
    rows = []
    for p in pages:
        row: list = [p.name, p.kind, len(p.ref)]
        for run in runs:
            s = page_score(p, run.hyps[p.name])
            row.append(_fmt(s.cer) + (" (failed)" if s.failed else ""))
            if run.tool.split()[0] == "ocrtools":
                row.append(_fmt(s.word_f1))
        rows.append(row)
    return header, rows


# ------------------------------------------------------------------------------- main


def _write_hyps(out: Path, set_name: str, runs: Sequence[ToolRun]) -> None:
    for run in runs:
        d = out / "hyp" / run.tool.split()[0] / set_name
        d.mkdir(parents=True, exist_ok=True)
        for name, hyp in run.hyps.items():
            (d / f"{name}.txt").write_text(hyp.text, encoding="utf-8")


def evaluate_set(set_name: str, pages: Sequence[Page], args: argparse.Namespace,
                 out: Path) -> tuple[str, list[list]]:
    runs: list[ToolRun] = []
    notes: list[str] = []
    cache_root = out / "cache"
    t_version, r_version = tesseract_version(), rapidocr_version()
    for tool in TOOLS:
        selected = tool in args.tools
        if tool == "ocrtools":
            if selected:
                print(f"eval_pages: {set_name}: ocr-read over {len(pages)} pages",
                      file=sys.stderr)
                runs.append(run_ocrtools(pages, args.jobs, shlex.split(args.ocrtools_args)))
        elif tool == "tesseract":
            if not t_version:
                if selected:
                    notes.append("tesseract not found (apt-get install tesseract-ocr)")
                continue
            cache = Cache(cache_root, "tesseract", t_version, read=not args.no_cache)
            if selected:
                print(f"eval_pages: {set_name}: tesseract over {len(pages)} pages",
                      file=sys.stderr)
                runs.append(run_tesseract(pages, args.jobs, cache))
            elif (hit := cached_only(pages, cache, "tesseract --psm 3")) is not None:
                runs.append(hit)
        else:
            if not r_version:
                if selected:
                    notes.append("RapidOCR not installed in .bench-venv/ (make bench-venv)")
                continue
            cache = Cache(cache_root, "rapidocr", r_version, read=not args.no_cache)
            if selected:
                print(f"eval_pages: {set_name}: RapidOCR over {len(pages)} pages",
                      file=sys.stderr)
                runs.append(run_rapidocr(pages, cache, out / "work"))
            elif (hit := cached_only(pages, cache, "rapidocr " + r_version.split()[1])) is not None:
                runs.append(hit)
    for run in runs:
        notes += run.notes
        if run.cached:
            notes.append(f"{run.tool}: {run.cached} of {len(pages)} pages from the cache "
                         "(their s/page is from the run that made them)")
    _write_hyps(out, set_name, runs)
    boxes = all(p.gt_boxes is not None for p in pages)
    header = ["tool", "pages", "GT chars", "CER", "word F1"]
    if boxes:
        header += ["line R", "line P", "order"]
    header.append("s/page")
    text = [f"### {set_name}: {len(pages)} pages\n",
            markdown_table(header, summary_rows(pages, runs, boxes)), "",
            markdown_table(*kind_rows(pages, runs)), "",
            f"Per page ({set_name}):\n", markdown_table(*per_page_rows(pages, runs)), ""]
    if notes:
        text += ["Notes:"] + [f"- {n}" for n in notes] + [""]
    tsv = []
    for run in runs:
        for p in pages:
            s = page_score(p, run.hyps[p.name])
            tsv.append([set_name, p.name, p.kind, run.tool, s.ref_chars, s.edits,
                        _fmt(s.cer, 4), _fmt(s.word_f1, 4),
                        s.lines_matched if s.boxed_pages else "",
                        s.gt_lines if s.boxed_pages else "", s.hyp_lines if s.boxed_pages else "",
                        f"{s.seconds:.3f}", run.hyps[p.name].error.replace("\t", " ")[:200]])
    return "\n".join(text), tsv


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m training.eval_pages",
                                description="Page reading: ocrtools vs Tesseract vs RapidOCR.")
    p.add_argument("--sets", default="synthetic,real", help="comma-separated: synthetic,real")
    p.add_argument("--tools", default=",".join(TOOLS), help="comma-separated: "
                   + ",".join(TOOLS) + " (others are shown from the cache when it has them)")
    p.add_argument("--jobs", "-j", type=int, default=2,
                   help="ocr-read workers and Tesseract processes at a time")
    p.add_argument("--limit", type=int, default=0, help="first N pages of each set")
    p.add_argument("--no-cache", action="store_true", help="rerun Tesseract and RapidOCR")
    p.add_argument("--synthetic-dir", type=Path, default=SYNTHETIC_DIR)
    p.add_argument("--real-dir", type=Path, default=REAL_DIR)
    p.add_argument("--ocrtools-args", default="",
                   help="extra ocr-read options, e.g. '--binarize sauvola'")
    p.add_argument("--out", type=Path, default=OUT)
    a = p.parse_args(argv)
    a.sets = [s for s in a.sets.split(",") if s]
    a.tools = [t for t in a.tools.split(",") if t]
    for value, allowed, what in ((a.sets, SETS, "set"), (a.tools, TOOLS, "tool")):
        bad = [v for v in value if v not in allowed]
        if bad:
            p.error(f"unknown {what} {bad[0]!r}; expected some of {', '.join(allowed)}")
    return a


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    command = "python -m training.eval_pages " + " ".join(
        shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    parts = [f"# Page reading evaluation\n\n`{command.strip()}`\n"]
    tsv_rows: list[list] = []
    for set_name in args.sets:
        directory = args.synthetic_dir if set_name == "synthetic" else args.real_dir
        if not directory.is_dir():
            hint = " (make data-pages)" if set_name == "synthetic" else ""
            parts.append(f"### {set_name}: skipped, {directory} not found{hint}\n")
            continue
        pages = load_set(directory, args.limit or None)
        if not pages:
            parts.append(f"### {set_name}: skipped, no pages in {directory}\n")
            continue
        text, rows = evaluate_set(set_name, pages, args, out)
        parts.append(text)
        tsv_rows += rows
    report = "\n".join(parts)
    print(report)
    (out / "report.md").write_text(report, encoding="utf-8")
    with open(out / "pages.tsv", "w", encoding="utf-8") as f:
        f.write("set\tpage\tkind\ttool\tgt_chars\tedits\tcer\tword_f1\tlines_matched\t"
                "gt_lines\thyp_lines\tseconds\terror\n")
        for row in tsv_rows:
            f.write("\t".join(str(v) for v in row) + "\n")
    print(f"eval_pages: wrote {out / 'report.md'} and {out / 'pages.tsv'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
