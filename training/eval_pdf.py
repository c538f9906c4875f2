"""Real PDF renders: ``make eval-pdf``.

Pages of real documents that Debian installs as PDF (GNU libtasn1's manual, the shared
MIME-info specification: LaTeX and DocBook typesetting, serif text, typewriter code,
lists, tables of contents) rendered by pdfium at 100, 150 and 300 dpi, the way a PDF
viewer or a "print to image" gives them, read by ocrtools and by Tesseract (``--psm
3``) side by side. The ground truth is each page's own text layer (pdfium's text
extraction, lines as the PDF lists them): it is close to what is printed, not exact
(an underscore drawn as a rule is missing from it, a few lines come in another order),
which costs both tools alike; the word F1 is order-free.

These are documents no model or rule here was tuned on, in fonts the training set does
not hold as such (pdfium's renderings of Computer Modern and Courier). Needs pypdfium2
(``pip install 'ocrtools-unix[pdf]'``) and the two Debian packages (``libtasn1-doc``,
``shared-mime-info``); a document that is not installed is skipped, with a note.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from training.evaluate import ocr_read_command
from training.page_metrics import cer_counts, f1, normalize_page, word_counts

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "eval-pdf"
DOCUMENTS = {  # name: (path, 0-based pages: body text, code, lists; no covers or indexes)
    "tasn": ("/usr/share/doc/libtasn1-doc/libtasn1.pdf", (4, 5, 8, 12, 17, 22)),
    "mime": ("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf", (1, 2, 5, 8, 11)),
}
DPIS = (100, 150, 300)


def render(out: Path) -> tuple[list[Path], list[str]]:
    """Each page as a grey PNG and its text layer as NAME.gt.txt, per dpi; the notes."""
    import pypdfium2 as pdfium

    pngs: list[Path] = []
    notes: list[str] = []
    for name, (path, pages) in DOCUMENTS.items():
        if not Path(path).exists():
            notes.append(f"{path} is not installed: skipped")
            continue
        pdf = pdfium.PdfDocument(path)
        for dpi in DPIS:
            folder = out / f"d{dpi}"
            folder.mkdir(parents=True, exist_ok=True)
            for index in pages:
                page = pdf[index]
                png = folder / f"{name}_{index:02d}.png"
                if not png.exists():
                    image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                    image.save(png)
                text = page.get_textpage().get_text_range()
                text = text.replace("\r\n", "\n").replace("\r", "\n")
                png.with_suffix(".gt.txt").write_text(text, encoding="utf-8")
                pngs.append(png)
    return pngs, notes


def read(tool: str, png: Path) -> str:
    if tool == "ocrtools":
        command = [*ocr_read_command(), str(png)]
    else:
        command = ["tesseract", str(png), "-", "--psm", "3"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-tesseract", action="store_true")
    args = parser.parse_args(argv)
    try:
        pngs, notes = render(args.out)
    except ImportError:
        print("training.eval_pdf: needs pypdfium2 (pip install 'ocrtools-unix[pdf]')",
              file=sys.stderr)
        return 1
    tools = ["ocrtools"]
    if not args.no_tesseract and shutil.which("tesseract"):
        tools.append("tesseract")
    totals: dict[tuple[str, str], Counter] = {}
    rows = []
    for png in pngs:
        truth = normalize_page(png.with_suffix(".gt.txt").read_text(encoding="utf-8"))
        dpi = png.parent.name[1:]
        cells = []
        for tool in tools:
            hyp = normalize_page(read(tool, png))
            edits, n = cer_counts(truth, hyp)
            matched, n_ref, n_hyp = word_counts(truth, hyp)
            totals.setdefault((dpi, tool), Counter()).update(
                edits=edits, chars=n, matched=matched, ref=n_ref, hyp=n_hyp)
            cells.append(f"{edits / max(n, 1):.1%} / {f1(matched, n_ref, n_hyp):.3f}")
        rows.append(f"| {dpi} | {png.stem} | " + " | ".join(cells) + " |")
    head = "| dpi | page | " + " | ".join(f"{t} CER / word F1" for t in tools) + " |"
    rule = "|---|---|" + "---|" * len(tools)
    summary = []
    for dpi in (str(d) for d in DPIS):
        cells = []
        for tool in tools:
            t = totals.get((dpi, tool))
            if t:
                cells.append(f"{t['edits'] / max(t['chars'], 1):.1%} / "
                             f"{f1(t['matched'], t['ref'], t['hyp']):.3f}")
        if cells:
            count = len(pngs) // len(DPIS)
            summary.append(f"| {dpi} | all ({count}) | " + " | ".join(cells) + " |")
    report = "\n".join([
        "# Real PDF renders (`make eval-pdf`)", "",
        "Command: `python -m training.eval_pdf`", "",
        head, rule, *summary, "", head, rule, *rows, "",
        *(f"- {n}" for n in notes),
    ])
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.md").write_text(report + "\n", encoding="utf-8")
    print("\n".join([head, rule, *summary]))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(f"training.eval_pdf: wrote {args.out / 'report.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
