"""A redline planned from the whole deal: the stack's combined answers and stack assessment, seen
from the one document being redlined.

Read alone, an agreement that hands processor terms to its DPA fails every Art. 28(3) item and
its redline asks for them all again. Read with the stack, an item the DPA meets is acceptable and
nothing is asked for it; an item the deal still fails is asked in the redlined document, and the
comment and memo say which document controls the question. The planner places edits by evidence
offsets, so evidence from another document never reaches it: a finding controlled elsewhere keeps
the redlined document's own evidence for it (to amend the clause that speaks to it), or none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import PurePath

from datarights.assess.engine import assess
from datarights.assess.model import Assessment, Finding, FindingKind
from datarights.assess.playbook import Playbook
from datarights.assess.stack import StackAssessment, assess_stack
from datarights.detect.questions import QuestionId
from datarights.errors import ConfigError
from datarights.model.review import Review
from datarights.redline.addendum import Instrument
from datarights.redline.clauses import ClauseLibrary, Variant
from datarights.redline.plan import RedlinePlan, needs_redline
from datarights.redline.prepare import prepare
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.model import GOVERNING_ROLES


def _name(assessed: StackAssessment, path: str) -> str:
    document = assessed.stack.document(path)
    file = PurePath(path).name
    if document is None or not document.title or document.title == PurePath(path).stem:
        return file
    return f"{document.title} ({file})"


def _why(assessed: StackAssessment, finding: Finding) -> str:
    if finding.kind is FindingKind.QUESTION:
        combined = assessed.stack.answers.get(QuestionId(finding.id))
        if combined is not None and combined.why:
            return combined.why
    return f"the deal's reading of this item is {finding.position.replace('_', ' ')} there"


def for_document(
    target: Review, assessed: StackAssessment, own: Assessment
) -> tuple[Assessment, tuple[str, ...]]:
    """The stack assessment as the redline of `target` needs it, and the memo's lines on the deal.

    `own` is `target` assessed alone (same playbook): its evidence stands in for a finding whose
    controlling evidence lies in another document."""
    path = target.document.path
    findings: list[Finding] = []
    given: list[str] = []
    controlled: list[str] = []
    for finding in assessed.assessment.findings:
        source = assessed.source(finding.id) or path
        if source == path:
            findings.append(finding)
            continue
        name, why = _name(assessed, source), _why(assessed, finding)
        if not needs_redline(finding):
            # Nothing to ask here: another document of the deal already gives it.
            rationale = f"{finding.rationale} Given by {name} ({why}); nothing asked here."
            findings.append(dataclasses.replace(finding, evidence=(), rationale=rationale.strip()))
            given.append(f"{finding.title} ({finding.id}): {name}")
            continue
        mine = own.finding(finding.id)
        evidence = mine.evidence if mine is not None and needs_redline(mine) else ()
        rationale = (
            f"{finding.rationale} {name} controls this in the deal ({why}): the clause proposed here "
            f"must state that it prevails over {name}, or {name} must be amended to match."
        )
        findings.append(dataclasses.replace(finding, evidence=evidence, rationale=rationale.strip()))
        controlled.append(f"{finding.title} ({finding.id}): {name} controls ({why})")
    names = ", ".join(_name(assessed, d.path) for d in assessed.stack.governing if d.path != path)
    context = [f"Read with the deal's other documents: {names or 'none governing'}."]
    if assessed.assessment.audience:
        context.append(
            f"Audience assumed: {assessed.assessment.audience_reason or assessed.assessment.audience}."
        )
    context += [f"Not asked, given by another document: {line}." for line in given]
    context += [f"Asked here, though another document controls: {line}." for line in controlled]
    context += [
        f"Referenced but not provided: {m.name} ({m.kind.value}), named in {PurePath(m.reference.source).name}"
        + (f" § {m.reference.evidence.section}" if m.reference.evidence.section else "")
        + "."
        for m in assessed.stack.missing
    ]
    seen_alone = dataclasses.replace(
        assessed.assessment,
        findings=tuple(findings),
        document_path=path,
        document_sha256=own.document_sha256,
        document_format=own.document_format,
        doc_type=own.doc_type,
        document_title=own.document_title,
    )
    return seen_alone, tuple(context)


def prepare_stack(
    target: Review,
    assessed: StackAssessment,
    playbook: Playbook,
    *,
    variant: Variant | None = None,
    instrument: Instrument | None = None,
    library: ClauseLibrary | None = None,
) -> RedlinePlan:
    """`prepare` for `target` read as part of `assessed`'s stack: the same instrument choice and
    self-check, asks planned from the deal's combined answers, and the memo's lines on the deal."""
    document = assessed.stack.document(target.document.path)
    if document is None:
        raise ConfigError(f"{target.document.path}: not one of the stack's documents")
    if document.role not in GOVERNING_ROLES:
        raise ConfigError(
            f"{target.document.path}: not a governing document of the deal "
            f"({document.role.value}: {document.role_reason}); redline the agreement or an incorporated document"
        )
    own = assess(target, playbook)
    assessment, context = for_document(target, assessed, own)
    plan = prepare(
        target, assessment, variant=variant, instrument=instrument, library=library, playbook=playbook
    )
    return dataclasses.replace(plan, context=context)


def stack_plan(
    target: Review,
    others: Sequence[Review],
    playbook: Playbook,
    *,
    variant: Variant | None = None,
    instrument: Instrument | None = None,
    counterparty: str = "",
) -> RedlinePlan:
    """Read `target` with the deal's `others`, assess the stack and plan the redline of `target`."""
    reviews = [target, *(r for r in others if r.document.path != target.document.path)]
    stack = build_stack(reviews, StackOptions(counterparty=counterparty))
    return prepare_stack(
        target, assess_stack(stack, reviews, playbook), playbook, variant=variant, instrument=instrument
    )


__all__ = ["for_document", "prepare_stack", "stack_plan"]
