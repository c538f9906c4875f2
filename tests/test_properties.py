"""Property tests (hypothesis): what goes into the stream or a TSV row comes back out."""

from __future__ import annotations

import io
import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ocrtools import records
from ocrtools.formats.fields import tsv_field

# JSON values as records carry them: no NaN/infinity (JSON has none), any text
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False,
                                                                  allow_infinity=False)
values = st.recursive(
    scalars | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
record_strategy = st.dictionaries(st.text(), values, max_size=6).map(
    lambda fields: {"image": "x.png", **fields}
)


@settings(max_examples=200, deadline=None)
@given(st.lists(record_strategy, max_size=5))
def test_records_survive_the_stream(batch):
    out = io.StringIO()
    for record in batch:
        records.write_record(record, out)
    assert out.getvalue().count("\n") == len(batch)  # one line per record, whatever text
    back = list(records.read_records(io.StringIO(out.getvalue())))
    assert back == [json.loads(json.dumps(r)) for r in batch]


def _unescape_tsv(field: str) -> str:
    table = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: table[m.group(1)], field)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=4))
def test_tsv_fields_keep_rows_and_columns_and_unescape_to_the_value(fields):
    row = "\t".join(tsv_field(f) for f in fields)
    assert "\n" not in row
    assert row.split("\t") == [tsv_field(f) for f in fields]
    assert [_unescape_tsv(c) for c in row.split("\t")] == fields
