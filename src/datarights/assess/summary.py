"""The one-screen summary: seven questions a reader asks first, answered in plain words,
each tied to the findings (and so the clauses) behind it."""

from __future__ import annotations

from collections.abc import Mapping

from datarights.assess.model import Finding
from datarights.model.findings import Basis

TRAIN = "May the provider train on our data?"
SCOPE = "Foundational or private models?"
DEID = "De-identified data carve-out?"
CONTROLLER = "Controller risk?"
RETENTION = "How long is our data kept?"
AUDIT = "Can we audit?"
CHANGES = "Can the terms change without our consent?"
HEADLINES = (TRAIN, SCOPE, DEID, CONTROLLER, RETENTION, AUDIT, CHANGES)

_TRAINING = {
    "prohibited": "No: the document says customer content is not used to train models",
    "opt_in": "Only if we opt in",
    "opt_out": "Yes, by default: we can opt out",
    "permitted": "Yes, and no way to refuse is given",
    "silent": "Not addressed: no clause rules it out",
}
_SCOPE = {
    "private": "Private: only models dedicated to us",
    "foundational": "Foundational: the provider's general models, which serve other customers",
    "unspecified": "Not stated: treat as shared models",
    "not_applicable": "Not applicable: no training on our content",
}
_ROLE = {
    "processor": "Cast as processor / service provider",
    "controller": "Cast as controller of our data",
    "both": "Processor for some data, controller for other uses",
    "unspecified": "Role not stated",
}
_RETENTION = {
    "fixed_period": "A fixed retention period",
    "on_request_or_termination": "Until we delete it or the contract ends",
    "unspecified": "No limit stated",
}
_AUDIT = {
    "audit": "Yes: audits or inspections",
    "reports_only": "Reports or certifications only, no audit right",
    "none": "No audit or reporting right found",
}
_CHANGES = {
    "consent_required": "No: changes need our agreement",
    "advance_notice": "Yes, after advance notice (continued use may count as acceptance)",
    "posting_only": "Yes, just by posting new terms",
    "silent": "Not addressed",
}
_STATUS = {
    "met": "met",
    "partly_met": "partly met",
    "not_met": "not met",
    "not_provided": "needs review (document referenced but not provided)",
}


def _where(finding: Finding | None) -> str:
    if finding is None or not finding.evidence:
        return ""
    # Operative clauses (explicit, with a heading) say more than a definition's bare number.
    ranked = sorted(
        finding.evidence, key=lambda e: (e.basis is not Basis.EXPLICIT, " " not in e.section, e.start)
    )
    sections = list(dict.fromkeys(e.section for e in ranked if e.section))[:2]
    return f" (§ {'; § '.join(sections)})" if sections else ""


def summarise(findings: Mapping[str, Finding]) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Headline → plain answer, and headline → the finding ids it rests on."""
    get = findings.get
    summary: dict[str, str] = {}
    links: dict[str, tuple[str, ...]] = {}

    def put(headline: str, text: str, *ids: str) -> None:
        summary[headline] = text
        links[headline] = tuple(i for i in ids if i in findings)

    training = findings["training_use"]
    text = _TRAINING[training.position] + _where(training)
    if training.judged_as:
        text += f"; judged as {training.judged_as}"
    lifecycle = get("revocation_prospective")
    if lifecycle is not None and lifecycle.position == "not_met":
        text += "; opting out does not reach data already used"
    put(TRAIN, text, "training_use", "revocation_prospective")

    scope = findings["training_scope"]
    put(SCOPE, _SCOPE[scope.position] + _where(scope), "training_scope", "ccpa_7050_a_3")

    deid = findings["deidentified_use"]
    standard = get("deid_standard")
    if deid.position == "yes":
        text = "Yes" + _where(deid)
        if standard is not None:
            text += (
                "; "
                + {
                    "met": "defined to a recognised standard",
                    "partly_met": "only partly defined to a recognised standard",
                    "not_met": "not defined to a recognised standard (still personal data)",
                    "not_provided": "carried by a referenced document that was not provided",
                }[standard.position]
            )
    else:
        text = "No carve-out found"
    put(DEID, text, "deidentified_use", "deid_standard", "deid_no_reidentification", "deid_flow_down")

    role = findings["vendor_role"]
    text = _ROLE[role.position] + _where(role)
    conduct = get("us_state_controller_by_conduct")
    pooled = get("ccpa_7050_a_3")
    risks = []
    if conduct is not None and conduct.position == "not_met" and role.position in {"processor", "both"}:
        risks.append("own-purpose use likely makes it a controller for that processing")
    if pooled is not None and pooled.position == "not_met":
        risks.append("pooled training likely makes it a CCPA third party, not a service provider")
    if risks:
        text = "High. " + text + "; " + "; ".join(risks)
    elif role.position in {"controller", "unspecified"}:
        text = "Elevated. " + text
    else:
        text = "Low. " + text
    put(CONTROLLER, text, "vendor_role", "us_state_controller_by_conduct", "ccpa_7050_a_3", "gdpr_28_3_a")

    retention = findings["retention"]
    text = _RETENTION[retention.position] + _where(retention)
    deletion = get("model_deletion")
    if deletion is not None and deletion.position != "met":
        text += "; models and derivatives are not deleted"
    put(RETENTION, text, "retention", "model_deletion", "gdpr_28_3_g")

    audit = findings["audit_rights"]
    put(AUDIT, _AUDIT[audit.position] + _where(audit), "audit_rights", "gdpr_28_3_h")

    change = findings["change_notice"]
    text = _CHANGES[change.position] + _where(change)
    data_use = get("terms_changes_data_use")
    if data_use is not None:
        text += f"; data-use change safeguard {_STATUS.get(data_use.position, data_use.position)}"
    put(CHANGES, text, "change_notice", "terms_changes_data_use")
    return summary, links
