"""Provider personnel seeing customer content (question: human_review).

## What it finds
Clauses under which people on the provider's side may access or review
customer content: human or manual review of conversations, authorised
employees or contractors who access content for support, abuse
investigations, safety or quality, the provider monitoring or moderating
submitted content, persons authorised to process customer data under a duty of
confidentiality, and need-to-know access to confidential information that the
document defines to include customer content.
Supporting evidence (never deciding): the provider monitoring use for
compliance, investigating violations, or using content to enforce its terms,
prevent abuse or keep the service safe.

## Why it matters
A human reader is a disclosure: confidential or personal data in prompts and
files reaches the provider's staff and its contractors.

## Example
"Authorized staff may review your conversations to investigate abuse." → `yes`.

## Not this
- The customer reviewing something ("you may review these Terms") or the
  customer's own staff using the service.
- Automated scanning only, or review of reports, requests or appeals that says
  nothing of content.
- A promise that no person will look at content (answers `no`), unless an
  exception lets staff in ("except to investigate abuse").
- Need-to-know clauses about confidential information that does not include
  customer content (ordinary commercial confidentiality).

## References
spec/questions.md (human_review); GDPR art. 28(3)(b) (persons authorised to
process personal data are bound to confidentiality).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Basis, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import QuestionId, YesNo
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read import access
from datarights.read.access import access_frames
from datarights.read.model import ClauseFrame

QUESTION = QuestionId.HUMAN_REVIEW
NAME = "human_review@1"


def _said(wording: str) -> Callable[[ClauseFrame], bool]:
    return lambda frame: frame.wording == wording


# The decision table: which access frames support which answer, by the wording that expressed them.
RULES: tuple[Rule, ...] = (
    Rule(
        access.NO_HUMAN_WORDING,
        lambda f: f.negated and f.wording == access.NO_HUMAN_WORDING,
        YesNo.NO,
        0.85,
        Precedence.SPECIFIC,
        "The document promises that no person accesses customer content.",
    ),
    Rule(
        access.NOT_MONITORED_WORDING,
        lambda f: f.negated and f.wording == access.NOT_MONITORED_WORDING,
        YesNo.NO,
        0.5,
        Precedence.GENERAL,
        "The provider says it does not monitor customer content.",
        supporting=True,
    ),
    Rule(
        access.HUMAN_REVIEW_WORDING,
        _said(access.HUMAN_REVIEW_WORDING),
        YesNo.YES,
        0.9,
        Precedence.SPECIFIC,
        "People on the provider's side may review customer content (human review).",
    ),
    Rule(
        access.PERSONNEL_ACCESS_WORDING,
        _said(access.PERSONNEL_ACCESS_WORDING),
        YesNo.YES,
        0.8,
        Precedence.SPECIFIC,
        "Provider personnel or contractors may access customer content.",
    ),
    Rule(
        access.MONITORING_WORDING,
        _said(access.MONITORING_WORDING),
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "The provider monitors or reviews customer content.",
    ),
    Rule(
        access.SUPPORT_VENDORS_WORDING,
        _said(access.SUPPORT_VENDORS_WORDING),
        YesNo.YES,
        0.6,
        Precedence.GENERAL,
        "Support and safety providers acting for the provider handle customer content.",
    ),
    Rule(
        access.DISCLOSED_TO_STAFF_WORDING,
        _said(access.DISCLOSED_TO_STAFF_WORDING),
        YesNo.YES,
        0.6,
        Precedence.GENERAL,
        "Customer content may be shared with the provider's staff or contractors.",
    ),
    Rule(
        access.MODERATION_WORDING,
        _said(access.MODERATION_WORDING),
        YesNo.YES,
        0.55,
        Precedence.GENERAL,
        "The provider moderates customer content (reviewing and removing it).",
    ),
    Rule(
        access.ACCESS_RIGHT_WORDING,
        _said(access.ACCESS_RIGHT_WORDING),
        YesNo.YES,
        0.55,
        Precedence.GENERAL,
        "The provider takes a right to access customer content.",
    ),
    Rule(
        access.NEED_TO_KNOW_WORDING,
        _said(access.NEED_TO_KNOW_WORDING),
        YesNo.YES,
        0.65,
        Precedence.GENERAL,
        "Provider staff with a need to know may access confidential information, which includes customer content.",
        basis=Basis.DEFINED_TERM,
    ),
    Rule(
        access.SUPPORT_STAFF_WORDING,
        _said(access.SUPPORT_STAFF_WORDING),
        YesNo.YES,
        0.55,
        Precedence.GENERAL,
        "The provider's support staff, or vendors acting for it, see what the customer shares.",
    ),
    # Why people look (enforcement, abuse prevention, safety): cited beside a "yes" decided by other
    # frames; alone it does not show that a person (rather than a system) reads the content.
    Rule(
        access.ENFORCEMENT_WORDING,
        _said(access.ENFORCEMENT_WORDING),
        YesNo.YES,
        0.5,
        Precedence.GENERAL,
        "The provider monitors, investigates or uses content to enforce its terms and keep the service safe.",
        supporting=True,
    ),
)


def detect(view: DocumentView) -> Iterator[Hit]:
    # "Employees may access content only: … to assist with a support matter; …": the items say when.
    yield from frame_hits(view, QUESTION, NAME, RULES, access_frames(view), cite_items=True)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(
            QUESTION, NAME, "Nothing lets provider personnel access customer content.", 0.65
        )
    best = max(hits, key=rank)
    if best.position == YesNo.NO:
        return answer_from(
            QUESTION, NAME, YesNo.NO, hits, "No person on the provider's side accesses customer content."
        )
    # One clause of each kind of access (review, staff access, support, moderation) before a second of any.
    return answer_from(QUESTION, NAME, YesNo.YES, hits, best.rationale, diverse=True)


DETECTOR = Detector(QUESTION, 1, detect, decide)
