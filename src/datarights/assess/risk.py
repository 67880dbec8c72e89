"""Risk: the overall grade, from severity (the playbook's) and verdict only.

Detector confidence never enters the grade; it is reported beside each finding.

    weight(severity) = info 0, low 1, medium 3, high 6, critical 10
    factor(verdict)  = acceptable 0, needs_review 0.5, not_acceptable 1
    score            = 100 × (1 − Σ weight·factor / Σ weight)      (100 when Σ weight = 0)
    letter           = A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F
    blocker cap      = a critical finding that is not_acceptable caps the letter at D

Every finding (the eleven questions and every applied legal check) counts once.
"""

from __future__ import annotations

from collections.abc import Iterable

from datarights.assess.model import Finding, Grade, Severity, Verdict

SEVERITY_WEIGHT: dict[Severity, int] = {
    Severity.INFO: 0,
    Severity.LOW: 1,
    Severity.MEDIUM: 3,
    Severity.HIGH: 6,
    Severity.CRITICAL: 10,
}
VERDICT_FACTOR: dict[Verdict, float] = {
    Verdict.ACCEPTABLE: 0.0,
    Verdict.NEEDS_REVIEW: 0.5,
    Verdict.NOT_ACCEPTABLE: 1.0,
}
LETTERS: tuple[tuple[float, str], ...] = ((90.0, "A"), (80.0, "B"), (70.0, "C"), (60.0, "D"))

FORMULA = (
    "score = 100 × (1 − Σ weight(severity)·factor(verdict) / Σ weight(severity)); "
    "weight: info 0, low 1, medium 3, high 6, critical 10; "
    "factor: acceptable 0, needs_review 0.5, not_acceptable 1; "
    "letter: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F; "
    "a critical finding that is not_acceptable caps the letter at D"
)


def penalty(finding: Finding) -> float:
    return SEVERITY_WEIGHT[finding.severity] * VERDICT_FACTOR[finding.verdict]


def grade(findings: Iterable[Finding]) -> Grade:
    findings = tuple(findings)
    total = sum(SEVERITY_WEIGHT[f.severity] for f in findings)
    lost = sum(penalty(f) for f in findings)
    score = 100.0 if total == 0 else round(100.0 * (1.0 - lost / total), 1)
    letter = next((name for floor, name in LETTERS if score >= floor), "F")
    blockers = [
        f.id for f in findings if f.severity is Severity.CRITICAL and f.verdict is Verdict.NOT_ACCEPTABLE
    ]
    capped = bool(blockers) and letter in {"A", "B", "C"}
    if capped:
        letter = "D"
    worked = f"{FORMULA}. Here: 100 × (1 − {lost:g} / {total:g}) = {score:g}"
    if blockers:
        worked += f"; critical not_acceptable: {', '.join(blockers)}" + (" (cap applied)" if capped else "")
    return Grade(letter=letter, score=score, formula=worked)
