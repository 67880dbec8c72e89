"""AI-specific checks: de-identification standard, model lifecycle, sub-processors and model
providers, transparency, and unilateral changes to data-use terms
(spec/legal-basis.md §4.4, §5, §8 Q7, Q8, Q10, Q14)."""

from __future__ import annotations

import re

from datarights.assess import citations as c
from datarights.assess.checks.base import Check, CheckGroup, CheckResult, Context
from datarights.assess.checks.common import (
    ABSENCE_CONFIDENCE,
    Rung,
    element_status,
    elements,
    hits,
    ladder,
    merge_evidence,
    single,
)
from datarights.assess.model import CheckStatus
from datarights.assess.provisions import confidence_of, evidence_of
from datarights.model.findings import Basis, Evidence
from datarights.model.questions import ChangeNotice, QuestionId, TrainingUse, YesNo

_DEID_TERM = re.compile(r"de-?identif|anonymi[sz]|anonymous|aggregat|pseudonymi[sz]", re.IGNORECASE)


def deid_definitions(ctx: Context) -> tuple[Evidence, ...]:
    """The sentences that define de-identified, anonymised or aggregated data, if the document defines them."""
    found: list[Evidence] = []
    for definition in ctx.view.doc.definitions:
        if _DEID_TERM.search(definition.term):
            clause = ctx.view.clause_at(definition.term_span.start) or ctx.view.clause_at(
                definition.definition_span.start
            )
            if clause is not None and all(e.start != clause.start for e in found):
                found.append(ctx.view.evidence(clause, Basis.DEFINED_TERM))
    return tuple(found)


def has_deid_carve_out(ctx: Context) -> bool:
    return ctx.position(QuestionId.DEIDENTIFIED_USE) == YesNo.YES or bool(deid_definitions(ctx))


def deid_standard(ctx: Context) -> CheckResult:
    definitions = deid_definitions(ctx)
    carve_out = ctx.answer_evidence(QuestionId.DEIDENTIFIED_USE)
    strong = hits(ctx, "deid_technical_standard")
    weak = hits(ctx, "deid_weak_standard")
    evidence = merge_evidence(definitions, carve_out, evidence_of(strong), evidence_of(weak))
    if strong and not weak:
        return CheckResult(
            CheckStatus.MET,
            evidence,
            "De-identified data is defined to a recognised standard (cannot reasonably be linked; statutory reference).",
            confidence_of(strong),
        )
    if strong:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence,
            "A recognised standard is named, but the document also lets the provider rely on its own judgement, hashing or pseudonymisation.",
            0.7,
        )
    if weak:
        return CheckResult(
            CheckStatus.NOT_MET,
            evidence,
            "De-identification is left to the provider's judgement or to hashing/pseudonymisation, which do not make data anonymous.",
            confidence_of(weak),
        )
    what = "defined without a standard" if definitions else "not defined"
    return CheckResult(
        CheckStatus.NOT_MET,
        evidence,
        f"The carve-out relies on de-identified or aggregated data that is {what}.",
        0.7,
    )


def revocation(ctx: Context) -> CheckResult:
    training = ctx.answers[QuestionId.TRAINING_USE]
    if training.position not in {TrainingUse.OPT_IN, TrainingUse.OPT_OUT}:
        return CheckResult(
            CheckStatus.NOT_APPLICABLE, (), "There is no opt-in or opt-out to revoke.", training.confidence
        )
    prospective = hits(ctx, "revocation_prospective", "model_retention_disclaimer")
    retroactive = hits(ctx, "revocation_retroactive")
    if prospective:
        return CheckResult(
            CheckStatus.NOT_MET,
            merge_evidence(evidence_of(prospective), training.evidence),
            "Revoking consent or opting out is prospective only: data already used stays in the models.",
            confidence_of(prospective),
        )
    if retroactive:
        return CheckResult(
            CheckStatus.MET,
            evidence_of(retroactive),
            "Opting out removes customer data from models or training sets.",
            confidence_of(retroactive),
        )
    return CheckResult(
        CheckStatus.PARTLY_MET,
        training.evidence,
        "The document does not say whether opting out reaches data already used in training.",
        ABSENCE_CONFIDENCE,
    )


def transparency(ctx: Context) -> CheckResult:
    attest = hits(ctx, "training_attestation")
    inability = hits(ctx, "cannot_comply_notice")
    if attest or inability:
        return element_status(
            ctx,
            [("attestation or report on training use", attest), ("notice of inability to comply", inability)],
            what="transparency on data use",
        )
    trust = hits(ctx, "trust_page")
    if trust:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence_of(trust),
            "Only a public trust or security page, which the provider can change and is not a contractual commitment.",
            0.6,
        )
    return CheckResult(
        CheckStatus.NOT_MET,
        (),
        "No report, attestation or notice about the use of customer data.",
        ABSENCE_CONFIDENCE,
    )


def terms_changes(ctx: Context) -> CheckResult:
    answer = ctx.answers[QuestionId.CHANGE_NOTICE]
    safeguards = hits(ctx, "data_use_change_opt_in", "change_not_retroactive")
    evidence = merge_evidence(answer.evidence, evidence_of(safeguards))
    if answer.position == ChangeNotice.CONSENT_REQUIRED or (
        answer.position == ChangeNotice.ADVANCE_NOTICE and safeguards
    ):
        return CheckResult(
            CheckStatus.MET,
            evidence,
            "Data-use terms change only with the customer's agreement, or prospectively with opt-in.",
            answer.confidence,
        )
    if answer.position == ChangeNotice.ADVANCE_NOTICE:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence,
            "The provider may change the terms, including data-use terms, after advance notice; continued use counts as acceptance and nothing keeps a more permissive data use prospective or opt-in.",
            answer.confidence,
        )
    if answer.position == ChangeNotice.POSTING_ONLY:
        return CheckResult(
            CheckStatus.NOT_MET,
            evidence,
            "The provider may change the terms, including data use, by posting them.",
            answer.confidence,
        )
    return CheckResult(
        CheckStatus.PARTLY_MET,
        evidence,
        "The document does not say how its terms change; check that data-use terms change only by signed amendment.",
        ABSENCE_CONFIDENCE,
    )


G_DEID = CheckGroup.DEIDENTIFICATION
G_LIFE = CheckGroup.MODEL_LIFECYCLE
G_SUB = CheckGroup.SUBPROCESSORS

CHECKS: tuple[Check, ...] = (
    Check(
        "deid_standard",
        G_DEID,
        "De-identification defined to a recognised standard",
        deid_standard,
        "De-identified data escapes the privacy statutes only if it meets the statutory test; otherwise it is still personal data and still carries confidential information into training.",
        "Define de-identified data per Cal. Civ. Code §1798.140(m) (and 45 CFR §164.514(b) for PHI), applied before any training; hashing or pseudonymisation does not count.",
        (c.CCPA_140_M, c.HIPAA_514_B, c.TX_541_106, c.OR_583, c.FTC_HASHING_2024, c.GDPR_4_5),
    ),
    Check(
        "deid_public_commitment",
        G_DEID,
        "Public commitment not to re-identify (§1798.140(m)(2))",
        single(
            "deid_public_commitment",
            present="The holder publicly commits to keep the data de-identified.",
            absent="No public commitment to maintain the data in de-identified form and not to re-identify it.",
        ),
        "The statute binds the holder to publicly commit to keep the data de-identified; a carve-out without it does not meet the definition.",
        "Provider publicly commits to maintain and use the data only in de-identified form and not to re-identify it.",
        (c.CCPA_140_M, c.FTC_2012_TEST),
    ),
    Check(
        "deid_no_reidentification",
        G_DEID,
        "Re-identification ban",
        single(
            "deid_no_reidentification",
            present="The provider may not re-identify the data.",
            absent="No ban on re-identifying de-identified data.",
        ),
        "Without a re-identification ban, 'de-identified' data can be linked back to people and customers.",
        "Provider will not attempt to re-identify de-identified data, except to test its de-identification.",
        (c.CCPA_140_M, c.FTC_2012_TEST),
    ),
    Check(
        "deid_flow_down",
        G_DEID,
        "De-identification terms flowed down to recipients",
        single(
            "deid_flow_down",
            present="Recipients of de-identified data are bound not to re-identify it.",
            absent="Recipients (including model providers) are not contractually bound to the de-identification terms.",
        ),
        "Recipients, including model providers, must be contractually bound too (third prong), or the data stops being de-identified when it leaves the provider.",
        "Provider contractually obliges every recipient of de-identified data to comply with the same terms, including the re-identification ban.",
        (c.CCPA_140_M, c.OR_583, c.FTC_2012_TEST),
    ),
    Check(
        "model_deletion",
        G_LIFE,
        "Deletion or retraining of models and derivatives",
        ladder(
            Rung(
                ("model_retention_disclaimer",),
                CheckStatus.NOT_MET,
                "The provider keeps what its models learned from customer data; nothing requires deleting or retraining models or derivatives.",
                cite_also=("model_deletion",),
            ),
            Rung(
                ("model_deletion",),
                CheckStatus.MET,
                "Models, fine-tunes or derived data built with customer data must be deleted or retrained.",
            ),
            Rung(
                ("deletion_at_end",),
                CheckStatus.PARTLY_MET,
                "Customer data is deleted at the end, but nothing reaches models, fine-tunes, embeddings or derived datasets.",
                cap=0.7,
            ),
            absent="No deletion duty for customer data, models or derivatives.",
        ),
        "Regulators order deletion of models built from unlawfully used data; a contract that deletes only raw data leaves models, fine-tunes and embeddings in place.",
        "At termination, opt-out or breach, delete or retrain without Customer Data all fine-tunes, adapters, embeddings and derived datasets, and certify it.",
        (c.FTC_AI_COMMITMENTS_2024, c.FTC_MODEL_DELETION_ORDERS, c.EDPB_OP_28_2024, c.gdpr("28(3)(g)")),
    ),
    Check(
        "revocation_prospective",
        G_LIFE,
        "Revocation reaches data already used",
        revocation,
        "If opting out is 'prospective only', everything learned before it stays in the provider's models for good.",
        "Opt-out or withdrawal also removes Customer Data from training sets and, for customer-specific models, from the models themselves.",
        (c.FTC_AI_COMMITMENTS_2024, c.EDPB_OP_28_2024, c.CNIL_2022_REUSE),
    ),
    Check(
        "subprocessor_transparency",
        G_SUB,
        "Sub-processors named, with notice and objection",
        elements(
            "visibility of the processing chain",
            ("sub-processors listed", ("subprocessor_list",)),
            ("notice and objection", ("subprocessor_objection",)),
        ),
        "We must know every sub-processor in the chain, including upstream model providers, and be able to object to new ones.",
        "A current list of sub-processors (naming model providers), advance notice of changes and a right to object.",
        (c.EDPB_OP_22_2024, c.gdpr("28(2)"), c.CO_1305, c.CT_521_B),
    ),
    Check(
        "model_provider_flow_down",
        G_SUB,
        "No-training terms flowed down to model providers",
        ladder(
            Rung(
                ("model_provider_no_training",),
                CheckStatus.MET,
                "Sub-processors or upstream model providers are barred from training on customer data.",
            ),
            Rung(
                ("upstream_terms_incorporated",),
                CheckStatus.NOT_MET,
                "Upstream provider terms are incorporated as they stand; their no-training and retention terms are not assured.",
                cite_also=("subprocessor_flow_down",),
            ),
            Rung(
                ("subprocessor_flow_down",),
                CheckStatus.PARTLY_MET,
                "Sub-processors get equivalent obligations in general, but no no-training commitment reaches model providers.",
                cap=0.7,
            ),
            absent="Nothing binds sub-processors or model providers to the data-use limits.",
        ),
        "Prompts routed to an upstream model provider are only as protected as that provider's terms; click-through terms may allow its own training.",
        "Upstream model providers are sub-processors bound in writing to no training and zero or limited retention; Provider is fully liable for them.",
        (c.gdpr("28(4)"), c.EDPB_OP_22_2024, c.CCPA_140_AG_2),
    ),
    Check(
        "transparency_reports",
        CheckGroup.TRANSPARENCY,
        "Reports on training use and notice of inability to comply",
        transparency,
        "Only the provider knows whether our data reached a training set; the notice of inability to comply is mandatory under the CCPA.",
        "Annual written attestation that Customer Data was not used for training (or which models it was used for), the sub-processor list, and prompt notice if Provider can no longer comply.",
        (c.CCPA_100_D_4, c.CCR_7051_A_8, c.AI_ACT_53, c.FTC_AI_COMMITMENTS_2024),
    ),
    Check(
        "terms_changes_data_use",
        CheckGroup.TERMS_CHANGES,
        "Unilateral changes to data-use terms",
        terms_changes,
        "A quiet or retroactive change that switches on training may be unfair or deceptive, and a processor cannot rewrite the controller's instructions.",
        "Data-use terms change only by signed amendment; any more permissive use applies only prospectively and after opt-in.",
        (c.FTC_TERMS_CHANGES_2024, c.gdpr("28(3)(a)"), c.GDPR_28_10),
    ),
)
