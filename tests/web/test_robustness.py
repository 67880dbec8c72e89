"""Hostile and unlucky requests: oversized ids, crashes and unknown routes (which must
still carry the security headers), broken DOCX uploads, and large uploads reviewed in
the background while the client polls."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from datarights.web.app import create_app
from tests.conftest import EXAMPLES
from tests.fuzz.harness import _FIELD_VALUES, Kind, Op, apply
from tests.web.conftest import BASE, Seeded, make_settings

HUGE = "99999999999999999999999"


@pytest.fixture
def register_client(tmp_path: Path, seeded: Seeded) -> TestClient:
    app = create_app(make_settings(tmp_path, db_url=seeded.db_url))
    return TestClient(app, base_url=BASE)


@pytest.mark.parametrize(
    "url",
    [
        f"/api/versions/{HUGE}",
        f"/versions/{HUGE}",
        f"/diff?old={HUGE}&new=1",
        f"/api/diff?old=1&new={HUGE}",
        "/api/versions/0",
        "/api/versions/-3",
        "/api/versions/2147483648",
        f"/documents/{'a' * 64}?version={HUGE}",
    ],
)
def test_ids_are_bounded_integers(register_client: TestClient, url: str) -> None:
    response = register_client.get(url, follow_redirects=False)
    assert response.status_code == 422, response.text
    assert response.headers["content-security-policy"].startswith("default-src 'none'")


def test_largest_id_is_a_lookup_not_an_error(register_client: TestClient) -> None:
    assert register_client.get("/api/versions/2147483647").status_code == 404


def _crashing_app(tmp_path: Path) -> FastAPI:
    app = create_app(make_settings(tmp_path))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    @app.get("/boom")
    def boom_page() -> None:
        raise RuntimeError("a bug")

    return app


@pytest.mark.parametrize("url", ["/api/boom", "/boom", "/no/such/page", "/api/no-such-endpoint"])
def test_security_headers_on_errors_including_500(tmp_path: Path, url: str) -> None:
    client = TestClient(_crashing_app(tmp_path), base_url=BASE, raise_server_exceptions=False)
    response = client.get(url)
    assert response.status_code in (404, 500)
    for header in (
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "cache-control",
    ):
        assert header in response.headers, f"{url} ({response.status_code}) lacks {header}"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "a bug" not in response.text  # the crash's detail stays in the log


def test_example_link_answers_get(client: TestClient) -> None:
    name = "ai-services-agreement.md"
    response = client.get(f"/examples/{name}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/documents/")
    assert client.get(response.headers["location"]).status_code == 200
    assert client.get("/examples/nope.md").status_code == 404


def test_api_json_does_not_expose_server_paths(client: TestClient, tmp_path: Path) -> None:
    path = EXAMPLES / "ai-services-agreement.md"
    with path.open("rb") as handle:
        body = client.post(
            "/api/documents", files={"file": (path.name, handle)}, data={"counterparty": "Example"}
        ).json()
    text = str(body)
    assert str(tmp_path) not in text
    assert body["review"]["document"]["path"] == path.name
    review = client.get(body["links"]["review"]).json()
    assert review["document"]["path"] == path.name
    report = client.get(body["links"]["report"]).text
    assert str(tmp_path) not in report and path.name in report
    versions = client.get("/api/counterparties/Example/versions").json()
    assert versions[0]["path"] == path.name and str(tmp_path) not in str(versions)


def test_upload_page_states_the_limit_as_configured(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path)), base_url=BASE)
    assert "up to 20 MB" in client.get("/").text  # 20 × 1024² bytes, which is 21.0 × 10⁶


def test_malformed_docx_upload_is_a_clear_422(client: TestClient) -> None:
    docx = (EXAMPLES / "ai-services-agreement.docx").read_bytes()
    bad = apply(docx, Op(Kind.ZIP_FIELD, 0, _FIELD_VALUES.index(99), 2), [])
    response = client.post("/api/documents", files={"file": ("bad.docx", bad)})
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "CorruptDocument"
    assert client.get("/api/documents").json() == []  # not kept


# ------------------------------------------------------------------ background review


def _poll(client: TestClient, url: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, object] = client.get(url).json()
        if status["stage"] in ("done", "failed") or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def test_large_upload_is_reviewed_in_the_background(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, background_bytes=1000)
    with TestClient(create_app(settings), base_url=BASE) as client:
        path = EXAMPLES / "ai-services-agreement.md"
        with path.open("rb") as handle:
            response = client.post(
                "/api/documents", files={"file": (path.name, handle)}, data={"counterparty": "Example"}
            )
        assert response.status_code == 202, response.text
        accepted = response.json()
        assert response.headers["location"] == accepted["status_url"]
        assert accepted["stage"] in ("queued", "reading", "reviewing", "assessing", "registering", "done")
        status = _poll(client, accepted["status_url"])
        assert status["stage"] == "done", status
        assert status["progress"] == 1.0 and isinstance(status["version_id"], int)
        detail = client.get(f"/api/documents/{accepted['sha256']}")
        assert detail.status_code == 200
        assert detail.json()["review"]["answers"]["training_use"]["position"] == "opt_out"
        progress = client.get(accepted["page"], follow_redirects=False)
        assert progress.status_code == 303
        assert (
            progress.headers["location"] == f"/documents/{accepted['sha256']}?version={status['version_id']}"
        )


def test_background_failure_is_reported_by_the_status(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, background_bytes=1000)
    docx = (EXAMPLES / "ai-services-agreement.docx").read_bytes()
    bad = apply(docx, Op(Kind.ZIP_FIELD, 0, _FIELD_VALUES.index(99), 2), [])
    with TestClient(create_app(settings), base_url=BASE) as client:
        accepted = client.post("/api/documents", files={"file": ("bad.docx", bad)}).json()
        status = _poll(client, accepted["status_url"])
        assert status["stage"] == "failed"
        assert status["error"] == "CorruptDocument" and "zip" in str(status["message"])
        page = client.get(accepted["page"])
        assert page.status_code == 422 and "zip" in page.text


def test_progress_page_refreshes_while_running(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, background_bytes=1000)
    app = create_app(settings)
    with TestClient(app, base_url=BASE) as client:
        from datarights.web.jobs import Job, Stage

        workspace = app.state.workspace
        job = Job("b" * 64, "big.txt", 5_000_000, Stage.REVIEWING)
        workspace.jobs._jobs[job.sha256] = job  # a review still running
        page = client.get(f"/documents/{job.sha256}/progress")
        assert page.status_code == 200
        assert 'http-equiv="refresh"' in page.text and "reviewing" in page.text
        assert client.get(f"/documents/{job.sha256}", follow_redirects=False).status_code == 303
        assert client.get(f"/api/documents/{job.sha256}").status_code == 202
