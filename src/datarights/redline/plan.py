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
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from datarights.assess.model import Assessment, Finding, FindingKind, Severity, Verdict
from datarights.model import BlockKind, Document, Paragraph, Section
from datarights.model.findings import Basis, Evidence
from datarights.redline.clauses import (
    Clause,
    ClauseLibrary,
    Variant,
    document_variables,
    load_library,
    period_from,
)
from datarights.redline.edits import Applicability, Edit, apply_edits
from datarights.redline.regions import Region, main_body_end, region_at, section_region

if TYPE_CHECKING:
    from datarights.redline.addendum import Addendum
    from datarights.redline.verify import Withdrawn

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
    AMEND = "amend"  # a sentence added to the operative clause, which keeps its own text
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Ask:
    """One finding's request: the clause it proposes and how sure we are."""

    finding: Finding
    clause: Clause | None
    clause_text: str  # rendered, variables filled
    applicability: Applicability
    note: str = ""  # why this change takes the shape it does (a dependant struck, a licence narrowed)
    heading: str = ""  # the clause's heading in the contract's vocabulary


@dataclass(frozen=True, slots=True)
class NewClause:
    """A numbered clause (or an article heading, with no text) inserted where the contract is silent."""

    label: str  # "8.10", or "" when the section is unnumbered
    heading: str
    text: str
    after: int  # index into document.paragraphs: the new clause follows this paragraph
    template: int  # index of the paragraph whose formatting (and list numbering) it copies
    typed_label: bool = False  # the label is written out, and the template's list numbering dropped

    @property
    def rendered(self) -> str:
        if not self.text:
            return " ".join(part for part in (self.label, self.heading) if part)
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
    new_article: str = ""  # heading of the article added for clauses with no home, if any
    addendum: Addendum | None = None  # set instead of changes when the terms are not negotiated in place
    instrument_reason: str = ""  # why a redline or an addendum
    withdrawn: tuple[Withdrawn, ...] = ()  # edits taken back because they made a finding worse

    @property
    def edits(self) -> tuple[Edit, ...]:
        return tuple(c.edit for c in self.changes if c.edit is not None)

    def proposed_text(self, changes: tuple[Change, ...] | None = None) -> str:
        chosen = self.changes if changes is None else changes
        return apply_edits(self.document.text, (c.edit for c in chosen if c.edit is not None))


def needs_redline(finding: Finding) -> bool:
    return finding.verdict is not Verdict.ACCEPTABLE


# A sentence that only makes sense next to the one before it.
_BACK_REFERENCE = re.compile(
    r"\b(?:preceding|foregoing|previous|prior)\s+(?:sentence|paragraph|clause|subsection|licen[cs]e|"
    r"restrictions?|rights?|permission|grant|use)\b|\bas\s+(?:provided|described|set\s+(?:out|forth)|"
    r"stated|permitted)\s+(?:above|in\s+the\s+preceding)\b|\b(?:the\s+)?above\s+(?:licen[cs]e|rights?|"
    r"restrictions?)\b",
    re.IGNORECASE,
)
# Wording that narrows a feedback licence to what it should cover.
_FEEDBACK_LIMIT = re.compile(
    r"\bexclud\w*|\bdoes\s+not\s+include|\bnot\s+include|\bother\s+than\b|\bexcept\b|"
    r"\bconfidential|\bcustomer\s+data|\bcontent\b",
    re.IGNORECASE,
)
_FEEDBACK_QUESTION = "feedback_license"
_PROCESSOR_TOPIC = "processor_role"
# Checklists for a controller's contract with its processor (CheckGroup values).
_PROCESSOR_CHECKLISTS = frozenset({"gdpr_art28", "ccpa_service_provider", "us_state_processor"})


def plan_redlines(
    document: Document,
    assessment: Assessment,
    *,
    variant: Variant | None = None,
    library: ClauseLibrary | None = None,
    consumer: bool = False,
) -> RedlinePlan:
    """The changes a redline proposes; `consumer` drops asks that only fit a business relationship."""
    library = library or load_library()
    variant = variant or Variant.for_playbook(assessment.playbook)
    variables = document_variables(document, library.defaults)
    asks = asks_for(document, assessment, library, variant, variables, consumer)
    # One rule per topic: a clause that another proposed clause makes redundant is not proposed
    # ("no training at all" leaves nothing for an opt-in or a private-model clause to govern).
    topics = {a.clause.topic for a in asks if a.clause is not None}
    redundant = {t for topic in topics for t in library.covers.get(topic, ()) if t != topic}
    protected = _protected_spans(document, assessment)
    replaces: list[tuple[tuple[int, int], list[Ask], str]] = []
    amends: list[tuple[int, list[Ask], str]] = []
    inserts: list[tuple[list[Ask], Section | None]] = []
    comments: list[tuple[tuple[int, int], Ask, str]] = []
    used: dict[str, list[Ask]] = {}  # topic → the asks of the change that proposes it
    followers: list[Ask] = []
    for ask in asks:
        finding, clause = ask.finding, ask.clause
        if clause is not None and (clause.topic in used or clause.topic in redundant):
            followers.append(ask)
            continue
        primary = _primary_evidence(document, finding.evidence)
        if clause is None:
            if primary is not None:
                comments.append(((primary.start, primary.end), ask, primary.section))
            continue
        operative = primary is not None and _operative(document, primary)
        if operative and primary is not None:
            span = _clause_body(document, primary, _other_evidence(assessment, finding))
            # Only a question's answer rests on the clause it cites; a legal check's evidence shows
            # where the topic is discussed, and what it lacks is added, not swapped in.
            strike_ok = (
                finding.verdict is Verdict.NOT_ACCEPTABLE
                and finding.kind is FindingKind.QUESTION
                and not ask.note
            )
            if strike_ok and _replaceable(document, primary) and not _touches(span, protected):
                used[clause.topic] = _join_overlapping(replaces, span, ask, primary.section)
                continue
            # The clause says something worth keeping, or we are unsure: amend it in place.
            point = _sentence_end(document, primary.end)
            group = [ask if ask.note else _as_review(ask)]
            amends.append((point, group, primary.section))
            used[clause.topic] = group
            continue
        group = [_as_review(ask) if primary is not None else ask]
        inserts.append((group, _home(document, clause.topic, variables)))
        used[clause.topic] = group
    # A finding whose clause another change proposes adds its reason to that change.
    for ask in followers:
        assert ask.clause is not None
        topic = ask.clause.topic
        owner = used.get(topic) or next((used[t] for t in used if topic in library.covers.get(t, ())), None)
        if owner is None:
            continue
        owner.append(_as_follower(ask))
        strike = _contradiction(document, ask, owner, protected, replaces, amends)
        if strike is not None:
            replaces.append(strike)
    changes: list[Change] = []
    for span, group, section in _with_dependants(document, replaces, protected):
        text = _merged_text(group, library) if group and group[0].clause is not None else ""
        changes.append(Change(Placement.REPLACE, Edit(span[0], span[1], text), span, tuple(group), section))
    for point, group, section in _merge_amends(amends):
        text = " ".join(dict.fromkeys(a.clause_text for a in group if a.clause is not None))
        edit = Edit(point, point, " " + text)
        changes.append(Change(Placement.AMEND, edit, (point, point), tuple(group), section))
    insertions, article = _insertions(document, inserts)
    changes.extend(insertions)
    taken = [c.anchor for c in changes if c.placement in (Placement.REPLACE, Placement.AMEND)]
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
    changes = _drop_overlaps(changes)
    changes.sort(key=lambda c: (c.anchor[0], c.anchor[1]))
    return RedlinePlan(document, assessment.playbook, variant, tuple(changes), variables, article)


def asks_for(
    document: Document,
    assessment: Assessment,
    library: ClauseLibrary,
    variant: Variant,
    variables: dict[str, str],
    consumer: bool,
) -> list[Ask]:
    """The asks, most severe first: every finding that needs a redline, and a feedback licence
    the playbook lets through but that reaches the customer's data (the back door a reader expects closed)."""
    order = {f.id: i for i, f in enumerate(assessment.findings)}
    findings = sorted(
        (f for f in assessment.findings if needs_redline(f)),
        key=lambda f: (_SEVERITY_ORDER.get(f.severity, 9), order[f.id]),
    )
    asks: list[Ask] = []
    for finding in findings:
        clause = library.choose(finding.id, finding.model_clauses, variant)
        if consumer and (
            (clause is not None and clause.topic == _PROCESSOR_TOPIC)
            or finding.group in _PROCESSOR_CHECKLISTS
        ):
            continue  # a consumer is no controller with a processor: processor-contract asks do not fit
        asks.append(_ask(finding, clause, variables))
    for finding in assessment.findings:
        if finding.id != _FEEDBACK_QUESTION or needs_redline(finding) or finding.position != "yes":
            continue
        operative = [e for e in finding.evidence if e.basis in (Basis.EXPLICIT, Basis.EXCEPTION)]
        if operative and not any(_FEEDBACK_LIMIT.search(e.text) for e in operative):
            clause = library.get(f"feedback.{variant}")
            if clause is not None:
                note = (
                    "The feedback licence is unrestricted; narrowed so it cannot reach the customer's data."
                )
                asks.append(Ask(finding, clause, clause.render(variables), Applicability.NEEDS_REVIEW, note))
    return asks


def _contradiction(
    document: Document,
    ask: Ask,
    owner: list[Ask],
    protected: list[tuple[int, int]],
    replaces: list[tuple[tuple[int, int], list[Ask], str]],
    amends: list[tuple[int, list[Ask], str]],
) -> tuple[tuple[int, int], list[Ask], str] | None:
    """A strike of the clause a covered finding rests on, when it contradicts the rule proposed.

    "Customer Content may be used to train models offered to others" cannot stand next to a
    no-training clause: one rule per topic means the permission goes, not that both remain.
    """
    finding = ask.finding
    if finding.kind is not FindingKind.QUESTION or finding.verdict is not Verdict.NOT_ACCEPTABLE:
        return None
    primary = _primary_evidence(document, finding.evidence)
    if primary is None or not _operative(document, primary) or not _replaceable(document, primary):
        return None
    span = _sentences_of(document, primary.start, primary.end)
    if _touches(span, protected) or any(_overlaps(span, other) for other, _, _ in replaces):
        return None
    if any(span[0] <= point <= span[1] for point, _, _ in amends):
        return None  # the rule amends this very sentence, which it chose to keep
    heading = owner[0].heading or "proposed"
    note = f"Struck: it contradicts the {heading} clause proposed for this topic."
    return span, [Ask(finding, None, "", Applicability.NEEDS_REVIEW, note, "")], primary.section


def one_rule_per_topic(asks: list[Ask], library: ClauseLibrary) -> list[list[Ask]]:
    """Asks grouped by the clause that answers them: one clause per topic, and none that another covers."""
    topics = {a.clause.topic for a in asks if a.clause is not None}
    redundant = {t for topic in topics for t in library.covers.get(topic, ()) if t != topic}
    groups: dict[str, list[Ask]] = {}
    covered: list[Ask] = []
    for ask in asks:
        if ask.clause is None:
            continue
        topic = ask.clause.topic
        if topic in redundant:
            covered.append(ask)
        elif topic in groups:
            groups[topic].append(_as_follower(ask))
        else:
            groups[topic] = [ask]
    for ask in covered:
        assert ask.clause is not None
        owner = next((g for t, g in groups.items() if ask.clause.topic in library.covers.get(t, ())), None)
        if owner is not None:
            owner.append(_as_follower(ask))
    return list(groups.values())


def _protected_spans(document: Document, assessment: Assessment) -> list[tuple[int, int]]:
    """Text a redline must not strike: definitions, and what already meets the playbook."""
    spans = [(d.definition_span.start, d.definition_span.end) for d in document.definitions]
    spans.extend((d.term_span.start, d.term_span.end) for d in document.definitions)
    for finding in assessment.findings:
        if finding.verdict is Verdict.ACCEPTABLE and finding.kind is FindingKind.QUESTION:
            spans.extend(
                (e.start, e.end)
                for e in finding.evidence
                if e.basis in (Basis.EXPLICIT, Basis.EXCEPTION) and finding.position not in _NEUTRAL
            )
    return spans


_NEUTRAL = frozenset({"silent", "unspecified", "not_applicable", "none"})


def _touches(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in protected)


def _operative(document: Document, evidence: Evidence) -> bool:
    """Evidence in a clause that can be amended in place: a body paragraph, not a definition or table."""
    index = _paragraph_of(document, evidence.start)
    if index is None or evidence.basis not in (Basis.EXPLICIT, Basis.EXCEPTION):
        return False
    paragraph = document.paragraphs[index]
    return (
        evidence.end <= paragraph.end
        and paragraph.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
        and not _in_definition(document, evidence)
        and region_at(document, evidence.start) in (Region.MAIN, Region.SCHEDULE)
    )


def _in_definition(document: Document, evidence: Evidence) -> bool:
    if evidence.basis is Basis.DEFINED_TERM or _DEFINITION.match(evidence.text):
        return True
    return any(
        d.definition_span.start < evidence.end and evidence.start < d.definition_span.end
        for d in document.definitions
    )


def _sentence_end(document: Document, offset: int) -> int:
    """The end of the sentence holding `offset` (an amendment follows the sentence it amends)."""
    index = _paragraph_of(document, max(offset - 1, 0))
    limit = document.paragraphs[index].end if index is not None else len(document.text)
    for sentence in document.sentences:
        if sentence.start < offset <= sentence.end:
            return min(sentence.end, limit)
    return min(offset, limit)


def _merge_amends(amends: list[tuple[int, list[Ask], str]]) -> list[tuple[int, list[Ask], str]]:
    merged: dict[int, tuple[int, list[Ask], str]] = {}
    for point, group, section in amends:
        if point in merged:
            merged[point][1].extend(group)
        else:
            merged[point] = (point, group, section)
    return list(merged.values())


def _with_dependants(
    document: Document,
    replaces: list[tuple[tuple[int, int], list[Ask], str]],
    protected: list[tuple[int, int]],
) -> list[tuple[tuple[int, int], list[Ask], str]]:
    """Replacements extended to the sentences that refer back to what they replace.

    "Provider may use Customer Data solely as provided in the preceding sentence" loses its
    meaning (or gains a worse one) when the sentence before it is rewritten: within one
    paragraph the replacement runs on through it; in the next paragraph it is struck on its own,
    with a comment saying why.
    """
    out: list[tuple[tuple[int, int], list[Ask], str]] = []
    for span, asks, section in replaces:
        start, end = span
        extra: list[tuple[tuple[int, int], list[Ask], str]] = []
        index = _paragraph_of(document, start)
        for sentence in document.sentences:
            if sentence.start < end:
                continue
            where = _paragraph_of(document, sentence.start)
            if index is None or where is None or where > index + 1:
                break
            text = document.text[sentence.start : sentence.end]
            if not _BACK_REFERENCE.search(text) or _touches((sentence.start, sentence.end), protected):
                continue
            if where == index:
                end = sentence.end
            else:
                note = "Refers back to the clause replaced just before it, so it goes with that clause."
                follower = [Ask(a.finding, None, "", a.applicability, note) for a in asks[:1]]
                extra.append(
                    ((sentence.start, sentence.end), follower, document.section_label(sentence.start))
                )
        referrers = _referrers(document, start, end)
        if referrers and asks:
            verb = "refer" if ", " in referrers else "refers"
            note = f"Read with {referrers}, which {verb} to this clause."
            lead = asks[0]
            asks[0] = Ask(
                lead.finding,
                lead.clause,
                lead.clause_text,
                lead.applicability,
                lead.note or note,
                lead.heading,
            )
        out.append(((start, end), asks, section))
        out.extend(extra)
    return out


def _referrers(document: Document, start: int, end: int) -> str:
    """Clauses elsewhere that cite the clause being replaced ("subject to Section 4.2")."""
    section = document.section_at(start)
    if section is None or not section.number:
        return ""
    citing = [
        document.section_label(ref.span.start)
        for ref in document.cross_references
        if ref.target_section == section.index
        and not start <= ref.span.start < end
        and document.section_at(ref.span.start) is not section
    ]
    return ", ".join(dict.fromkeys(c for c in citing if c))


def _drop_overlaps(changes: list[Change]) -> list[Change]:
    """Keep the edits disjoint: a later change that overlaps an earlier edit becomes a comment on it."""
    kept: list[Change] = []
    for change in changes:
        if change.edit is not None and not change.edit.is_insertion:
            clash = next(
                (
                    k
                    for k in kept
                    if k.edit is not None
                    and (
                        _overlaps((k.edit.start, k.edit.end), (change.edit.start, change.edit.end))
                        or (k.edit.is_insertion and change.edit.start < k.edit.start < change.edit.end)
                    )
                ),
                None,
            )
            if clash is not None:
                kept[kept.index(clash)] = Change(
                    clash.placement,
                    clash.edit,
                    clash.anchor,
                    (*clash.asks, *change.asks),
                    clash.section,
                    clash.new_clauses,
                )
                continue
        if change.edit is not None and change.edit.is_insertion:
            point = change.edit.start
            host = next(
                (
                    k
                    for k in kept
                    if k.edit is not None and not k.edit.is_insertion and k.edit.start < point < k.edit.end
                ),
                None,
            )
            if host is not None and host.edit is not None:
                # An amendment inside a clause that is being replaced joins the replacement.
                joined = f"{host.edit.replacement} {change.edit.replacement.strip()}".strip()
                kept[kept.index(host)] = replace(
                    host, edit=Edit(host.edit.start, host.edit.end, joined), asks=(*host.asks, *change.asks)
                )
                continue
        kept.append(change)
    return kept


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
    return Ask(finding, clause, clause.render(values), applicability, "", clause.render_heading(values))


def _as_review(ask: Ask) -> Ask:
    return Ask(ask.finding, ask.clause, ask.clause_text, Applicability.NEEDS_REVIEW, ask.note, ask.heading)


def _as_follower(ask: Ask) -> Ask:
    """A finding whose clause another change already proposes: it adds its reason, not the text again."""
    return Ask(ask.finding, None, "", ask.applicability, ask.note)


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
        definition = _in_definition(document, e)
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
        and not _in_definition(document, evidence)
    )


_CLAUSE_HEADING = re.compile(r"(?:[A-Z][\w’'()/-]*)(?:[ ,&-]+[\w’'()/-]+){0,8}\.\s+")


def _other_evidence(assessment: Assessment, finding: Finding) -> list[tuple[int, int]]:
    """Evidence other findings cite on other topics: sentences a replacement must leave alone."""
    own = {(e.start, e.end) for e in finding.evidence}
    return [
        (e.start, e.end)
        for other in assessment.findings
        if other.id != finding.id and other.kind is FindingKind.QUESTION
        for e in other.evidence
        if (e.start, e.end) not in own and e.basis in (Basis.EXPLICIT, Basis.EXCEPTION)
    ]


def _sentences_of(document: Document, start: int, end: int) -> tuple[int, int]:
    """`start..end` widened to whole sentences, within its paragraph (a fragment replaced reads badly)."""
    index = _paragraph_of(document, start)
    low, high = (
        (document.paragraphs[index].start, document.paragraphs[index].end)
        if index is not None
        else (0, len(document.text))
    )
    for sentence in document.sentences:
        if sentence.start <= start < sentence.end:
            start = max(sentence.start, low)
        if sentence.start < end <= sentence.end:
            end = min(sentence.end, high)
    return start, end


def _clause_body(
    document: Document, evidence: Evidence, others: list[tuple[int, int]] | None = None
) -> tuple[int, int]:
    """The span to replace: the whole clause body when the evidence opens it, else its sentences.

    "7.2 Model Improvement. Provider may use …" — a finding on the clause's first
    sentence is about the clause, and the sentences after it (opt-out mechanics,
    carve-outs) stand or fall with it, unless another finding rests on one of them.
    """
    index = _paragraph_of(document, evidence.start)
    if index is None:
        return evidence.start, evidence.end
    sentences = _sentences_of(document, evidence.start, evidence.end)
    paragraph = document.paragraphs[index]
    body = paragraph.start
    if paragraph.label and document.text.startswith(paragraph.label, body):
        body += len(paragraph.label)
        body += len(document.text[body:]) - len(document.text[body:].lstrip(" "))
        heading = _CLAUSE_HEADING.match(document.text, body, paragraph.end)
        if heading is not None:
            body = heading.end()
    rest = (sentences[1], paragraph.end)
    if evidence.start <= body < max(evidence.end, body + 1) and not _touches(rest, others or []):
        return body, paragraph.end
    return max(sentences[0], body), sentences[1]


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


def _home(document: Document, topic: str, variables: dict[str, str]) -> Section | None:
    """The main-body section that governs `topic`, or None when the contract has none.

    Party and service names are taken out of headings first: "Use of the Acme AI Products" is
    about the products, not about AI.
    """
    names = sorted(
        {variables.get("provider", ""), variables.get("services", "")} - {""}, key=len, reverse=True
    )
    body_end = main_body_end(document)
    candidates = [
        s
        for s in document.sections
        if s.number
        and s.start < body_end
        and _numbered_children(document, s)
        and section_region(document, s) is Region.MAIN
    ]
    own = _HOMES.get(topic, ())
    for keyword in (*own, *_DEFAULT_HOMES):
        pattern = re.compile(rf"\b{re.escape(keyword)}\b", re.IGNORECASE)
        for section in candidates:
            heading = section.heading
            for name in names:
                heading = heading.replace(name, " ")
            heading = heading.lower()
            if pattern.search(heading) and (keyword in own or not any(n in heading for n in _NOT_HOMES)):
                return section
    return None


def _next_label(label: str) -> str:
    match = re.fullmatch(r"(.*?)(\d+)(\D*)", label)
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}{match.group(3)}"
    match = re.fullmatch(r"(\(?)([a-y])(\)?\.?)", label)
    if match:
        return f"{match.group(1)}{chr(ord(match.group(2)) + 1)}{match.group(3)}"
    return ""


ARTICLE_HEADING = "Artificial Intelligence and Customer Data"
_GENERAL = re.compile(r"\b(?:general|miscellaneous|boilerplate)\b", re.IGNORECASE)
_ARTICLE_NUMBER = re.compile(r"(\d+)\.?")


@dataclass(frozen=True, slots=True)
class _Article:
    after: int  # paragraph the article follows
    heading_template: int
    clause_template: int
    number: str  # "12A", "13" or "" for an unnumbered contract
    heading_after_general: bool  # placed just before the general provisions


def _article(document: Document) -> _Article | None:
    """Where one new article goes: before the general provisions, else at the end of the main body."""
    paragraphs = document.paragraphs
    if not paragraphs:
        return None
    body_end = main_body_end(document)
    articles = [
        s
        for s in document.sections
        if _ARTICLE_NUMBER.fullmatch(s.number)
        and s.start < body_end
        and section_region(document, s) is Region.MAIN
    ]
    general = next((s for s in articles if _GENERAL.search(s.heading)), None)
    limit = general.start if general is not None else body_end
    before = [i for i, p in enumerate(paragraphs) if p.end <= limit]
    if not before:
        return None
    after = before[-1]
    previous = [s for s in articles if s.start < limit]
    if not previous:
        headings = [i for i in before if paragraphs[i].kind is BlockKind.HEADING]
        template = headings[-1] if headings else after
        return _Article(after, template, after, "", general is not None)
    last = previous[-1]
    match = _ARTICLE_NUMBER.fullmatch(last.number)
    assert match is not None
    number = f"{match.group(1)}A" if general is not None else str(int(match.group(1)) + 1)
    heading_at = _paragraph_of(document, (general or last).start)
    children = _numbered_children(document, last)
    child_at = _paragraph_of(document, children[0].start) if children else None
    heading_template = heading_at if heading_at is not None else after
    return _Article(after, heading_template, child_at if child_at is not None else after, number, True)


def _insertions(
    document: Document, inserts: list[tuple[list[Ask], Section | None]]
) -> tuple[list[Change], str]:
    """One change per new clause; clauses bound for one place follow each other, numbered in turn.

    Clauses with no home go into one new article; its heading travels with the first of them.
    """
    labels: dict[int, str] = {}
    changes: list[Change] = []
    article = _article(document)
    article_used = False
    article_count = 0
    for asks, home in inserts:
        clause = asks[0].clause
        assert clause is not None
        if home is None:
            if article is None:
                continue
            article_count += 1
            label = f"{article.number}.{article_count}" if article.number else ""
            new = NewClause(
                label, asks[0].heading, asks[0].clause_text, article.after, article.clause_template, True
            )
            clauses: tuple[NewClause, ...] = (new,)
            if not article_used:
                heading_label = f"{article.number}." if article.number else ""
                heading = NewClause(
                    heading_label, ARTICLE_HEADING, "", article.after, article.heading_template, True
                )
                clauses = (heading, new)
                article_used = True
            offset = document.paragraphs[article.after].end
            text = "".join("\n\n" + c.rendered for c in clauses)
            where = f"{article.number}. {ARTICLE_HEADING}" if article.number else ARTICLE_HEADING
            changes.append(
                Change(
                    Placement.INSERT,
                    Edit(offset, offset, text),
                    (offset, offset),
                    tuple(asks),
                    where,
                    clauses,
                )
            )
            continue
        after, template, label = _insertion_point(document, home)
        if after < 0:
            continue
        label = _next_label(labels[after]) if after in labels else label
        labels[after] = label
        new = NewClause(label, asks[0].heading, asks[0].clause_text, after, template)
        offset = document.paragraphs[after].end
        section = document.section_label(document.paragraphs[template].start)
        edit = Edit(offset, offset, "\n\n" + new.rendered)
        changes.append(Change(Placement.INSERT, edit, (offset, offset), tuple(asks), section, (new,)))
    return changes, ARTICLE_HEADING if article_used else ""


def restitched(document: Document, changes: list[Change]) -> list[Change]:
    """New clauses numbered in turn again after some were withdrawn; an article heading moves to the
    first clause left in its article."""
    out: list[Change] = []
    last_label: dict[int, str] = {}
    heading: dict[int, NewClause] = {}
    for change in changes:
        if change.placement is not Placement.INSERT or not change.new_clauses:
            out.append(change)
            continue
        after = change.new_clauses[0].after
        for clause in change.new_clauses:
            if not clause.text:
                heading.setdefault(after, clause)
        clause = change.new_clauses[-1]
        label = _next_label(last_label[after]) if after in last_label and clause.label else clause.label
        last_label[after] = label
        clauses = [replace(clause, label=label)]
        lead = heading.get(after)
        if lead is not None and not any(not c.text for c in out_clauses(out, after)):
            clauses.insert(0, lead)
        offset = document.paragraphs[after].end
        text = "".join("\n\n" + c.rendered for c in clauses)
        out.append(replace(change, edit=Edit(offset, offset, text), new_clauses=tuple(clauses)))
    return out


def out_clauses(changes: list[Change], after: int) -> list[NewClause]:
    return [c for change in changes for c in change.new_clauses if c.after == after]


def _insertion_point(document: Document, home: Section) -> tuple[int, int, str]:
    """(paragraph to insert after, paragraph to copy, label) for a new clause in `home`."""
    paragraphs = document.paragraphs
    if not paragraphs:
        return -1, -1, ""
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
