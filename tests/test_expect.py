"""Typed decoding tells the truth: a reading that fails its --expect check is marked,
warned about, or (--strict) an error; a --charset that leaves nothing is refused."""

from __future__ import annotations

import json

import pytest

from ocrtools.typed import Decoder
from tests.conftest import run_command, save_line


@pytest.mark.parametrize(
    ("expect", "text", "passes"),
    [
        ("any", "anything at all", None),
        ("any", "", None),
        ("iban", "DE89 3704 0044 0532 0130 00", True),
        ("iban", "H", False),
        ("iban", "I202 4051 7", False),
        ("date", "2021-03-04", True),
        ("date", "March 4, 2021", True),
        ("date", "2021-02-30", False),
        ("date", "", False),
        ("code", "ACJOWW40Z13U616M", True),
        ("code", "ACJ OWW", False),
        ("code", "acj", False),
        ("name", "Mary-Jane O'Neil", True),
        ("name", "R2D2", False),
        ("name", "", False),
        ("word", "", False),
        ("word", "l0ve", False),
        # the word list ships with the package (no /usr/share/dict needed)
        ("word", "Service", True),
        ("word", "don't", True),
        ("word", "servce", False),
    ],
)
def test_passes_says_whether_a_reading_keeps_the_rule(expect, text, passes):
    decoder = Decoder(expect)
    assert decoder.passes(text) is passes
    assert decoder.verdict(text) == ({} if passes is None else {"valid": passes})


def test_a_charset_that_leaves_nothing_is_refused():
    with pytest.raises(ValueError, match="no character that --expect code allows"):
        Decoder("code", "abc")
    with pytest.raises(ValueError, match="no character that the model can read"):
        Decoder("any", "ÄÖ", labels=["<blank>", "a", "b", "0"])
    assert Decoder("any", "ab", labels=["<blank>", "a"]).allowed == {"a", "b"}
    Decoder("any", "ÄÖ")  # without the model's labels, nothing to check against


@pytest.fixture(scope="module")
def classified(tmp_path_factory):
    """Records of ocr-classify for a sentence, an invoice line and an IBAN."""
    work = tmp_path_factory.mktemp("expect")
    paths = [save_line(work / f"{name}.png", text) for name, text in [
        ("hello", "Hello, world!"), ("invoice", "Invoice 2024-05-17"),
        ("iban", "DE89 3704 0044 0532 0130 00"),
    ]]
    boxes = run_command("ocr-boxes", *map(str, paths))
    done = run_command("ocr-classify", input=boxes.stdout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_join_marks_warns_and_goes_on(classified):
    done = run_command("ocr-join", "--expect", "iban", "--format", "jsonl", input=classified)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["valid"] for r in out] == [False, False, True]
    assert out[2]["text"] == "DE89 3704 0044 0532 0130 00"
    warnings = done.stderr.decode().splitlines()
    assert len(warnings) == 2
    for record, warning in zip(out[:2], warnings, strict=True):
        assert warning == (f"ocr-join: {record['image']}: reading {record['text']!r} "
                           f"fails --expect iban")


def test_join_without_expect_adds_no_valid_field(classified):
    done = run_command("ocr-join", "--format", "jsonl", input=classified)
    assert done.returncode == 0 and not done.stderr
    assert all("valid" not in json.loads(line) for line in done.stdout.splitlines())


def test_strict_makes_a_failed_check_an_error(classified):
    done = run_command("ocr-join", "--expect", "iban", "--strict", "--format", "jsonl",
                       input=classified)
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [("error" in r) for r in out] == [True, True, False]
    assert "fails --expect iban" in out[0]["error"]
    assert out[2]["valid"] is True
    assert len(done.stderr.decode().splitlines()) == 2


def test_an_empty_reading_of_a_typed_field_fails(classified):
    done = run_command("ocr-join", "--expect", "date", "--charset", "xyz", input=classified)
    assert done.returncode == 0
    assert done.stderr.decode().count("reading '' fails --expect date") == 3


@pytest.mark.parametrize("args", [["--charset", "ЖЯ"], ["--expect", "code", "--charset", "abc"]])
def test_join_refuses_a_charset_that_leaves_nothing(classified, args):
    done = run_command("ocr-join", *args, input=classified)
    assert done.returncode == 2 and not done.stdout
    assert "--charset" in done.stderr.decode().splitlines()[0]


def test_expect_word_reads_the_shipped_word_list_not_the_system_one():
    import gzip
    from importlib import resources

    from ocrtools.fields import word_list

    data = resources.files("ocrtools").joinpath("data", "words.txt.gz").read_bytes()
    assert word_list() == frozenset(gzip.decompress(data).decode().split())
