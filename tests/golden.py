"""One golden-file mechanism: compare, or rewrite under `--update-golden` (or DATARIGHTS_UPDATE_GOLDEN=1).

A missing golden file is a failure, never a silent pass: it is written so it can be reviewed, and the
test fails until it is committed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest


def update_requested(config: pytest.Config) -> bool:
    flag = bool(config.getoption("--update-golden", default=False))
    return flag or os.environ.get("DATARIGHTS_UPDATE_GOLDEN") == "1"


def check_golden(
    path: Path,
    rendered: str,
    update: bool,
    explain: Callable[[str, str], str] | None = None,
) -> None:
    """Fail unless `rendered` equals the golden file at `path`; rewrite it instead when `update`."""
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        return
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
        pytest.fail(f"{path.name} did not exist and was written; review it, commit it and run again")
    expected = path.read_text(encoding="utf-8")
    if rendered != expected:
        detail = explain(expected, rendered) if explain else "content differs"
        pytest.fail(
            f"{path.name}: {detail}. If the change is intended, rerun with --update-golden and review the diff."
        )
