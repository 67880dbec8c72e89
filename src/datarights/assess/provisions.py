"""Detectors for the contract terms the legal checks need beyond the eleven questions.

## What it finds
Named provisions of processor contracts and AI terms: documented instructions,
personnel confidentiality, security measures, sub-processor authorisation,
objection, flow-down and liability (including upstream model providers),
assistance with data-subject rights and with Arts 32-36, deletion or return at
the end, deletion certificates, compliance information, CCPA service-provider
terms, de-identification prongs, model deletion and retraining, prospective-only
revocation, transparency reports and retroactive terms changes.

## Why it matters
A legal check is only as good as the clause it quotes. Each provision is a set of
named wordings with a score, run over the document's sentences, and returns the
exact sentences (offsets into `doc.text`) that contain it, like the question
detectors do.

## Example
"Provider will process Personal Data only on Customer's documented instructions"
→ `documented_instructions` with that sentence as evidence.

## Not this
A wording inside a clause that negates it for the provider ("Provider is not
required to remove from its models ...") is caught by the provision's `excludes`
and, where it matters, by its own provision (`model_retention_disclaimer`).

## References
spec/legal-basis.md §1.1 (GDPR Art. 28(3)), §2.5-2.8 (CCPA), §3.1 (state laws),
§4.4 (de-identification), §5.3 (model deletion), §8 Q10 and Q14.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from datarights.detect.language import DocumentView
from datarights.model.findings import Basis, Evidence
from datarights.read.model import Action, ClauseFrame, Condition, DataKind, Modality
from datarights.read.patterns import NamedPattern, compile_
from datarights.read.retention import retention_frames
from datarights.read.view import TextView

MAX_EVIDENCE = 3  # sentences quoted per provision; the report needs the strongest, not every repetition


# One pattern mechanism for provisions and question detectors: a named wording with a score.
Wording = NamedPattern


@dataclass(frozen=True, slots=True)
class Provision:
    id: str
    title: str
    wordings: tuple[Wording, ...]
    excludes: re.Pattern[str] | None = None  # a sentence matching this does not count
    # Frames of the reading layer that state the provision, whatever their wording.
    frames: FrameWording | None = None


@dataclass(frozen=True, slots=True)
class ProvisionHit:
    provision: str
    wording: str
    score: float
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class FrameWording:
    """A provision read from clause frames: the frames `read` finds that `holds` accepts."""

    name: str
    read: Callable[[TextView], tuple[ClauseFrame, ...]]
    holds: Callable[[ClauseFrame], bool]
    score: float


def _p(
    id_: str, title: str, *wordings: Wording, excludes: str | None = None, frames: FrameWording | None = None
) -> Provision:
    return Provision(id_, title, wordings, compile_(excludes) if excludes else None, frames)


def _deletes_at_end(frame: ClauseFrame) -> bool:
    """The provider promises to delete the customer's content when the contract or account ends."""
    return (
        frame.action is Action.DELETE
        and frame.by_provider
        and frame.modality is not Modality.MAY
        and Condition.ON_TERMINATION in frame.conditions
        and DataKind.CUSTOMER_CONTENT in frame.objects
    )


W = Wording.of
SUB = r"(?:sub-?processors?|subcontractors?|sub-?service\s+providers?|(?:an)?other\s+processors?)"
MODEL_PROVIDER = (
    r"(?:third[\s-]party\s+(?:ai\s+|artificial\s+intelligence\s+|model\s+|llm\s+)?(?:model\s+)?providers?"
    r"|(?:ai|model|llm|foundation[\s-]model)\s+providers?|sub-?processors?)"
)
NEG = r"(?:not|never|no)"

PROVISIONS: tuple[Provision, ...] = (
    # --- GDPR Art. 28(3) and the state processor terms ---------------------------------------
    _p(
        "documented_instructions",
        "Processes only on documented instructions",
        W(
            "only on instructions",
            r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,8}?(?:on|in\s+accordance\s+with|pursuant\s+to|per|upon)\s+(?:the\s+)?"
            r"(?:\w+[’']?s?\s+){0,3}?(?:documented\s+|written\s+|lawful\s+|reasonable\s+)*instructions?\b",
            0.9,
        ),
        W(
            "instructions are the agreement",
            r"\b(?:complete|documented)\s+(?:and\s+final\s+)?instructions\b",
            0.7,
        ),
        W(
            "abides by the customer's instructions",
            r"\b(?:abide\s+by|follow|comply\s+with|act\s+(?:only\s+)?on)\s+(?:these|the|its|such|customer[’']?s?|controller[’']?s?|your)\s+(?:\w+\s+){0,2}?instructions\b"
            r"|\b(?:customer|controller)\s+instructs\s+(?:the\s+)?(?:provider|processor|\w+)\s+to\s+process",
            0.75,
        ),
        excludes=r"\bsub-?processors?\s+(?:agree|shall|will|must)\b",
    ),
    _p(
        "infringing_instruction_notice",
        "Tells the controller if an instruction infringes the law",
        W(
            "inform if instruction infringes",
            r"\b(?:inform|notify|tell)\w*\s+(?:\w+\s+){0,6}?(?:if|where|when|in\s+case)\b[^.;]{0,60}?\binstructions?\b[^.;]{0,60}?\b(?:infring|violat|breach|contraven|unlawful|conflict)",
            0.85,
        ),
    ),
    _p(
        "personnel_confidentiality",
        "Personnel under a duty of confidentiality",
        W(
            "personnel bound by confidentiality",
            r"\b(?:personnel|employees|staff|persons|individuals|anyone|contractors|agents|reviewers)\b[^.;]{0,160}?"
            r"\b(?:bound\s+by|subject\s+to|committed\s+(?:themselves\s+)?to|under|sign\w*|agreed\s+to)\s+(?:\w+\s+){0,5}?(?:confidentiality|duty\s+of\s+confidence|non-?disclosure)",
            0.85,
        ),
        W(
            "confidentiality imposed on personnel",
            r"\bconfidentiality\s+(?:obligations?|agreements?|undertakings?|commitments?)\b[^.;]{0,80}?\b(?:personnel|employees|staff|persons)\b",
            0.75,
        ),
    ),
    _p(
        "security_measures",
        "Security measures (Art. 32)",
        W(
            "technical and organisational measures",
            r"\b(?:appropriate\s+)?technical\s+and\s+organi[sz]ational\s+(?:security\s+)?measures\b|\bart(?:icle|\.)\s*32\b",
            0.85,
        ),
        W(
            "maintains a security programme",
            r"\b(?:implement|maintain|comply\s+with)\w*\b[^.;]{0,80}?\b(?:security\s+(?:measures|policy|program|programme|controls)|information\s+security\s+program\w*)\b",
            0.65,
        ),
        W(
            "security safeguards",
            r"\b(?:administrative|physical|technical)\b[^.;]{0,40}\bsafeguards\b|\breasonable\s+security\s+(?:measures|procedures|practices)\b",
            0.7,
        ),
    ),
    _p(
        "subprocessor_authorisation",
        "Sub-processors only with the controller's authorisation",
        W(
            "authorises sub-processors",
            r"\b(?:authori[sz]es?|authori[sz]ed|consents?\s+to|approves?|general\s+(?:written\s+)?(?:consent|authori[sz]ation))\b[^.;]{0,100}?\b"
            + SUB,
            0.8,
        ),
        W(
            "prior written authorisation",
            r"\bprior\s+(?:specific\s+or\s+general\s+)?(?:written\s+)?(?:authori[sz]ation|consent|approval)\b[^.;]{0,80}?\b"
            + SUB
            + r"|\b"
            + SUB
            + r"\b[^.;]{0,120}?\bprior\s+(?:specific\s+or\s+general\s+)?(?:written\s+)?(?:authori[sz]ation|consent|approval)",
            0.85,
        ),
    ),
    _p(
        "subprocessor_objection",
        "Notice of new sub-processors and a right to object",
        W(
            "right to object to sub-processor",
            r"\bobject\w*\b[^.;]{0,120}?\b" + SUB + r"|\b" + SUB + r"\b[^.;]{0,160}?\bobject\w*\b",
            0.8,
        ),
        W(
            "notice before new sub-processor",
            r"\bnotice\b[^.;]{0,100}?\b(?:before|prior\s+to)\b[^.;]{0,60}?\b(?:adding|engaging|appointing|replacing|authori[sz]ing|new)\b[^.;]{0,40}?\b"
            + SUB
            + r"|\bnotice\s+of\s+(?:any\s+)?(?:a\s+)?new\s+"
            + SUB
            + r"|\b"
            + SUB
            + r"\b[^.]{0,200}?\bnotice\b[^.;]{0,100}?\b(?:before|prior\s+to)\s+(?:adding|engaging|appointing|replacing|authori[sz]ing)\b",
            0.75,
        ),
    ),
    _p(
        "subprocessor_flow_down",
        "Same data-protection obligations flowed down to sub-processors",
        W(
            "sub-processor bound by written terms",
            r"\b"
            + SUB
            + r"\b[^.]{0,220}?\b(?:written\s+(?:agreement|contract|subcontract)|same\s+data\s+protection\s+obligations"
            r"|(?:no\s+less|at\s+least\s+as)\s+protective|substantially\s+(?:similar|the\s+same)|equivalent\s+(?:to|obligations|protections?)"
            r"|standard\s+consistent\s+with|obligations\s+(?:consistent\s+with|similar\s+to))",
            0.8,
        ),
        W(
            "obligations imposed on sub-processor",
            r"\b(?:impose|flow\s+down|bind)\w*\b[^.;]{0,100}?\b(?:obligations|terms|restrictions)\b[^.;]{0,80}?\b"
            + SUB,
            0.75,
        ),
    ),
    _p(
        "subprocessor_liability",
        "Provider stays liable for its sub-processors",
        W(
            "remains liable for sub-processors",
            r"\b(?:remains?|shall\s+remain|will\s+remain|be|is)\s+(?:fully\s+)?(?:liable|responsible)\b[^.;]{0,120}?\b"
            + SUB
            + r"|\b"
            + SUB
            + r"[^.;]{0,80}?\b(?:remains?\s+)?(?:fully\s+)?(?:liable|responsible)\b",
            0.8,
        ),
        excludes=r"\b(?:not|never)\s+(?:be\s+)?(?:liable|responsible)\b",
    ),
    _p(
        "subprocessor_list",
        "Sub-processors named or listed",
        W(
            "list of sub-processors",
            r"\blist\s+of\s+(?:(?:its|our|current|authori[sz]ed|the)\s+){0,3}"
            + SUB
            + r"|\b"
            + SUB
            + r"\s+(?:are\s+)?(?:listed|identified|named)"
            r"|\b(?:lists?|maintains?|publish\w*|identif\w+)\s+(?:\w+\s+){0,3}?"
            + SUB
            + r"|\b"
            + SUB
            + r"\s+list\b",
            0.8,
        ),
    ),
    _p(
        "model_provider_no_training",
        "Upstream model providers and sub-processors barred from training",
        W(
            "sub-processors may not train",
            r"\b"
            + MODEL_PROVIDER
            + r"\b[^.]{0,160}?\b"
            + NEG
            + r"\b[^.;]{0,60}?\b(?:train|fine[\s-]?tune|improve)\w*",
            0.8,
        ),
        W(
            "no training by anyone including sub-processors",
            r"\b"
            + NEG
            + r"\b[^.;]{0,80}?\b(?:train|fine[\s-]?tune)\w*\b[^.;]{0,120}?\b(?:including|or\s+(?:its|our|any))\b[^.;]{0,40}?"
            + MODEL_PROVIDER,
            0.75,
        ),
    ),
    _p(
        "upstream_terms_incorporated",
        "Upstream provider terms bind the customer",
        W(
            "third-party terms apply",
            r"\b(?:third[\s-]party|upstream|model\s+provider[’']?s?)\s+(?:\w+\s+){0,3}?(?:terms|policies|licen[cs]es?)\b[^.;]{0,120}?"
            r"\b(?:apply|applies|govern|incorporated|bound\s+by|subject\s+to|agree\s+to)\b",
            0.7,
        ),
    ),
    _p(
        "dsr_assistance",
        "Assists with data-subject requests",
        W(
            "assist with rights requests",
            r"\bassist\w*\b[^.]{0,200}?\b(?:data\s+subjects?|individuals?|consumers?|persons?)\b[^.;]{0,100}?\b(?:rights?|requests?)\b",
            0.85,
        ),
        W(
            "data-subject request then assistance",
            r"\bdata\s+subjects?\b[^.]{0,200}?\bassist\w*\b[^.;]{0,80}?\brequests?\b",
            0.8,
        ),
        W(
            "respond to rights requests",
            r"\b(?:respond|responding|response)\w*\s+to\s+(?:\w+\s+){0,3}?requests?\b[^.;]{0,80}?\b(?:data\s+subjects?|individuals|consumers)\b"
            r"|\bdata\s+subject\s+(?:rights\s+)?requests?\b[^.;]{0,120}?\b(?:assist|cooperat|help|support)\w*",
            0.75,
        ),
    ),
    _p(
        "dpia_assistance",
        "Assists with impact assessments and prior consultation (Arts 35-36)",
        W(
            "impact assessment",
            r"\b(?:data\s+protection\s+impact\s+assessments?|dpias?|prior\s+consultations?|privacy\s+impact\s+assessments?"
            r"|data\s+protection\s+assessments?)\b|\bart(?:icles?|s?\.)\s*32\s*(?:to|-|–|through)\s*36\b",
            0.8,
        ),
    ),
    _p(
        "breach_notification",
        "Notifies personal-data breaches",
        W(
            "notify breach",
            r"\b(?:notify|inform|notice)\w*\b[^.;]{0,140}?\b(?:security\s+incidents?|(?:personal\s+)?data\s+breach(?:es)?|breach\s+of\s+security|security\s+breach(?:es)?)\b"
            r"|\b(?:security\s+incidents?|(?:personal\s+)?data\s+breach(?:es)?)\b[^.;]{0,140}?\b(?:notify|inform)\w*",
            0.8,
        ),
    ),
    _p(
        "deletion_at_end",
        "Deletes customer data when the service ends",
        W(
            "delete on termination",
            r"\b(?:delete|destroy|erase|purge|dispose)\w*\b[^.;]{0,200}?\b(?:terminat\w*|expir\w*|end\s+of|ends|cessation|conclusion)\b"
            r"|\b(?:terminat\w*|expir\w*|end\s+of|ends|cessation)\b[^.;]{0,200}?\b(?:delete|destroy|erase|purge)\w*",
            0.8,
        ),
        excludes=r"\bnot\s+(?:be\s+)?(?:required|obligated|obliged)\s+to\s+(?:delete|destroy|erase)",
        frames=FrameWording("deletion promised at the end", retention_frames, _deletes_at_end, 0.8),
    ),
    _p(
        "return_at_end",
        "Returns or exports customer data at the end",
        W(
            "return or export data",
            r"\b(?:return|export|retrieve|retrieval|download)\w*\b[^.;]{0,120}?\b(?:data|content|information|materials)\b[^.;]{0,120}?\b(?:terminat\w*|expir\w*|end\s+of|ends)\b"
            r"|\b(?:terminat\w*|expir\w*|end\s+of|ends)\b[^.;]{0,200}?\b(?:return|export|retrieve|retrieval)\w*",
            0.75,
        ),
        W(
            "data available for export",
            r"\b(?:make|makes|made)\s+(?:\w+\s+){0,4}?available\s+(?:to\s+\w+\s+)?for\s+(?:export|download|retrieval)\b",
            0.7,
        ),
    ),
    _p(
        "controller_choice",
        "Deletion or return at the controller's choice",
        W(
            "at customer's choice",
            r"\bat\s+(?:the\s+)?(?:customer|controller|client|data\s+exporter|your)[’']?s?\s+(?:sole\s+)?(?:choice|election|option|direction|discretion)"
            r"|\b(?:upon|on|at)\s+(?:the\s+)?(?:customer|controller|your)[’']?s?\s+(?:written\s+)?(?:request|instruction)\b[^.;]{0,80}?\b(?:delete|destroy|return)",
            0.8,
        ),
    ),
    _p(
        "deletion_certificate",
        "Certifies deletion",
        W(
            "certify deletion",
            r"\bcertif\w+\b[^.;]{0,100}?\b(?:deletion|deleted|destruction|destroyed|erasure)\b|\b(?:deletion|destruction)\s+certificat\w+",
            0.85,
        ),
    ),
    _p(
        "compliance_information",
        "Makes available the information needed to demonstrate compliance",
        W(
            "information to demonstrate compliance",
            r"(?:\b(?:make|makes|made)\s+available\b[^.;]{0,100}?\binformation\b|\b(?:give|provide)s?\s+(?:to\s+)?(?:\w+\s+){0,2}?all\s+information\b)[^.;]{0,60}?\b(?:necessary|needed|required|reasonably\s+requested)\b[^.;]{0,40}?\bdemonstrat\w+\s+(?:its\s+|their\s+)?compliance",
            0.9,
        ),
        W(
            "information on request about compliance",
            r"\binformation\b[^.;]{0,80}?\bdemonstrat\w+\s+(?:its\s+)?compliance\b",
            0.7,
        ),
    ),
    _p(
        "processing_details",
        "Nature, purpose, data types, data subjects and duration of processing",
        W(
            "processing particulars",
            r"\b(?:categories\s+of\s+data\s+subjects|types?\s+of\s+personal\s+data|categories\s+of\s+personal\s+data|nature\s+and\s+purpose"
            r"|duration\s+of\s+(?:the\s+)?processing|subject[\s-]matter\s+(?:and\s+duration\s+)?of\s+(?:the\s+)?processing)\b",
            0.8,
        ),
    ),
    # --- CCPA service-provider terms ---------------------------------------------------------
    _p(
        "no_sale_or_sharing",
        "No selling or sharing of personal information",
        W(
            "will not sell",
            r"\b(?:not|never)\s+(?:[\w,]+\s+){0,8}?(?:sell|sold)\b|\bno\s+(?:sale|selling)\b",
            0.85,
        ),
    ),
    _p(
        "business_purpose_limit",
        "Personal information used only for the specified business purposes",
        W(
            "only for specified purposes",
            r"\blimited\s+and\s+specified\s+purposes?\b|\b(?:only|solely)\s+(?:\w+\s+){0,4}?for\s+(?:the\s+)?(?:specific\s+|specified\s+|limited\s+)?business\s+purposes?\b"
            r"|\bfor\s+(?:any|a)\s+purpose\s+other\s+than\b[^.;]{0,80}?\b(?:business\s+purposes?|providing\s+the\s+services?|performing\s+the\s+services?)",
            0.85,
        ),
    ),
    _p(
        "direct_relationship_limit",
        "No use outside the direct business relationship, no combining",
        W(
            "outside the direct business relationship",
            r"\boutside\s+(?:of\s+)?the\s+direct\s+business\s+relationship\b",
            0.9,
        ),
        W(
            "no combining",
            r"\b(?:not|never)\s+(?:\w+\s+){0,4}?combin\w+\b[^.;]{0,120}?\b(?:personal\s+information|personal\s+data)",
            0.8,
        ),
    ),
    _p(
        "same_level_protection",
        "Complies with the CCPA and gives the same level of privacy protection",
        W("same level of privacy protection", r"\bsame\s+level\s+of\s+(?:privacy\s+)?protection\b", 0.9),
        W(
            "comply with CCPA obligations",
            r"\bcomply\s+with\s+(?:\w+\s+){0,4}?obligations\s+(?:under|applicable\s+to\s+it\s+under)\s+(?:the\s+)?(?:CCPA|California)",
            0.75,
        ),
    ),
    _p(
        "cannot_comply_notice",
        "Notifies if it can no longer meet its obligations",
        W(
            "notify if unable to comply",
            r"\b(?:notify|inform)\w*\b[^.;]{0,120}?\b(?:no\s+longer|cannot|can\s+not|unable\s+to|not\s+able\s+to)\s+(?:\w+\s+){0,2}?(?:meet|comply|fulfil+|provide\s+the\s+same)",
            0.85,
        ),
    ),
    _p(
        "stop_and_remediate",
        "Customer may stop and remediate unauthorised use",
        W(
            "stop and remediate",
            r"\b(?:stop|cease|halt)\w*\b[^.;]{0,100}?\bremediat\w+|\bremediat\w+\s+(?:\w+\s+){0,2}?unauthori[sz]ed\s+(?:use|processing)",
            0.85,
        ),
    ),
    _p(
        "ccpa_certification",
        "Certifies that it understands the restrictions",
        W(
            "certifies it understands",
            r"\bcertif(?:y|ies)\s+that\s+it\s+understands\b|\bcertif(?:y|ies)\b[^.;]{0,40}?\bunderstands?\b[^.;]{0,80}?\brestrictions",
            0.9,
        ),
    ),
    # --- De-identification -------------------------------------------------------------------
    _p(
        "deid_technical_standard",
        "De-identified data cannot reasonably be linked to a person",
        W(
            "cannot reasonably be linked",
            r"\bcannot\s+reasonably\s+be\s+(?:used\s+to\s+infer|linked|associated|related|re-?identified|attributed)"
            r"|\breasonable\s+(?:\w+\s+){0,3}?measures\s+to\s+ensure\s+(?:that\s+)?(?:the\s+)?(?:\w+\s+){0,2}?(?:data|information)\s+cannot",
            0.85,
        ),
        W(
            "statutory de-identification reference",
            r"\b1798\.140\s*\(m\)|\b164\.514|\bsafe\s+harbou?r\s+method|\bexpert\s+determination\b|\b541\.106\b|\b646A\.583\b",
            0.9,
        ),
    ),
    _p(
        "deid_public_commitment",
        "Holder publicly commits to keep data de-identified",
        W("publicly commit", r"\bpublicly\s+commit\w*\b", 0.9),
    ),
    _p(
        "deid_no_reidentification",
        "Holder will not re-identify",
        W(
            "no re-identification",
            r"\b(?:not|never)\s+(?:\w+\s+){0,5}?(?:attempt\s+to\s+)?re-?identif\w*|\bprohibit\w*\b[^.;]{0,60}?\bre-?identif\w*|\bno\s+re-?identification\b",
            0.85,
        ),
    ),
    _p(
        "deid_flow_down",
        "Recipients contractually bound to the de-identification terms",
        W(
            "recipients bound",
            r"\b(?:contractually|by\s+contract)\s+(?:\w+\s+){0,2}?(?:obligat|requir|bind|prohibit)\w*\b[^.;]{0,100}?\brecipients?\b"
            r"|\brecipients?\b[^.;]{0,120}?\b(?:not\s+to|not|refrain\s+from)\s+(?:\w+\s+){0,3}?re-?identif\w*",
            0.85,
        ),
    ),
    _p(
        "deid_weak_standard",
        "De-identification left to the provider's judgement or to hashing",
        W(
            "provider's own standard",
            r"\b(?:commercially\s+reasonable\s+efforts\s+to\s+(?:de-?identify|anonymi[sz]e)|(?:it|provider|we)\s+considers?\s+(?:reasonable|appropriate)"
            r"|removed?\s+(?:the\s+)?(?:direct\s+)?identifiers\s+(?:it|we|provider)|hash(?:ed|ing)\b|pseudonymi[sz]\w*)",
            0.8,
        ),
    ),
    # --- Model lifecycle ---------------------------------------------------------------------
    _p(
        "model_deletion",
        "Models, fine-tunes and derivatives deleted or retrained",
        W(
            "delete models or derivatives",
            r"\b(?:delete|destroy|purge|remove|retrain|unlearn)\w*\b[^.;]{0,120}?\b(?:models?|weights|fine[\s-]?tun\w*|embeddings?|adapters?|derivatives?|derived\s+(?:data|datasets?|works?|artefacts?|artifacts?))\b",
            0.8,
        ),
        excludes=r"\bnot\s+(?:be\s+)?(?:required|obligated|obliged)\s+to\b|\btechnically\s+infeasible\b|\bcustomer\s+will\s+not\b|\breverse\s+engineer",
    ),
    _p(
        "model_retention_disclaimer",
        "Provider keeps what its models learned",
        W(
            "not required to remove from models",
            r"\bnot\s+(?:be\s+)?(?:required|obligated|obliged)\s+to\s+(?:remove|delete|retrain|purge|unlearn|destroy)\b[^.;]{0,120}?\b(?:models?|weights|learned|training)",
            0.9,
        ),
        W(
            "technically infeasible to remove",
            r"\b(?:technically\s+)?infeasible\b[^.;]{0,80}?\b(?:models?|remove|delete|unlearn)"
            r"|\b(?:remov|delet|unlearn)\w*\b[^.;]{0,80}?\bmodels?\b[^.;]{0,40}?\b(?:technically\s+)?(?:infeasible|impossible|not\s+(?:technically\s+)?(?:feasible|possible))",
            0.75,
        ),
        W(
            "learned material survives",
            r"\b(?:models?|weights|improvements|learnings)\b[^.;]{0,100}?\b(?:survive|will\s+remain|may\s+(?:be\s+)?retain\w*|need\s+not\s+be\s+(?:deleted|removed))\b",
            0.7,
        ),
    ),
    _p(
        "revocation_prospective",
        "Opt-out or withdrawal applies only going forward",
        W(
            "applies only to later data",
            r"\b(?:applies|apply|effective|take\s+effect)\s+only\s+(?:to|for)\s+(?:\w+\s+){0,5}?(?:submitted|collected|provided|created|received|uploaded)\s+(?:after|from)"
            r"|\bprospective(?:ly)?\b|\bgoing\s+forward\b|\bwill\s+not\s+(?:affect|apply\s+to)\s+(?:\w+\s+){0,3}?(?:data|content|information)\s+(?:already|previously)",
            0.8,
        ),
    ),
    _p(
        "revocation_retroactive",
        "Opt-out or withdrawal removes data already used",
        W(
            "remove from models and training sets",
            r"\b(?:remove|delete|purge|exclude)\w*\b[^.;]{0,80}?\b(?:from|out\s+of)\s+(?:any\s+|all\s+|its\s+|our\s+|the\s+)?(?:models?|training\s+(?:data|datasets?|sets?|corpus))",
            0.8,
        ),
        excludes=r"\bnot\s+(?:be\s+)?(?:required|obligated|obliged)\s+to\b",
    ),
    # --- Transparency and change control -----------------------------------------------------
    _p(
        "training_attestation",
        "Attests whether customer data was used in training",
        W(
            "attest training use",
            r"\b(?:certif|attest|confirm|report|disclos)\w*\b[^.;]{0,120}?\b(?:whether|that)\b[^.;]{0,80}?\b(?:used|use)\b[^.;]{0,40}?\btrain\w*",
            0.8,
        ),
        W(
            "transparency report",
            r"\btransparency\s+reports?\b|\bannual\s+(?:written\s+)?(?:confirmation|attestation|certification)\b",
            0.7,
        ),
    ),
    _p(
        "trust_page",
        "A public trust or security page only",
        W(
            "trust centre page",
            r"\btrust\s+(?:center|centre|page|portal|site)\b|\bsecurity\s+(?:page|portal)\b",
            0.6,
        ),
    ),
    _p(
        "change_not_retroactive",
        "Changes do not apply retroactively to data already collected",
        W(
            "no retroactive change",
            r"\b(?:not|never)\s+(?:\w+\s+){0,2}?apply\s+(?:retroactively|to\s+(?:\w+\s+){0,4}?(?:data|content|information)\s+(?:previously|already))"
            r"|\bchanges?\b[^.;]{0,100}?\b(?:only\s+)?prospective(?:ly)?\b|\bnot\s+retroactive\w*",
            0.8,
        ),
    ),
    _p(
        "data_use_change_opt_in",
        "More permissive data use needs the customer's opt-in",
        W(
            "material data-use change needs consent",
            r"\b(?:material|adverse)\s+changes?\b[^.;]{0,120}?\b(?:data|privacy|use)\b[^.;]{0,80}?\b(?:consent|opt[\s-]?in|agreement|affirmative)\b"
            r"|\b(?:no|not)\b[^.;]{0,40}?\bchanges?\b[^.;]{0,80}?\b(?:data|privacy)\b[^.;]{0,60}?\bwithout\s+(?:your|customer[’']?s?)\s+(?:prior\s+)?(?:written\s+)?(?:consent|agreement)",
            0.8,
        ),
    ),
)

BY_ID: dict[str, Provision] = {p.id: p for p in PROVISIONS}


def find(view: DocumentView, provision_id: str) -> tuple[ProvisionHit, ...]:
    """The sentences that contain provision `provision_id`, strongest first (at most MAX_EVIDENCE)."""
    provision = BY_ID[provision_id]
    cache: dict[str, tuple[ProvisionHit, ...]] = view.__dict__.setdefault("_provision_hits", {})
    if provision_id in cache:
        return cache[provision_id]
    hits: dict[int, ProvisionHit] = {}
    for wording in provision.wordings:
        for clause, _match in view.search(wording.regex):
            if clause.index in hits and hits[clause.index].score >= wording.score:
                continue
            if provision.excludes is not None and provision.excludes.search(clause.text):
                continue
            hits[clause.index] = ProvisionHit(
                provision.id, wording.name, wording.score, view.evidence(clause, Basis.EXPLICIT)
            )
    if provision.frames is not None:
        reading = provision.frames
        for frame in reading.read(view):
            if not reading.holds(frame) or (
                frame.clause in hits and hits[frame.clause].score >= reading.score
            ):
                continue
            clause = view.clauses[frame.clause]
            if provision.excludes is not None and provision.excludes.search(clause.text):
                continue
            hits[frame.clause] = ProvisionHit(
                provision.id, reading.name, reading.score, view.evidence(clause, Basis.EXPLICIT)
            )
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.evidence.start))[:MAX_EVIDENCE]
    result = tuple(sorted(ranked, key=lambda h: h.evidence.start))
    cache[provision_id] = result
    return result


def evidence_of(hits: Iterable[ProvisionHit]) -> tuple[Evidence, ...]:
    seen: set[tuple[int, int]] = set()
    out: list[Evidence] = []
    for hit in hits:
        key = (hit.evidence.start, hit.evidence.end)
        if key not in seen:
            seen.add(key)
            out.append(hit.evidence)
    return tuple(sorted(out, key=lambda e: e.start))


def confidence_of(hits: Iterable[ProvisionHit]) -> float:
    return max((h.score for h in hits), default=0.0)
