"""ocr-read --backend dask: a local Dask cluster gives the same output as -j 2."""

import shutil

import pytest

from tests.conftest import ROOT, run_command

pytest.importorskip("distributed", reason="dask[distributed] is an optional extra")


def test_dask_local_cluster_matches_loky(tmp_path):
    sources = sorted((ROOT / "examples").glob("*.png"))
    for k in range(40):
        shutil.copy(sources[k % len(sources)], tmp_path / f"{k:03d}.png")
    (tmp_path / "999.png").write_bytes(b"broken")
    loky = run_command("ocr-read", str(tmp_path), "-j", "2", "--format", "tsv")
    dask = run_command(
        "ocr-read", str(tmp_path), "-j", "2", "--backend", "dask", "--format", "tsv",
        timeout=300,
    )
    assert loky.returncode == dask.returncode == 1
    assert dask.stdout == loky.stdout
    assert len(dask.stdout.decode().splitlines()) == 41
    assert b"Traceback" not in dask.stderr
    assert dask.stderr.decode().count("999.png: not an image") == 1


def test_dask_unreachable_scheduler_is_one_line(tmp_path):
    shutil.copy(ROOT / "examples" / "code.png", tmp_path / "a.png")
    shutil.copy(ROOT / "examples" / "code.png", tmp_path / "b.png")
    result = run_command(
        "ocr-read", str(tmp_path), "--backend", "dask", "--scheduler", "tcp://127.0.0.1:9",
        timeout=120,
    )
    assert result.returncode != 0
    assert b"Traceback" not in result.stderr
    assert b"Dask scheduler" in result.stderr
