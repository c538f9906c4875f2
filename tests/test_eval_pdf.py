"""make eval-pdf on one page of one installed PDF (skipped where neither is there)."""

from __future__ import annotations

from pathlib import Path

import pytest

pdfium = pytest.importorskip("pypdfium2")


def test_one_page_is_rendered_read_and_scored(tmp_path, monkeypatch):
    from training import eval_pdf

    name, (path, pages) = next(iter(eval_pdf.DOCUMENTS.items()))
    if not Path(path).exists():
        pytest.skip(f"{path} is not installed")
    monkeypatch.setattr(eval_pdf, "DOCUMENTS", {name: (path, pages[:1])})
    monkeypatch.setattr(eval_pdf, "DPIS", (100,))
    assert eval_pdf.main(["--out", str(tmp_path), "--no-tesseract"]) == 0
    png = tmp_path / "d100" / f"{name}_{pages[0]:02d}.png"
    assert png.exists() and len(png.with_suffix(".gt.txt").read_text().split()) > 50
    report = (tmp_path / "report.md").read_text()
    row = next(line for line in report.splitlines() if line.startswith("| 100 | all (1)"))
    cer = float(row.split("|")[3].split("%")[0])
    assert cer < 30  # a page of plain text is read, not missed
