"""EMNIST handwritten-character model: loader, normalisation and the shipped model."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocrtools.emnist import is_emnist_style, normalize_character

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "emnist.onnx"
SIDECAR = ROOT / "models" / "emnist.json"
# EMNIST images are never copied into the repository: tests that need them read the data
# set beside the checkout (CI has it) and skip when it is absent.
DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "emnist"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def _session():
    ort = pytest.importorskip("onnxruntime")
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(MODEL), so, providers=["CPUExecutionProvider"])


def _classify(sess, images: np.ndarray) -> np.ndarray:
    x = images.astype(np.float32)[:, None] / 255.0
    return sess.run(["logits"], {"input": x})[0]


def _sidecar() -> dict:
    return json.loads(SIDECAR.read_text())


@pytest.fixture(scope="module")
def emnist_slice() -> tuple[np.ndarray, np.ndarray]:
    """10 validation images per class (470), read from ../shared/data/emnist."""
    from training.emnist import POOL_IMAGES, POOL_LABELS, read_slice

    if not ((DATA / POOL_IMAGES).exists() and (DATA / POOL_LABELS).exists()):
        pytest.skip(f"EMNIST data not at {DATA}")
    return read_slice(DATA)


def _draw(ch: str, size: int = 200) -> np.ndarray:
    if not FONT.exists():
        pytest.skip("DejaVuSans-Bold not installed")
    img = Image.new("L", (size, size), 255)
    font = ImageFont.truetype(str(FONT), int(size * 0.75))
    ImageDraw.Draw(img).text((size // 2, size // 2), ch, fill=0, font=font, anchor="mm")
    return np.asarray(img)


# ----------------------------------------------------------------- idx loader (no torch)


def test_idx_roundtrip(tmp_path: Path) -> None:
    from training.emnist import read_idx, write_idx

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    labels = np.arange(5, dtype=np.uint8)
    write_idx(tmp_path / "img.gz", images)
    write_idx(tmp_path / "lab.gz", labels)
    np.testing.assert_array_equal(read_idx(tmp_path / "img.gz"), images)
    np.testing.assert_array_equal(read_idx(tmp_path / "lab.gz"), labels)


def test_idx_plain_and_header(tmp_path: Path) -> None:
    from training.emnist import read_idx

    data = bytes([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3]) + bytes(range(6))
    (tmp_path / "plain").write_bytes(data)
    np.testing.assert_array_equal(read_idx(tmp_path / "plain"), np.arange(6).reshape(2, 3))
    (tmp_path / "short").write_bytes(data[:-1])
    with pytest.raises(ValueError):
        read_idx(tmp_path / "short")
    (tmp_path / "bad").write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError):
        read_idx(tmp_path / "bad")


def test_training_module_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, training.emnist; print('torch' in sys.modules)"
    res = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert res.stdout.strip() == "False"


# ----------------------------------------------------------------- normalisation


def test_split_indices_balanced_disjoint_and_fixed() -> None:
    from training.emnist import N_CLASSES, split_indices

    y = np.random.default_rng(1).integers(0, N_CLASSES, 20000)
    a, b = split_indices(y), split_indices(y)
    for k in a:
        np.testing.assert_array_equal(a[k], b[k])
    assert np.bincount(y[a["val_idx"]], minlength=N_CLASSES).tolist() == [100] * N_CLASSES
    assert np.bincount(y[a["dev_idx"]], minlength=N_CLASSES).tolist() == [20] * N_CLASSES
    assert not set(a["val_idx"]) & set(a["dev_idx"])
    assert set(a["slice_idx"]) <= set(a["val_idx"])
    assert np.bincount(y[a["slice_idx"]], minlength=N_CLASSES).tolist() == [10] * N_CLASSES
    other = split_indices(y, seed=7)["val_idx"]
    assert not np.array_equal(other, a["val_idx"])


def test_fold36() -> None:
    from training.emnist import fold36

    labels = _sidecar()["labels"]
    fmap, names = fold36(labels)
    assert names == list("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert [names[i] for i in fmap] == [lab.upper() for lab in labels]
    assert names[fmap[labels.index("a")]] == "A" and names[fmap[labels.index("t")]] == "T"


def test_slice(emnist_slice: tuple[np.ndarray, np.ndarray]) -> None:
    images, labels = emnist_slice
    assert images.shape == (470, 28, 28) and images.dtype == np.uint8
    assert labels.dtype == np.uint8
    assert np.bincount(labels, minlength=47).tolist() == [10] * 47


def test_repository_carries_no_emnist_images() -> None:
    """Every 28x28 grey PNG in the repository is drawn by us, none cut from EMNIST."""
    from training.emnist import POOL_IMAGES, read_idx

    if not (DATA / POOL_IMAGES).exists():
        pytest.skip(f"EMNIST data not at {DATA}")
    ours = {}
    for path in ROOT.glob("[!.]*/**/*.png"):
        if "build" in path.relative_to(ROOT).parts[:1]:
            continue
        im = np.asarray(Image.open(path))
        if im.shape == (28, 28):
            ours[im.astype(np.uint8).tobytes()] = path
    assert len(ours) >= 10
    pool = read_idx(DATA / POOL_IMAGES)
    found = [str(ours[im.tobytes()]) for im in pool if im.tobytes() in ours]
    assert not found, found
    assert not list(ROOT.glob("tests/data/*.npz"))


def test_emnist_images_pass_through(emnist_slice: tuple[np.ndarray, np.ndarray]) -> None:
    for im in emnist_slice[0][:50]:
        assert is_emnist_style(im)
        np.testing.assert_array_equal(normalize_character(im), im)


def test_blank_images_give_zeros() -> None:
    for img in (
        np.zeros((40, 30), np.uint8),
        np.full((200, 200), 255, np.uint8),
        np.full((5, 5), 128, np.uint8),
        np.zeros((1, 1), np.uint8),
    ):
        out = normalize_character(img)
        assert out.shape == (28, 28) and out.dtype == np.uint8
        assert not out.any()


def test_character_touching_the_edges() -> None:
    gray = np.full((60, 30), 255, np.uint8)
    gray[:, 12:18] = 0  # a bar from top to bottom edge
    gray[0:6, :] = 0
    out = normalize_character(gray)
    assert out.shape == (28, 28) and out.max() == 255
    wide = np.full((10, 300), 255, np.uint8)
    wide[3:7, 5:295] = 0
    assert normalize_character(wide).max() == 255


def test_rejects_colour() -> None:
    with pytest.raises(ValueError):
        normalize_character(np.zeros((10, 10, 3), np.uint8))


@pytest.mark.parametrize("ch", ["7", "A"])
def test_normalize_drawn_character(ch: str) -> None:
    gray = _draw(ch)
    assert not is_emnist_style(gray)
    out = normalize_character(gray)
    assert out.shape == (28, 28) and out.dtype == np.uint8
    assert out.max() == 255
    assert is_emnist_style(out) or out[0].max() == 0
    ink = out > 64
    rows = np.flatnonzero(ink.any(1))
    cols = np.flatnonzero(ink.any(0))
    assert abs((rows[0] + rows[-1]) / 2 - 13.5) <= 1.5
    assert abs((cols[0] + cols[-1]) / 2 - 13.5) <= 1.5
    assert 20 <= max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1 <= 27
    # Background dark, no ink on the outer border.
    assert out[[0, -1]].max() < 32 and out[:, [0, -1]].max() < 32


def test_normalize_inverted_and_speckled() -> None:
    gray = _draw("7")
    noisy = gray.copy()
    noisy[5:7, 5:7] = 0  # a speck in the corner
    a = normalize_character(noisy)
    b = normalize_character(255 - gray)  # light ink on dark, not 28x28
    c = normalize_character(gray)
    assert np.abs(a.astype(int) - c).max() <= 8
    assert np.abs(b.astype(int) - c).max() <= 8


# ----------------------------------------------------------------- shipped model


def test_sidecar_matches_model() -> None:
    side = _sidecar()
    assert side["name"] == "emnist" and side["file"] == MODEL.name
    assert side["sha256"] == hashlib.sha256(MODEL.read_bytes()).hexdigest()
    assert len(side["labels"]) == 47 and side["labels"][:3] == ["0", "1", "2"]
    assert side["labels"][36:] == list("abdefghnqrt")
    assert side["input"] == {
        "name": "input",
        "shape": [1, 28, 28],
        "range": [0, 1],
        "polarity": "white-on-black",
    }
    assert side["task"] == "character" and side["reject_label"] is None
    assert MODEL.stat().st_size <= 2 * 1024 * 1024


def test_model_accuracy_on_slice(emnist_slice: tuple[np.ndarray, np.ndarray]) -> None:
    sess = _session()
    images, labels = emnist_slice
    logits = _classify(sess, images)
    assert logits.shape == (470, 47)
    acc = float((logits.argmax(1) == labels).mean())
    assert acc >= 0.88, acc


@pytest.mark.parametrize("ch", ["7", "A"])
def test_model_reads_drawn_character(ch: str) -> None:
    sess = _session()
    labels = _sidecar()["labels"]
    out = normalize_character(_draw(ch))
    pred = int(_classify(sess, out[None]).argmax(1)[0])
    assert labels[pred] == ch
