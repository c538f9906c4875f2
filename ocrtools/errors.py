"""Exceptions whose message is meant for the user (one line, says what to do)."""


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
