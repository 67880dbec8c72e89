"""`scan --engine ray` fills the register exactly as `scan` on this machine does: the same
versions, reviews, answers, evidence, assessments, alerts and failures, for a mixed folder with
corrupt files, on the suite's local Ray cluster (`ray_cluster`); and it resumes the same way."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, select

from datarights.cli.main import main
from datarights.errors import CorruptDocument, InternalError
from datarights.store import Register
from datarights.store.models import Base, ReviewRow, Version
from datarights.workers import run_batch_ray
from tests.conftest import EXAMPLES
from tests.history import PERMITTED, PROHIBITED, SILENT, write

pytestmark = pytest.mark.slow

# Columns that differ between any two runs (keys, clocks, timings), never between engines' answers.
_VOLATILE = {"id", "created_at", "added_at", "resolved_at", "elapsed_ms", "updated_at"}


def _folder(root: Path) -> None:
    """Three versions of one counterparty (so alerts are raised), Word, PDF and HTML documents of
    others, and two corrupt files."""
    write(root, "Example/2024-01-05.md", SILENT)
    write(root, "Example/2024-06-01.md", PERMITTED)
    write(root, "Example/2024-09-01.md", PROHIBITED)
    (root / "Acme").mkdir()
    shutil.copy(EXAMPLES / "ai-services-agreement.docx", root / "Acme" / "agreement.docx")
    shutil.copy(EXAMPLES / "ai-services-agreement.pdf", root / "globex-agreement.pdf")
    html = "<html><body><h1>Terms</h1>" + "".join(f"<p>{p}</p>" for p in PROHIBITED.split("\n\n"))
    write(root, "Initech/terms.html", html + "</body></html>")
    (root / "Acme" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (root / "Initech" / "empty.docx").write_bytes(b"not a zip file")


def _scan(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scan", *args])
    return result.exit_code, result.stderr


# A version id inside stored JSON (an alert's diff names both sides by id and in its label).
_VERSION_ID = re.compile(r'("version_id": |\(version )(\d+)')


def _contents(url: str) -> dict[str, list[str]]:
    """Every table's rows without their volatile columns, as sorted JSON lines. Version ids follow
    the order documents were committed in (as finished, with Ray as with `--jobs`): inside JSON
    each is replaced by its version's path, which is the same whatever the order."""
    engine = create_engine(url)
    tables: dict[str, list[str]] = {}
    try:
        with engine.connect() as connection:
            paths = {str(i): p for i, p in connection.execute(select(Version.id, Version.path))}

            def by_path(match: re.Match[str]) -> str:
                return match.group(1) + json.dumps(paths[match.group(2)])

            for table in Base.metadata.sorted_tables:
                keep = [c for c in table.columns if c.name not in _VOLATILE and not c.name.endswith("_id")]
                rows = connection.execute(select(*keep)).mappings()
                lines = (json.dumps(dict(r), sort_keys=True, default=str) for r in rows)
                tables[table.name] = sorted(_VERSION_ID.sub(by_path, line) for line in lines)
    finally:
        engine.dispose()
    return tables


def _reviews_by_path(url: str) -> dict[str, Any]:
    """Each version's path with its stored review (answers and evidence in `datarights.review/1`)."""
    with Register(url) as register, register.engine.connect() as connection:
        query = select(Version.path, ReviewRow.review).join(
            ReviewRow, ReviewRow.document_sha256 == Version.document_sha256
        )
        return {path: review for path, review in connection.execute(query)}


def test_ray_scan_stores_what_the_local_scan_stores(
    ray_cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _folder(tmp_path / "contracts")
    # Relative paths, as a user types them: Ray's workers started elsewhere must read the same files
    # and the register must hold the same paths.
    monkeypatch.chdir(tmp_path)
    local_url, ray_url = "sqlite:///local.db", "sqlite:///ray.db"
    local_code, local_err = _scan("contracts", "--db", local_url)
    ray_code, ray_err = _scan("contracts", "--db", ray_url, "--engine", "ray")
    assert local_code == ray_code == 15, ray_err  # both failures are corrupt documents
    assert "6 added, 0 already stored, 2 failed" in local_err
    assert "6 added, 0 already stored, 2 failed" in ray_err
    local, ray = _contents(local_url), _contents(ray_url)
    assert local == ray
    assert len(local["versions"]) == 6 and len(local["answers"]) > 0 and len(local["alerts"]) > 0
    failed = sorted(json.loads(row)["path"] for row in ray["failures"])
    assert failed == ["contracts/Acme/broken.pdf", "contracts/Initech/empty.docx"]
    assert _reviews_by_path(local_url) == _reviews_by_path(ray_url)
    assert "training_use" in json.dumps(_reviews_by_path(ray_url)["contracts/Example/2024-06-01.md"])

    # Resume: a second Ray scan reviews nothing already stored and tries the failed files again.
    code, err = _scan("contracts", "--db", ray_url, "--engine", "ray")
    assert code == 15 and "0 added, 6 already stored, 2 failed" in err
    assert _contents(ray_url) == ray


def test_a_task_ray_loses_fails_its_item_alone(ray_cluster: Any) -> None:
    def work(item: int) -> int:
        if item == 2:
            os._exit(1)  # the worker process dies: Ray retries once, then gives up on this item
        if item == 3:
            raise CorruptDocument("bad bytes", path=str(item))
        return item * 10

    outcomes = {o.item: o for o in run_batch_ray([1, 2, 3, 4], work)}
    assert {i: o.result for i, o in outcomes.items() if o.failure is None} == {1: 10, 4: 40}
    lost, corrupt = outcomes[2].failure, outcomes[3].failure
    assert lost is not None and isinstance(lost.error, InternalError) and lost.path == "2"
    assert corrupt is not None and isinstance(corrupt.error, CorruptDocument)
