"""Each provision wording fires on a sentence that says it, and not on one that does not."""

from __future__ import annotations

import pytest

from datarights.assess.provisions import PROVISIONS, find
from datarights.detect.language import DocumentView
from tests.assess.conftest import document_from_markdown

# (provision, sentence, wording expected to fire — or None when nothing may fire)
CASES: list[tuple[str, str, str | None]] = [
    (
        "documented_instructions",
        "Provider will process Personal Data only on Customer's documented instructions.",
        "only on instructions",
    ),
    (
        "documented_instructions",
        "This DPA and the Agreement are Customer's complete and final instructions.",
        "instructions are the agreement",
    ),
    (
        "documented_instructions",
        "Provider will abide by these instructions unless the law prohibits it.",
        "abides by the customer's instructions",
    ),
    ("documented_instructions", "Customer may give instructions through the admin console.", None),
    (
        "infringing_instruction_notice",
        "Processor will immediately inform Customer if, in its opinion, an instruction infringes the GDPR.",
        "inform if instruction infringes",
    ),
    ("infringing_instruction_notice", "Processor will inform Customer of any new Sub-processor.", None),
    (
        "personnel_confidentiality",
        "Provider ensures that personnel who process Personal Data are bound by written obligations of confidentiality.",
        "personnel bound by confidentiality",
    ),
    (
        "personnel_confidentiality",
        "Written confidentiality agreements bind all employees with access.",
        "confidentiality imposed on personnel",
    ),
    ("personnel_confidentiality", "Each party keeps the other's information confidential.", None),
    (
        "security_measures",
        "Processor implements appropriate technical and organisational measures.",
        "technical and organisational measures",
    ),
    (
        "security_measures",
        "Provider maintains administrative, physical and technical safeguards.",
        "security safeguards",
    ),
    (
        "security_measures",
        "Provider will maintain the security measures described in the Security Policy.",
        "maintains a security programme",
    ),
    ("security_measures", "Customer is responsible for its passwords.", None),
    (
        "subprocessor_authorisation",
        "Customer authorises Provider to engage Sub-processors.",
        "authorises sub-processors",
    ),
    (
        "subprocessor_authorisation",
        "Processor will not engage another processor without prior specific or general written authorisation of Controller.",
        "prior written authorisation",
    ),
    ("subprocessor_authorisation", "Provider may use subcontractors at its discretion.", None),
    (
        "subprocessor_objection",
        "Customer may object to a new Sub-processor within 10 days.",
        "right to object to sub-processor",
    ),
    (
        "subprocessor_objection",
        "Provider will give notice before adding a new Sub-processor.",
        "notice before new sub-processor",
    ),
    ("subprocessor_objection", "Sub-processors are listed on our website.", None),
    (
        "subprocessor_flow_down",
        "Provider will bind each Sub-processor by a written agreement with obligations no less protective than this DPA.",
        "sub-processor bound by written terms",
    ),
    (
        "subprocessor_flow_down",
        "Provider will impose the same obligations on each subcontractor.",
        "obligations imposed on sub-processor",
    ),
    ("subprocessor_flow_down", "Provider may engage Sub-processors.", None),
    (
        "subprocessor_liability",
        "Provider remains fully liable for the acts of its Sub-processors.",
        "remains liable for sub-processors",
    ),
    ("subprocessor_liability", "Provider is not liable for its subcontractors.", None),
    ("subprocessor_list", "A list of current Sub-processors is in Schedule 3.", "list of sub-processors"),
    ("subprocessor_list", "Sub-processors must protect the data.", None),
    (
        "model_provider_no_training",
        "Our third-party model providers do not use Customer Data to train their models.",
        "sub-processors may not train",
    ),
    (
        "model_provider_no_training",
        "Customer Data will not be used to train models, including by or for our sub-processors.",
        "no training by anyone including sub-processors",
    ),
    ("model_provider_no_training", "Sub-processors process data to provide the Services.", None),
    (
        "upstream_terms_incorporated",
        "Third-party model terms apply to your use of those models.",
        "third-party terms apply",
    ),
    ("upstream_terms_incorporated", "Provider selects third-party vendors carefully.", None),
    (
        "dsr_assistance",
        "Processor will assist Controller in responding to requests from data subjects exercising their rights.",
        "assist with rights requests",
    ),
    (
        "dsr_assistance",
        "Provider will help with responding to requests received from individuals.",
        "respond to rights requests",
    ),
    (
        "dsr_assistance",
        "If a data subject makes a valid request, Provider will assist Customer in fulfilling the request.",
        "data-subject request then assistance",
    ),
    ("dsr_assistance", "Provider will assist with onboarding.", None),
    (
        "dpia_assistance",
        "Provider will help Customer carry out data protection impact assessments.",
        "impact assessment",
    ),
    ("dpia_assistance", "Provider assesses its own risks annually.", None),
    (
        "breach_notification",
        "Provider will notify Customer without undue delay of a Personal Data Breach.",
        "notify breach",
    ),
    ("breach_notification", "Provider will notify Customer of price changes.", None),
    ("deletion_at_end", "On termination, Provider will delete all Customer Data.", "delete on termination"),
    ("deletion_at_end", "Provider is not required to delete data after termination.", None),
    (
        "return_at_end",
        "Provider will return Customer Data to Customer on termination.",
        "return or export data",
    ),
    (
        "return_at_end",
        "Provider will make Customer Data available for export for 30 days.",
        "data available for export",
    ),
    ("return_at_end", "Customer may return defective hardware.", None),
    (
        "controller_choice",
        "At Customer's choice, Provider will delete or return the Personal Data.",
        "at customer's choice",
    ),
    ("controller_choice", "Provider will decide whether to delete or keep data.", None),
    ("deletion_certificate", "Provider will certify the deletion in writing.", "certify deletion"),
    ("deletion_certificate", "Provider holds ISO certifications.", None),
    (
        "compliance_information",
        "Processor makes available to Controller all information necessary to demonstrate compliance with Art. 28.",
        "information to demonstrate compliance",
    ),
    (
        "compliance_information",
        "Provider will give information to demonstrate its compliance on request.",
        "information on request about compliance",
    ),
    (
        "compliance_information",
        "Provider will give Customer all information reasonably necessary to demonstrate its compliance with this DPA.",
        "information to demonstrate compliance",
    ),
    ("compliance_information", "Provider will make available product information.", None),
    (
        "processing_details",
        "Annex 1 sets out the categories of data subjects and types of personal data.",
        "processing particulars",
    ),
    ("processing_details", "Annex 1 describes the Services.", None),
    ("no_sale_or_sharing", "Provider will not sell or share Personal Information.", "will not sell"),
    (
        "no_sale_or_sharing",
        "Provider will not collect, retain, use, sell or disclose Personal Data.",
        "will not sell",
    ),
    ("no_sale_or_sharing", "Provider may sell aggregated reports.", None),
    (
        "business_purpose_limit",
        "Provider processes Personal Information only for the business purposes in the Agreement.",
        "only for specified purposes",
    ),
    ("business_purpose_limit", "Provider has a legitimate business interest.", None),
    (
        "direct_relationship_limit",
        "Provider will not use Personal Information outside the direct business relationship.",
        "outside the direct business relationship",
    ),
    (
        "direct_relationship_limit",
        "Provider will not combine Personal Information with data from other sources.",
        "no combining",
    ),
    ("direct_relationship_limit", "Provider may combine datasets for analytics.", None),
    (
        "same_level_protection",
        "Provider will provide the same level of privacy protection as required by the CCPA.",
        "same level of privacy protection",
    ),
    (
        "same_level_protection",
        "Provider will comply with its obligations under the CCPA.",
        "comply with CCPA obligations",
    ),
    ("same_level_protection", "Provider complies with laws.", None),
    (
        "cannot_comply_notice",
        "Provider will notify Customer if it can no longer meet its obligations under the CCPA.",
        "notify if unable to comply",
    ),
    ("cannot_comply_notice", "Provider will notify Customer of outages.", None),
    (
        "stop_and_remediate",
        "Customer may take reasonable steps to stop and remediate unauthorised use of Personal Information.",
        "stop and remediate",
    ),
    ("stop_and_remediate", "Customer may stop using the Services.", None),
    (
        "ccpa_certification",
        "Provider certifies that it understands the restrictions in this Section.",
        "certifies it understands",
    ),
    ("ccpa_certification", "Provider holds a SOC 2 certification.", None),
    (
        "deid_technical_standard",
        "De-identified Data means information that cannot reasonably be linked to a particular consumer.",
        "cannot reasonably be linked",
    ),
    (
        "deid_technical_standard",
        "De-identified has the meaning in Cal. Civ. Code 1798.140(m).",
        "statutory de-identification reference",
    ),
    ("deid_technical_standard", "De-identified Data means data without names.", None),
    (
        "deid_public_commitment",
        "Provider publicly commits to maintain the data in de-identified form.",
        "publicly commit",
    ),
    ("deid_public_commitment", "Provider commits to quality.", None),
    (
        "deid_no_reidentification",
        "Provider will not attempt to re-identify De-identified Data.",
        "no re-identification",
    ),
    ("deid_no_reidentification", "Provider de-identifies data.", None),
    (
        "deid_flow_down",
        "Provider contractually obligates any recipients to comply with this Section.",
        "recipients bound",
    ),
    ("deid_flow_down", "Recipients may use the data.", None),
    (
        "deid_weak_standard",
        "Provider removes the direct identifiers it considers reasonable to remove.",
        "provider's own standard",
    ),
    ("deid_weak_standard", "De-identified Data cannot reasonably be linked to an individual.", None),
    (
        "model_deletion",
        "On termination Provider will delete all fine-tuned models and embeddings built with Customer Data.",
        "delete models or derivatives",
    ),
    ("model_deletion", "Provider is not required to remove anything from its models.", None),
    (
        "model_retention_disclaimer",
        "Provider is not required to remove from its models anything learned from Customer Data.",
        "not required to remove from models",
    ),
    (
        "model_retention_disclaimer",
        "Removing data from trained models is technically infeasible.",
        "technically infeasible to remove",
    ),
    (
        "model_retention_disclaimer",
        "Improvements to the models will survive termination.",
        "learned material survives",
    ),
    ("model_retention_disclaimer", "Provider will delete models on request.", None),
    (
        "revocation_prospective",
        "The opt-out applies only to Customer Data submitted after that date.",
        "applies only to later data",
    ),
    ("revocation_prospective", "The opt-out takes effect within 30 days.", None),
    (
        "revocation_retroactive",
        "On opt-out Provider will remove Customer Data from its training datasets.",
        "remove from models and training sets",
    ),
    ("revocation_retroactive", "Provider is not required to remove data from its models.", None),
    (
        "training_attestation",
        "Provider will certify annually whether Customer Data was used to train any model.",
        "attest training use",
    ),
    ("training_attestation", "Provider publishes a transparency report.", "transparency report"),
    ("training_attestation", "Provider trains its staff.", None),
    ("trust_page", "Details are on our Trust Center.", "trust centre page"),
    ("trust_page", "Trust is important to us.", None),
    ("change_not_retroactive", "Changes will not apply retroactively.", "no retroactive change"),
    ("change_not_retroactive", "Changes apply when posted.", None),
    (
        "data_use_change_opt_in",
        "Material changes to how we use your data will require your consent.",
        "material data-use change needs consent",
    ),
    ("data_use_change_opt_in", "Material changes take effect after 30 days.", None),
]


def _fired(provision: str, text: str) -> set[str]:
    view = DocumentView.of(document_from_markdown(text))
    found = find(view, provision)
    for hit in found:
        assert view.doc.text[hit.evidence.start : hit.evidence.end] == hit.evidence.text
    return {hit.wording for hit in found}


@pytest.mark.parametrize(
    ("provision", "text", "wording"), CASES, ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(CASES)]
)
def test_case(provision: str, text: str, wording: str | None) -> None:
    fired = _fired(provision, text)
    if wording is None:
        assert not fired, f"{provision} must not fire on: {text} (fired {fired})"
    else:
        assert wording in fired, f"{provision} should fire {wording!r} on: {text} (fired {fired})"


@pytest.mark.parametrize("provision", PROVISIONS, ids=[p.id for p in PROVISIONS])
def test_every_wording_has_a_positive_and_the_provision_a_negative_case(provision) -> None:  # type: ignore[no-untyped-def]
    positives = {w for p, _, w in CASES if p == provision.id and w}
    for wording in provision.wordings:
        assert wording.name in positives, f"{provision.id}: wording {wording.name!r} has no positive case"
    assert any(p == provision.id and w is None for p, _, w in CASES), f"{provision.id} has no negative case"
