"""The typed assessment that reports, redlines, the register and policies consume.

Its JSON form is `datarights.assessment/1` (see `report/assessment.py`).
Severity belongs to the playbook; confidence belongs to the detector; the two
are never mixed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from datarights.model.findings import Evidence

ASSESSMENT_SCHEMA = "datarights.assessment/1"


class Verdict(StrEnum):
    ACCEPTABLE = "acceptable"
    NEEDS_REVIEW = "needs_review"
    NOT_ACCEPTABLE = "not_acceptable"


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class CheckStatus(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    # The stack names the document that would carry the terms (a DPA), but it was not supplied.
    NOT_PROVIDED = "not_provided"


class FindingKind(StrEnum):
    QUESTION = "question"  # one of the eleven data-rights questions, judged by the playbook
    CHECK = "check"  # a legal checklist item (GDPR Art. 28(3)(a), 11 CCR §7051(a)(2), …)


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal or contractual source, with how well it was verified (spec/legal-basis.md legend)."""

    label: str  # "GDPR Art. 28(3)(a)"
    verification: str = "V"  # V (seen in the official text), S (secondary source), K (unverified)
    url: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One judged item: a question's answer under the playbook, or a legal check."""

    id: str  # question id ("training_use") or check id ("gdpr_28_3_a")
    kind: FindingKind
    title: str
    position: str  # the question's position, or the check's CheckStatus value
    verdict: Verdict
    severity: Severity
    confidence: float  # from the detector(s), in [0, 1]
    evidence: tuple[Evidence, ...]
    rationale: str  # what the document says, in plain words
    why_it_matters: str
    ask: str  # what to ask for in negotiation
    citations: tuple[Citation, ...] = ()
    model_clauses: tuple[str, ...] = ()  # clause-library ids for redlines ("no_training.buyer")
    judged_as: str = ""  # the position the playbook judged, when silence is read as a riskier position
    group: str = ""  # the checklist a check belongs to (CheckGroup value); "" for questions
    verdict_basis: str = ""  # why this verdict: "preferred", "fallback 1", "unacceptable", "unlisted", "low confidence", or the check status


@dataclass(frozen=True, slots=True)
class Grade:
    letter: str  # A–F
    score: float  # 0–100, higher is safer for the playbook's party
    formula: str  # the documented formula, stated so a reader can recompute it


@dataclass(frozen=True)
class Assessment:
    document_path: str
    document_sha256: str
    document_format: str
    doc_type: str
    playbook: str
    findings: tuple[Finding, ...]
    grade: Grade
    summary: dict[str, str]  # one-screen summary: headline question → plain answer
    summary_findings: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # headline → ids of the findings behind it
    notes: tuple[str, ...] = ()  # checklists or checks not applied, and why
    playbook_title: str = ""
    document_title: str = ""
    audience: str = ""  # who the checks assumed the customer is (stack.model.Audience value)
    audience_reason: str = ""  # and the clauses or document type that say so

    def finding(self, finding_id: str) -> Finding | None:
        return next((f for f in self.findings if f.id == finding_id), None)
