"""Options shared by the commands, declared once so they mean the same everywhere."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class Format(str, Enum):
    text = "text"
    tsv = "tsv"
    tsv_lines = "tsv-lines"
    jsonl = "jsonl"
    hocr = "hocr"
    alto = "alto"
    page = "page"


class Method(str, Enum):
    otsu = "otsu"
    sauvola = "sauvola"


class Layout(str, Enum):
    auto = "auto"
    page = "page"
    block = "block"
    line = "line"


class Expect(str, Enum):
    any = "any"
    date = "date"
    iban = "iban"
    code = "code"
    word = "word"
    name = "name"


Model = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        help="Model: 'printed' (printed text lines, read whole by a line model), 'chars' "
        "(printed lines, split into candidate characters and classified one by one), "
        "'emnist' (one handwritten character per image), or a path to a .onnx file with "
        "its .json sidecar.",
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        help="Worker processes, at most (default 0: one per CPU core). Each worker uses "
        "one thread; fewer than 17 images are read in this process.",
    ),
]
OutputFormat = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="text: the text of each page (a field image: one line), blocks apart by "
        "a blank line; tsv: a row per page, path<TAB>text<TAB>confidence<TAB>page; "
        "tsv-lines: a row per text line with its box; jsonl: the records, one per "
        "text line; hocr: an hOCR document; alto: an ALTO 4.4 document; page: PAGE "
        "XML 2019 (one document per page, several apart by a form-feed line).",
    ),
]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="Show the traceback of every failure.")
]
FailFast = Annotated[
    bool, typer.Option("--fail-fast", help="Stop at the first input that fails (exit 1).")
]
FilesFrom = Annotated[
    str | None,
    typer.Option(
        "--files-from",
        "-T",
        metavar="FILE",
        help="Read input paths from FILE, one per line ('-' for stdin), like tar -T.",
    ),
]
Recursive = Annotated[
    bool, typer.Option("--recursive", "-r", help="Look for images in subdirectories too.")
]
BinarizeMethod = Annotated[
    Method,
    typer.Option(
        "--binarize",
        "-b",
        help="Thresholding: otsu (global; best for single lines) or sauvola (local; uneven "
        "lighting).",
    ),
]
ExpectType = Annotated[
    Expect,
    typer.Option(
        "--expect",
        "-e",
        help="What the line is: any, date, iban, code (A-Z 0-9), word, name. Constrains "
        "decoding (an IBAN must pass its mod-97 check, a date must exist).",
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="A reading that fails the --expect check is an error (an error record, exit "
        "1), not a warning on stderr.",
    ),
]
Ascii = Annotated[
    bool,
    typer.Option(
        "--ascii",
        help="Fold the text to printable ASCII: accents dropped (é -> e), ß -> ss, “ ” -> \", "
        "– -> -, € -> EUR ...",
    ),
]
Dictionary = Annotated[
    bool,
    typer.Option(
        "--dictionary/--no-dictionary",
        help="Mend a misread word of letters (`servce`) from the English word list when the "
        "model nearly read a listed word (`service`); --no-dictionary keeps every word as "
        "the model read it. Only with --expect any and no --charset.",
    ),
]
Charset = Annotated[
    str | None,
    typer.Option(
        "--charset",
        metavar="CHARS",
        help="Only these characters may be read, e.g. --charset 0123456789-/.",
    ),
]
ImagePaths = Annotated[
    list[str] | None,
    typer.Argument(help="Images or directories; '-' reads one image from stdin."),
]
RecordInput = Annotated[
    str,
    typer.Argument(
        metavar="[RECORDS]",
        help="JSON Lines file from the previous command; '-' or nothing reads stdin.",
    ),
]
LayoutMode = Annotated[
    Layout,
    typer.Option(
        "--layout",
        "-l",
        help="How the image is laid out (as Tesseract's page segmentation modes): "
        "'page' finds columns, blocks and lines and reads them in reading order; "
        "'block' reads one block of text, line by line, top to bottom; 'line' reads "
        "the whole image as one line (a field); 'auto' (default) is 'page', except "
        "that an image holding one row of text is read as one line.",
    ),
]
