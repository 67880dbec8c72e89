"""Verifying the provider's compliance (question: audit_rights).

## What it finds
Clauses that let the customer (or an auditor it appoints) audit or inspect the
provider: "Customer may audit Provider's compliance once a year", the GDPR
article 28 duty to "allow for and contribute to audits, including inspections,
conducted by the controller". Failing that, clauses where the provider only
hands over evidence: SOC 2 / ISO 27001 certifications, third-party audit
reports, answers to security questionnaires.

## Why it matters
Promises about data use are only as good as the customer's means to check
them; audit rights and audit reports are what practitioners negotiate for.

## Example
"Upon request, Provider will give Customer a copy of its most recent SOC 2
Type II report." → `reports_only`.

## Not this
- The provider auditing the customer ("we may audit your use of the Services").
- Audit logs, audit trails and record-keeping "for audit purposes".
- The provider auditing its own subprocessors.
- Transparency reports about government requests and Data Privacy Framework
  self-certification: they verify nothing about this customer's data.

## References
spec/questions.md (audit_rights); GDPR art. 28(3)(h); AICPA SOC 2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from datarights.detect.base import Detector, Pattern, make_hit, pattern_hit
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import (
    Clause,
    DocumentView,
    compile_,
    customer_restricted,
    keyword_clauses,
    last_actor,
    negated_before,
    register_keywords,
)
from datarights.detect.questions import AuditRights, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank

QUESTION = QuestionId.AUDIT_RIGHTS
NAME = "audit_rights@1"

_AUDIT_WORD = r"(?:audit(?:s|ed|ing|ors?)?|inspect(?:s|ed|ing|ions?)?|on[\s-]?site\s+(?:visits?|reviews?))"
_CUSTOMER = r"(?:you|customers?|the\s+customer|controllers?|the\s+controller|clients?|licensees?|data\s+exporters?|subscribers?)"
_CERTIFICATION = (
    r"SOC\s*[123]|SSAE\s*1[68]|ISAE\s*3402|ISO(?:/IEC)?\s*2700[1-9]|ISO(?:/IEC)?\s*27701|ISO(?:/IEC)?\s*42001|PCI[\s-]DSS|HITRUST"
    r"|FedRAMP|CSA\s+STAR|C5\s+attestation"
)

# One pass over the text collects every clause that speaks of audits, inspections or certifications.
CANDIDATE = register_keywords(
    "audit_rights",
    r"\b"
    + _AUDIT_WORD
    + r"\b|\b(?:"
    + _CERTIFICATION
    + r")\b|\bsecurity\s+questionnaires?\b|\bcertifi(?:ed|cations?)\b",
    (
        "audit",
        "inspect",
        "site",
        "soc",
        "ssae",
        "isae",
        "iso",
        "pci",
        "hitrust",
        "fedramp",
        "star",
        "c5",
        "questionnaire",
        "certifi",
    ),
)

CUSTOMER_AUDITS = Pattern.of(
    "customer may audit or inspect",
    r"\b"
    + _CUSTOMER
    + r"\b(?:\s*(?:\(|,)?\s*(?:or|and/or|and)\s+(?:its|their|your|an?)\s+(?:\w+\s+){0,3}?(?:auditors?|representatives?|agents?)\)?,?)?"
    r"\s+(?:\w+\s+){0,2}?(?:may|shall\s+(?:have\s+the\s+right|be\s+entitled)\s+to|will\s+have\s+the\s+right\s+to|has\s+the\s+right\s+to|have\s+the\s+right\s+to"
    r"|is\s+entitled\s+to|can|reserves?\s+the\s+right\s+to|may\s+request\s+to)\s+(?:\w+\s+){0,3}?(?:audit|inspect|conduct\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:audits?|inspections?)"
    r"|carry\s+out\s+(?:an?\s+)?(?:audits?|inspections?)|perform\s+(?:an?\s+)?(?:audits?|inspections?)|examine|verify\s+(?:\w+\s+){0,3}?by\s+(?:audit|inspect))\b",
    AuditRights.AUDIT,
    0.9,
    Precedence.SPECIFIC,
)
ALLOWS_AUDITS = Pattern.of(
    "provider submits to audits by the customer",
    r"\b(?:allow|allows|permit|permits|submit|submits|contribute|contributes|cooperate|cooperates|facilitate|facilitates|make\s+available"
    r"|provide\s+access|grant\s+access|afford)\b[^.;]{0,60}?\b(?:audits?|inspections?)\b",
    AuditRights.AUDIT,
    0.85,
    Precedence.SPECIFIC,
)
AUDIT_BY_CUSTOMER = Pattern.of(
    "audits conducted by or for the customer",
    r"\b(?:audits?|inspections?)\b[^.;]{0,80}?\b(?:by|on\s+behalf\s+of|requested\s+by|mandated\s+by|appointed\s+by|selected\s+by|for)\s+(?:the\s+)?"
    + _CUSTOMER
    + r"\b|\bauditors?\s+(?:\w+\s+)?(?:appointed|mandated|selected|engaged|chosen|designated)\s+by\s+(?:the\s+)?"
    + _CUSTOMER
    + r"\b|\b(?:customer|controller|client)[’']?s?\s+(?:audit|inspection)\s+rights?\b|\bright\s+of\s+(?:the\s+)?(?:customer|controller)\s+to\s+(?:audit|inspect)\b",
    AuditRights.AUDIT,
    0.8,
    Precedence.SPECIFIC,
)
REPORTS = Pattern.of(
    "certifications or third-party audit reports",
    r"\b(?:"
    + _CERTIFICATION
    + r")\b|\b(?:third[\s-]party|independent|external)\s+(?:\w+\s+){0,2}?audit(?:or)?s?\s*(?:reports?|results|summar(?:y|ies)|certificat\w*)?"
    r"|\baudit\s+(?:reports?|summar(?:y|ies)|results|certificat\w*)\b|\bsecurity\s+questionnaires?\b|\bquestionnaires?\b"
    r"|\bcompleted\s+(?:an?\s+)?(?:\w+\s+){0,3}?audit\b",
    AuditRights.REPORTS_ONLY,
    0.75,
)
NO_AUDIT = Pattern.of(
    "audit right excluded in favour of reports",
    r"\b(?:in\s+lieu\s+of|instead\s+of|(?:shall|will)\s+(?:be\s+deemed\s+to\s+)?satisfy|satisf(?:y|ies)\s+(?:\w+\s+){0,3}?audit)\b[^.;]{0,60}\baudit"
    r"|\bonly\s+exercise\s+(?:its|their|your|any|such)\s+(?:\w+\s+)?audit\s+rights?\b[^.;]{0,160}\b(?:report\w*|documentation|certif\w*|questionnaires?|information)"
    r"|\bexercise\s+(?:its|their|your|any|such)\s+(?:\w+\s+)?audit\s+rights?\b[^.;]{0,80}?\bonly\s+by\b"
    r"|\baudit\s+rights?\s+(?:\w+\s+){0,6}?(?:are|is|will\s+be|shall\s+be)\s+(?:deemed\s+)?(?:satisfied|fulfilled|met)\s+by"
    r"|\bno\s+(?:other\s+)?right\s+to\s+(?:audit|inspect)|\b(?:not|no)\s+(?:be\s+)?(?:entitled|permitted|allowed)\s+to\s+(?:\w+\s+){0,2}?(?:audit|inspect)",
    AuditRights.REPORTS_ONLY,
    0.85,
    Precedence.EXCEPTION,
)

# Audit words that verify nothing for the customer.
_NOT_VERIFICATION = compile_(
    r"\baudit\s+(?:logs?|trails?|records?|history|events?|purposes?|committee)\b|\b(?:for|to)\s+(?:\w+\s+)?audit(?:ing)?\s+purposes\b"
    r"|\btransparency\s+reports?|\bdepartment\s+of\s+commerce\b\b|\bdata\s+privacy\s+framework\b|\bprivacy\s+shield\b|\bself[\s-]certif\w*"
    r"|\baudit\w*\s+(?:of\s+)?(?:\w+\s+){0,3}?(?:sub-?processors?|sub-?contractors?|(?:our|its|third[\s-]party)\s+(?:vendors?|suppliers?))\b"
    r"|\b(?:sub-?processors?|facilit(?:y|ies))\b[^.;]{0,40}\baudit"
)
_REPORT_SUPPLY = compile_(
    r"\b(?:provide|provides|make\s+available|makes\s+available|furnish|share|deliver|maintain|maintains|obtain|obtains|hold|holds|has|have"
    r"|completed|undergo(?:es)?|certified|audited|request|copy|copies|summary|upon\s+request|answer|respond|complete|available|reports?)\b"
)


def _customer_submits(view: DocumentView, clause: Clause, start: int) -> bool:
    """True when the customer is the one who must allow audits ("You will cooperate with our audits")."""
    head = re.split(r"[;:]|\(\w{1,3}\)", clause.text[max(0, start - 80) : start])[-1]
    return last_actor(view, head) == "customer"


def detect(view: DocumentView) -> Iterator[Hit]:
    for clause in keyword_clauses(view, CANDIDATE):
        text = clause.text
        if NO_AUDIT.regex.search(text):
            yield pattern_hit(view, QUESTION, NAME, NO_AUDIT, [clause], "Reports replace any audit right.")
            continue
        found = False
        for pattern in (CUSTOMER_AUDITS, ALLOWS_AUDITS, AUDIT_BY_CUSTOMER):
            match = pattern.regex.search(text)
            if match is None or negated_before(
                text, match.start() + (match.end() - match.start()) // 2, window=60
            ):
                continue
            if pattern is ALLOWS_AUDITS and (
                _customer_submits(view, clause, match.start())
                or re.search(
                    r"\bby\s+(?:us|we|provider|the\s+provider|licensor)\b", text[match.start() :], re.I
                )
                or re.search(r"\b(?:permit|allow)s?\s+(?:us|provider|licensor)\b", match.group(0), re.I)
            ):
                continue
            if pattern is CUSTOMER_AUDITS and _NOT_VERIFICATION.search(
                text[match.start() : match.end() + 40]
            ):
                continue
            if pattern is AUDIT_BY_CUSTOMER and _NOT_VERIFICATION.search(text):
                continue
            if (
                pattern is ALLOWS_AUDITS
                and _NOT_VERIFICATION.search(text)
                and not re.search(_CUSTOMER, text, re.I)
            ):
                continue
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                pattern,
                [clause],
                "The customer (or its auditor) may audit or inspect the provider.",
            )
            found = True
            break
        if found:
            continue
        generic = re.search(
            r"\b(?:may|(?:shall|will)\s+have\s+the\s+right|has\s+the\s+right|is\s+entitled)\b[^.;]{0,25}?\b(?:audit|inspect)\b|\b(?:available|open)\s+for\s+(?:\w+\s+){0,2}?(?:inspection|audit)",
            text,
            re.I,
        )
        if (
            generic
            and not negated_before(text, generic.start(), window=40)
            and not _NOT_VERIFICATION.search(text)
        ):
            actor = last_actor(view, re.split(r"[;:]", text[: generic.start()])[-1])
            if actor is None and re.search(
                r"\b(?:books|records|accounts|facilities|premises|compliance)\b", text, re.I
            ):
                # Named parties ("Acme may audit Beta's records"): an audit clause, though whose is unclear.
                yield make_hit(
                    view,
                    QUESTION,
                    NAME,
                    "party may audit",
                    AuditRights.AUDIT,
                    0.6,
                    [clause],
                    "A party may audit or inspect the other's records or compliance.",
                )
                continue
        report = REPORTS.regex.search(text)
        if (
            report
            and _REPORT_SUPPLY.search(text)
            and not _NOT_VERIFICATION.search(text)
            and not (
                customer_restricted(clause, clause.start + report.start())
                or re.search(
                    r"\b(?:you|customer|licensee)\b[^.;]{0,40}\b(?:will|shall|must|may)\s+not\b",
                    text[: report.start()],
                    re.I,
                )
            )
        ):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                REPORTS,
                [clause],
                "The provider offers certifications or third-party audit reports.",
            )


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(
            QUESTION, NAME, "The document gives the customer no way to verify compliance.", 0.75
        )
    audits = [h for h in hits if h.position == AuditRights.AUDIT]
    exclusions = [h for h in hits if h.pattern == NO_AUDIT.name]
    # An audit right stands unless reports are said to replace it (a strong, repeated right outweighs
    # that); failing that, the strongest clause decides between audit and reports.
    audit_stands = bool(audits) and (
        not exclusions or (max(h.confidence for h in audits) >= 0.85 and len(audits) > len(exclusions))
    )
    if audit_stands or max(hits, key=rank).position == AuditRights.AUDIT:
        return answer_from(
            QUESTION,
            NAME,
            AuditRights.AUDIT,
            hits,
            "The customer or its auditor may audit or inspect the provider.",
        )
    return answer_from(
        QUESTION,
        NAME,
        AuditRights.REPORTS_ONLY,
        hits,
        "The provider supplies certifications or audit reports; the customer has no audit right.",
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
