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

## References
spec/questions.md (retention); GDPR art. 5(1)(e) (storage limitation) and
art. 28(3)(g) (deletion or return at the end of processing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace

from datarights.detect.base import Detector, Pattern, pattern_hit
from datarights.detect.findings import Answer, Hit, Precedence
from datarights.detect.language import (
    PERIOD,
    Clause,
    DocumentView,
    compile_,
    compile_lower,
    content_term_regex,
    keyword_clauses,
    last_actor,
    lowered_text,
    mentions_strict_content,
    negated_before,
    register_keywords,
)
from datarights.detect.questions import QuestionId, Retention
from datarights.detect.resolve import answer_from, default_answer, rank

QUESTION = QuestionId.RETENTION
NAME = "retention@1"

_KEEP = r"(?:retain\w*|retention|keep|keeps|kept|stor(?:e|es|ed|age)|hold|held|maintain\w*)"
_DELETE = r"(?:delet\w*|auto-?delet\w*|remov\w*|purg\w*|eras\w*|destroy\w*|destruct\w*|dispos\w*|return(?:s|ed)?|expunge\w*|anonymi[sz]\w*)"
# One search over the text finds every clause that may speak of retention.
CANDIDATE = register_keywords(
    "retention",
    r"\b(?:" + _KEEP + r"|" + _DELETE + r"|how\s+long|as\s+long\s+as)\b",
    (
        "retain",
        "retention",
        "keep",
        "kept",
        "stor",
        "hold",
        "held",
        "maintain",
        "delet",
        "remov",
        "purg",
        "eras",
        "destroy",
        "destruct",
        "dispos",
        "return",
        "expunge",
        "anonymi",
        "long",
    ),
)

FIXED = Pattern.of(
    "retention period while the service runs",
    r"\b(?:for|up\s+to|no\s+(?:longer|more)\s+than|not\s+(?:longer|more)\s+than|maximum\s+of|at\s+most|within|after|"
    r"no\s+later\s+than|a\s+period\s+of|beyond|longer\s+than|exceed(?:ing)?)\s+(?:a\s+period\s+of\s+|approximately\s+|about\s+)?"
    + PERIOD
    + r"|"
    + PERIOD
    + r"\s+(?:after|following)\s+(?:the\s+)?(?:completion|end|creation|submission|receipt|collection|processing|delivery)\b",
    Retention.FIXED_PERIOD,
    0.82,
    Precedence.SPECIFIC,
)
AFTER_TERMINATION = Pattern.of(
    "deletion or return when the contract ends",
    r"\b(?:terminat\w*|expir\w*|end\s+of\s+(?:the|this|your)\s+(?:agreement|term|subscription|contract|services?)"
    r"|cancel\w*|clos(?:e|ing|ure)\s+(?:of\s+)?(?:your|the|an?)\s+account|account\s+(?:closure|deletion|cancellation)"
    r"|delet\w*\s+(?:your|their|the|an?)\s+account|ceases?\s+to\s+(?:use|provide)"
    r"|\b(?:agreement|contract|subscription|term|services?)\s+(?:ends|expires|is\s+terminated|comes\s+to\s+an\s+end))",
    Retention.ON_REQUEST_OR_TERMINATION,
    0.85,
    Precedence.SPECIFIC,
)
ON_REQUEST = Pattern.of(
    "deletion when the customer deletes or asks",
    r"\b(?:you|customers?|users?|admins?|administrators?)\s+(?:\w+\s+){0,3}?(?:delete|deletes|remove|removes|erase|erases)\b"
    r"|\b(?:request|ask|instruct)\w*\s+(?:\w+\s+){0,4}?(?:delet|eras|remov)\w*"
    r"|\bdelet\w*\s+requests?\b|\b(?:deleted|removed|erased|unsaved)\s+(?:\w+\s+)?(?:conversations?|chats?|content|data|files?|messages?|items?|prompts?|threads?|history)\b"
    r"|\bonce\s+(?:deleted|removed)\b|\bat\s+(?:your|customer[’']?s|the\s+customer[’']?s|its)\s+(?:written\s+)?(?:request|instruction|direction|election|option|choice)"
    r"|\bupon\s+(?:your|customer[’']?s|the\s+customer[’']?s)\s+(?:written\s+)?(?:request|instruction)"
    r"|\buntil\s+(?:you|customer|the\s+customer|users?)\s+(?:\w+\s+){0,2}?(?:delete|deletes|remove|removes|close|closes)\b",
    Retention.ON_REQUEST_OR_TERMINATION,
    0.8,
    Precedence.SPECIFIC,
)
CUSTOMER_CONTROLS = Pattern.of(
    "customer controls how long content is kept",
    r"\b(?:you|customers?|users?|admins?|administrators?|owners?)\b[^.;]{0,40}?\b(?:control|controls|decide|decides|choose|chooses"
    r"|determine|determines|set|sets|configure|configures|manage|manages)\b[^.;]{0,25}?\bhow\s+long\b"
    r"|\bas\s+long\s+as\s+(?:the\s+)?(?:you|customer|controller|client)\s+(?:deems?|considers?|instructs?|requires?|wants?|chooses?|decides?)\b",
    Retention.ON_REQUEST_OR_TERMINATION,
    0.9,
    Precedence.SPECIFIC,
)
ZERO_RETENTION = Pattern.of(
    "content not stored at all",
    r"\b(?:do|does|will|shall)\s+not\s+(?:retain|store|log|keep|persist)\b|\bzero[\s-]+(?:data[\s-]+)?retention\b",
    Retention.FIXED_PERIOD,
    0.6,
    Precedence.SPECIFIC,
)
OPEN_ENDED = Pattern.of(
    "retention left open",
    r"\bas\s+long\s+as\s+(?:is\s+|we\s+|it\s+is\s+)?(?:reasonably\s+)?(?:necessary|needed|required|need|appropriate)"
    r"|\bfor\s+as\s+long\s+as\b|\b(?:ongoing\s+)?legitimate\s+business\s+(?:need|purpose)s?\b"
    r"|\bno\s+longer\s+than\s+(?:is\s+)?(?:necessary|needed|required)"
    r"|\bmay\s+not\s+(?:delete|remove|erase)\b|\bmay\s+(?:continue\s+to\s+)?(?:retain|keep|store|use)\b[^.;]{0,80}\b(?:after|following|upon)\s+(?:termination|deletion|you\s+delete)"
    r"|\bperpetual\b[^.;]{0,60}\blicen[cs]e\b",
    Retention.UNSPECIFIED,
    0.5,
)

# Modes the customer must switch on (temporary or private chats, zero-retention add-ons).
_OPTIONAL_MODE = compile_(
    r"\b(?:temporary|private|incognito|ephemeral)\s+(?:chats?|mode|conversations?|sessions?)\b|\bzero[\s-]+data[\s-]+retention\b|\bZDR\b"
    r"|\b(?:when|if|where)\s+(?:you\s+)?(?:\w+\s+){0,4}?(?:is|are)?\s*(?:turned\s+on|enabled|switched\s+on)\b"
    r"|\bif\s+(?:you|customer)\s+(?:\w+\s+){0,2}?(?:enable|enables|turn|turns|choose|chooses|select|selects|opt|opts)\b"
)
# Periods that are minimums, clocks for something other than the data, or not about retention at all.
_NOT_A_LIMIT = compile_(
    r"\bat\s+least\s+"
    + PERIOD
    + r"|\bminimum\s+(?:of\s+)?"
    + PERIOD
    + r"|\b(?:notice|notif\w*|respond\w*|response|reply|invoice\w*|pay\w*|cure|renew\w*|refund\w*|dispute\w*|arbitrat\w*|opt\s+out|claims?)\b"
    r"[^.;]{0,40}"
    + PERIOD
    + r"|\b(?:cookies?|billing|payment|tax|invoices?|financial\s+records?|accounting|audit\s+(?:records?|logs?|trail))\b"
    # Data a tracking tag or pixel collects on other websites is not the customer's content.
    r"|\b(?:third[\s-]party\s+(?:websites?|sites)|tags?|pixels?)\b[^.;]{0,80}\b(?:installed|placed|embedded)\b"
    r"|\b(?:collected|gathered)\s+(?:from|on)\s+third[\s-]party\s+(?:websites?|sites)\b"
)
# "We keep your information unless you close your account": kept until the customer ends it.
_KEPT_UNTIL_CUSTOMER_ENDS = compile_lower(
    r"\b(?:until|unless)\s+(?:and\s+unless\s+)?(?:you|customer|the\s+customer|users?)\s+(?:\w+\s+){0,2}?"
    r"(?:delete|deletes|remove|removes|close|closes|cancel|cancels|terminate|terminates)\b"
)
_CONFIDENTIAL_ONLY = compile_(r"\bconfidential\s+information\b")
_HEADING_TERMINATION = compile_(
    r"\b(?:terminat\w*|expir\w*|return\s+(?:or|and)\s+delet\w*|delet\w*\s+(?:or|and)\s+return\w*|end\s+of\s+(?:processing|services?))\b"
)


_PERMISSIVE = compile_(
    r"\b(?:may|can|might|could|reserve\w*\s+the\s+right\s+to|at\s+(?:our|its)\s+(?:sole\s+)?(?:option|discretion))\b"
    # "it may take up to 90 days to delete": a deadline, not a permission.
    r"(?!\s+take\b)"
)
# A verb inside a leading condition ("If any content is deleted, you will …"; "If you have content stored
# in your drive and do not …, we may close"): the condition states a trigger, not the provider's promise.
_IN_CONDITION = compile_(r"\b(?:if|when|whenever|once|where|should|in\s+case)\b[^,;:]*$")
_CONDITION_WORD = compile_(r"\b(?:if|when|whenever|once|where|should|in\s+case)\b[^;:.]*$")
# The main clause after a condition that lists several events ("if content is deleted, suspended, or
# removed, you will …").
_MAIN_CLAUSE = compile_(
    r"[^;:.]*?,\s*(?:then\s+)?(?:we|you|it|they|the\s+\w+|[\w’']+)\s+(?:will|shall|must|may|can|agrees?)\b"
)


def _in_condition(text: str, verb: re.Match[str]) -> bool:
    """Is the verb inside a leading condition rather than the main clause?"""
    head = text[max(0, verb.start() - 400) : verb.start()]
    if _IN_CONDITION.search(head) and re.match(r"[^;:.]*,", text[verb.end() :]):
        return True
    return bool(_CONDITION_WORD.search(head) and _MAIN_CLAUSE.match(text, verb.end()))


_MODERATION = compile_(
    r"\b(?:violat\w*|infring\w*|abus\w*|unlawful|illegal|objectionable|repeat\s+infringers?|inappropriate|DMCA|counter[\s-]?notices?|takedown)\b"
)
# "kept 30 days to monitor for abuse": abuse as the purpose of keeping data, not a removal for abuse.
_ABUSE_MONITORING_PURPOSE = compile_(
    r"\b(?:to|for)\s+(?:monitor\w*|detect\w*|prevent\w*|investigat\w*|review\w*|combat\w*)\s+(?:for\s+)?(?:\w+\s+){0,2}?"
    r"(?:abuse|misuse|violations?|fraud)\b"
)
_AT_REQUEST = compile_(
    r",?\s*\b(?:at|upon|on|per)\s+(?:the\s+)?(?:your|customer[’']?s?|controller[’']?s?|client[’']?s?)\s+(?:written\s+)?"
    r"(?:request|instructions?|direction|election|option|choice|discretion)\s*,?"
)
_NOT_UNCONDITIONAL = compile_(
    r"\bwithout\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:permission|consent|approval)|\bunless\b"
)
_DELETE_VERB = compile_(r"\b" + _DELETE + r"\b")
_KEEP_VERB = compile_(r"\b" + _KEEP + r"\b")


# Case-insensitive matching on the lower-cased text is several times faster than re.IGNORECASE.
FIXED = replace(FIXED, regex=compile_lower(FIXED.regex.pattern))
AFTER_TERMINATION = replace(AFTER_TERMINATION, regex=compile_lower(AFTER_TERMINATION.regex.pattern))
ON_REQUEST = replace(ON_REQUEST, regex=compile_lower(ON_REQUEST.regex.pattern))
CUSTOMER_CONTROLS = replace(CUSTOMER_CONTROLS, regex=compile_lower(CUSTOMER_CONTROLS.regex.pattern))
ZERO_RETENTION = replace(ZERO_RETENTION, regex=compile_lower(ZERO_RETENTION.regex.pattern))
OPEN_ENDED = replace(OPEN_ENDED, regex=compile_lower(OPEN_ENDED.regex.pattern))


def _promised_verb(view: DocumentView, text: str, verbs: re.Pattern[str]) -> re.Match[str] | None:
    """The first retention verb the provider promises (not "may delete", not the customer's duty, not negated)."""
    for verb in verbs.finditer(text):
        if _in_condition(text, verb):
            continue
        head = re.split(r"[;:]|\(\w{1,3}\)", text[max(0, verb.start() - 70) : verb.start()])[-1]
        permissive = _PERMISSIVE.search(head)
        if permissive and not re.search(r"\b(?:will|shall|must)\b", head[permissive.end() :]):
            continue
        if negated_before(text, verb.start(), window=35):
            continue
        # The provider deletes (or the data "is deleted"); a customer's own deletion is a trigger, not a promise.
        head = _AT_REQUEST.sub(" ", head)
        actor = last_actor(view, head)
        passive = re.search(
            r"\b(?:is|are|be|been|being|get|gets|was|were)\s+(?:\w+ly\s+)?(?:and\s+\w+\s+)?$", head
        )
        inflected = re.search(r"(?:ed|es|s)$", verb.group(0), re.IGNORECASE) and not re.search(
            r"\b(?:you|customer|users?)\s+(?:\w+\s+)?$", head, re.IGNORECASE
        )
        modal = re.search(r"\b(?:will|shall|must)\b[\s,]*(?:\w+ly\s+)?(?:\w+\s+(?:or|and)\s+)?$", head)
        if passive or inflected or actor == "provider" or (modal and actor != "customer"):
            return verb
    return None


_OWN_CONTENT = compile_(
    r"\b(?:customer|user|your|client|controller|end\s+user|subscriber)[’']?s?\s+(?:personal\s+)?(?:data|content|materials|files|documents|information|conversations?|chats?|messages|uploads|recordings|transcripts|images)\b"
    r"|\b(?:inputs?|outputs?|prompts?|conversations?|chats?|chat\s+history|personal\s+(?:data|information)|uploaded\s+\w+)\b"
)


def _customer_content(view: DocumentView, text: str) -> bool:
    """Stricter than `mentions_strict_content`: the customer's own data, not "all materials" or "the content"."""
    lowered = text.lower()
    terms = content_term_regex(view)
    return bool(_OWN_CONTENT.search(text)) or (terms is not None and bool(terms.search(lowered)))


def _last_heading(clause: Clause) -> str:
    """The clause's own heading ("Deleting your content"), which says whose "content" a clause means."""
    return clause.heading.rsplit(" / ", 1)[-1]


def _patterns_in(view: DocumentView, clause: Clause) -> Iterator[Hit]:
    text = lowered_text(view)[clause.start : clause.end]
    content = mentions_strict_content(view, text)
    if _CONFIDENTIAL_ONLY.search(text) and not content:
        return
    if CUSTOMER_CONTROLS.regex.search(text) and content:
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            CUSTOMER_CONTROLS,
            [clause],
            "The customer controls how long its content is kept.",
        )
        return
    if OPEN_ENDED.regex.search(text) and (content or _KEEP_VERB.search(text)):
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            OPEN_ENDED,
            [clause],
            "Retention is open-ended (as long as needed, or deletion not promised).",
        )
        return
    rule = re.split(r"\b(?:unless|except|provided\s+that|other\s+than)\b", text, maxsplit=1)[0]
    if not content or _MODERATION.search(_ABUSE_MONITORING_PURPOSE.sub(" ", rule)):
        return
    delete_verb = _promised_verb(view, text, _DELETE_VERB)
    keep_verb = None if delete_verb else _promised_verb(view, text, _KEEP_VERB)
    if delete_verb is None and keep_verb is None:
        if (
            ZERO_RETENTION.regex.search(text)
            and not _NOT_A_LIMIT.search(text)
            and not _NOT_UNCONDITIONAL.search(text)
        ):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                ZERO_RETENTION,
                [clause],
                "Customer content is not stored beyond processing.",
            )
        return
    period = FIXED.regex.search(text)
    termination = AFTER_TERMINATION.regex.search(text) or (
        _HEADING_TERMINATION.search(clause.heading) and delete_verb
    )
    if (delete_verb and (termination or ON_REQUEST.regex.search(text))) and not _customer_content(
        view, text + " " + _last_heading(clause)
    ):
        return
    if delete_verb and termination:
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            AFTER_TERMINATION,
            [clause],
            "Customer content is deleted or returned when the contract ends.",
        )
        return
    if delete_verb and ON_REQUEST.regex.search(text):
        score = ON_REQUEST.score if period or re.search(r"\b(?:will|shall|must)\b", text, re.I) else 0.65
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            ON_REQUEST,
            [clause],
            "Content is kept until the customer deletes it, and then deleted.",
            score=score,
        )
        return
    if keep_verb and not period and _KEPT_UNTIL_CUSTOMER_ENDS.search(text, keep_verb.end()):
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            ON_REQUEST,
            [clause],
            "Content is kept until the customer deletes it or closes the account.",
            score=0.7,
        )
        return
    if period and not _NOT_A_LIMIT.search(text):
        score = 0.6 if _OPTIONAL_MODE.search(text) else FIXED.score
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            FIXED,
            [clause],
            "Customer content is kept no longer than a stated period.",
            score=score,
        )


# Deletion at the end that is only permitted, or use that may continue: deletion not promised.
OPTIONAL_DELETION = Pattern.of(
    "deletion at the end only optional",
    r"\b(?:upon|after|following|on)\s+(?:the\s+)?(?:termination|expiration|expiry|cancellation|end)\b[^.;]{0,160}?\bmay\s+(?:\w+\s+){0,4}?"
    r"(?:continue\s+to\s+(?:use|retain|store|keep|hold)|delete|remove|erase|destroy)\b",
    Retention.UNSPECIFIED,
    0.45,
)
OPTIONAL_DELETION = replace(OPTIONAL_DELETION, regex=compile_lower(OPTIONAL_DELETION.regex.pattern))


def detect(view: DocumentView) -> Iterator[Hit]:
    for clause in keyword_clauses(view, CANDIDATE):
        yield from _patterns_in(view, clause)
        text = lowered_text(view)[clause.start : clause.end]
        if OPTIONAL_DELETION.regex.search(text) and view.mentions_content(text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                OPTIONAL_DELETION,
                [clause],
                "Deletion when the contract ends is only permitted, not promised.",
                supporting=True,
            )


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    limits = [h for h in hits if h.position != Retention.UNSPECIFIED]
    open_ended = [h for h in hits if h.position == Retention.UNSPECIFIED]
    if open_ended and limits and max(h.confidence for h in limits) <= ZERO_RETENTION.score:
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
