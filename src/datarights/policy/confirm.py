"""Confirming a policy: a named person accepts every term, including the restrictive defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from datarights.policy.io import content_sha256
from datarights.policy.model import Confirmation, Policy, Term


def _cleared(term: Term[Any]) -> Term[Any]:
    return replace(term, to_confirm=False) if term.to_confirm else term


def confirm_policy(policy: Policy, by: str, at: datetime | None = None) -> Policy:
    """The policy with its open terms accepted as they stand and a confirmation naming `by`.

    The confirmation records the content hash, so a later edit to any term voids it (the gate
    then treats the policy as unconfirmed)."""
    if not by.strip():
        raise ValueError("a confirmation needs the name of the person confirming")
    open_terms = policy.open_terms()
    d = policy.duties
    cleared = replace(
        policy,
        effective=_cleared(policy.effective),
        expires=_cleared(policy.expires),
        opt_out=_cleared(policy.opt_out),
        retention=_cleared(policy.retention),
        purposes=tuple(
            replace(
                rule,
                permission=_cleared(rule.permission),
                conditions=replace(
                    rule.conditions,
                    deidentify=_cleared(rule.conditions.deidentify),
                    aggregate_only=_cleared(rule.conditions.aggregate_only),
                    opt_in_required=_cleared(rule.conditions.opt_in_required),
                    exclude_categories=_cleared(rule.conditions.exclude_categories),
                ),
            )
            for rule in policy.purposes
        ),
        duties=replace(
            d,
            transparency_report=_cleared(d.transparency_report),
            notice_before_change_days=_cleared(d.notice_before_change_days),
            delete_derived_models_on_termination=_cleared(d.delete_derived_models_on_termination),
        ),
        confirmation=None,
    )
    when = (at or datetime.now(UTC)).replace(microsecond=0)
    return replace(cleared, confirmation=Confirmation(by.strip(), when, content_sha256(cleared), open_terms))


def is_confirmed(policy: Policy) -> bool:
    """Confirmed, and not edited since: the confirmation's hash matches the terms."""
    c = policy.confirmation
    return c is not None and c.content_sha256 == content_sha256(policy) and not policy.open_terms()
