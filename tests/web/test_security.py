"""Access token, CSRF, cross-site refusal, host check, upload limits and types,
escaping of hostile contract text, security headers, and log hygiene."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from datarights.errors import ConfigError
from datarights.web.app import create_app
from datarights.web.settings import Settings, is_loopback
from tests.web.conftest import BASE, HOSTILE, TOKEN, csrf_from, make_settings

# --------------------------------------------------------------------- binding


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_refuses_public_host_without_token(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="without an access token"):
        create_app(make_settings(tmp_path, host="0.0.0.0"))


def test_public_host_with_token_starts(tmp_path: Path) -> None:
    create_app(make_settings(tmp_path, host="0.0.0.0", token=TOKEN))


def test_short_token_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="too short"):
        create_app(make_settings(tmp_path, token="short"))


def test_cli_refuses_public_host_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from datarights.cli.main import main

    monkeypatch.delenv("DATARIGHTS_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == ConfigError.exit_code
    assert "without an access token" in result.output


def test_settings_take_token_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATARIGHTS_TOKEN", TOKEN)
    assert Settings.from_env().token == TOKEN


# ----------------------------------------------------------------------- token


@pytest.fixture
def locked(tmp_path: Path) -> TestClient:
    return TestClient(create_app(make_settings(tmp_path, token=TOKEN)), base_url=BASE)


def test_api_needs_token(locked: TestClient) -> None:
    response = locked.get("/api/documents")
    assert response.status_code == 401
    assert response.json() == {
        "ok": False,
        "status": 401,
        "error": "Unauthorized",
        "message": "an access token is required",
        "hint": "send 'Authorization: Bearer TOKEN', or sign in at /login",
    }
    assert (
        locked.get("/api/documents", headers={"Authorization": "Bearer wrong-token-0000000"}).status_code
        == 401
    )
    assert locked.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert locked.get("/api/openapi.json").status_code == 401


def test_pages_redirect_to_login(locked: TestClient) -> None:
    response = locked.get("/portfolio", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fportfolio"
    assert locked.get("/healthz").json() == {"ok": True}
    assert locked.get("/static/app.css").status_code == 200


def test_login_sets_session(locked: TestClient) -> None:
    page = locked.get("/login")
    token = csrf_from(page.text)
    wrong = locked.post(
        "/login", data={"token": "not-the-token-at-all", "csrf_token": token, "next": "/portfolio"}
    )
    assert wrong.status_code == 401
    assert "dr_session" not in locked.cookies
    right = locked.post(
        "/login", data={"token": TOKEN, "csrf_token": token, "next": "/portfolio"}, follow_redirects=False
    )
    assert right.status_code == 303 and right.headers["location"] == "/portfolio"
    assert TOKEN not in right.headers["set-cookie"]  # the cookie proves the token; it does not hold it
    assert locked.get("/portfolio").status_code == 200
    assert locked.get("/api/documents").status_code == 200


def test_login_never_redirects_off_site(locked: TestClient) -> None:
    token = csrf_from(locked.get("/login").text)
    response = locked.post(
        "/login",
        data={"token": TOKEN, "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_token_in_query_becomes_cookie_and_leaves_url(locked: TestClient) -> None:
    response = locked.get(f"/portfolio?training_use=opt_out&token={TOKEN}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/portfolio?training_use=opt_out"
    assert locked.get("/portfolio").status_code == 200


def test_login_needs_csrf(locked: TestClient) -> None:
    locked.get("/login")
    assert locked.post("/login", data={"token": TOKEN}).status_code == 403


# ------------------------------------------------------------------------ CSRF


def test_form_post_without_csrf_is_refused(client: TestClient) -> None:
    client.get("/")
    response = client.post("/examples/ai-services-agreement.md", data={})
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert "<!doctype html>" in response.text  # the one HTML error page


def test_form_post_with_forged_csrf_is_refused(client: TestClient) -> None:
    client.get("/")
    client.cookies.set("dr_csrf", "forged.0000")
    response = client.post("/examples/ai-services-agreement.md", data={"csrf_token": "forged.0000"})
    assert response.status_code == 403


def test_csrf_token_from_another_session_is_refused(client: TestClient, tmp_path: Path) -> None:
    other = TestClient(create_app(make_settings(tmp_path / "other")), base_url=BASE)
    stolen = csrf_from(other.get("/").text)  # signed by another server's secret
    client.get("/")
    response = client.post("/examples/ai-services-agreement.md", data={"csrf_token": stolen})
    assert response.status_code == 403


def test_form_post_with_csrf_works(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/examples/ai-services-agreement.md", data={"csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/documents/")


def test_cross_site_posts_are_refused(client: TestClient, example_md: Path) -> None:
    token = csrf_from(client.get("/").text)
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(
            "/examples/ai-services-agreement.md", data={"csrf_token": token}, headers=headers
        )
        assert response.status_code == 403, headers
        with example_md.open("rb") as handle:
            api = client.post(
                "/api/documents", files={"file": ("a.md", handle, "text/markdown")}, headers=headers
            )
        assert api.status_code == 403
        assert api.json()["error"] == "CrossSite"
    same = client.post(
        "/examples/ai-services-agreement.md",
        data={"csrf_token": token},
        headers={"Origin": BASE},
        follow_redirects=False,
    )
    assert same.status_code == 303


def test_foreign_host_header_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    response = client.get("/", headers={"Host": "evil.example:8000"})
    assert response.status_code == 400
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


# --------------------------------------------------------------------- uploads


def test_upload_over_limit(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path, max_upload_bytes=1000)), base_url=BASE)
    response = client.post("/api/documents", files={"file": ("big.txt", b"a" * 5000, "text/plain")})
    assert response.status_code == 413
    body = response.json()
    assert body["error"] == "FileTooLarge" and body["ok"] is False
    assert not (tmp_path / "web" / "uploads").exists() or not any((tmp_path / "web" / "uploads").iterdir())


def test_upload_body_far_over_limit_is_cut_off(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path, max_upload_bytes=1000)), base_url=BASE)
    response = client.post("/api/documents", files={"file": ("big.txt", b"a" * 2_000_000, "text/plain")})
    assert response.status_code == 413
    assert response.json()["error"] == "FileTooLarge"


def test_streamed_body_without_length_is_cut_off(tmp_path: Path) -> None:
    client = TestClient(create_app(make_settings(tmp_path, max_upload_bytes=1000)), base_url=BASE)

    def chunks() -> object:
        yield b'--zzz\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
        for _ in range(40):
            yield b"x" * 10_000

    response = client.post(
        "/api/documents", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=zzz"}
    )
    assert response.status_code == 413
    assert response.json()["error"] == "FileTooLarge"


@pytest.mark.parametrize(
    ("name", "data", "status", "error"),
    [
        ("malware.exe", b"MZ\x90\x00binary", 415, "UnsupportedFormat"),
        ("notes.rtf", b"{\\rtf1 hello}", 415, "UnsupportedFormat"),
        ("fake.pdf", b"this is not a pdf at all", 422, "CorruptDocument"),
        ("fake.docx", b"plain text pretending", 422, "CorruptDocument"),
        ("archive.md", b"PK\x03\x04zipzipzip", 415, "UnsupportedFormat"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50, 415, "UnsupportedFormat"),
        ("empty.txt", b"   \n", 422, "CorruptDocument"),  # as the CLI says it: "file is empty"
    ],
)
def test_upload_type_checks(client: TestClient, name: str, data: bytes, status: int, error: str) -> None:
    response = client.post("/api/documents", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert set(body) == {"ok", "status", "error", "message", "hint"}
    assert "/tmp" not in body["message"]  # no server paths in messages


def test_upload_error_page_for_forms(client: TestClient) -> None:
    token = csrf_from(client.get("/").text)
    response = client.post(
        "/documents",
        data={"csrf_token": token},
        files={"file": ("malware.exe", b"MZ\x90", "application/octet-stream")},
    )
    assert response.status_code == 415
    assert response.headers["content-type"].startswith("text/html")
    assert "Unsupported Media Type" in response.text and "UnsupportedFormat" in response.text


def test_truncated_docx_is_refused_and_not_kept(client: TestClient, settings: Settings) -> None:
    response = client.post("/api/documents", files={"file": ("cut.docx", b"PK\x03\x04" + b"\x00" * 100, "x")})
    assert response.status_code == 422
    assert response.json()["error"] == "CorruptDocument"
    assert not settings.uploads.exists() or not any(settings.uploads.iterdir())


def test_upload_name_cannot_escape_the_uploads_folder(client: TestClient, settings: Settings) -> None:
    response = client.post(
        "/api/documents", files={"file": ("../../../etc/evil.md", b"# T\n\n1.1 Hello.\n", "x")}
    )
    assert response.status_code == 201
    stored = [p for p in settings.uploads.rglob("*") if p.is_file()]
    assert [p.name for p in stored] == ["evil.md"]
    assert stored[0].parent.parent == settings.uploads


# -------------------------------------------------------------------- escaping


def test_hostile_contract_text_is_escaped(client: TestClient) -> None:
    upload = client.post("/api/documents", files={"file": ("hostile.txt", HOSTILE.encode(), "text/plain")})
    assert upload.status_code == 201
    page = client.get(upload.json()["links"]["page"])
    assert page.status_code == 200
    html = page.text
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;/mark&gt;&lt;/p&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # The only scripts on the page are our own file.
    assert html.count("<script") == 1 and '<script src="/static/app.js"' in html


def test_hostile_counterparty_name_is_escaped(client: TestClient) -> None:
    name = "<img src=x onerror=alert(1)>"
    response = client.post(
        "/api/documents",
        files={"file": ("c.txt", b"1.1 We may use Customer Content to train our models.\n", "text/plain")},
        data={"counterparty": name},
    )
    assert response.status_code == 201, response.text
    for path in ("/", "/portfolio"):
        html = client.get(path).text
        assert name not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_hostile_text_in_report_is_escaped(client: TestClient) -> None:
    upload = client.post(
        "/api/documents", files={"file": ("hostile.txt", HOSTILE.encode(), "text/plain")}
    ).json()
    report = client.get(upload["links"]["report"])
    assert report.status_code == 200
    assert "<script>window.__pwned" not in report.text
    assert "sandbox" in report.headers["content-security-policy"]


# --------------------------------------------------------------------- headers


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    assert "httponly" in response.headers["set-cookie"].lower()
    assert "samesite=strict" in response.headers["set-cookie"].lower()


def test_pages_use_no_external_assets(client: TestClient, example_md: Path) -> None:
    with example_md.open("rb") as handle:
        sha = client.post("/api/documents", files={"file": ("a.md", handle, "text/markdown")}).json()[
            "sha256"
        ]
    for path in ("/", f"/documents/{sha}", "/portfolio", "/api", "/login"):
        html = client.get(path).text
        assert "http://" not in html.replace("http://127.0.0.1", "") and "https://" not in html, path
        assert "<script>" not in html and "style=" not in html, path


# --------------------------------------------------------------------- logging


def test_logs_carry_hashes_not_clause_text(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    secret_clause = "Provider may sell Customer Content to the Zebra Consortium for model training."
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            "/api/documents", files={"file": ("s.txt", f"1.1 {secret_clause}\n".encode(), "text/plain")}
        )
        client.get(response.json()["links"]["page"])
        client.get(f"/portfolio?token={TOKEN}")
    # The server's loggers (the test client's own httpx log line shows the URL it sent, token and all).
    text = "\n".join(
        r.getMessage() for r in caplog.records if r.name.startswith(("datarights", "uvicorn", "fastapi"))
    )
    assert response.json()["sha256"][:12] in text
    assert "Zebra" not in text and secret_clause not in text
    assert TOKEN not in text
