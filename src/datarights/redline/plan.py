"""From an assessment to the changes a redline proposes, in `Document.text` coordinates.

For each finding that is not acceptable or needs review, we pick a model
clause (the playbook's, else the library's clause for the finding's topic in
the playbook's variant), one clause per topic, and place it:

- **replace** the operative clause a question's answer rests on (whole
  sentences, and the sentences that refer back to them), unless it holds a
  definition or text that already meets the playbook;
- **amend** that clause instead, adding the rule after the sentence, when its
  text is worth keeping, the finding is uncertain or a legal check asks for it;
- **insert** a new numbered clause where the contract is silent
  (`placement.py`: the section on the topic, or one new article);
- **comment only** when the library has no clause for the finding.

Findings whose spans overlap, or that ask for the same clause, are merged into
one change, so the edits never overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from datarights.assess.model import Assessment, Finding, FindingKind, Severity, Verdict
from datarights.model import BlockKind, Document, Section
from datarights.model.findings import Basis, Evidence
from datarights.redline.changes import Ask, Change, NewClause, Placement, overlaps, paragraph_of
from datarights.redline.clauses import (
    Clause,
    ClauseLibrary,
    Variant,
    document_variables,
    load_library,
    period_from,
)
from datarights.redline.edits import Applicability, Edit, apply_edits
from datarights.redline.placement import ARTICLE_HEADING, home, insertions, restitched
from datarights.redline.regions import Region, region_at

__all__ = [
    "ARTICLE_HEADING",
    "Ask",
    "Change",
    "NewClause",
    "Placement",
    "RedlinePlan",
    "asks_for",
    "needs_redline",
    "one_rule_per_topic",
    "plan_redlines",
    "restitched",
]

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
    context: tuple[str, ...] = ()  # for a redline planned from a stack: what the deal's other documents give

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
    guards = _guards(document, assessment)
    protected = _guarded(guards, ())
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
            # A clause that states the preferred position outright may also take the place of a
            # clause the playbook leaves for review: the stricter rule replaces it, not joins it.
            stated = library.states.get(clause.id, ())
            strike_ok = (
                (
                    finding.verdict is Verdict.NOT_ACCEPTABLE
                    or (finding.verdict is Verdict.NEEDS_REVIEW and finding.id in stated)
                )
                and finding.kind is FindingKind.QUESTION
                and not _keeps_the_good_half(finding, primary)
                and not ask.note
            )
            kept = _guarded(guards, stated)
            if strike_ok and _replaceable(document, primary) and not _touches(span, kept):
                used[clause.topic] = _join_overlapping(replaces, span, ask, primary.section)
                continue
            # The clause says something worth keeping, or we are unsure: amend it in place.
            point = _sentence_end(document, primary.end)
            group = [ask if ask.note else _as_review(ask)]
            amends.append((point, group, primary.section))
            used[clause.topic] = group
            continue
        group = [_as_review(ask) if primary is not None else ask]
        inserts.append((group, home(document, clause.topic, variables)))
        used[clause.topic] = group
    # A finding whose clause another change proposes adds its reason to that change.
    for ask in followers:
        assert ask.clause is not None
        topic = ask.clause.topic
        owner = used.get(topic) or next((used[t] for t in used if topic in library.covers.get(t, ())), None)
        if owner is None:
            continue
        stated = library.states.get(ask.clause.id, ())
        if used.get(topic) is owner and _replaces_amendment(
            document, assessment, ask, owner, amends, replaces, guards, stated
        ):
            continue
        strike = _contradiction(document, ask, owner, protected, replaces, amends)
        if strike is not None:
            owner.append(_as_follower(ask))
            replaces.append(strike)
            continue
        at = _own_amendment(document, ask, replaces, amends)
        if at is None:
            owner.append(_as_follower(ask))
            continue
        # The covering rule is proposed elsewhere and the clause this answer rests on stays, with the
        # more specific say on the topic ("if the Cover Page permits Training, Provider may …"): the
        # limit goes into that clause too, or the specific clause keeps deciding.
        primary = _primary_evidence(document, ask.finding.evidence)
        assert primary is not None
        amends.append((at, [_as_review(ask)], primary.section))
    changes: list[Change] = []
    for span, group, section in _with_dependants(document, replaces, protected):
        text = _merged_text(group, library) if group and group[0].clause is not None else ""
        changes.append(Change(Placement.REPLACE, Edit(span[0], span[1], text), span, tuple(group), section))
    for point, group, section in _merge_amends(amends):
        text = " ".join(dict.fromkeys(a.clause_text for a in group if a.clause is not None))
        edit = Edit(point, point, " " + text)
        changes.append(Change(Placement.AMEND, edit, (point, point), tuple(group), section))
    added, article = insertions(document, inserts)
    changes.extend(added)
    taken = [c.anchor for c in changes if c.placement in (Placement.REPLACE, Placement.AMEND)]
    for span, ask, section in comments:
        overlapping = next(
            (c for c in changes if c.placement is Placement.REPLACE and overlaps(c.anchor, span)), None
        )
        if overlapping is not None:
            changes[changes.index(overlapping)] = Change(
                overlapping.placement,
                overlapping.edit,
                overlapping.anchor,
                (*overlapping.asks, ask),
                overlapping.section,
            )
        elif not any(overlaps(t, span) for t in taken):
            changes.append(Change(Placement.COMMENT, None, span, (ask,), section))
            taken.append(span)
    changes = _dropoverlaps(changes)
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
                asks.append(
                    Ask(
                        finding,
                        clause,
                        clause.render(variables),
                        Applicability.NEEDS_REVIEW,
                        note,
                        clause.render_heading(variables),
                    )
                )
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
    if _touches(span, protected) or any(overlaps(span, other) for other, _, _ in replaces):
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


def _guarded(guards: list[tuple[int, int, str]], stated: tuple[str, ...]) -> list[tuple[int, int]]:
    """The spans still protected when the clause replacing them states the preferred position of
    the questions in `stated` (a definition, with no question, stays protected)."""
    return [(start, end) for start, end, question in guards if not question or question not in stated]


def _guards(document: Document, assessment: Assessment) -> list[tuple[int, int, str]]:
    """Text a redline must not strike — definitions, and what already meets the playbook — each span
    with the question whose acceptable answer it carries ("" for a definition)."""
    spans = [(d.definition_span.start, d.definition_span.end, "") for d in document.definitions]
    spans.extend((d.term_span.start, d.term_span.end, "") for d in document.definitions)
    # A sentence that a not-acceptable answer on the same topic rests on is the problem, not a
    # protection: "Customer Content may be used to train models that are part of Provider's products"
    # is cited for an acceptable opt-in `training_use` (which the cover page's opt-in decides) and is
    # the reason `training_scope` is foundational.
    failing: dict[str, list[tuple[int, int]]] = {}
    for finding in assessment.findings:
        family = _FAMILIES.get(finding.id)
        if (
            family
            and finding.verdict is Verdict.NOT_ACCEPTABLE
            and finding.kind is FindingKind.QUESTION
            and finding.position not in _NEUTRAL  # "unspecified" lacks a limit; the sentence is no culprit
        ):
            failing.setdefault(family, []).extend((e.start, e.end) for e in finding.evidence)
    for finding in assessment.findings:
        if finding.verdict is Verdict.ACCEPTABLE and finding.kind is FindingKind.QUESTION:
            released = failing.get(_FAMILIES.get(finding.id, ""), [])
            spans.extend(
                (e.start, e.end, finding.id)
                for e in finding.evidence
                if e.basis in (Basis.EXPLICIT, Basis.EXCEPTION)
                and finding.position not in _NEUTRAL
                and (e.start, e.end) not in released
            )
    return spans


# Questions that answer one topic between them: whether content trains models, and which models.
_FAMILIES = {"training_use": "training", "training_scope": "training"}


_NEUTRAL = frozenset({"silent", "unspecified", "not_applicable", "none"})
_MIXED = frozenset({"both"})
_OWN_PURPOSES = re.compile(r"\bcontrollers?\b|\b(?:its|their|our)\s+own\s+purposes?\b", re.IGNORECASE)


def _keeps_the_good_half(finding: Finding, evidence: Evidence) -> bool:
    """A mixed answer ("both": processor under the DPA, controller for its own improvement) may cite
    a clause that only says what the playbook wants (the DPA that governs personal data): that clause
    is amended, not struck. One that states the controller part itself is the culprit."""
    return finding.position in _MIXED and not _OWN_PURPOSES.search(evidence.text)


def _touches(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in protected)


def _replaces_amendment(
    document: Document,
    assessment: Assessment,
    ask: Ask,
    owner: list[Ask],
    amends: list[tuple[int, list[Ask], str]],
    replaces: list[tuple[tuple[int, int], list[Ask], str]],
    guards: list[tuple[int, int, str]],
    stated: tuple[str, ...],
) -> bool:
    """Turn the amendment that proposes `ask`'s clause into a replacement of the clause `ask`'s answer
    rests on. A legal check that led the topic only adds what is missing to the clause it cites, but
    a question's answer that rests on a clause needs that clause replaced, or its permission stands
    beside the rule appended elsewhere; the check's ask is met by the same clause in its new place."""
    finding = ask.finding
    if finding.kind is not FindingKind.QUESTION or ask.note:
        return False
    if finding.verdict is not Verdict.NOT_ACCEPTABLE and not (
        finding.verdict is Verdict.NEEDS_REVIEW and finding.id in stated
    ):
        return False
    at = next((i for i, (_, group, _) in enumerate(amends) if group is owner), None)
    primary = _primary_evidence(document, finding.evidence)
    if at is None or primary is None:
        return False
    if not _operative(document, primary) or not _replaceable(document, primary):
        return False
    if _keeps_the_good_half(finding, primary):
        return False
    span = _clause_body(document, primary, _other_evidence(assessment, finding))
    if _touches(span, _guarded(guards, stated)):
        return False
    if any(overlaps(span, other) for other, _, _ in replaces):
        return False
    amends.pop(at)
    owner.append(ask)
    replaces.append((span, owner, primary.section))
    return True


def _own_amendment(
    document: Document,
    ask: Ask,
    replaces: list[tuple[tuple[int, int], list[Ask], str]],
    amends: list[tuple[int, list[Ask], str]],
) -> int | None:
    """Where a covered ask amends the clause its not-acceptable answer rests on, when no change
    proposed so far touches that clause; None when it needs no amendment of its own."""
    finding = ask.finding
    if finding.kind is not FindingKind.QUESTION or finding.verdict is not Verdict.NOT_ACCEPTABLE:
        return None
    primary = _primary_evidence(document, finding.evidence)
    if primary is None or not _operative(document, primary):
        return None
    index = paragraph_of(document, primary.start)
    if index is None:
        return None
    paragraph = document.paragraphs[index]
    if any(overlaps(span, (paragraph.start, paragraph.end)) for span, _, _ in replaces):
        return None
    if any(paragraph.start <= point <= paragraph.end for point, _, _ in amends):
        return None
    return _sentence_end(document, primary.end)


def _operative(document: Document, evidence: Evidence) -> bool:
    """Evidence in a clause that can be amended in place: a body paragraph, not a definition or table."""
    index = paragraph_of(document, evidence.start)
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
    index = paragraph_of(document, max(offset - 1, 0))
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
        index = paragraph_of(document, start)
        for sentence in document.sentences:
            if sentence.start < end:
                continue
            where = paragraph_of(document, sentence.start)
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


def _dropoverlaps(changes: list[Change]) -> list[Change]:
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
                        overlaps((k.edit.start, k.edit.end), (change.edit.start, change.edit.end))
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
        if overlaps(other, span):
            asks.append(ask)
            replaces[index] = ((min(other[0], span[0]), max(other[1], span[1])), asks, other_section)
            return asks
    asks = [ask]
    replaces.append((span, asks, section))
    return asks


def _primary_evidence(document: Document, evidence: tuple[Evidence, ...]) -> Evidence | None:
    """The span a change should rewrite: an operative clause, not a definition or a table cell."""

    def rank(e: Evidence) -> tuple[int, int]:
        index = paragraph_of(document, e.start)
        table = index is not None and document.paragraphs[index].kind is BlockKind.TABLE_ROW
        definition = _in_definition(document, e)
        explicit = e.basis in (Basis.EXPLICIT, Basis.EXCEPTION)
        return (int(table) + int(definition) * 2 + int(not explicit), e.start)

    candidates = [e for e in evidence if 0 <= e.start < e.end <= len(document.text)]
    return min(candidates, key=rank) if candidates else None


def _replaceable(document: Document, evidence: Evidence) -> bool:
    index = paragraph_of(document, evidence.start)
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
    index = paragraph_of(document, start)
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
    index = paragraph_of(document, evidence.start)
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


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
