"""Server-rendered pages: upload or pick, the document with highlighted evidence and
clause numbers, the assessment panel, portfolio filters, versions, diff, error page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from datarights.web.app import create_app
from datarights.web.view import word_diff
from tests.conftest import EXAMPLES
from tests.web.conftest import BASE, Seeded, csrf_from, make_settings


@pytest.fixture
def register_client(tmp_path: Path, seeded: Seeded) -> TestClient:
    return TestClient(create_app(make_settings(tmp_path, db_url=seeded.db_url)), base_url=BASE)


def pick_example(client: TestClient, name: str = "ai-services-agreement.md") -> str:
    token = csrf_from(client.get("/").text)
    response = client.post(f"/examples/{name}", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    location: str = response.headers["location"]
    return location


def test_home_offers_upload_and_examples(client: TestClient) -> None:
    html = client.get("/").text
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    for suffix in ("md", "docx", "pdf"):
        assert f'action="/examples/ai-services-agreement.{suffix}"' in html


def test_document_page_highlights_evidence_with_clause_numbers(client: TestClient) -> None:
    html = client.get(pick_example(client)).text
    marks = re.findall(r'<mark class="ev[^"]*" data-q="([^"]+)"', html)
    assert any("training_use" in m.split() for m in marks)
    # The training-use evidence (clause 7.2) is marked and linked from the panel.
    training = re.search(r'<mark class="ev[^"]*" data-q="[^"]*training_use[^"]*"[^>]*>([^<]+)</mark>', html)
    assert training and "Provider may use Customer Data" in training.group(1)
    assert re.search(
        r'<a href="#ev-\d+" data-span="ev-\d+" data-q="training_use">§ 7.2 Model Improvement</a>', html
    )
    assert re.search(r'<span class="anchor" id="ev-\d+">', html)
    assert '<a href="#sec-' in html and ">7.2</a>" in html  # clause number in the margin
    # Answers and assessment beside the text.
    assert 'id="q-training_use"' in html and ">opt out<" in html
    assert 'class="grade g-' in html and "May the provider train on our data?" in html
    assert "Legal checks" in html
    for link in ("review.json", "assessment.json", "report.html", "redline.docx"):
        assert "/api/documents/" in html and link in html


def test_upload_form_with_counterparty_goes_to_the_document(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    with (EXAMPLES / "ai-services-agreement.pdf").open("rb") as handle:
        response = client.post(
            "/documents",
            data={"csrf_token": token, "counterparty": "Quillstone", "effective": "2025-03-03"},
            files={"file": ("ai-services-agreement.pdf", handle, "application/pdf")},
            follow_redirects=False,
        )
    assert response.status_code == 303
    assert re.fullmatch(r"/documents/[0-9a-f]{64}\?version=\d+", response.headers["location"])
    page = client.get(response.headers["location"]).text
    assert "Stored in the register as version" in page
    assert "Quillstone" in client.get("/portfolio").text


def test_add_to_register_from_the_document_page(client: TestClient) -> None:
    location = pick_example(client)
    token = csrf_from(client.get(location).text)
    response = client.post(
        location + "/register",
        data={"csrf_token": token, "counterparty": "Quillstone"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Quillstone" in client.get("/").text


def test_portfolio_page_filters(register_client: TestClient) -> None:
    html = register_client.get("/portfolio").text
    assert "VideoCo" in html and "Example AI" in html
    filtered = register_client.get("/portfolio", params={"training_use": "opt_out"}).text
    assert "Example AI" in filtered and "VideoCo" not in filtered
    assert '<option value="opt_out" selected>' in filtered
    none = register_client.get("/portfolio", params={"grade": "A"}).text
    assert "No counterparty matches" in none
    sorted_page = register_client.get("/portfolio", params={"sort": "-grade"})
    assert sorted_page.status_code == 200
    bad = register_client.get("/portfolio", params={"sort": "colour"})
    assert bad.status_code == 400 and "bad sort" in bad.text


def test_counterparty_page_and_diff(register_client: TestClient, seeded: Seeded) -> None:
    silent, permitted, prohibited = seeded.versions
    html = register_client.get("/counterparties/VideoCo").text
    assert html.count('name="old"') == 3
    assert f"/diff?old={silent}&amp;new={permitted}" in html  # alert linking to its diff
    diff = register_client.get("/diff", params={"old": silent, "new": permitted}).text
    assert "<code>training_use</code>: silent → permitted" in diff
    assert "<ins>" in diff and "widened" in diff
    narrowed = register_client.get("/diff", params={"old": permitted, "new": prohibited}).text
    assert "permitted → prohibited" in narrowed and "narrowed" in narrowed
    # typed changes of meaning, above the answers: the training right became a promise
    assert 'data-change-type="right_widened"' in diff and "Changes of meaning" in diff
    assert 'data-change-type="promise_added"' in narrowed
    assert diff.index("Changes of meaning") < diff.index("<code>training_use</code>")


def test_version_opens_its_document(register_client: TestClient, seeded: Seeded) -> None:
    response = register_client.get(f"/versions/{seeded.versions[1]}", follow_redirects=False)
    assert response.status_code == 303
    page = register_client.get(response.headers["location"])
    assert page.status_code == 200
    assert "We may use Customer Content to train" in page.text


def test_missing_pages_use_the_html_error_page(register_client: TestClient) -> None:
    for path in ("/documents/" + "f" * 64, "/counterparties/Nobody", "/versions/999", "/no-such-page"):
        response = register_client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith("text/html")
        assert 'class="error-page"' in response.text
    assert register_client.get("/diff", params={"old": "x", "new": 1}).status_code == 422


def test_word_diff() -> None:
    parts = word_diff("We may use data to train.", "We will not use data to train.")
    assert [(p.op, p.text) for p in parts] == [
        ("equal", "We"),
        ("del", "may"),
        ("ins", "will not"),
        ("equal", "use data to train."),
    ]
