"""Evidence as reported: document order, no span quoted twice, and the same bytes on every run."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.resolve import in_document_order
from datarights.model.findings import Answer, Basis, Evidence
from datarights.model.questions import QuestionId
from tests.conftest import CORPUS, EXAMPLES, REPO

TEXT = "".join(f"Clause {i} says something about data and models. " for i in range(60))


def _evidence(start: int, end: int, basis: Basis = Basis.EXPLICIT) -> Evidence:
    return Evidence(start, end, "s", TEXT[start:end], basis)


def _answer(evidence: tuple[Evidence, ...]) -> Answer:
    return Answer(QuestionId.TRAINING_USE, "allowed", 0.9, evidence, "why", "training_use@1")


def test_nested_definition_quotes_become_one() -> None:
    answer = in_document_order(_answer((_evidence(549, 735), _evidence(100, 140), _evidence(545, 735))), TEXT)
    assert [(e.start, e.end) for e in answer.evidence] == [(100, 140), (545, 735)]


def test_identical_spans_are_quoted_once() -> None:
    answer = in_document_order(_answer((_evidence(10, 50), _evidence(10, 50))), TEXT)
    assert [(e.start, e.end) for e in answer.evidence] == [(10, 50)]


def test_bridging_span_joins_both_and_keeps_first_basis() -> None:
    cited = (
        _evidence(300, 400, Basis.DEFINED_TERM),
        _evidence(100, 200),
        _evidence(150, 350, Basis.INFERENCE),
    )
    answer = in_document_order(_answer(cited), TEXT)
    assert [(e.start, e.end, e.basis) for e in answer.evidence] == [(100, 400, Basis.DEFINED_TERM)]
    assert answer.evidence[0].text == TEXT[100:400]


def test_touching_spans_stay_apart() -> None:
    answer = in_document_order(_answer((_evidence(200, 300), _evidence(100, 200))), TEXT)
    assert [(e.start, e.end) for e in answer.evidence] == [(100, 200), (200, 300)]


SPANS = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 2), st.integers(1, 400)).map(
        lambda t: (t[0], min(len(TEXT), t[0] + t[1]))
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(SPANS)
def test_reported_evidence_is_ordered_exact_and_disjoint(spans: list[tuple[int, int]]) -> None:
    answer = in_document_order(_answer(tuple(_evidence(s, e) for s, e in spans)), TEXT)
    reported = answer.evidence
    assert list(reported) == sorted(reported, key=lambda e: (e.start, e.end))
    for a, b in itertools.pairwise(reported):
        assert a.end <= b.start  # no overlap, no duplicate
    for e in reported:
        assert TEXT[e.start : e.end] == e.text
        assert e.start in {s for s, _ in spans} and e.end in {end for _, end in spans}
    # Nothing cited is lost: every input span lies inside one reported span.
    for s, e in spans:
        assert any(r.start <= s and e <= r.end for r in reported)
    # Idempotent: reporting twice changes nothing.
    assert in_document_order(answer, TEXT) is answer


def _review_json(path: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "datarights", "review", str(path), "--format", "json"],
        env=env,
        capture_output=True,
        check=True,
        timeout=300,
    )
    return done.stdout


@pytest.mark.parametrize(
    "path",
    [
        EXAMPLES / "ai-services-agreement.md",
        # A capture holding two regional versions with long identical stretches (repeats).
        CORPUS / "contrib" / "Reddit" / "Terms of Service.md",
    ],
    ids=["example", "reddit-terms"],
)
def test_review_json_is_byte_identical_across_processes(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: corpus tests need ../shared beside the repository")
    first, second = _review_json(path, "1"), _review_json(path, "2")
    assert first == second
    assert b'"evidence"' in first
