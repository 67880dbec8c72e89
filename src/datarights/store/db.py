"""Open a register database: resolve its URL, create the engine, run migrations to head."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
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


def migrate(engine: Engine, revision: str = "head") -> None:
    """The in-process equivalent of `alembic upgrade head` (or `revision`); a no-op when current."""
    target = head_revision() if revision == "head" else revision
    if current_revision(engine) == target:
        return
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
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
