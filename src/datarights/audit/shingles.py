"""Normalised text and rolling hashes of its byte shingles, vectorised with numpy.

Normalisation: lower case (one code point for one, so character offsets survive)
and every run of whitespace or control characters becomes one space. Applied with
Arrow compute kernels to whole batches, so a gigabyte is normalised without a
Python loop; `NormalisedMap` recomputes the same mapping for one text to turn
normalised offsets back into original ones.

Hash of the window c[i:i+k]: h_i = sum_t c[i+t]·B^(k-1-t) mod 2^64. With an odd B
(invertible mod 2^64) every window hash of a chunk comes from one prefix sum:
P[j] = sum_{t<j} c[t]·B^-t, and h_i = (P[i+k] - P[i])·B^(i+k-1). numpy's uint64
arithmetic wraps, which is exactly mod 2^64.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]
U8 = npt.NDArray[np.uint8]

# Whitespace and control characters collapse to one space (NUL included, so no text can fake a boundary).
_SPACE_CHARS = [
    *range(0x00, 0x21),
    0x7F,
    0x85,
    0xA0,
    0x1680,
    *range(0x2000, 0x200B),
    0x2028,
    0x2029,
    0x202F,
    0x205F,
    0x3000,
]
_PY_SPACES = re.compile("[" + "".join(re.escape(chr(code)) for code in _SPACE_CHARS) + "]+")
NORMALISATION = "lowercase; runs of whitespace/control characters → one space; compared as UTF-8 bytes"

BASE = 0x9E3779B97F4A7C15 | 1  # odd, so invertible mod 2^64
_MASK = (1 << 64) - 1


def _multibyte_spaces(data: U8) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Lead bytes and continuation bytes of the non-ASCII space characters in UTF-8 text."""
    lead = np.zeros(len(data), dtype=np.bool_)
    tail = np.zeros(len(data), dtype=np.bool_)
    if not np.any(data >= 0x80):
        return lead, tail
    n = len(data)
    for code in _SPACE_CHARS:
        if code < 0x80:
            continue
        pattern = np.frombuffer(chr(code).encode("utf-8"), dtype=np.uint8)
        width = len(pattern)
        if n < width:
            continue
        hit = data[: n - width + 1] == pattern[0]
        for offset in range(1, width):
            hit &= data[offset : n - width + 1 + offset] == pattern[offset]
        where = np.flatnonzero(hit)
        lead[where] = True
        for offset in range(1, width):
            tail[where + offset] = True
    return lead, tail


def _byte_tables() -> tuple[U8, U8]:
    """Byte maps: ASCII spaces and controls to 0x20, and (second table) A-Z to a-z as well."""
    spaces = np.arange(256, dtype=np.uint8)
    spaces[[code for code in _SPACE_CHARS if code < 0x80]] = 0x20
    lower = spaces.copy()
    lower[ord("A") : ord("Z") + 1] += 32
    return spaces, lower


_SPACE_TABLE, _ASCII_TABLE = _byte_tables()


def normalise_array(texts: pa.Array | pa.ChunkedArray) -> pa.LargeStringArray:
    """Normalise a string array (nulls become empty strings).

    On the UTF-8 bytes with numpy: one table lookup lower-cases ASCII text and maps
    spaces and controls to 0x20 (Arrow's `utf8_lower` first when there is non-ASCII
    text), then the second and later bytes of each space run are deleted. Arrow's
    regex replace ran at about 25 MB/s here; this runs at several times that.
    """
    array = pc.fill_null(texts, "").cast(pa.large_string())
    if isinstance(array, pa.ChunkedArray):
        array = pa.concat_arrays(array.chunks) if array.num_chunks else pa.array([], pa.large_string())
    data, offsets = buffers(array)
    if len(data) and int(data.max()) >= 0x80:
        array = pc.utf8_lower(array)
        data, offsets = buffers(array)
        out = _SPACE_TABLE[data]
        lead, tail = _multibyte_spaces(data)
        out[lead] = 0x20
    else:
        out = _ASCII_TABLE[data]
        tail = np.zeros(len(data), dtype=np.bool_)
    space = out == 0x20
    # Continuation bytes of a space count as space, so "the byte before" is always the character before.
    spacey = space | tail
    drop = tail.copy()
    if len(data) > 1:
        drop[1:] |= space[1:] & spacey[:-1]
        starts = offsets[:-1][offsets[:-1] < len(data)]
        drop[starts] = tail[starts]  # the first character of a text is never merged into the previous text
    dropped = np.flatnonzero(drop)  # few: extra spaces and multi-byte spaces' tails
    if dropped.size:
        out = np.delete(out, dropped)
        new_offsets = offsets - np.searchsorted(dropped, offsets)
    else:
        new_offsets = offsets
    return pa.LargeStringArray.from_buffers(  # type: ignore[no-any-return]
        len(offsets) - 1, pa.py_buffer(new_offsets.astype(np.int64)), pa.py_buffer(out)
    )


def normalise_text(text: str) -> str:
    """The same normalisation for one Python string (used for reports and tests)."""
    if text.isascii():  # the same result without Arrow's per-call overhead
        return _PY_SPACES.sub(" ", text.lower())
    return str(normalise_array(pa.array([text], pa.string()))[0].as_py())


def buffers(array: pa.LargeStringArray) -> tuple[U8, I64]:
    """Zero-copy views: the UTF-8 bytes of all values and their int64 offsets (rebased to 0)."""
    raw_offsets = np.frombuffer(array.buffers()[1], dtype=np.int64)[
        array.offset : array.offset + len(array) + 1
    ]
    data_buffer = array.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    start = int(raw_offsets[0]) if len(raw_offsets) else 0
    end = int(raw_offsets[-1]) if len(raw_offsets) else 0
    return data[start:end], raw_offsets - start


HASH_CHUNK = 1 << 20  # bytes hashed per numpy pass: temporaries of a few tens of MB


@lru_cache(maxsize=4)
def _powers(length: int) -> tuple[U64, U64]:
    inverse = pow(BASE, -1, 1 << 64)
    forward = np.full(length, BASE, dtype=np.uint64)
    forward[0] = 1
    backward = np.full(length, inverse, dtype=np.uint64)
    backward[0] = 1
    return np.cumprod(forward, dtype=np.uint64), np.cumprod(backward, dtype=np.uint64)


def _chunk_hashes(data: U8, k: int) -> U64:
    n = len(data)
    size = 1 << max(16, (max(n, HASH_CHUNK + k) - 1).bit_length())  # one cached size in practice
    forward, backward = _powers(size)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.multiply(data, backward[:n], out=prefix[1:], dtype=np.uint64)
    np.cumsum(prefix[1:], out=prefix[1:])
    hashes: U64 = np.subtract(prefix[k:], prefix[:-k])
    np.multiply(hashes, forward[k - 1 : n], out=hashes)
    return hashes


def iter_window_hashes(data: U8, k: int) -> Iterator[tuple[int, U64]]:
    """(first position, hashes of the k-byte windows starting there), a chunk at a time."""
    windows = len(data) - k + 1
    for start in range(0, max(0, windows), HASH_CHUNK):
        stop = min(windows, start + HASH_CHUNK)
        yield start, _chunk_hashes(data[start : stop + k - 1], k)


def window_hashes(data: U8, k: int) -> U64:
    """Hash of every k-byte window of `data` (len(data) - k + 1 values; empty when shorter)."""
    parts = [hashes for _, hashes in iter_window_hashes(data, k)]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)


def strided_window_hashes(data: U8, k: int, stride: int) -> tuple[I64, U64]:
    """Positions 0, stride, 2·stride… whose window fits, and their hashes (memory: len/stride)."""
    positions: list[I64] = []
    hashes: list[U64] = []
    for start, chunk in iter_window_hashes(data, k):
        first = -start % stride
        picked = np.arange(first, len(chunk), stride, dtype=np.int64)
        positions.append(picked + start)
        hashes.append(chunk[picked])
    if not positions:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return np.concatenate(positions), np.concatenate(hashes)


def python_hash(data: bytes) -> int:
    """The same hash computed slowly, for tests."""
    value = 0
    for byte in data:
        value = (value * BASE + byte) & _MASK
    return value


@dataclass(frozen=True, slots=True)
class ShingleIndex:
    """Window hashes and their positions, sorted by hash.

    Lookup is exact: a bitmap over the hashes' top bits (16 or more bits per entry, so
    about 1 query in 16 passes; a few MB, so it mostly stays in cache) screens the
    queries; a bucket table over the top bits then gives the range of entries to
    compare in full. The screen is most of the scan's time: a byte table instead ran
    at 17.7 ns per query against 13.7–15 ns for this bitmap, and let twice as many through.
    """

    hashes: U64
    positions: I64
    bits: int
    starts: npt.NDArray[np.int64]
    screen_bits: int
    screen: U8

    @classmethod
    def build(cls, hashes: U64, positions: I64) -> ShingleIndex:
        order = np.argsort(hashes)
        sorted_hashes = hashes[order]
        sorted_positions = positions[order]
        del order  # temporaries go as soon as they are used: this is the scan's memory peak
        bits = max(8, len(hashes).bit_length())  # about one entry per bucket or fewer
        top = (sorted_hashes >> np.uint64(64 - bits)).astype(np.int64)
        counts = np.bincount(top, minlength=1 << bits)
        starts = np.zeros((1 << bits) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        del top, counts
        screen_bits = bits + 4
        screen = np.zeros(1 << (screen_bits - 3), dtype=np.uint8)
        # The top bits are sorted with the hashes: OR each byte's bits together without a bool array.
        slot = (sorted_hashes >> np.uint64(64 - screen_bits)).view(np.int64)
        if len(slot):
            byte = slot >> 3
            first = np.flatnonzero(np.diff(byte, prepend=-1))
            screen[byte[first]] = np.bitwise_or.reduceat(np.left_shift(1, slot & 7).astype(np.uint8), first)
        del slot
        return cls(sorted_hashes, sorted_positions, bits, starts, screen_bits, screen)

    @property
    def nbytes(self) -> int:
        return int(self.hashes.nbytes + self.positions.nbytes + self.starts.nbytes + self.screen.nbytes)

    def lookup(self, query: U64) -> tuple[I64, I64]:
        """Pairs (query index, entry index) whose hashes are equal."""
        top = np.right_shift(query, np.uint64(64 - self.screen_bits))
        byte = self.screen[(top >> np.uint64(3)).view(np.int64)]
        passed = np.flatnonzero(byte & (np.uint8(1) << (top & np.uint64(7)).astype(np.uint8)))
        wanted = query[passed]
        bucket = (wanted >> np.uint64(64 - self.bits)).view(np.int64)
        low = self.starts[bucket]
        high = self.starts[bucket + 1]
        live = np.flatnonzero(high > low)
        low, high, wanted, live = low[live], high[live], wanted[live], passed[live]
        found_query: list[I64] = []
        found_entry: list[I64] = []
        while live.size:
            equal = self.hashes[low] == wanted
            found_query.append(live[equal])
            found_entry.append(low[equal])
            low = low + 1
            more = low < high
            live, low, high, wanted = live[more], low[more], high[more], wanted[more]
        if not found_query:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(found_query).astype(np.int64), np.concatenate(found_entry).astype(np.int64)


class NormalisedMap:
    """Maps offsets in a text's normalised form back to the original text."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.normalised = normalise_text(original)
        starts: list[int] = []  # original index of each normalised character
        position = 0
        for run in _PY_SPACES.finditer(original):
            starts.extend(range(position, run.start()))
            starts.append(run.start())
            position = run.end()
        starts.extend(range(position, len(original)))
        if len(starts) != len(
            self.normalised
        ):  # lower() changed the length: fall back to proportional offsets
            ratio = len(original) / max(1, len(self.normalised))
            starts = [min(len(original), int(i * ratio)) for i in range(len(self.normalised))]
        self._starts = starts
        self._encoded = self.normalised.encode("utf-8")

    def char_of_byte(self, byte_offset: int) -> int:
        """Normalised character index of a byte offset (at a character boundary)."""
        return len(self._encoded[:byte_offset].decode("utf-8", errors="ignore"))

    def original_span(self, start_char: int, end_char: int) -> tuple[int, int]:
        """Original [start, end) covering normalised characters [start_char, end_char)."""
        if end_char <= start_char:
            return 0, 0
        start = self._starts[start_char]
        last = self._starts[end_char - 1]
        end = last + 1
        # A normalised space stands for a whole run: stop the span before the run's tail.
        return start, min(end, len(self.original))
