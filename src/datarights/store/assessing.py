"""What the register keeps of an `Assessment`: its JSON plus the columns it filters on."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from datarights.assess.model import Assessment
from datarights.assess.playbook import Playbook, load_playbook
from datarights.report.assessment import assessment_json


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
    playbook: str
    grade: str
    score: float
    json: dict[str, Any]  # datarights.assessment/1
    findings: tuple[FindingSummary, ...]

    @property
    def verdicts(self) -> dict[str, str]:
        return {f.id: f.verdict for f in self.findings}


@functools.cache
def playbook_named(name: str) -> Playbook:
    """Loaded once per process: every file of a batch is judged by the same rules."""
    return load_playbook(name)


def stored_assessment(assessment: Assessment, playbook: str) -> StoredAssessment:
    """`playbook`: the name or file the register was opened with (what its rows are keyed by)."""
    findings = tuple(
        FindingSummary(
            f.id, f.kind.value, str(f.position), f.verdict.value, f.severity.value, float(f.confidence)
        )
        for f in assessment.findings
    )
    return StoredAssessment(
        playbook=playbook,
        grade=assessment.grade.letter,
        score=float(assessment.grade.score),
        json=assessment_json(assessment),
        findings=findings,
    )
