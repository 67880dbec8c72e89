"""An interrupted scan (SIGKILL mid-way) resumes without redoing or losing documents."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import OperationalError

from datarights.store import Register
from datarights.store.models import ReviewRow, Version
from tests.history import OWN, TAIL, write

DOCUMENTS = 40
FILLER = "".join(
    f"3.{i} The provider keeps the Services available and supports them as described here.\n\n"
    for i in range(400)
)


def _corpus(root: Path) -> None:
    for i in range(DOCUMENTS):
        body = (
            f"# Vendor {i} Terms of Service\n\nEffective Date: March {i % 28 + 1}, 2024\n\n"
            + OWN
            + FILLER
            + TAIL
        )
        write(root, f"Vendor{i:02d}/terms.md", body)
    (root / "Vendor00" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")


def _committed(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM versions")).scalar_one())
    except OperationalError:  # the scan has not created the tables yet
        return 0
    except Exception as error:  # PostgreSQL before migration: "relation does not exist"
        if "does not exist" in str(error) or "no such table" in str(error):
            return 0
        raise
    finally:
        engine.dispose()


def _scan(root: Path, url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "datarights", "scan", str(root), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so the kill reaches only it
    )


def test_killed_scan_resumes_without_redoing_or_losing_documents(db_url: str, tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    _corpus(root)
    process = _scan(root, db_url)
    try:
        while process.poll() is None and _committed(db_url) < 3:
            pass  # wait until some documents are committed, whatever the machine's speed
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
    if process.returncode != -signal.SIGKILL:
        pytest.fail(f"the scan finished before it could be interrupted (exit {process.returncode})")
    with Register(db_url) as register, register.engine.connect() as connection:
        before = {
            row.document_sha256: (row.id, row.created_at)
            for row in connection.execute(
                select(ReviewRow.document_sha256, ReviewRow.id, ReviewRow.created_at)
            )
        }
    done = len(before)
    assert 3 <= done < DOCUMENTS

    rerun = _scan(root, db_url)
    _, err = rerun.communicate()
    assert rerun.returncode == 15, err  # only broken.pdf failed
    counts = re.search(r"(\d+) added, (\d+) already stored, (\d+) failed", err)
    assert counts is not None, err
    added, stored, failed = map(int, counts.groups())
    assert (stored, added, failed) == (done, DOCUMENTS - done, 1)

    with Register(db_url) as register, register.engine.connect() as connection:
        after = {
            row.document_sha256: (row.id, row.created_at)
            for row in connection.execute(
                select(ReviewRow.document_sha256, ReviewRow.id, ReviewRow.created_at)
            )
        }
        versions = connection.execute(select(Version.document_sha256)).scalars().all()
        assert len(register.counterparties()) == DOCUMENTS
        assert [Path(f.path).name for f in register.failures()] == ["broken.pdf"]
    assert len(after) == DOCUMENTS and len(versions) == DOCUMENTS == len(set(versions))
    assert all(after[sha] == before[sha] for sha in before)  # the first run's work was kept, not redone
