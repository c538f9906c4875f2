"""Shared test helpers: lines rendered with PIL, and running the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "bin"
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation"]
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# the ALTO and PAGE schemas, from public repositories: read from ../shared beside the
# checkout (CI has it), never copied into the repository; the tests skip without them
XSD = ROOT.parent / "shared" / "data" / "xsd"


def font_path(name: str = "DejaVuSans.ttf") -> str:
    for directory in FONT_DIRS:
        candidate = os.path.join(directory, name)
        if os.path.exists(candidate):
            return candidate
    pytest.skip(f"font {name} not installed (apt-get install fonts-dejavu-core)")


def render_line(
    text: str,
    size: int = 32,
    font: str = "DejaVuSans.ttf",
    rule: tuple[int, int, int, int] | None = None,
    pad: int = 10,
) -> np.ndarray:
    """A grey text line, dark on white, optionally with a straight line drawn across."""
    face = ImageFont.truetype(font_path(font), size)
    left, top, right, bottom = face.getbbox(text)
    image = Image.new("L", (right + 2 * pad, bottom + 2 * pad), 255)
    draw = ImageDraw.Draw(image)
    draw.text((pad, pad), text, font=face, fill=0)
    if rule is not None:
        draw.line(rule, fill=30, width=2)
    return np.asarray(image)


def save_line(path: Path, text: str, **kwargs) -> Path:  # type: ignore[no-untyped-def]
    Image.fromarray(render_line(text, **kwargs)).save(path)
    return path


def run_command(
    command: str, *args: str, input: bytes | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Run one of the bin/ shims, as a user would from a checkout."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), OMP_NUM_THREADS="1")
    return subprocess.run(
        [str(BIN / command), *args],
        input=input if input is not None else b"",
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=str(ROOT),
    )


def shell(pipeline: str, timeout: float = 180) -> subprocess.CompletedProcess[bytes]:
    """Run a shell pipeline with bin/ first on PATH."""
    env = dict(
        os.environ,
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        OMP_NUM_THREADS="1",
    )
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", pipeline],
        capture_output=True,
        timeout=timeout,
        env=env,
        cwd=str(ROOT),
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="session")
def alto_schema():  # type: ignore[no-untyped-def]
    """ALTO 4.4, its xlink import mapped to the local copy (no network)."""
    xmlschema = pytest.importorskip("xmlschema")
    if not (XSD / "alto-4-4.xsd").exists():
        pytest.skip(f"ALTO schema not found in {XSD}")
    return xmlschema.XMLSchema(
        str(XSD / "alto-4-4.xsd"),
        locations={"http://www.w3.org/1999/xlink": str(XSD / "xlink.xsd")}, allow="local",
    )


@pytest.fixture(scope="session")
def page_schema():  # type: ignore[no-untyped-def]
    """PAGE XML 2019-07-15."""
    xmlschema = pytest.importorskip("xmlschema")
    if not (XSD / "pagecontent-2019-07-15.xsd").exists():
        pytest.skip(f"PAGE schema not found in {XSD}")
    return xmlschema.XMLSchema(str(XSD / "pagecontent-2019-07-15.xsd"), allow="local")


@pytest.fixture(scope="session")
def train_fonts():  # type: ignore[no-untyped-def]
    """The training split of the generator's font table (skip when not installed)."""
    from training import fonts

    try:
        return fonts.fonts_for("train")
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def heldout_fonts():  # type: ignore[no-untyped-def]
    """The held-out split (fonts never used in training)."""
    from training import fonts

    try:
        return fonts.fonts_for("heldout")
    except RuntimeError as exc:
        pytest.skip(str(exc))


@pytest.fixture
def python() -> str:
    return sys.executable
