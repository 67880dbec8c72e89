"""Conflicting clauses, resolved in one place by the spec's rules: an exception
beats the rule it qualifies, a later amendment beats the original, the specific
beats the general; among equals, the clearer wording (higher score) wins."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace

from datarights.detect.findings import Answer, Evidence, Hit
from datarights.detect.questions import DEFAULT_POSITION, NEUTRAL_POSITIONS, Position, QuestionId, position_of

MAX_EVIDENCE = 6
# The first spans of an answer (the clauses that decide it and the rule they qualify) stay first;
# supporting clauses come before further restatements.
DECIDING_EVIDENCE = 4


def rank(hit: Hit) -> tuple[int, float, int]:
    # Later text wins ties between equally specific clauses: amendments and
    # addenda come after what they amend.
    last = hit.evidence[-1].start if hit.evidence else 0
    return (int(hit.precedence), hit.confidence, last)


def strongest(hits: Iterable[Hit]) -> Hit | None:
    return max(hits, key=rank, default=None)


def citation_order(hit: Hit) -> tuple[int, float, int]:
    """How hits that agree are cited: the weightiest first and, among equals, in document order
    (the main clause usually comes before its restatements in summaries and schedules)."""
    first = hit.evidence[0].start if hit.evidence else 0
    return (int(hit.precedence), hit.confidence, -first)


def diversified(hits: Iterable[Hit]) -> tuple[Hit, ...]:
    """Hits in citation order, but one of each kind of wording (pattern) before repetitions of a kind:
    "acts as processor", "as a service provider", "on documented instructions" before the fourth
    "Processor will …"."""
    ordered = sorted(hits, key=citation_order, reverse=True)
    seen: set[str] = set()
    first: list[Hit] = []
    rest: list[Hit] = []
    for hit in ordered:
        (rest if hit.pattern in seen else first).append(hit)
        seen.add(hit.pattern)
    return tuple(first + rest)


def merge_evidence(hits: Iterable[Hit], limit: int = MAX_EVIDENCE) -> tuple[Evidence, ...]:
    """The hits' evidence in order, once each (a span inside one already cited adds nothing): each
    hit's own clause first, then what they rely on (a definition, the lead-in of a list)."""
    hits = tuple(hits)
    main = (hit.evidence[0] for hit in hits if hit.evidence)
    relied_on = (e for hit in hits for e in hit.evidence[1:])
    return add_evidence((), itertools.chain(main, relied_on), limit)


def _overlap(a: Evidence, b: Evidence) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def add_evidence(
    cited: tuple[Evidence, ...], more: Iterable[Evidence], limit: int = MAX_EVIDENCE
) -> tuple[Evidence, ...]:
    """`cited` followed by the spans of `more` that add text of their own, up to `limit`. A span mostly
    inside one already cited adds nothing; one that contains a cited span takes its place."""
    merged = list(cited)
    for evidence in more:
        inner = next(
            (i for i, e in enumerate(merged) if evidence.start <= e.start and e.end <= evidence.end), None
        )
        if inner is not None:
            if (merged[inner].start, merged[inner].end) != (evidence.start, evidence.end):
                merged[inner] = evidence
                merged = [
                    e
                    for i, e in enumerate(merged)
                    if i == inner or not (evidence.start <= e.start and e.end <= evidence.end)
                ]
            continue
        if len(merged) >= limit:
            break
        if not any(_overlap(e, evidence) * 2 > evidence.end - evidence.start for e in merged):
            merged.append(evidence)
    return tuple(merged)


def answer_from(
    question: QuestionId,
    detector: str,
    position: Position | str,
    hits: Iterable[Hit],
    rationale: str = "",
    also: frozenset[str] = frozenset(),
    diverse: bool = False,
) -> Answer:
    """An answer for `position`, backed by the hits that support it (and, as further
    evidence, by hits of the `also` positions it qualifies, e.g. the grant an opt-out limits)."""
    position = position_of(question, position)
    hits = tuple(h for h in hits if not h.supporting)
    agreeing = (h for h in hits if h.position == position)
    # `diverse`: one clause of each kind of wording before a second of any kind.
    supporting = (
        diversified(agreeing) if diverse else tuple(sorted(agreeing, key=citation_order, reverse=True))
    )
    qualified = tuple(sorted((h for h in hits if h.position in also), key=citation_order, reverse=True))
    if not supporting:
        return default_answer(question, detector, rationale)
    best = supporting[0]
    confidence = min(0.99, best.confidence + 0.03 * (len(supporting) - 1))
    # The deciding clauses, the rule they qualify, then the rest of each.
    evidence = merge_evidence(supporting[:2] + qualified[:1] + supporting[2:] + qualified[1:])
    return Answer(
        question, position, round(confidence, 2), evidence, rationale or best.rationale, detector, supporting
    )


def with_support(answer: Answer, hits: Iterable[Hit]) -> Answer:
    """Cite the supporting hits that agree with the answer (definitions, conditions, the clauses that
    show why) after the deciding evidence and ahead of further restatements. They never change the
    position."""
    agreeing = sorted(
        (h for h in hits if h.supporting and h.position == answer.position), key=citation_order, reverse=True
    )
    if not agreeing:
        return answer
    deciding = answer.evidence[:DECIDING_EVIDENCE]
    filler = answer.evidence[DECIDING_EVIDENCE:]
    evidence = add_evidence(add_evidence(deciding, (e for h in agreeing for e in h.evidence)), filler)
    if evidence == answer.evidence:
        return answer
    return replace(answer, evidence=evidence)


def default_answer(
    question: QuestionId, detector: str, rationale: str = "", confidence: float = 0.7
) -> Answer:
    position = DEFAULT_POSITION[question]
    return Answer(
        question, position, confidence, (), rationale or "The document does not address this.", detector
    )


def resolve(question: QuestionId, detector: str, hits: tuple[Hit, ...]) -> Answer:
    """The default decision: the top-ranked hit's position, with all hits that agree."""
    best = strongest(hits)
    if best is None:
        return default_answer(question, detector)
    return answer_from(question, detector, best.position, hits)


def _distinct(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Each passage quoted once: a repeat of a cited span, or a span inside another cited
    span (a definition quoted from 549 and again from 545), adds nothing for the reader."""
    return tuple(
        e
        for i, e in enumerate(evidence)
        if not any(
            o.start <= e.start and e.end <= o.end and ((o.start, o.end) != (e.start, e.end) or j < i)
            for j, o in enumerate(evidence)
            if j != i
        )
    )


def verify(answer: Answer, text: str) -> Answer:
    """Drop evidence whose offsets do not slice to its text; a claim left without evidence falls back."""
    good = _distinct(
        tuple(
            e
            for e in answer.evidence
            if 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
        )
    )
    if answer.position not in NEUTRAL_POSITIONS and not good:
        return default_answer(
            answer.question, answer.detector, "No verifiable evidence; treated as not addressed.", 0.3
        )
    if len(good) == len(answer.evidence):
        return answer
    return replace(answer, evidence=good)


def in_document_order(answer: Answer, text: str) -> Answer:
    """The evidence as reported: spans that overlap joined into one (a definition cited once from
    its term and once from its sentence, 545–735 and 549–735, is one quote), then in document order,
    so the same clause is never quoted twice and every run lists the same spans the same way.
    A joined span keeps the basis of the span cited first (the one the decision rests on)."""
    joined: list[Evidence] = []  # in citation order
    for evidence in answer.evidence:
        touching = [kept for kept in joined if _overlap(kept, evidence) > 0]
        if not touching:
            joined.append(evidence)
            continue
        # A span may bridge two cited ones: all of them become one.
        spans = [*touching, evidence]
        start, end = min(e.start for e in spans), max(e.end for e in spans)
        leftmost = min(spans, key=lambda e: e.start)
        at = joined.index(touching[0])
        joined = [kept for kept in joined if kept not in touching]
        joined.insert(at, Evidence(start, end, leftmost.section, text[start:end], touching[0].basis))
    ordered = tuple(sorted(joined, key=lambda e: (e.start, e.end)))
    if ordered == answer.evidence:
        return answer
    return replace(answer, evidence=ordered)
