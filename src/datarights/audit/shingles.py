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
_RE2_SPACES = "[" + "".join(f"\\x{{{code:x}}}" for code in _SPACE_CHARS) + "]+"
_PY_SPACES = re.compile("[" + "".join(re.escape(chr(code)) for code in _SPACE_CHARS) + "]+")
NORMALISATION = "lowercase; runs of whitespace/control characters → one space; compared as UTF-8 bytes"

BASE = 0x9E3779B97F4A7C15 | 1  # odd, so invertible mod 2^64
_MASK = (1 << 64) - 1


def normalise_array(texts: pa.Array) -> pa.LargeStringArray:
    """Normalise a string array in Arrow (nulls become empty strings)."""
    filled = pc.fill_null(texts, "")
    lowered = pc.utf8_lower(filled)
    collapsed = pc.replace_substring_regex(lowered, _RE2_SPACES, " ")
    result = collapsed.cast(pa.large_string())
    if isinstance(result, pa.ChunkedArray):
        result = pa.concat_arrays(result.chunks) if result.num_chunks else pa.array([], pa.large_string())
    assert isinstance(result, pa.LargeStringArray)
    return result


def normalise_text(text: str) -> str:
    """The same normalisation for one Python string (used for reports and tests)."""
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


@lru_cache(maxsize=4)
def _powers(length: int) -> tuple[U64, U64]:
    inverse = pow(BASE, -1, 1 << 64)
    forward = np.full(length, BASE, dtype=np.uint64)
    forward[0] = 1
    backward = np.full(length, inverse, dtype=np.uint64)
    backward[0] = 1
    return np.cumprod(forward, dtype=np.uint64), np.cumprod(backward, dtype=np.uint64)


def window_hashes(data: U8, k: int) -> U64:
    """Hash of every k-byte window of `data` (len(data) - k + 1 values; empty when shorter)."""
    n = len(data)
    if n < k:
        return np.zeros(0, dtype=np.uint64)
    size = 1 << max(16, (n - 1).bit_length())  # powers cached per power-of-two size
    forward, backward = _powers(size)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.cumsum(data.astype(np.uint64) * backward[:n], out=prefix[1:])
    hashes: U64 = (prefix[k:] - prefix[:-k]) * forward[k - 1 : n]
    return hashes


def python_hash(data: bytes) -> int:
    """The same hash computed slowly, for tests."""
    value = 0
    for byte in data:
        value = (value * BASE + byte) & _MASK
    return value


@dataclass(frozen=True, slots=True)
class ShingleIndex:
    """Window hashes and their positions, sorted by hash, bucketed by the hash's top bits.

    Lookup is exact: a bucket table gives the range of entries sharing the top bits,
    and entries are compared in full.
    """

    hashes: U64
    positions: I64
    bits: int
    starts: npt.NDArray[np.int64]

    @classmethod
    def build(cls, hashes: U64, positions: I64) -> ShingleIndex:
        order = np.argsort(hashes, kind="stable")
        sorted_hashes = hashes[order]
        bits = max(8, len(hashes).bit_length())  # about one entry per bucket or fewer
        top = (sorted_hashes >> np.uint64(64 - bits)).astype(np.int64)
        counts = np.bincount(top, minlength=1 << bits)
        starts = np.zeros((1 << bits) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return cls(sorted_hashes, positions[order], bits, starts)

    @property
    def nbytes(self) -> int:
        return int(self.hashes.nbytes + self.positions.nbytes + self.starts.nbytes)

    def lookup(self, query: U64) -> tuple[I64, I64]:
        """Pairs (query index, entry index) whose hashes are equal."""
        bucket = (query >> np.uint64(64 - self.bits)).astype(np.int64)
        low = self.starts[bucket]
        high = self.starts[bucket + 1]
        live = np.flatnonzero(high > low)
        low, high, wanted = low[live], high[live], query[live]
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
