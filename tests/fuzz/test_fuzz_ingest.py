"""Hypothesis drives the mutation harness over every format: only `DatarightsError`s may
escape ingest (and review), each input stays within a time-per-MB bound, and Python-level
memory stays bounded. Kept to a few seconds per format here; `benchmarks/fuzz.py` runs the
same harness for as long as one likes."""

from __future__ import annotations

import struct
import tracemalloc
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.errors import CorruptDocument
from datarights.ingest import load
from tests.conftest import CORPUS, EXAMPLES
from tests.fuzz.harness import (
    _FIELD_VALUES,
    FORMATS,
    Kind,
    Op,
    Seed,
    all_seeds,
    apply,
    check,
    mutate,
    seconds_allowed,
)

# Python allocations an input of n bytes may cause: generous, but catches a blow-up.
_MEMORY_BASE = 64 * 1024 * 1024
_MEMORY_PER_BYTE = 60


@cache
def _seeds() -> tuple[Seed, ...]:
    return tuple(all_seeds(CORPUS, EXAMPLES))


def _ops(fmt: str) -> st.SearchStrategy[list[Op]]:
    kinds = st.sampled_from(list(Kind))
    if fmt == "docx":
        kinds = st.one_of(kinds, st.sampled_from([Kind.ZIP_FIELD, Kind.ZIP_PART]))
    op = st.builds(Op, kinds, st.integers(0, 2**32 - 1), st.integers(0, 2**24 - 1), st.integers(0, 2**16 - 1))
    return st.lists(op, min_size=1, max_size=6)


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_project_errors_escape_and_cost_is_bounded(fmt: str) -> None:
    seeds = [seed for seed in _seeds() if seed.fmt == fmt]
    assert seeds, f"no {fmt} seed (the project's own fixtures provide one of each)"

    @settings(
        max_examples=120,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(seed=st.sampled_from(seeds), ops=_ops(fmt), review=st.booleans())
    def run(seed: Seed, ops: list[Op], review: bool) -> None:
        data = mutate(seed, ops, _seeds())
        tracemalloc.start()
        try:
            outcome = check(fmt, data, review=review and len(data) < 200_000)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        if outcome.escaped is not None:
            raise AssertionError(f"{type(outcome.escaped).__name__} escaped ingest") from outcome.escaped
        assert outcome.seconds <= seconds_allowed(outcome.size) * 3  # tracemalloc slows Python ~2x
        assert peak <= _MEMORY_BASE + _MEMORY_PER_BYTE * len(data)

    run()


@pytest.mark.parametrize("version", [99, 0xFFFF])
def test_unsupported_zip_version_is_a_corrupt_document(tmp_path: Path, version: int) -> None:
    # The central directory's "version needed to extract" above 6.3 made zipfile raise
    # NotImplementedError straight out of open_zip.
    docx = (EXAMPLES / "ai-services-agreement.docx").read_bytes()
    path = tmp_path / "odd.docx"
    path.write_bytes(apply(docx, Op(Kind.ZIP_FIELD, 0, _FIELD_VALUES.index(version), 2), []))
    with pytest.raises(CorruptDocument, match=r"odd\.docx: .*cannot be read"):
        load(path)


def _set_every(data: bytes, marker: bytes, offset: int, value: int) -> bytes:
    out = bytearray(data)
    at = data.find(marker)
    while at != -1:
        struct.pack_into("<H", out, at + offset, value)
        at = data.find(marker, at + 4)
    return bytes(out)


@pytest.mark.parametrize("method", [1, 12, 14, 99])  # shrink, bzip2 (unsupported in OOXML), lzma, junk
@pytest.mark.parametrize("flag", [0, 0x20])  # bit 5: "compressed patched data", NotImplementedError
def test_unsupported_compression_is_a_corrupt_document(tmp_path: Path, method: int, flag: int) -> None:
    docx = (EXAMPLES / "ai-services-agreement.docx").read_bytes()
    mutated = _set_every(_set_every(docx, b"PK\x03\x04", 8, method), b"PK\x01\x02", 10, method)
    mutated = _set_every(_set_every(mutated, b"PK\x03\x04", 6, flag), b"PK\x01\x02", 8, flag)
    path = tmp_path / "method.docx"
    path.write_bytes(mutated)
    with pytest.raises(CorruptDocument, match=r"method\.docx: "):
        load(path)
