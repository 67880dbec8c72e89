"""One batch through the gate: `decide`, de-identify what must be, and produce the admitted records,
the decision-log lines and the counts. Runners (local processes today, Ray later) call `process`
per batch and only write what it returns.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datarights.enforce.decide import PolicySet, decide
from datarights.enforce.deidentify import Deidentifier, DeidStats
from datarights.enforce.model import (
    DECISION_LABELS,
    REASON_LABELS,
    Decision,
    Decisions,
    Fields,
    OptOuts,
    Reason,
)
from datarights.enforce.readers import InputBatch
from datarights.policy.model import Operator, Policy, Provenance, Purpose, Term

CountKey = tuple[str, str, str]  # customer, decision, reason
NO_CUSTOMER = ""  # how counts and logs name a record whose customer could not be read


@dataclass(frozen=True)
class GateContext:
    """Everything a batch's decisions depend on; the same context gives the same output."""

    policies: PolicySet
    purpose: Purpose
    as_of: date
    fields: Fields
    opt_outs: OptOuts
    run_id: str  # derived from the input, policies, opt-outs, purpose and date (see runners.local)
    fragments: tuple[str, ...] = ()  # log-line tails per (policy slot, decision, reason), see log_fragments

    def with_fragments(self) -> GateContext:
        return GateContext(
            self.policies,
            self.purpose,
            self.as_of,
            self.fields,
            self.opt_outs,
            self.run_id,
            log_fragments(self.policies, self.purpose, self.as_of),
        )


@dataclass
class Processed:
    batch: pa.RecordBatch  # admitted records (de-identified where required)
    raw: list[bytes | None] | None  # input line per admitted record when it is unchanged (JSONL)
    log: bytes  # one JSON line per input record of the batch, malformed ones included
    log_lines: int = 0
    counts: Counter[CountKey] = field(default_factory=Counter)
    deid: DeidStats = field(default_factory=DeidStats)
    decisions: Decisions | None = None  # for runners and sinks that look further (e.g. canaries)


def _clause_ids(*terms: Term[Any]) -> list[str]:
    seen: list[str] = []
    for term in terms:
        for p in term.provenance:
            if p.quote:
                ident = _clause_id(p)
                if ident not in seen:
                    seen.append(ident)
    return seen


def _clause_id(p: Provenance) -> str:
    return f"{p.contract_sha256[:12]}@{p.start}-{p.end}"


def _deciding_terms(
    policy: Policy, purpose: Purpose, decision: Decision, reason: Reason
) -> tuple[list[str], list[str]]:
    """The policy terms (dotted paths) behind a decision, and the clauses they cite."""
    rule = policy.rule(purpose)
    c = rule.conditions
    base = f"purposes.{purpose.value}"
    chosen: list[tuple[str, Term[Any]]]
    if reason is Reason.NO_POLICY:
        chosen = [("effective", policy.effective)]
    elif reason is Reason.POLICY_EXPIRED:
        chosen = [("expires", policy.expires), ("retention", policy.retention)]
    elif reason is Reason.POLICY_UNCONFIRMED:
        chosen = []
    elif reason is Reason.RETENTION_EXPIRED:
        chosen = [("retention", policy.retention)]
    elif reason is Reason.OPTED_OUT:
        chosen = [("opt_out", policy.opt_out)]
    elif reason is Reason.OPT_IN_MISSING:
        chosen = [(f"{base}.conditions.opt_in_required", c.opt_in_required)]
    elif reason is Reason.EXCLUDED_CATEGORY:
        chosen = [(f"{base}.conditions.exclude_categories", c.exclude_categories)]
    elif decision is Decision.ADMIT_DEIDENTIFIED:
        chosen = [
            (f"{base}.permission", rule.permission),
            (f"{base}.conditions.deidentify", c.deidentify),
            (f"{base}.conditions.aggregate_only", c.aggregate_only),
        ]
    else:
        chosen = [(f"{base}.permission", rule.permission)]
    return [path for path, _ in chosen], _clause_ids(*(term for _, term in chosen))


def log_fragments(policies: PolicySet, purpose: Purpose, as_of: date) -> tuple[str, ...]:
    """The constant tail of a decision-log line for every (policy slot, decision, reason); slot 0
    is "no policy", slot i+1 the i-th policy. Rows pick theirs by index, so lines are built by
    pyarrow string kernels instead of one json.dumps per record."""
    out: list[str] = []
    slots: list[Policy | None] = [None, *policies.policies]
    shas: list[str | None] = [None, *policies.sha256]
    for policy, sha in zip(slots, shas, strict=True):
        for decision in Decision:
            for reason in Reason:
                terms, clauses = (
                    ([], []) if policy is None else _deciding_terms(policy, purpose, decision, reason)
                )
                tail: dict[str, Any] = {
                    "purpose": purpose.value,
                    "decision": decision.label,
                    "reason": None if reason is Reason.NONE else reason.label,
                    "policy_sha256": sha,
                    "clauses": clauses,
                }
                if terms and not clauses:  # a default term cites no clause: name the term instead
                    tail["terms"] = terms
                out.append(json.dumps(tail, separators=(",", ":"))[1:])  # without the opening brace
    return tuple(out)


def _fragment_index(
    policy: npt.NDArray[np.int32], decision: npt.NDArray[np.int8], reason: npt.NDArray[np.int8]
) -> npt.NDArray[np.int64]:
    per_slot = len(Decision) * len(Reason)
    return (policy.astype(np.int64) + 1) * per_slot + decision.astype(np.int64) * len(Reason) + reason


def json_strings(values: pa.Array) -> pa.Array:
    """Each value as a JSON string literal (or `null`), vectorised."""
    text = values if pa.types.is_string(values.type) else pc.cast(values, pa.string())
    if pc.any(pc.match_substring_regex(text, r"[\x00-\x1f\x7f]")).as_py():
        return pa.array([json.dumps(v, ensure_ascii=False) for v in text.to_pylist()], pa.string())
    escaped = pc.replace_substring(pc.replace_substring(text, "\\", "\\\\"), '"', '\\"')
    quoted = pc.binary_join_element_wise('"', escaped, '"', "")
    return pc.fill_null(quoted, "null")


def _log_lines(
    ctx: GateContext,
    ordinals: npt.NDArray[np.int64],
    records: pa.Array,
    customers: pa.Array,
    fragment: npt.NDArray[np.int64],
) -> bytes:
    """The batch's log lines, built by pyarrow string kernels and taken out as one buffer."""
    if not len(ordinals):
        return b""
    numbers = pc.cast(pa.array(ordinals), pa.string())
    tails = pc.take(pa.array(ctx.fragments, pa.string()), pa.array(fragment))
    lines = pc.binary_join_element_wise(
        f'{{"decision_id":"{ctx.run_id}-',
        numbers,
        '","ordinal":',
        numbers,
        ',"record":',
        records,
        ',"customer":',
        customers,
        ",",
        tails,
        "\n",
        "",
    )
    return _concatenated(lines)


def _concatenated(strings: pa.Array) -> bytes:
    """All values of a string array (no nulls) back to back: its data buffer between the first
    and last offsets, without a Python string per value."""
    if isinstance(strings, pa.ChunkedArray):
        return b"".join(_concatenated(chunk) for chunk in strings.chunks)
    if strings.null_count:
        raise ValueError("log lines cannot be null")
    _, offsets, data = strings.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int32 if strings.type == pa.string() else np.int64)
    first, last = bounds[strings.offset], bounds[strings.offset + len(strings)]
    return bytes(memoryview(data)[first:last]) if data is not None else b""


def _record_refs(batch: pa.RecordBatch, fields: Fields, raw: tuple[bytes, ...] | None) -> pa.Array:
    index = batch.schema.get_field_index(fields.record_id) if fields.record_id else -1
    if index >= 0:
        return json_strings(batch.column(index))
    return pa.nulls(batch.num_rows, pa.string()).fill_null("null")


def _customer_strings(batch: pa.RecordBatch, fields: Fields) -> pa.Array:
    index = batch.schema.get_field_index(fields.customer)
    if index < 0:
        return pa.nulls(batch.num_rows, pa.string())
    column = batch.column(index)
    return column if pa.types.is_string(column.type) else pc.cast(column, pa.string())


def _deidentified(
    admitted: pa.RecordBatch,
    rows: npt.NDArray[np.bool_],
    policy_index: npt.NDArray[np.int32],
    ctx: GateContext,
    deidentifier: Deidentifier,
    stats: DeidStats,
) -> pa.RecordBatch:
    """`admitted` with the rows in `rows` de-identified: text fields through Presidio, the customer
    field emptied where the purpose is aggregate-only, every other field but the timestamp and the
    categories emptied (an unlisted field may hold anything)."""
    fields = ctx.fields
    keep = {fields.timestamp, fields.categories, fields.customer, *fields.text}
    customers = _customer_strings(admitted, fields).to_pylist()
    which = np.flatnonzero(rows)
    operators: dict[Operator, list[int]] = {}
    aggregate = np.zeros(admitted.num_rows, np.bool_)
    for i in which.tolist():
        policy = ctx.policies.policies[policy_index[i]]
        c = policy.rule(ctx.purpose).conditions
        deid = c.deidentify.value
        operators.setdefault(deid.operators[0] if deid is not None else Operator.REPLACE, []).append(int(i))
        aggregate[i] = c.aggregate_only.value
    mask = pa.array(rows)
    columns = []
    for name, column in zip(admitted.schema.names, admitted.columns, strict=True):
        if name in fields.text:
            values = column.to_pylist()
            for operator, members in operators.items():
                cleaned = deidentifier.column(
                    pa.array([values[i] for i in members], pa.string()),
                    [customers[i] or NO_CUSTOMER for i in members],
                    operator,
                    stats,
                )
                for i, value in zip(members, cleaned.to_pylist(), strict=True):
                    values[i] = value
            columns.append(pa.array(values, pa.string()))
        elif name == fields.customer and aggregate.any():
            columns.append(pc.if_else(pa.array(aggregate), pa.scalar(None, column.type), column))
        elif name in keep:
            columns.append(column)
        else:
            columns.append(pc.if_else(mask, pa.scalar(None, column.type), column))
    schema = pa.schema(
        [pa.field(f.name, pa.string()) if f.name in fields.text else f for f in admitted.schema]
    )
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def process(item: InputBatch, ctx: GateContext, deidentifier: Deidentifier | None) -> Processed:
    """Decide, de-identify, and log one batch. Pure apart from the de-identifier's caches."""
    if not ctx.fragments:
        ctx = ctx.with_fragments()
    batch = item.batch
    n = batch.num_rows
    decisions = decide(batch, ctx.policies, ctx.purpose, ctx.as_of, ctx.fields, ctx.opt_outs)
    customers = _customer_strings(batch, ctx.fields)
    counts: Counter[CountKey] = Counter()
    if n:
        labels = (
            pa.table(
                {
                    "customer": customers.fill_null(NO_CUSTOMER),
                    "decision": pa.array(decisions.decision),
                    "reason": pa.array(decisions.reason),
                }
            )
            .group_by(["customer", "decision", "reason"])
            .aggregate([([], "count_all")])
        )
        for row in labels.to_pylist():
            key = (row["customer"], DECISION_LABELS[row["decision"]], REASON_LABELS[row["reason"]])
            counts[key] += row["count_all"]
    admit = decisions.decision != Decision.REJECT
    admitted = batch.filter(pa.array(admit))
    deid_rows = (decisions.decision == Decision.ADMIT_DEIDENTIFIED)[admit]
    stats = DeidStats()
    raw: list[bytes | None] | None = None
    if item.raw is not None:
        kept = np.flatnonzero(admit)
        raw = [None if deid_rows[j] else item.raw[i] for j, i in enumerate(kept)]
    if deid_rows.any():
        if deidentifier is None:
            raise RuntimeError("records need de-identification but no de-identifier was given")
        admitted = _deidentified(admitted, deid_rows, decisions.policy[admit], ctx, deidentifier, stats)
    log = _log_lines(
        ctx,
        item.ordinals,
        _record_refs(batch, ctx.fields, item.raw),
        json_strings(customers),
        _fragment_index(decisions.policy, decisions.decision, decisions.reason),
    )
    lines: list[str] = []
    for bad in item.malformed:
        counts[(NO_CUSTOMER, Decision.REJECT.label, Reason.MALFORMED_RECORD.label)] += 1
        index = _fragment_index(
            np.array([-1], np.int32),
            np.array([Decision.REJECT], np.int8),
            np.array([Reason.MALFORMED_RECORD], np.int8),
        )[0]
        lines.append(
            f'{{"decision_id":"{ctx.run_id}-m{bad.ordinal}","ordinal":{bad.ordinal},'
            f'"record":"sha256:{bad.sha256}","customer":null,"problem":{json.dumps(bad.problem)},'
            f"{ctx.fragments[index]}"
        )
    if lines:
        log += ("\n".join(lines) + "\n").encode("utf-8")
    return Processed(admitted, raw, log, n + len(item.malformed), counts, stats, decisions)
