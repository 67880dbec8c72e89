"""One answer per question for the whole deal, and the document that controls it.

Among the governing documents that address a question (those whose answer rests on evidence), the
controlling one is chosen by, in order: an order-of-precedence clause of the deal (directly or
through a chain of them), specificity (the DPA for processor questions, the AI addendum for
training and outputs), the later effective date, and finally the main agreement. Every governing
document that answers differently is listed as a conflict with both clauses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from datarights.model.questions import QuestionId
from datarights.model.review import Review
from datarights.stack.model import (
    GOVERNING_ROLES,
    Audience,
    CombinedAnswer,
    Conflict,
    ControlBasis,
    DocKind,
    DocumentAnswer,
    MissingDocument,
    PrecedenceEdge,
    ReferenceType,
    Role,
    StackDocument,
)

# The document kinds that speak most specifically to each question, most specific first.
SPECIFIC_KINDS: dict[QuestionId, tuple[DocKind, ...]] = {
    QuestionId.TRAINING_USE: (DocKind.AI_ADDENDUM,),
    QuestionId.TRAINING_SCOPE: (DocKind.AI_ADDENDUM,),
    # Not the DPA: de-identified and aggregated data fall outside the personal data it governs.
    QuestionId.DEIDENTIFIED_USE: (DocKind.AI_ADDENDUM,),
    QuestionId.SERVICE_IMPROVEMENT: (DocKind.AI_ADDENDUM, DocKind.DPA),
    QuestionId.VENDOR_ROLE: (DocKind.DPA,),
    QuestionId.RETENTION: (DocKind.DPA,),
    QuestionId.AUDIT_RIGHTS: (DocKind.DPA,),
    QuestionId.HUMAN_REVIEW: (DocKind.AI_ADDENDUM, DocKind.DPA),
    QuestionId.OUTPUT_OWNERSHIP: (DocKind.AI_ADDENDUM,),
    QuestionId.CHANGE_NOTICE: (),
    QuestionId.FEEDBACK_LICENSE: (),
}


# Documents with a subject matter of their own: their precedence, and their say on questions outside
# that subject, reach only the questions they are specific to (a DPA "prevails with regard to the
# specific subject matter of this DPA" — the processing of personal data — not on feedback or on how
# the main terms change).
SPECIAL_PURPOSE = frozenset(
    {DocKind.DPA, DocKind.AI_ADDENDUM, DocKind.PRIVACY_POLICY, DocKind.ACCEPTABLE_USE}
)


def edges_for(
    question: QuestionId, edges: Sequence[PrecedenceEdge], by_path: dict[str, StackDocument]
) -> list[PrecedenceEdge]:
    """The precedence edges that can decide `question`."""
    kept = []
    for edge in edges:
        higher = by_path.get(edge.higher)
        if (
            higher is not None
            and higher.kind in SPECIAL_PURPOSE
            and higher.kind not in SPECIFIC_KINDS[question]
        ):
            continue
        kept.append(edge)
    return kept


_SAYS_NOTHING = frozenset({"unspecified", "silent", "not_applicable"})


def _beats(edges: Sequence[PrecedenceEdge]) -> dict[str, set[str]]:
    """For every document, the documents it controls over, directly or through a chain."""
    direct: dict[str, set[str]] = {}
    for edge in edges:
        direct.setdefault(edge.higher, set()).add(edge.lower)
    closed: dict[str, set[str]] = {}
    for start in direct:
        seen: set[str] = set()
        todo = list(direct[start])
        while todo:
            node = todo.pop()
            if node in seen or node == start:
                continue
            seen.add(node)
            todo.extend(direct.get(node, ()))
        closed[start] = seen
    return closed


def _edge_between(edges: Sequence[PrecedenceEdge], higher: str, lower: str) -> PrecedenceEdge | None:
    """The clause that puts `higher` above `lower` (the first edge of the chain)."""
    for edge in edges:
        if edge.higher == higher and edge.lower == lower:
            return edge
    for edge in edges:
        if edge.higher == higher:
            return edge
    return None


def _name(path: str) -> str:
    return PurePath(path).name


def _cite(edge: PrecedenceEdge) -> str:
    where = f" § {edge.evidence.section}" if edge.evidence.section else ""
    scope = f" ({edge.scope})" if edge.scope else ""
    return f"{_name(edge.source)}{where}{scope}"


def _decide(
    question: QuestionId,
    candidates: list[tuple[StackDocument, DocumentAnswer]],
    edges: Sequence[PrecedenceEdge],
    beats: dict[str, set[str]],
) -> tuple[StackDocument, DocumentAnswer, ControlBasis, str]:
    paths = [d.path for d, _ in candidates]
    unbeaten = [
        c for c in candidates if not any(c[0].path in beats.get(p, set()) for p in paths if p != c[0].path)
    ]
    if len(unbeaten) == 1 and len(candidates) > 1:
        top = unbeaten[0]
        beaten = [p for p in paths if p in beats.get(top[0].path, set())]
        if beaten:
            edge = _edge_between(edges, top[0].path, beaten[0])
            why = (
                f"{_name(top[0].path)} controls over {', '.join(_name(p) for p in beaten)} by the precedence clause in "
                + (_cite(edge) if edge else "the deal")
            )
            return top[0], top[1], ControlBasis.PRECEDENCE_CLAUSE, why
    pool = unbeaten or candidates
    specific = SPECIFIC_KINDS[question]
    ranked = sorted(
        pool,
        key=lambda c: specific.index(c[0].kind) if c[0].kind in specific else len(specific),
    )
    if (
        specific
        and ranked[0][0].kind in specific
        and (len(ranked) == 1 or ranked[1][0].kind is not ranked[0][0].kind)
    ) and len(pool) > 1:
        kind = (
            ranked[0][0].kind.value.replace("_", " ").upper()
            if ranked[0][0].kind is DocKind.DPA
            else ranked[0][0].kind.value.replace("_", " ")
        )
        return (
            ranked[0][0],
            ranked[0][1],
            ControlBasis.SPECIFICITY,
            f"{_name(ranked[0][0].path)} is the {kind}, the document specific to {question.value}",
        )
    # On a general question the main terms speak for themselves; a special-purpose document's words
    # on it (a DPA's notice of DPA changes) do not displace them.
    general = [c for c in pool if not (c[0].kind in SPECIAL_PURPOSE and c[0].kind not in specific)]
    if general and len(general) < len(pool):
        others = ", ".join(_name(c[0].path) for c in pool if c not in general)
        if len(general) == 1:
            return (
                general[0][0],
                general[0][1],
                ControlBasis.SPECIFICITY,
                f"{_name(general[0][0].path)} governs {question.value}; {others} speaks to it only for its own subject matter",
            )
        pool = general
    dated = [c for c in pool if c[0].effective is not None]
    if len(pool) > 1 and len(dated) == len(pool):
        latest = max(dated, key=lambda c: c[0].effective or 0)  # type: ignore[arg-type, return-value]
        if sum(1 for c in dated if c[0].effective == latest[0].effective) == 1:
            return (
                latest[0],
                latest[1],
                ControlBasis.LATER_DATE,
                f"{_name(latest[0].path)} is the latest ({latest[0].effective})",
            )
    if len(pool) == 1:
        return (
            pool[0][0],
            pool[0][1],
            ControlBasis.ONLY,
            f"{_name(pool[0][0].path)} is the only governing document that addresses it",
        )
    root = next((c for c in pool if c[0].role is Role.ROOT), pool[0])
    return (
        root[0],
        root[1],
        ControlBasis.ROOT,
        f"no precedence rule decides; {_name(root[0].path)} is the main agreement",
    )


def _awaiting(
    question: QuestionId,
    governing: Sequence[tuple[StackDocument, DocumentAnswer]],
    missing: Sequence[MissingDocument],
) -> MissingDocument | None:
    """The document most specific to the question when the deal names it but it was not supplied."""
    present = {d.kind for d, _ in governing}
    for kind in SPECIFIC_KINDS[question]:
        if kind in present:
            return None
        absent = next(
            (m for m in missing if m.kind is kind and m.reference.type is not ReferenceType.REFERS), None
        )
        if absent is not None:
            return absent
    return None


def missing_note(absent: MissingDocument | None) -> str:
    """ "; the DPA it incorporates (§ 11.1 Privacy) was not provided and may answer it"."""
    if absent is None:
        return ""
    where = f" (§ {absent.reference.evidence.section})" if absent.reference.evidence.section else ""
    label = "DPA" if absent.kind is DocKind.DPA else absent.kind.value.replace("_", " ")
    verb = absent.reference.type.value.replace("_", " ")
    return f"; the {label} it {verb}{where} was not provided and may answer it"


def combine(
    reviews: Sequence[Review],
    documents: Sequence[StackDocument],
    edges: Sequence[PrecedenceEdge],
    audience: Audience,
    missing: Sequence[MissingDocument] = (),
) -> dict[QuestionId, CombinedAnswer]:
    by_path = {d.path: d for d in documents}
    answers: dict[QuestionId, CombinedAnswer] = {}
    # Per question: every document's own answer, and the governing ones that address it.
    readings: dict[QuestionId, tuple[list[DocumentAnswer], list[DocumentAnswer]]] = {}
    for question in QuestionId:
        own = [
            DocumentAnswer(r.document.path, r.answers[question], bool(r.answers[question].evidence))
            for r in reviews
        ]
        governing = [(by_path[a.path], a) for a in own if by_path[a.path].role in GOVERNING_ROLES]
        awaiting = _awaiting(question, governing, missing)
        caveat = missing_note(awaiting)
        addressed = [(d, a) for d, a in governing if a.addressed]
        readings[question] = (own, [a for _, a in addressed])
        if not addressed:
            root = next(
                (a for d, a in governing if d.role is Role.ROOT), governing[0][1] if governing else own[0]
            )
            answers[question] = CombinedAnswer(
                question,
                root.answer.position,
                "",
                ControlBasis.SILENT,
                "no governing document addresses it" + caveat,
                (),
                (),
                tuple(a for a in own if a is not root),
                awaiting,
            )
            continue
        relevant = edges_for(question, edges, by_path)
        document, chosen, basis, why = _decide(question, addressed, relevant, _beats(relevant))
        agreeing = [a for _, a in addressed if a.answer.position == chosen.answer.position]
        if len(addressed) > 1 and len(agreeing) == len(addressed):
            why += f"; all {len(addressed)} governing documents that address it agree"
        why += caveat if document.kind not in SPECIFIC_KINDS[question] else ""
        # "Unspecified" says nothing either way, so it contradicts no one.
        conflicts = tuple(
            Conflict(question, chosen, a, basis)
            for _, a in addressed
            if a.answer.position != chosen.answer.position and a.answer.position not in _SAYS_NOTHING
        )
        answers[question] = CombinedAnswer(
            question,
            chosen.answer.position,
            document.path,
            basis,
            why,
            chosen.answer.evidence,
            conflicts,
            tuple(a for a in own if a is not chosen),
            awaiting if document.kind not in SPECIFIC_KINDS[question] else None,
        )
    return _consistent(answers, readings)


def _consistent(
    answers: dict[QuestionId, CombinedAnswer],
    readings: dict[QuestionId, tuple[list[DocumentAnswer], list[DocumentAnswer]]],
) -> dict[QuestionId, CombinedAnswer]:
    """Answers that depend on each other stay in step across documents: when the controlling
    document prohibits training, which models training reaches no longer applies, whatever another
    document said about it."""
    training = answers[QuestionId.TRAINING_USE]
    scope = answers[QuestionId.TRAINING_SCOPE]
    if (
        training.position == "prohibited"
        and scope.position != "not_applicable"
        and scope.controlling_document != training.controlling_document
    ):
        own, addressed = readings[QuestionId.TRAINING_SCOPE]
        chosen = next(a for a in own if a.path == training.controlling_document)
        answers[QuestionId.TRAINING_SCOPE] = CombinedAnswer(
            QuestionId.TRAINING_SCOPE,
            "not_applicable",
            training.controlling_document,
            training.basis,
            f"training is prohibited by {_name(training.controlling_document)}, which controls training_use: {training.why}",
            training.evidence,
            tuple(
                Conflict(QuestionId.TRAINING_SCOPE, chosen, a, training.basis)
                for a in addressed
                if a.path != chosen.path and a.answer.position not in _SAYS_NOTHING
            ),
            tuple(a for a in own if a is not chosen),
        )
    return answers
