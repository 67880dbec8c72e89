"""Gate runs recorded end to end: events, run records, the register's index, failures."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from datarights.enforce.lineage import FACET_NAME, read_events, recorded_gate
from datarights.enforce.model import Decision, Reason
from datarights.enforce.runners.local import GateRun
from datarights.enforce.runs import LINEAGE_FILE, MANIFEST_FILE, RunRecord, RunStatus, read_run, scan_runs
from datarights.errors import ConfigError
from datarights.policy.model import Purpose
from datarights.store import Register
from datarights.store.runs import index_runs, runs_for_customer
from tests.lineage.conftest import write_records
from tests.lineage.test_lineage import rebuild


def test_every_recorded_run_has_valid_events_and_reconciled_counts(
    recorded_runs: tuple[Path, list[RunRecord]],
) -> None:
    runs, recorded = recorded_runs
    assert [r.run_id for r in scan_runs(runs).runs] == [r.run_id for r in recorded]
    for run in recorded:
        folder = runs / run.run_id
        events = read_events(folder / LINEAGE_FILE)
        assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
        for event in events:
            rebuild(event)
        manifest = json.loads((folder / MANIFEST_FILE).read_text())
        assert run.gate_run_id == manifest["run"]["id"]
        # The facet, the run record and the manifest agree, record for record.
        facet = events[1]["run"]["facets"][FACET_NAME]
        assert sum(c["records"] for c in facet["counts"]) == manifest["reconciliation"]["input_records"]
        assert run.total() == manifest["reconciliation"]["input_records"]
        assert run.total(decision=Decision.REJECT) == manifest["reconciliation"]["rejected"]
        assert run.output is not None and run.output.records == manifest["reconciliation"]["output_records"]
        assert run.output.sha256 == manifest["output"]["sha256"]
        assert read_run(folder / "run.json") == run


def test_the_runs_show_each_customers_fate(recorded_runs: tuple[Path, list[RunRecord]]) -> None:
    _, recorded = recorded_runs
    training, analytics = recorded[0], recorded[3]
    assert training.total("acme", Decision.ADMIT) == 0
    assert training.total("acme") == training.total("acme", Decision.REJECT) > 0
    assert {c.reason for c in training.counts if c.customer == "acme"} == {Reason.PURPOSE_FORBIDDEN}
    assert {c.reason for c in training.counts if c.customer == "globex"} == {Reason.POLICY_UNCONFIRMED}
    assert {c.reason for c in training.counts if c.customer == "stranger"} == {Reason.UNKNOWN_CUSTOMER}
    assert training.total("initech", Decision.ADMIT) == training.total("initech") > 0
    assert training.total("", Decision.REJECT) == 2  # the malformed lines
    # Analytics is conditional on de-identification: nothing of acme's goes in as it came.
    assert analytics.total("acme", Decision.ADMIT_DEIDENTIFIED) > 0
    assert analytics.total("acme", Decision.ADMIT) == 0
    assert analytics.leak_rate is not None and analytics.residual_risk and "PERSON" in analytics.not_detected
    unmeasured = recorded[7]  # de-identified without measuring quality: the kinds it misses still named
    assert unmeasured.leak_rate is None and "PERSON" in unmeasured.not_detected
    acme = training.policy("acme")
    assert acme is not None and any(c.clause.startswith("7.2") for c in acme.clauses)


def test_a_failing_gate_records_fail_and_raises(tmp_path: Path, policy_dir: Path) -> None:
    gate = GateRun(
        tmp_path / "missing.jsonl",
        tmp_path / "out.jsonl",
        tmp_path / "log.jsonl",
        tmp_path / "m.json",
        policy_dir,
        Purpose.FOUNDATIONAL_TRAINING,
        date(2026, 3, 1),
    )
    with pytest.raises(ConfigError, match="no such input file"):
        recorded_gate(gate, tmp_path / "runs", label="broken")
    (run,) = scan_runs(tmp_path / "runs").runs
    assert run.status is RunStatus.FAILED and "no such input file" in run.error
    events = read_events(tmp_path / "runs" / run.run_id / LINEAGE_FILE)
    assert [e["eventType"] for e in events] == ["START", "FAIL"]


def test_the_register_indexes_runs_and_counts(
    db_url: str, recorded_runs: tuple[Path, list[RunRecord]]
) -> None:
    runs, recorded = recorded_runs
    with Register(db_url) as register:
        assert index_runs(register.engine, runs).indexed == 10
        assert index_runs(register.engine, runs).indexed == 10  # indexing again replaces, never duplicates
        acme = runs_for_customer(register.engine, "acme")
        assert [r.run_id for r in acme] == [r.run_id for r in recorded]
        for row, run in zip(acme, recorded, strict=True):
            assert row.records == run.total("acme")
            assert row.admitted == run.total("acme", Decision.ADMIT)
            assert row.deidentified == run.total("acme", Decision.ADMIT_DEIDENTIFIED)
            assert row.rejected == run.total("acme", Decision.REJECT)
        assert runs_for_customer(register.engine, "nobody") == []


def test_gate_cli_records_the_run(tmp_path: Path, policy_dir: Path) -> None:
    from click.testing import CliRunner

    from datarights.cli.main import main

    source = write_records(tmp_path / "in.jsonl", 120)
    runs = tmp_path / "runs"
    args = ["gate", str(source), "--policies", str(policy_dir), "--purpose", "foundational_training"]
    args += ["--as-of", "2026-03-01", "-o", str(tmp_path / "out.jsonl"), "--log", str(tmp_path / "log.jsonl")]
    args += ["--manifest", str(tmp_path / "m.json"), "--runs", str(runs), "--run-label", "weekly"]
    result = CliRunner().invoke(main, [*args, "--model", "base-7b"])
    assert result.exit_code == 0, result.output
    (run,) = scan_runs(runs).runs
    assert (run.label, run.model, run.status) == ("weekly", "base-7b", RunStatus.COMPLETED)
    assert str(runs / run.run_id) in result.output
    assert run.total() == json.loads((tmp_path / "m.json").read_text())["reconciliation"]["input_records"]
