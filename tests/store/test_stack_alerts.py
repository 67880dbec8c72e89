"""Change alerts per stack: a new version of one document of a counterparty's stack reports the
questions whose combined answer or controlling document changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from datarights.cli.main import main
from datarights.detect.engine import review_path
from datarights.detect.questions import QuestionId
from datarights.errors import InternalError
from datarights.stack.build import build_stack
from datarights.stack.model import Audience, CombinedAnswer, ControlBasis, Stack
from datarights.store import Register
from datarights.store.stack_alerts import change_from_json, compare_stacks, stack_alert_text

FIXTURES = Path(__file__).parents[1] / "stack" / "fixtures"
TERMS = FIXTURES / "brightloom-online-terms.md"
ADDENDUM = FIXTURES / "brightloom-negotiated-addendum.md"


def _terms_v2(tmp_path: Path) -> Path:
    """A later version of the online terms: training becomes mandatory, and the date moves on."""
    text = TERMS.read_text(encoding="utf-8")
    text = text.replace("Last updated: March 3, 2025", "Last updated: November 3, 2025")
    text = text.replace(
        " Customer may opt out of this use by changing the setting in the admin console.",
        " Customer may not opt out of this use.",
    )
    path = tmp_path / "brightloom-online-terms-v2.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_addendum_added_to_the_stack_changes_who_controls(register: Register) -> None:
    first = register.add_file(TERMS, counterparty="Brightloom")
    assert first.stack_alert is None  # one document: the per-document alert says it all
    result = register.add_file(ADDENDUM, counterparty="Brightloom")
    alert = result.stack_alert
    assert alert is not None and alert.counterparty == "Brightloom"
    assert (alert.documents_before, alert.documents_after) == (1, 2)
    training = next(c for c in alert.changes if c.question is QuestionId.TRAINING_USE)
    assert training.old_controlling.endswith("online-terms.md")
    assert training.new_controlling.endswith("negotiated-addendum.md")
    assert training.new_position == "prohibited" and training.position_changed
    text = stack_alert_text(alert)
    assert "training_use:" in text and "now controlled by brightloom-negotiated-addendum.md" in text


def test_new_version_under_an_overriding_addendum(register: Register, tmp_path: Path) -> None:
    """The terms' own training clause gets worse, but the addendum still controls training:
    the per-document alert reports it, the stack alert does not."""
    register.add_file(TERMS, counterparty="Brightloom")
    register.add_file(ADDENDUM, counterparty="Brightloom")
    result = register.add_file(_terms_v2(tmp_path), counterparty="Brightloom")
    assert any(d.change("training_use") is not None for d in result.alerts)
    changed = {c.question for c in result.stack_alert.changes} if result.stack_alert else set()
    assert QuestionId.TRAINING_USE not in changed


def test_stack_alerts_are_stored_and_listed_newest_first(register: Register, tmp_path: Path) -> None:
    register.add_file(TERMS, counterparty="Brightloom")
    assert register.stack_alerts("Brightloom") == []  # one document: no stack alert to keep
    raised = register.add_file(ADDENDUM, counterparty="Brightloom").stack_alert
    assert raised is not None
    stored = register.stack_alerts("Brightloom")
    assert len(stored) == 1 and stored[0].alert == raised  # read back exactly as raised
    assert stored[0].positions_changed == sum(c.position_changed for c in raised.changes) > 0
    assert register.stack_alerts("Nobody") == [] and register.stack_alerts() == stored
    # adding the same file again raises nothing and stores nothing more
    assert register.add_file(ADDENDUM, counterparty="Brightloom").stack_alert is None
    assert len(register.stack_alerts()) == 1
    later = register.add_file(_terms_v2(tmp_path), counterparty="Brightloom").stack_alert
    newest = register.stack_alerts("Brightloom")
    assert [a.alert for a in newest] == ([later, raised] if later is not None else [raised])


def test_a_stored_stack_alert_goes_with_its_version(register: Register) -> None:
    from sqlalchemy import delete

    from datarights.store.models import Version

    register.add_file(TERMS, counterparty="Brightloom")
    version = register.add_file(ADDENDUM, counterparty="Brightloom").version
    assert version is not None and register.stack_alerts()
    with register._sessions.begin() as session:
        session.execute(delete(Version).where(Version.id == version.id))
    assert register.stack_alerts() == []


def test_a_damaged_stored_change_is_an_error_that_says_so() -> None:
    with pytest.raises(InternalError, match="stored stack alert change"):
        change_from_json({"question": "not_a_question"})


def test_older_version_added_late_changes_nothing(register: Register, tmp_path: Path) -> None:
    register.add_file(_terms_v2(tmp_path), counterparty="Brightloom")
    register.add_file(ADDENDUM, counterparty="Brightloom")
    backfilled = register.add_file(TERMS, counterparty="Brightloom")
    assert backfilled.stack_alert is None  # not the current version: the deal is unchanged


def test_compare_stacks_same_stack_is_quiet() -> None:
    stack = build_stack([review_path(TERMS), review_path(ADDENDUM)])
    assert compare_stacks(stack, stack) == ()


def test_cli_add_prints_the_stack_alert(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["add", str(TERMS), "-c", "Brightloom", "--db", url]).exit_code == 0
    result = runner.invoke(main, ["add", str(ADDENDUM), "-c", "Brightloom", "--db", url])
    assert result.exit_code == 0, result.output
    assert "ALERT: the stack's combined answers changed" in result.stdout
    assert "training_use:" in result.stdout


def _stack(answers: dict[QuestionId, tuple[str, str]]) -> Stack:
    return Stack(
        (),
        (),
        (),
        (),
        Audience.BUSINESS,
        "",
        {
            q: CombinedAnswer(
                q, position, path, ControlBasis.ONLY if path else ControlBasis.SILENT, "", (), (), ()
            )
            for q, (position, path) in answers.items()
        },
    )


_ANSWERS = st.fixed_dictionaries(
    {
        q: st.tuples(st.sampled_from(("yes", "no", "silent")), st.sampled_from(("", "a.md", "dpa.md")))
        for q in QuestionId
    }
)


@given(_ANSWERS, _ANSWERS)
def test_compare_stacks_reports_exactly_the_questions_that_differ(
    old: dict[QuestionId, tuple[str, str]], new: dict[QuestionId, tuple[str, str]]
) -> None:
    forward = compare_stacks(_stack(old), _stack(new))
    assert {c.question for c in forward} == {q for q in QuestionId if old[q] != new[q]}
    backward = {c.question: c for c in compare_stacks(_stack(new), _stack(old))}
    for change in forward:
        swapped = backward[change.question]
        assert (swapped.old_position, swapped.old_controlling) == (
            change.new_position,
            change.new_controlling,
        )
        assert change.position_changed == (old[change.question][0] != new[change.question][0])
