"""The page metrics (training/page_metrics.py) and the harness's parsers, on hand-made cases."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from training import eval_pages as ep
from training import page_metrics as pm
from training.evaluate import levenshtein as levenshtein_dp


def test_normalize_page():
    assert pm.normalize_page("\fTitle  of\tpage \n\n   body line \f\n x\t\t y\n") == \
        "Title of page\nbody line\nx y"
    assert pm.normalize_page("\n \n\f") == ""


@pytest.mark.parametrize(("a", "b", "d"), [
    ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3), ("same", "same", 0),
    ("ab\ncd", "abcd", 1), ("flaw", "lawn", 2), ("a" * 70, "a" * 69 + "b", 1),
])
def test_levenshtein_known(a, b, d):
    assert pm.levenshtein(a, b) == d
    assert pm.levenshtein(b, a) == d


def test_levenshtein_matches_dynamic_programming():
    rng = random.Random(3)
    for _ in range(300):
        a = "".join(rng.choice("ab c\n") for _ in range(rng.randint(0, 90)))
        b = "".join(rng.choice("abd \n") for _ in range(rng.randint(0, 90)))
        assert pm.levenshtein(a, b) == levenshtein_dp(a, b)


def test_set_cer_is_micro_average():
    pages = [("abcd", "abcx"), ("ab", "")]  # 1 edit of 4, 2 of 2
    edits = sum(pm.cer_counts(r, h)[0] for r, h in pages)
    chars = sum(pm.cer_counts(r, h)[1] for r, h in pages)
    assert (edits, chars) == (3, 6)


def test_word_f1_is_order_free_multiset():
    assert pm.word_counts("a a b c", "a b b d") == (2, 4, 4)
    assert pm.f1(*pm.word_counts("a a b c", "a b b d")) == pytest.approx(0.5)
    assert pm.f1(*pm.word_counts("one two\nthree", "three two one")) == 1.0
    assert pm.f1(*pm.word_counts("one two three four", "one two")) == pytest.approx(2 / 3)
    assert pm.f1(*pm.word_counts("x", "")) == 0.0
    assert pm.f1(*pm.word_counts("", "")) == 1.0


def test_iou():
    assert pm.iou([0, 0, 10, 10], [0, 0, 10, 10]) == 1.0
    assert pm.iou([0, 0, 10, 10], [5, 0, 10, 10]) == pytest.approx(50 / 150)
    assert pm.iou([0, 0, 10, 10], [10, 0, 10, 10]) == 0.0
    assert pm.iou([0, 0, 10, 10], [2, 2, 5, 5]) == pytest.approx(25 / 100)


def test_match_lines_one_to_one_and_threshold():
    gt = [[0, 0, 100, 10], [0, 20, 100, 10], [0, 40, 100, 10]]
    hyp = [[0, 41, 100, 10], [0, 0, 100, 10], [0, 20, 40, 10]]  # last one: IoU 0.4
    assert pm.match_lines(gt, hyp) == [(0, 1), (2, 0)]
    assert pm.match_lines(gt, hyp, threshold=0.3) == [(0, 1), (1, 2), (2, 0)]
    # one wide hypothesis over two GT lines is matched at most once
    assert len(pm.match_lines([[0, 0, 50, 10], [0, 0, 50, 10]], [[0, 0, 50, 10]])) == 1
    assert pm.match_lines(gt, []) == [] and pm.match_lines([], hyp) == []


def test_order_agreement():
    assert pm.order_agreement([(0, 0), (1, 1), (2, 2)]) == (2, 2)
    assert pm.order_agreement([(0, 2), (1, 0), (2, 1)]) == (1, 2)
    # two columns read across (hyp order 0 2 1 3 for gt order 0 1 2 3)
    assert pm.order_agreement([(0, 0), (1, 2), (2, 1), (3, 3)]) == (2, 3)
    # unmatched GT lines are skipped: consecutive among the matched ones
    assert pm.order_agreement([(0, 5), (4, 6)]) == (1, 1)
    assert pm.order_agreement([(3, 1)]) == (0, 0)


def test_quad_to_box():
    assert pm.quad_to_box([[10, 5], [30, 6], [31, 16], [9, 15]]) == [9.0, 5.0, 22.0, 11.0]


def test_parse_ocr_read_jsonl_both_shapes():
    old = "\n".join(json.dumps(r) for r in [
        {"image": "a.png", "text": "all of it"},
        {"image": "b.png", "error": "not an image"},
    ])
    hyps = ep.parse_ocr_read_jsonl(old)
    assert hyps["a.png"].text == "all of it" and hyps["a.png"].boxes is None
    assert hyps["b.png"].error == "not an image"
    new = "\n".join(json.dumps(r) for r in [
        {"image": "p.png", "page": 0, "text": "first", "bbox": [1, 2, 30, 10], "block": 0,
         "line_index": 0, "line_count": 2},
        {"image": "p.png", "page": 0, "text": "second", "bbox": [1, 20, 30, 10], "block": 1,
         "line_index": 1, "line_count": 2},
        {"image": "p.png", "page": 0, "text": " ", "bbox": [40, 2, 30, 10], "block": 2,
         "line_index": 2, "line_count": 3},  # read as no text: no line found
        {"image": "blank.png", "page": 0, "text": "", "line_count": 0},
    ])
    hyps = ep.parse_ocr_read_jsonl(new)
    assert hyps["p.png"].text == "first\nsecond"
    assert hyps["p.png"].boxes == [[1, 2, 30, 10], [1, 20, 30, 10]]
    assert hyps["blank.png"].text == "" and hyps["blank.png"].boxes == []


def test_parse_tesseract_tsv():
    head = "\t".join(["level", "page_num", "block_num", "par_num", "line_num", "word_num",
                      "left", "top", "width", "height", "conf", "text"])
    rows = [
        "1\t1\t0\t0\t0\t0\t0\t0\t500\t500\t-1\t",
        "4\t1\t1\t1\t1\t0\t10\t20\t200\t15\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t20\t90\t15\t95.1\tHello",
        "4\t1\t2\t1\t1\t0\t10\t60\t50\t15\t-1\t",
        "5\t1\t2\t1\t1\t1\t10\t60\t50\t15\t-1\t ",  # a line without a word: dropped
        "4\t1\t1\t1\t2\t0\t12\t40\t180\t15\t-1\t",
        "5\t1\t1\t1\t2\t1\t12\t40\t80\t15\t91.0\tworld",
    ]
    assert ep.parse_tesseract_tsv("\n".join([head, *rows])) == [
        [10.0, 20.0, 200.0, 15.0], [12.0, 40.0, 180.0, 15.0]]


def test_kind_from_name():
    assert ep.kind_from_name("receipt_sroie_019") == "receipt"
    assert ep.kind_from_name("screen_001") == "screen"
    assert ep.kind_from_name("photo_12") == "photo"
    assert ep.kind_from_name("multicol_01") == "scan"


def test_score_of_a_page():
    page = ep.Page("p", Path("p.png"), "scan", "one two\nthree four",
                   gt_boxes=[[0, 0, 100, 10], [0, 20, 100, 10]])
    hyp = ep.Hyp("three four\none two", boxes=[[0, 20, 100, 10], [0, 0, 100, 10]], seconds=2.0)
    s = ep.page_score(page, hyp)
    assert s.word_f1 == 1.0 and s.cer is not None and s.cer > 0.5  # order costs CER only
    assert (s.lines_matched, s.gt_lines, s.hyp_lines) == (2, 2, 2)
    assert (s.order_agree, s.order_pairs) == (0, 1)
    same = ep.page_score(page, ep.Hyp("one  two \n\nthree four\f"))
    assert same.cer == 0.0 and same.boxed_pages == 0  # no boxes from the tool: no line figures


def test_load_set(tmp_path):
    (tmp_path / "receipt_2.png").write_bytes(b"")
    (tmp_path / "receipt_2.gt.txt").write_text("A  B\n", encoding="utf-8")
    (tmp_path / "scan_10.png").write_bytes(b"")
    (tmp_path / "scan_10.gt.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "scan_10.json").write_text(json.dumps({"params": {"kind": "photo"}, "lines": [
        {"text": "x", "box": [1, 2, 3, 4], "order": 0}]}), encoding="utf-8")
    (tmp_path / "nogt.png").write_bytes(b"")
    pages = ep.load_set(tmp_path)
    assert [p.name for p in pages] == ["receipt_2", "scan_10"]
    assert pages[0].kind == "receipt" and pages[0].ref == "A B" and pages[0].gt_boxes is None
    assert pages[1].kind == "photo" and pages[1].gt_boxes == [[1, 2, 3, 4]]
    assert len(ep.load_set(tmp_path, limit=1)) == 1


def test_main_with_a_line_reading_ocr_read(tmp_path, monkeypatch):
    """End to end: a stand-in ocr-read printing one record per GT line (page-reading
    shape) gives CER 0, F1 1, line recall/precision 1 and order 1 in the report."""
    pages_dir = tmp_path / "pages"
    pages_dir.mkdir()
    lines = [{"text": "Title here", "box": [10, 10, 200, 30], "order": 0},
             {"text": "second line, 12.50", "box": [10, 60, 300, 20], "order": 1}]
    (pages_dir / "scan_000.png").write_bytes(b"not read by the stand-in")
    (pages_dir / "scan_000.gt.txt").write_text("Title here\nsecond line, 12.50\n",
                                              encoding="utf-8")
    (pages_dir / "scan_000.json").write_text(json.dumps(
        {"params": {"kind": "scan"}, "lines": lines}), encoding="utf-8")
    fake = tmp_path / "fake_ocr_read.py"
    fake.write_text(
        "import json, sys\n"
        "for path in [a for a in sys.argv[1:] if a.endswith('.png')]:\n"
        "    doc = json.load(open(path[:-4] + '.json'))\n"
        "    n = len(doc['lines'])\n"
        "    for i, line in enumerate(doc['lines']):\n"
        "        print(json.dumps({'image': path, 'page': 0, 'text': line['text'],\n"
        "                          'bbox': line['box'], 'block': 0, 'line_index': i,\n"
        "                          'line_count': n}))\n", encoding="utf-8")
    monkeypatch.setattr(ep, "ocr_read_command", lambda: [sys.executable, str(fake)])
    out = tmp_path / "out"
    assert ep.main(["--sets", "synthetic", "--tools", "ocrtools", "--synthetic-dir",
                    str(pages_dir), "--out", str(out)]) == 0
    report = (out / "report.md").read_text(encoding="utf-8")
    row = next(r for r in report.splitlines() if r.startswith("| ocrtools "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:8] == ["1", "29", "0.000", "1.000", "1.000", "1.000", "1.000"]
    tsv = (out / "pages.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[1].split("\t")[:8] == ["synthetic", "scan_000", "scan", "ocrtools", "29", "0",
                                      "0.0000", "1.0000"]
