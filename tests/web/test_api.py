"""The JSON API: upload, review, assessment, downloads, register, portfolio, diff, OpenAPI."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from datarights.web.app import create_app
from tests.conftest import EXAMPLES
from tests.web.conftest import BASE, Seeded, make_settings


@pytest.fixture
def register_client(tmp_path: Path, seeded: Seeded) -> TestClient:
    return TestClient(create_app(make_settings(tmp_path, db_url=seeded.db_url)), base_url=BASE)


def upload(client: TestClient, path: Path, **data: str) -> dict[str, object]:
    with path.open("rb") as handle:
        response = client.post(
            "/api/documents", files={"file": (path.name, handle, "application/octet-stream")}, data=data
        )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


@pytest.mark.parametrize("suffix", ["md", "docx", "pdf"])
def test_upload_reviews_and_assesses(client: TestClient, suffix: str) -> None:
    body = upload(client, EXAMPLES / f"ai-services-agreement.{suffix}")
    review = body["review"]
    assert isinstance(review, dict)
    assert review["schema"] == "datarights.review/1"
    assert review["answers"]["training_use"]["position"] == "opt_out"
    evidence = review["answers"]["training_use"]["evidence"][0]
    assert evidence["section"].startswith("7.2")
    assert body["grade"] in {"A", "B", "C", "D", "F"}
    assessment = body["assessment"]
    assert isinstance(assessment, dict) and assessment["schema"] == "datarights.assessment/1"
    assert body["format"] == suffix.replace("md", "markdown")


def test_same_upload_twice_is_one_document(client: TestClient) -> None:
    first = upload(client, EXAMPLES / "ai-services-agreement.md")
    second = upload(client, EXAMPLES / "ai-services-agreement.md")
    assert first["sha256"] == second["sha256"]
    assert len(client.get("/api/documents").json()) == 1


def test_get_document_and_downloads(client: TestClient) -> None:
    sha = upload(client, EXAMPLES / "ai-services-agreement.docx")["sha256"]
    detail = client.get(f"/api/documents/{sha}").json()
    links = detail["links"]
    review = client.get(links["review"])
    assert review.status_code == 200
    assert 'filename="ai-services-agreement.review.json"' in review.headers["content-disposition"]
    text_answers = review.json()["answers"]
    assert set(text_answers) == set(detail["review"]["answers"])
    assessment = client.get(links["assessment"])
    assert assessment.json()["grade"]["letter"] == detail["grade"]
    report = client.get(links["report"])
    assert report.headers["content-type"].startswith("text/html")
    assert "attachment" not in report.headers.get("content-disposition", "")
    assert "attachment" in client.get(links["report"] + "?download=1").headers["content-disposition"]
    redline = client.get(links["redline"])
    assert redline.headers["content-type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(redline.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "<w:ins " in xml or "<w:ins>" in xml


def test_redline_for_markdown_is_laid_out_as_docx(client: TestClient) -> None:
    sha = upload(client, EXAMPLES / "ai-services-agreement.md")["sha256"]
    response = client.get(f"/api/documents/{sha}/redline.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/api/documents/" + "0" * 64)
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"
    bad = client.get("/api/documents/../../etc/passwd")
    assert bad.status_code == 404
    assert client.get("/api/documents/not-a-hash").json()["status"] == 404


def test_upload_with_counterparty_adds_a_version(client: TestClient) -> None:
    body = upload(
        client, EXAMPLES / "ai-services-agreement.md", counterparty="Quillstone", effective="2025-03-03"
    )
    version = body["version"]
    assert isinstance(version, dict)
    assert version["counterparty"] == "Quillstone" and version["effective_date"] == "2025-03-03"
    assert client.get("/api/counterparties").json() == ["Quillstone"]
    versions = client.get("/api/counterparties/Quillstone/versions").json()
    assert [v["sha256"] for v in versions] == [body["sha256"]]
    assert versions[0]["positions"]["training_use"] == "opt_out"


def test_bad_effective_date_is_400(client: TestClient) -> None:
    with (EXAMPLES / "ai-services-agreement.md").open("rb") as handle:
        response = client.post(
            "/api/documents",
            files={"file": ("a.md", handle, "x")},
            data={"counterparty": "X", "effective": "March"},
        )
    assert response.status_code == 400
    assert response.json()["error"] == "ConfigError"


def test_register_an_uploaded_document(client: TestClient) -> None:
    sha = upload(client, EXAMPLES / "ai-services-agreement.md")["sha256"]
    response = client.post(f"/api/documents/{sha}/register", data={"counterparty": "Quillstone"})
    assert response.status_code == 201
    assert response.json()["counterparty"] == "Quillstone"
    missing = client.post(f"/api/documents/{sha}/register", data={})
    assert missing.status_code == 422 and missing.json()["error"] == "InvalidRequest"


def test_portfolio_filters_and_sorts(register_client: TestClient) -> None:
    rows = register_client.get("/api/portfolio").json()
    assert {r["counterparty"] for r in rows} == {"VideoCo", "Example AI"}
    opt_out = register_client.get("/api/portfolio", params={"where": "training_use=opt_out"}).json()
    assert [r["counterparty"] for r in opt_out] == ["Example AI"]
    prohibited = register_client.get("/api/portfolio", params={"where": "training_use=prohibited"}).json()
    assert [r["counterparty"] for r in prohibited] == ["VideoCo"]
    riskiest = register_client.get("/api/portfolio", params={"sort": "-training_use"}).json()
    assert riskiest[0]["counterparty"] == "Example AI"
    bad = register_client.get("/api/portfolio", params={"where": "colour=red"})
    assert bad.status_code == 400 and bad.json()["error"] == "ConfigError"


def test_diff_and_alerts(register_client: TestClient, seeded: Seeded) -> None:
    silent, permitted, prohibited = seeded.versions
    diff = register_client.get("/api/diff", params={"old": silent, "new": permitted}).json()
    assert diff["schema"] == "datarights.diff/1"
    change = next(c for c in diff["changes"] if c["question"] == "training_use")
    assert (change["old_position"], change["new_position"], change["direction"]) == (
        "silent",
        "permitted",
        "widened",
    )
    assert diff["severity"] in {"high", "critical"}
    alerts = register_client.get("/api/alerts", params={"counterparty": "VideoCo"}).json()
    pairs = {(a["old_version_id"], a["new_version_id"]) for a in alerts}
    assert {(silent, permitted), (permitted, prohibited)} <= pairs
    widened = next(a for a in alerts if (a["old_version_id"], a["new_version_id"]) == (silent, permitted))
    assert widened["meaning"] and widened["meaning"][0].startswith("[critical] right_widened (train_models)")
    assert diff["meaning"][0]["type"] == "right_widened" and diff["meaning"][0]["new"]["section"]
    assert register_client.get("/api/diff", params={"old": silent, "new": 9999}).status_code == 404
    assert (
        register_client.get(f"/api/versions/{permitted}").json()["positions"]["training_use"] == "permitted"
    )
    assert register_client.get("/api/counterparties/Nobody/versions").status_code == 404


def test_openapi_describes_the_api(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/documents",
        "/api/documents/{sha256}",
        "/api/documents/{sha256}/review.json",
        "/api/documents/{sha256}/assessment.json",
        "/api/documents/{sha256}/report.html",
        "/api/documents/{sha256}/redline.docx",
        "/api/portfolio",
        "/api/diff",
        "/api/alerts",
    ):
        assert path in paths, path
    assert "post" in paths["/api/documents"]
    assert "ErrorBody" in json.dumps(schema["components"])
    assert not any(p.startswith(("/documents", "/portfolio", "/login")) for p in paths)  # pages stay out
    index = client.get("/api")
    assert index.status_code == 200 and "/api/documents/{sha256}/redline.docx" in index.text
    assert client.get("/docs").status_code == 404  # Swagger UI would load assets from a CDN


def test_redline_download_goes_through_prepare(client: TestClient) -> None:
    """As `datarights redline`: online terms get an AI data addendum, not tracked changes in place."""
    terms = Path(__file__).parents[1] / "stack" / "fixtures" / "brightloom-online-terms.md"
    sha = upload(client, terms)["sha256"]
    response = client.get(f"/api/documents/{sha}/redline.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "Addendum" in xml and "<w:ins " not in xml
    # A negotiated contract is still redlined in place.
    contract = client.get(
        f"/api/documents/{upload(client, EXAMPLES / 'ai-services-agreement.md')['sha256']}/redline.docx"
    )
    with zipfile.ZipFile(io.BytesIO(contract.content)) as archive:
        assert "<w:ins " in archive.read("word/document.xml").decode()
