"""Version diffs as pure functions over review JSON."""

from __future__ import annotations

from typing import Any

from datarights.assess.model import Severity
from datarights.store.diff import (
    Direction,
    Side,
    diff_from_json,
    diff_html,
    diff_json,
    diff_reviews,
    diff_text,
)
from datarights.structure.dates import date_from_name, date_from_text


def _review(**answers: tuple[str, list[str]]) -> dict[str, Any]:
    return {
        "schema": "datarights.review/1",
        "document": {"doc_type": "terms_of_service"},
        "answers": {
            q: {
                "position": p,
                "evidence": [
                    {"start": i * 10, "end": i * 10 + 5, "section": "1", "text": t}
                    for i, t in enumerate(texts)
                ],
            }
            for q, (p, texts) in answers.items()
        },
    }


def test_widening_training_is_critical_and_the_clause_diff_shows_it() -> None:
    old = Side("old", "a" * 64, _review(training_use=("silent", []), retention=("unspecified", [])))
    new = Side(
        "new",
        "b" * 64,
        _review(
            training_use=("permitted", ["We may train our models on <your> content."]),
            retention=("unspecified", []),
        ),
    )
    diff = diff_reviews(old, new)
    assert [c.question for c in diff.changes] == ["training_use"]
    change = diff.changes[0]
    assert change.direction is Direction.WIDENED and change.severity is Severity.CRITICAL
    assert "+We may train our models on <your> content." in change.clause_diff
    assert diff.at_least("high") and diff.severity is Severity.CRITICAL
    assert "silent → permitted" in diff_text(diff)
    page = diff_html(diff)
    assert "&lt;your&gt;" in page and "<your>" not in page  # contract text is escaped
    again = diff_from_json(diff_json(diff))
    assert again.changes == diff.changes


def test_narrowing_rewording_and_verdicts() -> None:
    old = Side(
        "old",
        "a" * 64,
        _review(
            training_use=("permitted", ["May train. On content."]),
            change_notice=("posting_only", ["Post it."]),
        ),
        verdicts={"training_use": "not_acceptable", "audit_rights": "acceptable"},
    )
    new = Side(
        "new",
        "b" * 64,
        _review(
            training_use=("opt_in", ["Only with consent."]), change_notice=("posting_only", ["Post it here."])
        ),
        verdicts={"training_use": "needs_review", "audit_rights": "not_acceptable"},
    )
    diff = diff_reviews(old, new)
    by_question = {c.question: c for c in diff.changes}
    assert by_question["training_use"].direction is Direction.NARROWED
    assert by_question["training_use"].severity is Severity.MEDIUM
    assert by_question["change_notice"].direction is Direction.REWORDED
    assert by_question["change_notice"].severity is Severity.INFO
    assert by_question["audit_rights"].direction is Direction.VERDICT
    assert by_question["audit_rights"].severity is Severity.HIGH
    assert not diff_reviews(old, old).changes


def test_effective_dates() -> None:
    assert str(date_from_name("history/2023-08-07.md")) == "2023-08-07"
    assert date_from_name("terms.md") is None
    assert str(date_from_text("Effective Date: August 11, 2023\n\nPlease read")) == "2023-08-11"
    assert str(date_from_text("**Effective: November 15, 2024**")) == "2024-11-15"
    assert str(date_from_text("Last Updated: February 1, 2023")) == "2023-02-01"
    assert date_from_text("no date here") is None
