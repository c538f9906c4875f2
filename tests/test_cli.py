"""Each command through typer's CliRunner: help, options, usage errors."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from ocrtools.cli import binarize, boxes, classify, crop, join, read
from tests.conftest import ROOT, save_line

runner = CliRunner()
APPS = {
    "ocr-read": read.app,
    "ocr-boxes": boxes.app,
    "ocr-crop": crop.app,
    "ocr-classify": classify.app,
    "ocr-join": join.app,
    "ocr-binarize": binarize.app,
}


@pytest.mark.parametrize("name", sorted(APPS))
def test_help_explains_with_an_example(name):
    result = runner.invoke(APPS[name], ["--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "Usage" in result.output


def test_boxes_writes_one_record_per_image(tmp_path):
    a = save_line(tmp_path / "a.png", "ABC 123")
    b = save_line(tmp_path / "b.png", "hello")
    result = runner.invoke(boxes.app, [str(a), str(b)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["image"] for r in lines] == [str(a), str(b)]
    assert all(len(r["boxes"]) == len(r["spans"]) > 0 for r in lines)


def test_read_unknown_model_is_a_usage_error(tmp_path):
    a = save_line(tmp_path / "a.png", "ABC")
    result = runner.invoke(read.app, ["--model", "nosuchmodel", str(a)])
    assert result.exit_code == 2
    assert "unknown model 'nosuchmodel'" in result.output


def test_read_tsv_in_order_with_a_missing_file(tmp_path):
    a = save_line(tmp_path / "a.png", "ABC")
    result = runner.invoke(read.app, ["--format", "tsv", str(a), str(tmp_path / "gone.png")])
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == [str(a), str(tmp_path / "gone.png")]
    assert rows[1][1] == ""
    assert "gone.png: no such file" in result.stderr


def test_join_reads_a_records_file_and_reports_missing_fields(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text('{"image": "x.png", "boxes": []}\n')
    result = runner.invoke(join.app, [str(records)])
    assert result.exit_code == 1
    assert "x.png: record lacks" in result.stderr
    assert result.stdout == "\n"


def test_crop_out_writes_png_files_and_an_index(tmp_path):
    a = save_line(tmp_path / "a.png", "AB")
    boxed = runner.invoke(boxes.app, [str(a)]).stdout
    (tmp_path / "boxes.jsonl").write_text(boxed)
    out = tmp_path / "crops"
    result = runner.invoke(crop.app, ["--out", str(out), str(tmp_path / "boxes.jsonl")])
    assert result.exit_code == 0, result.output
    index = (out / "index.tsv").read_text().splitlines()
    record = json.loads(result.stdout)
    assert len(index) == 1 + len(record["boxes"]) == 1 + len(record["crop_files"])
    assert all((out / name).exists() for name in record["crop_files"])


def test_join_help_does_not_import_onnxruntime_or_scipy():
    code = (
        "import sys\n"
        "from ocrtools.cli import join\n"
        "try:\n    join.main()\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('onnxruntime', 'scipy', 'torch') if m in sys.modules]\n"
        "print('HEAVY', bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr


@pytest.mark.parametrize("name", sorted(APPS))
def test_version_of_every_command(name):
    from ocrtools import __version__

    result = runner.invoke(APPS[name], ["--version"], prog_name=name)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{name} {__version__}\n"


def test_version_is_the_package_metadata():
    from importlib.metadata import version

    from ocrtools import __version__

    assert version("ocrtools-unix") == __version__


def test_show_completion_prints_a_bash_script():
    import os

    # the shell is named, and detection is off: the script does not depend on the shell
    env = dict(os.environ, PYTHONPATH=str(ROOT), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run(
        [str(ROOT / "bin" / "ocr-read"), "--show-completion", "bash"],
        capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert "_ocr_read_completion()" in done.stdout
    assert "complete -o default -F _ocr_read_completion ocr-read" in done.stdout
    # and the script's request is answered: the options that start with --form
    env.update(_OCR_READ_COMPLETE="complete_bash", COMP_WORDS="ocr-read --form", COMP_CWORD="1")
    done = subprocess.run(
        [str(ROOT / "bin" / "ocr-read")], capture_output=True, text=True, timeout=60,
        env=env, stdin=subprocess.DEVNULL,
    )
    assert done.stdout.split() == ["--format"]
