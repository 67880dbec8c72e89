"""OpenLineage events of a recorded run: START then COMPLETE (or FAIL), valid for the client.

openlineage-python 1.x does not ship the OpenLineage JSON Schema (spec/OpenLineage.json) in its
wheel, so each event is checked against the client's own attrs classes instead: every line is
rebuilt from the generated classes (unknown keys fail, their validators run on eventTime,
producer, schema URLs and the run id) and must serialise back to exactly the line written. Our
run facet is checked against the JSON Schema we ship beside `enforce.lineage`.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    error_message_run,
    input_statistics_input_dataset,
    job_type_job,
    output_statistics_output_dataset,
    processing_engine_run,
    schema_dataset,
    tags_job,
    tags_run,
)
from openlineage.client.serde import Serde

from datarights.enforce.lineage import (
    FACET_NAME,
    FACET_SCHEMA_FILE,
    CountEntry,
    DatarightsContractPolicyRunFacet,
    PolicyEntry,
    RunRecorder,
    read_events,
)
from datarights.enforce.runs import LINEAGE_FILE, read_run
from datarights.policy.model import Policy, Purpose

FACETS: dict[str, Any] = {
    "processing_engine": processing_engine_run.ProcessingEngineRunFacet,
    "errorMessage": error_message_run.ErrorMessageRunFacet,
    "jobType": job_type_job.JobTypeJobFacet,
    "inputStatistics": input_statistics_input_dataset.InputStatisticsInputDatasetFacet,
    "outputStatistics": output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet,
}


def _facet(name: str, raw: dict[str, Any]) -> Any:
    data = dict(raw)
    producer = data.pop("_producer")
    schema_url = data.pop("_schemaURL")
    if name == "schema":
        fields = [schema_dataset.SchemaDatasetFacetFields(**f) for f in data.pop("fields")]
        facet: Any = schema_dataset.SchemaDatasetFacet(fields=fields, producer=producer)
    elif name == "tags":  # the client tags runs and jobs with its own version
        kind = tags_run if "Run" in schema_url else tags_job
        fields_class = kind.TagsRunFacetFields if kind is tags_run else kind.TagsJobFacetFields
        facet_class = kind.TagsRunFacet if kind is tags_run else kind.TagsJobFacet
        facet = facet_class(tags=[fields_class(**t) for t in data.pop("tags")], producer=producer)
    elif name == FACET_NAME:
        jsonschema.validate(raw, json.loads(FACET_SCHEMA_FILE.read_text(encoding="utf-8")))
        facet = DatarightsContractPolicyRunFacet(
            producer=producer,
            purpose=data.pop("purpose"),
            asOf=data.pop("asOf"),
            runLabel=data.pop("runLabel"),
            model=data.pop("model"),
            policies=[PolicyEntry(**p) for p in data.pop("policies")],
            customers=data.pop("customers"),
            counts=[CountEntry(**c) for c in data.pop("counts", [])],
        )
        assert data == {}
    else:
        facet = FACETS[name](producer=producer, **data)
    assert facet._schemaURL == schema_url
    return facet


def _facets(raw: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _facet(name, value) for name, value in (raw or {}).items()}


def rebuild(line: dict[str, Any]) -> RunEvent:
    """`line` as the client's RunEvent; raises if a key or value is not what the classes accept."""
    data = dict(line)
    schema_url = data.pop("schemaURL")
    event = RunEvent(
        eventTime=data.pop("eventTime"),
        producer=data.pop("producer"),
        eventType=RunState(data.pop("eventType")),
        run=Run(runId=data["run"]["runId"], facets=_facets(data["run"].get("facets"))),
        job=Job(
            namespace=data["job"]["namespace"],
            name=data["job"]["name"],
            facets=_facets(data["job"].get("facets")),
        ),
        inputs=[
            InputDataset(
                namespace=d["namespace"],
                name=d["name"],
                facets=_facets(d.get("facets")),
                inputFacets=_facets(d.get("inputFacets")),
            )
            for d in data.pop("inputs", [])
        ],
        outputs=[
            OutputDataset(
                namespace=d["namespace"],
                name=d["name"],
                facets=_facets(d.get("facets")),
                outputFacets=_facets(d.get("outputFacets")),
            )
            for d in data.pop("outputs", [])
        ],
    )
    data.pop("run"), data.pop("job")
    assert data == {}, f"keys the client does not know: {sorted(data)}"
    assert event.schemaURL == schema_url
    assert Serde.to_dict(event) == line
    return event


def _manifest(tmp_path: Path) -> dict[str, Any]:
    """A manifest in the gate's documented `datarights.gate-manifest/1` shape."""
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "r1", "customer_id": "initech", "text": "hello"}\n', encoding="utf-8")
    log = tmp_path / "decisions.jsonl"
    log.write_text("{}\n{}\n{}\n", encoding="utf-8")
    return {
        "schema": "datarights.gate-manifest/1",
        "run": {"id": "0123456789abcdef", "purpose": "foundational_training", "as_of": "2026-03-01"},
        "input": {"path": str(tmp_path / "in.jsonl"), "sha256": "a" * 64, "format": "jsonl"},
        "output": {"path": str(out), "sha256": "b" * 64, "format": "jsonl"},
        "decision_log": {"path": str(log), "sha256": "c" * 64, "format": "jsonl"},
        "counts": {
            "by_customer": {
                "": {"reject": {"malformed_record": 1}},
                "acme": {"reject": {"purpose_forbidden": 1}},
                "initech": {"admit": {"none": 1}},
            }
        },
        "reconciliation": {"input_records": 3, "output_records": 1, "log_lines": 3},
        "deidentification": {"used": False},
    }


def _recorder(tmp_path: Path, policies: tuple[Policy, ...]) -> RunRecorder:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "r1", "customer_id": "initech", "text": "hello", "created_at": "2025-01-01"}\n')
    return RunRecorder(
        tmp_path / "runs",
        purpose=Purpose.FOUNDATIONAL_TRAINING,
        as_of=__import__("datetime").date(2026, 3, 1),
        input_path=source,
        policies=policies,
        label="nightly",
        model="base-7b",
    )


def test_a_completed_run_emits_start_and_complete(tmp_path: Path, three_policies: tuple[Policy, ...]) -> None:
    recorder = _recorder(tmp_path, three_policies)
    recorder.start()
    manifest = _manifest(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    run = recorder.complete(manifest, tmp_path / "manifest.json")
    folder = tmp_path / "runs" / run.run_id
    events = read_events(folder / LINEAGE_FILE)
    assert [e["eventType"] for e in events] == ["START", "COMPLETE"]
    rebuilt = [rebuild(e) for e in events]
    assert {e.run.runId for e in rebuilt} == {run.run_id} and uuid.UUID(run.run_id).version == 7
    assert events[0]["job"] == events[1]["job"] and events[1]["job"]["name"] == "gate.foundational_training"
    complete = events[1]
    assert complete["inputs"][0]["inputFacets"]["inputStatistics"]["rowCount"] == 3
    outputs = {Path(o["name"]).name: o for o in complete["outputs"]}
    assert outputs["out.jsonl"]["outputFacets"]["outputStatistics"]["rowCount"] == 1
    assert outputs["decisions.jsonl"]["outputFacets"]["outputStatistics"]["rowCount"] == 3
    assert [f["name"] for f in complete["inputs"][0]["facets"]["schema"]["fields"]] == [
        "id",
        "customer_id",
        "text",
        "created_at",
    ]
    facet = complete["run"]["facets"][FACET_NAME]
    assert facet["customers"] == ["acme", "globex", "initech"]
    by_customer = {p["customer"]: p for p in facet["policies"]}
    assert by_customer["acme"]["permission"] == "forbidden" and by_customer["acme"]["confirmed"]
    assert not by_customer["globex"]["confirmed"]
    assert by_customer["initech"]["permission"] == "allowed"
    assert any(c.startswith("7.2") for c in by_customer["acme"]["clauses"])
    assert {(c["customer"], c["reason"], c["records"]) for c in facet["counts"]} == {
        ("", "malformed_record", 1),
        ("acme", "purpose_forbidden", 1),
        ("initech", "none", 1),
    }
    # The run record agrees with the events and keeps a copy of the manifest.
    stored = read_run(folder / "run.json")
    assert stored == run and stored.total() == 3 and stored.gate_run_id == "0123456789abcdef"
    assert (folder / "manifest.json").is_file()


def test_a_failed_run_emits_fail_with_the_error(tmp_path: Path, three_policies: tuple[Policy, ...]) -> None:
    recorder = _recorder(tmp_path, three_policies)
    recorder.start()
    run = recorder.fail(RuntimeError("disk full"))
    events = read_events(tmp_path / "runs" / run.run_id / LINEAGE_FILE)
    assert [e["eventType"] for e in events] == ["START", "FAIL"]
    for event in events:
        rebuild(event)
    assert events[1]["run"]["facets"]["errorMessage"]["message"] == "disk full"
    assert read_run(tmp_path / "runs" / run.run_id / "run.json").status.value == "failed"


def test_an_unreachable_lineage_server_does_not_fail_the_run(
    tmp_path: Path, three_policies: tuple[Policy, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENLINEAGE_URL", "http://127.0.0.1:9")  # discard port: nothing listens
    recorder = _recorder(tmp_path, three_policies)
    assert recorder.emitter.url == "http://127.0.0.1:9"
    recorder.start()
    run = recorder.fail("stopped")
    assert len(read_events(tmp_path / "runs" / run.run_id / LINEAGE_FILE)) == 2


def test_a_line_the_client_does_not_know_is_caught() -> None:
    """The checker itself can fail: an unknown top-level key is not accepted."""
    line = {
        "eventTime": "2026-01-01T00:00:00+00:00",
        "producer": "https://example.com",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "eventType": "START",
        "run": {"runId": str(uuid.uuid4())},
        "job": {"namespace": "n", "name": "j"},
        "inputs": [],
        "outputs": [],
        "surprise": 1,
    }
    with pytest.raises(AssertionError, match="surprise"):
        rebuild(line)
    line.pop("surprise")
    line["run"] = {"runId": "not-a-uuid"}
    with pytest.raises(ValueError):
        rebuild(line)
