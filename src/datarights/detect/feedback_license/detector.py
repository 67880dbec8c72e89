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

## References
spec/questions.md (feedback_license and the "except Feedback" example).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.detect.base import Detector, Pattern, make_hit, pattern_hit
from datarights.detect.findings import Basis, Hit, Precedence
from datarights.detect.language import (
    Clause,
    DocumentView,
    compile_,
    customer_restricted,
    keyword_clauses,
    negated_before,
    register_keywords,
    terms_covering,
)
from datarights.detect.questions import QuestionId, YesNo

QUESTION = QuestionId.FEEDBACK_LICENSE
NAME = "feedback_license@1"

_TOPIC = r"(?:services?|products?|platform|software|site|websites?|apps?|tools?|models?|features?|improvements?|us|[A-Z]\w+)"
FEEDBACK_NOUN = compile_(
    r"\bfeedback\b"
    r"|\b(?:suggestions?|ideas?|comments?|recommendations?|proposals?)\s+(?:\w+\s+){0,3}?(?:for|about|regarding|relating\s+to|related\s+to|concerning|on|to\s+improve)\s+"
    r"(?:\w+\s+){0,2}?" + _TOPIC + r"\b"
    r"|\bsuggestions?\s*,?\s+(?:or|and|and/or)\s+(?:other\s+)?(?:ideas|feedback|comments|recommendations|enhancement\s+requests)\b"
    r"|\b(?:ideas?|comments?)\s*,?\s+(?:or|and|and/or)\s+suggestions\b|\b(?:comments|ideas|questions),\s+suggestions\b"
    r"|\benhancement\s+requests?\b|\bunsolicited\s+(?:ideas|submissions|materials)\b"
)

KEYWORDS = register_keywords(
    "feedback_license",
    r"\b(?:feedback|suggestion|idea|comment|recommendation|proposal|enhancement\s+request|unsolicited)",
    ("feedback", "suggestion", "idea", "comment", "recommendation", "proposal", "enhancement", "unsolicited"),
)

FREE_LICENCE = Pattern.of(
    "free use of feedback",
    r"\bwithout\s+(?:any\s+)?(?:restriction|limitation|obligation|compensation|attribution|payment|charge|remuneration|royalt(?:y|ies)|acknowledg\w*|notice|liability|duty)"
    r"|\bfree(?:ly)?\s+(?:to\s+)?(?:use|incorporate|exploit|implement|disclose)|\bfreely\b|\broyalty[\s-]+free\b|\bfully[\s-]+paid\b|\bperpetual\b|\birrevocable\b"
    r"|\bfor\s+any\s+(?:and\s+all\s+)?(?:purpose|reason)|\bunrestricted\b|\bno\s+(?:obligation|compensation|duty)"
    r"|\b(?:hereby\s+)?assigns?\b[^.;]{0,80}\b(?:right|title|interest)|\b(?:our|the\s+\w+[’']s)\s+(?:sole\s+and\s+exclusive\s+|exclusive\s+|sole\s+)?property\b"
    r"|\bowned\s+by\s+(?!you\b|the\s+customer\b|customer\b|users?\b)(?:us|[A-Z]\w+)"
    r"|\bnot\s+(?:be\s+)?(?:confidential|proprietary)\b|\bnon[\s-]?confidential\b|\bexploit\w*\b",
    YesNo.YES,
    0.9,
    Precedence.SPECIFIC,
)
USED_TO_IMPROVE = Pattern.of(
    "feedback used to improve or train",
    r"\b(?:use|uses|used|using|process|processes|review|reviews|analy[sz]e|act\s+on|incorporate|implement)\b[^.;]{0,140}?\b(?:improv\w*|develop\w*|train\w*|enhanc\w*|better"
    r"|accura\w*|research|provide,?\s+maintain)",
    YesNo.YES,
    0.7,
)
LICENCE_GRANT = Pattern.of(
    "licence granted over feedback",
    r"\b(?:grant|grants|granting)\b[^.;]{0,120}\b(?:licen[cs]e|right)s?\b|\b(?:we|you\s+agree\s+that\s+we)\s+may\s+(?:\w+\s+){0,2}?(?:use|act\s+on|incorporate|implement|share)\b",
    YesNo.YES,
    0.75,
)
CONFIDENTIAL_FEEDBACK = Pattern.of(
    "feedback kept confidential or used only with consent",
    r"\b(?:treat|treated|keep|kept|remain|remains)\b[^.;]{0,40}\b(?:your|customer[’']?s?|the\s+customer[’']?s?|licensee[’']?s?)\s+confidential\b"
    r"|\bconfidential\s+information\s+of\s+(?:you|customer|the\s+customer)\b|\bonly\s+with\s+(?:your|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|permission)"
    r"|\b(?:customer|you)\s+(?:retains?|owns?)\b[^.;]{0,40}\bfeedback\b",
    YesNo.NO,
    0.8,
    Precedence.EXCEPTION,
)
_EXCLUDED = compile_(
    r"\b(?:exclud\w*|not\s+include|other\s+than|but\s+not)\b[^.;]{0,30}\b(?:feedback|suggestions?)\b"
)
_PURPOSE = compile_(
    r"\b(?:improv\w*|develop\w*|train\w*|research|enhanc\w*|any\s+purpose|exploit\w*|commerciali[sz]\w*)"
)
_CONTENT_USE = compile_(
    r"\b(?:use|uses|using|licen[cs]e|process|processes|analy[sz]e)\b[^;]{0,220}?\b(?:improv\w*|develop\w*|train\w*|research|enhanc\w*|any\s+purpose|exploit\w*|commerciali[sz]\w*)"
)


_CUSTOMER_SUBJECT = compile_(
    r"\b(?:you|customer|the\s+customer|users?|licensee)\s+(?:\w+\s+){0,2}?(?:may|can|shall|will|must|agree\s+to|are\s+(?:free|permitted|allowed)\s+to)\s+(?:\w+\s+)?$"
)


def _provider_acts(view: DocumentView, clause: Clause, text: str, at: int) -> bool:
    """Is the use at `at` (an offset into `text`) the provider's, not a use the customer may make or is barred from?"""
    if at < len(clause.text) and customer_restricted(clause, clause.start + at):
        return False
    head = re.split(r"[;,]", text[max(0, at - 60) : at])[-1]
    return not _CUSTOMER_SUBJECT.search(head)


def detect(view: DocumentView) -> Iterator[Hit]:
    seen: set[int] = set()
    for clause in keyword_clauses(view, KEYWORDS):
        if clause.index in seen or not FEEDBACK_NOUN.search(clause.text):
            continue
        seen.add(clause.index)
        # A feedback clause often continues in the next sentence ("… We may use it freely.").
        following = view.neighbours(clause, before=0, after=1)
        nxt = following[1] if len(following) > 1 else None
        joined = [clause]
        if (
            nxt is not None
            and re.match(
                r"\s*(?:\W{0,3})(?:we|it|they|such|this|that|any\s+such|[A-Z]\w+\s+may)\b",
                nxt.text,
                re.IGNORECASE,
            )
            and not FEEDBACK_NOUN.search(nxt.text)
        ):
            joined.append(nxt)
            seen.add(nxt.index)
        text = " ".join(c.text for c in joined)
        if _EXCLUDED.search(clause.text):
            continue  # "“Input” … excludes Feedback": a definition that keeps feedback out
        if CONFIDENTIAL_FEEDBACK.regex.search(text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                CONFIDENTIAL_FEEDBACK,
                joined,
                "Feedback is kept confidential or used only with the customer's consent.",
            )
            continue
        for pattern, rationale in (
            (FREE_LICENCE, "The provider may use feedback freely, without restriction or compensation."),
            (LICENCE_GRANT, "The customer grants the provider a licence to use feedback."),
            (
                USED_TO_IMPROVE,
                "Feedback the customer submits is used to improve the provider's services or models.",
            ),
        ):
            found = pattern.regex.search(text)
            if found is None:
                continue
            if negated_before(text, found.start(), window=30) and pattern is not FREE_LICENCE:
                continue
            verb = re.search(
                r"\b(?:use|uses|used|exploit|incorporate|act\s+on|implement|grants?|assigns?)\b", text
            )
            if not _provider_acts(view, clause, text, verb.start() if verb else found.start()):
                continue
            yield pattern_hit(view, QUESTION, NAME, pattern, joined, rationale)
            break
    yield from _through_definitions(view)


def _through_definitions(view: DocumentView) -> Iterator[Hit]:
    """Feedback folded into a defined content term ("Prompts, Outputs and Feedback, collectively “Content”")
    that the provider may use to improve, develop or research."""
    terms = terms_covering(view, r"feedback") - {"feedback"}
    if not terms:
        return
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    term_re = compile_(r"\b(?:" + alternatives + r")\b")
    definition = next(
        iter(view.clauses_matching(compile_(r"\bfeedback\b[^.]{0,120}?[“\"](?:" + alternatives + r")[”\"]"))),
        None,
    )
    seen: set[int] = set()
    for clause, _ in view.search(term_re):
        if clause.index in seen:
            continue
        seen.add(clause.index)
        # "Meta uses Content … including:" followed by the list of purposes.
        items = (
            view.neighbours(clause, before=0, after=3) if clause.text.rstrip().endswith(":") else (clause,)
        )
        text = " ".join(c.text for c in items)
        use = _CONTENT_USE.search(text)
        if use is None or negated_before(text, use.start(), window=40):
            continue
        if use.start() < len(clause.text) and customer_restricted(clause, clause.start + use.start()):
            continue
        if _CUSTOMER_SUBJECT.search(text[max(0, use.start() - 60) : use.start()]):
            continue
        purpose = next((c for c in items[1:] if _PURPOSE.search(c.text)), None) if len(items) > 1 else None
        evidence = [c for c in (definition, clause, purpose) if c is not None]
        evidence = list({c.index: c for c in evidence}.values())
        yield make_hit(
            view,
            QUESTION,
            NAME,
            "feedback within a content term the provider may use",
            YesNo.YES,
            0.6,
            evidence,
            "Feedback is part of a defined content term that the provider may use for its own purposes.",
            basis=Basis.DEFINED_TERM,
        )
        return


DETECTOR = Detector(QUESTION, 1, detect)
