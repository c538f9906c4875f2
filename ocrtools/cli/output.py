"""Writing final results: text, tsv or jsonl, one line (or row) per input."""

from __future__ import annotations

import sys
from collections.abc import Callable

from ocrtools.records import Record, dumps


def tsv_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def writer(fmt: str) -> Callable[[Record], None]:
    """A function writing one result record to stdout in the chosen format."""

    def text(record: Record) -> None:
        sys.stdout.write(str(record.get("text", "")) + "\n")

    def tsv(record: Record) -> None:
        confidence = record.get("confidence")
        fields = [
            tsv_field(str(record.get("image", ""))),
            tsv_field(str(record.get("text", ""))),
            "" if confidence is None or record.get("error") else f"{float(confidence):.3f}",
        ]
        sys.stdout.write("\t".join(fields) + "\n")

    def jsonl(record: Record) -> None:
        sys.stdout.write(dumps(record) + "\n")

    return {"text": text, "tsv": tsv, "jsonl": jsonl}[fmt]
