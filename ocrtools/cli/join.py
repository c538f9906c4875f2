"""ocr-join: turn classified boxes into text."""

from __future__ import annotations

import typer

from ocrtools.cli import options
from ocrtools.cli.common import ReadingCheck, filter_records, make_app, make_decoder, run

COMMAND = "ocr-join"
HELP = """Turn the classified boxes from ocr-classify into text, one line per input.

Takes the most probable path through the candidate boxes (each box is a character or
noise), puts spaces in the wide gaps, and writes text, tsv (path, text, confidence) or
jsonl (the record with "text", "chars" and "confidence" added). Inputs that failed
earlier give an empty line (text) or an empty text column (tsv) and exit status 1.
With --expect, a reading that fails the check (no valid date, IBAN, ...) is marked
"valid": false in the record and warned about on stderr; --strict makes it an error.

\b
Examples:
  ocr-boxes examples/date.png | ocr-classify | ocr-join
  ocr-boxes scans/*.png | ocr-classify | ocr-join --format tsv --expect iban
"""
app = make_app(HELP)


@app.command(help=HELP)
def join(
    source: options.RecordInput = "-",
    fmt: options.OutputFormat = options.Format.text,
    expect: options.ExpectType = options.Expect.any,
    charset: options.Charset = None,
    ascii: options.Ascii = False,
    dictionary: options.Dictionary = True,
    strict: options.Strict = False,
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.alphabet import ascii_result
    from ocrtools.cli.output import ResultWriter
    from ocrtools.pipeline import join_record
    from ocrtools.records import Record

    decoder = make_decoder(COMMAND, expect.value, charset, dictionary=dictionary)
    check = ReadingCheck(COMMAND, expect.value, strict)

    def stage(record: Record) -> Record:
        result = check({**record, **join_record(record, decoder)})
        return ascii_result(result) if ascii else result

    write = ResultWriter(fmt.value)
    code = filter_records(COMMAND, source, stage, verbose, fail_fast, emit=write)
    write.close()
    raise typer.Exit(code)


def main() -> None:
    run(app, COMMAND)
