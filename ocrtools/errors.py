"""Exceptions whose message is meant for the user (one line, says what to do), and
how a name or a text is shown in such a line."""

import re


class OcrError(Exception):
    """A problem with one input or with the user's options, reported as one line."""


class InputError(OcrError):
    """One input could not be read or understood; the other inputs go on."""


class ModelError(OcrError):
    """The model could not be found, verified or loaded; nothing can be classified."""


def describe(exc: BaseException) -> str:
    """A one-line description of an exception for the user."""
    from ocrtools.records import RecordError

    if isinstance(exc, (OcrError, RecordError)):
        text = str(exc)
    elif isinstance(exc, MemoryError):
        text = "out of memory (image too large?)"
    else:
        text = f"internal error: {type(exc).__name__}: {exc} (run with --verbose and report it)"
    return " ".join(text.split())


def printable(text: str) -> str:
    """Text for a message or a text/TSV field: the bytes of a name that is not UTF-8
    (held as surrogates: commands read argv, paths and records with surrogateescape)
    written as \\xNN escapes, as ls -b does, instead of raw bytes that break the line's
    encoding; any other lone surrogate, as JSON may carry, as \\uNNNN."""
    return _SURROGATE.sub(_escape_surrogate, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_surrogate(match: "re.Match[str]") -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
