"""CCPA service-provider terms and the US state processor laws (spec/legal-basis.md §2.5-2.6, §3)."""

from __future__ import annotations

from datarights.assess import citations as c
from datarights.assess.checks.base import Check, CheckGroup, CheckResult, Context
from datarights.assess.checks.common import (
    ABSENCE_CONFIDENCE,
    SHARED_SCOPE,
    TRAINING_ALLOWED,
    element_status,
    elements,
    hits,
    merge_evidence,
    own_purpose_use,
    single,
)
from datarights.assess.model import CheckStatus
from datarights.model.questions import AuditRights, QuestionId, TrainingScope, VendorRole, YesNo

CA = CheckGroup.CCPA_SERVICE_PROVIDER
ST = CheckGroup.US_STATE_PROCESSOR


def reasonable_steps(ctx: Context) -> CheckResult:
    answer = ctx.answers[QuestionId.AUDIT_RIGHTS]
    if answer.position == AuditRights.AUDIT:
        return CheckResult(
            CheckStatus.MET,
            answer.evidence,
            "The customer may audit, a reasonable step to ensure compliant use.",
            answer.confidence,
        )
    if answer.position == AuditRights.REPORTS_ONLY:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            answer.evidence,
            "Only reports are offered; no right to take its own steps (reviews, scans, audits).",
            answer.confidence,
        )
    return CheckResult(
        CheckStatus.NOT_MET,
        (),
        "No right to take reasonable steps to ensure compliant use.",
        min(answer.confidence, ABSENCE_CONFIDENCE),
    )


def internal_improvement(ctx: Context) -> CheckResult:
    """§7050(a)(3): improvement with one customer's data is allowed only when not used for services to others."""
    training = ctx.answers[QuestionId.TRAINING_USE]
    scope = ctx.answers[QuestionId.TRAINING_SCOPE]
    improvement = ctx.answers[QuestionId.SERVICE_IMPROVEMENT]
    if training.position in TRAINING_ALLOWED and scope.position in SHARED_SCOPE:
        pooled = (
            "pooled, foundational"
            if scope.position == TrainingScope.FOUNDATIONAL
            else "unspecified (treated as shared)"
        )
        return CheckResult(
            CheckStatus.NOT_MET,
            merge_evidence(training.evidence, scope.evidence),
            f"Customer content may train {pooled} models that serve other customers ({training.position}). Training on identifiable "
            "personal information for services to others falls outside 11 CCR §7050(a)(3): the provider is then likely a third party, "
            "not a service provider, and the disclosure may be a sale or share. This reading is legally uncertain (no CPPA ruling on AI "
            "training) but the risk is elevated unless the data is first deidentified per §1798.140(m).",
            min(training.confidence, scope.confidence),
        )
    if training.position in TRAINING_ALLOWED:
        return CheckResult(
            CheckStatus.MET,
            merge_evidence(training.evidence, scope.evidence),
            "Any training is limited to models for this customer, within §7050(a)(3).",
            min(training.confidence, scope.confidence),
        )
    if improvement.position == YesNo.YES:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            improvement.evidence,
            "A general right to improve the services with customer content is allowed only for the services provided to this customer; "
            "the clause does not say so.",
            improvement.confidence,
        )
    return CheckResult(
        CheckStatus.MET,
        training.evidence,
        "No use of customer content to improve services for others was found.",
        training.confidence,
    )


def state_contract(ctx: Context) -> CheckResult:
    audit = ctx.answers[QuestionId.AUDIT_RIGHTS]
    return element_status(
        ctx,
        [
            ("instructions", hits(ctx, "documented_instructions")),
            ("nature, purpose, data types and duration", hits(ctx, "processing_details")),
            ("duty of confidentiality", hits(ctx, "personnel_confidentiality")),
            ("delete or return at the end", hits(ctx, "deletion_at_end", "return_at_end")),
            ("information to demonstrate compliance", hits(ctx, "compliance_information")),
            ("subcontractor flow-down", hits(ctx, "subprocessor_flow_down")),
            ("opportunity to object to subcontractors (CO, CT)", hits(ctx, "subprocessor_objection")),
        ],
        what="the processor-contract terms of VA, CO, CT, TX and OR",
        extra_evidence=audit.evidence if audit.position != AuditRights.NONE else (),
    )


def controller_by_conduct(ctx: Context) -> CheckResult:
    reasons, evidence = own_purpose_use(ctx)
    role = ctx.answers[QuestionId.VENDOR_ROLE]
    if reasons:
        labels: dict[str, str] = {
            VendorRole.PROCESSOR: "a processor",
            VendorRole.BOTH: "a processor for most data",
            VendorRole.CONTROLLER: "a controller",
        }
        label = labels.get(role.position, "unlabelled")
        return CheckResult(
            CheckStatus.NOT_MET,
            merge_evidence(role.evidence, evidence),
            f"The provider is cast as {label}, but the document lets it use customer data for its own purposes ("
            + "; ".join(reasons)
            + "). A processor that determines purposes and means is a controller for that processing, whatever the label.",
            max(role.confidence, 0.6),
        )
    if role.position == VendorRole.CONTROLLER:
        return CheckResult(
            CheckStatus.NOT_MET,
            role.evidence,
            "The provider is a controller of customer personal data, not a processor.",
            role.confidence,
        )
    if role.position == VendorRole.UNSPECIFIED:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            (),
            "The document does not say whether the provider is processor or controller.",
            role.confidence,
        )
    return CheckResult(
        CheckStatus.MET,
        role.evidence,
        "The provider is a processor and no own-purpose use was found.",
        role.confidence,
    )


_WHY_CA = "Under the CCPA the contract decides status: without these terms the provider is not a service provider, and disclosing personal information to it may be a sale."

CCPA_CHECKS: tuple[Check, ...] = (
    Check(
        "ccpa_7051_a_1",
        CA,
        "CCPA: no selling or sharing",
        single(
            "no_sale_or_sharing",
            present="The provider may not sell (or share) the personal information.",
            absent="No clause prohibits selling or sharing the personal information.",
        ),
        _WHY_CA,
        "Provider will not sell or share Personal Information collected under the Agreement.",
        (c.CCPA_140_AG_1_A, c.CCR_7051_A_1),
    ),
    Check(
        "ccpa_7051_a_2",
        CA,
        "CCPA: limited and specified business purposes",
        single(
            "business_purpose_limit",
            present="Personal information is disclosed only for limited, specified purposes.",
            absent="No clause limits use to specified business purposes.",
        ),
        _WHY_CA,
        "Name the specific business purposes (not the contract generally) and disclose Personal Information only for them.",
        (c.CCPA_100_D, c.CCR_7051_A_2),
    ),
    Check(
        "ccpa_7051_a_3_5",
        CA,
        "CCPA: no other purposes, no use outside the relationship, no combining",
        elements(
            "the use limits of 11 CCR §7051(a)(3)-(5)",
            ("no use for other purposes", ("business_purpose_limit",)),
            (
                "no use outside the direct business relationship / no combining",
                ("direct_relationship_limit",),
            ),
        ),
        _WHY_CA,
        "Provider will not retain, use or disclose Personal Information for other purposes, outside the direct business relationship, or combine it with other data.",
        (c.CCPA_140_AG_1_B, c.CCPA_140_AG_1_C, c.CCPA_140_AG_1_D, c.CCR_7051_A_3_5),
    ),
    Check(
        "ccpa_7051_a_6",
        CA,
        "CCPA: comply and give the same level of protection",
        single(
            "same_level_protection",
            present="The provider must comply with the CCPA and give the same level of privacy protection.",
            absent="No clause requires the same level of privacy protection as the CCPA.",
        ),
        _WHY_CA,
        "Provider complies with the CCPA and provides the same level of privacy protection as the CCPA requires.",
        (c.CCPA_100_D, c.CCR_7051_A_6),
    ),
    Check(
        "ccpa_7051_a_7",
        CA,
        "CCPA: right to take reasonable steps (audits, scans)",
        reasonable_steps,
        _WHY_CA,
        "Customer may take reasonable and appropriate steps, including audits or assessments at least once every 12 months.",
        (c.CCPA_140_AG_1, c.CCR_7051_A_7),
    ),
    Check(
        "ccpa_7051_a_8",
        CA,
        "CCPA: notice if it can no longer comply",
        single(
            "cannot_comply_notice",
            present="The provider must tell the customer if it can no longer meet its obligations.",
            absent="No clause requires notice if the provider can no longer meet its obligations.",
        ),
        "The notice that a provider can no longer meet its obligations is a mandatory term; without it we learn of problems too late.",
        "Provider notifies Customer if it determines it can no longer meet its CCPA obligations.",
        (c.CCPA_100_D_4, c.CCR_7051_A_8),
    ),
    Check(
        "ccpa_7051_a_9",
        CA,
        "CCPA: right to stop and remediate",
        single(
            "stop_and_remediate",
            present="The customer may stop and remediate unauthorised use.",
            absent="No right to stop and remediate unauthorised use.",
        ),
        _WHY_CA,
        "Customer may, on notice, take reasonable steps to stop and remediate unauthorised use of Personal Information.",
        (c.CCPA_100_D, c.CCR_7051_A_9),
    ),
    Check(
        "ccpa_140_j_1_b",
        CA,
        "CCPA: contractor certification",
        single(
            "ccpa_certification",
            present="The provider certifies that it understands the restrictions.",
            absent="No certification that the provider understands the restrictions (required of contractors).",
        ),
        "A contractor's contract must include its certification that it understands the restrictions.",
        "Provider certifies that it understands the restrictions in this Agreement and will comply with them.",
        (c.CCPA_140_J_1_B,),
    ),
    Check(
        "ccpa_7050_a_3",
        CA,
        "CCPA: improvement only for this customer (§7050(a)(3))",
        internal_improvement,
        "Training pooled or foundational models on one customer's identifiable personal information serves other customers; that likely makes the provider a third party, and our disclosure a sale or share.",
        "No training of models offered to others on Customer Personal Information unless it is first deidentified per §1798.140(m); improvement only of services provided to Customer.",
        (c.CCR_7050_A_3, c.CCPA_140_AG_1_C, c.CCPA_140_AG_1_D, c.CCPA_140_M),
    ),
)

STATE_CHECKS: tuple[Check, ...] = (
    Check(
        "us_state_processor_contract",
        ST,
        "US state processor contract terms (VA, CO, CT, TX, OR)",
        state_contract,
        "All five state laws require a binding processor contract with these terms; missing terms are a compliance gap for the controller.",
        "Add the state processor terms: instructions, processing details, confidentiality, delete or return, information, assessments, subcontractor flow-down with an opportunity to object.",
        (c.VA_579, c.CO_1305, c.CT_521_B, c.TX_541_104_B, c.OR_581_2),
    ),
    Check(
        "us_state_controller_by_conduct",
        ST,
        "Controller by conduct (own-purpose use)",
        controller_by_conduct,
        "A processor that begins to determine the purposes and means of processing is a controller for it, with notice, consent and assessment duties; our disclosure may become a sale.",
        "Remove own-purpose uses of Customer personal data, or name them, make them opt-in and allocate the controller duties expressly.",
        (c.CO_1305_7, c.CT_521_D, c.OR_581_4, c.GDPR_28_10, c.EDPB_07_2020_81),
    ),
)
