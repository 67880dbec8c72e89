"""Index the gate runs of a runs folder in the register: one `runs` row per run and its counts
per customer × decision × reason, so "which runs used customer X's data" is one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import ColumnElement, Engine, case, delete, func, select
from sqlalchemy.orm import Session

from datarights.enforce.runs import RunRecord, scan_runs
from datarights.errors import ConfigError
from datarights.store.models import RunCustomerCount, RunRow


@dataclass(frozen=True, slots=True)
class IndexResult:
    indexed: int
    problems: tuple[ConfigError, ...]


@dataclass(frozen=True, slots=True)
class CustomerRun:
    """One indexed run that touched a customer's records."""

    run_id: str
    started_at: datetime
    as_of: date
    purpose: str
    model: str
    label: str
    status: str
    records: int
    admitted: int
    deidentified: int
    rejected: int


def _row(run: RunRecord, folder: Path) -> RunRow:
    return RunRow(
        run_id=run.run_id,
        gate_run_id=run.gate_run_id,
        label=run.label,
        model=run.model,
        purpose=run.purpose.value,
        as_of=run.as_of,
        started_at=run.started_at,
        ended_at=run.ended_at,
        status=run.status.value,
        engine=run.engine.value,
        tool_version=run.tool_version,
        input_path=run.input.path,
        input_sha256=run.input.sha256,
        input_records=run.input.records,
        output_path=run.output.path if run.output else None,
        output_records=run.output.records if run.output else None,
        folder=str(folder),
        counts=[
            RunCustomerCount(
                customer=c.customer, decision=c.decision.label, reason=c.reason.label, records=c.records
            )
            for c in run.counts
        ],
    )


def index_runs(engine: Engine, runs: Path) -> IndexResult:
    """(Re)index every run under `runs`; a run indexed before is replaced, a broken record is
    reported and skipped."""
    scan = scan_runs(runs)
    with Session(engine) as session, session.begin():
        for run in scan.runs:
            session.execute(delete(RunCustomerCount).where(RunCustomerCount.run_id == run.run_id))
            session.execute(delete(RunRow).where(RunRow.run_id == run.run_id))
            session.flush()
            session.add(_row(run, runs.resolve() / run.run_id))
    return IndexResult(len(scan.runs), scan.problems)


def runs_for_customer(engine: Engine, customer: str) -> list[CustomerRun]:
    """The indexed runs with records of `customer`, oldest first, with its totals."""

    def total(decision: str | None) -> ColumnElement[int]:
        if decision is None:
            return func.sum(RunCustomerCount.records)
        return func.sum(case((RunCustomerCount.decision == decision, RunCustomerCount.records), else_=0))

    query = (
        select(
            RunRow.run_id,
            RunRow.started_at,
            RunRow.as_of,
            RunRow.purpose,
            RunRow.model,
            RunRow.label,
            RunRow.status,
            total(None),
            total("admit"),
            total("admit_deidentified"),
            total("reject"),
        )
        .join(RunCustomerCount, RunCustomerCount.run_id == RunRow.run_id)
        .where(RunCustomerCount.customer == customer)
        .group_by(RunRow.run_id)
        .order_by(RunRow.started_at, RunRow.run_id)
    )
    with Session(engine) as session:
        return [
            CustomerRun(r[0], r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]), int(r[8]), int(r[9]), int(r[10]))
            for r in session.execute(query)
        ]
