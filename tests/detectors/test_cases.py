"""Runs every detector's case file: each `expect` must hold and each `not` must not."""

from __future__ import annotations

import pytest

from datarights.detect.cases import Case, load_cases
from datarights.detect.engine import review_document
from datarights.detect.resolve import MAX_EVIDENCE
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.model.findings import Answer
from datarights.model.questions import POSITIONS, QuestionId
from datarights.structure import build_document

ALL_CASES = [case for question in QuestionId for case in load_cases(question)]


def review_answers(text: str) -> dict[QuestionId, Answer]:
    blocks = tuple(markdown_to_blocks(text))
    document = build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks))
    review = review_document(document)
    for answer in review.answers.values():
        assert len(answer.evidence) <= MAX_EVIDENCE
        for evidence in answer.evidence:
            assert document.text[evidence.start : evidence.end] == evidence.text
    return review.answers


def review_text(text: str) -> dict[QuestionId, str]:
    return {question: answer.position for question, answer in review_answers(text).items()}


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_case(case: Case) -> None:
    answer = review_answers(case.text)[case.question]
    answered = answer.position
    if case.kind == "expect":
        assert answered == case.position, f"expected {case.position}, got {answered}:\n{case.text}"
        cited = [_words(e.text) for e in answer.evidence]
        for phrase in case.cites:
            assert any(_words(phrase) in span for span in cited), (
                f"evidence does not cite {phrase!r}: {cited}"
            )
        assert answer.needs_review == case.needs_review, (
            f"needs_review should be {case.needs_review}, got {answer.needs_review}:\n{case.text}"
        )
    else:
        assert answered != case.position, f"must not be {case.position}:\n{case.text}"


@pytest.mark.parametrize("question", list(QuestionId))
def test_every_position_has_ten_cases_and_look_alikes(question: QuestionId) -> None:
    """The issue's bar: at least ten original clauses per position, plus `not:` look-alikes."""
    cases = load_cases(question)
    counts = {
        p.value: sum(1 for c in cases if c.kind == "expect" and c.position == p.value)
        for p in POSITIONS[question]
    }
    assert all(n >= 10 for n in counts.values()), f"{question.value}: {counts}"
    assert any(c.kind == "not" for c in cases), f"{question.value} has no look-alike (`not:`) case"
