"""The installed package: a wheel built from the checkout, installed into a fresh venv,
reads an example from another directory with its own console scripts and models.

No network: the wheel is built without build isolation (setuptools from the dev extra)
and installed with --no-index --no-deps; the fresh venv finds numpy, onnxruntime,
typer, ... through a .pth line naming the test venv's site-packages (a plain path: the
checkout's editable install, hooked in by a .pth file there, is not activated).
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# what the build reads (a copy: the build leaves build/ and *.egg-info behind, and the
# checkout's build/ holds training runs)
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "ocrtools", "models")
MODEL_FILES = {"printed.onnx", "printed.json", "chars.onnx", "chars.json",
               "emnist.onnx", "emnist.json"}


def _setuptools_builds_wheels() -> bool:
    try:
        import setuptools
    except ImportError:
        return False
    return int(setuptools.__version__.split(".")[0]) >= 77


pytestmark = pytest.mark.skipif(
    not _setuptools_builds_wheels(), reason="needs setuptools>=77 (make install: dev extra)"
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout's sources."""
    work = tmp_path_factory.mktemp("build")
    source = work / "src"
    source.mkdir()
    for name in SOURCE:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = work / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(source)],
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    (built,) = out.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel; its bin/ directory."""
    target = tmp_path_factory.mktemp("venv") / "v"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(purelib, "test-venv-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        capture_output=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return target / "bin"


def test_the_wheel_holds_the_models_and_the_license(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("ocrtools/model_files/")}
    assert shipped >= MODEL_FILES
    assert {"ocrtools/data/words.txt.gz", "ocrtools/data/words.LICENSE"} <= set(names)
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert wheel.name.startswith("ocrtools_unix-")


def test_the_installed_ocr_read_reads_an_example_from_another_directory(
    installed: Path, tmp_path: Path
) -> None:
    shutil.copy(ROOT / "examples" / "date.png", tmp_path / "date.png")
    env = {"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1", "HOME": str(tmp_path)}
    done = subprocess.run(
        [str(installed / "ocr-read"), "date.png"],
        capture_output=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert done.stdout.decode().strip() == "2021-03-04"
    where = subprocess.run(
        [str(installed / "python"), "-c",
         "import ocrtools, ocrtools.models as m; print(ocrtools.__file__); print(m.model_dir())"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    ).stdout.split()
    venv_root = str(installed.parent)
    assert all(p.startswith(venv_root) for p in where), where  # not the checkout's files
    words = subprocess.run(
        [str(installed / "python"), "-c",
         "from ocrtools.lexicon import word_list; print(len(word_list()))"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert int(words.stdout) > 50_000, words.stderr  # the word list installs with it
    version = subprocess.run(
        [str(installed / "ocr-join"), "--version"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env,
    )
    assert version.returncode == 0 and version.stdout.startswith("ocr-join 0.")
