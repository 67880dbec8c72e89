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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from datarights.detect.language import Clause, DocumentView, compile_
from datarights.model.findings import Evidence
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


@dataclass
class _Clause:
    """One clause being read: its names, which mean the citing document, and what was found."""

    view: DocumentView
    own_kind: DocKind
    clause: Clause
    names: tuple[Mention, ...]
    own: dict[int, bool]
    external: dict[int, bool]
    evidence: Evidence
    scope: str
    precedence: list[FoundPrecedence]
    used: set[int] = field(default_factory=set)

    def is_own(self, m: Mention) -> bool:
        return self.own[id(m)]

    def found(self, m: Mention, type_: ReferenceType, pattern: ReferencePattern, sections: str = "") -> Found:
        self.used.add(id(m))
        return Found(
            m, type_, self.evidence, pattern.name, pattern.score, self.external[id(m)], sections, self.scope
        )

    def rank(self, higher: Mention, lower: Mention, pattern: ReferencePattern) -> None:
        self.precedence.append(
            FoundPrecedence(
                None if self.is_own(higher) else higher,
                None if self.is_own(lower) else lower,
                self.evidence,
                pattern.name,
                self.scope,
            )
        )


Handler = Callable[
    [_Clause, ReferencePattern, "re.Match[str]", list[Mention], list[Mention]], Iterator[Found]
]


def _not_part(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    for m in reversed(before):
        if not c.is_own(m):
            yield c.found(m, ReferenceType.REFERS, pattern)
            return


def _order(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    ranked = [m for m in c.names if m.start >= cue.end()]
    for i, high in enumerate(ranked):
        for low in ranked[i + 1 :]:
            if not _same(high, low) and not (c.is_own(high) and c.is_own(low)):
                c.rank(high, low, pattern)
    for i, m in enumerate(ranked):
        if not c.is_own(m):
            above = any(c.is_own(x) for x in ranked[i + 1 :])
            yield c.found(m, ReferenceType.IS_OVERRIDDEN_BY if above else ReferenceType.OVERRIDES, pattern)
        c.used.add(id(m))


def _wins(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    if not before:
        return
    winner = before[-1]
    losers = after if pattern.rule is Rule.OVER else [m for m in c.names if m is not winner]
    losers = [m for m in losers if not _same(m, winner) and not (c.is_own(m) and c.is_own(winner))]
    for loser in losers:
        if c.external[id(loser)] or c.external[id(winner)]:
            # "the Third-Party Terms will govern": another company's terms, not the deal's.
            if c.is_own(loser):
                yield c.found(winner, ReferenceType.IS_OVERRIDDEN_BY, pattern)
            continue
        c.rank(winner, loser, pattern)
        if c.is_own(winner):
            yield c.found(loser, ReferenceType.OVERRIDES, pattern)
        elif c.is_own(loser):
            yield c.found(winner, ReferenceType.IS_OVERRIDDEN_BY, pattern)
        c.used.add(id(loser))
    if losers:
        c.used.add(id(winner))


def _part(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    subject = before[-1] if before else None
    if pattern.part_side is Side.AFTER:
        # "This Agreement incorporates the Policies and Order Forms": the names after are parts.
        parts, whole = after, subject
    else:
        parts, whole = ([subject] if subject else []), (after[0] if after else None)
    if not parts:
        yield from _listed_parts(c, pattern)
        return
    whole_is_self = whole is None or c.is_own(whole)
    for part in parts:
        if c.is_own(part) and whole is not None and not c.is_own(whole):
            yield c.found(whole, ReferenceType.PART_OF, pattern)
        elif not c.is_own(part) and (whole_is_self or (whole is not None and whole.kind is c.own_kind)):
            yield c.found(part, ReferenceType.INCORPORATES, pattern)


def _listed_parts(c: _Clause, pattern: ReferencePattern) -> Iterator[Found]:
    """ "The key ones, which form part of these Terms, are described below:" and the list after it."""
    span = _list_items_after(c.view, c.clause)
    if span is None:
        return
    evidence = c.view.span_evidence(c.evidence.start, span[1])
    for m in mentions(c.view, span[0], span[1]):
        if not is_self(c.view, c.own_kind, m):
            yield Found(
                m,
                ReferenceType.INCORPORATES,
                evidence,
                pattern.name,
                pattern.score,
                is_external(c.view, m),
                "",
                c.scope,
            )


def _amends(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    # "This Amendment modifies Section 4.2 of the Agreement": the words sit close together;
    # "Provider may modify the Product …, as the Order Form says" is no amendment.
    subject = before[-1] if before and cue.start() - before[-1].end <= _NEAR * 2 else None
    target = after[0] if after and after[0].start - cue.end() <= _NEAR * 2 else None
    if pattern.part_side is Side.AFTER:
        # "Section 4.2 of the Agreement is hereby amended": the name before is amended.
        subject, target = None, subject
    elif subject is None:
        return
    if target is None:
        return
    sections = ", ".join(dict.fromkeys(_SECTION_NUMBER.findall(c.clause.text)))
    if (subject is None or c.is_own(subject)) and not c.is_own(target):
        yield c.found(target, ReferenceType.AMENDS, pattern, sections)
    elif subject is not None and not c.is_own(subject) and c.is_own(target):
        yield c.found(subject, ReferenceType.AMENDED_BY, pattern, sections)


def _subject_to(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    for m in after[:2]:
        if m.start - cue.end() <= _NEAR and not c.is_own(m) and m.kind not in _NOT_CONDITIONS:
            yield c.found(m, ReferenceType.INCORPORATES, pattern)


def _refers(
    c: _Clause, pattern: ReferencePattern, cue: re.Match[str], before: list[Mention], after: list[Mention]
) -> Iterator[Found]:
    for m in after[:3]:
        if m.start - cue.end() <= _NEAR * 2 and not c.is_own(m):
            yield c.found(m, ReferenceType.REFERS, pattern)


_HANDLERS: dict[Rule, Handler] = {
    Rule.NOT_PART: _not_part,
    Rule.ORDER: _order,
    Rule.WINS: _wins,
    Rule.OVER: _wins,
    Rule.PART: _part,
    Rule.AMENDS: _amends,
    Rule.SUBJECT_TO: _subject_to,
    Rule.REFERS: _refers,
}
# "Subject to the terms of this Agreement" or "an Order Form" is a condition, not an incorporation.
_NOT_CONDITIONS = frozenset({DocKind.AGREEMENT, DocKind.TERMS, DocKind.ORDER_FORM})
MENTION_PATTERN = ReferencePattern.of("names a document", r"$^", Rule.REFERS, 0.5)


def _clause_references(
    view: DocumentView,
    own_kind: DocKind,
    clause: Clause,
    names: tuple[Mention, ...],
    precedence: list[FoundPrecedence],
) -> Iterator[Found]:
    c = _Clause(
        view,
        own_kind,
        clause,
        names,
        {id(m): is_self(view, own_kind, m) for m in names},
        {id(m): is_external(view, m) for m in names},
        view.evidence(clause),
        _scope(clause.text),
        precedence,
    )
    conflict = bool(_CONFLICT.search(clause.text))
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
            free = [m for m in names if id(m) not in c.used or pattern.rule is Rule.PART]
            before = [m for m in free if m.end <= cue.start()]
            after = [m for m in free if m.start >= cue.end()]
            yield from _HANDLERS[pattern.rule](c, pattern, cue, before, after)
    for m in names:
        # A bare mention of "Renewal Terms" or "the Approved Addendum" is too often a defined term or
        # a heading to report as a document; such names count only inside a relation or with a URL.
        vague = m.kind in _VAGUE_KINDS and not m.url
        if id(m) not in c.used and not c.is_own(m) and not vague:
            yield c.found(m, ReferenceType.REFERS, MENTION_PATTERN)
