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
