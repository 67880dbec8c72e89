"""The core model every stage shares: the document (`document.py`), the questions and their
positions (`questions.py`), evidence, hits and answers (`findings.py`), and the review (`review.py`)."""

from __future__ import annotations

from datarights.model.document import (
    Block,
    BlockKind,
    CrossReference,
    Definition,
    Document,
    Format,
    Page,
    Paragraph,
    RawDocument,
    Repeat,
    Revision,
    RevisionKind,
    Section,
    Sentence,
    Span,
)
from datarights.model.findings import Answer, Basis, Evidence, Hit, Precedence
from datarights.model.questions import POSITIONS, Position, QuestionId
from datarights.model.review import DocType, Review

__all__ = [
    "POSITIONS",
    "Answer",
    "Basis",
    "Block",
    "BlockKind",
    "CrossReference",
    "Definition",
    "DocType",
    "Document",
    "Evidence",
    "Format",
    "Hit",
    "Page",
    "Paragraph",
    "Position",
    "Precedence",
    "QuestionId",
    "RawDocument",
    "Repeat",
    "Review",
    "Revision",
    "RevisionKind",
    "Section",
    "Sentence",
    "Span",
]
