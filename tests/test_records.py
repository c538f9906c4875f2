import io

import numpy as np
import pytest

from ocrtools import records


def test_malformed_json_line_becomes_error_record_and_stream_goes_on():
    stream = io.StringIO('{"image": "a.png"}\n{not json\n[1, 2]\n{"image": "b.png"}\n')
    out = list(records.read_records(stream))
    assert [r["image"] for r in out[:1] + out[3:]] == ["a.png", "b.png"]
    assert "malformed JSON" in out[1]["error"]
    assert "not a JSON object" in out[2]["error"]
    assert len(out) == 4


def test_check_fields_names_the_missing_fields_and_the_producer():
    with pytest.raises(records.RecordError, match="lacks labels.*ocr-classify"):
        records.check_fields({"image": "a"}, ["labels"], "ocr-join")


def test_ink_and_crops_round_trip():
    rng = np.random.default_rng(0)
    ink = rng.random((17, 40)) > 0.7
    assert np.array_equal(records.decode_ink(records.encode_ink(ink)), ink)
    crops = rng.integers(0, 256, (3, 32, 32), dtype=np.uint8)
    assert np.array_equal(records.decode_crops(records.encode_crops(crops)), crops)


def test_bad_ink_is_a_record_error():
    with pytest.raises(records.RecordError):
        records.decode_ink("not base64 at all!")
