"""Changes to the terms (question: change_notice).

## What it finds
How the document itself (terms, agreement, policy, including its data-use
terms) can change: only by an amendment both parties sign or by the customer's
consent; by the provider after notice given in advance ("at least 30 days
before the changes take effect"); or by the provider simply posting a new
version ("effective when posted", "continued use means acceptance", notice only
"where required by law").
Advance notice is cited with the power to change and "continued use means
acceptance" in the same clause; posting is cited with notice given only in the
manner the law prescribes.

## Why it matters
A promise not to train on customer data is worth little if the provider can
rewrite it tomorrow by updating a web page.

## Example
"We may modify these Terms by posting a revised version; changes are effective
when posted." → `posting_only`.

## Not this
- Changes to the Services, features, fees or the list of subprocessors.
- "As updated from time to time" for another document that is merely referenced.
- An amendment clause that needs only the provider's signature.
- Notice that is promised only "if required by law" is not advance notice.
- A report of an update already made ("On 3 November we updated this notice").
- The change clause of a version of the document for one region's users ("if
  you live in the EEA"): it is cited, but the general version decides.

## References
spec/questions.md (change_notice); FTC, "AI (and other) companies: quietly
changing your terms of service could be unfair or deceptive" (2024).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import ChangeNotice, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read.changes import change_frames
from datarights.read.model import Actor, ClauseFrame, Condition

QUESTION = QuestionId.CHANGE_NOTICE
NAME = "change_notice@1"


def _has(*conditions: Condition) -> Callable[[ClauseFrame], bool]:
    wanted = frozenset(conditions)
    return lambda frame: wanted <= frame.conditions


CONSENT_FOR_CHANGE = "change needs the customer's consent"
SIGNED_AMENDMENT = "amendment only in a writing both parties sign"
ADVANCE_NOTICE = "notice before changes take effect"
DIRECT_NOTICE = "direct notice of changes"
# The decision table: how a change to the terms takes effect, first match wins.
RULES: tuple[Rule, ...] = (
    Rule(
        CONSENT_FOR_CHANGE,
        _has(Condition.CONSENT),
        ChangeNotice.CONSENT_REQUIRED,
        0.9,
        Precedence.EXCEPTION,
        "Changes that matter to the customer need its consent.",
    ),
    Rule(
        "advance notice under a proviso to the amendment clause",
        _has(Condition.MUTUAL_AGREEMENT, Condition.ADVANCE_NOTICE),
        ChangeNotice.ADVANCE_NOTICE,
        0.85,
        Precedence.EXCEPTION,
        "Amendments are notified in advance under a proviso to the amendment clause.",
    ),
    Rule(
        SIGNED_AMENDMENT,
        _has(Condition.MUTUAL_AGREEMENT),
        ChangeNotice.CONSENT_REQUIRED,
        0.8,
        Precedence.GENERAL,
        "The terms change only by a written amendment both parties sign.",
    ),
    Rule(
        "notice only where the law requires it",
        _has(Condition.ADVANCE_NOTICE, Condition.BY_LAW),
        ChangeNotice.POSTING_ONLY,
        0.75,
        Precedence.SPECIFIC,
        "Advance notice is given only where the law requires it.",
    ),
    Rule(
        ADVANCE_NOTICE,
        _has(Condition.ADVANCE_NOTICE),
        ChangeNotice.ADVANCE_NOTICE,
        0.85,
        Precedence.SPECIFIC,
        "The provider must give notice before changes take effect.",
    ),
    Rule(
        "direct notice only where the law requires it",
        _has(Condition.DIRECT_NOTICE, Condition.BY_LAW),
        ChangeNotice.POSTING_ONLY,
        0.75,
        Precedence.SPECIFIC,
        "The customer is notified of changes only where the law requires it.",
    ),
    Rule(
        DIRECT_NOTICE,
        _has(Condition.DIRECT_NOTICE),
        ChangeNotice.ADVANCE_NOTICE,
        0.8,
        Precedence.SPECIFIC,
        "The provider notifies the customer directly (e-mail, in the product, its account) of changes.",
    ),
    Rule(
        "notice of changes only as the law prescribes",
        lambda f: Condition.BY_LAW in f.conditions and f.actor is not Actor.PROVIDER,
        ChangeNotice.POSTING_ONLY,
        0.5,
        Precedence.GENERAL,
        "Notice of a change is given only in the way the law requires.",
        supporting=True,
    ),
    Rule(
        "changes by posting or continued use",
        _has(Condition.ON_POSTING),
        ChangeNotice.POSTING_ONLY,
        0.7,
        Precedence.GENERAL,
        "The provider may change the terms by posting them, without advance notice.",
    ),
    Rule(
        "the provider may change the terms",
        lambda f: f.actor is Actor.PROVIDER,
        ChangeNotice.POSTING_ONLY,
        0.6,
        Precedence.GENERAL,
        "The provider may change the terms by posting them, without advance notice.",
    ),
)


# A promise of notice or consent for one part of the document (its arbitration agreement) does not govern
# how the document as a whole changes.
PROTECTIVE = frozenset({ChangeNotice.ADVANCE_NOTICE, ChangeNotice.CONSENT_REQUIRED})


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, change_frames(view), PROTECTIVE)


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(QUESTION, NAME, "The document does not say how it can be changed.", 0.7)
    by_pattern: dict[str, list[Hit]] = {}
    for hit in hits:
        by_pattern.setdefault(hit.pattern, []).append(hit)
    if CONSENT_FOR_CHANGE in by_pattern:
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.CONSENT_REQUIRED,
            by_pattern[CONSENT_FOR_CHANGE],
            "Changes that reduce the customer's rights need its consent.",
        )
    unilateral = [h for h in hits if h.position in (ChangeNotice.ADVANCE_NOTICE, ChangeNotice.POSTING_ONLY)]
    if SIGNED_AMENDMENT in by_pattern and all(h.confidence <= 0.6 for h in unilateral):
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.CONSENT_REQUIRED,
            hits,
            "The terms change only by a written amendment both parties sign.",
        )
    advance = [h for h in hits if h.position == ChangeNotice.ADVANCE_NOTICE]
    # A direct notice with no lead time stays posting when the document makes changes effective when posted.
    effective_when_posted = any(Condition.EFFECTIVE_WHEN_POSTED in f.conditions for f in change_frames(view))
    if advance and all(h.pattern == DIRECT_NOTICE for h in advance) and effective_when_posted:
        advance = []
    if advance:
        # The power to change and "continued use means acceptance" in the same clause frame the notice.
        sections = {e.section for h in advance for e in h.evidence}
        framing = [
            h
            for h in hits
            if h.position == ChangeNotice.POSTING_ONLY and h.evidence and h.evidence[0].section in sections
        ]
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.ADVANCE_NOTICE,
            advance + framing,
            "The provider may change the terms after notice given before the changes take effect.",
            also=frozenset({ChangeNotice.POSTING_ONLY}),
        )
    posting = [h for h in unilateral if h.position == ChangeNotice.POSTING_ONLY]
    best = max(posting or unilateral, key=rank)
    return answer_from(
        QUESTION,
        NAME,
        best.position,
        posting or unilateral,
        "The provider may change the terms by posting them, without advance notice.",
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
