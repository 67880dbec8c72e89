"""Run the gate's per-batch `process` (and so the pure `decide`) on a Ray cluster with Ray Data.

The driver splits the input into work items made of exactly the batches the local runner reads
(JSONL: `batch_rows` non-blank lines, found by a numpy scan for newlines; Parquet: runs of whole
batches about one row group long, so each row group is decoded about once; CSV: batches read by
the driver, because a quoted field may hold a newline and only a sequential parser can tell). `map_batches` runs a pool of actors, each reading its own byte or
row range of the file and calling the same `process` the local runner calls, with its own
Presidio de-identifier built once. Results come back in input order (`preserve_order`) and the
local runner writes them with the same writers, so the decision log, manifest counts and output
are the local engine's, byte for byte.

Workers read the input path themselves: on a multi-machine cluster it must be on storage every
node sees (the same path). `ray` is imported only here (`pip install 'datarights[ray]'`).
Connects to `$RAY_ADDRESS` (or `address`) when set, else starts a local Ray on this machine.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from datarights.enforce.deidentify import Deidentifier, shared_deidentifier
from datarights.enforce.process import GateContext, Processed, process
from datarights.enforce.readers import (
    InputBatch,
    RecordFormat,
    parse_lines,  # the local reader's own line parser, so malformed lines fare alike
    read_batches,
    record_format,
)
from datarights.errors import ConfigError
from datarights.workers import ray_connect, ray_cpus

log = logging.getLogger(__name__)

_SCAN_BYTES = 16 * 1024 * 1024
_INLINE_WINDOW = 16
_WHITESPACE = np.frombuffer(
    b" \t\r\x0b\x0c", np.uint8
)  # CSV batches in flight at once (the driver reads them)


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One batch of the input, as a byte range (JSONL), a row range (Parquet) or inline (CSV)."""

    seq: int
    start: int
    end: int
    first: int  # JSONL: number of the range's first physical line; Parquet: its first row (0-based)
    payload: bytes = b""  # CSV: the pickled InputBatch


def jsonl_ranges(path: Path, rows: int) -> list[WorkItem]:
    """Byte ranges holding `rows` non-blank lines each (the last fewer), as the local reader
    batches them: lines split on b"\\n", a line of only whitespace is not a record."""
    items: list[WorkItem] = []
    start = 0  # byte where the current range starts
    first = 1  # its first physical line number
    records = 0  # non-blank lines in the current range so far
    line = 1  # physical number of the line that starts at `offset`
    offset = 0
    carry = b""  # an unfinished last line of the previous block
    with path.open("rb") as handle:
        while True:
            block = handle.read(_SCAN_BYTES)
            if not block and not carry:
                break
            data = carry + block
            base = offset - len(carry)
            newlines = np.flatnonzero(np.frombuffer(data, np.uint8) == 10)
            if not block:  # end of file: the last line has no newline
                newlines = np.append(newlines, len(data))
            ends = newlines
            begins = np.concatenate(([0], newlines[:-1] + 1)) if len(newlines) else np.empty(0, np.int64)
            lengths = ends - begins
            blank = lengths == 0
            if len(begins):
                # Only a line that starts with whitespace can be all whitespace: check those alone.
                heads = np.frombuffer(data, np.uint8)[np.minimum(begins, max(len(data) - 1, 0))]
                for i in np.flatnonzero((lengths > 0) & np.isin(heads, _WHITESPACE)):
                    blank[i] = not data[begins[i] : ends[i]].strip()
            for i in np.flatnonzero(~blank):
                records += 1
                if records == rows:
                    end = base + int(ends[i]) + 1
                    items.append(WorkItem(len(items), start, end, first))
                    start, first, records = end, line + int(i) + 1, 0
            consumed = int(newlines[-1]) + 1 if len(newlines) else 0
            line += len(newlines)
            carry = data[consumed:] if block else b""
            offset += len(block)
            if not block:
                break
    if records:
        items.append(WorkItem(len(items), start, offset, first))
    return items


def parquet_ranges(path: Path, rows: int) -> list[WorkItem]:
    """Row ranges made of whole batches of `rows` (the local reader's batches cross row groups),
    about one row group long, so an actor decodes a row group about once."""
    try:
        metadata = pq.ParquetFile(path).metadata
    except (pa.ArrowInvalid, OSError) as error:
        raise ConfigError(f"not a Parquet file: {error}", path=path) from None
    total = metadata.num_rows
    largest = max((metadata.row_group(g).num_rows for g in range(metadata.num_row_groups)), default=0)
    span = max(1, largest // rows) * rows
    return [WorkItem(i, s, min(s + span, total), s) for i, s in enumerate(range(0, total, span))]


def read_item(path: Path, fmt: RecordFormat, item: WorkItem, rows: int) -> Iterator[InputBatch]:
    """The batches a work item stands for, read the way the local reader reads them."""
    if fmt is RecordFormat.CSV:
        batch: InputBatch = pickle.loads(item.payload)
        yield batch
        return
    if fmt is RecordFormat.PARQUET:
        parquet = pq.ParquetFile(path)
        groups: list[int] = []
        offset = skip = 0
        for g in range(parquet.num_row_groups):
            n = parquet.metadata.row_group(g).num_rows
            if offset + n > item.start and offset < item.end:
                if not groups:
                    skip = item.start - offset
                groups.append(g)
            offset += n
        table = parquet.read_row_groups(groups).slice(skip, item.end - item.start)
        for start in range(0, table.num_rows, rows):
            part = table.slice(start, rows).combine_chunks()
            first = item.start + start
            ordinals = np.arange(first + 1, first + part.num_rows + 1, dtype=np.int64)
            yield InputBatch(part.to_batches()[0], ordinals, None)
        return
    with path.open("rb") as handle:
        handle.seek(item.start)
        data = handle.read(item.end - item.start)
    lines: list[bytes] = []
    numbers: list[int] = []
    for i, line in enumerate(data.split(b"\n")):
        stripped = line.strip()
        if stripped:
            lines.append(stripped)
            numbers.append(item.first + i)
    yield parse_lines(lines, numbers)


class _GateActor:
    """A Ray Data actor: reads its work items and runs `process` on them."""

    def __init__(
        self, path: str, fmt: str, rows: int, ctx: GateContext, secret: bytes | None, deid: bool
    ) -> None:
        self.path = Path(path)
        self.fmt = RecordFormat(fmt)
        self.rows = rows
        self.ctx = ctx
        self.deidentifier: Deidentifier | None = shared_deidentifier(secret) if deid else None

    def __call__(self, batch: pa.Table) -> pa.Table:
        seqs: list[int] = []
        out: list[bytes] = []
        for row in batch.to_pylist():
            item = WorkItem(row["seq"], row["start"], row["end"], row["first"], row["payload"])
            for part in read_item(self.path, self.fmt, item, self.rows):
                processed = process(part, self.ctx, self.deidentifier)
                processed.decisions = None  # not needed by the writer; keeps the result small
                seqs.append(item.seq)
                out.append(pickle.dumps(processed, protocol=5))
        return pa.table({"seq": pa.array(seqs, pa.int64()), "processed": pa.array(out, pa.binary())})


def ray_processed(
    path: Path,
    batch_rows: int,
    ctx: GateContext,
    secret: bytes | None,
    deid: bool,
    *,
    address: str | None = None,
    actors: int | None = None,
) -> Iterator[Processed]:
    """`process` over every batch of `path` on Ray, yielded in input order (like the local runner)."""
    ray = ray_connect(address)
    fmt = record_format(path)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    # The executor runs in a driver thread beside the writer: no progress bars to redraw there.
    context.enable_progress_bars = False
    pool = actors or ray_cpus(ray)
    if fmt is RecordFormat.CSV:
        yield from _csv_windows(ray, path, batch_rows, ctx, secret, deid, pool)
        return
    items = jsonl_ranges(path, batch_rows) if fmt is RecordFormat.JSONL else parquet_ranges(path, batch_rows)
    if items:
        yield from _run(ray, path, fmt, items, batch_rows, ctx, secret, deid, pool)


def _csv_windows(
    ray: Any, path: Path, rows: int, ctx: GateContext, secret: bytes | None, deid: bool, pool: int
) -> Iterator[Processed]:
    window: list[WorkItem] = []
    for batch in read_batches(path, rows):
        window.append(WorkItem(len(window), 0, 0, 0, pickle.dumps(batch, protocol=5)))
        if len(window) == _INLINE_WINDOW:
            yield from _run(ray, path, RecordFormat.CSV, window, rows, ctx, secret, deid, pool)
            window = []
    if window:
        yield from _run(ray, path, RecordFormat.CSV, window, rows, ctx, secret, deid, pool)


def _run(
    ray: Any,
    path: Path,
    fmt: RecordFormat,
    items: list[WorkItem],
    rows: int,
    ctx: GateContext,
    secret: bytes | None,
    deid: bool,
    pool: int,
) -> Iterator[Processed]:
    # One block per work item, built on the driver: a repartition would need a CPU the actor
    # pool already holds, and Ray Data then waits forever on a small cluster.
    blocks = [
        pa.table(
            {
                "seq": pa.array([i.seq], pa.int64()),
                "start": pa.array([i.start], pa.int64()),
                "end": pa.array([i.end], pa.int64()),
                "first": pa.array([i.first], pa.int64()),
                "payload": pa.array([i.payload], pa.binary()),
            }
        )
        for i in items
    ]
    results = ray.data.from_arrow(blocks).map_batches(
        _GateActor,
        fn_constructor_args=(str(path.resolve()), fmt.value, rows, ctx, secret, deid),
        batch_size=1,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=min(pool, len(items))),
        num_cpus=1,
    )
    # An item gives one batch or more (a Parquet item is several), in input order.
    last = -1
    for batch in results.iter_batches(batch_size=None, batch_format="pyarrow", prefetch_batches=4):
        for seq, blob in zip(
            batch.column("seq").to_pylist(), batch.column("processed").to_pylist(), strict=True
        ):
            if seq not in (last, last + 1):  # preserve_order makes this impossible; never write out of order
                raise RuntimeError(f"Ray returned work item {seq} after {last}")
            last = seq
            processed: Processed = pickle.loads(blob)
            yield processed
    if last != len(items) - 1:
        raise RuntimeError(f"Ray returned {last + 1} of {len(items)} work items")
