"""Open a register database: resolve its URL, create the engine, run migrations to head."""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

DEFAULT_PATH = "datarights.db"
ENV_VAR = "DATARIGHTS_DB"
MIGRATIONS = Path(__file__).with_name("migrations")


def resolve_url(url: str | None = None) -> str:
    """`url` if given, else `$DATARIGHTS_DB`, else `./datarights.db`. A bare path means SQLite."""
    raw = url or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser()}"
    return raw


def _alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create(url: str) -> Engine:
    if url.startswith("sqlite") and make_url(url).database not in (None, "", ":memory:"):
        Path(make_url(url).database or DEFAULT_PATH).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


# Any fixed 64-bit number: the advisory lock every datarights process takes to migrate.
_PG_MIGRATION_LOCK = 0x6461746172696768  # "datarigh"


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise migrations between processes opening the same SQLite file.

    SQLite has no advisory locks, and Alembic's DDL does not start with a write lock, so two
    processes creating a new register both saw "no tables" and one then failed with "table
    counterparties already exists". An exclusive lock on a file beside the database closes
    that window. PostgreSQL takes an advisory lock inside the migration transaction instead."""
    database = make_url(engine.url.render_as_string(hide_password=False)).database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        yield
        return
    lock_path = Path(f"{database}.lock")
    with open(lock_path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def migrate(engine: Engine, revision: str = "head") -> None:
    """The in-process equivalent of `alembic upgrade head` (or `revision`); a no-op when current.
    Safe when several processes open a new or old register at once: one migrates, the
    others wait for it and then find the schema current."""
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    with _migration_lock(engine), engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Held to the end of this transaction, so the waiting process sees the new schema.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        if MigrationContext.configure(connection).get_current_revision() == target:
            return  # another process migrated while we waited for the lock
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    log.info("migrated register to %s (%s)", target, engine.dialect.name)


def downgrade(engine: Engine, revision: str) -> None:
    """`alembic downgrade revision`, in process (for tests and rolling back a release)."""
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
    log.info("downgraded register to %s (%s)", revision, engine.dialect.name)
