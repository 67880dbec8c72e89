"""Typed findings: evidence spans, detector hits, and resolved answers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum, StrEnum

from datarights.model.questions import Position, QuestionId


class Basis(StrEnum):
    """Why a span counts as evidence."""

    EXPLICIT = "explicit"  # the clause says it in terms
    DEFINED_TERM = "defined_term"  # reached through the document's own definition
    EXCEPTION = "exception"  # a carve-out that qualifies a rule
    INFERENCE = "inference"  # follows from conduct the clause describes (e.g. controller by conduct)


class Precedence(IntEnum):
    """How much a hit should weigh when clauses conflict (spec: specific beats
    general, exception beats rule, amendment beats original)."""

    GENERAL = 0
    SPECIFIC = 1
    AMENDMENT = 2
    EXCEPTION = 3


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int  # offsets into doc.text; doc.text[start:end] == text
    end: int
    section: str  # clause number and/or heading
    text: str
    basis: Basis = Basis.EXPLICIT


@dataclass(frozen=True, slots=True)
class Hit:
    """One clause's contribution to one question, from one named pattern."""

    question: QuestionId
    position: Position
    confidence: float
    evidence: tuple[Evidence, ...]
    rationale: str
    detector: str
    pattern: str
    precedence: Precedence = Precedence.GENERAL
    # A supporting hit only adds evidence to an answer already decided by other hits for the same
    # position (a definition, a condition, a further clause to the same effect); it never decides.
    supporting: bool = False


@dataclass(frozen=True, slots=True)
class Answer:
    question: QuestionId
    position: Position
    confidence: float
    evidence: tuple[Evidence, ...]
    rationale: str
    detector: str
    hits: tuple[Hit, ...] = ()
    # Clauses conflict and precedence could not decide: the riskier position for the customer was taken,
    # with both clauses as evidence, and a person should read them.
    needs_review: bool = False
