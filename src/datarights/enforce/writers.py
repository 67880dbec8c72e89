"""Write admitted records as JSONL, CSV or Parquet (format by the output's extension).

The first batch fixes the output schema; a later batch with other columns is conformed to it
(missing columns null, extra columns dropped and counted), because one file has one schema.
JSONL copies a record's input line byte for byte when it was admitted unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from datarights.enforce.readers import RecordFormat, record_format


class RecordWriter(Protocol):
    records: int
    dropped_columns: set[str]

    def write(self, batch: pa.RecordBatch, raw: Sequence[bytes | None] | None) -> None: ...

    def close(self) -> None: ...


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def conform(batch: pa.RecordBatch, schema: pa.Schema, dropped: set[str]) -> pa.RecordBatch:
    if batch.schema.equals(schema):
        return batch
    dropped.update(name for name in batch.schema.names if schema.get_field_index(name) < 0)
    columns = []
    for target in schema:
        index = batch.schema.get_field_index(target.name)
        if index < 0:
            columns.append(pa.nulls(batch.num_rows, target.type))
            continue
        column = batch.column(index)
        try:
            columns.append(column.cast(target.type))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            columns.append(pa.nulls(batch.num_rows, target.type))
            dropped.add(target.name)
    return pa.RecordBatch.from_arrays(columns, schema=schema)


class JsonlWriter:
    def __init__(self, path: Path) -> None:
        self.handle: IO[bytes] = path.open("wb")
        self.records = 0
        self.dropped_columns: set[str] = set()

    def write(self, batch: pa.RecordBatch, raw: Sequence[bytes | None] | None) -> None:
        rows: list[dict[str, Any]] | None = None
        out: list[bytes] = []
        for i in range(batch.num_rows):
            line = raw[i] if raw is not None else None
            if line is None:
                if rows is None:
                    rows = batch.to_pylist()
                line = json.dumps(rows[i], ensure_ascii=False, default=_default).encode("utf-8")
            out.append(line)
        if out:
            self.handle.write(b"\n".join(out) + b"\n")
        self.records += batch.num_rows

    def close(self) -> None:
        self.handle.close()


class _ArrowFileWriter:
    """CSV and Parquet alike: the first batch fixes the schema, later batches are conformed to it,
    and a run that admits nothing still leaves a valid, empty file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer: pacsv.CSVWriter | pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None
        self.records = 0
        self.dropped_columns: set[str] = set()

    def _open(self, schema: pa.Schema) -> pacsv.CSVWriter | pq.ParquetWriter:
        raise NotImplementedError

    def _write_empty(self) -> None:
        raise NotImplementedError

    def write(self, batch: pa.RecordBatch, raw: Sequence[bytes | None] | None) -> None:
        if self.writer is None:
            self.schema = batch.schema
            self.writer = self._open(batch.schema)
        assert self.schema is not None
        self.writer.write_batch(conform(batch, self.schema, self.dropped_columns))
        self.records += batch.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        else:
            self._write_empty()


class CsvWriter(_ArrowFileWriter):
    def _open(self, schema: pa.Schema) -> pacsv.CSVWriter:
        return pacsv.CSVWriter(str(self.path), schema)

    def _write_empty(self) -> None:
        self.path.write_text("", encoding="utf-8")


class ParquetWriter(_ArrowFileWriter):
    def _open(self, schema: pa.Schema) -> pq.ParquetWriter:
        return pq.ParquetWriter(str(self.path), schema)

    def _write_empty(self) -> None:
        pq.write_table(pa.table({}), str(self.path))


def open_writer(path: Path | str) -> RecordWriter:
    path = Path(path)
    fmt = record_format(path)
    if fmt is RecordFormat.JSONL:
        return JsonlWriter(path)
    if fmt is RecordFormat.CSV:
        return CsvWriter(path)
    return ParquetWriter(path)
