"""Policies for the lineage, runs, transparency and Ray tests: compiled from the bundled example
contract (always present) and confirmed, so the gate admits by them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from datarights.detect.engine import review_path
from datarights.policy.compile import compile_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.io import write_policy
from datarights.policy.model import Permission, Policy, Purpose, Source, Term
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "ai-services-agreement.md"
CONFIRMED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def example_policies() -> tuple[Policy, ...]:
    """Two customers on the example contract (one confirmed, one not), so runs show both fates."""
    review = review_path(EXAMPLE)
    acme = confirm_policy(
        compile_policy("acme", [review], effective=date(2024, 1, 1)), by="counsel@test", at=CONFIRMED_AT
    )
    globex = compile_policy("globex", [review], effective=date(2024, 1, 1))
    return (acme, globex)


@pytest.fixture
def policy_dir(tmp_path: Path, three_policies: tuple[Policy, ...]) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir()
    for policy in three_policies:
        write_policy(policy, folder / f"{policy.customer}.yaml")
    return folder


def allowing(policy: Policy, customer: str, purpose: Purpose) -> Policy:
    """`policy` for another customer with `purpose` allowed by hand (source `manual`), as counsel
    would after negotiating a training grant."""
    rules = tuple(
        replace(r, permission=Term(Permission.ALLOWED, Source.MANUAL, r.permission.provenance))
        if r.purpose is purpose
        else r
        for r in policy.purposes
    )
    edited = replace(policy, customer=customer, purposes=rules, confirmation=None)
    return confirm_policy(edited, by="counsel@test", at=CONFIRMED_AT)


@pytest.fixture(scope="session")
def three_policies(example_policies: tuple[Policy, ...]) -> tuple[Policy, ...]:
    """acme (training forbidden), globex (unconfirmed), initech (training allowed)."""
    return (*example_policies, allowing(example_policies[0], "initech", Purpose.FOUNDATIONAL_TRAINING))
