"""Judge a review: the eleven answers against a playbook, the legal checklists, the grade
and the one-screen summary."""

from __future__ import annotations

import dataclasses
import logging

from datarights.assess.checks import ALL_CHECKS, Check, CheckGroup, CheckResult, Context, group_applies
from datarights.assess.model import Assessment, CheckStatus, Finding, FindingKind, Severity, Verdict
from datarights.assess.playbook import Applies, Playbook
from datarights.assess.questions import judge
from datarights.assess.risk import grade
from datarights.assess.summary import summarise
from datarights.detect.engine import view_of
from datarights.model.questions import QuestionId, VendorRole
from datarights.model.review import Review
from datarights.stack.audience import classify_audience
from datarights.stack.model import Audience, AudienceFinding

log = logging.getLogger(__name__)

STATUS_VERDICT: dict[CheckStatus, Verdict] = {
    CheckStatus.MET: Verdict.ACCEPTABLE,
    CheckStatus.PARTLY_MET: Verdict.NEEDS_REVIEW,
    CheckStatus.NOT_MET: Verdict.NOT_ACCEPTABLE,
    CheckStatus.NOT_PROVIDED: Verdict.NEEDS_REVIEW,
}
# Checklists that only make sense when the customer is a business the provider processes for.
BUSINESS_ONLY_GROUPS = frozenset(
    {CheckGroup.GDPR_ART28, CheckGroup.CCPA_SERVICE_PROVIDER, CheckGroup.US_STATE_PROCESSOR}
)


def check_finding(check: Check, result: CheckResult, playbook: Playbook) -> Finding:
    rule = playbook.checks[check.group]
    return Finding(
        id=check.id,
        kind=FindingKind.CHECK,
        title=check.title,
        position=result.status.value,
        verdict=STATUS_VERDICT[result.status],
        severity=rule.severity_for(check.id),
        confidence=round(result.confidence, 2),
        evidence=result.evidence,
        rationale=result.rationale,
        why_it_matters=check.why_it_matters,
        ask=check.ask,
        citations=check.citations,
        model_clauses=() if result.status is CheckStatus.MET else (f"{check.id}.{playbook.stance}",),
        group=check.group.value,
        verdict_basis=result.status.value,
    )


def for_audience(finding: Finding, audience: Audience) -> Finding:
    """A playbook's processor preference is for business customers: towards an individual using
    consumer terms the provider is rightly a controller, so that answer is reported, not penalised."""
    if (
        audience is Audience.CONSUMER
        and finding.id == QuestionId.VENDOR_ROLE.value
        and finding.position == VendorRole.CONTROLLER
        and finding.verdict is not Verdict.ACCEPTABLE
    ):
        return dataclasses.replace(
            finding,
            verdict=Verdict.ACCEPTABLE,
            severity=Severity.INFO,
            verdict_basis="audience",
            rationale=finding.rationale
            + " Not judged: these are consumer terms, where the provider is a controller towards the"
            " individual user; the processor preference applies to business customers.",
        )
    return finding


def run_checks(
    ctx: Context, playbook: Playbook, audience: Audience | None = None
) -> tuple[list[Finding], list[str]]:
    findings: list[Finding] = []
    notes: list[str] = []
    for group in CheckGroup:
        rule = playbook.checks[group]
        # Consumer terms that still cast the provider as processor (a business-use rider, a DPA
        # inside) keep their processor checks.
        if (
            audience is Audience.CONSUMER
            and group in BUSINESS_ONLY_GROUPS
            and rule.applies is not Applies.ALWAYS
            and ctx.position(QuestionId.VENDOR_ROLE) not in {VendorRole.PROCESSOR, VendorRole.BOTH}
        ):
            notes.append(
                f"{group.value}: not applied (consumer terms: processor and service-provider terms apply to business customers)"
            )
            continue
        if rule.applies is Applies.NEVER:
            notes.append(f"{group.value}: not applied (the {playbook.name} playbook switches it off)")
            continue
        if rule.applies is Applies.AUTO:
            applies, why = group_applies(group, ctx)
            if not applies:
                notes.append(f"{group.value}: not applied ({why})")
                continue
        for check in ALL_CHECKS:
            if check.group is not group:
                continue
            result = check.run(ctx)
            if result.status is CheckStatus.NOT_APPLICABLE:
                notes.append(f"{check.id}: not applicable ({result.rationale.rstrip('.')})")
                continue
            findings.append(check_finding(check, result, playbook))
    return findings, notes


def assess(review: Review, playbook: Playbook, audience: AudienceFinding | None = None) -> Assessment:
    """`audience`: who the customer is; by default read from the document itself."""
    document = review.document
    view = view_of(review)  # what the review derived, not a second reading
    audience = audience or classify_audience(view, review.doc_type)
    ctx = Context(view, review.doc_type, review.answers)
    findings = [
        for_audience(judge(question, review.answers[question], playbook), audience.audience)
        for question in QuestionId
    ]
    check_findings, notes = run_checks(ctx, playbook, audience.audience)
    findings += check_findings
    summary, links = summarise({f.id: f for f in findings})
    result = Assessment(
        document_path=document.path,
        document_sha256=document.sha256,
        document_format=document.format.value,
        doc_type=review.doc_type,
        playbook=playbook.name,
        findings=tuple(findings),
        grade=grade(findings),
        summary=summary,
        summary_findings=links,
        notes=tuple(notes),
        playbook_title=playbook.title,
        document_title=document.title,
        audience=audience.audience.value,
        audience_reason=audience.rationale,
    )
    log.info(
        "assessed sha256=%s playbook=%s findings=%d grade=%s",
        document.sha256[:12],
        playbook.name,
        len(findings),
        result.grade.letter,
    )
    return result
