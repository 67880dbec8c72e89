"""Rolling hashes, the bucketed index, and normalisation with its offset map."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.audit.shingles import (
    _PY_SPACES,
    NormalisedMap,
    ShingleIndex,
    buffers,
    normalise_array,
    normalise_text,
    python_hash,
    strided_window_hashes,
    window_hashes,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "Cc"]), max_size=200)


@settings(deadline=None)  # the first call builds the cached powers
@given(data=st.binary(max_size=300), k=st.integers(1, 40))
def test_vectorised_hash_equals_the_definition(data: bytes, k: int) -> None:
    hashes = window_hashes(np.frombuffer(data, dtype=np.uint8), k)
    assert len(hashes) == max(0, len(data) - k + 1)
    for i, value in enumerate(hashes.tolist()):
        assert value == python_hash(data[i : i + k])


@settings(deadline=None)
@given(
    entries=st.lists(st.integers(0, 2**64 - 1), max_size=200),
    queries=st.lists(st.integers(0, 2**64 - 1), max_size=50),
    pick=st.lists(st.integers(0, 199), max_size=20),
)
def test_index_lookup_finds_exactly_the_equal_hashes(
    entries: list[int], queries: list[int], pick: list[int]
) -> None:
    queries = queries + [entries[i % len(entries)] for i in pick] if entries else queries
    index = ShingleIndex.build(np.array(entries, dtype=np.uint64), np.arange(len(entries), dtype=np.int64))
    found_query, found_entry = index.lookup(np.array(queries, dtype=np.uint64))
    got = sorted(zip(found_query.tolist(), index.positions[found_entry].tolist(), strict=True))
    expected = sorted(
        (q, e) for q, value in enumerate(queries) for e, entry in enumerate(entries) if value == entry
    )
    assert got == expected


def test_index_handles_colliding_top_bits() -> None:
    # Same top bits, different low bits: the bucket holds several entries and each is compared in full.
    entries = np.array([(7 << 56) | i for i in range(50)], dtype=np.uint64)
    index = ShingleIndex.build(entries, np.arange(50, dtype=np.int64))
    query, entry = index.lookup(np.array([(7 << 56) | 33, (7 << 56) | 99], dtype=np.uint64))
    assert query.tolist() == [0]
    assert index.positions[entry].tolist() == [33]


def test_normalisation_folds_case_and_whitespace_runs() -> None:
    assert normalise_text("The  Quick\n\tBROWN\u00a0fox\x00") == "the quick brown fox "
    array = normalise_array(pa.array(["A  B", None, "ÄÖ"]))
    assert array.to_pylist() == ["a b", "", "äö"]
    data, offsets = buffers(array)
    assert offsets.tolist() == [0, 3, 3, 7]
    assert data.tobytes() == "a bäö".encode()


@settings(max_examples=200, deadline=None)  # Arrow calls: a loaded CI machine is slow
@given(text=TEXT, data=st.data())
def test_offsets_map_back_to_the_original(text: str, data: st.DataObject) -> None:
    mapping = NormalisedMap(text)
    n = len(mapping.normalised)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    first, last = mapping.original_span(start, end)
    if end > start:
        # The original span normalises to the normalised span (modulo a whitespace run cut at its ends).
        assert normalise_text(text[first:last]).strip() == mapping.normalised[start:end].strip()
    encoded = mapping.normalised.encode("utf-8")
    assert mapping.char_of_byte(len(encoded[: len(mapping.normalised[:start].encode("utf-8"))])) == start


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.one_of(st.none(), TEXT), max_size=8))
def test_byte_level_collapse_equals_the_regex_definition(texts: list[str | None]) -> None:
    got = normalise_array(pa.array(texts, pa.string())).to_pylist()
    # The definition: Arrow's lower case (Python's differs on a few letters such as 'İ'), then the regex.
    arrow_lower = [str(v) for v in pc.utf8_lower(pa.array([t or "" for t in texts], pa.string())).to_pylist()]
    assert got == [_PY_SPACES.sub(" ", lowered) for lowered in arrow_lower]
    assert [g for g, t in zip(got, texts, strict=True) if t is None] == ["" for t in texts if t is None]


def test_strided_hashes_pick_every_stride_th_window() -> None:
    data = np.frombuffer(bytes(range(256)) * 40, dtype=np.uint8)
    positions, hashes = strided_window_hashes(data, 9, 7)
    full = window_hashes(data, 9)
    assert positions.tolist() == list(range(0, len(full), 7))
    assert hashes.tolist() == full[positions].tolist()
