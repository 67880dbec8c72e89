"""Several processes opening a register that does not exist yet, at the same moment: one
migrates, the others wait, and every process's batch is stored (SQLite and PostgreSQL)."""

from __future__ import annotations

import multiprocessing
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

from sqlalchemy import create_engine, inspect

from datarights.store import Register
from datarights.store import db as store_db

PROCESSES = 4
ROUNDS = 3


def _open_and_add(url: str, path: str, name: str, barrier: Barrier, results: Queue[tuple[str, str]]) -> None:
    barrier.wait(timeout=60)  # every process opens the fresh register at once
    try:
        with Register(url) as register:
            outcome = str(register.add_file(path, counterparty=name).status)
    except Exception as error:  # reported to the parent as the test's failure message
        outcome = f"{type(error).__name__}: {error}"
    results.put((name, outcome))


def _contract(folder: Path, index: int) -> Path:
    path = folder / f"contract-{index}.md"
    path.write_text(
        f"# Agreement {index}\n\n## 1. Data\n\n1.1 Provider shall not use Customer Data of "
        f"customer number {index} to train its models.\n",
        encoding="utf-8",
    )
    return path


def _race(url: str, folder: Path) -> list[str]:
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(PROCESSES)
    paths = [_contract(folder, index) for index in range(PROCESSES)]
    results: Queue[tuple[str, str]] = context.Queue()
    workers = [
        context.Process(target=_open_and_add, args=(url, str(path), f"party-{i}", barrier, results))
        for i, path in enumerate(paths)
    ]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=30)
    return [outcomes[f"party-{i}"] for i in range(PROCESSES)]


def _drop_all(url: str) -> None:
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        from tests.store.conftest import _reset_postgres

        engine.dispose()
        _reset_postgres(url)
        return
    engine.dispose()
    Path(engine.url.database or "").unlink(missing_ok=True)


def test_first_use_by_parallel_processes_migrates_once_and_stores_every_batch(
    db_url: str, tmp_path: Path
) -> None:
    for round_ in range(ROUNDS):  # the race was lost 4 times in 11: repeat it
        _drop_all(db_url)
        statuses = _race(db_url, tmp_path)
        assert statuses == ["added"] * PROCESSES, f"round {round_}: {statuses}"
        engine = store_db.create(db_url)
        try:
            assert store_db.current_revision(engine) == store_db.head_revision()
            assert "counterparties" in inspect(engine).get_table_names()
        finally:
            engine.dispose()
        with Register(db_url) as register:
            assert sorted(register.counterparties()) == [f"party-{i}" for i in range(PROCESSES)]
