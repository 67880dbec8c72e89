"""Assessments built by hand from a review, so redline tests do not wait on the assess engine."""

from __future__ import annotations

from datarights.assess.model import (
    Assessment,
    Citation,
    Finding,
    FindingKind,
    Grade,
    Severity,
    Verdict,
)
from datarights.model.review import Review

# What a buyer accepts for each question (a small stand-in for the buyer playbook).
BUYER_OK: dict[str, tuple[str, ...]] = {
    "training_use": ("prohibited",),
    "training_scope": ("not_applicable", "private"),
    "deidentified_use": ("no",),
    "service_improvement": ("no",),
    "vendor_role": ("processor",),
    "retention": ("fixed_period",),
    "audit_rights": ("audit",),
    "change_notice": ("consent_required",),
    "feedback_license": ("no", "yes"),
    "output_ownership": ("customer",),
    "human_review": ("no", "yes"),
}
REVIEW_ONLY = {"human_review", "retention"}

# Legal checks the example fails because it is silent.
SILENT_CHECKS = (
    ("model_deletion", "Deletion of models trained on customer data", "FTC, Everalbum (2021)"),
    ("transparency_reports", "Transparency reports on data use", "EDPB Opinion 22/2024"),
    ("model_provider_flow_down", "No-training duties flow down to model providers", "GDPR Art. 28(4)"),
)


def buyer_assessment(review: Review, *, checks: bool = True) -> Assessment:
    findings: list[Finding] = []
    for question, answer in review.answers.items():
        ok = answer.position in BUYER_OK.get(question.value, ())
        verdict = (
            Verdict.ACCEPTABLE
            if ok
            else Verdict.NEEDS_REVIEW
            if question.value in REVIEW_ONLY
            else Verdict.NOT_ACCEPTABLE
        )
        findings.append(
            Finding(
                id=question.value,
                kind=FindingKind.QUESTION,
                title=question.value.replace("_", " ").capitalize(),
                position=answer.position,
                verdict=verdict,
                severity=Severity.HIGH if verdict is Verdict.NOT_ACCEPTABLE else Severity.MEDIUM,
                confidence=answer.confidence,
                evidence=answer.evidence,
                rationale=answer.rationale,
                why_it_matters="The buyer playbook does not accept this position.",
                ask=f"Ask for {BUYER_OK.get(question.value, ('a better position',))[0]}.",
                citations=(Citation("GDPR Art. 28(3)(a)", "V"),),
                model_clauses=(f"{question.value}.buyer",),
            )
        )
    if checks:
        for check_id, title, source in SILENT_CHECKS:
            findings.append(
                Finding(
                    id=check_id,
                    kind=FindingKind.CHECK,
                    title=title,
                    position="not_met",
                    verdict=Verdict.NOT_ACCEPTABLE,
                    severity=Severity.HIGH,
                    confidence=0.8,
                    evidence=(),
                    rationale="The contract does not address this.",
                    why_it_matters="Regulators have ordered models trained on unlawfully used data deleted.",
                    ask="Add the clause.",
                    citations=(Citation(source, "S"),),
                )
            )
    return Assessment(
        document_path=review.document.path,
        document_sha256=review.document.sha256,
        document_format=review.document.format.value,
        doc_type=review.doc_type,
        playbook="buyer",
        findings=tuple(findings),
        grade=Grade("D", 40.0, "test"),
        summary={},
    )
