"""What a detector is: a question, a version, named patterns, and a pure `detect`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from datarights.detect.findings import Answer, Basis, Evidence, Hit, Precedence
from datarights.detect.language import Clause, DocumentView, compile_
from datarights.detect.questions import Position, QuestionId, YesNo, position_of
from datarights.detect.resolve import answer_from, default_answer

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


# A list item and the lead-in just before it are cited as one span up to this length.
_JOINED_LEAD_IN_CHARS = 900


def with_lead_in(view: DocumentView, clause: Clause, basis: Basis = Basis.EXPLICIT) -> tuple[Evidence, ...]:
    """A clause as cited, with the lead-in of the list it is an item of ("We may use your data to:"):
    joined into one span when the lead-in directly precedes it, otherwise cited after it."""
    cited = view.evidence(clause, basis)
    lead = view.lead_in(clause)
    if lead is None or lead.start >= cited.start:
        return (cited,)
    lead_cited = view.evidence(lead, basis)
    if lead_cited.end >= cited.start:
        return (
            (cited,)
            if lead_cited.start >= cited.start
            else (view.span_evidence(lead_cited.start, cited.end, basis),)
        )
    between = view.doc.text[lead_cited.end : cited.start]
    if not between.strip() and cited.end - lead_cited.start <= _JOINED_LEAD_IN_CHARS:
        return (
            Evidence(
                lead_cited.start, cited.end, cited.section, view.doc.text[lead_cited.start : cited.end], basis
            ),
        )
    return (cited, lead_cited)


def make_hit(
    view: DocumentView,
    question: QuestionId,
    detector: str,
    pattern: Pattern | str,
    position: Position | str,
    score: float,
    clauses: Iterable[Clause],
    rationale: str,
    basis: Basis = Basis.EXPLICIT,
    precedence: Precedence = Precedence.GENERAL,
    supporting: bool = False,
) -> Hit:
    name = pattern.name if isinstance(pattern, Pattern) else pattern
    evidence = tuple(cited for clause in clauses for cited in with_lead_in(view, clause, basis))
    typed = position_of(question, position)  # a misspelt position fails here, not in a report
    return Hit(question, typed, score, evidence, rationale, detector, name, precedence, supporting)


def pattern_hit(
    view: DocumentView,
    question: QuestionId,
    detector: str,
    pattern: Pattern,
    clauses: Iterable[Clause],
    rationale: str,
    *,
    score: float | None = None,
    precedence: Precedence | None = None,
    basis: Basis = Basis.EXPLICIT,
    supporting: bool = False,
) -> Hit:
    """A hit for `pattern` at the position, score and precedence it declares; `score` or `precedence`
    override them where the clause reads weaker or stronger than the pattern's usual wording."""
    return make_hit(
        view,
        question,
        detector,
        pattern,
        pattern.position,
        pattern.score if score is None else score,
        clauses,
        rationale,
        basis,
        pattern.precedence if precedence is None else precedence,
        supporting,
    )


def decide_yes_if_any(
    question: QuestionId, detector: str, no_rationale: str, silent_rationale: str | None = None
) -> DecideFunction:
    """A decide for yes/no questions where one reserved right is enough: yes if any hit says yes (however
    many limits there are), otherwise no, backed by the limits found or, with none, by nothing
    (`silent_rationale`, by default the same as `no_rationale`)."""

    def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
        if any(hit.position == YesNo.YES for hit in hits):
            return answer_from(question, detector, YesNo.YES, hits)
        if hits:
            return answer_from(question, detector, YesNo.NO, hits, no_rationale)
        return default_answer(question, detector, silent_rationale or no_rationale)

    return decide
