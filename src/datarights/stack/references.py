"""References between the documents of a deal, found clause by clause.

## What it finds
Incorporation by reference ("the DPA, which is incorporated by this reference into the
Agreement"), a document making itself part of another ("This DPA supplements, and is
incorporated into, the Agreement"), order-of-precedence clauses ("in the event of conflict, the
DPA prevails", "will control in the following order: (a) Order Form; …"), amendments ("this
Amendment modifies Section 4.2 of the Agreement") and plain mentions ("our Privacy Policy explains
…; it does not form part of these Terms").

## How
A reference pattern finds the relation words (the cue) in a clause; the document names
(`names.py`) before and after the cue say which document is the part and which the whole, or which
one wins. Names that mean the citing document itself ("this Agreement", "these Terms") anchor the
relation; names of a third party's documents are kept but marked external.

## Not this
Agreements inside an agreement ("this Arbitration Agreement shall control over the Rules"): both
sides are the same document or no document at all, so no reference is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from datarights.detect.findings import Evidence
from datarights.detect.language import Clause, DocumentView, compile_
from datarights.stack.model import DocKind, ReferenceType
from datarights.stack.names import Mention, is_external, is_self, mentions


class Rule(StrEnum):
    """How a pattern's cue relates the names around it."""

    PART = "part"  # one side becomes part of the other
    NOT_PART = "not_part"  # the name before is expressly not part of the citing document
    WINS = "wins"  # in a conflict, the name before the cue controls over the others named
    OVER = "over"  # the name before controls over the name after
    ORDER = "order"  # names after the cue, highest precedence first
    AMENDS = "amends"  # the name before modifies the name after
    SUBJECT_TO = "subject_to"  # the citing document is subject to the names after
    REFERS = "refers"  # names after are pointed to for information


class Side(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class ReferencePattern:
    """A named piece of relation language with a score, like a detector pattern."""

    name: str
    regex: re.Pattern[str]
    rule: Rule
    score: float
    part_side: Side = Side.BEFORE  # for PART: which side of the cue names the part

    @classmethod
    def of(
        cls, name: str, pattern: str, rule: Rule, score: float, part_side: Side = Side.BEFORE
    ) -> ReferencePattern:
        return cls(name, compile_(pattern), rule, score, part_side)


_CONFLICT = compile_(r"\bconflict|\binconsisten|\bdisagree|\bdiffer")
_SCOPE = compile_(
    r"\bwith\s+(?:regard|respect)\s+to\s+(?:the\s+)?(?:specific\s+)?subject\s+matter\b[^,.;]{0,60}"
    r"|\bas\s+to\s+(?:personal\s+data|[A-Z]\w+\s+Data)\b|\bwith\s+respect\s+to\s+Australian\s+users"
    r"|\bwith\s+respect\s+to\s+the\s+relevant\s+[^,.;]{0,40}|\bfor\s+that\s+inconsistency"
)
_VAGUE_KINDS = frozenset({DocKind.TERMS, DocKind.AGREEMENT, DocKind.ADDENDUM, DocKind.OTHER})
# "subject to our Acceptable Use Policy": the name follows the words closely.
_NEAR = 40
_SECTION_NUMBER = re.compile(r"\b(?:Section|Clause|§)\s*(\d+(?:\.\d+)*(?:\([a-z0-9]+\))?)", re.I)

PATTERNS: tuple[ReferencePattern, ...] = (
    ReferencePattern.of(
        "expressly not part",
        r"\b(?:does|do|will|shall)\s+not\s+(?:form\s+(?:a\s+)?part\s+of|(?:be\s+)?incorporated\s+into)"
        r"|\bis\s+not\s+(?:a\s+)?part\s+of\b",
        Rule.NOT_PART,
        0.9,
    ),
    ReferencePattern.of(
        "order of precedence list",
        r"\b(?:control|prevail|govern|take\s+precedence|apply)\w*\s+in\s+the\s+following\s+(?:order|descending\s+order)"
        r"|\b(?:in\s+)?(?:the\s+following\s+)?(?:descending\s+)?order\s+of\s+precedence\b"
        r"|\bthe\s+part\s+listed\s+earlier\s+(?:will|shall)\s+(?:control|prevail)\b[^:]{0,80}:",
        Rule.ORDER,
        0.95,
    ),
    ReferencePattern.of(
        "controls over",
        r"\b(?:controls?|prevails?|takes?\s+precedence|governs?)\s+over\b",
        Rule.OVER,
        0.9,
    ),
    ReferencePattern.of(
        "prevails on conflict",
        r"\b(?:shall|will|should|must)\s+(?:control|prevail|govern|take\s+precedence|apply)\b"
        r"|\b(?:controls|prevails?|governs|takes\s+precedence)\b(?!\s+over)",
        Rule.WINS,
        0.9,
    ),
    ReferencePattern.of(
        "incorporated into",
        r"\b(?:is|are|be|been|being|and)\s+(?:hereby\s+|fully\s+|expressly\s+|deemed\s+)*incorporated\s+(?:into|in)\b",
        Rule.PART,
        0.95,
    ),
    ReferencePattern.of(
        "incorporated by reference",
        r"\b(?:is|are|be|been)\s+(?:hereby\s+|fully\s+|expressly\s+|deemed\s+)*incorporated\s+(?:herein\s+)?by\s+(?:this\s+)?reference"
        r"|\bincorporated\s+herein\b",
        Rule.PART,
        0.95,
    ),
    ReferencePattern.of(
        "incorporates by reference",
        r"\b(?:hereby\s+)?incorporates\s+(?:herein\s+)?(?:by\s+(?:this\s+)?reference\s+)?",
        Rule.PART,
        0.95,
        Side.AFTER,
    ),
    ReferencePattern.of(
        "forms part of",
        r"\b(?:forms?|become|becomes)\s+(?:a\s+|an\s+integral\s+)?part\s+of\b",
        Rule.PART,
        0.9,
    ),
    ReferencePattern.of("supplements", r"\bsupplements\b", Rule.PART, 0.85),
    ReferencePattern.of("as supplemented by", r"\bas\s+supplemented\s+by\b", Rule.PART, 0.85, Side.AFTER),
    ReferencePattern.of(
        "amends sections",
        r"\b(?:hereby\s+)?(?:amends?|modif(?:y|ies)|supplements?\s+and\s+amends?)\b(?!\s+(?:or|and)\b)",
        Rule.AMENDS,
        0.9,
    ),
    ReferencePattern.of(
        "section amended",
        r"\bis\s+(?:hereby\s+)?(?:amended|deleted|replaced|modified)\b",
        Rule.AMENDS,
        0.85,
        Side.AFTER,
    ),
    ReferencePattern.of(
        "use subject to",
        r"\b(?:comply|complies)\s+with\b|(?<!not\s)\bsubject\s+to\b|\bbound\s+by\b|\bagree\s+to\b",
        Rule.SUBJECT_TO,
        0.6,
    ),
    ReferencePattern.of(
        "points to",
        r"\bin\s+accordance\s+with\b|\bexplains?\b|\bdescribes?\b|\bplease\s+(?:read|see|review)\b|\bsee\b|\bgoverned\s+by\b",
        Rule.REFERS,
        0.6,
    ),
)


@dataclass(frozen=True, slots=True)
class Found:
    """A relation found in the citing document, before it is matched to supplied files."""

    target: Mention
    type: ReferenceType
    evidence: Evidence
    pattern: str
    score: float
    external: bool
    sections: str = ""
    scope: str = ""


@dataclass(frozen=True, slots=True)
class FoundPrecedence:
    """A precedence the citing document states between two documents; None means itself."""

    higher: Mention | None
    lower: Mention | None
    evidence: Evidence
    pattern: str
    scope: str = ""


@dataclass(frozen=True, slots=True)
class FoundReferences:
    references: tuple[Found, ...]
    precedence: tuple[FoundPrecedence, ...]


def _list_items_after(view: DocumentView, clause: Clause) -> tuple[int, int] | None:
    """The span of the list that a lead-in ending in ":" introduces."""
    if not clause.text.rstrip().endswith(":"):
        return None
    end = clause.end
    last = None
    for paragraph in view.doc.paragraphs:
        if paragraph.start < clause.end:
            continue
        if paragraph.start - end > 400 or (last is not None and not _looks_like_item(view, paragraph.start)):
            break
        last, end = paragraph, paragraph.end
        if len(view.doc.text[paragraph.start : paragraph.end]) > 600:
            break
    return (clause.end, end) if last is not None else None


def _looks_like_item(view: DocumentView, offset: int) -> bool:
    paragraph = view.paragraph_at(offset)
    return paragraph is not None and (
        paragraph.kind.value == "list_item" or paragraph.end - paragraph.start < 400
    )


def _scope(text: str) -> str:
    match = _SCOPE.search(text)
    return " ".join(match.group(0).split()) if match else ""


def _same(a: Mention, b: Mention) -> bool:
    return a.kind is b.kind and (
        a.kind not in {DocKind.AGREEMENT, DocKind.TERMS} or a.name.lower() == b.name.lower()
    )


def detect_references(view: DocumentView, own_kind: DocKind) -> FoundReferences:
    """Every reference and precedence the document states, with its evidence."""
    references: list[Found] = []
    precedence: list[FoundPrecedence] = []
    for clause in view.clauses:
        names = mentions(view, clause.start, clause.end)
        if not names:
            continue
        references.extend(_clause_references(view, own_kind, clause, names, precedence))
    return FoundReferences(tuple(references), tuple(precedence))


def _clause_references(
    view: DocumentView,
    own_kind: DocKind,
    clause: Clause,
    names: tuple[Mention, ...],
    precedence: list[FoundPrecedence],
) -> Iterator[Found]:
    own = {id(m): is_self(view, own_kind, m) for m in names}
    external = {id(m): is_external(view, m) for m in names}
    evidence = view.evidence(clause)
    used: set[int] = set()
    scope = _scope(clause.text)
    conflict = bool(_CONFLICT.search(clause.text))

    def found(m: Mention, type_: ReferenceType, pattern: ReferencePattern, sections: str = "") -> Found:
        used.add(id(m))
        return Found(m, type_, evidence, pattern.name, pattern.score, external[id(m)], sections, scope)

    cues: list[tuple[int, int]] = []
    for pattern in PATTERNS:
        if pattern.rule is Rule.WINS and not conflict:
            continue
        for cue in pattern.regex.finditer(view.doc.text, clause.start, clause.end):
            # One stretch of words is one cue: "will control in the following order" is an order
            # list, not also a "will control".
            if any(cue.start() < end and start < cue.end() for start, end in cues):
                continue
            cues.append(cue.span())
            # A clause may both join a document and rank it ("This DPA supplements the Agreement and
            # … prevails"), so part-of cues may reuse names a precedence cue already used.
            free = [m for m in names if id(m) not in used or pattern.rule is Rule.PART]
            before = [m for m in free if m.end <= cue.start()]
            after = [m for m in free if m.start >= cue.end()]
            if pattern.rule is Rule.NOT_PART:
                for m in reversed(before):
                    if not own[id(m)]:
                        yield found(m, ReferenceType.REFERS, pattern)
                        break
            elif pattern.rule is Rule.ORDER:
                ranked = [m for m in names if m.start >= cue.end()]
                if not ranked:
                    continue
                for i, high in enumerate(ranked):
                    for low in ranked[i + 1 :]:
                        if _same(high, low) or (own[id(high)] and own[id(low)]):
                            continue
                        precedence.append(
                            FoundPrecedence(
                                None if own[id(high)] else high,
                                None if own[id(low)] else low,
                                evidence,
                                pattern.name,
                                scope,
                            )
                        )
                for m in ranked:
                    if not own[id(m)]:
                        above = any(own[id(x)] for x in ranked[ranked.index(m) + 1 :])
                        yield found(
                            m, ReferenceType.IS_OVERRIDDEN_BY if above else ReferenceType.OVERRIDES, pattern
                        )
                    used.add(id(m))
            elif pattern.rule in {Rule.WINS, Rule.OVER}:
                winner = before[-1] if before else None
                if winner is None:
                    continue
                losers = after if pattern.rule is Rule.OVER else [m for m in names if m is not winner]
                losers = [m for m in losers if not _same(m, winner) and not (own[id(m)] and own[id(winner)])]
                for loser in losers:
                    if external[id(loser)] or external[id(winner)]:
                        # "the Third-Party Terms will govern": another company's terms, not the deal's.
                        if own[id(loser)]:
                            yield found(winner, ReferenceType.IS_OVERRIDDEN_BY, pattern)
                        continue
                    precedence.append(
                        FoundPrecedence(
                            None if own[id(winner)] else winner,
                            None if own[id(loser)] else loser,
                            evidence,
                            pattern.name,
                            scope,
                        )
                    )
                    if own[id(winner)]:
                        yield found(loser, ReferenceType.OVERRIDES, pattern)
                    elif own[id(loser)]:
                        yield found(winner, ReferenceType.IS_OVERRIDDEN_BY, pattern)
                    used.add(id(loser))
                if losers:
                    used.add(id(winner))
            elif pattern.rule is Rule.PART:
                subject = before[-1] if before else None
                objects = after if pattern.part_side is Side.AFTER else after[:1]
                if pattern.part_side is Side.AFTER:
                    # "This Agreement incorporates the Policies and Order Forms": the names after are parts.
                    parts, whole = objects, subject
                else:
                    parts, whole = ([subject] if subject else []), (objects[0] if objects else None)
                if not parts:
                    span = _list_items_after(view, clause)
                    if span is not None:
                        listed = [
                            m for m in mentions(view, span[0], span[1]) if not is_self(view, own_kind, m)
                        ]
                        list_evidence = view.span_evidence(evidence.start, span[1])
                        for m in listed:
                            used.add(id(m))
                            yield Found(
                                m,
                                ReferenceType.INCORPORATES,
                                list_evidence,
                                pattern.name,
                                pattern.score,
                                is_external(view, m),
                                "",
                                scope,
                            )
                    continue
                whole_is_self = whole is None or own[id(whole)]
                for part in parts:
                    if own[id(part)] and whole is not None and not own[id(whole)]:
                        yield found(whole, ReferenceType.PART_OF, pattern)
                    elif (not own[id(part)] and whole_is_self) or (
                        not own[id(part)] and whole is not None and whole.kind is own_kind
                    ):
                        yield found(part, ReferenceType.INCORPORATES, pattern)
            elif pattern.rule is Rule.AMENDS:
                # "This Amendment modifies Section 4.2 of the Agreement": the words sit close together;
                # "Provider may modify the Product …, as the Order Form says" is no amendment.
                subject = before[-1] if before and cue.start() - before[-1].end <= _NEAR * 2 else None
                target = after[0] if after and after[0].start - cue.end() <= _NEAR * 2 else None
                if subject is None and pattern.part_side is Side.BEFORE:
                    continue
                if pattern.part_side is Side.AFTER:
                    # "Section 4.2 of the Agreement is hereby amended": the name before is amended.
                    subject, target = None, subject
                sections = ", ".join(dict.fromkeys(_SECTION_NUMBER.findall(clause.text)))
                if target is None:
                    continue
                subject_self = subject is None or own[id(subject)]
                if subject_self and not own[id(target)]:
                    yield found(target, ReferenceType.AMENDS, pattern, sections)
                elif subject is not None and not own[id(subject)] and own[id(target)]:
                    yield found(subject, ReferenceType.AMENDED_BY, pattern, sections)
            elif pattern.rule is Rule.SUBJECT_TO:
                for m in [m for m in after[:2] if m.start - cue.end() <= _NEAR]:
                    if not own[id(m)] and m.kind not in {
                        DocKind.AGREEMENT,
                        DocKind.TERMS,
                        DocKind.ORDER_FORM,
                    }:
                        yield found(m, ReferenceType.INCORPORATES, pattern)
            elif pattern.rule is Rule.REFERS:
                for m in [m for m in after[:3] if m.start - cue.end() <= _NEAR * 2]:
                    if not own[id(m)]:
                        yield found(m, ReferenceType.REFERS, pattern)
    mention_pattern = ReferencePattern.of("names a document", r"$^", Rule.REFERS, 0.5)
    for m in names:
        # A bare mention of "Renewal Terms" or "the Approved Addendum" is too often a defined term or
        # a heading to report as a document; such names count only inside a relation or with a URL.
        vague = m.kind in _VAGUE_KINDS and not m.url
        if id(m) not in used and not own[id(m)] and not vague:
            yield found(m, ReferenceType.REFERS, mention_pattern)
