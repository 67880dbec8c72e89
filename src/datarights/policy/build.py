"""Build a policy directly from chosen terms (source `manual`), without a contract: for policies a
team writes by hand, for synthetic benchmarks and for property tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from datarights.policy.model import (
    Cadence,
    Category,
    Conditions,
    Deidentify,
    DeidStandard,
    Duties,
    Operator,
    OptOut,
    OptOutMode,
    Permission,
    Policy,
    Provenance,
    Purpose,
    PurposeRule,
    Retention,
    Source,
    Term,
)

MANUAL = (Provenance("0" * 64, "", 0, 0, "", "manual"),)


T = TypeVar("T")


def _term(value: T) -> Term[T]:
    return Term(value, Source.MANUAL, MANUAL)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    permission: Permission = Permission.FORBIDDEN
    deidentify: tuple[Operator, ...] = ()  # empty: no de-identification condition
    aggregate_only: bool = False
    opt_in_required: bool = False
    exclude: tuple[Category, ...] = ()


@dataclass(frozen=True, slots=True)
class PolicySpec:
    customer: str
    rules: Mapping[Purpose, RuleSpec] = field(default_factory=dict)  # unlisted purposes: forbidden
    effective: date | None = None
    expires: date | None = None
    opt_out: OptOutMode = OptOutMode.RETROACTIVE
    opt_out_from: date | None = None
    max_age_days: int | None = None
    days_after_termination: int | None = 0


def build_policy(spec: PolicySpec) -> Policy:
    rules = []
    for purpose in Purpose:
        r = spec.rules.get(purpose, RuleSpec())
        deid = Deidentify(DeidStandard.CONTRACTUAL, r.deidentify) if r.deidentify else None
        rules.append(
            PurposeRule(
                purpose,
                _term(r.permission),
                Conditions(_term(deid), _term(r.aggregate_only), _term(r.opt_in_required), _term(r.exclude)),
            )
        )
    return Policy(
        customer=spec.customer,
        contracts=(),
        playbook="",
        effective=_term(spec.effective),
        expires=_term(spec.expires),
        purposes=tuple(rules),
        opt_out=_term(OptOut(spec.opt_out, spec.opt_out_from)),
        retention=_term(Retention(spec.max_age_days, spec.days_after_termination)),
        duties=Duties(_term(Cadence.NONE), _term(None), _term(True)),
        compiled_by="datarights.policy.build",
    )
