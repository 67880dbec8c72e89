"""`gate --canaries N`: canaries go only to customers whose records were admitted, the counts still
reconcile, the secrets stay in their owner-only manifest, and `audit canaries` reads that manifest."""

from __future__ import annotations

import json
import random
import shlex
import stat
import sys
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from datarights.audit.canaries import load_manifest
from datarights.audit.gate_canaries import CanaryPlanter
from datarights.cli.main import main
from datarights.enforce.runners.local import GateRun, run_gate
from datarights.errors import ConfigError
from datarights.policy.build import PolicySpec, RuleSpec, build_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.io import write_policy
from datarights.policy.model import Permission, Policy, Purpose

P = Purpose.PRIVATE_TRAINING


def _policy(customer: str, permission: Permission) -> Policy:
    return confirm_policy(build_policy(PolicySpec(customer, {P: RuleSpec(permission)})), "test")


def _inputs(tmp_path: Path, suffix: str) -> tuple[Path, Path]:
    folder = tmp_path / "policies"
    folder.mkdir()
    write_policy(_policy("acme", Permission.ALLOWED), folder / "acme.yaml")
    write_policy(_policy("globex", Permission.FORBIDDEN), folder / "globex.yaml")
    rows = [
        {
            "id": f"r{i}",
            "customer_id": ("acme", "globex")[i % 2],
            "subject_id": "s",
            "created_at": "2024-05-01T10:00:00Z",
            "text": f"record {i}",
        }
        for i in range(20)
    ]
    source = tmp_path / f"in.{suffix}"
    if suffix == "parquet":
        import pyarrow as pa

        pq.write_table(pa.Table.from_pylist(rows), source)
    else:
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return source, folder


@pytest.mark.parametrize("suffix", ["jsonl", "parquet"])
def test_canaries_only_for_admitted_customers_and_counts_reconcile(tmp_path: Path, suffix: str) -> None:
    source, folder = _inputs(tmp_path, suffix)
    secrets = tmp_path / "secret" / "canaries.json"
    run = GateRun(
        input=source,
        output=tmp_path / f"out.{suffix}",
        log=tmp_path / "log.jsonl",
        manifest=tmp_path / "manifest.json",
        policies=folder,
        purpose=P,
        as_of=date(2024, 6, 1),
        planters=(CanaryPlanter(3, secrets, random.Random(5)),),
    )
    result = run_gate(run)
    planted = result.manifest["extensions"]["canaries"]
    assert planted["customers"] == ["acme"] and planted["records"] == 3
    assert result.manifest["reconciliation"]["input_records"] == 20
    assert result.manifest["reconciliation"]["admitted"] == 10

    manifest = load_manifest(secrets)
    assert {c.customer for c in manifest.canaries} == {"acme"}
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    if suffix == "parquet":
        texts = [str(t) for t in pq.read_table(run.output).column("text").to_pylist()]
    else:
        texts = [json.loads(line)["text"] for line in run.output.read_text().splitlines()]
    assert len(texts) == 13
    for canary in manifest.canaries:
        assert canary.text in texts
        # The secrets never reach the decision log or the run manifest.
        assert canary.text not in run.log.read_text()
        assert canary.text not in run.manifest.read_text()


def test_no_canary_when_nothing_was_admitted(tmp_path: Path) -> None:
    source, folder = _inputs(tmp_path, "jsonl")
    (folder / "acme.yaml").unlink()
    write_policy(_policy("acme", Permission.FORBIDDEN), folder / "acme.yaml")
    run = GateRun(
        input=source,
        output=tmp_path / "out.jsonl",
        log=tmp_path / "log.jsonl",
        manifest=tmp_path / "manifest.json",
        policies=folder,
        purpose=P,
        as_of=date(2024, 6, 1),
        planters=(CanaryPlanter(3, tmp_path / "c.json"),),
    )
    result = run_gate(run)
    assert result.manifest["extensions"]["canaries"]["records"] == 0
    assert run.output.read_text() == ""


def test_gate_cli_plants_and_audit_reads_the_secret_manifest(tmp_path: Path) -> None:
    source, folder = _inputs(tmp_path, "jsonl")
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["gate", str(source), "--policies", str(folder), "--purpose", P.value, "--as-of", "2024-06-01",
         "-o", str(tmp_path / "out.jsonl"), "--log", str(tmp_path / "log.jsonl"),
         "--manifest", str(tmp_path / "m.json"), "--runs", str(tmp_path / "runs"), "--canaries", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    secrets = tmp_path / "m.canaries.json"
    assert "2 canaries planted" in result.stdout and str(secrets) in result.stdout
    assert len(load_manifest(secrets).canaries) == 2
    # A scorer that knows nothing ranks every candidate alike: no memorisation is reported.
    audited = runner.invoke(
        main,
        ["audit", "canaries", "--manifest", str(secrets), "--scorer",
         f"{shlex.quote(sys.executable)} -c 'import sys; [print(0.0) for _ in sys.stdin]'", "--samples", "31", "--format", "json"],
    )  # fmt: skip
    assert audited.exit_code == 0, audited.output
    report = json.loads(audited.stdout)
    assert set(report["canaries"]["customers"]) == {"acme"}


def test_canaries_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--canaries"):
        CanaryPlanter(0, tmp_path / "c.json")
