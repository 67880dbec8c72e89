"""Check a plan by reading the contract it leaves behind, and withdraw edits that make it worse.

A clause can say the right thing and still be read as something worse beside
the contract's other terms (a deletion duty for "models trained on Customer
Data" reads as permission to train them). Before a redline goes out we apply
it, review and assess the result with the same playbook, and compare it with
the unedited text read the same way. An edit whose text the reviewer cites for
a finding that got worse, or whose deletion removed the text a finding rested
on, is withdrawn: a replacement or amendment becomes a comment on the clause, an
inserted clause is dropped, and either way the memo keeps the ask.

Only the public review and assess API is used, so the check follows the
detectors as they change.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from datarights.assess.model import Assessment, Finding, Verdict
from datarights.assess.playbook import Playbook
from datarights.detect.engine import review_document
from datarights.model.review import Review
from datarights.pipeline import assessed
from datarights.redline.addendum import AddendumClause, renumbered
from datarights.redline.clauses import Variant, load_library
from datarights.redline.deal import terms_alone, with_addendum
from datarights.redline.edits import Applicability, Edit
from datarights.redline.plan import Ask, Change, Placement, RedlinePlan, restitched

_RANK = {Verdict.ACCEPTABLE: 0, Verdict.NEEDS_REVIEW: 1, Verdict.NOT_ACCEPTABLE: 2}
_SPACE = re.compile(r"\s+")
_ROUNDS = 3


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """An edit taken back, and the finding it would have made worse."""

    finding_ids: tuple[str, ...]  # the findings the edit answered
    worsened: str  # the finding it made worse
    before: Verdict
    after: Verdict


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def _assess_text(text: str, playbook: Playbook) -> Assessment:
    with tempfile.TemporaryDirectory(prefix="datarights-verify-") as folder:
        path = Path(folder) / "contract.md"
        path.write_text(text, encoding="utf-8")
        return assessed(path, playbook)


def _worse(before: Assessment, after: Assessment) -> list[tuple[Finding, Finding]]:
    earlier = {f.id: f for f in before.findings}
    return [
        (earlier[f.id], f)
        for f in after.findings
        if f.id in earlier and _RANK[f.verdict] > _RANK[earlier[f.id].verdict]
    ]


def _cites(finding: Finding, text: str) -> bool:
    """Whether the finding's evidence quotes `text` (or `text` holds the evidence)."""
    new = _norm(text)
    if len(new) < 20:
        return False
    for evidence in finding.evidence:
        quoted = _norm(evidence.text)
        if len(quoted) >= 20 and (quoted[:80] in new or new[:80] in quoted):
            return True
    return False


def _struck(change: Change, finding: Finding) -> bool:
    """Whether a replacement deleted text that the finding rested on before."""
    if change.edit is None or change.edit.is_insertion:
        return False
    return any(e.start < change.edit.end and change.edit.start < e.end for e in finding.evidence)


def _culprits(plan: RedlinePlan, worse: list[tuple[Finding, Finding]]) -> dict[int, tuple[Finding, Finding]]:
    found: dict[int, tuple[Finding, Finding]] = {}
    for index, change in enumerate(plan.changes):
        if change.edit is None:
            continue
        for before, after in worse:
            if _cites(after, change.edit.replacement) or _struck(change, before):
                found.setdefault(index, (before, after))
    return found


_STRICTER = {Variant.VENDOR: Variant.BALANCED, Variant.BALANCED: Variant.BUYER}


def _stricter(plan: RedlinePlan, change: Change) -> Change | None:
    """The same change with each clause in its stricter variant, or None when there is none."""
    library = load_library()
    asks: list[Ask] = []
    for ask in change.asks:
        if ask.clause is None:
            asks.append(ask)
            continue
        up = _STRICTER.get(ask.clause.variant)
        clause = library.clauses.get(f"{ask.clause.topic}.{up}") if up is not None else None
        if clause is None:
            return None
        asks.append(
            Ask(
                ask.finding,
                clause,
                clause.render(plan.variables),
                ask.applicability,
                ask.note,
                clause.render_heading(plan.variables),
            )
        )
    texts = " ".join(dict.fromkeys(a.clause_text for a in asks if a.clause is not None))
    if change.edit is None or not texts:
        return None
    if change.placement is Placement.INSERT and change.new_clauses:
        lead = next(a for a in asks if a.clause is not None)
        *frame, last = change.new_clauses
        clauses = (*frame, replace(last, heading=lead.heading, text=lead.clause_text))
        text = "".join("\n\n" + c.rendered for c in clauses)
        edit = Edit(change.edit.start, change.edit.end, text)
        return replace(change, edit=edit, asks=tuple(asks), new_clauses=clauses)
    lead_space = " " if change.placement is Placement.AMEND else ""
    return replace(
        change, edit=Edit(change.edit.start, change.edit.end, lead_space + texts), asks=tuple(asks)
    )


def _stricter_clause(clause: AddendumClause, variables: dict[str, str]) -> AddendumClause | None:
    lead = next((a for a in clause.asks if a.clause is not None), None)
    if lead is None or lead.clause is None:
        return None
    up = _STRICTER.get(lead.clause.variant)
    better = load_library().clauses.get(f"{lead.clause.topic}.{up}") if up is not None else None
    if better is None:
        return None
    asks = tuple(
        Ask(
            a.finding,
            better,
            better.render(variables),
            a.applicability,
            a.note,
            better.render_heading(variables),
        )
        if a is lead
        else a
        for a in clause.asks
    )
    return AddendumClause(clause.number, better.render_heading(variables), better.render(variables), asks)


def _as_comment(change: Change, note: str) -> Change | None:
    """A withdrawn edit: a comment on the clause it would have changed, or nothing for a new clause."""
    asks = tuple(
        Ask(a.finding, None, "", Applicability.DISPLAY_ONLY, f"{a.note} {note}".strip(), a.heading)
        for a in change.asks
    )
    if change.placement is Placement.INSERT or change.anchor[0] == change.anchor[1]:
        return None
    return Change(Placement.COMMENT, None, change.anchor, asks, change.section)


def verify_plan(
    plan: RedlinePlan, playbook: Playbook, review: Review | None = None
) -> tuple[RedlinePlan, tuple[Withdrawn, ...]]:
    """`plan` without the edits that the playbook would judge as making the contract worse.

    `review` is the review of `plan.document`, when the caller has it (an addendum is judged with
    the terms it supplements, read as one deal)."""
    if plan.addendum is not None:
        return _verify_addendum(plan, playbook, review or review_document(plan.document))
    baseline = _assess_text(plan.document.text, playbook)
    withdrawn: list[Withdrawn] = []
    for _ in range(_ROUNDS):
        after = _assess_text(plan.proposed_text(), playbook)
        culprits = _culprits(plan, _worse(baseline, after))
        if not culprits:
            break
        changes: list[Change] = []
        for index, change in enumerate(plan.changes):
            if index not in culprits:
                changes.append(change)
                continue
            before, later = culprits[index]
            stricter = _stricter(plan, change)
            if stricter is not None:
                # The next variant up (balanced → buyer) may say the same without the side effect;
                # the next round checks it like any other edit.
                changes.append(stricter)
                continue
            withdrawn.append(Withdrawn(change.finding_ids, later.id, before.verdict, later.verdict))
            note = f"Edit withdrawn: read with the rest of the contract it would make {later.id} worse."
            comment = _as_comment(change, note)
            if comment is not None:
                changes.append(comment)
        plan = replace(plan, changes=tuple(restitched(plan.document, changes)))
    return replace(plan, withdrawn=tuple(withdrawn)), tuple(withdrawn)


def _verify_addendum(
    plan: RedlinePlan, playbook: Playbook, terms: Review
) -> tuple[RedlinePlan, tuple[Withdrawn, ...]]:
    """The addendum without the clauses that make the deal worse. The deal is the terms and the
    signed addendum read together (`deal`): a clause that speaks to a question the terms already
    answer acceptably takes it over by the precedence clause, and may answer it worse."""
    addendum = plan.addendum
    assert addendum is not None
    baseline = terms_alone(terms, playbook, consumer=addendum.consumer)
    withdrawn: list[Withdrawn] = []
    for _ in range(_ROUNDS):
        after = with_addendum(terms, addendum, playbook)
        worse = _worse(baseline, after)
        kept = []
        for clause in addendum.clauses:
            hit = next(((b, a) for b, a in worse if clause.asks and _cites(a, clause.text)), None)
            stricter = _stricter_clause(clause, addendum.variables) if hit is not None else None
            if hit is None:
                kept.append(clause)
            elif stricter is not None:
                kept.append(stricter)
            else:
                ids = tuple(a.finding.id for a in clause.asks)
                withdrawn.append(Withdrawn(ids, hit[1].id, hit[0].verdict, hit[1].verdict))
        if tuple(kept) == addendum.clauses:
            break
        addendum = replace(addendum, clauses=renumbered(kept))
    return replace(plan, addendum=addendum, withdrawn=tuple(withdrawn)), tuple(withdrawn)
