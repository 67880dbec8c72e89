"""Retention of customer content (question: retention).

## What it finds
Promises that limit how long the provider keeps customer content: a stated
period while the service runs ("inputs are retained for up to 30 days, then
deleted", "logs are deleted after 90 days"), deletion once the customer
deletes content or the contract ends ("within 30 days after termination we
will delete Customer Data"), a customer who controls how long data is kept,
and the vague wording that leaves retention open ("as long as necessary",
"deleting your account may not delete our copy").
A limit is cited with the other retention rules that frame it; `unspecified`
also cites deletion at the end that is only optional ("we may at our option
delete").

## Why it matters
Content that is kept can leak, be subpoenaed or be reused; a retention limit is
one of the data-handling standards practitioners write into AI contracts.

## Example
"If you delete a conversation, we remove it from our systems within 30 days." →
`on_request_or_termination` (the 30 days run from the customer's deletion).

## Not this
- Duties of the customer to delete the provider's materials ("upon termination
  you must delete the Software").
- Minimum record-keeping periods ("retain records for at least five years").
- Deadlines for answering deletion requests that say nothing about the data.
- Fixed periods that apply only in an optional mode (temporary or private
  chats, zero-retention add-ons) weigh less than the main product's rule.
- Mutual return of "Confidential Information" with no mention of customer content.
- Content taken out of public view or no longer displayed ("we will no longer
  publicly display your deleted content"), and deletion only "if required by"
  a law or policy: nothing leaves the provider's systems by promise.

## References
spec/questions.md (retention); GDPR art. 5(1)(e) (storage limitation) and
art. 28(3)(g) (deletion or return at the end of processing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import QuestionId, Retention
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read.model import Action, ClauseFrame, Condition, DataKind, Modality
from datarights.read.retention import LICENCE_ENDS_WORDING, PUBLIC_VIEW_ONLY_WORDING, retention_frames

QUESTION = QuestionId.RETENTION
NAME = "retention@1"


def _has(condition: Condition) -> Callable[[ClauseFrame], bool]:
    return lambda frame: condition in frame.conditions


def _content(frame: ClauseFrame) -> bool:
    return DataKind.GENERIC_CONTENT in frame.objects


def _deletes(frame: ClauseFrame) -> bool:
    return frame.action is Action.DELETE and frame.by_provider and frame.modality is not Modality.MAY


def _deletes_on(condition: Condition) -> Callable[[ClauseFrame], bool]:
    return lambda frame: _deletes(frame) and condition in frame.conditions


def _promise(frame: ClauseFrame) -> bool:
    return frame.by_provider and frame.modality is not Modality.MAY


# A limit at or under this score (content not stored at all) gives way to a general "as long as necessary".
_WEAK_LIMIT = 0.6
# The decision table: what a retention frame says, first match wins.
RULES: tuple[Rule, ...] = (
    Rule(
        LICENCE_ENDS_WORDING,
        lambda f: f.wording == LICENCE_ENDS_WORDING,
        Retention.ON_REQUEST_OR_TERMINATION,
        0.5,
        Precedence.GENERAL,
        "The provider's licence to the content ends when the customer removes it.",
        supporting=True,
    ),
    Rule(
        PUBLIC_VIEW_ONLY_WORDING,
        lambda f: f.wording == PUBLIC_VIEW_ONLY_WORDING,
        Retention.UNSPECIFIED,
        0.45,
        Precedence.GENERAL,
        "Deleted content is only taken out of public view; deletion from the provider's systems is not promised.",
        supporting=True,
    ),
    Rule(
        "deletion at the end only optional",
        lambda f: f.action is Action.DELETE and f.modality is Modality.MAY,
        Retention.UNSPECIFIED,
        0.45,
        Precedence.GENERAL,
        "Deletion when the contract ends is only permitted, not promised.",
        supporting=True,
    ),
    Rule(
        "customer controls how long content is kept",
        lambda f: _has(Condition.CUSTOMER_CHOICE)(f) and _content(f),
        Retention.ON_REQUEST_OR_TERMINATION,
        0.9,
        Precedence.SPECIFIC,
        "The customer controls how long its content is kept.",
    ),
    Rule(
        "retention left open",
        _has(Condition.AS_LONG_AS_NEEDED),
        Retention.UNSPECIFIED,
        0.5,
        Precedence.GENERAL,
        "Retention is open-ended (as long as needed, or deletion not promised).",
    ),
    Rule("not about content", lambda f: not _content(f), None),
    Rule("removal for violations", _has(Condition.FOR_MODERATION), None),
    Rule(
        "content not stored at all",
        _has(Condition.NOT_STORED),
        Retention.FIXED_PERIOD,
        _WEAK_LIMIT,
        Precedence.SPECIFIC,
        "Customer content is not stored beyond processing.",
    ),
    Rule("no promise", lambda f: not _promise(f), None),
    Rule(
        "deletion of content not the customer's own",
        lambda f: (
            _deletes(f)
            and bool(f.conditions & {Condition.ON_TERMINATION, Condition.ON_REQUEST})
            and DataKind.CUSTOMER_CONTENT not in f.objects
        ),
        None,
    ),
    Rule(
        "deletion or return when the contract ends",
        _deletes_on(Condition.ON_TERMINATION),
        Retention.ON_REQUEST_OR_TERMINATION,
        0.85,
        Precedence.SPECIFIC,
        "Customer content is deleted or returned when the contract ends.",
    ),
    Rule(
        "kept no longer than a deadline after the contract ends",
        lambda f: _has(Condition.DEADLINE_AFTER_END)(f) and f.modality is Modality.WILL,
        Retention.ON_REQUEST_OR_TERMINATION,
        0.8,
        Precedence.SPECIFIC,
        "Customer content is kept only until a deadline after the contract ends.",
    ),
    Rule(
        "deletion when the customer deletes or asks",
        lambda f: _deletes_on(Condition.ON_REQUEST)(f) and f.modality is Modality.WILL,
        Retention.ON_REQUEST_OR_TERMINATION,
        0.8,
        Precedence.SPECIFIC,
        "Content is kept until the customer deletes it, and then deleted.",
    ),
    Rule(
        "deletion described when the customer deletes",
        _deletes_on(Condition.ON_REQUEST),
        Retention.ON_REQUEST_OR_TERMINATION,
        0.65,
        Precedence.SPECIFIC,
        "Content is kept until the customer deletes it, and then deleted.",
    ),
    Rule(
        "kept until the customer ends it",
        _has(Condition.UNTIL_CUSTOMER_ENDS),
        Retention.ON_REQUEST_OR_TERMINATION,
        0.7,
        Precedence.SPECIFIC,
        "Content is kept until the customer deletes it or closes the account.",
    ),
    Rule(
        "deletion on a schedule while the service runs",
        lambda f: _deletes(f) and f.modality is Modality.WILL and _has(Condition.PERIOD)(f),
        Retention.FIXED_PERIOD,
        # Above deletion at the end: a promise to delete content a stated time after it is made holds while
        # the service runs, the stricter limit; the contract ending deletes what is left too (spec: `fixed_period`).
        0.86,
        Precedence.SPECIFIC,
        "Customer content is deleted a stated period after it is made, while the service runs.",
    ),
    Rule(
        "retention period while the service runs",
        _has(Condition.PERIOD),
        Retention.FIXED_PERIOD,
        0.82,
        Precedence.SPECIFIC,
        "Customer content is kept no longer than a stated period.",
    ),
)
# A limit that holds only in an optional mode, for one feature or one kind of data never decides.
PROTECTIVE = frozenset({Retention.FIXED_PERIOD, Retention.ON_REQUEST_OR_TERMINATION})


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, retention_frames(view), PROTECTIVE)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    limits = [h for h in hits if h.position != Retention.UNSPECIFIED]
    open_ended = [h for h in hits if h.position == Retention.UNSPECIFIED]
    if open_ended and limits and max(h.confidence for h in limits) <= _WEAK_LIMIT:
        # Only a weak limit (one optional mode or feature) against a general "as long as necessary".
        limits = []
    if limits:
        best = max(limits, key=rank)
        rationale = (
            "Customer content is kept no longer than a stated period while the service runs."
            if best.position == Retention.FIXED_PERIOD
            else "Customer content is kept until the customer deletes it or the contract ends, then deleted."
        )
        # The other retention rules (a general "as long as needed", a period for one mode) frame the answer.
        return answer_from(
            QUESTION, NAME, best.position, hits, rationale, also=frozenset(Retention) - {best.position}
        )
    if hits:
        return answer_from(
            QUESTION,
            NAME,
            Retention.UNSPECIFIED,
            hits,
            "No retention limit is promised; content is kept as long as the provider needs it.",
        )
    return default_answer(
        QUESTION, NAME, "The document sets no limit on how long customer content is kept.", 0.7
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
