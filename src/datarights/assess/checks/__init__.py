"""Legal checklists beyond the eleven questions, and when each applies to a document."""

from __future__ import annotations

from datarights.assess.checks.ai_terms import CHECKS as AI_CHECKS
from datarights.assess.checks.ai_terms import has_deid_carve_out
from datarights.assess.checks.base import Check, CheckGroup, CheckResult, Context
from datarights.assess.checks.common import TRAINING_ALLOWED, hits
from datarights.assess.checks.gdpr import CHECKS as GDPR_CHECKS
from datarights.assess.checks.us import CCPA_CHECKS, STATE_CHECKS
from datarights.detect.language import compile_
from datarights.model.questions import QuestionId, TrainingUse, VendorRole
from datarights.model.review import DocType

ALL_CHECKS: tuple[Check, ...] = GDPR_CHECKS + CCPA_CHECKS + STATE_CHECKS + AI_CHECKS

_CCPA = compile_(
    r"\bCCPA\b|\bCPRA\b|California\s+Consumer\s+Privacy|\b1798\.\d+|\bCalifornia\s+(?:privacy|law)|\bservice\s+provider\s+(?:as\s+defined|under)"
)
_STATES = compile_(
    r"\b(?:Virginia|Colorado|Connecticut|Texas|Oregon)\b[^.;]{0,60}?\b(?:privacy|data\s+protection|consumer)|\b(?:US|U\.S\.|United\s+States)\s+(?:state\s+)?"
    r"(?:privacy|data\s+protection)\s+laws?\b|\bstate\s+privacy\s+laws?\b|\bVCDPA\b|\bCPA\b|\bCTDPA\b|\bTDPSA\b|\bOCPA\b"
)
_AI = compile_(
    r"\b(?:machine[\s-]learning|artificial\s+intelligence|AI|models?|train(?:ing)?|LLMs?|generative)\b"
)


def _processor_context(ctx: Context) -> bool:
    return ctx.doc_type is DocType.DATA_PROCESSING_AGREEMENT or ctx.position(QuestionId.VENDOR_ROLE) in {
        VendorRole.PROCESSOR,
        VendorRole.BOTH,
    }


def group_applies(group: CheckGroup, ctx: Context) -> tuple[bool, str]:
    """Whether a checklist applies to this document when the playbook says `auto`, and why."""
    text = ctx.view.doc.text
    if group is CheckGroup.GDPR_ART28:
        ok = _processor_context(ctx)
        return (
            ok,
            "the provider is cast as processor"
            if ok
            else "the document does not cast the provider as processor",
        )
    if group is CheckGroup.CCPA_SERVICE_PROVIDER:
        ok = bool(_CCPA.search(text))
        return (
            ok,
            "the document refers to the CCPA / California law"
            if ok
            else "the document does not refer to the CCPA",
        )
    if group is CheckGroup.US_STATE_PROCESSOR:
        ok = _processor_context(ctx) or bool(_STATES.search(text))
        return (
            ok,
            "processor terms or US state privacy laws are in scope"
            if ok
            else "no processor role and no US state privacy law referred to",
        )
    if group is CheckGroup.DEIDENTIFICATION:
        ok = has_deid_carve_out(ctx)
        return (
            ok,
            "the document relies on de-identified or aggregated data"
            if ok
            else "no de-identified or aggregated data carve-out",
        )
    if group is CheckGroup.MODEL_LIFECYCLE:
        training = ctx.position(QuestionId.TRAINING_USE)
        ok = training in TRAINING_ALLOWED or (training == TrainingUse.SILENT and bool(_AI.search(text)))
        return (
            ok,
            "customer content may reach models"
            if ok
            else "training on customer content is prohibited or AI is not in scope",
        )
    if group is CheckGroup.SUBPROCESSORS:
        ok = bool(
            hits(
                ctx,
                "subprocessor_authorisation",
                "subprocessor_flow_down",
                "subprocessor_list",
                "upstream_terms_incorporated",
            )
        ) or _processor_context(ctx)
        return (
            ok,
            "the document engages sub-processors"
            if ok
            else "no sub-processors or upstream providers mentioned",
        )
    if group is CheckGroup.TRANSPARENCY:
        ok = _processor_context(ctx) or ctx.position(QuestionId.TRAINING_USE) in TRAINING_ALLOWED
        return (
            ok,
            "processor terms or training are in scope" if ok else "no processor role and no training right",
        )
    return True, "always in scope"


__all__ = ["ALL_CHECKS", "Check", "CheckGroup", "CheckResult", "Context", "group_applies"]
