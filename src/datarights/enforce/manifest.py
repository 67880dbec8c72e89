"""The run manifest (`datarights.gate-manifest/1`): what ran, on what, by which policies, and
counts per customer × decision × reason that reconcile exactly with the input.

`extensions` is the seam for later stages (canaries, lineage): a `GateSink` passed to the runner
sees every processed batch and returns one JSON-able block, stored under its name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from datarights import __version__
from datarights.enforce.model import Decision, Fields, Reason
from datarights.enforce.process import CountKey, Processed

MANIFEST_SCHEMA = "datarights.gate-manifest/1"


class GateSink(Protocol):
    """Something that watches a gate run batch by batch and reports into the manifest."""

    name: str

    def accept(self, processed: Processed) -> None: ...

    def finish(self) -> dict[str, Any]: ...


class GatePlanter(Protocol):
    """Something that adds records of its own to the admitted output at the end of a run (canaries
    for a later memorisation audit). It is told which customers had records admitted, so nothing is
    planted for a customer whose data may not be used; its rows are counted apart from the input's."""

    name: str

    def rows(self, customers: Sequence[str], fields: Fields) -> list[dict[str, Any]]: ...

    def finish(self) -> dict[str, Any]: ...


def admitted_customers(counts: Counter[CountKey]) -> list[str]:
    """Customers with at least one record admitted (plainly or de-identified), sorted."""
    admitted = {Decision.ADMIT.label, Decision.ADMIT_DEIDENTIFIED.label}
    return sorted(
        {customer for (customer, decision, _), n in counts.items() if n > 0 and decision in admitted}
    )


@dataclass(frozen=True, slots=True)
class FileRef:
    path: str
    sha256: str
    format: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {"path": self.path, "sha256": self.sha256}
        if self.format:
            out["format"] = self.format
        return out


class Reconciliation(RuntimeError):
    """The counts do not add up: a bug, never a data problem; the run must not be trusted."""


def counts_block(counts: Counter[CountKey]) -> dict[str, Any]:
    by_decision = {d.label: 0 for d in Decision}
    by_reason = {r.label: 0 for r in Reason if r is not Reason.NONE}
    by_customer: dict[str, dict[str, dict[str, int]]] = {}
    for (customer, decision, reason), n in sorted(counts.items()):
        by_decision[decision] += n
        if reason != Reason.NONE.label:
            by_reason[reason] += n
        by_customer.setdefault(customer, {}).setdefault(decision, {})[reason] = n
    return {"by_decision": by_decision, "by_reason": by_reason, "by_customer": by_customer}


def reconcile(
    counts: Counter[CountKey], input_records: int, output_records: int, log_lines: int
) -> dict[str, Any]:
    total = sum(counts.values())
    admitted = sum(n for (_, d, _), n in counts.items() if d == Decision.ADMIT.label)
    deidentified = sum(n for (_, d, _), n in counts.items() if d == Decision.ADMIT_DEIDENTIFIED.label)
    rejected = sum(n for (_, d, _), n in counts.items() if d == Decision.REJECT.label)
    block = {
        "input_records": input_records,
        "decided": total,
        "admitted": admitted,
        "admitted_deidentified": deidentified,
        "rejected": rejected,
        "output_records": output_records,
        "log_lines": log_lines,
    }
    problems = []
    if total != input_records:
        problems.append(f"{total} decisions for {input_records} input records")
    if admitted + deidentified + rejected != total:
        problems.append("decisions do not add up")
    if output_records != admitted + deidentified:
        problems.append(f"{output_records} records written but {admitted + deidentified} admitted")
    if log_lines != input_records:
        problems.append(f"{log_lines} log lines for {input_records} input records")
    if problems:
        raise Reconciliation("; ".join(problems))
    block["balanced"] = True
    return block


def tool_block() -> dict[str, str]:
    return {"name": "datarights", "version": __version__}
