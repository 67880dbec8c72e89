"""Property tests: the gate's invariants hold for generated policies, records, opt-outs and dates.

Each test counts its examples in CASES so benchmarks/gate_properties.py can report how many cases
ran under the `soak` profile (the suite runs the `ci` profile)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pyarrow as pa
from hypothesis import given

from datarights.enforce.decide import PolicySet, decide, timestamps
from datarights.enforce.deidentify import shared_deidentifier
from datarights.enforce.model import Decision, Fields, Reason
from datarights.enforce.process import GateContext, process
from datarights.enforce.readers import InputBatch
from datarights.policy.confirm import is_confirmed
from datarights.policy.model import Permission, Purpose
from tests.enforce.strategies import Case, cases, pii_texts

CASES: Counter[str] = Counter()  # examples run, per property
RECORDS: Counter[str] = Counter()  # generated records decided, per property
REASONS: Counter[str] = Counter()  # how often each reason came up (the generators are not vacuous)
SECRET = b"property-test-secret"


def _micros(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1_000_000


def _admitted(case: Case) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    d = decide(case.batch, case.policy_set, case.purpose, case.as_of, Fields(), case.opt_outs)
    return d.decision != Decision.REJECT, d.decision, d.reason


def _customers(case: Case) -> list[str | None]:
    return case.batch.column("customer_id").to_pylist()


@given(cases())
def test_no_record_is_admitted_for_a_forbidden_purpose(case: Case) -> None:
    CASES["forbidden"] += 1
    RECORDS["forbidden"] += case.batch.num_rows
    admitted, _, reason = _admitted(case)
    REASONS.update(Reason(int(r)).label for r in reason)
    by_customer = {p.customer: p for p in case.policies}
    for i, customer in enumerate(_customers(case)):
        policy = by_customer.get(customer or "")
        if policy is not None and policy.rule(case.purpose).permission.value is Permission.FORBIDDEN:
            assert not admitted[i]


@given(cases())
def test_no_record_is_admitted_for_an_unknown_customer_or_an_unconfirmed_policy(case: Case) -> None:
    CASES["unknown_or_unconfirmed"] += 1
    RECORDS["unknown_or_unconfirmed"] += case.batch.num_rows
    admitted, _, _ = _admitted(case)
    by_customer = {p.customer: p for p in case.policies}
    for i, customer in enumerate(_customers(case)):
        policy = by_customer.get(customer or "")
        if policy is None or not is_confirmed(policy):
            assert not admitted[i]


@given(cases())
def test_no_record_past_retention_or_outside_the_policy_term_is_admitted(case: Case) -> None:
    CASES["retention"] += 1
    RECORDS["retention"] += case.batch.num_rows
    admitted, _, _ = _admitted(case)
    ts, missing, bad = timestamps(case.batch.column("created_at"), case.batch.num_rows)
    by_customer = {p.customer: p for p in case.policies}
    for i, customer in enumerate(_customers(case)):
        if not admitted[i]:
            continue
        assert not missing[i] and not bad[i]
        policy = by_customer[customer or ""]
        retention = policy.retention.value
        if retention.max_age_days is not None:
            assert ts[i] >= _micros(case.as_of - timedelta(days=retention.max_age_days))
        if policy.effective.value is not None:
            assert case.as_of >= policy.effective.value
        if policy.expires.value is not None:
            grace = retention.days_after_termination or 0
            assert case.as_of <= policy.expires.value + timedelta(days=grace)


@given(cases())
def test_no_record_of_an_opted_out_subject_or_customer_after_the_opt_out(case: Case) -> None:
    CASES["opt_out"] += 1
    RECORDS["opt_out"] += case.batch.num_rows
    admitted, _, _ = _admitted(case)
    ts, _, _ = timestamps(case.batch.column("created_at"), case.batch.num_rows)
    subjects = case.batch.column("subject_id").to_pylist()
    by_customer = {p.customer: p for p in case.policies}
    for i, customer in enumerate(_customers(case)):
        if not admitted[i]:
            continue
        policy = by_customer[customer or ""]
        mode = policy.opt_out.value
        dates = [case.opt_outs.customers.get(customer or "")]
        dates.append(case.opt_outs.subjects.get((customer or "", subjects[i] or "")))
        for when in dates:
            if when is None:
                continue
            effective = max(when, mode.from_date) if mode.from_date else when
            if case.as_of >= effective:
                # in force: retroactive bars every record, prospective those from the date on
                assert mode.mode.value == "prospective" and ts[i] < _micros(effective)


@given(cases())
def test_counts_and_log_reconcile_with_the_input(case: Case) -> None:
    CASES["reconcile"] += 1
    RECORDS["reconcile"] += case.batch.num_rows
    ctx = GateContext(
        case.policy_set, case.purpose, case.as_of, Fields(), case.opt_outs, "run"
    ).with_fragments()
    n = case.batch.num_rows
    item = InputBatch(case.batch, np.arange(1, n + 1, dtype=np.int64), None)
    result = process(item, ctx, shared_deidentifier(SECRET))
    assert sum(result.counts.values()) == n == result.log_lines
    lines = [json.loads(line) for line in result.log.decode("utf-8").splitlines()]
    assert len(lines) == n
    admitted = sum(v for (_, d, _), v in result.counts.items() if d != "reject")
    assert result.batch.num_rows == admitted
    assert (
        Counter(line["decision"] for line in lines)
        == Counter(
            {
                d: sum(v for (_, dd, _), v in result.counts.items() if dd == d)
                for d in {"admit", "admit_deidentified", "reject"}
            }
        )
        - Counter()
    )
    for line in lines:
        assert (line["reason"] is None) == (line["decision"] != "reject")
        assert line["reason"] is None or line["reason"] in {r.label for r in Reason}


# What the de-identified text must no longer contain (an oracle independent of Presidio's patterns).
_PLACEHOLDER = re.compile(r"<[A-Z_]+(?::[0-9a-f]{16})?>")
_LEAKS = re.compile(
    r"[a-z0-9._]+@[a-z]+\.[a-z]+"  # e-mail
    r"|\d{3}-\d{2}-\d{4}"  # SSN
    r"|\d{3}[-.)]\d{3}-?\.?\d{4}"  # phone
    r"|\d{13,19}"  # card
    r"|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"  # IPv4
)


@given(cases(text=pii_texts(), max_records=12))
def test_a_record_that_required_deidentification_holds_none_of_the_tested_pii(case: Case) -> None:
    CASES["deidentified"] += 1
    RECORDS["deidentified"] += case.batch.num_rows
    ctx = GateContext(
        case.policy_set, case.purpose, case.as_of, Fields(), case.opt_outs, "run"
    ).with_fragments()
    n = case.batch.num_rows
    item = InputBatch(case.batch, np.arange(1, n + 1, dtype=np.int64), None)
    result = process(item, ctx, shared_deidentifier(SECRET))
    assert result.decisions is not None
    deid = (
        result.decisions.decision[result.decisions.decision != Decision.REJECT] == Decision.ADMIT_DEIDENTIFIED
    )
    texts = result.batch.column("text").to_pylist()
    for i, text in enumerate(texts):
        if deid[i]:
            leak = _LEAKS.search(_PLACEHOLDER.sub(" ", text or ""))
            assert leak is None, f"{leak.group(0)!r} left in {text!r}"


@given(cases(text=pii_texts(), max_records=12))
def test_the_output_is_deterministic(case: Case) -> None:
    CASES["deterministic"] += 1
    RECORDS["deterministic"] += case.batch.num_rows
    ctx = GateContext(
        case.policy_set, case.purpose, case.as_of, Fields(), case.opt_outs, "run"
    ).with_fragments()
    n = case.batch.num_rows
    item = InputBatch(case.batch, np.arange(1, n + 1, dtype=np.int64), None)
    first = process(item, ctx, shared_deidentifier(SECRET))
    again = process(item, ctx, shared_deidentifier(SECRET))
    assert first.log == again.log
    assert first.batch.equals(again.batch)
    reordered = GateContext(
        type(case.policy_set).of(reversed(case.policies)),
        case.purpose,
        case.as_of,
        Fields(),
        case.opt_outs,
        "run",
    ).with_fragments()
    assert process(item, reordered, shared_deidentifier(SECRET)).log == first.log


def test_decide_reads_fields_of_other_types() -> None:
    """Integer customer ids and epoch-second timestamps are read, not rejected as malformed."""
    batch = pa.RecordBatch.from_pydict(
        {"customer_id": pa.array([1, 2], pa.int64()), "created_at": pa.array([0, 1_700_000_000], pa.int64())}
    )
    d = decide(batch, PolicySet.of([]), Purpose.EVALUATION, date(2024, 1, 1))
    assert list(d.reason) == [Reason.UNKNOWN_CUSTOMER, Reason.UNKNOWN_CUSTOMER]
