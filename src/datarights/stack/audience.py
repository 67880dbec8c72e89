"""Who a document is written for: an individual using the service for themselves (consumer) or an
organisation as customer (business), with the clauses that say so.

## What it finds
Scope statements ("only applies to … customers who are businesses", "does not apply to …
consumers"), the customer defined as an entity ("the organization agreeing to these terms
(“Customer”)"), processing on the customer's behalf, order forms; and on the consumer side age
limits, consumer-law carve-outs ("if you are a consumer"), personal or household use.

## Not this
"If you use the Services on behalf of an organisation" alone: consumer terms say it too, so it
weighs less than a scope statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datarights.detect.language import DocumentView, compile_
from datarights.model.findings import Evidence
from datarights.stack.model import Audience, AudienceFinding


@dataclass(frozen=True, slots=True)
class AudiencePattern:
    name: str
    regex: re.Pattern[str]
    audience: Audience
    weight: float

    @classmethod
    def of(cls, name: str, pattern: str, audience: Audience, weight: float) -> AudiencePattern:
        return cls(name, compile_(pattern), audience, weight)


B, C = Audience.BUSINESS, Audience.CONSUMER

PATTERNS: tuple[AudiencePattern, ...] = (
    AudiencePattern.of(
        "for business customers",
        r"\b(?:customers|users)\s+who\s+are\s+(?:businesses|organi[sz]ations|enterprises)"
        r"|\benterprise\s*\(?business\)?\s+(?:users|customers)|\bfor\s+(?:business|enterprise)\s+customers\b"
        r"|\bbusiness(?:es)?\s+and\s+developers\b",
        B,
        2.0,
    ),
    AudiencePattern.of(
        "not for consumers",
        r"\bdoes\s+not\s+apply\s+to\b[^.]{0,80}\b(?:consumers|individuals)\b",
        B,
        2.0,
    ),
    AudiencePattern.of(
        "customer is an entity",
        r"[“\"]Customer[”\"]\s+(?:means|refers\s+to)\s+(?:the\s+|a\s+|any\s+)?(?:entity|organi[sz]ation|company|legal\s+entity|business|person\s+or\s+entity)"
        r"|\b(?:organi[sz]ation|entity|company|business)\s+(?:agreeing|entering|identified|that\s+(?:agrees|enters|signs))\b[^.]{0,80}?\(\s*[“\"]Customer[”\"]",
        B,
        1.5,
    ),
    AudiencePattern.of(
        "processing on the customer's behalf",
        r"\bprocess\w*\b[^.]{0,80}\bon\s+(?:behalf\s+of\s+(?:the\s+)?Customer|Customer[’']s\s+behalf)"
        r"|\bas\s+(?:a\s+)?(?:data\s+)?processor\s+(?:on\s+behalf\s+of|for)\s+(?:the\s+)?Customer",
        B,
        1.5,
    ),
    AudiencePattern.of(
        "not for business customers",
        r"\bdoes\s+not\s+apply\s+to\b[^.]{0,80}\b(?:on\s+behalf\s+of|for)\s+(?:our\s+)?(?:business\s+)?customers\b",
        C,
        2.0,
    ),
    AudiencePattern.of("order forms", r"\bOrder\s+Forms?\b|\bCover\s+Page\b", B, 0.5),
    AudiencePattern.of(
        "on behalf of an organisation",
        r"\bon\s+behalf\s+of\s+(?:an?|your|the)\s+(?:organi[sz]ation|entity|company|employer|business)\b",
        B,
        0.5,
    ),
    AudiencePattern.of(
        "minimum age",
        r"\bat\s+least\s+1[3-8]\s+years|\bminimum\s+age\b|\bunder\s+(?:the\s+age\s+of\s+)?1[3-8]\b[^.]{0,60}\b(?:parent|guardian)",
        C,
        1.0,
    ),
    AudiencePattern.of(
        "consumer law",
        r"\bif\s+you\s+are\s+a\s+consumer\b|\bEuropean\s+Consumers?\b|\bconsumer\s+(?:protection\s+)?(?:law|rights)\b"
        r"|\bas\s+a\s+consumer\b",
        C,
        1.5,
    ),
    AudiencePattern.of(
        "personal use",
        r"\bpersonal,?\s+(?:and\s+)?(?:non-commercial|household|family)\s+(?:use|purposes)|\bfor\s+your\s+(?:own\s+)?personal\s+use\b",
        C,
        1.5,
    ),
    AudiencePattern.of(
        "individual users' personal data",
        r"\bhow\s+we\s+(?:collect|use|process)\b[^.]{0,40}\b(?:your\s+)?personal\s+(?:data|information)\b",
        C,
        1.0,
    ),
)

_PROCESSING = next(p for p in PATTERNS if p.name == "processing on the customer's behalf")
# What a document's type says before any clause does.
_PRIOR: dict[str, tuple[Audience, float, str]] = {
    "data_processing_agreement": (B, 2.0, "a data processing agreement is made with a business customer"),
    "commercial_terms": (B, 1.0, "commercial terms are made with a business customer"),
}
MAX_EVIDENCE = 3
_NOT_APPLY = compile_(r"\bdoes\s+not\s+apply\s+to\b")


def classify_audience(view: DocumentView, doc_type: str) -> AudienceFinding:
    """The audience with the clauses that show it: one side must weigh at least twice the other."""
    scores = {B: 0.0, C: 0.0}
    evidence: dict[Audience, list[Evidence]] = {B: [], C: []}
    names: dict[Audience, list[str]] = {B: [], C: []}
    prior = _PRIOR.get(doc_type)
    title = view.doc.title.lower()
    if prior is not None:
        scores[prior[0]] += prior[1]
        names[prior[0]].append(prior[2])
    elif doc_type == "privacy_policy" and not re.search(r"business|enterprise", title):
        scores[C] += 1.0
        names[C].append("a privacy policy speaks to the individuals whose data it describes")
    if re.search(r"\b(?:business|enterprise|commercial)\b", title):
        scores[B] += 1.0
        names[B].append("the title names business or enterprise use")
    elif re.search(r"\bconsumer\b", title):
        scores[C] += 1.0
        names[C].append("the title names consumers")
    for pattern in PATTERNS:
        for clause, _ in view.search(pattern.regex):
            # "This policy does not apply to data we process on behalf of business customers".
            if pattern is _PROCESSING and _NOT_APPLY.search(clause.text):
                continue
            scores[pattern.audience] += pattern.weight
            names[pattern.audience].append(pattern.name)
            evidence[pattern.audience].append(view.evidence(clause))
            break
    business, consumer = scores[B], scores[C]
    if business >= 1.0 and business >= 2 * consumer:
        audience = B
    elif consumer >= 1.0 and consumer >= 2 * business:
        audience = C
    elif business >= 1.0 and consumer >= 1.0:
        audience = Audience.MIXED
    else:
        audience = Audience.UNKNOWN
    shown = evidence[B] + evidence[C] if audience is Audience.MIXED else evidence.get(audience, [])
    said = names[B] + names[C] if audience is Audience.MIXED else names.get(audience, [])
    rationale = (
        f"{audience.value}: "
        + "; ".join(dict.fromkeys(said))
        + f" (business {business:.1f}, consumer {consumer:.1f})"
        if said
        else "nothing says who the customer is"
    )
    return AudienceFinding(audience, tuple(shown[:MAX_EVIDENCE]), rationale)
