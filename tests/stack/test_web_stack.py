"""The stack page and its JSON API route over a register counterparty."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from datarights.report.stack import stack_schema
from datarights.store import Register
from datarights.web.app import create_app
from datarights.web.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    with Register(url) as register:
        register.add_file(FIXTURES / "brightloom-online-terms.md", counterparty="Bright & Loom")
        register.add_file(FIXTURES / "brightloom-negotiated-addendum.md", counterparty="Bright & Loom")
    settings = Settings(db_url=url, data_dir=tmp_path / "web")
    with TestClient(create_app(settings), base_url="http://127.0.0.1") as test_client:
        yield test_client


def test_stack_page_shows_the_controlling_clause(client: TestClient) -> None:
    page = client.get("/counterparties/Bright%20%26%20Loom/stack")
    assert page.status_code == 200
    html = page.text
    assert "brightloom-negotiated-addendum.md" in html
    assert "will not use Customer Content to train" in html
    assert "Bright &amp; Loom" in html and "Bright & Loom:" not in html
    assert (
        "/counterparties/Bright%20%26%20Loom/stack" in client.get("/counterparties/Bright%20%26%20Loom").text
    )


def test_stack_api_matches_the_schema(client: TestClient) -> None:
    response = client.get("/api/counterparties/Bright%20%26%20Loom/stack")
    assert response.status_code == 200
    payload = response.json()
    jsonschema.validate(payload, stack_schema())
    assert payload["answers"]["training_use"]["position"] == "prohibited"
    missing = client.get("/api/counterparties/Nobody/stack")
    assert missing.status_code == 404 and missing.json()["error"]
