"""Record readers: blocks of whole records, whatever the block size."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.audit import records
from datarights.audit.records import iter_batches
from datarights.enforce import readers
from datarights.errors import RecordsUnreadable

FIELD = st.text(alphabet=st.sampled_from('ab ,"\n\r\té'), max_size=30)
ROWS = st.lists(st.tuples(FIELD, FIELD, FIELD), min_size=1, max_size=25)


def _read(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for batch in iter_batches(path, ["id", "customer", "text"]):
        rows += list(zip(*(batch.column(i).to_pylist() for i in range(3)), strict=True))
    return [tuple(value or "" for value in row) for row in rows]  # type: ignore[misc]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, block=st.integers(8, 200))
def test_csv_blocks_respect_quoted_newlines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[tuple[str, str, str]], block: int
) -> None:
    monkeypatch.setattr(records, "BLOCK_BYTES", block)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    writer.writerow(["id", "customer", "text"])
    writer.writerows(rows)
    path = tmp_path / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert _read(path) == _read_with_csv(path)


def _read_with_csv(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["id"], r["customer"], r["text"]) for r in csv.DictReader(handle)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, block=st.integers(8, 200), numeric=st.booleans())
def test_jsonl_blocks_lose_no_row(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[str, str, str]],
    block: int,
    numeric: bool,
) -> None:
    monkeypatch.setattr(records, "BLOCK_BYTES", block)
    path = tmp_path / "r.jsonl"
    lines = [
        json.dumps({"id": n if numeric and n % 2 else i, "customer": c, "text": t})
        for n, (i, c, t) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = [(str(n) if numeric and n % 2 else i, c, t) for n, (i, c, t) in enumerate(rows)]
    assert _read(path) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.jsonl", "jsonl"),
        ("a.NDJSON", "jsonl"),
        ("a.json", "jsonl"),  # model outputs saved as .json: read as JSONL here, not by the gate
        ("a.csv", "csv"),
        ("a.parquet", "parquet"),
        ("a.pq", "parquet"),
    ],
)
def test_formats_are_the_gates(name: str, expected: str) -> None:
    assert records.record_format(Path(name)) == expected
    if not name.endswith(".json"):
        assert records.record_format(Path(name)) is readers.record_format(name)


@pytest.mark.parametrize("name", ["a.xlsx", "records"])
def test_an_unknown_format_is_unreadable_records(name: str) -> None:
    with pytest.raises(RecordsUnreadable, match="unknown records format"):
        records.record_format(Path(name))


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": 1, "text": "a"}', "{broken", '{"id": "x", "text": "b"}'], "line 2 is not JSON"),
        (['{"id": 1, "text": "a"}', "", '{"id": "x", "text": "b"}', "[1, 2]"], "line 4 is a JSON list"),
    ],
)
def test_a_bad_line_stops_the_read_and_is_named(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RecordsUnreadable, match=message):
        list(iter_batches(path, ["id", "text"]))


VALUE = st.one_of(st.integers(-(10**6), 10**6), st.text(max_size=8), st.booleans(), st.none())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.tuples(VALUE, st.text(max_size=12)), min_size=1, max_size=30), blank=st.booleans())
def test_the_audit_reads_what_the_gate_reads(
    tmp_path: Path, values: list[tuple[object, str]], blank: bool
) -> None:
    """Ids of mixed types and blank lines: both readers give every record, with the same text."""
    path = tmp_path / "r.jsonl"
    lines = [json.dumps({"id": i, "text": t}) for i, t in values]
    path.write_text(("\n\n" if blank else "\n").join(lines) + "\n", encoding="utf-8")
    audit = [b.to_pydict() for b in iter_batches(path, ["id", "text"])]
    gate = [b.batch for b in readers.read_batches(path)]
    assert sum(len(b["text"]) for b in audit) == len(values) == sum(b.num_rows for b in gate)
    assert [t for b in audit for t in b["text"]] == [t for b in gate for t in b.column("text").to_pylist()]
