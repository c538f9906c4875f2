"""Export a torch model to ONNX and check onnxruntime gives the same outputs."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import numpy as np


def export_checked(net: Any, dummy: Any, path: Path, input_name: str,
                   dynamic_axes: dict[str, dict[int, str]], tolerance: float = 1e-3) -> str:
    """Write ``path`` (opset 17, TorchScript exporter), compare onnxruntime's output with
    torch's on ``dummy`` (SystemExit when they differ), and return the file's sha256."""
    import onnxruntime as ort
    import torch

    net.eval()
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(net, (dummy,), str(path), input_names=[input_name],
                      output_names=["logits"], dynamic_axes=dynamic_axes, opset_version=17,
                      dynamo=False)
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    with torch.no_grad():
        expected = net(dummy).numpy()
    got = session.run(None, {input_name: dummy.numpy()})[0]
    diff = float(np.abs(expected - got).max())
    if diff > tolerance:
        raise SystemExit(f"{path}: ONNX output differs from torch by {diff}")
    return hashlib.sha256(path.read_bytes()).hexdigest()
