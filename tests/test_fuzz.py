"""The fuzzer in the test suite: 200 corrupted images through the commands."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from tests import fuzz
from tests.test_bad_input import MODEL


@pytest.mark.skipif(not MODEL.exists(), reason="models/printed.onnx not trained yet")
def test_fuzz_200_cases_no_crash_no_hang_no_lost_record(tmp_path):
    tally = fuzz.fuzz(
        cases=200, seed=2024, batch=250, jobs=2, pipe_every=1, keep=tmp_path, quiet=True
    )
    assert tally.line() == "fuzz: 200 cases, 0 crashes, 0 hangs, 0 lost records", "\n".join(
        tally.failures
    )


def test_cases_are_reproducible():
    bases = fuzz.base_images()
    assert fuzz.make_case(5, 17, bases) == fuzz.make_case(5, 17, bases)
    assert fuzz.make_case(5, 17, bases) != fuzz.make_case(5, 18, bases)


def test_huge_dimensions_reach_the_header():
    png = next(data for fmt, data in fuzz.base_images() if fmt == "PNG")
    rng = np.random.default_rng(0)
    for _ in range(20):
        changed = fuzz.huge_dimensions(png, rng, [])
        try:
            size = Image.open(io.BytesIO(changed)).size
        except Exception:  # noqa: BLE001 - a zero size or a bad CRC is refused: fine
            continue
        assert size in {(w, h) for w in fuzz.DIMENSIONS for h in fuzz.DIMENSIONS}
