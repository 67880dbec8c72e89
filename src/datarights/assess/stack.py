"""Assess a deal as a whole: a legal check is met when any governing document of the stack meets
it (GDPR Art. 28(3) by the incorporated DPA), and a check the deal hands to a document that was
not supplied reads "needs review — DPA referenced (§ 12.3) but not provided", never "not met".

The single-document engine does the judging; this module only chooses, per finding, the document
whose reading counts, and records which document that was so evidence offsets stay meaningful.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from datarights.assess.checks import ALL_CHECKS, Context
from datarights.assess.checks.base import CheckGroup
from datarights.assess.engine import for_audience, run_checks
from datarights.assess.model import Assessment, CheckStatus, Finding, Verdict
from datarights.assess.playbook import Playbook
from datarights.assess.questions import judge
from datarights.assess.risk import grade
from datarights.assess.summary import summarise
from datarights.detect.engine import view_of
from datarights.model.questions import QuestionId
from datarights.model.review import Review
from datarights.stack.model import GOVERNING_ROLES, DocKind, MissingDocument, ReferenceType, Role, Stack

# The documents a deal hands each checklist to, when it names them.
CARRIED_BY: dict[CheckGroup, frozenset[DocKind]] = {
    CheckGroup.GDPR_ART28: frozenset({DocKind.DPA}),
    CheckGroup.CCPA_SERVICE_PROVIDER: frozenset({DocKind.DPA}),
    CheckGroup.US_STATE_PROCESSOR: frozenset({DocKind.DPA}),
    CheckGroup.SUBPROCESSORS: frozenset({DocKind.DPA}),
    CheckGroup.DEIDENTIFICATION: frozenset({DocKind.DPA, DocKind.AI_ADDENDUM}),
    CheckGroup.MODEL_LIFECYCLE: frozenset({DocKind.AI_ADDENDUM}),
    CheckGroup.TRANSPARENCY: frozenset({DocKind.DPA, DocKind.AI_ADDENDUM}),
    CheckGroup.TERMS_CHANGES: frozenset(),
}
# Better first: a check met anywhere in the deal is met.
_STATUS_ORDER = (CheckStatus.MET, CheckStatus.PARTLY_MET, CheckStatus.NOT_PROVIDED, CheckStatus.NOT_MET)
_KIND_LABEL = {DocKind.DPA: "DPA", DocKind.AI_ADDENDUM: "AI addendum"}


@dataclass(frozen=True, slots=True)
class FindingSource:
    """The document a finding's evidence offsets point into."""

    finding_id: str
    document_path: str


@dataclass(frozen=True)
class StackAssessment:
    stack: Stack
    assessment: Assessment
    sources: tuple[FindingSource, ...]

    def source(self, finding_id: str) -> str:
        return next((s.document_path for s in self.sources if s.finding_id == finding_id), "")


def _not_provided(finding: Finding, missing: MissingDocument) -> Finding:
    reference = missing.reference
    where = f" (§ {reference.evidence.section})" if reference.evidence.section else ""
    label = _KIND_LABEL.get(missing.kind, missing.name)
    rationale = f"Needs review — {label} referenced{where} but not provided: {finding.rationale}"
    return dataclasses.replace(
        finding,
        position=CheckStatus.NOT_PROVIDED.value,
        verdict=Verdict.NEEDS_REVIEW,
        verdict_basis=CheckStatus.NOT_PROVIDED.value,
        evidence=(reference.evidence,),
        rationale=rationale,
    )


def assess_stack(stack: Stack, reviews: Sequence[Review], playbook: Playbook) -> StackAssessment:
    by_path = {r.document.path: r for r in reviews}
    governing = [d for d in stack.documents if d.role in GOVERNING_ROLES]
    root = next(
        (d for d in governing if d.role is Role.ROOT), governing[0] if governing else stack.documents[0]
    )
    findings: list[Finding] = []
    sources: list[FindingSource] = []
    for question in QuestionId:
        combined = stack.answers[question]
        path = combined.controlling_document or root.path
        answer = by_path[path].answers[question]
        finding = for_audience(judge(question, answer, playbook), stack.audience)
        if combined.awaiting is not None and finding.verdict is Verdict.NOT_ACCEPTABLE:
            # The document most specific to the question is named but absent: not a verdict yet.
            finding = dataclasses.replace(
                _not_provided(finding, combined.awaiting),
                position=finding.position,
                evidence=finding.evidence or (combined.awaiting.reference.evidence,),
            )
            if not answer.evidence:
                path = combined.awaiting.reference.source
        if combined.conflicts:
            others = "; ".join(f"{c.other.path} says {c.other.answer.position}" for c in combined.conflicts)
            finding = dataclasses.replace(
                finding, rationale=f"{finding.rationale} ({combined.why}; {others})"
            )
        findings.append(finding)
        sources.append(FindingSource(question.value, path))

    per_check: dict[str, list[tuple[Finding, str]]] = {}
    notes_by_document: list[set[str]] = []
    for document in governing:
        review = by_path[document.path]
        ctx = Context(view_of(review), review.doc_type, review.answers)
        found, notes = run_checks(ctx, playbook, stack.audience)
        notes_by_document.append(set(notes))
        for f in found:
            per_check.setdefault(f.id, []).append((f, document.path))
    # A checklist not applied to any governing document is noted once.
    notes = sorted(set.intersection(*notes_by_document)) if notes_by_document else []
    missing_by_kind: dict[DocKind, MissingDocument] = {}
    for m in stack.missing:
        if m.reference.type is not ReferenceType.REFERS or m.kind not in missing_by_kind:
            missing_by_kind.setdefault(m.kind, m)
    checks = {c.id: c for c in ALL_CHECKS}
    kinds = {d.path: d.kind for d in stack.documents}
    for check in ALL_CHECKS:
        readings = per_check.get(check.id)
        if not readings:
            continue
        carriers = CARRIED_BY[checks[check.id].group]
        # The best reading wins; among equals, the document the deal hands the checklist to (the
        # DPA for Art. 28) is the one cited.
        best, path = min(
            readings,
            key=lambda fp: (
                _STATUS_ORDER.index(CheckStatus(fp[0].position)),
                kinds.get(fp[1]) not in carriers,
            ),
        )
        if CheckStatus(best.position) is CheckStatus.NOT_MET:
            carrier = next(
                (missing_by_kind[k] for k in CARRIED_BY[checks[check.id].group] if k in missing_by_kind), None
            )
            if carrier is not None:
                best, path = _not_provided(best, carrier), carrier.reference.source
        findings.append(best)
        sources.append(FindingSource(best.id, path))
    summary, links = summarise({f.id: f for f in findings})
    root_document = by_path[root.path].document
    assessment = Assessment(
        document_path=root.path,
        document_sha256=root_document.sha256,
        document_format=root_document.format.value,
        doc_type=by_path[root.path].doc_type,
        playbook=playbook.name,
        findings=tuple(findings),
        grade=grade(findings),
        summary=summary,
        summary_findings=links,
        notes=tuple(notes),
        playbook_title=playbook.title,
        document_title=root.title,
        audience=stack.audience.value,
        audience_reason=stack.audience_reason,
    )
    return StackAssessment(stack, assessment, tuple(sources))


__all__ = ["CARRIED_BY", "FindingSource", "StackAssessment", "assess_stack"]
