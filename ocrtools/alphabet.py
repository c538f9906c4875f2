"""The characters the printed-text models read, and how to fold them to ASCII.

:data:`ALPHABET` is the label set of the line recognizer (issue 16): printable ASCII,
the Latin-1 letters, the Latin Extended-A letters of European names (é ü ß ñ ç ø å č ł
ő š ž ...) and the typographic marks of real text (“ ” ‘ ’ – — • … € £ § ° © ...). A
model's sidecar lists its own labels; this module is where training takes them from.

:func:`to_ascii` folds any text to printable ASCII the way a reader would: letters lose
their accents (``é`` -> ``e``), ligature letters are spelled out (``ß`` -> ``ss``,
``æ`` -> ``ae``), typographic marks become their typewriter forms (``“`` -> ``"``,
``–`` -> ``-``, ``…`` -> ``...``, ``€`` -> ``EUR``). ``ocr-read --ascii`` and
``ocr-join --ascii`` use it.
"""

from __future__ import annotations

import string
import unicodedata

__all__ = ["ALPHABET", "ASCII", "MARKS", "ascii_result", "to_ascii"]

ASCII = "".join(c for c in string.printable if c == " " or not c.isspace())  # 95

# Latin-1 letters (U+00C0-U+00FF without the signs x and /)
_LATIN1 = "".join(chr(c) for c in range(0xC0, 0x100) if chr(c) not in "×÷")
# Latin Extended-A (U+0100-U+017F) without the letters no modern orthography prints
# (kra, the Dutch ij ligature, the Catalan middle-dot l, n preceded by apostrophe, long s)
_EXT_A = "".join(chr(c) for c in range(0x100, 0x180) if chr(c) not in "ĸĲĳĿŀŉſ")
#: typographic marks and signs of real text
MARKS = "“”‘’„‚«»‹›–—•…€£¥¢§¶°©®™±×÷µ·¡¿ªº¹²³¼½¾¬"

ALPHABET = ASCII + _LATIN1 + _EXT_A + MARKS

_FOLD = {
    "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N",
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": ",",
    "‹": "<", "›": ">", "–": "-", "—": "-", "•": "*", "…": "...", "€": "EUR", "£": "GBP",
    "¥": "JPY", "¢": "c", "§": "S", "¶": "P", "°": "o", "©": "(c)", "®": "(R)",
    "™": "TM", "±": "+/-", "×": "x", "÷": "/", "µ": "u", "·": ".", "¡": "!", "¿": "?",
    "ª": "a", "º": "o", "¹": "1", "²": "2", "³": "3", "¼": "1/4", "½": "1/2", "¾": "3/4",
    "¬": "-", "\u00a0": " ",
}
_TABLE = str.maketrans(_FOLD)


def to_ascii(text: str) -> str:
    """``text`` in printable ASCII: accents dropped, ligatures spelled out, typographic
    marks in their typewriter forms; anything else without an ASCII form is dropped.
    Spaces are kept as they are (a fold never changes where words break)."""
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKD", text.translate(_TABLE))
    return "".join(c for c in folded if c in ASCII)


def ascii_result(result: dict) -> dict:
    """A result record with its text, words and characters folded by :func:`to_ascii`
    (a character's ``char`` may become several letters: ``€`` -> ``EUR``)."""
    out = dict(result)
    if isinstance(out.get("text"), str):
        out["text"] = to_ascii(out["text"])
    if isinstance(out.get("words"), list):
        out["words"] = [{**w, "text": to_ascii(w["text"])} if isinstance(w, dict)
                        and isinstance(w.get("text"), str) else w for w in out["words"]]
    if isinstance(out.get("chars"), list):
        out["chars"] = [{**c, "char": to_ascii(c["char"])} if isinstance(c, dict)
                        and isinstance(c.get("char"), str) else c for c in out["chars"]]
    return out
