"""The Ray runner's work items stand for exactly the batches the local reader reads, so both
engines call `process` on identical batches (no Ray needed for these)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datarights.enforce.readers import read_batches, record_format
from datarights.enforce.runners.ray import jsonl_ranges, parquet_ranges, read_item

LINES = st.one_of(
    st.builds(lambda i, t: json.dumps({"id": i, "text": t}), st.integers(0, 99), st.text(max_size=12)),
    st.sampled_from(["", "   ", "\t", "\r", "not json", "[1, 2]", " " * 20, '{"id": 1}  ', "{"]),
)


def _same(a: list, b: list) -> None:  # type: ignore[type-arg]
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.batch.equals(y.batch)
        assert np.array_equal(x.ordinals, y.ordinals)
        assert x.raw == y.raw
        assert x.malformed == y.malformed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINES, max_size=40), rows=st.integers(1, 7), trailing=st.booleans())
def test_jsonl_ranges_match_the_local_batches(
    tmp_path: Path, lines: list[str], rows: int, trailing: bool
) -> None:
    path = tmp_path / "in.jsonl"
    text = "\n".join(lines) + ("\n" if trailing and lines else "")
    path.write_bytes(text.encode("utf-8"))
    items = jsonl_ranges(path, rows)
    assert [i.seq for i in items] == list(range(len(items)))
    _same(
        list(read_batches(path, rows)),
        [b for i in items for b in read_item(path, record_format(path), i, rows)],
    )


def test_ranges_cross_scan_blocks(tmp_path: Path, monkeypatch: object) -> None:
    import datarights.enforce.runners.ray as runner

    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "pad": "x" * (i % 13)}) + ("\n\n" if i % 7 == 0 else "\n")
            for i in range(500)
        )
    )
    monkeypatch.setattr(runner, "_SCAN_BYTES", 97)  # type: ignore[attr-defined]
    items = jsonl_ranges(path, 33)
    _same(
        list(read_batches(path, 33)), [b for i in items for b in read_item(path, record_format(path), i, 33)]
    )


def test_parquet_ranges_match_the_local_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.parquet"
    table = pa.table({"id": list(range(1000)), "text": [f"t{i}" for i in range(1000)]})
    pq.write_table(table, path, row_group_size=130)
    items = parquet_ranges(path, 256)
    got = [b for i in items for b in read_item(path, record_format(path), i, 256)]
    local = list(read_batches(path, 256))
    assert pa.Table.from_batches([g.batch for g in got]).equals(
        pa.Table.from_batches([b.batch for b in local])
    )
    assert np.array_equal(
        np.concatenate([g.ordinals for g in got]), np.concatenate([b.ordinals for b in local])
    )


def test_parquet_items_hold_the_local_batches_exactly(tmp_path: Path) -> None:
    """The writer makes one row group per batch, so identical output needs identical batches."""
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": list(range(1000))}), path, row_group_size=250)
    items = parquet_ranges(path, 97)
    got = [b for i in items for b in read_item(path, record_format(path), i, 97)]
    local = list(read_batches(path, 97))
    assert [b.batch.num_rows for b in got] == [b.batch.num_rows for b in local]
    _same(local, got)
