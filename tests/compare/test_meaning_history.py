"""Typed changes of meaning on the real histories (../shared/corpus/history): every labelled change the
frame layer reads is found with its type, and no change is reported that no label accounts for (so
unchanged clauses report nothing). Labels: tests/data/meaning-diff-labels.json."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from datarights.cli.main import main
from datarights.compare import diff_meaning
from datarights.compare.labels import LabelledPair, load_labels, matches
from datarights.structure.build import read_document
from tests.conftest import CORPUS, require_shared

HISTORY = CORPUS / "history"
LABELS = load_labels(Path(__file__).resolve().parents[1] / "data" / "meaning-diff-labels.json")

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("pair", LABELS, ids=lambda p: f"{p.history}:{p.old}->{p.new}")
def test_labelled_changes_found_and_nothing_spurious(pair: LabelledPair) -> None:
    require_shared(HISTORY)
    folder = HISTORY / pair.history
    found = diff_meaning(read_document(folder / f"{pair.old}.md"), read_document(folder / f"{pair.new}.md"))
    missed = [
        label for label in pair.labels if label.frames_read and not any(matches(label, c) for c in found)
    ]
    spurious = [c for c in found if not any(matches(label, c) for label in pair.labels)]
    assert not missed, missed
    assert not spurious, [f"{c.type} {c.action} § {c.number}: {c.detail}" for c in spurious]


def test_diff_command_lists_typed_changes_and_fails_on_them(tmp_path: Path) -> None:
    require_shared(HISTORY)
    folder = HISTORY / "Twitter-Privacy-Policy"
    args = [
        "diff",
        str(folder / "2024-11-15.md"),
        str(folder / "2026-01-16.md"),
        "--db",
        str(tmp_path / "r.db"),
    ]
    result = CliRunner().invoke(main, [*args, "--fail-on-change", "medium"])
    assert result.exit_code == 3, result.output
    assert "[MEDIUM] retention_lengthened (retain)" in result.stdout
    assert "period: 90 days → 12 months" in result.stdout
    json_run = CliRunner().invoke(main, [*args, "--format", "json", "--playbook", "vendor"])
    assert '"type": "retention_lengthened"' in json_run.stdout and '"severity": "info"' in json_run.stdout
