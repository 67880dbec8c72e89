"""Reviews of real documents: every answer is well formed and cited exactly, and
pre-AI contracts that never mention model training never raise a training alarm."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from datarights.detect.engine import review_path
from datarights.model.questions import NEUTRAL_POSITIONS, POSITIONS
from tests.conftest import CORPUS

MARKDOWN = sorted(p for p in CORPUS.glob("*/**/*.md") if p.name != "README.md") if CORPUS.exists() else []
CUAD_PDFS = sorted((CORPUS / "cuad" / "pdf").glob("*")) if CORPUS.exists() else []


@pytest.mark.parametrize("path", MARKDOWN, ids=[str(p.relative_to(CORPUS)) for p in MARKDOWN])
def test_every_answer_is_well_formed_and_cited(corpus: Path, path: Path) -> None:
    review = review_path(path)
    text = review.document.text
    for question, answer in review.answers.items():
        assert answer.position in {p.value for p in POSITIONS[question]}
        assert 0.0 <= answer.confidence <= 1.0
        if answer.position not in NEUTRAL_POSITIONS:
            assert answer.evidence, f"{question.value}={answer.position} without evidence"
        for evidence in answer.evidence:
            assert text[evidence.start : evidence.end] == evidence.text
            assert review.document.is_reviewed(evidence.start), "evidence cited from repeated text"
        # Reported in document order, and no clause quoted twice (no two spans overlap).
        for first, then in itertools.pairwise(answer.evidence):
            assert first.end <= then.start, (
                f"{question.value}: {first.start}–{first.end} / {then.start}–{then.end}"
            )


@pytest.mark.parametrize("path", CUAD_PDFS, ids=[p.name[:40] for p in CUAD_PDFS])
def test_pre_ai_contracts_are_silent_on_training(corpus: Path, path: Path) -> None:
    answers = review_path(path).answers
    assert answers["training_use"].position == "silent"  # type: ignore[index]
    assert answers["training_scope"].position == "not_applicable"  # type: ignore[index]
