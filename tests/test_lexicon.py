"""A misread word mended from the word list (ocrtools.lexicon), and CTC alignment."""

from __future__ import annotations

import gzip
from importlib import resources

import numpy as np
import pytest

from ocrtools import ctc, records
from ocrtools.lexicon import word_list
from ocrtools.pipeline import join_record
from ocrtools.typed import Decoder
from tests.conftest import run_command

B = ctc.BLANK


def _frames(spec: list[object]) -> list[list[list]]:
    """A frame per item: a label read for sure, or a list of [label, p] as given."""
    out = []
    for item in spec:
        out.append([[item, 0.99], [B if item != B else "x", 0.01]] if isinstance(item, str)
                   else item)
    return out


def _record(spec: list[object]) -> dict:
    frames = _frames(spec)
    return {
        "image": "x.png",
        "line": {"top": 5, "bottom": 25, "baseline": 22, "xheight": 10.0, "angle": 0.0},
        "strip": {"png": records.encode_gray(np.zeros((32, 4 * len(frames)), np.uint8)),
                  "x0": 0.0, "scale": 1.0},
        "task": "ctc-line", "stride": 4, "frames": frames,
    }


def _word(text: str, unsure: dict[int, list[list]] | None = None) -> list[object]:
    """Frames spelling ``text``, a blank after each letter; ``unsure`` replaces the blank
    after letter k with the frame given (where a letter was nearly read)."""
    spec: list[object] = []
    for k, c in enumerate(text):
        spec += [c, (unsure or {}).get(k, B)]
    return spec


def test_the_word_list_ships_with_the_package():
    words = word_list()
    assert len(words) > 50_000
    assert {"service", "property", "the", "earnings", "invoice"} <= words
    assert all(w == w.lower() for w in list(words)[:1000])


def test_a_letter_the_model_nearly_read_is_put_back_with_its_own_probability():
    # `servce`: after the v, the blank won against an i at 0.3
    record = _record(_word("servce", {3: [[B, 0.7], ["i", 0.3]]}) + [" ", *_word("marks")])
    result = join_record(record)
    assert result["text"] == "service marks"
    chars = result["chars"]
    assert [c["char"] for c in chars[:7]] == list("service")
    assert chars[4]["p"] == pytest.approx(0.3)  # the mended i says how sure it was
    assert chars[4]["box"][0] > chars[3]["box"][0]  # placed after the v, before the c
    assert result["words"][0]["text"] == "service"
    assert result["confidence"] < join_record(_record(_word("service")))["confidence"]
    # --no-dictionary, --expect or --charset: the words as the model read them
    for decoder in (Decoder(dictionary=False), Decoder("name"),
                    Decoder(charset="abcdefghijklmnopqrstuvwxyz")):
        assert join_record(record, decoder)["text"] == "servce marks"


def test_a_word_far_from_any_listed_word_stays_as_read():
    # a name read with no doubt, and a doubt too faint (under exp(-3) of the best)
    assert join_record(_record(_word("Risinger")))["text"] == "Risinger"
    faint = _record(_word("servce", {3: [[B, 0.97], ["i", 0.03]]}))
    assert join_record(faint)["text"] == "servce"


def test_acronyms_codes_and_mixed_case_stay_as_read():
    # GST could be CST, BHD... acronyms of three capitals are not looked at
    assert join_record(_record(_word("GST", {0: [[B, 0.5], ["C", 0.5]]})))["text"] == "GST"
    # a run of letters beside a digit is part of a code
    unsure = {3: [[B, 0.6], ["i", 0.4]]}
    assert join_record(_record(_word("servce", unsure) + _word("7")))["text"] == "servce7"
    assert join_record(_record(_word("servce", unsure)))["text"] == "service"
    # each run of a hyphenated word is looked at on its own
    spec = _word("carlier")
    spec[0] = [["c", 0.6], ["e", 0.4]]
    assert join_record(_record(spec + ["-", B, *_word("stage")]))["text"] == "earlier-stage"


def test_a_capitalised_run_takes_a_capitalised_word_only():
    # `Etficient`: the t had an f at 0.4 -> `Efficient`, the case kept
    spec = _word("Etficient")
    spec[2] = [["t", 0.6], ["f", 0.4]]
    assert join_record(_record(spec))["text"] == "Efficient"


def test_align_places_each_character_on_its_frames():
    frames = _frames(["a", "a", B, B, "b", B, "b", "c", B])
    spans = [(c, a, b) for c, a, b, _p, _alts in ctc.align(frames, "abbc")]
    assert spans == [("a", 0, 1), ("b", 4, 4), ("b", 6, 6), ("c", 7, 7)]
    # a letter the frames do not list gets FLOOR, and still a place
    placed = ctc.align(_frames(["a", B, B, "c"]), "abc")
    assert [c for c, *_ in placed] == list("abc") and placed[1][3] < 1e-5
    # fewer frames than characters: spread evenly
    assert len(ctc.align(_frames(["a"]), "abc")) == 3


def test_make_words_keeps_letters_only_lowercased_and_sorted():
    from training.wordlist import words

    assert words("Apple\napple's\nZoë\nco-op\nB\ndoesn't\nShi'ite\n") == [
        "apple", "b", "doesn", "zoë"]
    data = resources.files("ocrtools").joinpath("data", "words.txt.gz").read_bytes()
    shipped = gzip.decompress(data).decode().split()
    assert shipped == sorted(set(shipped))


def test_no_dictionary_option_is_offered():
    for command in ("ocr-read", "ocr-join"):
        result = run_command(command, "--help")
        assert "--no-dictionary" in result.stdout.decode(), command


def test_a_contraction_gets_back_the_apostrophe_the_model_lost():
    # `couldnt` is no word: the apostrophe goes back, the mark the model leaned to
    lost = {5: [[B, 0.9], ["'", 0.06], ["’", 0.02]]}
    assert join_record(_record(_word("couldnt", lost)))["text"] == "couldn't"
    curly = {5: [[B, 0.9], ["'", 0.01], ["’", 0.05]]}
    assert join_record(_record(_word("couldnt", curly)))["text"] == "couldn’t"
    assert join_record(_record(_word("Im")))["text"] == "I'm"
    # letters that are a word as they stand stay (`wont`, `its`), and German `im`
    for word in ("wont", "its", "im"):
        assert join_record(_record(_word(word)))["text"] == word
    assert join_record(_record(_word("couldnt")), Decoder(dictionary=False))["text"] == \
        "couldnt"


def test_the_pronoun_run_into_the_next_word_is_parted_from_it():
    # `Iknow`, `Ithink` are no words, `know` and `think` are: the lost space goes back
    assert join_record(_record(_word("Iknow")))["text"] == "I know"
    assert join_record(_record(_word("Ithink")))["text"] == "I think"
    assert join_record(_record(_word("Idont")))["text"] == "I don't"
    record = join_record(_record(_word("Ican")))
    assert [w["text"] for w in record["words"]] == ["I", "can"]
    # listed names (`Ivan`, `Ida`), short rests, an `l` for the I (`lga` is Olga
    # without its O), mixed case: left as read
    for word in ("Ivan", "Ida", "Iam", "lga", "lknow", "IKnow"):
        assert join_record(_record(_word(word)))["text"] == word
    assert join_record(_record(_word("Iknow")), Decoder(dictionary=False))["text"] == "Iknow"
