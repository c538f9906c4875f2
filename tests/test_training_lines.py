"""training.lines.from_onnx: a shipped model's weights, back in a trainable network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")  # training only (pip install torch==2.13.0)
pytest.importorskip("onnx")

from ocrtools import ctc  # noqa: E402
from ocrtools.lines import line_image  # noqa: E402
from ocrtools.models import find_model, load_session  # noqa: E402
from training import lines as training_lines  # noqa: E402
from training.synth import generate  # noqa: E402


def test_a_model_started_from_the_shipped_one_reads_as_it_does():
    torch.set_num_threads(1)
    strips = [(line_image(line.image)[0].pixels, line.text, line.spec.condition)
              for line in generate(24, 5, "mixed", "train", "code,date")]
    info = find_model("printed")
    net = training_lines.build_net(int(info.meta["training"]["width"]))
    training_lines.from_onnx(net, Path(info.path), strips, batches=4)
    net.eval()
    session = load_session(info)
    labels = ["<blank>", *training_lines.CHARSET]
    rows = [labels.index(c) for c in info.labels]
    for pixels, _text, _cond in strips[:4]:
        shipped = ctc.run(session, pixels)
        with torch.no_grad():
            ours = net(torch.from_numpy(pixels[None, None] / np.float32(255.0))).numpy()[0]
        assert np.allclose(ours[rows], shipped, atol=1e-3)


def test_jittered_batches_move_each_line_up_or_down_and_keep_its_columns():
    rng = np.random.default_rng(0)
    lines = [(rng.integers(1, 255, (32, w)).astype(np.uint8), "x", "clean") for w in (40, 57)]
    plain, lengths = training_lines._tensor(lines, [0, 1])
    moved, same = training_lines._tensor(lines, [0, 1], jitter=2, rng=np.random.default_rng(3))
    assert lengths == same and plain.shape == moved.shape
    shifts = []
    for k, (pixels, _t, _c) in enumerate(lines):
        x = moved[k, 0].numpy()[:, : pixels.shape[1]]
        found = [dy for dy in range(-2, 3)
                 if np.allclose(x, np.roll(pixels / 255.0, dy, axis=0) * _rows(dy))]
        assert len(found) == 1
        shifts.append(found[0])
    assert any(shifts)  # (seed 3 moves at least one of the two)


def _rows(dy: int) -> np.ndarray:
    keep = np.ones((32, 1))
    if dy > 0:
        keep[:dy] = 0
    elif dy < 0:
        keep[dy:] = 0
    return keep
