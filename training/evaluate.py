"""Evaluate ocrtools on the held-out synthetic line sets, side by side with Tesseract.

``python -m training.evaluate --sets data/eval`` (``make eval``, issue 4) reads every
condition set under ``--sets`` (``clean``, ``noisy``, ``hard``, ``scan``: directories of
PNGs with a ``labels.tsv`` from ``training.synth``) the way a user would:

* ocrtools: ``ocr-read SET -j 2 --format tsv`` as a subprocess, timed wall-clock
  (start-up and model loading included);
* Tesseract 5: ``tesseract IMG stdout --psm 7``, two processes at a time
  (``OMP_THREAD_LIMIT=1``), timed the same way; skipped with a note when absent;
* with ``--expect-by-kind``: ocrtools once more, one ``ocr-read --expect KIND`` run per
  kind of line (``sentence`` lines with the default ``--expect any``), reported as the
  tool row ``ocrtools --expect``.

Metrics per condition and per kind: CER (total edit distance / total reference
characters; texts compared as written, outer whitespace stripped), CER ignoring case,
exact-line accuracy (outer whitespace stripped, runs of spaces collapsed) and lines/s.
The tables are printed as markdown and written to ``build/eval/report.md``; every line
with its truth and each tool's text goes to ``build/eval/lines.tsv`` for error studies.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("date", "word", "name", "iban", "code", "sentence")
EXPECT_KINDS = ("date", "iban", "code", "word", "name")  # ocr-read --expect values
CONDITIONS = ("clean", "noisy", "hard", "scan")
# issue 16: held-out fonts, 500 lines per condition (the real dev lines: all of them)
# -> (max CER, min exact-line accuracy)
TARGETS: dict[str, tuple[float, float]] = {
    "clean": (0.001, 0.99),
    "noisy": (0.015, 0.90),
    "hard": (0.050, 0.70),
    "accented": (0.010, 0.90),
    "real": (0.005, 0.80),
}
#: the real lines cut from real pages (issue 16), read where the team keeps them
REAL_LINES = ROOT.parent / "shared" / "data" / "real-dev" / "lines"
REAL_SETS = {"real": "lines.tsv", "real-tight": "tight.tsv"}
TOOL_OCRTOOLS = "ocrtools"
TOOL_EXPECT = "ocrtools --expect"
TOOL_TESSERACT = "tesseract"

# --------------------------------------------------------------------------- metrics


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions, each cost 1)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return previous[-1]


def edit_ops(ref: str, hyp: str) -> list[tuple[str, str]]:
    """The edits of one optimal alignment as (reference char, hypothesis char) pairs:
    ('a', 'b') a substitution, ('a', '') a deletion, ('', 'b') an insertion."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1])
            )
    ops: list[tuple[str, str]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            if ref[i - 1] != hyp[j - 1]:
                ops.append((ref[i - 1], hyp[j - 1]))
            i, j = i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            ops.append((ref[i - 1], ""))
            i -= 1
        else:
            ops.append(("", hyp[j - 1]))
            j -= 1
    ops.reverse()
    return ops


def normalize_line(text: str) -> str:
    """For exact-line accuracy: outer whitespace stripped, runs of spaces collapsed."""
    return re.sub(r" {2,}", " ", text.strip())


@dataclass
class Score:
    """Accumulated counts for one tool on a set of lines."""

    lines: int = 0
    ref_chars: int = 0
    edits: int = 0
    edits_nocase: int = 0
    exact: int = 0
    failed: int = 0

    def add(self, truth: str, text: str, failed: bool = False) -> int:
        ref, hyp = truth.strip(), text.strip()
        distance = levenshtein(ref, hyp)
        self.lines += 1
        self.ref_chars += len(ref)
        self.edits += distance
        self.edits_nocase += levenshtein(ref.casefold(), hyp.casefold())
        self.exact += normalize_line(truth) == normalize_line(text)
        self.failed += failed
        return distance

    @property
    def cer(self) -> float:
        return self.edits / self.ref_chars if self.ref_chars else 0.0

    @property
    def cer_nocase(self) -> float:
        return self.edits_nocase / self.ref_chars if self.ref_chars else 0.0

    @property
    def exact_rate(self) -> float:
        return self.exact / self.lines if self.lines else 0.0


def score_pairs(pairs: Iterable[tuple[str, str]]) -> Score:
    """A Score over (truth, text) pairs."""
    score = Score()
    for truth, text in pairs:
        score.add(truth, text)
    return score


def target_met(condition: str, score: Score) -> str:
    """'yes'/'no' against the issue's target for this condition ('-' when it has none)."""
    if condition not in TARGETS:
        return "-"
    max_cer, min_exact = TARGETS[condition]
    ok = score.cer <= max_cer and score.exact_rate >= min_exact
    return "yes" if ok else "no"


def target_text(condition: str) -> str:
    if condition not in TARGETS:
        return "-"
    max_cer, min_exact = TARGETS[condition]
    return f"CER <= {max_cer:.1%}, exact >= {min_exact:.0%}"


def percent(value: float, digits: int = 2) -> str:
    return f"{100 * value:.{digits}f}%"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table: text columns left-aligned, numeric-looking ones right-aligned."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def numeric(i: int) -> bool:
        values = [row[i] for row in cells[1:] if row[i] not in ("", "-")]
        return bool(values) and all(re.fullmatch(r"[-+]?[\d.,]+[%x]?", v) for v in values)

    right = [numeric(i) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        padded = zip(row, widths, right, strict=True)
        parts = [c.rjust(w) if r else c.ljust(w) for c, w, r in padded]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if r else ("-" * (w + 2))
                          for w, r in zip(widths, right, strict=True)) + "|"
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Line:
    name: str
    text: str
    kind: str
    font: str
    condition: str


def read_labels(set_dir: Path) -> list[Line]:
    """The lines of a set: labels.tsv of training.synth (name, text, kind, font, condition)."""
    lines = []
    with open(set_dir / "labels.tsv", encoding="utf-8") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        if header[:2] != ["name", "text"]:
            raise SystemExit(f"training.evaluate: {set_dir}/labels.tsv: unexpected header")
        for raw in handle:
            fields = raw.rstrip("\n").split("\t")
            if len(fields) < 2:
                continue
            fields += [""] * (5 - len(fields))
            lines.append(Line(*fields[:5]))
    return lines


def read_real(tsv: Path) -> list[Line]:
    """The real dev lines of one list (FILE, TEXT, SOURCE-PAGE; no header)."""
    lines = []
    for raw in tsv.read_text(encoding="utf-8").splitlines():
        fields = raw.split("\t")
        if len(fields) >= 2 and fields[0]:
            source = fields[2] if len(fields) > 2 else ""
            lines.append(Line(fields[0], fields[1], "real", source, tsv.stem))
    return lines


def unescape_tsv(value: str) -> str:
    """Undo ocr-read's tsv escaping (backslash, tab, newline)."""
    if "\\" not in value:
        return value
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m[1], m[1]), value)


def ocr_read_command() -> list[str]:
    """ocr-read as a user runs it: the venv's console script, else the checkout's shim."""
    for candidate in (ROOT / ".venv" / "bin" / "ocr-read", ROOT / "bin" / "ocr-read"):
        if candidate.exists() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which("ocr-read")
    if found:
        return [found]
    raise SystemExit("training.evaluate: no ocr-read (run make install)")


# --------------------------------------------------------------------------- tools


@dataclass
class ToolRun:
    """One tool over one list of images: texts by image name, wall seconds."""

    tool: str
    texts: dict[str, str] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)
    confidence: dict[str, str] = field(default_factory=dict)
    wall: float = 0.0
    note: str = ""


def parse_ocr_read_tsv(output: str) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """ocr-read --format tsv -> (text by file name, confidence by file name, failed names).

    A failed input has an empty confidence field."""
    texts: dict[str, str] = {}
    confidence: dict[str, str] = {}
    failed: set[str] = set()
    for row in output.splitlines():
        if not row:
            continue
        fields = row.split("\t")
        if len(fields) < 3:
            fields += [""] * (3 - len(fields))
        name = os.path.basename(unescape_tsv(fields[0]))
        texts[name] = unescape_tsv(fields[1])
        confidence[name] = fields[2]
        if fields[2] == "":
            failed.add(name)
    return texts, confidence, failed


def run_ocr_read(
    set_dir: Path,
    names: Sequence[str] | None,
    jobs: int,
    list_file: Path,
    expect: str | None = None,
    tool: str = TOOL_OCRTOOLS,
    model: str | None = None,
) -> ToolRun:
    """ocr-read over a whole set directory (names None) or a --files-from list."""
    command = ocr_read_command()
    if names is None:
        command += [str(set_dir)]
    else:
        list_file.parent.mkdir(parents=True, exist_ok=True)
        list_file.write_text("".join(f"{set_dir / n}\n" for n in names), encoding="utf-8")
        command += ["--files-from", str(list_file)]
    command += ["-j", str(jobs), "--format", "tsv", "--no-progress"]
    if expect:
        command += ["--expect", expect]
    if model:
        command += ["--model", model]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8")
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"training.evaluate: {' '.join(command)} exited {proc.returncode}")
    texts, confidence, failed = parse_ocr_read_tsv(proc.stdout)
    run = ToolRun(tool, texts, failed, confidence, wall)
    if failed:
        first = proc.stderr.strip().splitlines()[:1]
        run.note = f"{len(failed)} inputs failed" + (f" (first: {first[0]})" if first else "")
    return run


def tesseract_available() -> bool:
    return shutil.which("tesseract") is not None


def tesseract_text(path: str, env: dict[str, str]) -> tuple[str, bool]:
    proc = subprocess.run(
        ["tesseract", path, "stdout", "--psm", "7"], capture_output=True, env=env
    )
    text = proc.stdout.decode("utf-8", "replace").replace("\x0c", "").strip("\n")
    return " ".join(text.splitlines()), proc.returncode != 0


def run_tesseract(paths: Sequence[str], workers: int = 2) -> ToolRun:
    """Tesseract 5 over images, `workers` processes at a time, one thread each."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda p: tesseract_text(p, env), paths))
    wall = time.perf_counter() - start
    run = ToolRun(TOOL_TESSERACT, wall=wall)
    for path, (text, failed) in zip(paths, results, strict=True):
        name = os.path.basename(path)
        run.texts[name] = text
        if failed:
            run.failed.add(name)
    if run.failed:
        run.note = f"{len(run.failed)} inputs failed"
    return run


def run_expect_by_kind(
    set_dir: Path, lines: Sequence[Line], jobs: int, work: Path, model: str | None = None
) -> ToolRun:
    """ocr-read --expect KIND once per kind of line; sentences with --expect any."""
    total = ToolRun(TOOL_EXPECT)
    kinds = sorted({line.kind for line in lines})
    for kind in kinds:
        names = [line.name for line in lines if line.kind == kind]
        expect = kind if kind in EXPECT_KINDS else None
        part = run_ocr_read(
            set_dir, names, jobs, work / f"files-{kind}.txt", expect, TOOL_EXPECT, model
        )
        total.texts.update(part.texts)
        total.confidence.update(part.confidence)
        total.failed |= part.failed
        total.wall += part.wall
    if total.failed:
        total.note = f"{len(total.failed)} inputs failed"
    return total


# --------------------------------------------------------------------------- report


@dataclass
class ConditionResult:
    condition: str
    lines: list[Line]
    runs: list[ToolRun]

    def score(self, run: ToolRun, kind: str | None = None) -> Score:
        score = Score()
        for line in self.lines:
            if kind is None or line.kind == kind:
                score.add(line.text, run.texts.get(line.name, ""), line.name in run.failed)
        return score


def summary_rows(results: Sequence[ConditionResult]) -> list[list[object]]:
    rows: list[list[object]] = []
    for result in results:
        for run in result.runs:
            score = result.score(run)
            rate = score.lines / run.wall if run.wall else 0.0
            rows.append([
                result.condition, run.tool, score.lines, percent(score.cer),
                percent(score.cer_nocase), percent(score.exact_rate, 1), f"{rate:.1f}",
                target_met(result.condition, score),
            ])
    return rows


SUMMARY_HEADER = ("condition", "tool", "lines", "CER", "CER (no case)", "exact", "lines/s",
                  "target met?")


def kind_rows(results: Sequence[ConditionResult], tools: Sequence[str]) -> list[list[object]]:
    """Per condition and kind: ocrtools (and --expect) and, for comparison, tesseract."""
    rows: list[list[object]] = []
    for result in results:
        by_tool = {run.tool: run for run in result.runs}
        present = {line.kind for line in result.lines}
        kinds = [k for k in KINDS if k in present] + sorted(present - set(KINDS))
        for kind in kinds:
            count = sum(line.kind == kind for line in result.lines)
            row: list[object] = [result.condition, kind, count]
            for tool in tools:
                run = by_tool.get(tool)
                if run is None:
                    row += ["-", "-", "-"]
                    continue
                score = result.score(run, kind)
                row += [percent(score.cer), percent(score.cer_nocase), percent(score.exact_rate, 1)]
            rows.append(row)
    return rows


def kind_header(tools: Sequence[str]) -> list[str]:
    header = ["condition", "kind", "lines"]
    for tool in tools:
        header += [f"{tool} CER", f"{tool} CER (no case)", f"{tool} exact"]
    return header


def confusion_rows(results: Sequence[ConditionResult], tool: str, top: int = 20) -> list[list]:
    """The most frequent edits of a tool over all conditions (what it gets wrong)."""
    counts: Counter[tuple[str, str]] = Counter()
    for result in results:
        for run in result.runs:
            if run.tool != tool:
                continue
            for line in result.lines:
                counts.update(edit_ops(line.text.strip(), run.texts.get(line.name, "").strip()))

    def show(char: str) -> str:
        return "(none)" if char == "" else "(space)" if char == " " else f"`{char}`"

    return [[show(a), show(b), n] for (a, b), n in counts.most_common(top)]


def error_profile(results: Sequence[ConditionResult], tool: str) -> list[list[object]]:
    """Counts of line-level error classes: wrong case only, spaces only, empty output."""
    rows: list[list[object]] = []
    for result in results:
        run = next((r for r in result.runs if r.tool == tool), None)
        if run is None:
            continue
        wrong = case_only = space_only = empty = 0
        for line in result.lines:
            text = run.texts.get(line.name, "")
            truth, got = normalize_line(line.text), normalize_line(text)
            if truth == got:
                continue
            wrong += 1
            if truth.casefold() == got.casefold():
                case_only += 1
            elif truth.replace(" ", "") == got.replace(" ", ""):
                space_only += 1
            if not got:
                empty += 1
        rows.append([result.condition, wrong, case_only, space_only, empty])
    return rows


def tsv_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_lines_tsv(path: Path, results: Sequence[ConditionResult]) -> None:
    tools = []
    for result in results:
        for run in result.runs:
            if run.tool not in tools:
                tools.append(run.tool)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        header = ["condition", "name", "kind", "font", "truth"]
        for tool in tools:
            header += [tool, f"{tool} edits"]
        header.append("ocrtools confidence")
        handle.write("\t".join(header) + "\n")
        for result in results:
            by_tool = {run.tool: run for run in result.runs}
            for line in result.lines:
                cells = [result.condition, line.name, line.kind, line.font, tsv_cell(line.text)]
                for tool in tools:
                    run = by_tool.get(tool)
                    if run is None:
                        cells += ["", ""]
                        continue
                    text = run.texts.get(line.name, "")
                    cells += [tsv_cell(text), str(levenshtein(line.text.strip(), text.strip()))]
                ours = by_tool.get(TOOL_OCRTOOLS)
                cells.append(ours.confidence.get(line.name, "") if ours else "")
                handle.write("\t".join(cells) + "\n")


def build_report(results: Sequence[ConditionResult], notes: Sequence[str], command: str) -> str:
    tools_present = [TOOL_OCRTOOLS, TOOL_EXPECT, TOOL_TESSERACT]
    present = {run.tool for result in results for run in result.runs}
    kind_tools = [t for t in tools_present if t in present]
    parts = [
        "# ocrtools evaluation",
        "",
        f"Command: `{command}`",
        "",
        "Targets (issue 16, held-out fonts, 500 lines per condition; real: the real dev "
        "lines with margins): "
        + "; ".join(f"{c}: {target_text(c)}" for c in TARGETS) + ".",
        "CER = edit distance / reference characters (outer whitespace stripped); exact = "
        "whole line right after stripping and collapsing runs of spaces; lines/s = lines / "
        "wall time of the tool's whole run (start-up and model loading included; ocrtools "
        "and tesseract with two workers).",
        "",
        markdown_table(SUMMARY_HEADER, summary_rows(results)),
        "",
        "## Per kind",
        "",
        markdown_table(kind_header(kind_tools), kind_rows(results, kind_tools)),
        "",
        "## ocrtools: lines wrong, by error class",
        "",
        markdown_table(("condition", "wrong lines", "case only", "spaces only", "empty output"),
                       error_profile(results, TOOL_OCRTOOLS)),
        "",
        "## ocrtools: most frequent edits (truth -> read), all conditions",
        "",
        markdown_table(("truth", "read", "count"), confusion_rows(results, TOOL_OCRTOOLS)),
    ]
    if TOOL_TESSERACT in present:
        parts += [
            "",
            "## tesseract: most frequent edits (truth -> read), all conditions",
            "",
            markdown_table(("truth", "read", "count"), confusion_rows(results, TOOL_TESSERACT)),
        ]
    if notes:
        parts += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------- main


def find_sets(root: Path, conditions: Sequence[str] | None) -> list[tuple[str, Path]]:
    if conditions:
        wanted = list(conditions)
    else:
        wanted = [c for c in CONDITIONS if (root / c / "labels.tsv").exists()]
        wanted += sorted(
            p.parent.name for p in root.glob("*/labels.tsv") if p.parent.name not in wanted
        )
    sets = []
    for condition in wanted:
        directory = root / condition
        if not (directory / "labels.tsv").exists():
            raise SystemExit(
                f"training.evaluate: {directory}/labels.tsv not found (make data-eval)"
            )
        sets.append((condition, directory))
    if not sets:
        raise SystemExit(f"training.evaluate: no sets with labels.tsv under {root}")
    return sets


def evaluate(args: argparse.Namespace) -> tuple[list[ConditionResult], list[str]]:
    conditions = [c for c in args.conditions.split(",") if c] if args.conditions else None
    work = Path(args.out)
    notes: list[str] = []
    use_tesseract = not args.no_tesseract
    if use_tesseract and not tesseract_available():
        use_tesseract = False
        notes.append("tesseract not found on PATH: its rows are skipped "
                     "(apt-get install tesseract-ocr tesseract-ocr-eng)")
    elif not use_tesseract:
        notes.append("tesseract skipped (--no-tesseract)")
    if args.limit:
        notes.append(f"--limit {args.limit}: only the first {args.limit} lines of each set; "
                     "the targets are defined on 500 lines")
    synthetic = [c for c in conditions if c not in REAL_SETS] if conditions else None
    # (condition, directory, lines, listed: read as a list of files, not the directory)
    sets = [] if synthetic == [] else [
        (c, d, read_labels(d), False) for c, d in find_sets(Path(args.sets), synthetic)]
    real = Path(args.real)
    if args.real and (real / "lines.tsv").exists():
        sets += [(name, real, read_real(real / tsv), True) for name, tsv in REAL_SETS.items()
                 if (real / tsv).exists() and (not conditions or name in conditions)]
    elif args.real:
        notes.append(f"{real}: no real dev lines there, their rows are skipped")
    results = []
    for condition, set_dir, lines, listed in sets:
        names = [line.name for line in lines] if listed else None
        if args.limit and args.limit < len(lines):
            lines = lines[: args.limit]
            names = [line.name for line in lines]
        print(f"training.evaluate: {condition}: {len(lines)} lines", file=sys.stderr)
        list_file = work / f"files-{condition}.txt"
        runs = [run_ocr_read(set_dir, names, args.jobs, list_file, model=args.model)]
        if args.expect_by_kind:
            runs.append(
                run_expect_by_kind(set_dir, lines, args.jobs, work / condition, args.model)
            )
        if use_tesseract:
            runs.append(run_tesseract([str(set_dir / line.name) for line in lines], args.jobs))
        for run in runs:
            if run.note:
                notes.append(f"{condition} / {run.tool}: {run.note}")
            missing = sum(line.name not in run.texts for line in lines)
            if missing:
                notes.append(f"{condition} / {run.tool}: {missing} lines had no output row")
        results.append(ConditionResult(condition, lines, runs))
    return results, notes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m training.evaluate",
        description="CER / exact-line accuracy / speed of ocr-read (and Tesseract) on the "
        "synthetic eval sets.",
    )
    p.add_argument("--sets", default="data/eval", help="directory of condition sets")
    p.add_argument("--conditions", default=None,
                   help="comma-separated subset (default: every set found)")
    p.add_argument("--jobs", "-j", type=int, default=2, help="ocr-read -j and tesseract workers")
    p.add_argument("--no-tesseract", action="store_true", help="skip the Tesseract rows")
    p.add_argument("--limit", type=int, default=0, help="only the first N lines of each set")
    p.add_argument("--expect-by-kind", action="store_true",
                   help="also run ocr-read --expect KIND per kind (row 'ocrtools --expect')")
    p.add_argument("--model", default=None,
                   help="ocr-read --model (default: its own default, printed)")
    p.add_argument("--real", default=str(REAL_LINES),
                   help="the real dev lines (lines.tsv, tight.tsv); '' to leave them out")
    p.add_argument("--out", default="build/eval", help="report.md and lines.tsv go here")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results, notes = evaluate(args)
    command = "python -m training.evaluate " + " ".join(
        sys.argv[1:] if argv is None else list(argv)
    )
    report = build_report(results, notes, command.strip())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.md").write_text(report, encoding="utf-8")
    write_lines_tsv(out / "lines.tsv", results)
    print(report)
    print(f"training.evaluate: wrote {out / 'report.md'} and {out / 'lines.tsv'}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
