"""Alerts in the web app: per-document alerts list their typed changes of meaning (a new recipient of
personal data), stack alerts are stored and shown beside them (page and API), and the version diff
page shows the typed changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from datarights.store import Register
from datarights.web.app import create_app
from tests.history import write
from tests.web.conftest import BASE, make_settings

STACK = Path(__file__).parents[1] / "stack" / "fixtures"
POLICY = (
    "# Northwind Privacy Policy\n\n## 3. Sharing information\n\n"
    "3.1 We may share your personal information with our service providers to operate the services.\n\n"
    "3.2 We do not sell your personal information.\n"
)
POLICY_V2 = POLICY.replace("with our service providers", "with our service providers and advertisers")


@pytest.fixture
def alerts_client(tmp_path: Path) -> tuple[TestClient, tuple[int, int]]:
    db_url = f"sqlite:///{tmp_path / 'register.db'}"
    with Register(db_url) as register:
        ids = []
        for name, text in (("northwind-2024-01-05.md", POLICY), ("northwind-2024-06-01.md", POLICY_V2)):
            version = register.add_file(
                write(tmp_path / "history", name, text), counterparty="Northwind"
            ).version
            assert version is not None
            ids.append(version.id)
        register.add_file(STACK / "brightloom-online-terms.md", counterparty="Brightloom")
        assert register.add_file(
            STACK / "brightloom-negotiated-addendum.md", counterparty="Brightloom"
        ).stack_alert
    client = TestClient(create_app(make_settings(tmp_path, db_url=db_url)), base_url=BASE)
    return client, (ids[0], ids[1])


def test_a_new_recipient_is_a_typed_change_in_alerts_and_the_diff_page(
    alerts_client: tuple[TestClient, tuple[int, int]],
) -> None:
    client, (old, new) = alerts_client
    alerts = client.get("/api/alerts", params={"counterparty": "Northwind"}).json()
    assert [(a["old_version_id"], a["new_version_id"]) for a in alerts] == [(old, new)]
    assert alerts[0]["meaning"] == ["[high] right_widened (share) § 3.1: recipients added: advertisers"]
    page = client.get("/counterparties/Northwind").text
    assert 'data-change-type="right_widened"' in page and "recipients added: advertisers" in page
    diff = client.get("/diff", params={"old": old, "new": new}).text
    assert "Changes of meaning" in diff and 'data-change-type="right_widened"' in diff
    assert "recipients added: advertisers" in diff and "<ins>" in diff


def test_stack_alerts_in_the_api_and_beside_the_alerts_on_the_page(
    alerts_client: tuple[TestClient, tuple[int, int]],
) -> None:
    client, _ = alerts_client
    stored = client.get("/api/stack-alerts", params={"counterparty": "Brightloom"}).json()
    assert len(stored) == 1
    alert = stored[0]
    assert (alert["documents_before"], alert["documents_after"]) == (1, 2)
    training = next(c for c in alert["changes"] if c["question"] == "training_use")
    assert training["new_controlling"] == "brightloom-negotiated-addendum.md"  # a file name, no folders
    assert client.get("/api/stack-alerts", params={"counterparty": "Northwind"}).json() == []
    assert len(client.get("/api/stack-alerts").json()) == 1
    page = client.get("/counterparties/Brightloom").text
    assert page.index("Change alerts") < page.index("Stack alerts")
    assert f'data-stack-alert="{alert["id"]}"' in page
    assert "now controlled by brightloom-negotiated-addendum.md" in page
    quiet = client.get("/counterparties/Northwind").text
    assert "No stored version has changed the deal" in quiet
    assert "/api/stack-alerts" in client.get("/api/openapi.json").json()["paths"]
