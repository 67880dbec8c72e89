"""`gate --engine ray` gives the local engine's output, decision log and manifest counts, byte for
byte, on a local Ray cluster the suite's `ray_cluster` fixture starts (`ray.init(num_cpus=2,
include_dashboard=False)`) and shuts down after the module. Skips when Ray is not installed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from datarights.enforce.lineage import read_events, recorded_gate
from datarights.enforce.runners.local import GateRun, run_gate
from datarights.enforce.runs import LINEAGE_FILE, Engine
from datarights.enforce.synthetic import SyntheticSpec, synthetic_batch
from datarights.policy.model import Purpose
from tests.lineage.conftest import CUSTOMERS, write_records

pytestmark = pytest.mark.slow


def _gate(folder: Path, source: Path, policies: Path, purpose: Purpose, engine: str) -> dict[str, Any]:
    suffix = source.suffix
    run = GateRun(
        source,
        folder / f"out-{engine}{suffix}",
        folder / f"log-{engine}.jsonl",
        folder / f"manifest-{engine}.json",
        policies,
        purpose,
        date(2026, 3, 1),
        batch_rows=97,  # several batches, so order across actors matters
        measure_deid=False,
        engine=engine,
    )
    return run_gate(run).manifest


def _same(folder: Path, local: dict[str, Any], ray: dict[str, Any], suffix: str) -> None:
    assert (folder / f"out-local{suffix}").read_bytes() == (folder / f"out-ray{suffix}").read_bytes()
    assert (folder / "log-local.jsonl").read_bytes() == (folder / "log-ray.jsonl").read_bytes()
    assert local["counts"] == ray["counts"]
    assert local["reconciliation"] == ray["reconciliation"]
    assert local["run"]["id"] == ray["run"]["id"] and ray["run"]["engine"] == "ray"
    assert local["output"]["sha256"] == ray["output"]["sha256"]


def test_jsonl_with_bad_lines_and_deidentification(
    ray_cluster: Any, tmp_path: Path, policy_dir: Path
) -> None:
    source = write_records(tmp_path / "in.jsonl", 700, malformed=5)
    with source.open("a") as handle:
        handle.write("\n   \n[1, 2]\n")  # blank lines are not records; a JSON array is malformed
    local = _gate(tmp_path, source, policy_dir, Purpose.ANALYTICS, "local")
    ray = _gate(tmp_path, source, policy_dir, Purpose.ANALYTICS, "ray")
    _same(tmp_path, local, ray, ".jsonl")
    assert local["counts"]["by_decision"]["admit_deidentified"] > 0
    assert local["counts"]["by_reason"]["malformed_record"] == 6


def test_parquet_and_csv(ray_cluster: Any, tmp_path: Path, policy_dir: Path) -> None:
    table = synthetic_batch(SyntheticSpec(900, CUSTOMERS, seed=3))
    for suffix in (".parquet", ".csv"):
        folder = tmp_path / suffix.lstrip(".")
        folder.mkdir()
        source = folder / f"in{suffix}"
        if suffix == ".parquet":
            pq.write_table(table, source, row_group_size=250)
        else:
            pacsv.write_csv(table, source)
        local = _gate(folder, source, policy_dir, Purpose.FOUNDATIONAL_TRAINING, "local")
        ray = _gate(folder, source, policy_dir, Purpose.FOUNDATIONAL_TRAINING, "ray")
        _same(folder, local, ray, suffix)
        assert local["counts"]["by_decision"]["admit"] > 0


def test_a_recorded_ray_run_says_so(ray_cluster: Any, tmp_path: Path, policy_dir: Path) -> None:
    source = write_records(tmp_path / "in.jsonl", 150)
    run = GateRun(
        source,
        tmp_path / "out.jsonl",
        tmp_path / "log.jsonl",
        tmp_path / "m.json",
        policy_dir,
        Purpose.FOUNDATIONAL_TRAINING,
        date(2026, 3, 1),
        engine="ray",
    )
    _, record = recorded_gate(run, tmp_path / "runs", label="on ray")
    assert record.engine is Engine.RAY
    events = read_events(tmp_path / "runs" / record.run_id / LINEAGE_FILE)
    assert "ray engine" in events[-1]["run"]["facets"]["processing_engine"]["name"]
    assert json.loads((tmp_path / "m.json").read_text())["run"]["engine"] == "ray"
