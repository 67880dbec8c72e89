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
- Books and records made available to a regulator (the Secretary of HHS), not
  to the customer.
- Transparency reports about government requests and Data Privacy Framework
  self-certification: they verify nothing about this customer's data.

## References
spec/questions.md (audit_rights); GDPR art. 28(3)(h); AICPA SOC 2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import AuditRights, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read import audits
from datarights.read.audits import audit_frames
from datarights.read.model import Action, Actor, ClauseFrame, Condition

QUESTION = QuestionId.AUDIT_RIGHTS
NAME = "audit_rights@1"


def _worded(wording: str) -> Callable[[ClauseFrame], bool]:
    return lambda frame: frame.wording == wording


NO_AUDIT = audits.NO_AUDIT.name
_AUDIT_BY_CUSTOMER = "The customer (or its auditor) may audit or inspect the provider."
# The decision table: who may verify whom, first match wins.
RULES: tuple[Rule, ...] = (
    Rule(
        NO_AUDIT,
        lambda f: f.action is Action.AUDIT and f.negated and Condition.IN_LIEU in f.conditions,
        AuditRights.REPORTS_ONLY,
        0.85,
        Precedence.EXCEPTION,
        "Reports replace any audit right.",
    ),
    Rule(
        audits.NO_RIGHT,
        lambda f: f.action is Action.AUDIT and f.negated,
        None,
        rationale="The customer may not audit: no audit right.",
    ),
    Rule(
        audits.PROVIDER_AUDITS,
        lambda f: f.action is Action.AUDIT and f.actor is Actor.PROVIDER,
        None,
        rationale="The provider audits the customer or its own vendors: nothing the customer can verify.",
    ),
    Rule(
        audits.CUSTOMER_AUDITS.name,
        _worded(audits.CUSTOMER_AUDITS.name),
        AuditRights.AUDIT,
        0.9,
        Precedence.SPECIFIC,
        _AUDIT_BY_CUSTOMER,
    ),
    Rule(
        audits.ALLOWS_AUDITS.name,
        _worded(audits.ALLOWS_AUDITS.name),
        AuditRights.AUDIT,
        0.85,
        Precedence.SPECIFIC,
        _AUDIT_BY_CUSTOMER,
    ),
    Rule(
        audits.AUDIT_BY_CUSTOMER.name,
        _worded(audits.AUDIT_BY_CUSTOMER.name),
        AuditRights.AUDIT,
        0.8,
        Precedence.SPECIFIC,
        _AUDIT_BY_CUSTOMER,
    ),
    Rule(
        audits.BOOKS_OPEN.name,
        _worded(audits.BOOKS_OPEN.name),
        AuditRights.AUDIT,
        0.8,
        Precedence.SPECIFIC,
        "The provider opens its books and records on its compliance to the customer.",
    ),
    Rule(
        audits.AUDIT_TERMS.name,
        lambda f: f.action is Action.AUDIT and f.actor is Actor.UNKNOWN,
        AuditRights.AUDIT,
        0.6,
        Precedence.GENERAL,
        "The conditions under which an audit is conducted.",
        supporting=True,
    ),
    Rule(
        audits.PARTY_AUDITS.name,
        lambda f: f.action is Action.AUDIT and f.actor is Actor.PARTIES,
        AuditRights.AUDIT,
        0.6,
        Precedence.GENERAL,
        "A party may audit or inspect the other's records or compliance.",
    ),
    Rule(
        audits.REPORTS.name,
        lambda f: f.action is Action.REPORT and f.by_provider,
        AuditRights.REPORTS_ONLY,
        0.75,
        Precedence.GENERAL,
        "The provider offers certifications or third-party audit reports.",
    ),
)


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, audit_frames(view))


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(
            QUESTION, NAME, "The document gives the customer no way to verify compliance.", 0.75
        )
    rights = [h for h in hits if h.position == AuditRights.AUDIT]
    exclusions = [h for h in hits if h.pattern == NO_AUDIT]
    # An exclusion qualifies the audit right (an exception beats the rule): the right stands only when
    # it is stated firmly and more often than it is excluded; failing that, the strongest clause decides.
    audit_stands = bool(rights) and (
        not exclusions or (max(h.confidence for h in rights) >= 0.85 and len(rights) > len(exclusions))
    )
    if audit_stands or max(hits, key=rank).position == AuditRights.AUDIT:
        answer = answer_from(
            QUESTION,
            NAME,
            AuditRights.AUDIT,
            hits,
            "The customer or its auditor may audit or inspect the provider.",
            also=frozenset({AuditRights.REPORTS_ONLY}) if exclusions else frozenset(),
        )
        # A right stated against a clause that replaces it by reports: kept, with both cited, for a person
        # to confirm which governs.
        return replace(answer, needs_review=True) if exclusions else answer
    return answer_from(
        QUESTION,
        NAME,
        AuditRights.REPORTS_ONLY,
        hits,
        "The provider supplies certifications or audit reports; the customer has no audit right.",
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
