"""Feedback and suggestions (question: feedback_license).

## What it finds
Clauses that let the provider use the customer's feedback, suggestions or ideas
freely: a royalty-free, perpetual licence or an assignment of feedback, use
"without restriction, obligation or compensation", "for any purpose", or a
statement that submitted feedback (ratings, comments) is used to improve the
service or train models. Feedback folded into a defined content term that the
provider may use broadly counts too (resolved through the definition).

## Why it matters
Feedback often carries the customer's confidential material (a failing prompt,
a screenshot, a code sample); a free feedback licence is an exception to
otherwise strict data-use promises.

## Example
"If you send us suggestions, we may use them without any obligation to you."
→ `yes`.

## Not this
- An invitation to give feedback, or feedback listed as data collected, with no
  statement of how the provider may use it.
- Code or search "suggestions" the service generates for the customer.
- Feedback the provider promises to keep confidential or use only with consent.
  ("Feedback will not be Confidential Information" is the opposite: no protection.)
- Feedback a privacy notice lists among the data it processes under a legal
  basis to improve services or features (training models on it still counts).

## References
spec/questions.md (feedback_license and the "except Feedback" example).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Basis, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import QuestionId, YesNo
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read import feedback
from datarights.read.feedback import feedback_frames
from datarights.read.model import Action, ClauseFrame, Condition

QUESTION = QuestionId.FEEDBACK_LICENSE
NAME = "feedback_license@1"


def _through_term(frame: ClauseFrame) -> bool:
    return frame.wording == feedback.THROUGH_TERM.name


# The decision table: how the provider may use feedback, first match wins.
RULES: tuple[Rule, ...] = (
    Rule(feedback.PROCESSING_PURPOSE.name, lambda f: f.wording == feedback.PROCESSING_PURPOSE.name, None),
    Rule(
        feedback.CONFIDENTIAL_FEEDBACK.name,
        lambda f: f.negated,
        YesNo.NO,
        0.8,
        Precedence.EXCEPTION,
        "Feedback is kept confidential or used only with the customer's consent.",
    ),
    Rule(
        "feedback given without compensation within a defined term",
        lambda f: _through_term(f) and Condition.UNRESTRICTED in f.conditions,
        YesNo.YES,
        0.6,
        Precedence.GENERAL,
        "Feedback is part of a defined term the customer gives without compensation.",
        basis=Basis.DEFINED_TERM,
    ),
    Rule(
        feedback.THROUGH_TERM.name,
        _through_term,
        YesNo.YES,
        0.6,
        Precedence.GENERAL,
        "Feedback is part of a defined content term that the provider may use for its own purposes.",
        basis=Basis.DEFINED_TERM,
    ),
    Rule(
        feedback.FREE_LICENCE.name,
        lambda f: f.action is Action.LICENSE and Condition.UNRESTRICTED in f.conditions,
        YesNo.YES,
        0.9,
        Precedence.SPECIFIC,
        "The provider may use feedback freely, without restriction or compensation.",
    ),
    Rule(
        feedback.LICENCE_GRANT.name,
        lambda f: f.action is Action.LICENSE,
        YesNo.YES,
        0.75,
        Precedence.GENERAL,
        "The customer grants the provider a licence to use feedback.",
    ),
    Rule(
        feedback.EXCEPTED.name,
        lambda f: f.wording == feedback.EXCEPTED.name,
        YesNo.YES,
        0.7,
        Precedence.EXCEPTION,
        "Feedback is the exception to a promise not to use customer content: the provider uses it.",
    ),
    Rule(
        feedback.USED_TO_IMPROVE.name,
        lambda f: f.action is Action.USE and bool(f.purposes),
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "Feedback the customer submits is used to improve the provider's services or models.",
    ),
)


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, feedback_frames(view))


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(QUESTION, NAME)
    # A promise to keep feedback confidential qualifies the licence (an exception beats the rule); else
    # the strongest clause decides.
    best = max(hits, key=rank)
    return answer_from(QUESTION, NAME, best.position, hits)


DETECTOR = Detector(QUESTION, 1, detect, decide)
