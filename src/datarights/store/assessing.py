"""Assess a review under a playbook when the assessment engine is installed.

The engine (`datarights.assess.engine`, `datarights.assess.playbook`,
`datarights.report.assessment`) is imported lazily: without it the register
stores reviews only and leaves grades and verdicts empty.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from typing import Any

from datarights.detect.engine import Review


@dataclass(frozen=True, slots=True)
class FindingSummary:
    id: str
    kind: str
    position: str
    verdict: str
    severity: str
    confidence: float


@dataclass(frozen=True, slots=True)
class StoredAssessment:
    """What the register keeps of an `Assessment`: its JSON plus the columns it filters on."""

    playbook: str
    grade: str
    score: float
    json: dict[str, Any]  # datarights.assessment/1
    findings: tuple[FindingSummary, ...]

    @property
    def verdicts(self) -> dict[str, str]:
        return {f.id: f.verdict for f in self.findings}


@functools.cache
def _engine() -> tuple[Any, Any, Any] | None:
    try:
        engine = importlib.import_module("datarights.assess.engine")
        playbook = importlib.import_module("datarights.assess.playbook")
        report = importlib.import_module("datarights.report.assessment")
        return engine.assess, playbook.load_playbook, report.assessment_json
    except ImportError:
        return None


def assessment_available() -> bool:
    return _engine() is not None


@functools.cache
def _playbook(name: str) -> Any:
    loaded = _engine()
    assert loaded is not None
    return loaded[1](name)


def assess_review(review: Review, playbook: str) -> StoredAssessment | None:
    """None when the assessment engine is not installed."""
    loaded = _engine()
    if loaded is None:
        return None
    assess, _, to_json = loaded
    assessment = assess(review, _playbook(playbook))
    findings = tuple(
        FindingSummary(
            f.id,
            str(f.kind.value if hasattr(f.kind, "value") else f.kind),
            str(f.position),
            str(f.verdict.value if hasattr(f.verdict, "value") else f.verdict),
            str(f.severity.value if hasattr(f.severity, "value") else f.severity),
            float(f.confidence),
        )
        for f in assessment.findings
    )
    return StoredAssessment(
        playbook=playbook,
        grade=assessment.grade.letter,
        score=float(assessment.grade.score),
        json=to_json(assessment),
        findings=findings,
    )
