"""Read the documents of one deal together: references matched to files, roles, the precedence
graph, the audience, and one combined answer per question with the document that controls it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath

from datarights.detect.engine import view_of
from datarights.detect.language import DocumentView
from datarights.model.review import Review
from datarights.stack.audience import classify_audience
from datarights.stack.combine import combine
from datarights.stack.match import Supplied, document_kind, match_mention
from datarights.stack.model import (
    Audience,
    DocKind,
    MissingDocument,
    NamedDocument,
    PrecedenceEdge,
    Reference,
    ReferenceType,
    Resolution,
    Role,
    Stack,
    StackDocument,
)
from datarights.stack.names import Mention
from datarights.stack.references import FoundPrecedence, detect_references
from datarights.structure.dates import date_from_text

log = logging.getLogger(__name__)

# Which references make the cited document part of the deal, per direction.
_PULLS_TARGET_IN = frozenset(
    {ReferenceType.INCORPORATES, ReferenceType.AMENDED_BY, ReferenceType.IS_OVERRIDDEN_BY}
)
_JOINS_TARGET = frozenset({ReferenceType.PART_OF, ReferenceType.AMENDS, ReferenceType.OVERRIDES})
# Kinds that, when they join the deal, control over it (negotiated terms, order forms).
_OVERRIDING_KINDS = frozenset({DocKind.ADDENDUM, DocKind.ORDER_FORM})
_MENTION = "names a document"
# Strongest first when one clause yields several references to the same document.
_TYPE_RANK = (
    ReferenceType.AMENDS,
    ReferenceType.AMENDED_BY,
    ReferenceType.OVERRIDES,
    ReferenceType.IS_OVERRIDDEN_BY,
    ReferenceType.INCORPORATES,
    ReferenceType.PART_OF,
    ReferenceType.REFERS,
)


@dataclass(frozen=True, slots=True)
class StackOptions:
    audience: Audience | None = None  # None: decide from the documents
    counterparty: str = ""


def _supplied(review: Review, view: DocumentView) -> tuple[Supplied, StackDocument]:
    document = review.document
    kind = document_kind(document, review.doc_type)
    audience = classify_audience(view, review.doc_type)
    headings = tuple(s.heading for s in document.sections if s.parent is None and s.heading)
    title = document.title or PurePath(document.path).stem
    info = Supplied(document.path, kind, title, audience.audience, headings)
    return info, StackDocument(
        document.path, title, review.doc_type, kind, audience, date_from_text(document.text)
    )


def _target_key(reference: Reference) -> tuple[str, str]:
    if reference.resolved_path:
        return (reference.resolved_path, reference.section)
    generic = reference.target.kind not in {DocKind.AGREEMENT, DocKind.TERMS, DocKind.OTHER}
    return (reference.target.kind.value, "" if generic else reference.target.name.lower())


def _dedupe(references: Iterable[Reference]) -> tuple[Reference, ...]:
    """Every clause that relates two documents is kept (one reference per clause, target and type);
    a plain mention only once per target, and only where no clause relates the two. A document a
    clause says is not part of the citing one is only referred to, whatever looser words say."""
    kept: dict[tuple[str, tuple[str, str], ReferenceType, int], Reference] = {}
    for reference in references:
        where = -1 if reference.pattern == _MENTION else reference.evidence.start
        kept.setdefault((reference.source, _target_key(reference), reference.type, where), reference)
    expressly_not = {(r.source, _target_key(r)) for r in kept.values() if r.pattern == "expressly not part"}
    result = [
        r
        for r in kept.values()
        if not (
            r.type is not ReferenceType.REFERS
            and r.pattern == "use subject to"
            and (r.source, _target_key(r)) in expressly_not
        )
    ]
    related = {(r.source, _target_key(r)) for r in result if r.pattern != _MENTION}
    result = [r for r in result if r.pattern != _MENTION or (r.source, _target_key(r)) not in related]
    return tuple(sorted(result, key=lambda r: (r.source, r.evidence.start, _TYPE_RANK.index(r.type))))


def _deal_audience(documents: Sequence[StackDocument], wanted: Audience | None) -> tuple[Audience, str]:
    if wanted is not None:
        return wanted, f"{wanted.value} (given)"
    business = [
        d
        for d in documents
        if d.audience.audience is Audience.BUSINESS
        and d.kind in {DocKind.AGREEMENT, DocKind.DPA, DocKind.TERMS}
    ]
    if business:
        return Audience.BUSINESS, f"business: {business[0].path} is written for a business customer"
    consumer = [
        d
        for d in documents
        if d.audience.audience is Audience.CONSUMER and d.kind in {DocKind.AGREEMENT, DocKind.TERMS}
    ]
    if consumer:
        return Audience.CONSUMER, f"consumer: {consumer[0].path} is written for individuals"
    return Audience.UNKNOWN, "no document says who the customer is"


def _compatible(document: StackDocument, audience: Audience) -> bool:
    mine = document.audience.audience
    if audience in {Audience.UNKNOWN, Audience.MIXED} or mine in {Audience.UNKNOWN, Audience.MIXED}:
        return True
    return mine is audience


def _roles(
    documents: list[StackDocument], references: tuple[Reference, ...], audience: Audience
) -> dict[str, tuple[Role, str]]:
    roles: dict[str, tuple[Role, str]] = {}
    eligible = [d for d in documents if _compatible(d, audience)]
    for d in documents:
        if d not in eligible:
            roles[d.path] = (
                Role.OTHER_AUDIENCE,
                f"written for {d.audience.audience.value} use; the deal is read as {audience.value}",
            )
    supplied_refs = [r for r in references if r.resolution is Resolution.SUPPLIED]
    mains = [d for d in eligible if d.kind in {DocKind.AGREEMENT, DocKind.TERMS}]

    def weight(d: StackDocument) -> tuple[int, int, int]:
        joins = sum(1 for r in supplied_refs if r.source == d.path and r.type in _JOINS_TARGET)
        pulled = sum(1 for r in supplied_refs if r.resolved_path == d.path and r.type in _JOINS_TARGET)
        pulls = sum(1 for r in supplied_refs if r.source == d.path and r.type in _PULLS_TARGET_IN)
        return (-joins, pulled + pulls, 1 if d.kind is DocKind.AGREEMENT else 0)

    candidates = sorted(mains or eligible, key=weight, reverse=True)
    if not candidates:
        return roles
    root = candidates[0]
    roles[root.path] = (Role.ROOT, "the main agreement the other documents attach to")
    by_path = {d.path: d for d in documents}
    governing = {root.path}
    changed = True
    while changed:
        changed = False
        for r in supplied_refs:
            joined: str | None = None
            if r.source in governing and r.type in _PULLS_TARGET_IN and r.resolved_path not in roles:
                joined = r.resolved_path
            elif r.resolved_path in governing and r.type in _JOINS_TARGET and r.source not in roles:
                joined = r.source
            if joined is None:
                continue
            document = by_path[joined]
            overriding = document.kind in _OVERRIDING_KINDS or (
                r.type is ReferenceType.AMENDS and r.source == joined
            )
            section = f" ({r.evidence.section})" if r.evidence.section else ""
            why = f"{r.type.value.replace('_', ' ')} per {PurePath(r.source).name}{section}"
            roles[joined] = (Role.OVERRIDING if overriding else Role.INCORPORATED, why)
            governing.add(joined)
            changed = True
    for r in supplied_refs:
        if r.source in governing and r.resolved_path not in roles:
            section = f" ({r.evidence.section})" if r.evidence.section else ""
            roles[r.resolved_path] = (
                Role.INFORMATIONAL,
                f"referred to by {PurePath(r.source).name}{section}",
            )
    return roles


def _endpoint(mention: Mention | None, source: Supplied, supplied: tuple[Supplied, ...]) -> str | None:
    if mention is None:
        return source.path
    found = match_mention(mention, False, source, supplied)
    if found.resolution is Resolution.SUPPLIED:
        return found.path
    if found.resolution is Resolution.STANDARD:
        return f"standard:{mention.kind.value}"
    return f"missing:{mention.kind.value}"


def _edges(found: FoundPrecedence, source: Supplied, supplied: tuple[Supplied, ...]) -> PrecedenceEdge | None:
    higher = _endpoint(found.higher, source, supplied)
    lower = _endpoint(found.lower, source, supplied)
    if higher is None or lower is None or higher == lower:
        return None
    return PrecedenceEdge(higher, lower, source.path, found.evidence, found.scope)


def build_stack(reviews: Sequence[Review], options: StackOptions | None = None) -> Stack:
    """The stack of `reviews` (one per supplied file, in the order given)."""
    options = options or StackOptions()
    views = [view_of(r) for r in reviews]
    pairs = [_supplied(r, v) for r, v in zip(reviews, views, strict=True)]
    supplied = tuple(info for info, _ in pairs)
    documents = [document for _, document in pairs]
    raw_references: list[Reference] = []
    edges: list[PrecedenceEdge] = []
    for view, info in zip(views, supplied, strict=True):
        found = detect_references(view, info.kind)
        for f in found.references:
            matched = match_mention(f.target, f.external, info, supplied)
            raw_references.append(
                Reference(
                    info.path,
                    _named(f.target),
                    f.type,
                    f.evidence,
                    f.pattern,
                    matched.resolution,
                    matched.path,
                    matched.section or f.sections,
                    f.scope,
                )
            )
        for p in found.precedence:
            edge = _edges(p, info, supplied)
            if edge is not None:
                edges.append(edge)
    references = _dedupe(raw_references)
    # An amendment controls what it amends, whether or not it says so again in a conflicts clause.
    for r in references:
        if r.resolution is Resolution.SUPPLIED and r.type is ReferenceType.AMENDS:
            edges.append(PrecedenceEdge(r.source, r.resolved_path, r.source, r.evidence, r.section))
        elif r.resolution is Resolution.SUPPLIED and r.type is ReferenceType.AMENDED_BY:
            edges.append(PrecedenceEdge(r.resolved_path, r.source, r.source, r.evidence, r.section))
    # The first clause stating an order is cited: a conflicts clause before the amendment it explains.
    first: dict[tuple[str, str, str], PrecedenceEdge] = {}
    for e in edges:
        first.setdefault((e.higher, e.lower, e.source), e)
    unique_edges = tuple(first.values())
    audience, audience_reason = _deal_audience(documents, options.audience)
    roles = _roles(documents, references, audience)
    documents = [
        _with_role(
            d, *roles.get(d.path, (Role.UNRELATED, "neither cites nor is cited by the deal's documents"))
        )
        for d in documents
    ]
    governing_paths = {d.path for d in documents if d.role in {Role.ROOT, Role.INCORPORATED, Role.OVERRIDING}}
    missing: dict[tuple[str, str], MissingDocument] = {}
    for r in references:
        if r.resolution is Resolution.MISSING and r.source in governing_paths:
            key = _target_key(r)
            if key not in missing or (
                missing[key].reference.type is ReferenceType.REFERS and r.type is not ReferenceType.REFERS
            ):
                missing[key] = MissingDocument(r.target.kind, r.target.name, r)
    answers = combine(reviews, documents, unique_edges, audience, tuple(missing.values()))
    stack = Stack(
        tuple(documents),
        references,
        unique_edges,
        tuple(missing.values()),
        audience,
        audience_reason,
        answers,
        options.counterparty,
    )
    log.info(
        "stack documents=%d references=%d edges=%d missing=%d audience=%s",
        len(documents),
        len(references),
        len(unique_edges),
        len(missing),
        audience.value,
    )
    return stack


def _named(mention: Mention) -> NamedDocument:
    return NamedDocument(mention.kind, mention.name, mention.url)


def _with_role(document: StackDocument, role: Role, reason: str) -> StackDocument:
    return replace(document, role=role, role_reason=reason)
