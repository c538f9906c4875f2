"""Exceptions whose message is meant for the user (one line, says what to do)."""


class OcrError(Exception):
    """A problem with one input or with the user's options, reported as one line."""


class InputError(OcrError):
    """One input could not be read or understood; the other inputs go on."""


class ModelError(OcrError):
    """The model could not be found, verified or loaded; nothing can be classified."""
