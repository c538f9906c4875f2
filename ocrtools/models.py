"""Finding, checking and loading the ONNX models.

Each model ``NAME.onnx`` ships with ``NAME.json`` beside it: its labels, the input it
expects, how it was trained, the accuracy measured, and the sha256 of the ONNX file.
``find_model`` reads only the JSON (cheap: no onnxruntime import); ``load_session``
verifies the checksum and builds the onnxruntime session, once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ocrtools.errors import ModelError

DEFAULT_MODEL = "printed"


MODEL_PACKAGE = "ocrtools.model_files"  # models/ of the checkout, installed as a package


def model_dir() -> Path:
    """Where the shipped models are: $OCRTOOLS_MODELS, else the installed package
    ``ocrtools.model_files`` (the checkout's models/, mapped into the wheel; an editable
    install maps it to models/ itself), else models/ beside the package (a checkout run
    through the bin/ shims, with nothing installed)."""
    env = os.environ.get("OCRTOOLS_MODELS")
    if env:
        return Path(env)
    installed = _package_dir(MODEL_PACKAGE)
    if installed is not None:
        return installed
    return Path(__file__).resolve().parent.parent / "models"


@lru_cache(maxsize=4)
def _package_dir(package: str) -> Path | None:
    """The directory of a data package on the file system, or None when it is not
    installed (onnxruntime and the checksum read the models as plain files)."""
    from importlib import resources

    try:
        entries = list(resources.files(package).iterdir())
    except (ModuleNotFoundError, TypeError, OSError):
        return None
    # a namespace package (models/ has no __init__.py) is a MultiplexedPath, whose
    # entries are plain paths
    for entry in entries:
        if entry.name.endswith(".onnx"):
            directory = Path(str(entry)).parent
            if directory.is_dir():
                return directory
    return None


def worker_copy(path: str) -> str:
    """On a Dask worker, the uploaded copy of a model file the worker lacks (the
    client uploads the model to every worker: see ocrtools.cli.dask_backend)."""
    if os.path.exists(path):
        return path
    try:
        from distributed import get_worker

        local = os.path.join(get_worker().local_directory, os.path.basename(path))
    except (ImportError, ValueError):
        return path
    return local if os.path.exists(local) else path


def available_models() -> list[str]:
    directory = model_dir()
    if not directory.is_dir():
        return []
    return sorted(p.stem for p in directory.glob("*.json") if p.with_suffix(".onnx").exists())


@dataclass(frozen=True)
class ModelInfo:
    """What a model's JSON sidecar says about it."""

    name: str
    path: Path
    labels: tuple[str, ...]
    input_shape: tuple[int, int, int]  # channels, height, width
    task: str  # "line": lattice of candidates; "character": one character per image
    reject_label: str | None
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def crop_size(self) -> int:
        return self.input_shape[1]


def find_model(name_or_path: str = DEFAULT_MODEL) -> ModelInfo:
    """A shipped model by name (printed, emnist) or a path to NAME.onnx / NAME.json."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".onnx", ".json") or os.sep in name_or_path:
        onnx_path = candidate.with_suffix(".onnx")
    else:
        onnx_path = model_dir() / f"{name_or_path}.onnx"
        if not onnx_path.exists():
            names = ", ".join(available_models()) or "none found"
            raise ModelError(
                f"unknown model {name_or_path!r} (available: {names}; or give a path to a "
                f".onnx file with its .json beside it)"
            )
    sidecar = onnx_path.with_suffix(".json")
    if not onnx_path.exists():
        raise ModelError(f"model file {onnx_path} not found")
    if not sidecar.exists():
        raise ModelError(f"model {onnx_path} has no sidecar {sidecar.name} (labels, input)")
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
        labels = tuple(str(label) for label in meta["labels"])
        shape = tuple(int(n) for n in meta["input"]["shape"])
        if len(shape) != 3:
            raise ValueError("input.shape must be [channels, height, width]")
        return ModelInfo(
            name=str(meta.get("name", onnx_path.stem)),
            path=onnx_path,
            labels=labels,
            input_shape=(shape[0], shape[1], shape[2]),
            task=str(meta.get("task", "line")),
            reject_label=meta.get("reject_label"),
            sha256=str(meta.get("sha256", "")),
            meta=meta,
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"model sidecar {sidecar} is unusable ({exc})") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=8)
def load_session(info: ModelInfo, threads: int = 1) -> Any:
    """The onnxruntime session for a model, checked against its sha256; cached."""
    if not info.sha256:
        raise ModelError(
            f"model {info.path} cannot be checked: its sidecar {info.path.with_suffix('.json')}"
            f" has no \"sha256\" (the file's digest, as sha256sum prints it)"
        )
    if file_sha256(info.path) != info.sha256:
        raise ModelError(
            f"model {info.path} does not match the sha256 in its sidecar; the file is "
            f"damaged or was replaced (retrain with make train, or restore it from git)"
        )
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(0, threads)
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        return ort.InferenceSession(
            str(info.path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # noqa: BLE001 - onnxruntime raises its own error types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(
            f"cannot load model {info.path}: not a valid ONNX model ({first})"
        ) from None
