"""The fast order statistics give exactly what numpy gives."""

import numpy as np
import pytest

from ocrtools.numeric import median, median_of_counts, median_of_ints, percentile_int


@pytest.mark.parametrize("seed", range(4))
def test_same_as_numpy(seed):
    rng = np.random.default_rng(seed)
    for _ in range(500):
        n = int(rng.integers(1, 120))
        values = rng.integers(-300, int(rng.integers(-299, 2000)), n)
        assert median(values) == float(np.median(values))
        assert median(values / 2.0) == float(np.median(values / 2.0))
        assert median_of_ints(values) == float(np.median(values))
        for q in (0, 2, 50, 98, 100):
            assert percentile_int(values, q) == int(np.percentile(values, q))


def test_median_of_counts_and_empty():
    assert median_of_counts(np.array([0, 2, 0, 2])) == 2.0  # values 1 1 3 3
    assert median_of_counts(np.array([1, 1, 1]), offset=10) == 11.0
    assert np.isnan(median_of_counts(np.zeros(3, dtype=np.int64)))
    assert np.isnan(median(np.array([])))
