"""Runs every detector's case file: each `expect` must hold and each `not` must not."""

from __future__ import annotations

import pytest

from datarights.detect.cases import Case, load_cases
from datarights.detect.engine import review_document
from datarights.detect.findings import Answer
from datarights.detect.questions import QuestionId
from datarights.detect.resolve import MAX_EVIDENCE
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
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
    else:
        assert answered != case.position, f"must not be {case.position}:\n{case.text}"


@pytest.mark.parametrize("question", list(QuestionId))
def test_every_question_has_positive_and_negative_cases(question: QuestionId) -> None:
    cases = load_cases(question)
    assert any(c.kind == "expect" for c in cases), f"{question.value} has no expect case"
    assert any(c.kind == "not" or c.position != cases[0].position for c in cases), (
        f"{question.value} has no negative case"
    )
    positions = {c.position for c in cases if c.kind == "expect"}
    assert len(positions) >= 2, f"{question.value} cases cover only {positions}"
