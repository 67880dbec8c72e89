"""What a detector is: a question, a version, named patterns, and a pure `detect`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from datarights.detect.findings import Answer, Basis, Hit, Precedence
from datarights.detect.language import Clause, DocumentView, compile_
from datarights.detect.questions import QuestionId

DetectFunction = Callable[[DocumentView], Iterable[Hit]]
DecideFunction = Callable[[DocumentView, tuple[Hit, ...], Mapping[QuestionId, Answer]], Answer]


@dataclass(frozen=True, slots=True)
class Pattern:
    """A named piece of language that supports one position with a base score."""

    name: str
    regex: re.Pattern[str]
    position: str
    score: float
    precedence: Precedence = Precedence.GENERAL

    @classmethod
    def of(
        cls, name: str, pattern: str, position: str, score: float, precedence: Precedence = Precedence.GENERAL
    ) -> Pattern:
        return cls(name, compile_(pattern), position, score, precedence)


@dataclass(frozen=True, slots=True)
class Detector:
    question: QuestionId
    version: int
    detect: DetectFunction
    # Turns hits into one answer; None means the shared precedence rule in `resolve`.
    decide: DecideFunction | None = None
    # Questions whose answers `decide` reads (they run first).
    needs: tuple[QuestionId, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.question.value}@{self.version}"


def make_hit(
    view: DocumentView,
    question: QuestionId,
    detector: str,
    pattern: Pattern | str,
    position: str,
    score: float,
    clauses: Iterable[Clause],
    rationale: str,
    basis: Basis = Basis.EXPLICIT,
    precedence: Precedence = Precedence.GENERAL,
) -> Hit:
    name = pattern.name if isinstance(pattern, Pattern) else pattern
    evidence = tuple(view.evidence(clause, basis) for clause in clauses)
    return Hit(question, position, score, evidence, rationale, detector, name, precedence)
