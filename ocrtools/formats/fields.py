"""How values of the result model become fields of an output: names, XML text, numbers.

Every writer goes through these few functions so that one image name or one confidence
looks the same in TSV, hOCR, ALTO and PAGE, and so that no writer can emit a document a
parser rejects because of a stray byte in a file name or a control character in a reading.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from ocrtools.document import Box, Point

# XML 1.0 allows tab, LF, CR and everything from U+0020 except surrogates, U+FFFE, U+FFFF.
_XML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;"}


def _visible(char: str) -> str:
    """A character no output may carry, as a visible backslash escape."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def _needs_escape_in_name(code: int) -> bool:
    # controls (C0 with tab and newline too, DEL, C1): a name must stay one visible field
    return (
        code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
    )


def _invalid_in_xml(code: int) -> bool:
    return (
        (code < 0x20 and code not in (0x09, 0x0A, 0x0D))
        or 0xD800 <= code <= 0xDFFF
        or code in (0xFFFE, 0xFFFF)
    )


def display_name(name: str) -> str:
    """An image name as every output shows it: valid UTF-8, valid XML, one line.

    Names of files whose bytes are not UTF-8 reach us as ``str`` with lone surrogates
    (Python's surrogateescape); each such byte is shown as ``\\xNN``, as ``ls -b`` would.
    Control characters (a newline or tab in a file name is legal on Unix) are shown the
    same way, so that a TSV row stays one row and an XML attribute stays parseable. Other
    characters, backslashes included, are left alone: a Windows path stays readable.
    """
    if all(not _needs_escape_in_name(ord(c)) for c in name):
        return name
    return "".join(_visible(c) if _needs_escape_in_name(ord(c)) else c for c in name)


def xml_clean(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot carry shown as backslash escapes
    (a reading should never hold them, but one bad character must not spoil a document)."""
    if all(not _invalid_in_xml(ord(c)) for c in text):
        return text
    return "".join(_visible(c) if _invalid_in_xml(ord(c)) else c for c in text)


def xml_text(text: str) -> str:
    """``text`` escaped for XML element content."""
    return xml_clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str, quote: str = '"') -> str:
    """``text`` escaped for an XML attribute value delimited by ``quote``. Tab, newline
    and carriage return become character references, which attribute-value
    normalisation keeps (a literal one would be read back as a space)."""
    out = []
    for char in xml_clean(text):
        if char in "&<>" or char == quote:
            out.append(_XML_ESCAPES[char])
        elif char in "\t\n\r":
            out.append(f"&#{ord(char)};")
        else:
            out.append(char)
    return "".join(out)


def xml_comment(text: str) -> str:
    """A complete XML comment holding ``text`` (``--`` may not occur inside one; the
    spaces around ``text`` keep a ``-`` at either end from touching the delimiters)."""
    body = xml_clean(text)
    while "--" in body:
        body = body.replace("--", "- -")
    return f"<!-- {body} -->"


def tsv_field(value: str) -> str:
    """A TSV field: backslash, tab, newline and carriage return as ``\\\\ \\t \\n \\r``."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def unit(confidence: float) -> float:
    """A confidence as the formats want it: a finite number in [0, 1]."""
    if not math.isfinite(confidence):
        return 0.0
    return min(1.0, max(0.0, float(confidence)))


def conf3(confidence: float) -> str:
    """A confidence with three decimals (what a reader can tell apart; more is noise)."""
    return f"{unit(confidence):.3f}"


def percent(confidence: float) -> int:
    """A confidence as a whole percentage (hOCR's ``x_wconf``)."""
    return int(round(100 * unit(confidence)))


def corners(box: Box) -> tuple[int, int, int, int]:
    """``(x0, y0, x1, y1)`` of an ``(x, y, w, h)`` box, x1/y1 one past the last pixel."""
    x, y, w, h = box
    return x, y, x + w, y + h


def box_points(box: Box) -> list[Point]:
    """The four corners of a box, clockwise from the top left (a polygon for a box)."""
    x0, y0, x1, y1 = corners(box)
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def points_text(points: Iterable[Point]) -> str:
    """Points as ``x1,y1 x2,y2 ...`` (the form both ALTO 4 and PAGE recommend)."""
    return " ".join(f"{x},{y}" for x, y in points)
