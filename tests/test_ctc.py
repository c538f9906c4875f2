"""Best-path decoding of CTC frames, and the normalised line the model reads."""

from __future__ import annotations

import numpy as np
from PIL import Image

from ocrtools import ctc
from ocrtools.lines import HEIGHT, line_image
from tests.conftest import render_line

B = ctc.BLANK


def frames(*labels: str) -> list[list[list]]:
    """One frame per label, that label at 0.9 and a runner-up at 0.1."""
    out = []
    for label in labels:
        other = "0" if label == "O" else B if label != B else "a"
        out.append([[label, 0.9], [other, 0.1]])
    return out


def test_best_path_merges_repeats_and_drops_blanks() -> None:
    path = ctc.best_path(frames("a", "a", B, "b", B, "b", "c"), None)
    assert "".join(e.char for e in path) == "abbc"
    assert [(e.first, e.last) for e in path] == [(0, 1), (3, 3), (5, 5), (6, 6)]


def test_best_path_constraint_takes_the_best_allowed_label() -> None:
    path = ctc.best_path(frames("1", "O", "2"), frozenset("0123456789"))
    assert "".join(e.char for e in path) == "102"
    assert path[1].alts[0] == ("0", 0.1)


def test_best_path_trims_spaces() -> None:
    path = ctc.best_path(frames(" ", "a", " ", B, " ", "b", " "), None)
    assert "".join(e.char for e in path) == "a b"


def test_best_path_puts_back_a_space_the_blank_won_by_little() -> None:
    def gap(left: str, right: str, space: float) -> str:
        fs = [[[left, 0.9]], [[B, 1 - space], [" ", space]], [[right, 0.9]]]
        return "".join(e.char for e in ctc.best_path(fs, None))

    assert gap("S", "(", 0.3) == "S (" and gap("y", "G", 0.3) == "y G"  # tight print
    assert gap("S", "(", 0.1) == "S("  # too unlikely
    assert gap("s", "g", 0.3) == "sg" and gap("S", "G", 0.3) == "SG"  # in a word: more
    assert gap("s", "g", 0.5) == "s g" and gap("S", "G", 0.5) == "S G"
    assert gap("4", "8", 0.45) == "48" and gap(".", "c", 0.45) == ".c"  # never there
    # a receipt's `TEL : 03-4021` (monospaced, a label's colon set apart); not after one
    assert gap("L", ":", 0.3) == "L :" and gap(":", "0", 0.1) == ":0"
    fs = [[["y", 0.9]], [[B, 0.7], [" ", 0.3]], [["G", 0.9]]]
    assert "".join(e.char for e in ctc.best_path(fs, None, spaces=False)) == "yG"


def test_an_opening_bracket_set_apart_gets_its_space() -> None:
    """A tight table's `E (06/08/2016)`: the model gives the narrow space before the
    bracket no probability, but four blank frames or more part the bracket from what
    stands before it; `JUNEL(R)` and `Amount(RM)` stand two frames apart or less."""
    def gap(left: str, blanks: int, right: str = "(") -> str:
        spec = [c for a in left for c in (a, B)][:-1]  # (a word's letters, a blank apart)
        return "".join(e.char for e in ctc.best_path(frames(*spec, *[B] * blanks, right), None))

    assert gap("E", 4) == "E (" and gap("O", 5) == "O ("
    assert gap("JUNEL", 2) == "JUNEL(" and gap("Amount", 3) == "Amount("  # attached
    # a one-letter word (a table's rating, `E (08/13/2015)`), three frames apart: its
    # space (since the fourteenth session: 17 real lines, no attached bracket follows
    # a one-letter word so far apart); two frames: attached, as a function's `f(x)`
    assert gap("E", 3) == "E (" and gap("f", 2) == "f(" and gap("EM", 3) == "EM("
    assert gap("E", 4, "0") == "E0"  # only before a bracket
    assert gap("/", 5) == "/("  # never after a slash
    fs = frames("E", B, B, B, B, "(")
    assert "".join(e.char for e in ctc.best_path(fs, None, spaces=False)) == "E("


def _frame_labels_by_argsort(logits, labels, length):
    """The straightforward frame_labels: a stable argsort of every frame's labels."""
    z = logits[:, :length]
    p = np.exp(z - z.max(axis=0, keepdims=True))
    p /= p.sum(axis=0, keepdims=True)
    order = np.argsort(-p, axis=0, kind="stable")[: ctc.TOP_K]
    best = np.take_along_axis(p, order, axis=0)
    counts = np.maximum(1, (best >= ctc.MIN_P).sum(axis=0)).tolist()
    return [
        [[labels[c], round(q, 5)] for c, q in zip(cs[:n], qs[:n], strict=True)]
        for cs, qs, n in zip(order.T.tolist(), best.T.tolist(), counts, strict=True)
    ]


def test_frame_labels_equal_a_full_stable_sort() -> None:
    rng = np.random.default_rng(7)
    labels = tuple(chr(33 + i) for i in range(97))
    for trial in range(60):
        frames_n = int(rng.integers(1, 120))
        logits = (rng.normal(size=(97, frames_n)) * rng.uniform(1, 12)).astype(np.float32)
        if trial % 3 == 0:
            logits = np.round(logits)  # ties: equal probabilities keep the label order
        length = int(rng.integers(0, frames_n + 1))
        assert ctc.frame_labels(logits, labels, length) == _frame_labels_by_argsort(
            logits, labels, length
        )


def test_frame_labels_lists_the_likely_labels_best_first() -> None:
    labels = (B, "a", "b")
    logits = np.array([[5.0, 0.0], [0.0, 5.0], [-9.0, 1.0]], dtype=np.float32)
    got = ctc.frame_labels(logits, labels, 2)
    assert got[0][0][0] == B and got[1][0][0] == "a"
    assert all(p >= ctc.MIN_P for frame in got for _l, p in frame)
    assert abs(sum(p for _l, p in got[1]) - 1.0) < 1e-3


def _line(text: str, size: int = 28, bg: int = 255, fg: int = 0) -> np.ndarray:
    image = render_line(text, size=size)  # dark (0) on white (255)
    return np.where(image < 128, fg, bg).astype(np.uint8) if (bg, fg) != (255, 0) else image


def test_line_image_is_height_32_ink_bright_and_polarity_free() -> None:
    dark = line_image(_line("Hello 42"))[0].pixels
    light = line_image(_line("Hello 42", bg=20, fg=230))[0].pixels
    assert dark.shape[0] == HEIGHT and light.shape[0] == HEIGHT
    assert dark.mean() < 80  # mostly background (0), ink is bright
    assert dark.max() == 255
    assert abs(int(dark.shape[1]) - int(light.shape[1])) <= 2
    assert np.abs(dark.astype(int) - light.astype(int)).mean() < 20


def test_line_image_scales_to_the_band_not_the_image() -> None:
    small = line_image(_line("Hello", size=20))[0].pixels
    large = line_image(_line("Hello", size=60))[0].pixels
    assert abs(small.shape[1] - large.shape[1]) <= 0.15 * large.shape[1]


def test_best_path_without_spaces_takes_the_runner_up():
    frames_ = [[["A", 0.9]], [[" ", 0.7], [B, 0.3]], [["B", 0.9]]]
    assert "".join(e.char for e in ctc.best_path(frames_, None)) == "A B"
    assert "".join(e.char for e in ctc.best_path(frames_, None, spaces=False)) == "AB"


def _ctc_record(labels: str) -> dict:
    from ocrtools import records

    return {
        "image": "x.png",
        "line": {"top": 5, "bottom": 25, "baseline": 22, "xheight": 10.0, "angle": 0.0},
        "strip": {"png": records.encode_gray(np.zeros((32, 4 * len(labels)), np.uint8)),
                  "x0": 10.0, "scale": 0.5},
        "task": "ctc-line",
        "stride": 4,
        "frames": frames(*[B if c == "_" else c for c in labels]),
    }


def test_join_reads_frames_with_spaces_boxes_and_expect():
    from ocrtools.pipeline import join_record
    from ocrtools.typed import Decoder

    record = _ctc_record("AB_ _1O_2")
    result = join_record(record)
    assert result["text"] == "AB 102"  # in a number, O gives way to its runner-up 0
    first = result["chars"][0]
    assert first["char"] == "A" and first["box"] == [10, 5, 8, 20]  # frame 0 -> x 10..18
    assert len(result["chars"]) == 5  # spaces are not characters with boxes
    # a code has no spaces and no look-alike swaps: letters and digits as read
    assert join_record(record, Decoder("code"))["text"] == "AB1O2"
    assert join_record(record, Decoder("any", charset="AB120"))["text"] == "AB 102"
    assert join_record(record, Decoder("any", charset="AB12"))["text"] == "AB 12"


def test_join_rejects_malformed_frames():
    import pytest

    from ocrtools.pipeline import join_record
    from ocrtools.records import RecordError

    record = _ctc_record("AB")
    record["frames"] = [["A", 0.5]]
    with pytest.raises(RecordError, match="frames"):
        join_record(record)


def test_text_band_ignores_tall_rule_debris():
    from ocrtools.boxes import LineGeometry
    from ocrtools.lines import text_band

    ink = np.zeros((80, 200), dtype=bool)
    for x in range(10, 170, 20):  # eight "letters", rows 30..50
        ink[30:50, x : x + 12] = True
    for y in range(0, 80):  # a steep rule fragment over the whole height
        ink[y, 180 + y // 8] = True
    line = LineGeometry(top=0, bottom=80, baseline=50, xheight=20.0)
    assert text_band(ink, line) == (30, 50)


def test_text_band_when_a_rule_glues_letters_into_one_huge_component():
    from ocrtools.boxes import LineGeometry
    from ocrtools.lines import text_band

    ink = np.zeros((90, 260), dtype=bool)
    for x in range(10, 250, 20):  # twelve "letters", rows 40..56
        ink[40:56, x : x + 10] = True
    for x in range(10, 90):  # a steep rule through the first four, rows 0..89
        ink[min(89, (x - 10) * 9 // 8), x : x + 2] = True
    # the segmenter's height is the glued component's (it holds most of the ink)
    line = LineGeometry(top=0, bottom=90, baseline=56, xheight=50.0)
    assert text_band(ink, line) == (40, 56)
    # letters broken into pieces are no glued rule: the band stays the line's
    broken = np.zeros((60, 200), dtype=bool)
    for x in range(10, 190, 20):
        broken[10:50, x : x + 8] = True
        broken[28:31, x : x + 8] = False  # each letter in two pieces of 18 and 19 rows
    line = LineGeometry(top=10, bottom=50, baseline=50, xheight=40.0)
    assert text_band(broken, line) == text_band(broken, line)  # deterministic
    top, bottom = text_band(broken, line)
    assert bottom - top >= 35


def test_line_ink_band_is_the_text_band_of_its_ink():
    """line_ink measures the band from components it already has; it must be what
    text_band finds on the cleaned ink from scratch."""
    from dataclasses import replace

    from ocrtools.binarize import binarize
    from ocrtools.boxes import line_ink
    from ocrtools.lines import text_band
    from tests.conftest import render_line

    for text, rules in (("Quiet 2021-03-04", False), ("ACJOWW40Z13U616M", True)):
        gray = render_line(text)
        if rules:
            gray = gray.copy()
            gray[gray.shape[0] // 2, :] = 0  # a rule through the whole line
        ink, line = line_ink(binarize(gray))
        assert line.band is not None
        assert text_band(ink, replace(line, band=None)) == line.band


def test_n_best_offers_a_missed_character():
    # "DE" then a frame that is probably blank but maybe "8"
    frames_ = [[["D", 0.9], [B, 0.1]], [[B, 0.9]], [["E", 0.9], [B, 0.1]],
               [[B, 0.6], ["8", 0.4]], [["9", 0.9], [B, 0.1]]]
    texts = [t for t, _ in ctc.n_best(frames_, None)]
    assert texts[0] == "DE9"
    assert "DE89" in texts[:3]
    assert [t for t, _ in ctc.n_best(frames_, frozenset("DE9"))][0] == "DE9"


def test_expect_iban_takes_the_reading_that_passes_the_check():
    from ocrtools.pipeline import join_record
    from ocrtools.typed import Decoder

    iban = "DE89370400440532013000"
    labels = []
    for c in iban:
        labels += [c, "_"]
    record = _ctc_record("".join(labels))
    # make the "8" of "DE89" doubtful: the best path drops it
    pos = labels.index("8")
    record["frames"][pos] = [[B, 0.6], ["8", 0.4]]
    assert join_record(record)["text"] == iban.replace("8", "", 1)
    assert join_record(record, Decoder("iban"))["text"] == iban


def test_a_page_line_read_unsure_is_no_text():
    from ocrtools.pipeline import join_record

    record = _ctc_record("E_")
    record["frames"] = [[["E", 0.3], ["F", 0.2]], [[B, 0.9]]]
    assert join_record(record)["text"] == "E"  # a field image keeps what it reads
    page_line = {**record, "line_count": 40}
    result = join_record(page_line)
    assert result["text"] == "" and result["chars"] == [] and result["confidence"] < 0.6
    # a halftone's dots read as a word, unsure: no text either
    record["frames"] = [[[c, 0.45], ["8", 0.3]] for c in "EEHE"] + [[[B, 0.9]]]
    assert join_record({**record, "line_count": 40})["text"] == ""
    record["frames"] = [[["E", 0.9]], [[B, 0.9]]]  # sure of it: a line of one letter
    assert join_record({**record, "line_count": 40})["text"] == "E"


def _logits(chars: str, width: int) -> tuple[np.ndarray, tuple[str, ...]]:
    """Logits of a strip ``width`` columns wide reading ``chars``, one frame each, with
    blank frames between and around them."""
    labels = (B, " ", *sorted(set(chars) - {" "}))
    frames = width // 4
    z = np.full((len(labels), frames), -5.0, dtype=np.float32)
    z[0] = 5.0
    for k, c in enumerate(chars):
        t = 2 + 2 * k
        z[0, t], z[labels.index(c), t] = -5.0, 5.0
    return z, labels


def test_only_densely_set_print_is_read_again_stretched() -> None:
    band = HEIGHT / 1.5
    text = "sincemarketguess"
    # most text: a character every 0.6-0.7 band heights
    z, labels = _logits(text, int(band + len(text) * 0.65 * band))
    assert ctc.dense_stretch(z, labels, z.shape[1] * 4) == 1.0
    # a condensed face: one every 0.45 band: read again at 0.6 (1.33x wider)
    z, labels = _logits(text, int(band + len(text) * 0.45 * band))
    factor = ctc.dense_stretch(z, labels, z.shape[1] * 4)
    assert 1.25 < factor < 1.4
    assert ctc.stretched(np.zeros((HEIGHT, 100), np.uint8), factor).shape == (
        HEIGHT, round(100 * factor))


def test_a_condensed_line_is_classified_stretched_and_placed_on_its_image() -> None:
    from ocrtools.pipeline import boxes_record, classify_record, join_record
    from ocrtools.reading import _model

    gray = render_line("since market guess much artist", size=28)
    narrow = np.asarray(Image.fromarray(gray).resize((int(gray.shape[1] * 0.6), gray.shape[0]),
                                                     Image.Resampling.BILINEAR))
    info, session = _model("printed")
    record = boxes_record("x", narrow, task=info.task)
    classified = classify_record(record, info, session)
    assert classified["stride"] < 4  # read again, wider
    record.update(classified)
    result = join_record(record)
    assert result["text"] == "since market guess much artist"
    # the characters' boxes still fall on the (narrow) image
    assert all(0 <= c["box"][0] < narrow.shape[1] for c in result["chars"])


def test_reading_confidence_is_the_mean_peak_of_the_characters_read() -> None:
    labels = (B, " ", "a", "b")
    p = np.array([  # frames: a a blank space b blank
        [0.1, 0.2, 0.9, 0.1, 0.1, 0.8],
        [0.0, 0.0, 0.0, 0.8, 0.0, 0.1],
        [0.8, 0.7, 0.1, 0.1, 0.3, 0.1],
        [0.1, 0.1, 0.0, 0.0, 0.6, 0.0],
    ])
    # a (peak 0.8) and b (0.6); the space is no character
    assert abs(ctc.reading_confidence(np.log(p + 1e-9), labels) - 0.7) < 1e-6


def test_a_strip_read_again_stretched_keeps_its_thin_strokes_sharp() -> None:
    """Densely set print is read again stretched (:func:`ocrtools.ctc.dense_stretch`):
    bicubic keeps a one-pixel stroke darker than bilinear would (its `i` and `l`), and
    the strip's height and background as they were."""
    strip = np.zeros((32, 40), dtype=np.uint8)
    strip[4:28, 20] = 255
    wide = ctc.stretched(strip, 1.5)
    bilinear = np.asarray(Image.fromarray(strip).resize((60, 32), Image.Resampling.BILINEAR))
    assert wide.shape == (32, 60) and wide[:4].max() == 0
    assert int(wide.max()) >= int(bilinear.max()) + 20
