"""Policies for the lineage, runs, transparency and Ray tests: compiled from the bundled example
contract (always present) and confirmed, so the gate admits by them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from datarights.detect.engine import review_path
from datarights.enforce.lineage import recorded_gate
from datarights.enforce.runners.local import GateRun
from datarights.enforce.runs import RunRecord
from datarights.enforce.synthetic import SyntheticSpec, synthetic_batch
from datarights.policy.compile import compile_policy
from datarights.policy.confirm import confirm_policy
from datarights.policy.io import write_policy
from datarights.policy.model import Permission, Policy, Purpose, Retention, Source, Term
from tests.conftest import EXAMPLES
from tests.store.conftest import db_url  # noqa: F401 — the register on SQLite, and PostgreSQL when set

EXAMPLE = EXAMPLES / "ai-services-agreement.md"
CONFIRMED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def example_policies() -> tuple[Policy, ...]:
    """Two customers on the example contract (one confirmed, one not), so runs show both fates."""
    review = review_path(EXAMPLE)
    acme = confirm_policy(
        _kept(compile_policy("acme", [review], effective=date(2024, 1, 1))),
        by="counsel@test",
        at=CONFIRMED_AT,
    )
    globex = _kept(compile_policy("globex", [review], effective=date(2024, 1, 1)))
    return (acme, globex)


def _kept(policy: Policy) -> Policy:
    """The policy with no age limit on records (source `manual`). The example contract deletes Inputs and
    Outputs after 30 days and the generated records are years old, so by the contract alone every run would
    show one fate, retention expired; these tests are about the others."""
    kept = Retention(max_age_days=None, days_after_termination=policy.retention.value.days_after_termination)
    return replace(policy, retention=Term(kept, Source.MANUAL, policy.retention.provenance))


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


CUSTOMERS = ("acme", "globex", "initech", "stranger")


def write_records(path: Path, records: int, seed: int = 7, malformed: int = 2) -> Path:
    """Generated records of the four customers (`stranger` has no policy), plus malformed lines."""
    table = synthetic_batch(SyntheticSpec(records, CUSTOMERS, pii_rate=0.3, seed=seed))
    with path.open("w", encoding="utf-8") as handle:
        for i, row in enumerate(table.to_pylist()):
            handle.write(json.dumps(row) + "\n")
            if malformed and i % max(records // malformed, 1) == 0:
                handle.write("{not json\n")
    return path


@pytest.fixture(scope="session")
def recorded_runs(
    tmp_path_factory: pytest.TempPathFactory, three_policies: tuple[Policy, ...]
) -> tuple[Path, list[RunRecord]]:
    """Ten recorded gate runs: eight foundational-training runs, two analytics runs that
    de-identify, each on its own generated input."""
    base = tmp_path_factory.mktemp("recorded")
    policies = base / "policies"
    policies.mkdir()
    for policy in three_policies:
        write_policy(policy, policies / f"{policy.customer}.yaml")
    runs = base / "runs"
    recorded: list[RunRecord] = []
    for i in range(10):
        purpose = Purpose.ANALYTICS if i in (3, 7) else Purpose.FOUNDATIONAL_TRAINING
        source = write_records(base / f"in-{i}.jsonl", 200 + 40 * i, seed=i)
        gate = GateRun(
            source,
            base / f"out-{i}.jsonl",
            base / f"log-{i}.jsonl",
            base / f"manifest-{i}.json",
            policies,
            purpose,
            date(2026, 3, 1),
            measure_deid=i == 3,
        )
        _, run = recorded_gate(gate, runs, label=f"nightly-{i}", model="base-7b" if i < 5 else "base-13b")
        recorded.append(run)
    return runs, recorded
