"""Change alerts on real version histories (../shared/corpus/history): the AI-training
clause appearing in Zoom's terms in spring 2023 and narrowed in August 2023, and
the training sentence added to Twitter's privacy policy in September 2023."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from datarights.assess.model import Severity
from datarights.cli.main import main
from datarights.store import Register, VersionDiff
from datarights.store.diff import Direction
from tests.conftest import CORPUS, require_shared

HISTORY = CORPUS / "history"
ZOOM = HISTORY / "Zoom-Terms-of-Service"
TWITTER = HISTORY / "Twitter-Privacy-Policy"

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], VersionDiff]:
    """Every alert raised while adding both histories in date order, keyed by (old, new) file stem."""
    require_shared(HISTORY)
    url = f"sqlite:///{tmp_path_factory.mktemp('history') / 'register.db'}"
    alerts: dict[tuple[str, str], VersionDiff] = {}
    with Register(url) as register:
        for folder, name, doc_type in (
            (ZOOM, "Zoom", "terms_of_service"),
            (TWITTER, "Twitter", "privacy_policy"),
        ):
            for path in sorted(folder.glob("*.md")):
                result = register.add_file(path, counterparty=name, doc_type=doc_type)
                assert result.version is not None, result.failure
                for alert in result.alerts:
                    alerts[(str(alert.old.effective_date), path.stem)] = alert
    return alerts


def _training(diff: VersionDiff) -> tuple[str, str, Direction, Severity]:
    change = diff.change("training_use")
    assert change is not None, "training_use did not change"
    return change.old_position, change.new_position, change.direction, change.severity


def test_zoom_training_clause_appears_in_spring_2023(history: dict[tuple[str, str], VersionDiff]) -> None:
    diff = history[("2023-02-01", "2023-04-01")]
    assert _training(diff) == ("silent", "permitted", Direction.WIDENED, Severity.CRITICAL)
    change = diff.change("training_use")
    assert change is not None
    assert [c.section for c in change.new_clauses] == ["10.4 Customer License Grant"]
    assert any("machine learning, artificial intelligence, training" in line for line in change.clause_diff)
    assert diff.at_least("high")


def test_zoom_training_is_narrowed_in_august_2023(history: dict[tuple[str, str], VersionDiff]) -> None:
    first = history[("2023-07-28", "2023-08-07")]
    assert _training(first)[:3] == ("permitted", "opt_in", Direction.NARROWED)
    change = first.change("training_use")
    assert change is not None
    assert any(
        line.startswith("+Notwithstanding the above, Zoom will not use audio, video or chat Customer Content")
        for line in change.clause_diff
    )
    second = history[("2023-08-07", "2023-08-11")]
    assert _training(second)[:3] == ("opt_in", "prohibited", Direction.NARROWED)
    change = second.change("training_use")
    assert change is not None
    assert "10.2 Permitted Uses and Customer License Grant" in [c.section for c in change.new_clauses]
    assert not second.at_least("high")  # narrowing is reported, but does not fail a --fail-on-change high run


def test_no_training_alert_between_unchanged_zoom_versions(
    history: dict[tuple[str, str], VersionDiff],
) -> None:
    diff = history.get(("2023-04-01", "2023-07-28"))
    assert diff is None or diff.change("training_use") is None


def test_twitter_adds_training_in_september_2023(history: dict[tuple[str, str], VersionDiff]) -> None:
    diff = history[("2023-05-18", "2023-09-29")]
    assert _training(diff) == ("silent", "permitted", Direction.WIDENED, Severity.CRITICAL)
    change = diff.change("training_use")
    assert change is not None
    assert change.clause_diff[-1].startswith(
        "+We may use the information we collect and publicly available information to help train our machine learning"
    )


def test_diff_command_fails_on_the_spring_change(tmp_path: Path) -> None:
    require_shared(HISTORY)
    args = ["diff", str(ZOOM / "2023-02-01.md"), str(ZOOM / "2023-04-01.md"), "--db", str(tmp_path / "r.db")]
    result = CliRunner().invoke(main, [*args, "--fail-on-change", "high"])
    assert result.exit_code == 3
    assert "[CRITICAL] training_use: silent → permitted (widened)" in result.stdout
