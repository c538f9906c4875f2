"""The edges of the input: what a directory lists, --files-from as a stream, names that
are not UTF-8, PDF files."""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ocrtools.images import list_images
from tests.conftest import BIN, ROOT, render_line, run_command, save_line


def test_a_fifo_in_a_directory_is_not_opened(tmp_path):
    save_line(tmp_path / "a.png", "ABC")
    os.mkfifo(tmp_path / "pipe.png")  # opening it for reading would wait for a writer
    assert list_images(str(tmp_path)) == [str(tmp_path / "a.png")]
    done = run_command("ocr-boxes", str(tmp_path), timeout=60)
    assert done.returncode == 0, done.stderr
    assert [json.loads(r)["image"] for r in done.stdout.splitlines()] == [str(tmp_path / "a.png")]


def test_recursive_follows_linked_directories_once_and_does_not_loop(tmp_path):
    top, other = tmp_path / "top", tmp_path / "other"
    (top / "sub").mkdir(parents=True)
    other.mkdir()
    for path in (top / "a.png", top / "sub" / "b.png", other / "c.png"):
        save_line(path, "x")
    (top / "sub" / "up").symlink_to(top, target_is_directory=True)  # a cycle
    (top / "linked").symlink_to(other, target_is_directory=True)
    (top / "file-link.png").symlink_to(top / "a.png")
    (top / "dangling.png").symlink_to(tmp_path / "gone.png")
    found = list_images(str(top), recursive=True)
    assert found == sorted([str(top / "a.png"), str(top / "file-link.png"),
                            str(top / "linked" / "c.png"), str(top / "sub" / "b.png")])
    assert list_images(str(top)) == [str(top / "a.png"), str(top / "file-link.png")]


def test_an_unreadable_directory_is_one_line(tmp_path):
    from ocrtools.errors import InputError

    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who reads any directory (root)")
        with pytest.raises(InputError, match="cannot list"):
            list_images(str(locked))
    finally:
        locked.chmod(0o755)


def test_files_from_stdin_is_read_as_a_stream(tmp_path):
    """The first image's record comes out while the list is still open."""
    first = save_line(tmp_path / "first.png", "ABC 123")
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    process = subprocess.Popen(
        [str(BIN / "ocr-boxes"), "--files-from", "-"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=str(ROOT),
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"{first}\n".encode())
        process.stdin.flush()
        ready, _, _ = select.select([process.stdout], [], [], 60)
        assert ready, "no record within 60 s although the list holds a path"
        record = json.loads(process.stdout.readline())
        assert record["image"] == str(first) and record["boxes"]
        process.stdin.close()
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()
        process.wait()


def test_a_name_that_is_not_utf8_is_escaped_in_messages(tmp_path):
    name = os.fsencode(tmp_path) + b"/caf\xe9.png"
    with open(name, "wb") as handle:
        handle.write(b"not an image")
    done = subprocess.run(
        [str(BIN / "ocr-boxes"), name], capture_output=True, timeout=60,
        env=dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1"),
    )
    assert done.returncode == 1
    message = done.stderr.decode("utf-8")  # valid UTF-8, one line
    assert message.count("\n") == 1 and "caf\\xe9.png: not an image" in message
    record = json.loads(done.stdout.decode("utf-8", "surrogateescape"))
    assert os.fsencode(record["image"]) == name  # the record keeps the name itself


def test_printable_escapes_only_what_is_not_text():
    from ocrtools.errors import printable

    assert printable("plain é ü.png") == "plain é ü.png"
    assert printable(os.fsdecode(b"a\xff\xfe.png")) == "a\\xff\\xfe.png"
    assert printable("lone \ud800") == "lone \\ud800"


def _pdf(*texts: str, resolution: float = 150.0) -> bytes:
    pages = [Image.fromarray(render_line(t, size=40)) for t in texts]
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=resolution, save_all=True,
                  append_images=pages[1:])
    return buffer.getvalue()


def test_pdf_pages_read_as_the_lines_they_hold():
    pytest.importorskip("pypdfium2")
    from ocrtools.models import find_model, load_session
    from ocrtools.pdf import is_pdf, pdf_pages
    from ocrtools.pipeline import boxes_record, classify_record, join_record

    data = _pdf("2021-03-04", "HELLO 42")
    assert is_pdf(data)
    pages = pdf_pages(data, dpi=150)
    first = next(pages)  # lazy: one page at a time
    assert first.dtype == np.uint8 and first.ndim == 2
    want = render_line("2021-03-04", size=40).shape  # Pillow rounds the page to points
    assert all(abs(a - b) <= 1 for a, b in zip(first.shape, want, strict=True))
    info = find_model("printed")
    session = load_session(info)
    texts = []
    for gray in [first, *pages]:
        record = boxes_record("doc.pdf", gray, task=info.task)
        record.update(classify_record(record, info, session))
        texts.append(join_record(record)["text"])
    assert texts == ["2021-03-04", "HELLO 42"]


def test_a_broken_pdf_is_one_line():
    pytest.importorskip("pypdfium2")
    from ocrtools.errors import InputError
    from ocrtools.pdf import pdf_pages

    with pytest.raises(InputError, match="not a readable PDF"):
        next(pdf_pages(b"%PDF-1.4\nbroken"))
    with pytest.raises(InputError, match="empty file"):
        next(pdf_pages(b""))


def test_without_the_pdf_extra_the_error_says_how_to_install_it(monkeypatch):
    from ocrtools.errors import InputError
    from ocrtools.pdf import pdf_pages

    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import fails as if absent
    with pytest.raises(InputError) as error:
        next(pdf_pages(_pdf("x")))
    assert str(error.value) == "reading PDF needs the pdf extra: pip install 'ocrtools-unix[pdf]'"


def test_the_pdf_module_imports_pypdfium2_only_when_a_pdf_is_read():
    done = subprocess.run(
        [sys.executable, "-c", "import sys, ocrtools.pdf; print('pypdfium2' in sys.modules)"],
        capture_output=True, text=True, timeout=60, cwd=str(ROOT),
    )
    assert done.stdout.strip() == "False"


def test_list_images_still_skips_other_files(tmp_path):
    save_line(tmp_path / "b.PNG", "x")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "dir.png").mkdir()
    assert list_images(str(tmp_path), recursive=True) == [str(tmp_path / "b.PNG")]
    assert Path(list_images(str(tmp_path))[0]).exists()
