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

from datarights.assess.engine import assess
from datarights.assess.model import Assessment, Finding, Verdict
from datarights.assess.playbook import Playbook
from datarights.detect.engine import review_document
from datarights.redline.addendum import renumbered
from datarights.redline.edits import Applicability
from datarights.redline.plan import Ask, Change, Placement, RedlinePlan, restitched
from datarights.structure import read_document

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
        return assess(review_document(read_document(path)), playbook)


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


def _as_comment(change: Change, note: str) -> Change | None:
    """A withdrawn edit: a comment on the clause it would have changed, or nothing for a new clause."""
    asks = tuple(
        Ask(a.finding, None, "", Applicability.DISPLAY_ONLY, f"{a.note} {note}".strip(), a.heading)
        for a in change.asks
    )
    if change.placement is Placement.INSERT or change.anchor[0] == change.anchor[1]:
        return None
    return Change(Placement.COMMENT, None, change.anchor, asks, change.section)


def verify_plan(plan: RedlinePlan, playbook: Playbook) -> tuple[RedlinePlan, tuple[Withdrawn, ...]]:
    """`plan` without the edits that the playbook would judge as making the contract worse."""
    if plan.addendum is not None:
        return _verify_addendum(plan, playbook)
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
            withdrawn.append(Withdrawn(change.finding_ids, later.id, before.verdict, later.verdict))
            note = f"Edit withdrawn: read with the rest of the contract it would make {later.id} worse."
            comment = _as_comment(change, note)
            if comment is not None:
                changes.append(comment)
        plan = replace(plan, changes=tuple(restitched(plan.document, changes)))
    return replace(plan, withdrawn=tuple(withdrawn)), tuple(withdrawn)


def _verify_addendum(plan: RedlinePlan, playbook: Playbook) -> tuple[RedlinePlan, tuple[Withdrawn, ...]]:
    addendum = plan.addendum
    assert addendum is not None
    baseline = _assess_text(plan.document.text, playbook)
    withdrawn: list[Withdrawn] = []
    for _ in range(_ROUNDS):
        after = _assess_text(plan.document.text + "\n\n" + addendum.text(), playbook)
        worse = _worse(baseline, after)
        kept = []
        for clause in addendum.clauses:
            hit = next(((b, a) for b, a in worse if clause.asks and _cites(a, clause.text)), None)
            if hit is None:
                kept.append(clause)
            else:
                ids = tuple(a.finding.id for a in clause.asks)
                withdrawn.append(Withdrawn(ids, hit[1].id, hit[0].verdict, hit[1].verdict))
        if len(kept) == len(addendum.clauses):
            break
        addendum = replace(addendum, clauses=renumbered(kept))
    return replace(plan, addendum=addendum, withdrawn=tuple(withdrawn)), tuple(withdrawn)
