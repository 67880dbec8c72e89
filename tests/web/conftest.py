"""Web fixtures: an app on a temporary register and uploads folder, a TestClient,
and a real uvicorn server on a free loopback port for the browser tests."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from datarights.web.app import create_app
from datarights.web.settings import Settings
from tests.conftest import EXAMPLES
from tests.history import PERMITTED, PROHIBITED, SILENT, write

TOKEN = "correct-horse-battery-staple"
BASE = "http://127.0.0.1"

# A contract is untrusted input: markup in its text must reach the page as text.
HOSTILE = (
    "# Terms <script>alert('title')</script>\n\n"
    "## 1. Data\n\n"
    "1.1 We may use Customer Content to train our machine learning models. "
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> '
    '</mark></p><b>bold</b> & "quotes"\n'
)

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


def make_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "db_url": f"sqlite:///{tmp_path / 'register.db'}",
        "data_dir": tmp_path / "web",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url=BASE) as test_client:
        yield test_client


@pytest.fixture
def example_md() -> Path:
    return EXAMPLES / "ai-services-agreement.md"


@dataclass(frozen=True)
class Seeded:
    """A register with one counterparty's three versions (silent → permitted → prohibited)
    and a second counterparty with the bundled example."""

    db_url: str
    versions: tuple[int, int, int]


def seed_register(tmp_path: Path) -> Seeded:
    from datarights.store import Register

    db_url = f"sqlite:///{tmp_path / 'register.db'}"
    folder = tmp_path / "history"
    ids = []
    with Register(db_url) as register:
        for name, text in (
            ("videoco-2024-01-05.md", SILENT),
            ("videoco-2024-06-01.md", PERMITTED),
            ("videoco-2024-09-01.md", PROHIBITED),
        ):
            result = register.add_file(write(folder, name, text), counterparty="VideoCo")
            assert result.version is not None, result
            ids.append(result.version.id)
        register.add_file(EXAMPLES / "ai-services-agreement.md", counterparty="Example AI")
    return Seeded(db_url, (ids[0], ids[1], ids[2]))


@pytest.fixture
def seeded(tmp_path: Path) -> Seeded:
    return seed_register(tmp_path)


# ----------------------------------------------------------------- live server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Live:
    url: str
    settings: Settings


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """uvicorn for `settings` on 127.0.0.1:settings.port, in a thread; yields its URL and stops it after."""
    import uvicorn

    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=settings.port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[Live]:
    """The seeded register served on a free port, stopped after the test."""
    seeded = seed_register(tmp_path)
    settings = make_settings(tmp_path, db_url=seeded.db_url, port=free_port())
    with serving(settings) as url:
        yield Live(url, settings)
