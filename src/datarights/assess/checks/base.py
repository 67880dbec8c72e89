"""What a legal check is: an id, a group the playbook switches on, and a pure function
from the document and the eleven answers to a status with evidence."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from datarights.assess.model import CheckStatus, Citation
from datarights.detect.language import DocumentView
from datarights.model.findings import Answer, Evidence
from datarights.model.questions import QuestionId
from datarights.model.review import DocType


class CheckGroup(StrEnum):
    """Checklists a playbook can apply; each maps to one part of spec/legal-basis.md."""

    GDPR_ART28 = "gdpr_art28"  # §1.1
    CCPA_SERVICE_PROVIDER = "ccpa_service_provider"  # §2.5-2.6
    US_STATE_PROCESSOR = "us_state_processor"  # §3
    DEIDENTIFICATION = "deidentification"  # §4.4
    MODEL_LIFECYCLE = "model_lifecycle"  # §5.3, Q7
    SUBPROCESSORS = "subprocessors"  # Q8, EDPB Op. 22/2024
    TRANSPARENCY = "transparency"  # Q10
    TERMS_CHANGES = "terms_changes"  # Q14


@dataclass(frozen=True, slots=True)
class Context:
    """What every check reads: the document (through the shared view), its type, and the answers."""

    view: DocumentView
    doc_type: DocType
    answers: Mapping[QuestionId, Answer]

    def position(self, question: QuestionId) -> str:
        return self.answers[question].position

    def answer_evidence(self, *questions: QuestionId) -> tuple[Evidence, ...]:
        return tuple(e for q in questions for e in self.answers[q].evidence)


@dataclass(frozen=True, slots=True)
class CheckResult:
    status: CheckStatus
    evidence: tuple[Evidence, ...]
    rationale: str  # what the document says, in plain words
    confidence: float  # how sure the detectors are of the status, in [0, 1]


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    group: CheckGroup
    title: str
    run: Callable[[Context], CheckResult]
    why_it_matters: str
    ask: str  # what to ask for when the check is not met
    citations: tuple[Citation, ...]
