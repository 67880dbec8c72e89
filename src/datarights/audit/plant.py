"""Insert canary records into a record stream at random positions, keeping every other record as it was.

JSONL and CSV are copied line by line (records are not re-serialised); Parquet batch by
batch with the input's schema (canary rows have nulls outside the three fields).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from datarights.audit.model import CanaryRecord, RecordFields
from datarights.audit.records import iter_batches, record_format
from datarights.errors import RecordsUnreadable


def survey(path: Path, fields: RecordFields) -> tuple[int, list[str]]:
    """Rows in the file and its customers, in order of first appearance."""
    rows = 0
    customers: dict[str, None] = {}
    for batch in iter_batches(path, [fields.customer]):
        rows += batch.num_rows
        for value in pc.unique(batch.column(0).drop_null()).to_pylist():
            customers.setdefault(str(value), None)
    return rows, list(customers)


def _slots(total: int, count: int, rng: random.Random) -> list[int]:
    """For each canary, the number of input rows written before it (sorted)."""
    return sorted(rng.randint(0, total) for _ in range(count))


def _interleave(rows: Iterator[Any], canaries: Sequence[Any], slots: Sequence[int]) -> Iterator[Any]:
    pending = list(zip(slots, canaries, strict=True))
    for written, row in enumerate(rows):
        while pending and pending[0][0] <= written:
            yield pending.pop(0)[1]
        yield row
    for _, canary in pending:
        yield canary


def insert_canaries(
    source: Path, target: Path, canaries: Sequence[CanaryRecord], fields: RecordFields, rng: random.Random
) -> int:
    """Write `source` plus the canaries to `target` (same format); returns the rows written."""
    kind = record_format(source)
    if record_format(target) != kind:
        raise RecordsUnreadable(f"output must have the input's format ({kind})", path=target)
    total, _ = survey(source, fields)
    slots = _slots(total, len(canaries), rng)
    if kind == "jsonl":
        return _jsonl(source, target, canaries, fields, slots)
    if kind == "csv":
        return _csv(source, target, canaries, fields, slots)
    return _parquet(source, target, canaries, fields, slots)


def _jsonl(
    source: Path, target: Path, canaries: Sequence[CanaryRecord], fields: RecordFields, slots: list[int]
) -> int:
    lines = [
        json.dumps(
            {fields.id: c.record_id, fields.customer: c.customer, fields.text: c.text}, ensure_ascii=False
        )
        + "\n"
        for c in canaries
    ]
    written = 0
    with source.open(encoding="utf-8") as reader, target.open("w", encoding="utf-8") as writer:
        records = (line if line.endswith("\n") else line + "\n" for line in reader if line.strip())
        for line in _interleave(records, lines, slots):
            writer.write(line)
            written += 1
    return written


def _csv(
    source: Path, target: Path, canaries: Sequence[CanaryRecord], fields: RecordFields, slots: list[int]
) -> int:
    written = 0
    with (
        source.open(encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.reader(reader)
        header = next(rows, None)
        if header is None:
            raise RecordsUnreadable("CSV has no header", path=source)
        missing = [name for name in (fields.id, fields.customer, fields.text) if name not in header]
        if missing:
            raise RecordsUnreadable(f"CSV has no column {missing[0]!r}", path=source)
        writer = csv.writer(out)
        writer.writerow(header)
        values = {fields.id: "record_id", fields.customer: "customer", fields.text: "text"}
        lines = [[getattr(c, values[name]) if name in values else "" for name in header] for c in canaries]
        for row in _interleave(iter(rows), lines, slots):
            writer.writerow(row)
            written += 1
    return written


def _parquet(
    source: Path, target: Path, canaries: Sequence[CanaryRecord], fields: RecordFields, slots: list[int]
) -> int:
    parquet = pq.ParquetFile(source)
    schema = parquet.schema_arrow
    for name in (fields.id, fields.customer, fields.text):
        if name not in schema.names:
            raise RecordsUnreadable(f"Parquet has no column {name!r}", path=source)
    id_type = schema.field(fields.id).type
    rows = [
        {
            fields.id: int(c.record_id) if pa.types.is_integer(id_type) else c.record_id,
            fields.customer: c.customer,
            fields.text: c.text,
        }
        for c in canaries
    ]
    written = 0
    position = 0
    pending = list(zip(slots, rows, strict=True))
    with pq.ParquetWriter(target, schema) as writer:
        for batch in parquet.iter_batches(batch_size=65_536):
            start = 0
            while pending and pending[0][0] <= position + batch.num_rows:
                cut = pending[0][0] - position
                if cut > start:
                    writer.write_batch(batch.slice(start, cut - start))
                    written += cut - start
                    start = cut
                writer.write_batch(pa.RecordBatch.from_pylist([pending.pop(0)[1]], schema=schema))
                written += 1
            if start < batch.num_rows:
                writer.write_batch(batch.slice(start))
                written += batch.num_rows - start
            position += batch.num_rows
        for _, row in pending:
            writer.write_batch(pa.RecordBatch.from_pylist([row], schema=schema))
            written += 1
    return written
