"""Register fixtures: every store test runs on SQLite, and on PostgreSQL too when
DATARIGHTS_TEST_POSTGRES_URL is set (CI starts one with scripts/postgres-test.sh)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from datarights.store import Register

POSTGRES_URL = os.environ.get("DATARIGHTS_TEST_POSTGRES_URL", "")


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.db'}"
    if not POSTGRES_URL:
        pytest.skip("set DATARIGHTS_TEST_POSTGRES_URL (scripts/postgres-test.sh start) to test PostgreSQL")
    _reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


@pytest.fixture
def register(db_url: str) -> Iterator[Register]:
    with Register(db_url) as opened:
        yield opened
