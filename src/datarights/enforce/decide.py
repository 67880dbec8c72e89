"""`decide`: one pure function from a record batch to a decision per record. Fail-closed: a record
is admitted only when every check below proves it may be; anything else is a rejection with the
first reason that applies, in the order of `Reason` (a missing field is reported where the check
that needs it comes: the customer first, the timestamp before retention, categories before the
exclusion).

It reads nothing but its arguments and returns fresh arrays, so the local runner, a Ray
`map_batches` or any other runner can call it unchanged. The work is vectorised: each policy's
terms are reduced, for the given purpose and as-of date, to a few scalars (one slot per policy and
one for "no policy"), and every row picks its policy's values by index; the only per-row Python is
the fallback that parses timestamps pyarrow cannot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from datarights.enforce.model import DEFAULT_FIELDS, NO_OPT_OUTS, Decision, Decisions, Fields, OptOuts, Reason
from datarights.policy.confirm import is_confirmed
from datarights.policy.io import policy_sha256
from datarights.policy.model import Category, Permission, Policy, Purpose

NEVER = np.iinfo(np.int64).max  # a cut-off no timestamp reaches
ALWAYS = np.iinfo(np.int64).min
_CATEGORIES = tuple(c.value for c in Category)
_TRUE_STRINGS = pa.array(["true", "1", "yes", "y", "t"])
_US_PER_DAY = 86_400_000_000


@dataclass(frozen=True)
class PolicySet:
    """The policies a gate run decides by, indexed by customer."""

    policies: tuple[Policy, ...]
    customers: pa.Array
    sha256: tuple[str, ...]
    confirmed: tuple[bool, ...]

    @classmethod
    def of(cls, policies: Iterable[Policy]) -> PolicySet:
        ordered = tuple(sorted(policies, key=lambda p: p.customer))
        names = [p.customer for p in ordered]
        if len(set(names)) != len(names):
            raise ValueError("two policies for one customer")
        return cls(
            ordered,
            pa.array(names, pa.string()),
            tuple(policy_sha256(p) for p in ordered),
            tuple(is_confirmed(p) for p in ordered),
        )

    def __len__(self) -> int:
        return len(self.policies)


def _micros(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) * 1_000_000


def needs_deidentification(policy: Policy, purpose: Purpose) -> bool:
    rule = policy.rule(purpose)
    c = rule.conditions
    return rule.permission.value is Permission.CONDITIONAL and (
        c.deidentify.value is not None or c.aggregate_only.value
    )


@dataclass(frozen=True, slots=True)
class _Terms:
    """Each policy's terms for one purpose and as-of date; slot len(policies) is "no policy"."""

    reason: npt.NDArray[np.int8]
    cutoff: npt.NDArray[np.int64]  # a record created before this is past retention
    opt_in: npt.NDArray[np.bool_]
    deidentify: npt.NDArray[np.bool_]
    retroactive: npt.NDArray[np.bool_]
    opt_out_from: npt.NDArray[np.int64]  # opt-outs take effect no earlier than this
    excluded: npt.NDArray[np.bool_]  # [policy, category]


def _terms(policies: PolicySet, purpose: Purpose, as_of: date) -> _Terms:
    n = len(policies) + 1
    reason = np.full(n, Reason.UNKNOWN_CUSTOMER, np.int8)
    cutoff = np.full(n, ALWAYS, np.int64)
    opt_in = np.zeros(n, np.bool_)
    deid = np.zeros(n, np.bool_)
    retro = np.ones(n, np.bool_)
    opt_out_from = np.full(n, ALWAYS, np.int64)
    excluded = np.zeros((n, len(_CATEGORIES)), np.bool_)
    for i, policy in enumerate(policies.policies):
        rule = policy.rule(purpose)
        effective, expires = policy.effective.value, policy.expires.value
        retention = policy.retention.value
        grace = retention.days_after_termination
        if effective is not None and as_of < effective:
            reason[i] = Reason.NO_POLICY
        elif not policies.confirmed[i]:
            reason[i] = Reason.POLICY_UNCONFIRMED
        elif expires is not None and as_of > expires + timedelta(days=grace or 0):
            reason[i] = Reason.POLICY_EXPIRED
        elif rule.permission.value is Permission.FORBIDDEN:
            reason[i] = Reason.PURPOSE_FORBIDDEN
        else:
            reason[i] = Reason.NONE
        if retention.max_age_days is not None:
            cutoff[i] = _micros(as_of - timedelta(days=retention.max_age_days))
        conditional = rule.permission.value is Permission.CONDITIONAL
        c = rule.conditions
        opt_in[i] = conditional and c.opt_in_required.value
        deid[i] = needs_deidentification(policy, purpose)
        mode = policy.opt_out.value
        retro[i] = mode.mode.value == "retroactive"
        if mode.from_date is not None:
            opt_out_from[i] = _micros(mode.from_date)
        if conditional:
            for category in c.exclude_categories.value:
                excluded[i, _CATEGORIES.index(category.value)] = True
    return _Terms(reason, cutoff, opt_in, deid, retro, opt_out_from, excluded)


def _column(batch: pa.RecordBatch, name: str | None) -> pa.Array | None:
    if name is None:
        return None
    index = batch.schema.get_field_index(name)
    return None if index < 0 else batch.column(index)


def _as_strings(column: pa.Array) -> pa.Array:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column
    if pa.types.is_dictionary(column.type):
        return _as_strings(column.dictionary_decode())
    try:
        return pc.cast(column, pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.nulls(len(column), pa.string())


def _parse_one(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp() * 1_000_000)


def timestamps(
    column: pa.Array | None, n: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Microseconds since the epoch (UTC), which rows are null, and which could not be parsed."""
    if column is None:
        return np.zeros(n, np.int64), np.ones(n, np.bool_), np.zeros(n, np.bool_)
    missing = column.is_null().to_numpy(zero_copy_only=False)
    t = column.type
    out: pa.Array | None = None
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        out = pc.cast(
            column, pa.timestamp("us", tz="UTC") if pa.types.is_date(t) else pa.timestamp("us", tz=t.tz)
        )
    elif pa.types.is_integer(t):
        values = column.fill_null(0).to_numpy().astype(np.int64) * 1_000_000  # epoch seconds
        return values, missing, np.zeros(n, np.bool_)
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        for target in (pa.timestamp("us", tz="UTC"), pa.timestamp("us")):
            try:
                out = pc.cast(column, target)
                break
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
        if out is None:  # mixed or odd formats: parse one by one, unparseable is malformed
            parsed = [_parse_one(v) for v in column.to_pylist()]
            bad = np.array([p is None for p in parsed], np.bool_) & ~missing
            values = np.array([p if p is not None else 0 for p in parsed], np.int64)
            return values, missing, bad
    if out is None:
        return np.zeros(n, np.int64), missing, ~missing
    values = pc.cast(out, pa.int64()).fill_null(0).to_numpy()
    return values.astype(np.int64), missing, np.zeros(n, np.bool_)


def _truthy(column: pa.Array | None, n: int) -> npt.NDArray[np.bool_]:
    if column is None:
        return np.zeros(n, np.bool_)
    if pa.types.is_boolean(column.type):
        flags: npt.NDArray[np.bool_] = column.fill_null(False).to_numpy(zero_copy_only=False).astype(np.bool_)
        return flags
    if pa.types.is_integer(column.type):
        nonzero: npt.NDArray[np.bool_] = column.fill_null(0).to_numpy() != 0
        return nonzero
    text = pc.utf8_lower(pc.utf8_trim_whitespace(_as_strings(column)))
    truthy: npt.NDArray[np.bool_] = (
        pc.is_in(text, value_set=_TRUE_STRINGS)
        .fill_null(False)
        .to_numpy(zero_copy_only=False)
        .astype(np.bool_)
    )
    return truthy


def categories(
    column: pa.Array | None, n: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """(row, category index) pairs for the known categories a row is tagged with, and which rows
    have no category value at all (absent column or null). A string is split on commas/semicolons."""
    if column is None:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.ones(n, np.bool_)
    missing = column.is_null().to_numpy(zero_copy_only=False)
    if pa.types.is_list(column.type) or pa.types.is_large_list(column.type):
        lists = column
    else:
        lists = pc.split_pattern_regex(_as_strings(column), pattern=r"\s*[,;]\s*")
    flat = pc.utf8_lower(pc.utf8_trim_whitespace(_as_strings(pc.list_flatten(lists))))
    rows = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    index = pc.index_in(flat, value_set=pa.array(_CATEGORIES)).fill_null(-1).to_numpy().astype(np.int64)
    known = index >= 0
    return rows[known], index[known], missing


def decide(
    batch: pa.RecordBatch,
    policies: PolicySet,
    purpose: Purpose,
    as_of: date,
    fields: Fields = DEFAULT_FIELDS,
    opt_outs: OptOuts = NO_OPT_OUTS,
) -> Decisions:
    """A decision, a reason and the deciding policy for every row of `batch`."""
    n = batch.num_rows
    terms = _terms(policies, purpose, as_of)
    reason = np.zeros(n, np.int8)

    def reject(mask: npt.NDArray[np.bool_], why: Reason) -> None:
        reason[(reason == 0) & mask] = why

    customer_column = _column(batch, fields.customer)
    customers = _as_strings(customer_column) if customer_column is not None else pa.nulls(n, pa.string())
    blank = pc.equal(pc.utf8_trim_whitespace(customers), "")
    no_customer = pc.or_kleene(customers.is_null(), blank).fill_null(True).to_numpy(zero_copy_only=False)
    policy = pc.index_in(customers, value_set=policies.customers).fill_null(len(policies)).to_numpy()
    policy = policy.astype(np.int32)
    ts, ts_missing, ts_bad = timestamps(_column(batch, fields.timestamp), n)

    reject(ts_bad, Reason.MALFORMED_RECORD)
    reject(no_customer, Reason.MISSING_FIELD)
    undecided = reason == 0
    # unknown customer, not yet in force, unconfirmed, expired, purpose forbidden: per policy
    reason[undecided] = terms.reason[policy][undecided]
    reject(ts_missing, Reason.MISSING_FIELD)
    reject(ts < terms.cutoff[policy], Reason.RETENTION_EXPIRED)

    if opt_outs:
        as_of_us = _micros(as_of)
        from_ = terms.opt_out_from[policy]
        retro = terms.retroactive[policy]
        dated = _opt_out_dates(customers, _column(batch, fields.subject), opt_outs, n)
        for when in dated:
            effective = np.maximum(when, from_)
            in_force = effective <= as_of_us
            reject(in_force & (retro | (ts >= effective)), Reason.OPTED_OUT)

    needs_opt_in = terms.opt_in[policy]
    if needs_opt_in.any():
        reject(needs_opt_in & ~_truthy(_column(batch, fields.opt_in), n), Reason.OPT_IN_MISSING)

    excludes = terms.excluded[policy].any(axis=1)
    if excludes.any():
        rows, cats, cats_missing = categories(_column(batch, fields.categories), n)
        reject(excludes & cats_missing, Reason.MISSING_FIELD)
        hit = np.zeros(n, np.bool_)
        if len(rows):
            hit[rows[terms.excluded[policy[rows], cats]]] = True
        reject(hit, Reason.EXCLUDED_CATEGORY)

    decision = np.where(
        reason != 0,
        np.int8(Decision.REJECT),
        np.where(terms.deidentify[policy], np.int8(Decision.ADMIT_DEIDENTIFIED), np.int8(Decision.ADMIT)),
    ).astype(np.int8)
    deciding = np.where(policy == len(policies), -1, policy).astype(np.int32)
    return Decisions(decision, reason, deciding)


def _opt_out_dates(
    customers: pa.Array, subjects: pa.Array | None, opt_outs: OptOuts, n: int
) -> list[npt.NDArray[np.int64]]:
    """Per row, when the customer's opt-out and the subject's opt-out start (NEVER if none)."""
    out: list[npt.NDArray[np.int64]] = []
    if opt_outs.customers:
        keys = list(opt_outs.customers)
        dates = np.array([_micros(opt_outs.customers[k]) for k in keys] + [NEVER], np.int64)
        index = pc.index_in(customers, value_set=pa.array(keys, pa.string())).fill_null(len(keys)).to_numpy()
        out.append(dates[index])
    if opt_outs.subjects and subjects is not None:
        pairs = list(opt_outs.subjects)
        dates = np.array([_micros(opt_outs.subjects[k]) for k in pairs] + [NEVER], np.int64)
        joined = pc.binary_join_element_wise(customers, _as_strings(subjects), "\x1f")
        value_set = pa.array([f"{c}\x1f{s}" for c, s in pairs], pa.string())
        index = pc.index_in(joined, value_set=value_set).fill_null(len(pairs)).to_numpy()
        out.append(dates[index])
    return out
