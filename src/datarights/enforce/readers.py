"""Stream records from JSONL, CSV or Parquet as pyarrow record batches (format by extension).

A line that is not a record (bad JSON, not an object, wrong CSV column count) never stops the run:
it comes back as a `Malformed` entry with its line number and the sha256 of its bytes, so the gate
rejects and counts it. JSONL lines that pass are also kept as raw bytes, so an admitted record can be
written out exactly as it came in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq

from datarights.errors import ConfigError, UnsupportedFormat

DEFAULT_BATCH_ROWS = 65_536
_CHUNK_BYTES = 16 * 1024 * 1024


class RecordFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    PARQUET = "parquet"


_SUFFIXES = {
    ".jsonl": RecordFormat.JSONL,
    ".ndjson": RecordFormat.JSONL,
    ".csv": RecordFormat.CSV,
    ".parquet": RecordFormat.PARQUET,
    ".pq": RecordFormat.PARQUET,
}


def record_format(path: Path | str) -> RecordFormat:
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnsupportedFormat(
            f"cannot tell the record format from {suffix or 'no extension'!r} "
            "(use .jsonl, .ndjson, .csv, .parquet or .pq)",
            path=path,
        )
    return _SUFFIXES[suffix]


@dataclass(frozen=True, slots=True)
class Malformed:
    ordinal: int  # line number in the input (1-based)
    sha256: str  # of the line's bytes, so the log can name it without copying it
    problem: str


@dataclass(frozen=True)
class InputBatch:
    batch: pa.RecordBatch
    ordinals: npt.NDArray[np.int64]  # line (JSONL, CSV) or row (Parquet) number of each row, 1-based
    raw: tuple[bytes, ...] | None  # the JSONL line of each row, when the input is JSONL
    malformed: tuple[Malformed, ...] = ()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _from_dicts(rows: list[dict[str, Any]]) -> pa.RecordBatch:
    # Every key of every row, in first-seen order: `from_pylist` takes the schema from the first
    # row alone, so a field the first record lacks was dropped from the whole batch.
    keys = list(dict.fromkeys(k for row in rows for k in row))
    columns = {k: [row.get(k) for row in rows] for k in keys}
    try:
        return pa.RecordBatch.from_pydict(columns)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        # Values of one key disagree in type across lines: keep such keys as JSON text.
        for key, values in columns.items():
            kinds = {type(v) for v in values if v is not None}
            if len(kinds) > 1 or kinds & {dict, list}:
                columns[key] = [
                    v if v is None or isinstance(v, str) else json.dumps(v, sort_keys=True) for v in values
                ]
        return pa.RecordBatch.from_pydict(columns)


def parse_lines(lines: list[bytes], numbers: list[int]) -> InputBatch:
    """Non-blank JSONL lines (stripped) with their line numbers, as one batch: through pyarrow when
    every line is an object, else line by line, each bad line a `Malformed` and values of a key
    whose type differs between lines kept as JSON text. The gate's and the audit's JSONL parser."""
    joined = b"\n".join(lines)
    try:
        table = pajson.read_json(
            io.BytesIO(joined),
            read_options=pajson.ReadOptions(use_threads=False, block_size=max(1 << 20, len(joined) + 1)),
        )
        if table.num_rows == len(lines):
            batch = (
                table.combine_chunks().to_batches()[0] if table.num_rows else pa.RecordBatch.from_pylist([])
            )
            return InputBatch(batch, np.array(numbers, np.int64), tuple(lines))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        pass
    # Slow path, only for chunks with a bad line: find the bad lines one by one.
    good: list[dict[str, Any]] = []
    good_lines: list[bytes] = []
    good_numbers: list[int] = []
    malformed: list[Malformed] = []
    for line, number in zip(lines, numbers, strict=True):
        try:
            value = json.loads(line)
        except (ValueError, UnicodeDecodeError) as error:
            malformed.append(Malformed(number, _sha(line), f"not JSON: {error}"))
            continue
        if not isinstance(value, dict):
            malformed.append(Malformed(number, _sha(line), f"a JSON {type(value).__name__}, not an object"))
            continue
        good.append(value)
        good_lines.append(line)
        good_numbers.append(number)
    batch = _from_dicts(good) if good else pa.RecordBatch.from_pylist([])
    return InputBatch(batch, np.array(good_numbers, np.int64), tuple(good_lines), tuple(malformed))


def _jsonl(path: Path, rows: int) -> Iterator[InputBatch]:
    number = 0
    lines: list[bytes] = []
    numbers: list[int] = []
    with path.open("rb") as handle:
        while True:
            chunk = handle.readlines(_CHUNK_BYTES)
            if not chunk:
                break
            for line in chunk:
                number += 1
                stripped = line.strip()
                if stripped:  # blank lines are not records
                    lines.append(stripped)
                    numbers.append(number)
                if len(lines) >= rows:
                    yield parse_lines(lines, numbers)
                    lines, numbers = [], []
    if lines:
        yield parse_lines(lines, numbers)


def _csv(path: Path, rows: int) -> Iterator[InputBatch]:
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        return
    malformed: list[Malformed] = []

    def invalid(row: Any) -> str:
        text = (row.text or "").encode("utf-8")
        malformed.append(
            Malformed(
                int(row.number or 0),
                _sha(text),
                f"{row.actual_columns} columns where the header has {row.expected_columns}",
            )
        )
        return "skip"

    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=False, block_size=_CHUNK_BYTES),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid, newlines_in_values=True),
            # Everything as text: decide() interprets the fields it needs, output keeps the rest as read.
            convert_options=pacsv.ConvertOptions(column_types={name: pa.string() for name in header}),
        )
    except pa.ArrowInvalid as error:
        raise ConfigError(f"not a CSV file pyarrow can read: {error}", path=path) from None
    seen = 0
    for batch in reader:
        for start in range(0, batch.num_rows, rows):
            part = batch.slice(start, rows)
            ordinals = np.arange(seen + 1, seen + part.num_rows + 1, dtype=np.int64)
            seen += part.num_rows
            yield InputBatch(part, ordinals, None, tuple(malformed))
            malformed = []
    if malformed:
        yield InputBatch(pa.RecordBatch.from_pylist([]), np.empty(0, np.int64), None, tuple(malformed))


def _parquet(path: Path, rows: int) -> Iterator[InputBatch]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise ConfigError(f"not a Parquet file: {error}", path=path) from None
    seen = 0
    for batch in parquet.iter_batches(batch_size=rows, use_threads=False):
        ordinals = np.arange(seen + 1, seen + batch.num_rows + 1, dtype=np.int64)
        seen += batch.num_rows
        yield InputBatch(batch, ordinals, None)


def read_batches(path: Path | str, rows: int = DEFAULT_BATCH_ROWS) -> Iterator[InputBatch]:
    """The records of `path` in batches of at most `rows`, in input order."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such input file", path=path)
    fmt = record_format(path)
    if fmt is RecordFormat.JSONL:
        yield from _jsonl(path, rows)
    elif fmt is RecordFormat.CSV:
        yield from _csv(path, rows)
    else:
        yield from _parquet(path, rows)


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
