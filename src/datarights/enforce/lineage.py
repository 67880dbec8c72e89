"""OpenLineage events for gate runs: START when a run begins, COMPLETE (or FAIL) when it ends.

Each event names the job (`datarights` namespace, `gate.<purpose>`), the run id, the input
dataset and, at the end, the output and the decision log, with the standard schema and
row-count facets, plus our run facet `datarightsContractPolicy`: the policy hashes, customers,
clause ids and the counts per customer × decision × reason. Its JSON Schema ships beside this
module (`datarightsContractPolicy.schema.json`).

Transport: by default the events go to `lineage.jsonl` in the run's folder and nothing leaves
the machine. `--lineage-url URL` (or `$OPENLINEAGE_URL`) also posts them to a lineage server
such as Marquez (`POST URL/api/v1/lineage`); a server that cannot be reached is logged and does
not fail the run, since the file is the record of truth.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attr
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.json as pajson
import pyarrow.parquet as pq
from openlineage.client.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    error_message_run,
    input_statistics_input_dataset,
    job_type_job,
    output_statistics_output_dataset,
    processing_engine_run,
    schema_dataset,
)
from openlineage.client.generated.base import RunFacet
from openlineage.client.transport.file import FileConfig, FileTransport
from openlineage.client.transport.http import HttpConfig, HttpTransport
from openlineage.client.transport.transport import Transport

from datarights import __version__
from datarights.enforce.runs import (
    LINEAGE_FILE,
    MANIFEST_FILE,
    Column,
    DatasetRef,
    Engine,
    RunRecord,
    RunStatus,
    facts_from_manifest,
    new_run_id,
    policy_use,
    write_run,
)
from datarights.errors import DatarightsError

if TYPE_CHECKING:
    from datarights.enforce.runners.local import GateResult, GateRun
from datarights.policy.model import Policy, Purpose

log = logging.getLogger(__name__)

NAMESPACE = "datarights"
PRODUCER = f"https://github.com/datarights/datarights/tree/v{__version__}"
FACET_NAME = "datarightsContractPolicy"
FACET_SCHEMA_URL = (
    "https://datarights.dev/spec/facets/1-0-0/DatarightsContractPolicyRunFacet.json"
    "#/$defs/DatarightsContractPolicyRunFacet"
)
FACET_SCHEMA_FILE = Path(__file__).with_name("datarightsContractPolicy.schema.json")
URL_ENV = "OPENLINEAGE_URL"


@attr.define
class PolicyEntry:
    customer: str
    policySha256: str
    permission: str
    clauses: list[str]
    confirmed: bool


@attr.define
class CountEntry:
    customer: str
    decision: str
    reason: str
    records: int


@attr.define
class DatarightsContractPolicyRunFacet(RunFacet):
    """Which contracts governed the run and what they decided."""

    purpose: str
    asOf: str
    runLabel: str
    model: str
    policies: list[PolicyEntry]
    customers: list[str]
    counts: list[CountEntry] = attr.field(factory=list)

    @staticmethod
    def _get_schema() -> str:
        return FACET_SCHEMA_URL


def job_name(run: RunRecord) -> str:
    return f"gate.{run.purpose.value}"


def _dataset_name(ref: DatasetRef) -> tuple[str, str]:
    """OpenLineage naming for local files: namespace `file`, name the absolute path."""
    if "://" in ref.path:
        scheme, rest = ref.path.split("://", 1)
        host, _, path = rest.partition("/")
        return f"{scheme}://{host}", f"/{path}"
    return "file", str(Path(ref.path).resolve())


def _schema(ref: DatasetRef) -> dict[str, Any]:
    if not ref.columns:
        return {}
    fields = [
        schema_dataset.SchemaDatasetFacetFields(name=c.name, type=c.type, ordinal_position=i)
        for i, c in enumerate(ref.columns, 1)
    ]
    return {"schema": schema_dataset.SchemaDatasetFacet(fields=fields)}


def _input(ref: DatasetRef, with_stats: bool) -> InputDataset:
    namespace, name = _dataset_name(ref)
    stats: dict[str, Any] = {}
    if with_stats and ref.records is not None:
        stats["inputStatistics"] = input_statistics_input_dataset.InputStatisticsInputDatasetFacet(
            rowCount=ref.records, size=ref.bytes, fileCount=1
        )
    return InputDataset(namespace=namespace, name=name, facets=_schema(ref), inputFacets=stats)


def _output(ref: DatasetRef) -> OutputDataset:
    namespace, name = _dataset_name(ref)
    stats: dict[str, Any] = {}
    if ref.records is not None:
        stats["outputStatistics"] = output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
            rowCount=ref.records, size=ref.bytes, fileCount=1
        )
    return OutputDataset(namespace=namespace, name=name, facets=_schema(ref), outputFacets=stats)


def policy_facet(run: RunRecord) -> DatarightsContractPolicyRunFacet:
    return DatarightsContractPolicyRunFacet(
        purpose=run.purpose.value,
        asOf=run.as_of.isoformat(),
        runLabel=run.label,
        model=run.model,
        policies=[
            PolicyEntry(
                p.customer, p.policy_sha256, p.permission.value, list(p.clause_ids()), not p.to_confirm
            )
            for p in run.policies
        ],
        customers=list(run.customers()),
        counts=[CountEntry(c.customer, c.decision.label, c.reason.label, c.records) for c in run.counts],
    )


def run_event(run: RunRecord, when: datetime | None = None) -> RunEvent:
    """The event for `run`'s current state: START while running, then COMPLETE or FAIL."""
    state = {
        RunStatus.RUNNING: RunState.START,
        RunStatus.COMPLETED: RunState.COMPLETE,
        RunStatus.FAILED: RunState.FAIL,
    }[run.status]
    facets: dict[str, RunFacet] = {
        FACET_NAME: policy_facet(run),
        "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
            version=run.tool_version, name=f"datarights gate ({run.engine.value} engine)"
        ),
    }
    if run.status is RunStatus.FAILED:
        facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
            message=run.error or "failed", programmingLanguage="python"
        )
    ended = run.status is not RunStatus.RUNNING
    outputs = [_output(ref) for ref in (run.output, run.decision_log) if ref is not None] if ended else []
    stamp = when or (run.ended_at if ended and run.ended_at else run.started_at)
    return RunEvent(
        eventType=state,
        eventTime=stamp.astimezone(UTC).isoformat(),
        run=Run(runId=run.run_id, facets=facets),
        job=Job(
            namespace=NAMESPACE,
            name=job_name(run),
            facets={
                "jobType": job_type_job.JobTypeJobFacet(
                    processingType="BATCH", integration="DATARIGHTS", jobType="GATE"
                )
            },
        ),
        inputs=[_input(run.input, ended)],
        outputs=outputs,
        producer=PRODUCER,
    )


class LineageEmitter:
    """Sends a run's events to `lineage.jsonl` in its folder and, if asked, to a lineage server."""

    def __init__(self, run_folder: Path, url: str | None = None) -> None:
        run_folder.mkdir(parents=True, exist_ok=True)
        self.path = run_folder / LINEAGE_FILE
        self._file = OpenLineageClient(
            transport=FileTransport(FileConfig(log_file_path=str(self.path), append=True))
        )
        url = url if url is not None else os.environ.get(URL_ENV) or None
        self._http: OpenLineageClient | None = None
        if url:
            self._http = OpenLineageClient(transport=_http(url))
        self.url = url

    def emit(self, run: RunRecord) -> RunEvent:
        event = run_event(run)
        self._file.emit(event)
        if self._http is not None:
            try:
                self._http.emit(event)
            except Exception as error:  # the lineage server is optional; the file already has it
                log.warning("could not send the lineage event to %s: %s", self.url, error)
        return event


def _http(url: str) -> Transport:
    return HttpTransport(HttpConfig(url=url, timeout=5.0))


def read_events(path: Path) -> Sequence[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def columns_of(path: Path) -> tuple[Column, ...]:
    """The columns of a record file, cheaply: Parquet metadata, or the first block of JSONL/CSV."""
    try:
        suffix = path.suffix.lower()
        if not path.is_file() or path.stat().st_size == 0:
            return ()
        if suffix in (".parquet", ".pq"):
            schema = pq.read_schema(path)
        elif suffix == ".csv":
            schema = pacsv.open_csv(path).schema
        else:
            with path.open("rb") as handle:
                head = b"".join(handle.readlines(1 << 20))
            schema = pajson.read_json(io.BytesIO(head)).schema
    except (pa.ArrowException, OSError, DatarightsError):
        return ()  # the schema facet is optional; a file we cannot sniff still gets its events
    return tuple(Column(f.name, str(f.type)) for f in schema)


class RunRecorder:
    """Records one gate run under `runs/<run id>/`: `run.json` and the lineage events, from START
    to COMPLETE or FAIL. The gate calls `start` before reading and `complete`/`fail` at the end."""

    def __init__(
        self,
        runs: Path,
        *,
        purpose: Purpose,
        as_of: date,
        input_path: Path,
        policies: Sequence[Policy],
        label: str = "",
        model: str = "",
        engine: Engine = Engine.LOCAL,
        lineage_url: str | None = None,
    ) -> None:
        run_id = new_run_id()
        self.runs = runs
        self.folder = runs / run_id
        self.run = RunRecord(
            run_id=run_id,
            label=label,
            model=model,
            purpose=purpose,
            as_of=as_of,
            started_at=datetime.now(UTC),
            ended_at=None,
            status=RunStatus.RUNNING,
            engine=engine,
            tool_version=__version__,
            input=DatasetRef(
                str(input_path),
                input_path.suffix.lstrip(".").lower(),
                bytes=input_path.stat().st_size if input_path.is_file() else None,
                columns=columns_of(input_path),
            ),
            output=None,
            decision_log=None,
            policies=tuple(policy_use(p, purpose) for p in sorted(policies, key=lambda p: p.customer)),
            counts=(),
        )
        self.emitter = LineageEmitter(self.folder, lineage_url)

    def start(self) -> RunRecord:
        write_run(self.runs, self.run)
        self.emitter.emit(self.run)
        return self.run

    def complete(self, manifest: Mapping[str, Any], manifest_path: Path | None = None) -> RunRecord:
        facts = facts_from_manifest(manifest, str(manifest_path or ""))
        if manifest_path is not None and manifest_path.is_file():
            shutil.copyfile(manifest_path, self.folder / MANIFEST_FILE)
        total = sum(c.records for c in facts.counts)
        output = facts.output
        if output is not None:
            output = replace(output, columns=columns_of(Path(output.path)))
        self.run = replace(
            self.run,
            status=RunStatus.COMPLETED,
            ended_at=datetime.now(UTC),
            input=replace(self.run.input, records=total, sha256=facts.input_sha256),
            output=output,
            decision_log=facts.decision_log,
            counts=facts.counts,
            residual_risk=facts.residual_risk,
            leak_rate=facts.leak_rate,
            not_detected=facts.not_detected,
            gate_run_id=facts.gate_run_id,
        )
        return self._finish()

    def fail(self, error: BaseException | str) -> RunRecord:
        self.run = replace(self.run, status=RunStatus.FAILED, ended_at=datetime.now(UTC), error=str(error))
        return self._finish()

    def _finish(self) -> RunRecord:
        write_run(self.runs, self.run)
        self.emitter.emit(self.run)
        return self.run


def recorded_gate(
    run: GateRun,
    runs: Path,
    *,
    label: str = "",
    model: str = "",
    lineage_url: str | None = None,
) -> tuple[GateResult, RunRecord]:
    """`run_gate(run)` recorded under `runs/<run id>/`: START before reading, then COMPLETE with the
    manifest's counts, or FAIL with the error (which is raised again)."""
    from datarights.enforce.runners.local import run_gate
    from datarights.policy.io import load_policies

    try:
        policies = [policy for _, policy in load_policies(run.policies).values()]
    except DatarightsError:
        policies = []  # the gate reports the bad policy folder itself, after FAIL is recorded
    recorder = RunRecorder(
        runs,
        purpose=run.purpose,
        as_of=run.as_of,
        input_path=run.input,
        policies=policies,
        label=label,
        model=model,
        engine=Engine(run.engine),
        lineage_url=lineage_url,
    )
    recorder.start()
    try:
        result = run_gate(run)
    except BaseException as error:
        recorder.fail(error if str(error) else type(error).__name__)
        raise
    return result, recorder.complete(result.manifest, run.manifest)
