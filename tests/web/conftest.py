"""Web fixtures: an app on a temporary register and uploads folder, a TestClient,
and a real uvicorn server on a free loopback port for the browser tests."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from datarights.web import Settings, create_app
from tests.conftest import EXAMPLES

TOKEN = "correct-horse-battery-staple"
BASE = "http://127.0.0.1"

HEAD = "# Example Video Terms of Service\n\nEffective Date: {when}\n\n## 1. Customer Content\n\n"
OWN = "1.1 You own your Customer Content. The provider processes Customer Content only to provide the Services to you.\n\n"
TRAIN = (
    "1.2 We may use Customer Content to train our machine learning and artificial intelligence models.\n\n"
)
NO_TRAIN = "1.2 The provider does not use Customer Content to train artificial intelligence models.\n\n"
TAIL = "## 2. Changes\n\n2.1 We may change these terms by posting a new version on our website.\n"

SILENT = HEAD.format(when="January 5, 2024") + OWN + TAIL
PERMITTED = HEAD.format(when="June 1, 2024") + OWN + TRAIN + TAIL
PROHIBITED = HEAD.format(when="September 1, 2024") + OWN + NO_TRAIN + TAIL

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


def write(directory: Path, name: str, content: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


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


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[Live]:
    """uvicorn on 127.0.0.1 and a free port, in a thread, stopped after the test."""
    import uvicorn

    seeded = seed_register(tmp_path)
    port = free_port()
    settings = make_settings(tmp_path, db_url=seeded.db_url, port=port)
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
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
        yield Live(f"http://127.0.0.1:{port}", settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
