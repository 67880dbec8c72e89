"""Read records and model outputs as Arrow batches of string columns, streaming (bounded memory).

Formats by extension: `.jsonl`/`.ndjson` (one JSON object a line), `.csv`, `.parquet`.
JSONL goes through pyarrow's multi-threaded reader; a file whose fields change type
between lines (ids that are sometimes numbers, sometimes strings) continues through a
line-by-line reader from the row where pyarrow stopped, so no row is lost or repeated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.json as pjson
import pyarrow.parquet as pq

from datarights.errors import RecordsUnreadable

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
BLOCK_BYTES = 16 << 20
FALLBACK_ROWS = 65_536


def record_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in PARQUET_SUFFIXES:
        return "parquet"
    raise RecordsUnreadable(
        f"unknown records format {suffix or '(no extension)'!r}; use .jsonl, .csv or .parquet", path=path
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _as_strings(
    batch: pa.RecordBatch, columns: Sequence[str], optional: frozenset[str], path: Path
) -> pa.RecordBatch:
    """The named columns as strings (nulls kept); an absent optional column becomes all-null."""
    arrays = []
    for name in columns:
        if name in batch.schema.names:
            column = batch.column(name)
            if not pa.types.is_string(column.type):
                try:
                    column = column.cast(pa.string())
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
                    raise RecordsUnreadable(
                        f"field {name!r} cannot be read as text: {error}", path=path
                    ) from error
            arrays.append(column)
        elif name in optional:
            arrays.append(pa.nulls(batch.num_rows, pa.string()))
        else:
            raise RecordsUnreadable(f"no field {name!r} (fields: {', '.join(batch.schema.names)})", path=path)
    return pa.RecordBatch.from_arrays(arrays, names=list(columns))


def _python_jsonl(path: Path, columns: Sequence[str], skip_rows: int) -> Iterator[pa.RecordBatch]:
    """Line-by-line JSONL for files pyarrow cannot type; values that are not strings become their JSON text."""
    rows: dict[str, list[str | None]] = {name: [] for name in columns}
    seen = 0
    with path.open("r", encoding="utf-8", errors="strict") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            seen += 1
            if seen <= skip_rows:
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                raise RecordsUnreadable(f"line {number} is not JSON: {error.msg}", path=path) from error
            if not isinstance(value, dict):
                raise RecordsUnreadable(f"line {number} is not a JSON object", path=path)
            for name in columns:
                field = value.get(name)
                rows[name].append(
                    None if field is None else field if isinstance(field, str) else json.dumps(field)
                )
            if len(rows[columns[0]]) >= FALLBACK_ROWS:
                yield pa.RecordBatch.from_pydict(rows, schema=pa.schema([(n, pa.string()) for n in columns]))
                rows = {name: [] for name in columns}
    if rows[columns[0]]:
        yield pa.RecordBatch.from_pydict(rows, schema=pa.schema([(n, pa.string()) for n in columns]))


def _jsonl(path: Path, columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
    done = 0
    try:
        reader = pjson.open_json(
            path,
            read_options=pjson.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=pjson.ParseOptions(unexpected_field_behavior="infer", newlines_in_values=False),
        )
        for batch in reader:
            yield batch
            done += batch.num_rows
        return
    except pa.ArrowInvalid:
        pass  # mixed types or a malformed line: the line reader takes over and names the line if it is bad
    except UnicodeDecodeError as error:
        raise RecordsUnreadable(f"not UTF-8: {error}", path=path) from error
    yield from _python_jsonl(path, columns, done)


def iter_batches(
    path: Path, columns: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[pa.RecordBatch]:
    """Batches holding exactly `columns`, as strings, in file order."""
    if not path.is_file():
        raise RecordsUnreadable("file not found", path=path)
    kind = record_format(path)
    optional_set = frozenset(optional)
    try:
        if kind == "jsonl":
            source: Iterator[pa.RecordBatch] = _jsonl(path, columns)
        elif kind == "csv":
            source = iter(
                pcsv.open_csv(
                    path,
                    read_options=pcsv.ReadOptions(block_size=BLOCK_BYTES),
                    convert_options=pcsv.ConvertOptions(
                        column_types={name: pa.string() for name in columns},
                        include_columns=None,
                    ),
                )
            )
        else:
            parquet = pq.ParquetFile(path)
            present = [name for name in columns if name in parquet.schema_arrow.names]
            source = parquet.iter_batches(batch_size=65_536, columns=present)
        for batch in source:
            yield _as_strings(batch, columns, optional_set, path)
    except (pa.ArrowInvalid, OSError) as error:
        raise RecordsUnreadable(f"cannot read {kind}: {error}", path=path) from error
