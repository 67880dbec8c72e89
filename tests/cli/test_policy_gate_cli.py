"""End to end from real contracts: compile → confirm → export → gate, for Zoom's terms (training
forbidden since 2023-08-11) and the Common Paper cloud service agreement (training permitted on
aggregated, de-identified data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyld import jsonld

from datarights.cli.main import main
from datarights.enforce.synthetic import SyntheticSpec, synthetic_batch
from datarights.policy.odrl import ODRL_NS, local_document_loader
from tests.conftest import CORPUS, require_shared

ZOOM = CORPUS / "history" / "Zoom-Terms-of-Service" / "2023-08-11.md"
ZOOM_BEFORE = CORPUS / "history" / "Zoom-Terms-of-Service" / "2023-07-28.md"
COMMON_PAPER = CORPUS / "templates" / "common-paper-cloud-service-agreement.md"
ODRL = rdflib.Namespace(ODRL_NS)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def policies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared(ZOOM)
    require_shared(COMMON_PAPER)
    folder = tmp_path_factory.mktemp("policies")
    for customer, contract in (("zoom-customer", ZOOM), ("cp-customer", COMMON_PAPER)):
        target = folder / f"{customer}.yaml"
        out = _invoke("policy", "compile", str(contract), "--customer", customer, "-o", str(target))
        assert "terms to confirm" in out
        _invoke("policy", "confirm", str(target), "--by", "A. Counsel")
        assert "confirmed by A. Counsel" in _invoke("policy", "validate", str(target))
    return folder


def test_compiled_policies_read_the_contracts(policies: Path) -> None:
    zoom = _invoke("policy", "show", str(policies / "zoom-customer.yaml"))
    assert "purposes.foundational_training.permission: forbidden  [contract]" in zoom
    assert "Zoom does not use any of your audio" in zoom
    cp = _invoke("policy", "show", str(policies / "cp-customer.yaml"))
    assert "purposes.foundational_training.permission: conditional  [contract]" in cp
    assert "1.6 Machine Learning" in cp
    assert "purposes.foundational_training.conditions.aggregate_only: True  [contract]" in cp


def test_odrl_exports_parse(policies: Path, tmp_path: Path) -> None:
    for customer, kind in (("zoom-customer", ODRL.prohibition), ("cp-customer", ODRL.permission)):
        target = tmp_path / f"{customer}.jsonld"
        _invoke("policy", "export", str(policies / f"{customer}.yaml"), "--odrl", "-o", str(target))
        expanded = jsonld.expand(json.loads(target.read_text()), {"documentLoader": local_document_loader})
        graph = rdflib.Graph().parse(data=json.dumps(expanded), format="json-ld")
        training = rdflib.URIRef("https://w3id.org/datarights/odrl#foundationalTraining")
        rules = [r for r in graph.objects(None, kind) if any(graph.objects(r, ODRL.constraint))]
        assert any(
            graph.value(c, ODRL.rightOperand) == training
            for r in rules
            for c in graph.objects(r, ODRL.constraint)
        ), customer


def test_gate_generated_records_for_training(policies: Path, tmp_path: Path) -> None:
    table = synthetic_batch(
        SyntheticSpec(3000, ["zoom-customer", "cp-customer", "stranger"], pii_rate=0.3, seed=11)
    )
    source = tmp_path / "records.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in table.to_pylist()) + "\nnot json\n", encoding="utf-8")
    out, log, manifest = tmp_path / "admitted.jsonl", tmp_path / "decisions.jsonl", tmp_path / "manifest.json"
    printed = _invoke(
        "gate",
        str(source),
        "--policies",
        str(policies),
        "--purpose",
        "foundational_training",
        "--as-of",
        "2024-07-01",
        "-o",
        str(out),
        "--log",
        str(log),
        "--manifest",
        str(manifest),
    )
    assert "records:" in printed
    m = json.loads(manifest.read_text())
    r = m["reconciliation"]
    assert r["balanced"] and r["input_records"] == 3001 and r["log_lines"] == 3001
    zoom = m["counts"]["by_customer"]["zoom-customer"]
    assert set(zoom) == {"reject"} and set(zoom["reject"]) == {"purpose_forbidden"}
    cp = m["counts"]["by_customer"]["cp-customer"]
    assert "admit" not in cp and cp["admit_deidentified"]["none"] > 0
    assert set(cp.get("reject", {})) <= {"excluded_category"}
    assert m["counts"]["by_customer"]["stranger"] == {
        "reject": {"unknown_customer": sum(m["counts"]["by_customer"]["stranger"]["reject"].values())}
    }
    assert m["counts"]["by_reason"]["malformed_record"] == 1
    admitted = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(admitted) == r["admitted_deidentified"]
    assert all(row["customer_id"] is None and row["subject_id"] is None for row in admitted)  # aggregate-only
    assert not any("@example." in (row["text"] or "") for row in admitted)
    assert m["deidentification"]["quality"]["recall"] >= 0.98
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    zoom_lines = [line for line in lines if line["customer"] == "zoom-customer"]
    assert zoom_lines and all(line["clauses"] for line in zoom_lines)  # traceable to the clause


def test_zoom_before_august_2023_permitted_training(tmp_path: Path) -> None:
    require_shared(ZOOM_BEFORE)
    target = tmp_path / "zoom-july.yaml"
    _invoke("policy", "compile", str(ZOOM_BEFORE), "--customer", "zoom-customer", "-o", str(target))
    shown = _invoke("policy", "show", str(target))
    assert "purposes.foundational_training.permission: forbidden" not in shown


def test_an_unconfirmed_policy_gates_nothing_in(tmp_path: Path) -> None:
    require_shared(COMMON_PAPER)
    folder = tmp_path / "p"
    folder.mkdir()
    _invoke(
        "policy", "compile", str(COMMON_PAPER), "--customer", "cp-customer", "-o", str(folder / "cp.yaml")
    )
    table = synthetic_batch(SyntheticSpec(200, ["cp-customer"], seed=3))
    source = tmp_path / "in.parquet"
    import pyarrow.parquet as pq

    pq.write_table(table, source)
    _invoke(
        "gate",
        str(source),
        "--policies",
        str(folder),
        "--purpose",
        "private_training",
        "--as-of",
        "2024-07-01",
        "-o",
        str(tmp_path / "out.parquet"),
        "--log",
        str(tmp_path / "log.jsonl"),
        "--manifest",
        str(tmp_path / "m.json"),
    )
    m = json.loads((tmp_path / "m.json").read_text())
    assert m["counts"]["by_customer"]["cp-customer"] == {"reject": {"policy_unconfirmed": 200}}


def test_bad_policy_files_are_named_with_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: datarights.policy/1\ncustomer: x\n")
    result = CliRunner().invoke(main, ["policy", "validate", str(bad)])
    assert result.exit_code == 21
    assert "bad.yaml" in result.output and "contracts" in result.output
