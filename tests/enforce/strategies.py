"""Hypothesis strategies for the gate's property tests: policies, record batches, opt-outs, PII.

Two settings profiles: `ci` (the default in the suite, a few hundred examples per property) and
`soak` (benchmarks/gate_properties.py runs every property with it, for the ≥100,000-case figure).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from datarights.enforce.decide import PolicySet
from datarights.enforce.model import OptOuts
from datarights.policy.build import PolicySpec, RuleSpec, build_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.model import Category, Operator, OptOutMode, Permission, Policy, Purpose

settings.register_profile(
    "ci",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "soak",
    max_examples=15_000,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile("ci")

CUSTOMERS = ("acme", "globex", "initech", "umbrella")
UNKNOWN = ("hooli", "")
SUBJECTS = ("s1", "s2", "s3")
DAY0 = date(2023, 1, 1)
DAYS = 730

days = st.integers(0, DAYS).map(lambda n: DAY0 + timedelta(days=n))
operators = st.sampled_from(tuple(Operator))
PLAIN_TEXT = st.just("hello")


_permissions = st.sampled_from(tuple(Permission))
_deid_ops = st.lists(operators, min_size=0, max_size=1).map(tuple)
_excludes = st.sets(st.sampled_from(tuple(Category)), max_size=3).map(lambda s: tuple(sorted(s)))


def _rule(
    permission: Permission,
    deid: tuple[Operator, ...],
    aggregate: bool,
    opt_in: bool,
    exclude: tuple[Category, ...],
) -> RuleSpec:
    if permission is not Permission.CONDITIONAL:
        return RuleSpec(permission)
    if not (deid or aggregate or opt_in or exclude):
        opt_in = True  # a conditional purpose has at least one condition
    return RuleSpec(permission, deid, aggregate, opt_in, exclude)


rule_specs = st.builds(_rule, _permissions, _deid_ops, st.booleans(), st.booleans(), _excludes)
_rules = st.fixed_dictionaries({p: rule_specs for p in Purpose})
_optional_day = st.none() | days
_max_age = st.none() | st.integers(0, 800)
_grace = st.none() | st.integers(0, 90)
_modes = st.sampled_from(tuple(OptOutMode))


def _policy(
    customer: str,
    rules: dict[Purpose, RuleSpec],
    effective: date | None,
    expires: date | None,
    mode: OptOutMode,
    opt_out_from: date | None,
    max_age: int | None,
    grace: int | None,
    confirmed: bool,
) -> Policy:
    if effective is not None and expires is not None and expires < effective:
        effective, expires = expires, effective
    policy = build_policy(PolicySpec(customer, rules, effective, expires, mode, opt_out_from, max_age, grace))
    return confirm_policy(policy, "property test") if confirmed else policy


_confirmed = st.integers(0, 4).map(lambda n: n > 0)  # four in five policies are confirmed


def _policy_for(customer: str) -> st.SearchStrategy[Policy]:
    return st.builds(
        _policy,
        st.just(customer),
        _rules,
        _optional_day,
        _optional_day,
        _modes,
        _optional_day,
        _max_age,
        _grace,
        _confirmed,
    )


_POLICY_STRATEGIES = [_policy_for(c) for c in CUSTOMERS]
policies = st.integers(1, len(CUSTOMERS)).flatmap(lambda n: st.tuples(*_POLICY_STRATEGIES[:n]))


@dataclass(frozen=True)
class Case:
    policies: tuple[Policy, ...]
    batch: pa.RecordBatch
    purpose: Purpose
    as_of: date
    opt_outs: OptOuts
    policy_set: PolicySet


def _iso(day: date, second: int) -> str:
    when = datetime.combine(day, datetime.min.time(), UTC) + timedelta(seconds=second)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


_valid_timestamps = st.builds(_iso, days, st.integers(0, 86_399))
_JUNK_TIMESTAMPS = (None, "yesterday", "2024-13-45", "")


def _mostly(valid: st.SearchStrategy[Any], other: tuple[Any, ...], one_in: int = 8) -> st.SearchStrategy[Any]:
    """`valid` values, except about one in `one_in` drawn from `other`: records are mostly
    well-formed, so the later checks (retention, opt-outs, opt-ins, categories) are reached often."""
    return st.tuples(st.integers(0, one_in * len(other) - 1), valid).map(
        lambda t: other[t[0]] if t[0] < len(other) else t[1]
    )


timestamps_or_junk = _mostly(_valid_timestamps, _JUNK_TIMESTAMPS)
_customer_ids = _mostly(st.sampled_from(CUSTOMERS), (*UNKNOWN, None))
_subject_ids = st.sampled_from((*SUBJECTS, None))
_category_lists = st.lists(st.sampled_from([c.value for c in Category] + ["other"]), max_size=2).map(",".join)
_categories = _mostly(_category_lists, (None,))
_opt_in = st.sampled_from((True, True, False, None))


def records(text: st.SearchStrategy[str] = PLAIN_TEXT) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "id": st.integers(0, 10**6).map(lambda n: f"r{n}"),
            "customer_id": _customer_ids,
            "subject_id": _subject_ids,
            "created_at": timestamps_or_junk,
            "text": text,
            "opt_in": _opt_in,
            "categories": _categories,
        }
    )


opt_outs = st.builds(
    OptOuts,
    st.dictionaries(st.sampled_from(CUSTOMERS), days, max_size=2),
    st.dictionaries(st.tuples(st.sampled_from(CUSTOMERS), st.sampled_from(SUBJECTS)), days, max_size=4),
)
_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("customer_id", pa.string()),
        ("subject_id", pa.string()),
        ("created_at", pa.string()),
        ("text", pa.string()),
        ("opt_in", pa.bool_()),
        ("categories", pa.string()),
    ]
)
_purposes = st.sampled_from(tuple(Purpose))


def _case(
    policies: tuple[Policy, ...], rows: list[dict[str, Any]], purpose: Purpose, as_of: date, opt_outs: OptOuts
) -> Case:
    batch = pa.RecordBatch.from_pylist(rows, schema=_SCHEMA)
    return Case(policies, batch, purpose, as_of, opt_outs, PolicySet.of(policies))


def cases(text: st.SearchStrategy[str] = PLAIN_TEXT, max_records: int = 30) -> st.SearchStrategy[Case]:
    return st.builds(
        _case, policies, st.lists(records(text), max_size=max_records), _purposes, days, opt_outs
    )


# ---- PII values of the kinds the de-identifier claims to catch -------------------------------


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


emails = st.from_regex(r"\A[a-z][a-z0-9._]{0,8}[a-z0-9]@[a-z]{2,9}\.(com|org|net|io|de)\Z")
# ASCII digits here; `in_any_script` below rewrites whole values into other scripts' digits.
phones = st.from_regex(
    r"\A(\([0-9]{3}\)[0-9]{3}-[0-9]{4}|[0-9]{3}-[0-9]{3}-[0-9]{4}|[0-9]{3}\.[0-9]{3}\.[0-9]{4}"
    r"|\+1-[0-9]{3}-[0-9]{3}-[0-9]{4}|001-[0-9]{3}-[0-9]{3}-[0-9]{4})(x[0-9]{3,4})?\Z"
)
ssns = (
    st.tuples(st.integers(1, 665), st.integers(1, 99), st.integers(1, 9999))
    .map(lambda t: f"{t[0]:03d}-{t[1]:02d}-{t[2]:04d}")
    .filter(lambda s: len(set(s.replace("-", ""))) > 1)
)
cards = st.tuples(st.sampled_from(("4", "51", "55", "37", "6011")), st.integers(0, 10**14)).map(
    lambda t: _luhn_complete((t[0] + f"{t[1]:015d}")[:15])
)
ipv4s = st.tuples(*[st.integers(1, 254)] * 4).map(lambda t: ".".join(map(str, t)))
# Zero of ASCII, Arabic-Indic, Devanagari and fullwidth digits: PII written in any of them is PII.
DIGIT_ZEROS = ("0", "\u0660", "\u0966", "\uff10")


def _in_script(value: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(c)) if c.isascii() and c.isdigit() else c for c in value)


in_any_script = st.sampled_from(DIGIT_ZEROS)
pii_values = st.tuples(st.one_of(emails, phones, ssns, cards, ipv4s), in_any_script).map(
    lambda t: _in_script(*t)
)
filler = st.sampled_from(("please reach", "the note says", "ticket about billing", "thanks,", "see below"))


@st.composite
def pii_texts(draw: st.DrawFn) -> str:
    parts = [draw(filler)]
    for _ in range(draw(st.integers(0, 2))):
        parts += [draw(pii_values), draw(filler)]
    return " ".join(parts)
