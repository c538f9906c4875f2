"""Speed and memory of ocrtools, side by side with Tesseract and RapidOCR (issue 7).

``python -m training.bench`` (``make bench``):

* makes 500 noisy lines from held-out fonts (seed 2001) in ``build/bench/lines/`` once;
* runs, one after the other in the same run, each in a fresh child process measured
  from outside: ``ocr-read DIR -j 2 --format tsv``; Tesseract 5 (``--psm 7``, two
  processes at a time, ``OMP_THREAD_LIMIT=1``); RapidOCR recognition only
  (``use_det=False, use_cls=False, use_rec=True``, one process) from the separate venv
  ``.bench-venv/`` (``make bench-venv``; never a dependency of ocrtools);
* reports wall time, lines/s, the ratio to ocrtools, peak memory (the sum of RSS over
  the tool's process tree, sampled from /proc every 20 ms, and the largest single
  process as getrusage(RUSAGE_CHILDREN) reports it, like ``/usr/bin/time -v``) and CER;
* pages (``--pages 8``): synthetic A4 scans at 300 dpi (2480x3508, 1-2 columns, made
  once by ``training.pages --a4-300`` in ``build/bench/pages/``): one page read by
  ``ocr-read PAGE -j 1`` (and the layout seconds when ``ocr-read --timings`` exists),
  ``ocr-read DIR -j 2`` vs ``tesseract --psm 3`` two processes at a time over the same
  directory, wall times and their ratio;
* start-up times (``ocr-join --help``, ``ocr-boxes --help``, ``ocr-read one.png``),
  EMNIST characters/s on one core, and memory flatness of ``ocr-read --files-from``
  over 1,000 and 10,000 inputs.

``python -m training.bench --profile`` times the stages of ``read_image`` in one
process over 200 lines (and, when pyinstrument is installed, writes its profile).

The machine is shared and small: compare the tools by their ratios within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from training.evaluate import (
    ROOT,
    Score,
    markdown_table,
    ocr_read_command,
    parse_ocr_read_tsv,
    read_labels,
    tesseract_available,
    tesseract_text,
)

OUT = Path("build/bench")
BENCH_VENV = ROOT / ".bench-venv"
BENCH_PY = BENCH_VENV / "bin" / "python"
RAPIDOCR_PACKAGE = "rapidocr-onnxruntime==1.4.4"
SEED = 2001
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024
MODEL: str | None = None  # --model for every ocr-read run (None: ocr-read's default)


def model_args() -> list[str]:
    return ["--model", MODEL] if MODEL else []

# --------------------------------------------------------------------------- measuring

# Runs a command as its only child and writes its wall time and the largest RSS of
# any process in its tree (getrusage of the waited-for children, in KiB on Linux).
_RUSAGE_WRAPPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as f:
    json.dump({"wall": wall, "maxrss_kib": rss}, f)
sys.exit(code)
"""


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, RSS bytes) for every process /proc shows."""
    table = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        table[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE)
    return table


def tree_rss(root: int, include_root: bool = False) -> int:
    """Sum of RSS over a process's descendants (and itself if asked), in bytes."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total = table.get(root, (0, 0))[1] if include_root else 0
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += table[pid][1]
        stack.extend(children.get(pid, []))
    return total


class TreeSampler:
    """Samples the RSS summed over a process tree in a thread; keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = os.path.isdir("/proc/self")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()


@dataclass
class Measured:
    """One measured command: wall seconds, peak tree RSS, largest process RSS, output."""

    wall: float
    peak_tree_mb: float | None
    max_rss_mb: float | None
    returncode: int
    stdout: str = ""
    stderr: str = ""


def measure(command: Sequence[str], env: dict[str, str] | None = None,
            keep_stdout: bool = True) -> Measured:
    """Run a command in a fresh child process and measure it from outside."""
    with tempfile.NamedTemporaryFile("r", suffix=".json", delete=False) as handle:
        usage_file = handle.name
    wrapped = [sys.executable, "-c", _RUSAGE_WRAPPER, usage_file, *command]
    out = subprocess.PIPE if keep_stdout else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=out, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                            text=True, encoding="utf-8", errors="replace")
    with TreeSampler(proc.pid) as sampler:
        stdout, stderr = proc.communicate()
    outer = time.perf_counter() - start
    try:
        usage = json.loads(Path(usage_file).read_text())
    except (OSError, ValueError):
        usage = {}
    finally:
        Path(usage_file).unlink(missing_ok=True)
    peak = sampler.peak / MB if sampler.available and sampler.peak else None
    rss = usage.get("maxrss_kib")
    return Measured(
        wall=float(usage.get("wall", outer)),
        peak_tree_mb=peak,
        max_rss_mb=rss / 1024 if rss else None,
        returncode=proc.returncode,
        stdout=stdout or "",
        stderr=stderr or "",
    )


# --------------------------------------------------------------------------- data


def ensure_lines(directory: Path, n: int, condition: str) -> list[str]:
    """The first n lines of the bench set (generated once with training.synth)."""
    labels = directory / "labels.tsv"
    lines = read_labels(directory) if labels.exists() else []
    if len(lines) < n or any(line.condition != condition for line in lines[:n]):
        if directory.exists():
            shutil.rmtree(directory)
        print(f"training.bench: generating {n} {condition} lines in {directory}",
              file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "training.synth", "--out", str(directory), "--n", str(n),
             "--seed", str(SEED), "--condition", condition, "--fonts", "heldout",
             "--jobs", "2"],
            check=True, cwd=ROOT,
        )
        lines = read_labels(directory)
    return [line.name for line in lines[:n]]


def console_script(name: str) -> list[str]:
    for candidate in (ROOT / ".venv" / "bin" / name, ROOT / "bin" / name):
        if candidate.exists() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"training.bench: no {name} (run make install)")
    return [found]


# --------------------------------------------------------------------------- tools


@dataclass
class ToolResult:
    tool: str
    measured: Measured | None
    texts: dict[str, str] = field(default_factory=dict)
    note: str = ""


def bench_ocrtools(directory: Path, names: Sequence[str], list_file: Path) -> ToolResult:
    command = ocr_read_command()
    if len(list(directory.glob("*.png"))) == len(names):
        command.append(str(directory))
    else:
        list_file.write_text("".join(f"{directory / n}\n" for n in names), encoding="utf-8")
        command += ["--files-from", str(list_file)]
    command += ["-j", "2", "--format", "tsv", "--no-progress", *model_args()]
    measured = measure(command)
    if measured.returncode not in (0, 1):
        sys.stderr.write(measured.stderr)
        raise SystemExit(f"training.bench: {' '.join(command)} exited {measured.returncode}")
    texts, _, failed = parse_ocr_read_tsv(measured.stdout)
    note = f"{len(failed)} inputs failed" if failed else ""
    return ToolResult("ocrtools (ocr-read -j 2)", measured, texts, note)


def tesseract_worker(list_file: str) -> int:
    """Child process for the Tesseract row: two tesseract processes at a time."""
    from concurrent.futures import ThreadPoolExecutor

    paths = Path(list_file).read_text(encoding="utf-8").split("\n")
    paths = [p for p in paths if p]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with ThreadPoolExecutor(max_workers=2) as pool:
        for path, (text, _) in zip(paths, pool.map(lambda p: tesseract_text(p, env), paths),
                                   strict=True):
            sys.stdout.write(f"{os.path.basename(path)}\t{text.replace(chr(9), ' ')}\n")
    return 0


def bench_tesseract(paths: Sequence[str], list_file: Path) -> ToolResult:
    tool = "tesseract --psm 7 (2 procs)"
    if not tesseract_available():
        return ToolResult(tool, None, note="tesseract not found (apt-get install tesseract-ocr)")
    list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    measured = measure([sys.executable, "-m", "training.bench", "_tesseract", str(list_file)])
    return ToolResult(tool, measured, _name_text_rows(measured.stdout))


RAPIDOCR_SCRIPT = """
import os, sys, time
start = time.perf_counter()
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR(intra_op_num_threads=int(sys.argv[2]))
loaded = time.perf_counter()
paths = [p for p in open(sys.argv[1], encoding="utf-8").read().split("\\n") if p]
for path in paths:
    result, _ = engine(path, use_det=False, use_cls=False, use_rec=True)
    text = result[0][0] if result else ""
    sys.stdout.write(os.path.basename(path) + "\\t" + text.replace("\\t", " ") + "\\n")
done = time.perf_counter()
sys.stdout.write("#load\\t%.3f\\n#loop\\t%.3f\\n" % (loaded - start, done - loaded))
"""


def ensure_bench_venv() -> str:
    """Create .bench-venv with RapidOCR if it is missing; '' when ready, else why not."""
    if BENCH_PY.exists() and subprocess.run(
        [str(BENCH_PY), "-c", "import rapidocr_onnxruntime"], capture_output=True
    ).returncode == 0:
        return ""
    print(f"training.bench: creating {BENCH_VENV.name}/ with {RAPIDOCR_PACKAGE}",
          file=sys.stderr)
    base = shutil.which("python3") or sys.executable
    steps = [
        [base, "-m", "venv", str(BENCH_VENV)],
        [str(BENCH_PY), "-m", "pip", "install", "-q", "--timeout", "30", "--retries", "1",
         RAPIDOCR_PACKAGE],
    ]
    for step in steps:
        proc = subprocess.run(step, capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["failed"])[-1]
            return f"could not install {RAPIDOCR_PACKAGE} into {BENCH_VENV.name}/ ({last})"
    return ""


def bench_rapidocr(paths: Sequence[str], list_file: Path, threads: int = 2) -> ToolResult:
    tool = f"RapidOCR rec only (1 proc, {threads} threads)"
    why = ensure_bench_venv()
    if why:
        return ToolResult(tool, None, note=why)
    script = OUT / "rapidocr_rec.py"
    script.write_text(RAPIDOCR_SCRIPT, encoding="utf-8")
    list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    measured = measure([str(BENCH_PY), str(script), str(list_file), str(threads)])
    if measured.returncode != 0:
        last = (measured.stderr.strip().splitlines() or ["?"])[-1]
        return ToolResult(tool, None, note=f"RapidOCR failed: {last}")
    timings = {
        row.split("\t")[0]: row.split("\t")[1]
        for row in measured.stdout.splitlines()
        if row.startswith("#")
    }
    note = (f"RapidOCR in-process: model load {timings.get('#load', '?')} s, "
            f"recognition loop {timings.get('#loop', '?')} s")
    return ToolResult(tool, measured, _name_text_rows(measured.stdout), note)


def _name_text_rows(output: str) -> dict[str, str]:
    texts = {}
    for row in output.splitlines():
        if row and not row.startswith("#"):
            name, _, text = row.partition("\t")
            texts[name] = text
    return texts


# --------------------------------------------------------------------------- pages


def ensure_pages(directory: Path, n: int) -> list[str]:
    """n synthetic scan pages, A4 at 300 dpi (2480x3508), 1-2 columns, held-out fonts
    (training.pages --a4-300, seed SEED), generated once."""
    index = directory / "index.tsv"
    rows = index.read_text(encoding="utf-8").splitlines()[1:] if index.exists() else []
    if len(rows) != n:
        if directory.exists():
            shutil.rmtree(directory)
        print(f"training.bench: generating {n} A4 pages in {directory}", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "training.pages", "--out", str(directory), "--n", str(n),
             "--seed", str(SEED), "--kinds", "scan", "--fonts", "heldout", "--a4-300",
             "--jobs", "2"],
            check=True, cwd=ROOT,
        )
    return sorted(str(p) for p in directory.glob("*.png"))


def tesseract_pages_worker(list_file: str) -> int:
    """Child process for the page row: tesseract --psm 3, two processes at a time."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [p for p in Path(list_file).read_text(encoding="utf-8").split("\n") if p]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def read(path: str) -> int:
        return subprocess.run(["tesseract", path, "-", "--psm", "3"], capture_output=True,
                              env=env).returncode

    with ThreadPoolExecutor(max_workers=2) as pool:
        codes = list(pool.map(read, paths))
    return 1 if any(codes) else 0


def layout_seconds(path: str, repeats: int = 5) -> float:
    """Seconds of ocrtools.layout.analyse_page on one page (decoding not counted), in a
    child process with one thread, median of ``repeats`` after a warm-up."""
    code = (
        "import statistics, sys, time\n"
        "from ocrtools.images import load_image\n"
        "from ocrtools.layout import analyse_page\n"
        "page = load_image(sys.argv[1]); analyse_page(page)\n"
        "times = []\n"
        f"for _ in range({repeats}):\n"
        "    t = time.perf_counter(); analyse_page(page); times.append(time.perf_counter() - t)\n"
        "print(statistics.median(times))\n"
    )
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    return float(out.stdout.strip())


def page_speed(directory: Path, n: int, run_tesseract: bool) -> tuple[list[list[object]],
                                                                       list[str]]:
    """One A4 page with one worker; a directory of n pages, ocr-read -j 2 vs Tesseract."""
    paths = ensure_pages(directory, n)
    notes: list[str] = []
    rows: list[list[object]] = []
    read = console_script("ocr-read")
    one = measure([*read, paths[0], "-j", "1", "--no-progress", *model_args()],
                  keep_stdout=False)
    rows.append([f"ocr-read one A4 page -j 1 ({Path(paths[0]).name})", f"{one.wall:.2f}",
                 f"{one.wall:.2f}", "-"])
    layout = layout_seconds(paths[0])
    rows.append(["layout alone, one A4 page (median of 5, in process, 1 thread)",
                 f"{layout:.3f}", f"{layout:.3f}", "-"])
    ours = measure([*read, str(directory), "-j", "2", "--no-progress", *model_args()],
                   keep_stdout=False)
    rows.append([f"ocr-read DIR -j 2 ({len(paths)} pages)", f"{ours.wall:.2f}",
                 f"{ours.wall / len(paths):.2f}", "1.00x"])
    if ours.returncode not in (0, 1):
        notes.append(f"ocr-read over the pages exited {ours.returncode}")
    if run_tesseract and tesseract_available():
        list_file = OUT / "files-pages-tesseract.txt"
        list_file.write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
        tess = measure([sys.executable, "-m", "training.bench", "_tesseract_pages",
                        str(list_file)], keep_stdout=False)
        rows.append([f"tesseract --psm 3, 2 procs ({len(paths)} pages)", f"{tess.wall:.2f}",
                     f"{tess.wall / len(paths):.2f}",
                     f"{tess.wall / ours.wall:.2f}x" if ours.wall else "-"])
    elif run_tesseract:
        notes.append("tesseract not found: no page row for it")
    return rows, notes


# --------------------------------------------------------------------------- extras


def startup_times(one_image: str, repeats: int = 5) -> list[list[object]]:
    """Median wall time of fresh processes (and the first, 'cold', one)."""
    rows: list[list[object]] = []
    commands = [
        ("ocr-join --help", console_script("ocr-join") + ["--help"]),
        ("ocr-boxes --help", console_script("ocr-boxes") + ["--help"]),
        ("ocr-read one.png", console_script("ocr-read") + [one_image, *model_args()]),
    ]
    for label, command in commands:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           cwd=ROOT)
            times.append(time.perf_counter() - start)
        rows.append([label, f"{times[0]:.3f}", f"{statistics.median(times):.3f}",
                     f"{min(times):.3f}"])
    return rows


def emnist_speed(batch: int = 1024, seconds: float = 2.0,
                 model: Path | None = None) -> tuple[str, str]:
    """EMNIST model characters/s, batch of 1024, onnxruntime on one thread."""
    model = model or ROOT / "models" / "emnist.onnx"
    if not model.exists():
        return "-", "models/emnist.onnx absent (make train-emnist): skipped"
    import numpy as np

    from ocrtools.classify import predict
    from ocrtools.models import find_model, load_session

    info = find_model(str(model))
    session = load_session(info, 1)
    height, width = info.input_shape[1], info.input_shape[2]
    # Our own drawn characters (the repository carries no EMNIST images); the time per
    # character does not depend on what is drawn.
    drawn = sorted((ROOT / "examples" / "handwritten").glob("pen_*.png"))
    source = "zeros"
    crops = np.zeros((batch, height, width), dtype=np.uint8)
    if drawn:
        from PIL import Image

        images = np.stack([np.asarray(Image.open(p).convert("L")) for p in drawn])
        if images.shape[1:] == (height, width):
            crops = np.resize(images, (batch, height, width)).astype(np.uint8)
            source = f"the {len(drawn)} examples/handwritten/pen_*.png repeated"
    predict(session, crops)  # warm-up
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or runs < 3:
        predict(session, crops)
        runs += 1
    elapsed = time.perf_counter() - start
    rate = runs * batch / elapsed
    from ocrtools.classify import BATCH

    return f"{rate:,.0f}", (
        f"{batch} images of {height}x{width} per predict() ({source}; onnxruntime calls of "
        f"{BATCH}), 1 thread, {runs} runs"
    )


def memory_flatness(paths: Sequence[str], sizes: Sequence[int]) -> list[list[object]]:
    """Peak memory of ocr-read --files-from over growing input lists of the same images."""
    rows: list[list[object]] = []
    base: Measured | None = None
    for size in sizes:
        list_file = OUT / f"flat-{size}.txt"
        list_file.write_text("".join(f"{paths[i % len(paths)]}\n" for i in range(size)),
                             encoding="utf-8")
        command = ocr_read_command() + ["--files-from", str(list_file), "-j", "2",
                                        "--format", "tsv", "--no-progress", *model_args()]
        measured = measure(command, keep_stdout=False)
        base = base or measured
        ratio = (
            f"{measured.peak_tree_mb / base.peak_tree_mb:.2f}"
            if measured.peak_tree_mb and base.peak_tree_mb else "-"
        )
        rows.append([size, f"{measured.wall:.1f}", f"{size / measured.wall:.1f}",
                     _mb(measured.peak_tree_mb), _mb(measured.max_rss_mb), ratio])
    return rows


def smallest(paths: Sequence[str], count: int) -> list[str]:
    """The `count` images with the fewest pixels (the flatness runs are about memory)."""
    from PIL import Image

    def pixels(path: str) -> int:
        with Image.open(path) as image:
            return image.width * image.height

    return sorted(paths, key=pixels)[:count]


def _mb(value: float | None) -> str:
    return f"{value:.0f}" if value else "-"


# --------------------------------------------------------------------------- profile


def profile(directory: Path, names: Sequence[str]) -> str:
    """Per-stage time of read_image's chain, in this process, over the given lines."""
    from ocrtools import ctc, records
    from ocrtools.binarize import binarize
    from ocrtools.boxes import line_ink
    from ocrtools.images import load_image
    from ocrtools.lines import normalize_line
    from ocrtools.models import find_model, load_session
    from ocrtools.pipeline import join_record, strip_field
    from ocrtools.reading import ReadSettings, read_image
    from ocrtools.typed import Decoder

    paths = [str(directory / n) for n in names]
    t0 = time.perf_counter()
    info = find_model(MODEL or "printed")
    t1 = time.perf_counter()
    session = load_session(info)
    t2 = time.perf_counter()
    stages = ["load image", "binarize", "rules, skew, band (line_ink)", "normalise strip",
              "strip PNG encode+decode", "line model (onnxruntime)", "frame labels",
              "join (best path)"]
    totals = dict.fromkeys(stages, 0.0)
    texts = []
    clock = time.perf_counter
    for path in paths:
        marks = [clock()]
        gray = load_image(path)
        marks.append(clock())
        raw = binarize(gray, "otsu")
        marks.append(clock())
        ink, line = line_ink(raw, rules=True)
        marks.append(clock())
        strip = normalize_line(gray, raw, ink, line)
        marks.append(clock())
        record = {"image": path, "line": line.as_dict(), "strip": strip_field(strip)}
        pixels = records.decode_gray(record["strip"]["png"], "strip")
        marks.append(clock())
        logits = ctc.run(session, pixels)
        marks.append(clock())
        record.update(task="ctc-line", stride=4,
                      frames=ctc.frame_labels(logits, info.labels, pixels.shape[1] // 4))
        marks.append(clock())
        texts.append(join_record(record, Decoder("any", None))["text"])
        marks.append(clock())
        for stage, a, b in zip(stages, marks, marks[1:], strict=False):
            totals[stage] += b - a
    settings = ReadSettings(str(info.path), "otsu", "any", None, False)
    start = clock()
    whole = ["\n".join(r["text"] for r in read_image(path, None, settings)) for path in paths]
    read_total = clock() - start
    same = sum(a == b for a, b in zip(texts, whole, strict=True))
    staged = sum(totals.values())
    n = len(paths)
    rows = [[stage, f"{t:.3f}", f"{1000 * t / n:.2f}", f"{100 * t / staged:.1f}%"]
            for stage, t in totals.items()]
    rows.append(["sum of stages", f"{staged:.3f}", f"{1000 * staged / n:.2f}", "100.0%"])
    rows.append(["read_image (whole, same lines)", f"{read_total:.3f}",
                 f"{1000 * read_total / n:.2f}", "-"])
    parts = [
        f"## Stage profile: {n} lines, one process, one thread",
        "",
        f"find_model {1000 * (t1 - t0):.1f} ms; load_session (sha256 + onnxruntime import "
        f"+ session) {1000 * (t2 - t1):.1f} ms, once per process.",
        "",
        markdown_table(("stage", "total s", "ms/line", "share"), rows),
        "",
        f"Staged texts equal read_image's on {same}/{n} lines.",
    ]
    try:
        from pyinstrument import Profiler
    except ImportError:
        parts += ["", "pyinstrument not installed (dev tool: .venv/bin/pip install "
                  "pyinstrument) - no call-tree profile."]
    else:
        profiler = Profiler(interval=0.0005)
        profiler.start()
        for path in paths:
            read_image(path, None, settings)
        profiler.stop()
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        target = OUT / "profile-pyinstrument.txt"
        target.write_text(text, encoding="utf-8")
        parts += ["", f"pyinstrument call tree of read_image over the same lines: {target}"]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- main


def cer_of(texts: dict[str, str], truth: dict[str, str]) -> tuple[str, str]:
    score = Score()
    for name, text in truth.items():
        score.add(text, texts.get(name, ""))
    return f"{100 * score.cer:.2f}%", f"{100 * score.exact_rate:.1f}%"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m training.bench",
        description="Speed and memory of ocr-read beside Tesseract and RapidOCR.",
    )
    p.add_argument("--lines", type=int, default=500, help="lines to read (default 500)")
    p.add_argument("--condition", default="noisy", help="synth condition (default noisy)")
    p.add_argument("--no-rapidocr", action="store_true", help="skip the RapidOCR row")
    p.add_argument("--no-tesseract", action="store_true", help="skip the Tesseract row")
    p.add_argument("--flat", default="1000,10000",
                   help="input counts for the memory-flatness runs ('' to skip)")
    p.add_argument("--rapidocr-threads", type=int, default=2,
                   help="onnxruntime threads of the single RapidOCR process (default 2)")
    p.add_argument("--pages", type=int, default=8,
                   help="A4 300-dpi pages for the page-speed runs (0 to skip; default 8)")
    p.add_argument("--profile", action="store_true",
                   help="only: per-stage time of read_image over --profile-lines lines")
    p.add_argument("--profile-lines", type=int, default=200)
    p.add_argument("--model", default=None, help="ocr-read --model (default: printed)")
    p.add_argument("--out", default=str(OUT), help="report.md goes here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_tesseract"]:
        return tesseract_worker(argv[1])
    if argv[:1] == ["_tesseract_pages"]:
        return tesseract_pages_worker(argv[1])
    args = parse_args(argv)
    global OUT, MODEL
    OUT = Path(args.out).resolve()
    MODEL = args.model
    OUT.mkdir(parents=True, exist_ok=True)
    directory = OUT / "lines"
    command = "python -m training.bench " + " ".join(argv)

    if args.profile:
        names = ensure_lines(directory, args.profile_lines, args.condition)
        text = f"# ocrtools stage profile\n\nCommand: `{command.strip()}`\n\n"
        text += profile(directory, names)
        (OUT / "profile.md").write_text(text, encoding="utf-8")
        print(text)
        return 0

    names = ensure_lines(directory, args.lines, args.condition)
    truth = {line.name: line.text for line in read_labels(directory)[: len(names)]}
    paths = [str(directory / n) for n in names]
    notes: list[str] = []
    results = [bench_ocrtools(directory, names, OUT / "files-ocrtools.txt")]
    if not args.no_tesseract:
        results.append(bench_tesseract(paths, OUT / "files-tesseract.txt"))
    if not args.no_rapidocr:
        results.append(bench_rapidocr(paths, OUT / "files-rapidocr.txt", args.rapidocr_threads))
    ours = results[0].measured
    rows = []
    for result in results:
        if result.note:
            notes.append(f"{result.tool}: {result.note}")
        m = result.measured
        if m is None:
            rows.append([result.tool, "-", "-", "-", "-", "-", "-", "-"])
            continue
        cer, exact = cer_of(result.texts, truth)
        ratio = f"{m.wall / ours.wall:.2f}x" if ours and ours.wall else "-"
        rows.append([result.tool, f"{m.wall:.2f}", f"{len(names) / m.wall:.1f}", ratio,
                     _mb(m.peak_tree_mb), _mb(m.max_rss_mb), cer, exact])

    print("training.bench: start-up times", file=sys.stderr)
    startup = startup_times(paths[0])
    print("training.bench: EMNIST speed", file=sys.stderr)
    emnist_rate, emnist_note = emnist_speed()
    flat_sizes = [int(s) for s in args.flat.split(",") if s.strip()]
    flat_rows: list[list[object]] = []
    if flat_sizes:
        print(f"training.bench: memory flatness over {flat_sizes} inputs", file=sys.stderr)
        flat_rows = memory_flatness(smallest(paths, 8), flat_sizes)
    page_rows: list[list[object]] = []
    if args.pages > 0:
        print(f"training.bench: page speed over {args.pages} A4 pages", file=sys.stderr)
        page_rows, page_notes = page_speed(OUT / "pages", args.pages, not args.no_tesseract)
        notes += page_notes

    parts = [
        "# ocrtools benchmark",
        "",
        f"Command: `{command.strip()}`; {len(names)} {args.condition} lines, held-out fonts, "
        f"seed {SEED}; machine: {os.cpu_count()} cores (shared: compare ratios, not "
        "absolute numbers).",
        "",
        "Wall = the tool's whole run as a fresh process (start-up and model loading "
        "included). Peak RSS (tree) = RSS summed over the tool's processes, sampled every "
        "20 ms; max RSS (1 proc) = the largest single process (getrusage, as "
        "/usr/bin/time -v reports it).",
        "",
        markdown_table(("tool", "wall s", "lines/s", "ratio to ocrtools (wall)",
                        "peak RSS MB (tree)", "max RSS MB (1 proc)", "CER", "exact"), rows),
        "",
        "## Start-up (fresh process each, seconds; 5 runs)",
        "",
        markdown_table(("command", "first (cold)", "median", "min"), startup),
        "",
        "## EMNIST model",
        "",
        f"chars/s on one core: {emnist_rate} ({emnist_note})",
    ]
    if flat_rows:
        parts += [
            "",
            "## Memory flatness: ocr-read --files-from LIST -j 2 (the 8 smallest images repeated)",
            "",
            markdown_table(("inputs", "wall s", "lines/s", "peak RSS MB (tree)",
                            "max RSS MB (1 proc)", "peak ratio to first"), flat_rows),
        ]
    if page_rows:
        parts += [
            "",
            "## Pages: synthetic scans, A4 at 300 dpi (2480x3508), 1-2 columns",
            "",
            "Wall = the whole run as a fresh process; ratio = wall / ocr-read's wall over the "
            "same directory.",
            "",
            markdown_table(("run", "wall s", "s/page", "ratio to ocr-read -j 2"), page_rows),
        ]
    if notes:
        parts += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    report = "\n".join(parts) + "\n"
    (OUT / "report.md").write_text(report, encoding="utf-8")
    print(report)
    print(f"training.bench: wrote {OUT / 'report.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
