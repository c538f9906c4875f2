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
