"""Verbatim regurgitation: which model outputs repeat a customer's records, admitted or rejected.

Which side is indexed: the outputs (bounded: 100,000 answers) are indexed, the records
(a gigabyte or more) stream past once. Memory is then set by the outputs and one
records batch, never by the size of the training data. If the outputs' index would
exceed `max_index_bytes`, they are split into groups and the records are read once
per group (reported as `passes`).

Why nothing is missed: outputs are indexed at every `stride`-th byte with windows of
`k = min_chars - stride + 1` bytes, and records are hashed at every byte. Any common
span of at least `min_chars` characters (so at least `min_chars` bytes) contains one
whole indexed output window, whose hash is found at the record's position. Every
candidate is then compared byte for byte and extended both ways to the maximal common
span, so hash collisions never become matches and each match is reported at its true
length (in characters of the normalised text).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datarights.audit.model import (
    CustomerRegurgitation,
    InputFile,
    Match,
    OutputFields,
    RecordFields,
    RecordSource,
    RecordStatus,
    RegurgitationResult,
    ScanParameters,
    ScanStats,
)
from datarights.audit.records import iter_batches
from datarights.audit.shingles import (
    I64,
    NORMALISATION,
    U8,
    NormalisedMap,
    ShingleIndex,
    buffers,
    iter_window_hashes,
    normalise_array,
    strided_window_hashes,
)
from datarights.enforce.readers import file_sha256
from datarights.errors import ConfigError

log = logging.getLogger(__name__)

UNKNOWN_CUSTOMER = "(no customer)"


@dataclass(frozen=True, slots=True)
class ScanOptions:
    min_chars: int = 50
    stride: int = 0  # 0: min_chars // 3
    max_index_bytes: int = (
        1 << 30
    )  # memory for the outputs side of one records pass (~8 bytes per output byte)
    excerpt_context: int = 40

    def resolved_stride(self) -> int:
        return self.stride or max(1, self.min_chars // 3)

    def shingle_bytes(self) -> int:
        return self.min_chars - self.resolved_stride() + 1

    def check(self) -> None:
        if self.min_chars < 8:
            raise ConfigError(
                f"--min-chars must be at least 8 (got {self.min_chars}): shorter spans are common text"
            )
        if not 1 <= self.resolved_stride() <= self.min_chars - 7:
            raise ConfigError(f"stride must be between 1 and min_chars - 7 (got {self.resolved_stride()})")


@dataclass(frozen=True, slots=True)
class _Outputs:
    """One group of outputs: normalised bytes, their offsets, ids and original texts."""

    data: U8
    offsets: I64
    ids: pa.Array
    texts: pa.Array
    index: ShingleIndex

    def text(self, index: int) -> str:
        return str(self.texts[index].as_py() or "")


@dataclass(slots=True)
class _Best:
    """The longest span found so far for one (output, customer)."""

    chars: int
    record_id: str
    status: RecordStatus
    output_bytes: tuple[int, int]
    record_chars: tuple[int, int]
    records: set[str] = field(default_factory=set)


def _common_forward(a: U8, a_pos: int, a_end: int, b: U8, b_pos: int, b_end: int) -> int:
    """Length of the common prefix of a[a_pos:a_end] and b[b_pos:b_end]."""
    limit = min(a_end - a_pos, b_end - b_pos)
    done = 0
    step = 64
    while done < limit:
        size = min(step, limit - done)
        left = a[a_pos + done : a_pos + done + size]
        right = b[b_pos + done : b_pos + done + size]
        differ = np.flatnonzero(left != right)
        if differ.size:
            return done + int(differ[0])
        done += size
        step = min(step * 2, 1 << 16)
    return limit


def _common_backward(a: U8, a_pos: int, a_start: int, b: U8, b_pos: int, b_start: int) -> int:
    """Length of the common suffix of a[a_start:a_pos] and b[b_start:b_pos]."""
    limit = min(a_pos - a_start, b_pos - b_start)
    done = 0
    step = 64
    while done < limit:
        size = min(step, limit - done)
        left = a[a_pos - done - size : a_pos - done][::-1]
        right = b[b_pos - done - size : b_pos - done][::-1]
        differ = np.flatnonzero(left != right)
        if differ.size:
            return done + int(differ[0])
        done += size
        step = min(step * 2, 1 << 16)
    return limit


def _char_span(data: U8, start: int, end: int) -> tuple[int, int, int]:
    """Shrink a byte span to whole UTF-8 characters; return it with its length in characters."""
    while start < end and (int(data[start]) & 0xC0) == 0x80:
        start += 1
    # Drop a trailing character whose bytes are not all inside the span.
    back = end
    while back > start and (int(data[back - 1]) & 0xC0) == 0x80:
        back -= 1
    if back > start:
        lead = int(data[back - 1])
        width = 1 if lead < 0x80 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        if back - 1 + width > end:
            end = back - 1
    chars = int(np.count_nonzero((data[start:end] & 0xC0) != 0x80))
    return start, end, chars


def mask_excerpt(text: str, start: int, end: int, context: int) -> str:
    """The output around [start, end) with the matching span masked, so the report does not leak it again."""
    before = " ".join(text[max(0, start - context) : start].split())
    after = " ".join(text[end : end + context].split())
    before += " " if before and text[start - 1 : start].isspace() else ""
    after = (" " if after and text[end : end + 1].isspace() else "") + after
    span = " ".join(text[start:end].split())
    shown = 3 if len(span) > 12 else 0
    masked = f"{span[:shown]}…[{len(span) - 2 * shown} chars withheld]…{span[len(span) - shown :] if shown else ''}"
    lead = "…" if start > context else ""
    tail = "…" if end + context < len(text) else ""
    return f"{lead}{before}⟦{masked}⟧{after}{tail}"


def _output_batches(path: Path, fields: OutputFields) -> Iterator[tuple[pa.Array, pa.Array]]:
    """(ids, texts) per batch as Arrow arrays; a missing id becomes the output's line number."""
    number = 0
    for batch in iter_batches(path, [fields.output, fields.id], optional=[fields.id]):
        lines = pa.array([f"#{n}" for n in range(number + 1, number + batch.num_rows + 1)], pa.string())
        number += batch.num_rows
        ids = pc.coalesce(batch.column(1), lines)
        yield ids, pc.fill_null(batch.column(0), "")


def _output_groups(path: Path, fields: OutputFields, options: ScanOptions) -> Iterator[_Outputs]:
    """Outputs in groups that fit the budget: measured peak about 8 bytes per output byte (texts,
    normalised copy, index and the temporaries of building it)."""
    budget = max(1, options.max_index_bytes // 8)
    ids: list[pa.Array] = []
    texts: list[pa.Array] = []
    size = groups = 0
    for batch_ids, batch_texts in _output_batches(path, fields):
        # Slices of a batch, so one large batch cannot overshoot the budget by much.
        lengths = pc.binary_length(batch_texts).to_numpy(zero_copy_only=False)
        start = 0
        while start < len(lengths):
            room = budget - size
            fits = int(np.searchsorted(np.cumsum(lengths[start:]), room, side="right"))
            end = start + max(1, fits)
            ids.append(batch_ids.slice(start, end - start))
            texts.append(batch_texts.slice(start, end - start))
            size += int(lengths[start:end].sum())
            start = end
            if size >= budget:
                groups += 1
                yield _index_outputs(ids, texts, options)
                ids, texts, size = [], [], 0
    if ids or not groups:  # an empty outputs file still gets one pass, so records are counted
        yield _index_outputs(ids, texts, options)


def _index_outputs(ids: list[pa.Array], texts: list[pa.Array], options: ScanOptions) -> _Outputs:
    all_ids = pa.concat_arrays(ids) if ids else pa.array([], pa.string())
    all_texts = pa.concat_arrays(texts) if texts else pa.array([], pa.string())
    # Normalised piece by piece (small temporaries), then joined once.
    parts = [normalise_array(t) for t in texts] or [normalise_array(pa.array([], pa.string()))]
    normalised = pa.concat_arrays(parts)
    assert isinstance(normalised, pa.LargeStringArray)
    del parts
    data, offsets = buffers(normalised)
    k = options.shingle_bytes()
    stride = options.resolved_stride()
    positions, hashes = strided_window_hashes(data, k, stride)
    owner = np.searchsorted(offsets, positions, side="right") - 1
    inside = positions + k <= offsets[owner + 1]  # windows that do not cross into the next output
    index = ShingleIndex.build(hashes[inside], positions[inside])
    log.info(
        "indexed %d outputs: %d bytes, %d shingles, index %d bytes",
        len(ids),
        len(data),
        len(positions),
        index.nbytes,
    )
    return _Outputs(data, offsets, all_ids, all_texts, index)


@dataclass(slots=True)
class _Counts:
    admitted: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    records: int = 0
    record_bytes: int = 0

    def add(self, customers: pa.Array, status: RecordStatus) -> None:
        target = self.admitted if status is RecordStatus.ADMITTED else self.rejected
        for entry in pc.value_counts(pc.fill_null(customers, UNKNOWN_CUSTOMER)).to_pylist():
            key = str(entry["values"])
            target[key] = target.get(key, 0) + int(entry["counts"])


class _Scanner:
    def __init__(self, outputs: _Outputs, options: ScanOptions) -> None:
        self.outputs = outputs
        self.options = options
        self.k = options.shingle_bytes()
        self.best: dict[tuple[int, str], _Best] = {}

    def scan_batch(self, batch: pa.RecordBatch, status: RecordStatus, first_row: int) -> None:
        """Scan one batch; `first_row` (0-based, within its file) names records that have no id."""
        customers, ids, texts = batch.column(0), batch.column(1), batch.column(2)
        normalised = normalise_array(texts)
        data, offsets = buffers(normalised)
        for chunk_start, hashes in iter_window_hashes(data, self.k):
            query, entry = self.outputs.index.lookup(hashes)
            if query.size:
                self._verify(
                    query + chunk_start, entry, data, offsets, customers, ids, texts, status, first_row
                )

    def _verify(
        self,
        record_pos: I64,
        entry: I64,
        data: U8,
        offsets: I64,
        customers: pa.Array,
        ids: pa.Array,
        texts: pa.Array,
        status: RecordStatus,
        first_row: int,
    ) -> None:
        out = self.outputs
        k = self.k
        output_pos = out.index.positions[entry]
        record = np.searchsorted(offsets, record_pos, side="right") - 1
        inside = record_pos + k <= offsets[record + 1]
        record_pos, output_pos, record = record_pos[inside], output_pos[inside], record[inside]
        output = np.searchsorted(out.offsets, output_pos, side="right") - 1
        diagonal = (record_pos - offsets[record]) - (output_pos - out.offsets[output])
        order = np.lexsort((record_pos, diagonal, output, record))
        reach: dict[tuple[int, int, int], int] = {}  # (record, output, diagonal) → end of the span found
        for i in order.tolist():
            key = (int(record[i]), int(output[i]), int(diagonal[i]))
            r_pos, o_pos = int(record_pos[i]), int(output_pos[i])
            if r_pos < reach.get(key, -1):
                continue
            r_index, o_index = key[0], key[1]
            r_start, r_end = int(offsets[r_index]), int(offsets[r_index + 1])
            o_start, o_end = int(out.offsets[o_index]), int(out.offsets[o_index + 1])
            forward = _common_forward(data, r_pos, r_end, out.data, o_pos, o_end)
            if forward < k:  # hash collision
                reach[key] = r_pos + 1
                continue
            backward = _common_backward(data, r_pos, r_start, out.data, o_pos, o_start)
            reach[key] = r_pos + forward
            o_from, o_to, chars = _char_span(out.data, o_pos - backward, o_pos + forward)
            if chars < self.options.min_chars:
                continue
            shift = o_from - (o_pos - backward)
            r_from, r_to = r_pos - backward + shift, r_pos - backward + shift + (o_to - o_from)
            named = customers[r_index].as_py()
            customer = UNKNOWN_CUSTOMER if named is None else str(named)
            slot = (o_index, customer)
            given_id = ids[r_index].as_py()
            record_id = f"row {first_row + r_index + 1}" if given_id is None else str(given_id)
            current = self.best.get(slot)
            if current is not None:
                current.records.add(record_id)
                if current.chars >= chars:
                    continue
            mapping = NormalisedMap(texts[r_index].as_py() or "")
            r_chars = (mapping.char_of_byte(r_from - r_start), mapping.char_of_byte(r_to - r_start))
            best = _Best(
                chars, record_id, status, (o_from - o_start, o_to - o_start), mapping.original_span(*r_chars)
            )
            best.records.add(record_id)
            if current is not None:
                best.records |= current.records
            self.best[slot] = best

    def matches(self) -> Iterator[tuple[str, Match]]:
        for (o_index, customer), best in self.best.items():
            text = self.outputs.text(o_index)
            mapping = NormalisedMap(text)
            start_char = mapping.char_of_byte(best.output_bytes[0])
            end_char = mapping.char_of_byte(best.output_bytes[1])
            o_start, o_end = mapping.original_span(start_char, end_char)
            yield (
                customer,
                Match(
                    output_id=str(self.outputs.ids[o_index].as_py()),
                    record_id=best.record_id,
                    record_status=best.status,
                    chars=best.chars,
                    output_start=o_start,
                    output_end=o_end,
                    record_start=best.record_chars[0],
                    record_end=best.record_chars[1],
                    excerpt=mask_excerpt(text, o_start, o_end, self.options.excerpt_context),
                    records_matched=len(best.records),
                ),
            )


DEFAULT_RECORD_FIELDS = RecordFields()
DEFAULT_OUTPUT_FIELDS = OutputFields()
DEFAULT_OPTIONS = ScanOptions()


def scan(
    sources: Sequence[RecordSource],
    outputs_path: Path,
    record_fields: RecordFields = DEFAULT_RECORD_FIELDS,
    output_fields: OutputFields = DEFAULT_OUTPUT_FIELDS,
    options: ScanOptions = DEFAULT_OPTIONS,
    progress: Callable[[int], None] | None = None,
) -> RegurgitationResult:
    """Scan every output against every record; `progress` receives record bytes as they are read."""
    options.check()
    started = time.perf_counter()
    columns = [record_fields.customer, record_fields.id, record_fields.text]
    found: dict[str, list[Match]] = {}
    counts = _Counts()
    passes = 0
    output_count = output_bytes = 0
    for group in _output_groups(outputs_path, output_fields, options):
        passes += 1
        output_count += len(group.ids)
        output_bytes += int(pc.sum(pc.binary_length(group.texts)).as_py() or 0)
        scanner = _Scanner(group, options)
        for source in sources:
            row = 0
            for batch in iter_batches(
                Path(source.path), columns, optional=[record_fields.customer, record_fields.id]
            ):
                scanner.scan_batch(batch, source.status, row)
                row += batch.num_rows
                if passes == 1:
                    counts.add(batch.column(0), source.status)
                    counts.records += batch.num_rows
                    size = int(pc.sum(pc.binary_length(pc.fill_null(batch.column(2), ""))).as_py() or 0)
                    counts.record_bytes += size
                    if progress is not None:
                        progress(size)
        for customer, match in scanner.matches():
            found.setdefault(customer, []).append(match)
    seconds = time.perf_counter() - started
    customers = sorted(set(counts.admitted) | set(counts.rejected) | set(found))
    result = tuple(
        CustomerRegurgitation(
            customer=customer,
            records_admitted=counts.admitted.get(customer, 0),
            records_rejected=counts.rejected.get(customer, 0),
            matches=tuple(
                sorted(found.get(customer, []), key=lambda m: (-m.chars, m.output_id, m.record_id))
            ),
        )
        for customer in customers
    )
    log.info(
        "regurgitation: %d records (%d bytes), %d outputs, %d matches, %.2f s",
        counts.records,
        counts.record_bytes,
        output_count,
        sum(len(v) for v in found.values()),
        seconds,
    )
    return RegurgitationResult(
        parameters=ScanParameters(
            options.min_chars, options.shingle_bytes(), options.resolved_stride(), NORMALISATION
        ),
        inputs=tuple(_input_file(Path(s.path), s.status) for s in sources),
        outputs_file=_input_file(outputs_path, None),
        customers=result,
        stats=ScanStats(counts.records, counts.record_bytes, output_count, output_bytes, seconds, passes),
    )


def _input_file(path: Path, status: RecordStatus | None) -> InputFile:
    return InputFile(str(path), file_sha256(path), path.stat().st_size, status)
