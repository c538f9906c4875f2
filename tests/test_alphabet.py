"""The alphabet of the printed models and the ASCII fold (issue 16)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocrtools.alphabet import ALPHABET, ASCII, ascii_result, to_ascii
from ocrtools.lines import line_image
from ocrtools.models import find_model
from tests.conftest import run_command

# what the issue names: letters of European names and the marks of real text
NAMED = "éüßñçøåčłőšžÉÜÑÇØÅČŁŐŠŽ“”‘’–—•…€£§°©"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_alphabet_is_ascii_and_the_named_characters_once_each():
    assert len(ALPHABET) == len(set(ALPHABET))
    assert ALPHABET.startswith(ASCII) and len(ASCII) == 95
    assert set(NAMED) <= set(ALPHABET)
    assert not any(c.isspace() and c != " " for c in ALPHABET)


def test_every_character_folds_to_printable_ascii():
    for c in ALPHABET:
        folded = to_ascii(c)
        assert folded and all(f in ASCII for f in folded), (c, folded)
    assert to_ascii("Café naïve über 10€") == "Cafe naive uber 10EUR"
    assert to_ascii("„Straße“ – Łódź, Øresund…") == '"Strasse" - Lodz, Oresund...'
    assert to_ascii("plain ASCII stays") == "plain ASCII stays"


def test_ascii_result_folds_text_words_and_characters():
    record = {"image": "x.png", "text": "Müller 5€",
              "words": [{"text": "Müller", "box": [0, 0, 1, 1]}, {"text": "5€"}],
              "chars": [{"char": "ü", "p": 0.9}, {"char": "€", "p": 0.8}], "confidence": 0.9}
    out = ascii_result(record)
    assert out["text"] == "Muller 5EUR"
    assert [w["text"] for w in out["words"]] == ["Muller", "5EUR"]
    assert [c["char"] for c in out["chars"]] == ["u", "EUR"]
    assert record["text"] == "Müller 5€"  # the input record is not changed


def test_the_shipped_line_model_reads_the_alphabet():
    labels = find_model("printed").labels
    assert labels is not None and set(NAMED) <= set(labels)


def _line(text: str, pad: int, size: int = 40) -> np.ndarray:
    font = ImageFont.truetype(FONT, size)
    x0, y0, x1, y1 = font.getbbox(text)
    image = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - x0, pad - y0), text, font=font, fill=0)
    return np.asarray(image)


def test_a_tight_crop_gets_the_margins_of_a_generous_one():
    tight = line_image(_line("apply the information.", 0))[0].pixels
    roomy = line_image(_line("apply the information.", 30))[0].pixels
    # the same half band of background before the first ink and after the last
    first = [int(np.flatnonzero(p.max(axis=0) > 64)[0]) for p in (tight, roomy)]
    last = [p.shape[1] - int(np.flatnonzero(p.max(axis=0) > 64)[-1]) for p in (tight, roomy)]
    assert first[0] >= 6 and abs(first[0] - first[1]) <= 2
    assert last[0] >= 6 and abs(last[0] - last[1]) <= 2
    assert tight[:, :3].max() < 32  # background, not the image edge repeated


def test_ocr_read_ascii_is_the_folded_reading(tmp_path):
    path = tmp_path / "cafe.png"
    Image.fromarray(_line("Café naïve – 10 €", 12)).save(path)
    plain = json.loads(run_command("ocr-read", str(path), "--format", "jsonl").stdout)
    folded = json.loads(run_command("ocr-read", str(path), "--format", "jsonl",
                                    "--ascii").stdout)
    assert folded["text"] == to_ascii(plain["text"]) and folded["text"].isascii()
    assert all(c["char"].isascii() for c in folded["chars"])


@pytest.mark.parametrize("text", ["Müller", "Łukasz Żółć"])
def test_expect_name_allows_accented_letters(text):
    from ocrtools.typed import CHARSETS

    assert set(text.replace(" ", "")) <= CHARSETS["name"]
