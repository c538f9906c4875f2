"""The README's pipelines as a user runs them: subprocesses through the bin/ shims."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_command, shell

EXAMPLES = ROOT / "examples"
TRUTH = {
    "date.png": "2021-03-04",
    "code.png": "ACJOWW40Z13U616M",
    "iban.png": "DE89 3704 0044 0532 0130 00",
}
GOLDEN = ROOT / "tests" / "data" / "golden_date.jsonl"


def test_three_ways_of_reading_give_the_same_text():
    image = "examples/noisy_date.png"
    read = shell(f"ocr-read {image}")
    chain = shell(f"ocr-boxes {image} | ocr-classify | ocr-join")
    long_chain = shell(
        f"ocr-binarize {image} | ocr-boxes - | ocr-crop | ocr-classify | ocr-join"
    )
    stdin = shell(f"ocr-read - < {image}")
    for result in (read, chain, long_chain, stdin):
        assert result.returncode == 0, result.stderr.decode()
    texts = {r.stdout.decode() for r in (read, chain, long_chain, stdin)}
    assert len(texts) == 1, texts
    assert texts.pop().strip() != ""


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_clean_examples_are_read_right(name):
    result = run_command("ocr-read", str(EXAMPLES / name))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().strip() == TRUTH[name]


def test_read_directory_with_a_broken_file_tsv_in_order(tmp_path):
    for name in ("a.png", "c.png"):
        shutil.copy(EXAMPLES / "code.png", tmp_path / name)
    (tmp_path / "b.png").write_bytes(b"this is not an image")
    (tmp_path / "notes.txt").write_text("not an image suffix: skipped")
    result = run_command("ocr-read", str(tmp_path), "-j", "2", "--format", "tsv")
    assert result.returncode == 1
    rows = [row.split("\t") for row in result.stdout.decode().splitlines()]
    assert [Path(r[0]).name for r in rows] == ["a.png", "b.png", "c.png"]
    assert rows[0][1] == rows[2][1] == TRUTH["code.png"]
    assert rows[1][1] == ""
    stderr = result.stderr.decode().strip().splitlines()
    assert stderr == [f"ocr-read: {tmp_path / 'b.png'}: not an image (cannot identify image file)"]


def test_files_from_stdin_and_jobs_keep_order(tmp_path):
    names = []
    for k in range(6):
        source = ("code.png", "date.png")[k % 2]
        shutil.copy(EXAMPLES / source, tmp_path / f"{k}.png")
        names.append(str(tmp_path / f"{k}.png"))
    listing = "\n".join(names) + "\n"
    result = run_command("ocr-read", "--files-from", "-", "-j", "2", input=listing.encode())
    assert result.returncode == 0, result.stderr.decode()
    texts = result.stdout.decode().splitlines()
    assert texts == [TRUTH[("code.png", "date.png")[k % 2]] for k in range(6)]


def test_every_backend_reads_alike(tmp_path):
    """40 inputs (three chunks) and a broken one: one process, forked workers (the
    default) and joblib's loky workers give the same rows, in order, and the same error."""
    sources = sorted(EXAMPLES.glob("*.png"))
    for k in range(40):
        shutil.copy(sources[k % len(sources)], tmp_path / f"{k:03d}.png")
    (tmp_path / "020b.png").write_bytes(b"broken")
    runs = {
        how: run_command("ocr-read", str(tmp_path), *args, "--format", "tsv", timeout=300)
        for how, args in {
            "one process": ("-j", "1"),
            "forked": ("-j", "2"),
            "loky": ("-j", "2", "--backend", "loky"),
        }.items()
    }
    first = runs["one process"]
    assert len(first.stdout.decode().splitlines()) == 41
    for how, result in runs.items():
        assert result.returncode == 1, how
        assert result.stdout == first.stdout, how
        assert result.stderr.decode().strip().splitlines() == [
            f"ocr-read: {tmp_path / '020b.png'}: not an image (cannot identify image file)"
        ], how


def _golden_fields(record: dict) -> dict:
    return {
        "image": record["image"],
        "text": record["text"],
        "chars": [[c["char"], c["box"]] for c in record["chars"]],
    }


def test_golden_jsonl_end_to_end():
    """The chain's JSON output for examples/date.png, against a reviewed golden copy.
    After retraining the model: OCRTOOLS_UPDATE_GOLDEN=1 make test, then review the diff."""
    result = shell("ocr-boxes examples/date.png | ocr-classify | ocr-join --format jsonl")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    got = _golden_fields(record)
    if os.environ.get("OCRTOOLS_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got) + "\n")
    assert got == json.loads(GOLDEN.read_text())
    # stages add fields and keep the ones before them
    for field in ("size", "line", "ink", "segments", "boxes", "spans", "strip", "frames",
                  "model", "task"):
        assert field in record


def test_record_schema_of_every_command(tmp_path):
    boxes = shell("ocr-boxes examples/code.png")
    record = json.loads(boxes.stdout)
    assert isinstance(record["size"], list) and len(record["size"]) == 2
    assert set(record["line"]) == {"top", "bottom", "baseline", "xheight", "angle"}
    assert all(len(b) == 4 for b in record["boxes"])
    assert len(record["spans"]) == len(record["boxes"])
    assert set(record["strip"]) == {"png", "x0", "scale"}
    (tmp_path / "b.jsonl").write_text(boxes.stdout.decode())
    cropped = json.loads(shell(f"ocr-crop {tmp_path / 'b.jsonl'}").stdout)
    n, h, w = cropped["crops"]["shape"]
    assert n == len(record["boxes"]) and h == w
    # the line model: label probabilities per frame of the strip
    classified = json.loads(shell(f"ocr-classify {tmp_path / 'b.jsonl'}").stdout)
    assert classified["task"] == "ctc-line" and classified["stride"] == 4
    frames = classified["frames"]
    assert len(frames) >= 16  # 16 characters need at least 16 frames
    assert all(1 <= len(f) <= 5 and all(0 < p <= 1 for _label, p in f) for f in frames)
    # the character model: labels per candidate box
    classified = json.loads(
        shell(f"ocr-crop {tmp_path / 'b.jsonl'} | ocr-classify --model chars").stdout
    )
    assert len(classified["labels"]) == n
    first = classified["labels"][0]
    assert set(first) == {"label", "p", "alt"} and 0 <= first["p"] <= 1
    assert all(len(a) == 2 for a in first["alt"])


def test_character_model_path_reads_the_clean_examples():
    """--model chars: the lattice path (over-segmentation, character classifier)."""
    result = run_command("ocr-read", "--model", "chars", *(str(EXAMPLES / n) for n in TRUTH))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.decode().splitlines() == [TRUTH[n] for n in TRUTH]
    chain = shell("ocr-boxes examples/date.png | ocr-classify --model chars | ocr-join")
    assert chain.stdout.decode().strip() == TRUTH["date.png"]


def test_head_ends_quietly():
    result = shell("ocr-read examples/ examples/ examples/ | head -1")
    assert result.stdout.decode().strip() == "ACJOWW40Z13U616M"
    assert result.returncode in (0, 141)  # 141: ended by SIGPIPE, like any Unix filter
    assert b"Traceback" not in result.stderr and b"BrokenPipe" not in result.stderr


def test_emnist_folder_and_drawn_character():
    """--model emnist reads our pen drawings (EMNIST-style 28x28) and a dark-on-light one."""
    from training.make_examples import PEN

    result = run_command("ocr-read", "--model", "emnist", "examples/handwritten", "-f", "tsv")
    assert result.returncode == 0, result.stderr.decode()
    rows = [row.split("\t") for row in result.stdout.decode().splitlines()]
    truth = {f"pen_{c}.png": c for c in PEN} | {"drawn_7.png": "7"}
    assert sorted(Path(path).name for path, *_ in rows) == sorted(truth)
    right = sum(truth.get(Path(path).name) == text for path, text, *_ in rows)
    assert right >= len(truth) - 1
    chain = shell(
        "ocr-boxes examples/handwritten/drawn_7.png | ocr-classify --model emnist | ocr-join"
    )
    assert chain.stdout.decode().strip() == "7"


def test_hocr_is_well_formed_with_a_page_per_input_and_the_words():
    from xml.dom import minidom

    result = run_command(
        "ocr-read", "examples/word.png", "examples/code.png", "missing.png", "-f", "hocr"
    )
    assert result.returncode == 1
    document = minidom.parseString(result.stdout)
    divs = document.getElementsByTagName("div")
    pages = [d for d in divs if d.getAttribute("class") == "ocr_page"]
    assert len(pages) == 3
    words = [
        s.firstChild.data
        for s in pages[0].getElementsByTagName("span")
        if s.getAttribute("class") == "ocrx_word"
    ]
    text = run_command("ocr-read", "examples/word.png").stdout.decode().split()
    assert words == text
    assert "bbox" in pages[1].getAttribute("title")


def test_pages_are_chunks_of_their_own(tmp_path):
    """Work goes to the workers in chunks of up to CHUNK small images, but a page (its
    bytes past CHUNK_BYTES) makes a chunk of its own, so -j 2 over eight pages reads
    them in two processes (all eight went to one worker in a chunk of 16); stdin's
    bytes count as a file's; an input that is gone counts as none."""
    from ocrtools.parallel import CHUNK, CHUNK_BYTES, chunked

    small = tmp_path / "field.png"
    small.write_bytes(b"x" * 1000)
    big = tmp_path / "page.png"
    big.write_bytes(b"x" * (CHUNK_BYTES // 2 + 1))
    fields = [(str(small), None)] * 40
    assert [len(c) for c in chunked(fields)] == [CHUNK, CHUNK, 40 - 2 * CHUNK]
    pages = [(str(big), None)] * 8
    assert [len(c) for c in chunked(pages)] == [1] * 8
    mixed = [(str(small), None), (str(big), None), ("-", b"y" * CHUNK_BYTES), ("gone.png", None)]
    assert chunked(mixed) == [mixed[:2], mixed[2:]]
    assert [t for c in chunked(fields + pages) for t in c] == fields + pages
