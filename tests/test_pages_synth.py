"""Fast checks of the synthetic page generator (training/pages.py)."""

from __future__ import annotations

import dataclasses
import json
import string

import numpy as np
import pytest

pytest.importorskip("faker")  # faker is a training-only dependency

from training import fonts as fontmod  # noqa: E402
from training import pages  # noqa: E402


@pytest.fixture(scope="module")
def rendered(heldout_fonts):
    """One page of every kind (seed 5, pages 0-3), held-out fonts."""
    return {kind: pages.render_page(pages.sample_page(5, k, kind, "heldout"))
            for k, kind in enumerate(pages.KINDS)}


def test_font_splits_do_not_overlap():
    train = fontmod.families("train")
    held = fontmod.families("heldout")
    assert {f.name for f in train}.isdisjoint({f.name for f in held})
    train_files = {p for f in train for p in f.files.values()}
    held_files = {p for f in held for p in f.files.values()}
    assert train_files.isdisjoint(held_files)


@pytest.mark.parametrize("kind", pages.KINDS)
def test_same_seed_same_params(kind, heldout_fonts):
    a = pages.sample_page(11, 3, kind, "heldout")
    b = pages.sample_page(11, 3, kind, "heldout")
    assert a == b
    assert dataclasses.asdict(a) == dataclasses.asdict(b)
    assert a != pages.sample_page(12, 3, kind, "heldout")
    # the spec survives a JSON round trip
    assert pages.spec_from_dict(json.loads(json.dumps(dataclasses.asdict(a)))) == a


@pytest.mark.parametrize("kind", ["receipt", "screen"])
def test_same_spec_same_pixels(kind, rendered):
    first = rendered[kind]
    again = pages.render_page(pages.sample_page(5, pages.KINDS.index(kind), kind, "heldout"))
    assert np.array_equal(np.asarray(first.image), np.asarray(again.image))
    assert first.lines == again.lines


@pytest.mark.parametrize("kind", pages.KINDS)
def test_boxes_inside_page_and_text_non_empty(kind, rendered):
    page = rendered[kind]
    w, h = page.image.size
    assert page.image.mode == page.spec.mode
    assert len(page.lines) >= 5
    for k, line in enumerate(page.lines):
        assert line["order"] == k
        assert line["text"] and line["text"] == line["text"].strip()
        assert "  " not in line["text"] and "\n" not in line["text"]
        x, y, bw, bh = line["box"]
        assert 0 <= x and 0 <= y and bw > 0 and bh > 0 and x + bw <= w and y + bh <= h
        poly = np.array(line["polygon"])
        assert poly.shape == (4, 2)
        # the box is the polygon's bounding box (clipped to the page)
        assert abs(max(0, poly[:, 0].min()) - x) <= 1 and abs(max(0, poly[:, 1].min()) - y) <= 1
    assert all(c in pages.PRINTABLE for line in page.lines for c in line["text"])
    blocks = [line["block"] for line in page.lines]
    assert blocks == sorted(blocks)  # blocks come in reading order


def test_fonts_of_heldout_pages_are_heldout(rendered, heldout_fonts):
    held_paths = {f.path for f in heldout_fonts}

    def paths(obj):
        if isinstance(obj, dict):
            for key, value in obj.items():
                if key == "path":
                    yield value
                else:
                    yield from paths(value)
        elif isinstance(obj, (list, tuple)):
            for value in obj:
                yield from paths(value)

    for page in rendered.values():
        used = set(paths(dataclasses.asdict(page.spec)))
        assert used and used <= held_paths


def test_alphabet_is_a_parameter(heldout_fonts):
    alphabet = string.ascii_letters + " .,"
    page = pages.render_page(pages.sample_page(5, 2, "receipt", "heldout", alphabet))
    text = "".join(line["text"] for line in page.lines)
    assert text and set(text) <= set(alphabet)
    assert pages.fit_alphabet("Café  (déjà) 12", alphabet) == "Cafe deja"


def test_write_page(tmp_path, rendered):
    page = rendered["receipt"]
    row = pages.write_page(page, tmp_path)
    name = page.spec.name
    assert row["lines"] == len(page.lines)
    doc = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert doc["size"] == list(page.image.size)
    assert doc["params"]["kind"] == "receipt" and doc["lines"][0]["text"] == page.lines[0]["text"]
    gt = (tmp_path / f"{name}.gt.txt").read_text(encoding="utf-8")
    assert gt.endswith("\n") and gt.splitlines() == [x["text"] for x in page.lines]
    assert (tmp_path / f"{name}.png").exists()


def test_a_curled_page_is_the_same_page_bent(heldout_fonts):
    """--curl bends a page (its own random stream: the page is otherwise the same), its
    lines' ground truth follows the bend, and no curl leaves the page as it was."""
    flat = pages.sample_page(5, 0, "scan", "heldout")
    assert pages.sample_page(5, 0, "scan", "heldout", curl=0.0) == flat
    bent = pages.sample_page(5, 0, "scan", "heldout", curl=0.02)
    assert 0.008 <= bent.transform["curl"]["amp"] <= 0.02
    assert dataclasses.replace(bent, transform=flat.transform) == flat
    a, b = pages.render_page(flat), pages.render_page(bent)
    assert [x["text"] for x in a.lines] == [x["text"] for x in b.lines]
    assert all(len(x["polygon"]) == 18 for x in b.lines)
    sag = bent.transform["curl"]["amp"] * bent.height
    # each line's box grows by the bend across it (more for long lines), never beyond
    grown = [(y["box"][3] - x["box"][3]) for x, y in zip(a.lines, b.lines, strict=True)]
    assert max(grown) > 0.2 * sag
    assert max(grown) <= sag + 2
    assert not np.array_equal(np.asarray(a.image), np.asarray(b.image))
