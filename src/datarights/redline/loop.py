"""The closed loop: redline a contract, accept every change, and judge the accepted text again.

A redline is only as good as the contract it leaves behind once the other side
accepts it. For one contract and one playbook we

1. review and assess the contract and plan the redline;
2. write the redline DOCX and resolve it twice with `ooxml.accept_all` /
   `ooxml.reject_all` (the transform Word's and LibreOffice's Accept All and
   Reject All perform; `tests/redline/test_libreoffice.py` checks they agree);
3. read both resolved documents back, review and assess them, and compare.

The rejected copy, not the source file, is the "before": a Markdown or PDF
contract is laid out as Word first, and comparing Word with Word keeps layout
differences out of the figures (for a DOCX source the two are the same text).

When the plan is an addendum (online terms are not negotiated in place) the
customer signs the addendum's DOCX and keeps the provider's terms as they are:
the loop reads the two as one deal with `stack/`, whose combined answers follow
the addendum's order-of-precedence clause, and compares that with the terms read
alone through the same stack assessment.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import docx

from datarights.assess.engine import assess
from datarights.assess.model import Assessment, FindingKind, Verdict
from datarights.assess.playbook import Playbook
from datarights.model import Document
from datarights.model.review import Review
from datarights.pipeline import assessed, review_and_assess
from datarights.redline import ooxml
from datarights.redline.clauses import Variant
from datarights.redline.deal import terms_alone, with_addendum
from datarights.redline.plan import Placement, RedlinePlan
from datarights.redline.prepare import prepare
from datarights.redline.regions import Region, region_at
from datarights.structure import read_document

_RANK = {Verdict.ACCEPTABLE: 0, Verdict.NEEDS_REVIEW: 1, Verdict.NOT_ACCEPTABLE: 2}
_DATE = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Shift:
    """One finding whose verdict changed between the rejected and the accepted contract."""

    finding: str
    kind: FindingKind
    before: Verdict
    after: Verdict


@dataclass(frozen=True)
class LoopResult:
    path: str
    playbook: str
    instrument: str  # "redline" or "addendum"
    changes: int
    not_acceptable_before: int  # question findings
    fixed: tuple[str, ...]  # question findings not acceptable before, acceptable after
    not_fixed: tuple[str, ...]  # "retention: unspecified → unspecified (not_acceptable)"
    not_asked: tuple[str, ...]  # not-acceptable question findings the plan leaves alone by design
    not_acceptable_checks_before: int
    fixed_checks: tuple[str, ...]
    worse: tuple[Shift, ...]
    definitions_lost: tuple[str, ...]
    outside_main_body: tuple[str, ...]  # "insert in schedule: 'Annex 1 …'"
    definitions_edited: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())
    libreoffice_agrees: bool | None = None  # LibreOffice's Accept All gave the same text (None: not run)


Redliner = Callable[[Review, Assessment, Playbook], RedlinePlan]
AcceptAll = Callable[[bytes], str]  # a redlined DOCX → its text after an office suite's Accept All
_SPACES = re.compile(r"\s+")


def _normal(text: str) -> str:
    """Text exports differ only in whitespace, table separators and a byte-order mark."""
    return _SPACES.sub(" ", text.replace("|", " ").replace("\ufeff", "")).strip()


def default_redliner(review: Review, assessment: Assessment, playbook: Playbook) -> RedlinePlan:
    return prepare(review, assessment, variant=Variant(playbook.stance), playbook=playbook)


def _resolved(data: bytes, accept: bool, folder: Path, name: str) -> Document:
    word = docx.Document(io.BytesIO(data))
    (ooxml.accept_all if accept else ooxml.reject_all)(word.element)
    target = folder / f"{name}.docx"
    word.save(str(target))
    return read_document(target)


def _definitions(document: Document) -> set[str]:
    return {d.term.casefold() for d in document.definitions}


def _placement_problems(plan: RedlinePlan) -> tuple[list[str], list[str]]:
    outside: list[str] = []
    definitions: list[str] = []
    document = plan.document
    for change in plan.changes:
        if change.edit is None:
            continue
        region = region_at(document, change.anchor[0])
        where = change.section or "(no section)"
        if change.placement is Placement.INSERT and region is not Region.MAIN:
            outside.append(f"insert in {region.value}: {where}")
        if change.placement is Placement.REPLACE:
            edited = [
                d.term
                for d in document.definitions
                if d.definition_span.start < change.edit.end and change.edit.start < d.definition_span.end
            ]
            if edited:
                definitions.append(f"{where}: {', '.join(edited)}")
    return outside, definitions


def closed_loop(
    path: Path,
    playbook: Playbook,
    redliner: Redliner = default_redliner,
    *,
    review: Review | None = None,
    libreoffice: AcceptAll | None = None,
) -> LoopResult:
    """Redline `path` with `playbook`, accept everything, and compare the verdicts."""
    from datarights.redline.docx import redline_docx

    if review is None:
        processed = review_and_assess(path, playbook=playbook)
        assert processed is not None and processed.assessment is not None  # no on_error: failures raise
        review, assessment = processed.review, processed.assessment
    else:
        assessment = assess(review, playbook)
    plan = redliner(review, assessment, playbook)
    notes: list[str] = []
    agrees: bool | None = None
    with tempfile.TemporaryDirectory(prefix="datarights-loop-") as tmp:
        folder = Path(tmp)
        addendum = plan.addendum
        if addendum is not None:
            # The terms stay as they are; the customer signs the addendum's DOCX, and the deal is
            # the two read together (`deal`), where the addendum's precedence clause makes it control.
            before_doc = after_doc = review.document
            before = terms_alone(review, playbook, consumer=addendum.consumer)
            after = with_addendum(review, addendum, playbook)
            instrument = "addendum"
        else:
            source = path if path.suffix.lower() == ".docx" else None
            data = redline_docx(plan, source, author="datarights", date=_DATE).data
            before_doc = _resolved(data, False, folder, "rejected")
            after_doc = _resolved(data, True, folder, "accepted")
            instrument = "redline"
            if libreoffice is not None:
                agrees = _normal(libreoffice(data)) == _normal(after_doc.text)
            before = assessed(before_doc, playbook)
            after = assessed(after_doc, playbook)
    verdicts = {f.id: f for f in after.findings}
    asked = {ask.finding.id for change in plan.changes for ask in change.asks}
    if plan.addendum is not None:
        asked |= {ask.finding.id for clause in plan.addendum.clauses for ask in clause.asks}
    asked |= {finding for taken in plan.withdrawn for finding in taken.finding_ids}
    not_asked = tuple(
        f.id
        for f in before.findings
        if f.kind is FindingKind.QUESTION and f.verdict is Verdict.NOT_ACCEPTABLE and f.id not in asked
    )
    fixed: list[str] = []
    fixed_checks: list[str] = []
    not_fixed: list[str] = []
    worse: list[Shift] = []
    na_questions = na_checks = 0
    for finding in before.findings:
        later = verdicts.get(finding.id)
        if later is None:
            continue
        if finding.verdict is Verdict.NOT_ACCEPTABLE:
            if finding.kind is FindingKind.QUESTION:
                na_questions += 1
            else:
                na_checks += 1
            if later.verdict is Verdict.ACCEPTABLE:
                (fixed if finding.kind is FindingKind.QUESTION else fixed_checks).append(finding.id)
            elif finding.kind is FindingKind.QUESTION:
                not_fixed.append(
                    f"{finding.id}: {finding.position} → {later.position} ({later.verdict.value})"
                )
        if _RANK[later.verdict] > _RANK[finding.verdict]:
            worse.append(Shift(finding.id, finding.kind, finding.verdict, later.verdict))
    lost = sorted(_definitions(before_doc) - _definitions(after_doc))
    outside, edited = _placement_problems(plan)
    return LoopResult(
        path=str(path),
        playbook=playbook.name,
        instrument=instrument,
        changes=len(plan.changes),
        not_acceptable_before=na_questions,
        fixed=tuple(fixed),
        not_fixed=tuple(not_fixed),
        not_asked=not_asked,
        not_acceptable_checks_before=na_checks,
        fixed_checks=tuple(fixed_checks),
        worse=tuple(worse),
        definitions_lost=tuple(lost),
        outside_main_body=tuple(outside),
        definitions_edited=tuple(edited),
        notes=tuple(notes),
        libreoffice_agrees=agrees,
    )
