"""Read records and model outputs as Arrow batches of string columns, streaming (bounded memory).

Formats by extension: `.jsonl`/`.ndjson` (one JSON object a line), `.csv`, `.parquet`.
JSONL is cut into blocks of whole lines, each parsed by pyarrow's multi-threaded
reader; a block whose fields change type between lines (ids that are sometimes
numbers, sometimes strings) is parsed line by line instead, so no row is lost.

The extensions and that line-by-line JSONL parser are the gate's (`enforce.readers`), so a file
the gate reads is read alike here. The gate counts a bad line and goes on; an audit stops at it
(`RecordsUnreadable`), and reads in byte blocks rather than row batches so that memory stays
bounded on gigabytes of model outputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.json as pjson
import pyarrow.parquet as pq

from datarights.enforce import readers
from datarights.enforce.readers import RecordFormat
from datarights.errors import RecordsUnreadable, UnsupportedFormat

BLOCK_BYTES = 16 << 20


def record_format(path: Path) -> RecordFormat:
    """The gate's format by extension (one table for both), plus `.json` read as JSONL (model
    outputs are often saved so); an unknown extension is `RecordsUnreadable`."""
    if path.suffix.lower() == ".json":
        return RecordFormat.JSONL
    try:
        return readers.record_format(path)
    except UnsupportedFormat:
        raise RecordsUnreadable(
            f"unknown records format {path.suffix.lower() or '(no extension)'!r}; use .jsonl, .csv or .parquet",
            path=path,
        ) from None


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


def _python_rows(block: bytes, first_line: int, path: Path) -> pa.RecordBatch:
    """A block pyarrow cannot type (a field that is a number in one line and a string in another),
    parsed line by line by the gate's JSONL parser; here a bad line stops the read."""
    lines: list[bytes] = []
    numbers: list[int] = []
    for number, line in enumerate(block.split(b"\n"), first_line):
        if stripped := line.strip():
            lines.append(stripped)
            numbers.append(number)
    parsed = readers.parse_lines(lines, numbers)
    if parsed.malformed:
        bad = parsed.malformed[0]
        raise RecordsUnreadable(f"line {bad.ordinal} is {bad.problem}", path=path)
    return parsed.batch


def _record_end(data: bytes, quoted: bool) -> int:
    """Index of the last newline in `data` that ends a record (-1 if none).

    In CSV a newline inside a quoted field does not end a record: a newline ends one when
    the quotes before it are balanced (escaped quotes come in pairs, so parity holds).
    """
    position = data.rfind(b"\n")
    if not quoted:
        return position
    quotes = data.count(b'"', 0, position) if position >= 0 else 0
    while position >= 0 and quotes % 2:
        previous = data.rfind(b"\n", 0, position)
        quotes -= data.count(b'"', max(previous, 0), position)
        position = previous
    return position


def _blocks(path: Path, quoted: bool = False) -> Iterator[tuple[bytes, int]]:
    """The file in blocks of whole records (about BLOCK_BYTES each) with each block's first line number.

    Read one block at a time on purpose: pyarrow's streaming JSON and CSV readers read far ahead
    of a slow consumer (peak memory grew from 380 MB to 570 MB between a 300 MB and a 600 MB CSV).
    """
    line = 1
    rest = b""
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(BLOCK_BYTES)
            if not chunk:
                if rest.strip():
                    yield rest, line
                return
            data = rest + chunk
            cut = _record_end(data, quoted)
            if cut < 0:  # one record longer than a block: keep reading
                rest = data
                continue
            block, rest = data[: cut + 1], data[cut + 1 :]
            yield block, line
            line += block.count(b"\n")


def _first_record_end(data: bytes) -> int:
    """Index of the newline that ends the first CSV record (the header), -1 if none."""
    quotes = start = 0
    while (position := data.find(b"\n", start)) >= 0:
        quotes += data.count(b'"', start, position)
        if quotes % 2 == 0:
            return position
        start = position + 1
    return -1


def _csv(path: Path, columns: Sequence[str]) -> Iterator[pa.RecordBatch]:
    """One block at a time, each parsed with the file's header line in front."""
    header = b""
    for block, first_line in _blocks(path, quoted=True):
        if not header:
            header_end = _first_record_end(block)
            header = block[: header_end + 1] if header_end >= 0 else block + b"\n"
            body = block
        else:
            body = header + block
        try:
            table = pcsv.read_csv(
                pa.BufferReader(body),
                read_options=pcsv.ReadOptions(block_size=1 << 22),
                convert_options=pcsv.ConvertOptions(column_types={name: pa.string() for name in columns}),
            )
        except pa.ArrowInvalid as error:
            raise RecordsUnreadable(f"cannot read csv near line {first_line}: {error}", path=path) from error
        yield from table.to_batches()


def _jsonl(path: Path) -> Iterator[pa.RecordBatch]:
    """One block at a time through pyarrow (see `_blocks`), so memory stays at a few blocks."""
    for block, first_line in _blocks(path):
        try:
            table = pjson.read_json(
                pa.BufferReader(block),
                read_options=pjson.ReadOptions(block_size=1 << 22),
                parse_options=pjson.ParseOptions(unexpected_field_behavior="infer"),
            )
        except pa.ArrowInvalid:
            yield _python_rows(block, first_line, path)
            continue
        yield from table.to_batches()


def iter_batches(
    path: Path, columns: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[pa.RecordBatch]:
    """Batches holding exactly `columns`, as strings, in file order."""
    if not path.is_file():
        raise RecordsUnreadable("file not found", path=path)
    kind = record_format(path)
    optional_set = frozenset(optional)
    try:
        if kind is RecordFormat.JSONL:
            source: Iterator[pa.RecordBatch] = _jsonl(path)
        elif kind is RecordFormat.CSV:
            source = _csv(path, columns)
        else:
            parquet = pq.ParquetFile(path)
            present = [name for name in columns if name in parquet.schema_arrow.names]
            source = parquet.iter_batches(batch_size=65_536, columns=present)
        for batch in source:
            yield _as_strings(batch, columns, optional_set, path)
    except (pa.ArrowInvalid, OSError) as error:
        raise RecordsUnreadable(f"cannot read {kind}: {error}", path=path) from error
