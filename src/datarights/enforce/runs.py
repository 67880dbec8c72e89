"""What a gate run did, kept under `--runs DIR` so every customer can later be told what its data
did (`datarights transparency`) and the register can index it.

    DIR/<run id>/run.json        this module's `datarights.run/1` record (`RunRecord`)
    DIR/<run id>/lineage.jsonl   OpenLineage START and COMPLETE/FAIL events (`enforce.lineage`)
    DIR/<run id>/manifest.json   the gate's manifest, when the gate wrote one
    DIR/<run id>/audit/*.json    leakage audits of the model trained on the run (`datarights.audit/1`)

A `RunRecord` is self-contained: for each customer it keeps the clause that allowed or forbade the
run's purpose (quoted, with its number), the de-identification the policy required, and the counts
per decision and reason, so a report never needs the policy files or the data again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from datarights.enforce.model import Decision, Reason
from datarights.errors import ConfigError
from datarights.policy.io import policy_sha256
from datarights.policy.model import Permission, Policy, Provenance, Purpose, Term
from datarights.workers import Engine as Engine  # one engine type for the gate and the register's scan

RUN_SCHEMA = "datarights.run/1"
RUN_FILE = "run.json"
LINEAGE_FILE = "lineage.jsonl"
MANIFEST_FILE = "manifest.json"
AUDIT_FOLDER = "audit"
DEFAULT_RUNS = Path("runs")
NO_CUSTOMER = ""  # records without a customer value (malformed lines, missing field)


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # the Arrow type as text ("string", "timestamp[us, tz=UTC]")


@dataclass(frozen=True, slots=True)
class DatasetRef:
    """A file the run read or wrote."""

    path: str
    format: str
    records: int | None = None
    sha256: str | None = None
    bytes: int | None = None
    columns: tuple[Column, ...] = ()


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """A clause a policy term came from, quoted."""

    term: str  # "purposes.foundational_training.permission", "retention", "opt_out"
    clause: str
    quote: str
    contract_sha256: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PolicyUse:
    """One customer's policy as it applied to the run's purpose."""

    customer: str
    policy_sha256: str
    permission: Permission
    deidentify_standard: str | None  # the standard the contract makes the condition, if any
    operators: tuple[str, ...]
    aggregate_only: bool
    opt_in_required: bool
    excluded_categories: tuple[str, ...]
    opt_out_mode: str
    retention_days: int | None
    clauses: tuple[ClauseRef, ...]
    to_confirm: tuple[str, ...]  # terms nobody had confirmed (a run with any is rejected anyway)
    confirmed_by: str | None

    def clause_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.clause for c in self.clauses))


@dataclass(frozen=True, slots=True)
class Count:
    customer: str
    decision: Decision
    reason: Reason
    records: int


@dataclass(frozen=True, slots=True)
class ResidualRisk:
    """How well de-identification finds one PII kind, measured on labelled generated data."""

    kind: str
    precision: float | None
    recall: float | None


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: str
    label: str
    model: str
    purpose: Purpose
    as_of: date
    started_at: datetime
    ended_at: datetime | None
    status: RunStatus
    engine: Engine
    tool_version: str
    input: DatasetRef
    output: DatasetRef | None
    decision_log: DatasetRef | None
    policies: tuple[PolicyUse, ...]
    counts: tuple[Count, ...]
    residual_risk: tuple[ResidualRisk, ...] = ()
    leak_rate: float | None = None  # share of labelled PII values a de-identified record still shows
    not_detected: tuple[str, ...] = ()  # PII kinds de-identification cannot find here
    gate_run_id: str = ""  # the gate's own (deterministic) id, the prefix of its decision ids
    error: str = ""

    def customers(self) -> tuple[str, ...]:
        seen = {c.customer for c in self.counts if c.customer != NO_CUSTOMER}
        return tuple(sorted(seen | {p.customer for p in self.policies}))

    def policy(self, customer: str) -> PolicyUse | None:
        return next((p for p in self.policies if p.customer == customer), None)

    def total(self, customer: str | None = None, decision: Decision | None = None) -> int:
        return sum(
            c.records
            for c in self.counts
            if (customer is None or c.customer == customer) and (decision is None or c.decision is decision)
        )


def new_run_id() -> str:
    """A UUIDv7-style id (time-ordered, as OpenLineage recommends), so run folders sort by start."""
    millis = int(datetime.now(UTC).timestamp() * 1000)
    raw = uuid.uuid4().int & ~(((1 << 48) - 1) << 80) & ~(0xF << 76)
    return str(uuid.UUID(int=raw | (millis << 80) | (0x7 << 76)))


# --- from a policy -----------------------------------------------------------------------------


def _clauses(name: str, term: Term[Any]) -> list[ClauseRef]:
    return [_clause(name, p) for p in term.provenance]


def _clause(name: str, p: Provenance) -> ClauseRef:
    return ClauseRef(name, p.clause, p.quote, p.contract_sha256, p.start, p.end)


def policy_use(policy: Policy, purpose: Purpose) -> PolicyUse:
    """What `policy` says about `purpose`, with the clauses behind it."""
    rule = policy.rule(purpose)
    c = rule.conditions
    base = f"purposes.{purpose.value}"
    clauses = _clauses(f"{base}.permission", rule.permission)
    conditional = rule.permission.value is Permission.CONDITIONAL
    if conditional:
        for name, term in (
            ("deidentify", c.deidentify),
            ("aggregate_only", c.aggregate_only),
            ("opt_in_required", c.opt_in_required),
            ("exclude_categories", c.exclude_categories),
        ):
            clauses += _clauses(f"{base}.conditions.{name}", term)
    clauses += _clauses("opt_out", policy.opt_out)
    clauses += _clauses("retention", policy.retention)
    deid = c.deidentify.value if conditional else None
    return PolicyUse(
        customer=policy.customer,
        policy_sha256=policy_sha256(policy),
        permission=rule.permission.value,
        deidentify_standard=deid.standard.value if deid is not None else None,
        operators=tuple(o.value for o in deid.operators) if deid is not None else (),
        aggregate_only=conditional and c.aggregate_only.value,
        opt_in_required=conditional and c.opt_in_required.value,
        excluded_categories=tuple(x.value for x in c.exclude_categories.value) if conditional else (),
        opt_out_mode=policy.opt_out.value.mode.value,
        retention_days=policy.retention.value.max_age_days,
        clauses=tuple(clauses),
        to_confirm=policy.open_terms(),
        confirmed_by=policy.confirmation.by if policy.confirmation is not None else None,
    )


# --- JSON form ---------------------------------------------------------------------------------


def _dataset_json(d: DatasetRef | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "path": d.path,
        "format": d.format,
        "records": d.records,
        "sha256": d.sha256,
        "bytes": d.bytes,
        "columns": [{"name": c.name, "type": c.type} for c in d.columns],
    }


def run_to_dict(run: RunRecord) -> dict[str, Any]:
    return {
        "schema": RUN_SCHEMA,
        "run_id": run.run_id,
        "label": run.label,
        "model": run.model,
        "purpose": run.purpose.value,
        "as_of": run.as_of.isoformat(),
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "status": run.status.value,
        "engine": run.engine.value,
        "tool_version": run.tool_version,
        "input": _dataset_json(run.input),
        "output": _dataset_json(run.output),
        "decision_log": _dataset_json(run.decision_log),
        "policies": [
            {
                "customer": p.customer,
                "policy_sha256": p.policy_sha256,
                "permission": p.permission.value,
                "deidentify_standard": p.deidentify_standard,
                "operators": list(p.operators),
                "aggregate_only": p.aggregate_only,
                "opt_in_required": p.opt_in_required,
                "excluded_categories": list(p.excluded_categories),
                "opt_out_mode": p.opt_out_mode,
                "retention_days": p.retention_days,
                "clauses": [
                    {
                        "term": c.term,
                        "clause": c.clause,
                        "quote": c.quote,
                        "contract_sha256": c.contract_sha256,
                        "start": c.start,
                        "end": c.end,
                    }
                    for c in p.clauses
                ],
                "to_confirm": list(p.to_confirm),
                "confirmed_by": p.confirmed_by,
            }
            for p in run.policies
        ],
        "counts": [
            {
                "customer": c.customer,
                "decision": c.decision.label,
                "reason": c.reason.label,
                "records": c.records,
            }
            for c in run.counts
        ],
        "residual_risk": [
            {"kind": r.kind, "precision": r.precision, "recall": r.recall} for r in run.residual_risk
        ],
        "leak_rate": run.leak_rate,
        "not_detected": list(run.not_detected),
        "gate_run_id": run.gate_run_id,
        "error": run.error,
    }


def _dataset(raw: Any) -> DatasetRef | None:
    if raw is None:
        return None
    return DatasetRef(
        path=str(raw["path"]),
        format=str(raw["format"]),
        records=raw.get("records"),
        sha256=raw.get("sha256"),
        bytes=raw.get("bytes"),
        columns=tuple(Column(str(c["name"]), str(c["type"])) for c in raw.get("columns", ())),
    )


def _datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def run_from_dict(raw: Any, source: str = "") -> RunRecord:
    """A `RunRecord` from its JSON form; a `ConfigError` naming the file and the field otherwise."""
    if not isinstance(raw, Mapping) or raw.get("schema") != RUN_SCHEMA:
        raise ConfigError(f"not a {RUN_SCHEMA} record", path=source or None)
    key = "run"
    try:
        decisions = {d.label: d for d in Decision}
        reasons = {r.label: r for r in Reason}
        key = "input"
        input_ref = _dataset(raw["input"])
        assert input_ref is not None
        key = "policies"
        policies = tuple(
            PolicyUse(
                customer=str(p["customer"]),
                policy_sha256=str(p["policy_sha256"]),
                permission=Permission(p["permission"]),
                deidentify_standard=p.get("deidentify_standard"),
                operators=tuple(p.get("operators", ())),
                aggregate_only=bool(p.get("aggregate_only", False)),
                opt_in_required=bool(p.get("opt_in_required", False)),
                excluded_categories=tuple(p.get("excluded_categories", ())),
                opt_out_mode=str(p.get("opt_out_mode", "")),
                retention_days=p.get("retention_days"),
                clauses=tuple(
                    ClauseRef(
                        str(c["term"]),
                        str(c["clause"]),
                        str(c["quote"]),
                        str(c["contract_sha256"]),
                        int(c["start"]),
                        int(c["end"]),
                    )
                    for c in p.get("clauses", ())
                ),
                to_confirm=tuple(p.get("to_confirm", ())),
                confirmed_by=p.get("confirmed_by"),
            )
            for p in raw["policies"]
        )
        key = "counts"
        counts = tuple(
            Count(str(c["customer"]), decisions[c["decision"]], reasons[c["reason"]], int(c["records"]))
            for c in raw["counts"]
        )
        key = "residual_risk"
        risk = tuple(
            ResidualRisk(str(r["kind"]), r.get("precision"), r.get("recall"))
            for r in raw.get("residual_risk", ())
        )
        key = "run"
        ended = raw.get("ended_at")
        return RunRecord(
            run_id=str(uuid.UUID(str(raw["run_id"]))),
            label=str(raw.get("label", "")),
            model=str(raw.get("model", "")),
            purpose=Purpose(raw["purpose"]),
            as_of=date.fromisoformat(raw["as_of"]),
            started_at=_datetime(raw["started_at"]),
            ended_at=_datetime(ended) if ended else None,
            status=RunStatus(raw["status"]),
            engine=Engine(raw.get("engine", "local")),
            tool_version=str(raw.get("tool_version", "")),
            input=input_ref,
            output=_dataset(raw.get("output")),
            decision_log=_dataset(raw.get("decision_log")),
            policies=policies,
            counts=counts,
            residual_risk=risk,
            leak_rate=raw.get("leak_rate"),
            not_detected=tuple(raw.get("not_detected", ())),
            gate_run_id=str(raw.get("gate_run_id", "")),
            error=str(raw.get("error", "")),
        )
    except (KeyError, TypeError, ValueError, AssertionError) as error:
        raise ConfigError(f"bad {key!r} in {RUN_SCHEMA} record: {error!r}", path=source or None) from None


# --- the runs folder ---------------------------------------------------------------------------


def write_run(runs: Path, run: RunRecord) -> Path:
    """Write `run.json` atomically (a reader never sees half a record)."""
    folder = runs / run.run_id
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RUN_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(run_to_dict(run), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def read_run(path: Path) -> RunRecord:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read run record: {error}", path=path) from None
    return run_from_dict(raw, str(path))


@dataclass(frozen=True)
class RunsScan:
    runs: tuple[RunRecord, ...]
    problems: tuple[ConfigError, ...] = field(default=())


def scan_runs(runs: Path) -> RunsScan:
    """Every run under `runs`, oldest first; a broken record is reported, never hides the others."""
    if not runs.is_dir():
        raise ConfigError("no such runs folder", path=runs)
    found: list[RunRecord] = []
    problems: list[ConfigError] = []
    for path in sorted(runs.glob(f"*/{RUN_FILE}")):
        try:
            found.append(read_run(path))
        except ConfigError as error:
            problems.append(error)
    found.sort(key=lambda r: (r.started_at, r.run_id))
    return RunsScan(tuple(found), tuple(problems))


def audit_files(runs: Path, run_id: str) -> Iterator[Path]:
    folder = runs / run_id / AUDIT_FOLDER
    if folder.is_dir():
        yield from sorted(folder.glob("*.json"))


# --- from the gate's manifest ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ManifestFacts:
    """What a run record takes from the gate's `datarights.gate-manifest/1` manifest."""

    gate_run_id: str
    input_sha256: str | None
    output: DatasetRef | None
    decision_log: DatasetRef | None
    counts: tuple[Count, ...]
    residual_risk: tuple[ResidualRisk, ...]
    leak_rate: float | None
    not_detected: tuple[str, ...]


def _file(raw: Any, records: int | None) -> DatasetRef | None:
    if not isinstance(raw, Mapping) or "path" not in raw:
        return None
    path = Path(str(raw["path"]))
    size = path.stat().st_size if path.is_file() else None
    return DatasetRef(str(raw["path"]), str(raw.get("format", "")), records, raw.get("sha256"), size)


def facts_from_manifest(manifest: Mapping[str, Any], source: str = "") -> ManifestFacts:
    """The counts, files and de-identification figures of a gate manifest (its documented shape)."""
    decisions = {d.label: d for d in Decision}
    reasons = {r.label: r for r in Reason}
    try:
        counts: list[Count] = []
        for customer, by_decision in sorted(manifest["counts"]["by_customer"].items()):
            for decision, by_reason in sorted(by_decision.items()):
                for reason, n in sorted(by_reason.items()):
                    counts.append(Count(customer, decisions[decision], reasons[reason], int(n)))
        recon = manifest.get("reconciliation", {})
        deid = manifest.get("deidentification") or {}
        quality = deid.get("quality") or {}
        risk = tuple(
            ResidualRisk(kind, v.get("precision"), v.get("recall"))
            for kind, v in sorted((quality.get("per_kind") or {}).items())
        )
        residual = quality.get("residual_risk") or {}
        return ManifestFacts(
            gate_run_id=str((manifest.get("run") or {}).get("id", "")),
            input_sha256=(manifest.get("input") or {}).get("sha256"),
            output=_file(manifest.get("output"), recon.get("output_records")),
            decision_log=_file(manifest.get("decision_log"), recon.get("log_lines")),
            counts=tuple(counts),
            residual_risk=risk,
            leak_rate=residual.get("leak_rate"),
            # The block names them itself; older manifests only inside the measured quality.
            not_detected=tuple(deid.get("not_detected_kinds") or residual.get("not_detected_kinds", ())),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ConfigError(
            f"not a gate manifest this version can read: {error!r}", path=source or None
        ) from None
