"""ocr-classify: label every candidate box with an ONNX model."""

from __future__ import annotations

import typer

from ocrtools.cli import options
from ocrtools.cli.common import filter_records, make_app, run, usage_error

COMMAND = "ocr-classify"
HELP = """Run a model over the records from ocr-boxes (or ocr-crop).

The default model (printed) reads the whole line: it adds "frames", the probabilities
of the likely characters for every 4 columns of the record's normalised line ("strip"),
and ocr-join takes the best path through them. One model call per line.

--model chars classifies every candidate box of the lattice instead and adds "labels":
per box the best label, its probability p and the runners-up ("alt"), with "<reject>"
for boxes that are not one character. Crops are cut here if ocr-crop did not add them.

With --model emnist each input image is one handwritten character: the image named
in the record is read again and normalised the EMNIST way (28x28, white on black).
Merged EMNIST classes are written as their capital (c/C -> C, o/O -> O, ...).

\b
Examples:
  ocr-boxes examples/date.png | ocr-classify | ocr-join
  ocr-boxes char.png | ocr-classify --model emnist | ocr-join
"""
app = make_app(HELP)


@app.command(help=HELP)
def classify(
    source: options.RecordInput = "-",
    model: options.Model = "printed",
    verbose: options.Verbose = False,
    fail_fast: options.FailFast = False,
) -> None:
    from ocrtools.errors import OcrError
    from ocrtools.images import load_image
    from ocrtools.models import find_model, load_session
    from ocrtools.pipeline import character_labels, classify_record
    from ocrtools.records import Record

    try:
        info = find_model(model)
        session = load_session(info)
    except OcrError as exc:
        usage_error(COMMAND, str(exc))

    def stage(record: Record) -> Record:
        if info.task == "character":
            image = str(record.get("image", "-"))
            if image == "-" or image.startswith("<"):
                raise OcrError(
                    "--model emnist needs the image file; use ocr-read --model emnist for stdin"
                )
            labels = character_labels(load_image(image), info, session)
            return {**record, "model": info.name, "task": "character", "labels": labels}
        return {**record, **classify_record(record, info, session)}

    raise typer.Exit(filter_records(COMMAND, source, stage, verbose, fail_fast))


def main() -> None:
    run(app, COMMAND)
