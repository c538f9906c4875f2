"""The Python API: its documented examples run (doctest), its inputs and its errors."""

from __future__ import annotations

import doctest
import os

import numpy as np
import pytest
from PIL import Image

import ocrtools
import ocrtools.api
from ocrtools.errors import InputError
from tests.conftest import ROOT, render_line

MODEL = ROOT / "models" / "printed.onnx"
needs_model = pytest.mark.skipif(not MODEL.exists(), reason="models/printed.onnx not trained")


@needs_model
def test_the_documented_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = doctest.testmod(ocrtools.api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 3 and result.failed == 0


@needs_model
def test_every_kind_of_input_gives_the_same_reading(tmp_path):
    pixels = render_line("Invoice 2024-05-17", size=36)
    path = tmp_path / "line.png"
    Image.fromarray(pixels).save(path)
    expected = "Invoice 2024-05-17"
    assert ocrtools.read(path).text == expected
    assert ocrtools.read(os.fspath(path)).text == expected
    assert ocrtools.read(path.read_bytes()).text == expected
    assert ocrtools.read(pixels).text == expected
    assert ocrtools.read(Image.fromarray(pixels).convert("RGB")).text == expected
    assert ocrtools.read(pixels.astype(np.float64) / 255.0).text == expected


@needs_model
def test_errors_say_what_is_wrong(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ocrtools.read(tmp_path / "missing.png")
    with pytest.raises(InputError, match="not an image"):
        ocrtools.read(b"not an image at all")
    with pytest.raises(TypeError, match="unknown option"):
        ocrtools.read(ROOT / "examples" / "date.png", modle="printed")
    with pytest.raises(ValueError, match="unknown layout"):
        ocrtools.read(ROOT / "examples" / "date.png", layout="columns")


@needs_model
def test_read_many_keeps_input_order_and_goes_on_after_a_failure(tmp_path):
    names = ["date.png", "missing.png", "code.png", "word.png"]
    paths = [ROOT / "examples" / n for n in names]
    pages = list(ocrtools.read_many(paths, jobs=2))
    assert [os.path.basename(p.image) for p in pages] == names
    assert pages[1].error == "no such file"
    assert [p.text for p in pages[2:]] == ["ACJOWW40Z13U616M", "BLOWER LAZING BLACKBIRD"]


def test_importing_ocrtools_does_not_load_the_runtime():
    import subprocess
    import sys

    code = "import sys, ocrtools; print('onnxruntime' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.split()
    assert out == ["False", "False"]
