"""From an assessment to the changes a redline proposes, in `Document.text` coordinates.

For each finding that is not acceptable or needs review, we pick a model
clause (the playbook's, else the library's clause for the finding's topic in
the playbook's variant) and place it:

- **replace** the finding's main evidence span when the contract says something
  (an explicit clause or an exception in one paragraph, outside a table);
- **insert** a new numbered clause at the end of the section the topic belongs
  in when the contract is silent (or its evidence cannot be replaced);
- **comment only** when the library has no clause for the finding.

Findings whose spans overlap, or that ask for the same clause, are merged into
one change, so the edits never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from datarights.assess.model import Assessment, Finding, Severity, Verdict
from datarights.detect.findings import Basis, Evidence
from datarights.model import BlockKind, Document, Paragraph, Section
from datarights.redline.clauses import (
    Clause,
    ClauseLibrary,
    Variant,
    document_variables,
    load_library,
    period_from,
)
from datarights.redline.edits import Applicability, Edit, apply_edits

_SEVERITY_ORDER = {
    s: i
    for i, s in enumerate((Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO))
}
_LOW_CONFIDENCE = 0.5
_DEFINITION = re.compile(
    r"^\s*(?:\S+\s+)?[“\"][^”\"]{1,80}[”\"]\s+(?:means|has the meaning|includes|refers to)\b"
)
_PERIOD_VARIABLES = ("deletion_days", "retention_days", "notice_days")

# Where a new clause on each topic belongs, by section heading; the first match wins.
_HOMES: dict[str, tuple[str, ...]] = {
    "deletion": ("deletion", "return", "data processing", "data protection", "termination"),
    "retention": ("retention", "data processing", "data protection", "ai"),
    "audit": ("audit", "data processing", "data protection", "security"),
    "flow_down": ("sub-processor", "subprocessor", "data processing", "data protection"),
    "transparency": ("data processing", "data protection", "ai", "artificial intelligence"),
    "processor_role": ("data processing", "data protection", "privacy"),
    "output_ownership": ("ownership", "intellectual property", "proprietary rights"),
    "feedback": ("feedback", "ownership", "intellectual property", "proprietary rights"),
    "change_notice": ("changes", "amendment", "modification", "general", "miscellaneous"),
}
_DEFAULT_HOMES = (
    "ai",
    "artificial intelligence",
    "customer data",
    "data processing",
    "data protection",
    "privacy",
    "data",
)
_NOT_HOMES = (
    "general",
    "miscellaneous",
    "signature",
    "definitions",
    "interpretation",
    "notices",
    "fees",
    "payment",
)


class Placement(StrEnum):
    REPLACE = "replace"
    INSERT = "insert"
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Ask:
    """One finding's request: the clause it proposes and how sure we are."""

    finding: Finding
    clause: Clause | None
    clause_text: str  # rendered, variables filled
    applicability: Applicability


@dataclass(frozen=True, slots=True)
class NewClause:
    """A numbered clause inserted where the contract is silent."""

    label: str  # "8.10", or "" when the section is unnumbered
    heading: str
    text: str
    after: int  # index into document.paragraphs: the new clause follows this paragraph
    template: int  # index of the paragraph whose formatting (and list numbering) it copies

    @property
    def rendered(self) -> str:
        heading = f"{self.heading}. " if self.heading else ""
        return " ".join(part for part in (self.label, heading + self.text) if part)


@dataclass(frozen=True, slots=True)
class Change:
    placement: Placement
    edit: Edit | None  # None for a comment-only change
    anchor: tuple[int, int]  # span the comment refers to (the evidence, or the insertion point)
    asks: tuple[Ask, ...]
    section: str
    new_clauses: tuple[NewClause, ...] = ()

    @property
    def applicability(self) -> Applicability:
        if self.edit is None:
            return Applicability.DISPLAY_ONLY
        order = list(Applicability)
        return max((ask.applicability for ask in self.asks), key=order.index)

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(ask.finding.id for ask in self.asks)


@dataclass(frozen=True)
class RedlinePlan:
    document: Document
    playbook: str
    variant: Variant
    changes: tuple[Change, ...]
    variables: dict[str, str] = field(default_factory=dict)

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(c.edit for c in self.changes if c.edit is not None)

    def proposed_text(self, changes: tuple[Change, ...] | None = None) -> str:
        chosen = self.changes if changes is None else changes
        return apply_edits(self.document.text, (c.edit for c in chosen if c.edit is not None))


def needs_redline(finding: Finding) -> bool:
    return finding.verdict is not Verdict.ACCEPTABLE


def plan_redlines(
    document: Document,
    assessment: Assessment,
    *,
    variant: Variant | None = None,
    library: ClauseLibrary | None = None,
) -> RedlinePlan:
    library = library or load_library()
    variant = variant or Variant.for_playbook(assessment.playbook)
    variables = document_variables(document, library.defaults)
    order = {f.id: i for i, f in enumerate(assessment.findings)}
    findings = sorted(
        (f for f in assessment.findings if needs_redline(f)),
        key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), order[f.id]),
    )
    replaces: list[tuple[tuple[int, int], list[Ask], str]] = []
    inserts: list[tuple[list[Ask], Section | None]] = []
    comments: list[tuple[tuple[int, int], Ask, str]] = []
    used: dict[str, list[Ask]] = {}  # clause id → the asks of the change that proposes it
    for finding in findings:
        clause = library.choose(finding.id, finding.model_clauses, variant)
        ask = _ask(finding, clause, variables)
        if clause is not None and clause.id in used:
            used[clause.id].append(_as_follower(ask))
            continue
        primary = _primary_evidence(document, finding.evidence)
        if clause is None:
            if primary is not None:
                comments.append(((primary.start, primary.end), ask, primary.section))
            continue
        # An uncertain finding adds its clause rather than striking what the contract says.
        if (
            primary is not None
            and finding.verdict is Verdict.NOT_ACCEPTABLE
            and _replaceable(document, primary)
        ):
            span = _clause_body(document, primary)
            used[clause.id] = _join_overlapping(replaces, span, ask, primary.section)
        else:
            group = [_as_review(ask) if primary is not None else ask]
            inserts.append((group, _home(document, clause.topic)))
            used[clause.id] = group
    changes: list[Change] = []
    for span, asks, section in replaces:
        text = _merged_text(asks, library)
        changes.append(Change(Placement.REPLACE, Edit(span[0], span[1], text), span, tuple(asks), section))
    changes.extend(_insertions(document, inserts))
    taken = [c.anchor for c in changes if c.placement is Placement.REPLACE]
    for span, ask, section in comments:
        overlapping = next(
            (c for c in changes if c.placement is Placement.REPLACE and _overlaps(c.anchor, span)), None
        )
        if overlapping is not None:
            changes[changes.index(overlapping)] = Change(
                overlapping.placement,
                overlapping.edit,
                overlapping.anchor,
                (*overlapping.asks, ask),
                overlapping.section,
            )
        elif not any(_overlaps(t, span) for t in taken):
            changes.append(Change(Placement.COMMENT, None, span, (ask,), section))
            taken.append(span)
    changes.sort(key=lambda c: (c.anchor[0], c.anchor[1]))
    return RedlinePlan(document, assessment.playbook, variant, tuple(changes), variables)


def _merged_text(asks: list[Ask], library: ClauseLibrary) -> str:
    """The clauses proposed for one span, without those another of them makes redundant."""
    topics = {a.clause.topic for a in asks if a.clause is not None}
    redundant = {t for topic in topics for t in library.covers.get(topic, ())}
    texts = (a.clause_text for a in asks if a.clause is not None and a.clause.topic not in redundant)
    return " ".join(dict.fromkeys(texts))


def _ask(finding: Finding, clause: Clause | None, variables: dict[str, str]) -> Ask:
    applicability = (
        Applicability.NEEDS_REVIEW
        if finding.verdict is Verdict.NEEDS_REVIEW or finding.confidence < _LOW_CONFIDENCE
        else Applicability.SAFE
    )
    if clause is None:
        return Ask(finding, None, "", Applicability.DISPLAY_ONLY)
    values = dict(variables)
    if clause.variant is not Variant.BUYER:
        # Balanced and vendor variants keep the periods the contract already uses.
        for evidence in finding.evidence:
            days = period_from(evidence.text)
            if days:
                values.update(dict.fromkeys(_PERIOD_VARIABLES, days))
                break
    return Ask(finding, clause, clause.render(values), applicability)


def _as_review(ask: Ask) -> Ask:
    return Ask(ask.finding, ask.clause, ask.clause_text, Applicability.NEEDS_REVIEW)


def _as_follower(ask: Ask) -> Ask:
    """A finding whose clause another change already proposes: it adds its reason, not the text again."""
    return Ask(ask.finding, None, "", ask.applicability)


def _join_overlapping(
    replaces: list[tuple[tuple[int, int], list[Ask], str]], span: tuple[int, int], ask: Ask, section: str
) -> list[Ask]:
    for index, (other, asks, other_section) in enumerate(replaces):
        if _overlaps(other, span):
            asks.append(ask)
            replaces[index] = ((min(other[0], span[0]), max(other[1], span[1])), asks, other_section)
            return asks
    asks = [ask]
    replaces.append((span, asks, section))
    return asks


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def _paragraph_of(document: Document, offset: int) -> int | None:
    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.start <= offset < paragraph.end:
            return index
    return None


def _primary_evidence(document: Document, evidence: tuple[Evidence, ...]) -> Evidence | None:
    """The span a change should rewrite: an operative clause, not a definition or a table cell."""

    def rank(e: Evidence) -> tuple[int, int]:
        index = _paragraph_of(document, e.start)
        table = index is not None and document.paragraphs[index].kind is BlockKind.TABLE_ROW
        definition = e.basis is Basis.DEFINED_TERM or bool(_DEFINITION.match(e.text))
        explicit = e.basis in (Basis.EXPLICIT, Basis.EXCEPTION)
        return (int(table) + int(definition) * 2 + int(not explicit), e.start)

    candidates = [e for e in evidence if 0 <= e.start < e.end <= len(document.text)]
    return min(candidates, key=rank) if candidates else None


def _replaceable(document: Document, evidence: Evidence) -> bool:
    index = _paragraph_of(document, evidence.start)
    if index is None:
        return False
    paragraph = document.paragraphs[index]
    return (
        evidence.end <= paragraph.end
        and paragraph.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and evidence.basis in (Basis.EXPLICIT, Basis.EXCEPTION)
        and not _DEFINITION.match(evidence.text)
    )


_CLAUSE_HEADING = re.compile(r"(?:[A-Z][\w’'()/-]*)(?:[ ,&-]+[\w’'()/-]+){0,8}\.\s+")


def _clause_body(document: Document, evidence: Evidence) -> tuple[int, int]:
    """The span to replace: the whole clause body when the evidence opens it, else the evidence.

    "7.2 Model Improvement. Provider may use …" — a finding on the clause's first
    sentence is about the clause, and the sentences after it (opt-out mechanics,
    carve-outs) stand or fall with it.
    """
    index = _paragraph_of(document, evidence.start)
    if index is None:
        return evidence.start, evidence.end
    paragraph = document.paragraphs[index]
    body = paragraph.start
    if paragraph.label and document.text.startswith(paragraph.label, body):
        body += len(paragraph.label)
        body += len(document.text[body:]) - len(document.text[body:].lstrip(" "))
        heading = _CLAUSE_HEADING.match(document.text, body, paragraph.end)
        if heading is not None:
            body = heading.end()
    if evidence.start <= body < max(evidence.end, body + 1):
        return body, paragraph.end
    return evidence.start, evidence.end


# --- where new clauses go ---------------------------------------------------


def _top(document: Document, section: Section) -> Section:
    while section.parent is not None and (section.depth > 0 or not section.number):
        parent = document.sections[section.parent]
        if not parent.number and parent.parent is None and section.number:
            break
        section = parent
    return section


_CLAUSE_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?")


def _numbered_children(document: Document, section: Section) -> list[Section]:
    """Sub-clauses numbered like "8.1", "8.2" (lettered items like "(a)" are not clause homes)."""
    return [s for s in document.sections if s.parent == section.index and _CLAUSE_NUMBER.fullmatch(s.number)]


def _home(document: Document, topic: str) -> Section | None:
    candidates = [s for s in document.sections if s.number and _numbered_children(document, s)]
    own = _HOMES.get(topic, ())
    for keyword in (*own, *_DEFAULT_HOMES):
        pattern = re.compile(rf"\b{re.escape(keyword)}\b", re.IGNORECASE)
        for section in candidates:
            heading = section.heading.lower()
            if pattern.search(heading) and (keyword in own or not any(n in heading for n in _NOT_HOMES)):
                return section
    usable = [s for s in candidates if not any(n in s.heading.lower() for n in _NOT_HOMES)]
    return usable[-1] if usable else (candidates[-1] if candidates else None)


def _next_label(label: str) -> str:
    match = re.fullmatch(r"(.*?)(\d+)(\D*)", label)
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"
    match = re.fullmatch(r"(\(?)([a-y])(\)?\.?)", label)
    if match:
        return f"{match.group(1)}{chr(ord(match.group(2)) + 1)}{match.group(3)}"
    return ""


def _insertions(document: Document, inserts: list[tuple[list[Ask], Section | None]]) -> list[Change]:
    """One change per new clause; clauses bound for one place follow each other, numbered in turn."""
    labels: dict[int, str] = {}
    changes: list[Change] = []
    for asks, home in inserts:
        clause = asks[0].clause
        assert clause is not None
        after, template, label = _insertion_point(document, home)
        if after < 0:
            continue
        label = _next_label(labels[after]) if after in labels else label
        labels[after] = label
        new = NewClause(label, clause.heading, asks[0].clause_text, after, template)
        offset = document.paragraphs[after].end
        section = document.section_label(document.paragraphs[template].start)
        edit = Edit(offset, offset, "\n\n" + new.rendered)
        changes.append(Change(Placement.INSERT, edit, (offset, offset), tuple(asks), section, (new,)))
    return changes


def _insertion_point(document: Document, home: Section | None) -> tuple[int, int, str]:
    """(paragraph to insert after, paragraph to copy, label) for a new clause in `home`."""
    paragraphs = document.paragraphs
    if not paragraphs:
        return -1, -1, ""
    if home is None:
        last = len(paragraphs) - 1
        return last, last, ""
    inside = [i for i, p in enumerate(paragraphs) if home.start <= p.start < home.end]
    after = inside[-1] if inside else len(paragraphs) - 1
    children = _numbered_children(document, home)
    template_paragraph: Paragraph | None = None
    template = after
    if children:
        last_child = children[-1]
        index = _paragraph_of(document, last_child.start)
        if index is not None:
            template, template_paragraph = index, paragraphs[index]
    label = template_paragraph.label if template_paragraph is not None else ""
    if template_paragraph is not None and not label:
        label = children[-1].number
    return after, template, _next_label(label) if label else ""


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
