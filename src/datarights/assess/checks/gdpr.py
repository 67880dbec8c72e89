"""GDPR Art. 28(3)(a)-(h): the mandatory content of a processor contract (spec/legal-basis.md §1.1)."""

from __future__ import annotations

from datarights.assess import citations as c
from datarights.assess.checks.base import Check, CheckGroup, CheckResult, Context
from datarights.assess.checks.common import (
    ABSENCE_CONFIDENCE,
    element_status,
    elements,
    hits,
    merge_evidence,
    own_purpose_use,
    single,
)
from datarights.assess.model import CheckStatus
from datarights.assess.provisions import confidence_of, evidence_of
from datarights.model.questions import AuditRights, QuestionId, Retention

G = CheckGroup.GDPR_ART28


def instructions(ctx: Context) -> CheckResult:
    found = hits(ctx, "documented_instructions")
    reasons, conflict = own_purpose_use(ctx)
    if not found:
        return CheckResult(
            CheckStatus.NOT_MET,
            conflict,
            "No clause limits processing to the controller's documented instructions.",
            ABSENCE_CONFIDENCE,
        )
    if reasons:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            merge_evidence(evidence_of(found), conflict),
            "Processing is limited to documented instructions, but the document also reserves "
            + "; ".join(reasons)
            + ", which is processing for the provider's own purposes outside those instructions.",
            min(confidence_of(found), 0.8),
        )
    return CheckResult(
        CheckStatus.MET,
        evidence_of(found),
        "Processing is limited to the controller's documented instructions.",
        confidence_of(found),
    )


def deletion_or_return(ctx: Context) -> CheckResult:
    deletion = hits(ctx, "deletion_at_end")
    back = hits(ctx, "return_at_end", "controller_choice")
    return element_status(
        ctx,
        [("deletion at the end", deletion), ("return, or deletion at the controller's choice", back)],
        what="deletion or return at the end of the services",
        extra_evidence=ctx.answer_evidence(QuestionId.RETENTION)
        if ctx.position(QuestionId.RETENTION) == Retention.ON_REQUEST_OR_TERMINATION
        else (),
    )


def audits(ctx: Context) -> CheckResult:
    audit = ctx.position(QuestionId.AUDIT_RIGHTS)
    info = hits(ctx, "compliance_information")
    answer = ctx.answers[QuestionId.AUDIT_RIGHTS]
    evidence = merge_evidence(answer.evidence, evidence_of(info))
    if audit == AuditRights.AUDIT and info:
        return CheckResult(
            CheckStatus.MET,
            evidence,
            "The customer may audit, and the provider makes compliance information available.",
            answer.confidence,
        )
    if audit == AuditRights.AUDIT:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence,
            "The customer may audit, but no clause makes all information needed to demonstrate compliance available.",
            answer.confidence,
        )
    if audit == AuditRights.REPORTS_ONLY:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence,
            "Only reports or certifications are offered; Art. 28(3)(h) requires allowing audits, including inspections.",
            answer.confidence,
        )
    return CheckResult(
        CheckStatus.NOT_MET,
        evidence,
        "No audit right and no information right.",
        min(answer.confidence, ABSENCE_CONFIDENCE),
    )


_WHY_A = "Processing outside documented instructions makes the provider a controller for it (Art. 28(10)); a 'processor' that keeps own-purpose training rights is a deficiency of the DPA."

CHECKS: tuple[Check, ...] = (
    Check(
        "gdpr_28_3_a",
        G,
        "Art. 28(3)(a) documented instructions",
        instructions,
        _WHY_A,
        "Processing only on documented instructions; delete own-purpose carve-outs (training, improvement, analytics) or make them separately authorised controller uses.",
        (c.gdpr("28(3)(a)"), c.GDPR_29, c.GDPR_28_10, c.EDPB_07_2020_81, c.CNIL_2022_REUSE),
    ),
    Check(
        "gdpr_28_3_b",
        G,
        "Art. 28(3)(b) confidentiality of personnel",
        single(
            "personnel_confidentiality",
            present="Personnel who process the data are bound by confidentiality.",
            absent="No clause binds the provider's personnel to confidentiality.",
        ),
        "Staff and contractors who review prompts and outputs must be under a duty of confidentiality; without it the contract lacks a mandatory term.",
        "Provider ensures everyone authorised to process Personal Data is under a written or statutory duty of confidentiality.",
        (c.gdpr("28(3)(b)"), c.FTC_RING_2023),
    ),
    Check(
        "gdpr_28_3_c",
        G,
        "Art. 28(3)(c) security (Art. 32)",
        single(
            "security_measures",
            present="The provider commits to security measures.",
            absent="No clause commits the provider to Art. 32 security measures.",
        ),
        "Training pipelines, logs and embedding stores hold our data and must be covered by the security measures.",
        "Provider implements the measures required by Art. 32, described in a security annex that covers training pipelines and logs.",
        (c.gdpr("28(3)(c)"), c.gdpr("32")),
    ),
    Check(
        "gdpr_28_3_d",
        G,
        "Art. 28(3)(d) sub-processors",
        elements(
            "the Art. 28(2) and (4) conditions for sub-processors",
            ("prior authorisation", ("subprocessor_authorisation",)),
            ("same obligations flowed down", ("subprocessor_flow_down",)),
            ("provider stays liable", ("subprocessor_liability",)),
        ),
        "Upstream model providers are sub-processors: we must authorise them, they must carry the same obligations, and the provider must stay liable.",
        "Prior written authorisation with notice and objection; the same data-protection obligations by written contract; provider remains fully liable.",
        (c.gdpr("28(3)(d)"), c.gdpr("28(2)"), c.gdpr("28(4)"), c.EDPB_OP_22_2024),
    ),
    Check(
        "gdpr_28_3_e",
        G,
        "Art. 28(3)(e) assistance with data-subject rights",
        single(
            "dsr_assistance",
            present="The provider assists with data-subject requests.",
            absent="No clause obliges the provider to assist with data-subject requests.",
        ),
        "Erasure and objection requests must reach data already used by the provider, including in training.",
        "Provider assists, by appropriate technical and organisational measures, with requests from data subjects exercising their rights.",
        (c.gdpr("28(3)(e)"),),
    ),
    Check(
        "gdpr_28_3_f",
        G,
        "Art. 28(3)(f) assistance with Arts 32-36",
        elements(
            "assistance with Arts 32-36",
            ("breach notification", ("breach_notification",)),
            ("impact assessments / prior consultation", ("dpia_assistance",)),
        ),
        "We need the provider's help for breach notification and for impact assessments of AI features.",
        "Provider assists with security, breach notification, DPIAs and prior consultation, given the information available to it.",
        (c.gdpr("28(3)(f)"),),
    ),
    Check(
        "gdpr_28_3_g",
        G,
        "Art. 28(3)(g) deletion or return at the end",
        deletion_or_return,
        "At the end the controller chooses deletion or return of all personal data and copies; copies include fine-tunes, embeddings and evaluation sets.",
        "At Customer's choice, delete or return all Personal Data after the services end, and delete existing copies, with certification.",
        (c.gdpr("28(3)(g)"),),
    ),
    Check(
        "gdpr_28_3_h",
        G,
        "Art. 28(3)(h) information and audits",
        audits,
        "We must be able to demonstrate compliance: information from the processor and audits, including inspections.",
        "Provider makes available all information necessary to demonstrate compliance and allows for and contributes to audits, including inspections.",
        (c.gdpr("28(3)(h)"),),
    ),
)
