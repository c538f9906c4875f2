import numpy as np

from ocrtools.binarize import binarize, ink_to_image, otsu_threshold
from tests.conftest import render_line


def test_otsu_separates_two_levels():
    gray = np.array([[20] * 10 + [200] * 30], dtype=np.uint8)
    assert 20 < otsu_threshold(gray) < 200


def test_dark_text_is_ink_and_light_text_too():
    line = render_line("Hello 42")
    ink = binarize(line)
    assert 0.02 < ink.mean() < 0.4
    assert np.array_equal(binarize(255 - line), ink)


def test_binarizing_a_binarized_image_changes_nothing():
    line = render_line("Idempotent")
    ink = binarize(line)
    for method in ("otsu", "sauvola"):
        assert np.array_equal(binarize(ink_to_image(ink), method), ink)


def test_noisy_grey_line_still_gives_the_letters():
    rng = np.random.default_rng(1)
    line = render_line("NOISE 123").astype(np.float64) * 0.5 + 90
    noisy = np.clip(line + rng.normal(0, 15, line.shape), 0, 255).astype(np.uint8)
    clean = binarize(render_line("NOISE 123"))
    got = binarize(noisy)
    assert (got & clean).sum() / clean.sum() > 0.8
    assert (got & ~clean).sum() / clean.sum() < 0.2


def test_blank_image_has_no_ink():
    assert not binarize(np.full((20, 30), 255, np.uint8)).any()
    assert not binarize(np.zeros((20, 30), np.uint8)).any()


def test_median3_matches_pil_median_filter():
    from PIL import Image, ImageFilter

    from ocrtools.binarize import median3

    rng = np.random.default_rng(3)
    for shape in [(3, 3), (12, 40), (31, 17)]:
        gray = rng.integers(0, 256, shape, dtype=np.uint8)
        want = np.asarray(Image.fromarray(gray).filter(ImageFilter.MedianFilter(3)))
        assert np.array_equal(median3(gray), want)


def test_faint_noisy_line_keeps_the_threshold_out_of_the_noise():
    """Low contrast (40 grey levels) under strong noise: Otsu alone splits the noise and
    makes a third of the image ink; the result must look like a text line (8% ink)."""
    rng = np.random.default_rng(5)
    line = render_line("faint and noisy 1234", size=40, pad=20).astype(np.float32)
    gray = 170 - (255 - line) * (40 / 255) + rng.normal(0, 25, line.shape)
    ink = binarize(np.clip(gray, 0, 255).astype(np.uint8))
    truth = line < 128
    assert ink.mean() < 0.15
    assert (ink & truth).sum() > 0.4 * truth.sum()


def test_separation_from_the_histogram_equals_the_pixelwise_ratio():
    from ocrtools.binarize import _histogram, _otsu_of, separation

    rng = np.random.default_rng(3)
    for trial in range(200):
        shape = (int(rng.integers(1, 40)), int(rng.integers(1, 120)))
        noise = rng.normal(rng.uniform(0, 255), rng.uniform(0, 80), size=shape)
        gray = np.clip(noise, 0, 255).astype(np.uint8)
        hist = _histogram(gray)
        threshold = _otsu_of(hist) if trial % 2 else float(rng.uniform(0, 256))
        values, dark = gray.astype(np.float64), gray < threshold
        w = dark.mean()
        if values.var() == 0 or w in (0.0, 1.0):
            expected = 1.0
        else:
            gap = values[dark].mean() - values[~dark].mean()
            expected = w * (1 - w) * gap * gap / values.var()
        assert abs(separation(hist, threshold) - expected) < 1e-12
