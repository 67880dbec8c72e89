"""A review: one document's answers to the questions, with the document and its type."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from datarights.model.document import Document
from datarights.model.findings import Answer
from datarights.model.questions import QuestionId


class DocType(StrEnum):
    """What kind of document a review read (spelled as in the review JSON)."""

    DATA_PROCESSING_AGREEMENT = "data_processing_agreement"
    PRIVACY_POLICY = "privacy_policy"
    ACCEPTABLE_USE = "acceptable_use"
    DEVELOPER_TERMS = "developer_terms"
    COMMERCIAL_TERMS = "commercial_terms"
    TERMS_OF_SERVICE = "terms_of_service"
    OTHER = "other"


@dataclass(frozen=True)
class Review:
    document: Document
    doc_type: DocType
    answers: dict[QuestionId, Answer]
    elapsed_ms: float
    # What the review derived (a `detect.language.DocumentView`: sentences, frames,
    # definitions), so assessing it reads them instead of deriving them again; read it with
    # `detect.engine.view_of(review)`. Not sent between processes: a worker's review arrives
    # without it and derives it again only if it is asked for.
    derived: object | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "derived": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
