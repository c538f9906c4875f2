"""Classifying character crops with an ONNX model (one batched call for many crops)."""

from __future__ import annotations

from typing import Any

import numpy as np

TOP_K = 5
# crops per onnxruntime call: small batches keep a call's activations in the core's
# cache (the earlier fp32 EMNIST model, one thread: 25,700-25,900 chars/s at 64,
# 20,100-21,400 at 1024)
BATCH = 64


def predict(session: Any, crops: np.ndarray) -> np.ndarray:
    """Class probabilities (n, classes) for uint8 crops (n, h, w), ink = 255."""
    if len(crops) == 0:
        return np.zeros((0, len(session.get_outputs()[0].shape or [0])), dtype=np.float32)
    name = session.get_inputs()[0].name
    outputs = []
    for start in range(0, len(crops), BATCH):
        batch = crops[start : start + BATCH].astype(np.float32)[:, None, :, :] / 255.0
        (logits,) = session.run(None, {name: batch})
        outputs.append(softmax(np.asarray(logits, dtype=np.float32)))
    return np.concatenate(outputs, axis=0)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def top_labels(probs: np.ndarray, labels: tuple[str, ...], k: int = TOP_K) -> list[dict[str, Any]]:
    """Per crop: the best label, its probability and the runners-up, rounded as they
    are written to the stream (so a piped chain and ocr-read decode the same numbers)."""
    result: list[dict[str, Any]] = []
    if len(probs) == 0:
        return result
    k = min(k, probs.shape[1])
    order = np.argsort(-probs, axis=1, kind="stable")[:, :k]
    for row, best in zip(probs, order, strict=True):
        alt = [[labels[c], round(float(row[c]), 5)] for c in best]
        result.append({"label": alt[0][0], "p": alt[0][1], "alt": alt[1:]})
    return result
