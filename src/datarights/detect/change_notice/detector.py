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

## References
spec/questions.md (change_notice); FTC, "AI (and other) companies: quietly
changing your terms of service could be unfair or deceptive" (2024).
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
    keyword_clauses,
    lowered_text,
    register_keywords,
)
from datarights.detect.questions import ChangeNotice, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank

QUESTION = QuestionId.CHANGE_NOTICE
NAME = "change_notice@1"

_DOC = (
    r"(?:terms(?:\s+of\s+(?:service|use))?|agreement|(?:privacy\s+)?polic(?:y|ies)|(?:privacy\s+)?statement|(?:privacy\s+)?notice|addendum"
    r"|conditions|DPA|guidelines|rules|EULA|contract)"
)
_THIS_DOC = r"(?:(?:these|this|the|our|such|any)\s+(?:\w+\s+){0,3}?" + _DOC + r"|" + _DOC + r")"
_CHANGE = r"(?:updat\w*|chang\w*|modif\w*|amend\w*|revis\w*|replac\w*|vary|varies|varied|variations?|evolve)"
CANDIDATE = register_keywords(
    "change_notice",
    r"\b" + _CHANGE + r"\b|\b(?:reduce|diminish)\w*\s+(?:\w+\s+){0,2}?rights\b",
    (
        "updat",
        "chang",
        "modif",
        "amend",
        "revis",
        "replac",
        "vary",
        "varies",
        "varied",
        "variation",
        "evolve",
        "reduc",
        "diminish",
    ),
)

SIGNED_AMENDMENT = Pattern.of(
    "amendment only in a writing both parties sign",
    r"\b(?:amend\w*|modif\w*|chang\w*|vari\w*|supplement\w*|waiv\w*)\b[^.;]{0,200}?\b(?:signed|executed|agreed|accepted|assented)"
    r"(?:\s+(?:or|and|and/or)\s+(?:electronically\s+)?(?:signed|executed|agreed|accepted|assented))?\s+(?:to\s+)?(?:in\s+writing\s+)?(?:by|on\s+behalf\s+of)\s+(?:(?:an?\s+)?(?:duly\s+)?authori[sz]ed\s+(?:representatives?|officers?|signator\w*)\s+of\s+)?"
    r"(?:both|each|all\s+(?:of\s+)?(?:the\s+)?|the)\s*part(?:y|ies)"
    r"|\b(?:amend\w*|modif\w*)\b[^.;]{0,120}?\b(?:mutual(?:ly)?\s+(?:written\s+)?(?:agreement|agreed|consent)|(?:written\s+)?agreement\s+of\s+(?:both|the)\s+parties|mutually\s+(?:be\s+)?(?:determined|agreed))"
    r"|\b(?:signed|executed)\s+by\s+(?:you|customer|the\s+customer)\s+and\s+(?:us|provider|the\s+provider|\w+)\b[^.;]{0,40}",
    ChangeNotice.CONSENT_REQUIRED,
    0.8,
    Precedence.GENERAL,
)
CONSENT_FOR_CHANGE = Pattern.of(
    "change needs the customer's consent",
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:reduce|diminish|limit|restrict|weaken)\w*\s+(?:\w+\s+){0,3}?rights?\b[^.;]{0,80}\bwithout\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|agreement|permission|approval)"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\b(?:will\s+not|shall\s+not|won[’']t|do(?:es)?\s+not)\s+(?:apply|take\s+effect|be\s+effective|bind)\b[^.;]{0,60}\b(?:unless|until)\s+(?:you|customer|the\s+customer)\s+(?:\w+\s+){0,2}?(?:agree|agrees|accept|accepts|consent|consents|opt|opts|sign|signs)"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\b(?:require|requires|need|needs|subject\s+to)\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|agreement|approval|opt-?in|acceptance)"
    r"|\b"
    + _CHANGE
    + r"\b[^.;]{0,120}\bonly\s+(?:take\s+effect\s+|apply\s+|be\s+effective\s+|become\s+effective\s+)?(?:with|after|upon)\s+(?:your|the\s+customer[’']?s?|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|agreement|approval|opt-?in)",
    ChangeNotice.CONSENT_REQUIRED,
    0.9,
    Precedence.EXCEPTION,
)
ADVANCE_NOTICE = Pattern.of(
    "notice before changes take effect",
    r"\b(?:at\s+least\s+|no\s+less\s+than\s+|not\s+less\s+than\s+|minimum\s+of\s+)?"
    + PERIOD
    + r"\s*(?:[’']\s*)?(?:\w+\s+){0,3}?(?:prior|advance|in\s+advance|before|notice)"
    r"|\b(?:advance|prior|reasonable\s+advance|advanced)\s+(?:written\s+)?notice\b"
    r"|\b(?:notify|notice|inform|tell|email|alert|let\s+you\s+know)\b[^.]{0,160}?\bbefore\s+(?:they|it|the\s+(?:\w+\s+)?(?:changes?|updates?|revisions?|modifications?|terms|policy)|such\s+(?:\w+\s+)?(?:changes?|updates?|modifications?|revisions?)|any\s+changes?)\s+(?:\w+\s+)?(?:take|takes|go|goes|become|becomes|come|comes|enter|enters)\s+(?:into\s+)?(?:effect|effective|force)"
    r"|\b(?:notify|notice|inform|tell|let\s+you\s+know)\b[^.;]{0,60}?\b(?:ahead\s+of\s+time|in\s+advance)\b"
    r"|\b(?:effective|take\s+effect|apply)\s+(?:only\s+)?(?:after|following)\s+(?:we\s+(?:send|give|provide)\s+(?:you\s+)?)?(?:written\s+)?(?:notice|notification)\b"
    r"|\b(?:become|becomes|take|takes)\s+(?:effective|effect)\s+(?:up)?on\s+(?:the\s+)?(?:next\s+)?renewal\b"
    r"|\b(?:effective|take\s+effect|come\s+into\s+(?:effect|force))\s+(?:\w+\s+){0,2}?"
    + PERIOD
    + r"\s+(?:after|following|from)\s+(?:we|the\s+date|the\s+posting|posting|notice|notification|our|they|it|being)"
    r"|\b(?:post|publish)\w*\s+(?:\w+\s+){0,4}?(?:at\s+least\s+)?" + PERIOD + r"\s+before\b"
    r"|\bopportunity\s+to\s+review\b[^.;]{0,80}\bbefore\b",
    ChangeNotice.ADVANCE_NOTICE,
    0.85,
    Precedence.SPECIFIC,
)
POSTING = Pattern.of(
    "changes by posting or continued use",
    r"\b(?:post|posting|posted|publish\w*|updat\w+\s+the\s+[\"“‘']?(?:last\s+updated|effective|revision)|effective\s+(?:date|immediately|upon|when|as\s+of)|last\s+(?:updated|modified|revised)"
    r"|continu\w+\s+(?:to\s+)?(?:use|access|using)|at\s+any\s+time|from\s+time\s+to\s+time|sole\s+discretion|without\s+(?:prior\s+)?notice)\b",
    ChangeNotice.POSTING_ONLY,
    0.7,
)
NOTICE_IF_REQUIRED = Pattern.of(
    "notice only where the law requires it",
    r"\b(?:if|where|when|as|to\s+the\s+extent)\s+(?:\w+\s+){0,2}?(?:legally\s+)?required(?:\s+by\s+(?:applicable\s+)?law)?\b",
    ChangeNotice.POSTING_ONLY,
    0.75,
    Precedence.SPECIFIC,
)

# Notice of a change only where and as the law prescribes: no notice of the provider's own.
NOTICE_BY_LAW = Pattern.of(
    "notice of changes only as the law prescribes",
    r"\bnotice\b[^.;]{0,80}?\b(?:pursuant\s+to|required\s+by|prescribed\s+by|as\s+required\s+by|under)\s+(?:applicable\s+)?laws?\b",
    ChangeNotice.POSTING_ONLY,
    0.5,
)
NOTICE_BY_LAW = replace(NOTICE_BY_LAW, regex=compile_lower(NOTICE_BY_LAW.regex.pattern))

# The provider changes the document ("we may update these Terms", "this Agreement may be updated").
_OBJECT = (
    r"(?:(?:these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    + r"|the\s+(?:terms(?:\s+of\s+(?:service|use))?|agreement|privacy\s+(?:policy|statement|notice)|DPA))"
)
_UNILATERAL = compile_(
    r"\b(?:may|might|will|can|could|shall|right|reserves?|we|need\s+to|intend\s+to)\b[^.;]{0,40}?\b"
    + _CHANGE
    + r"\s+(?:\w+\s+){0,3}?"
    + _OBJECT
    + r"\b"
    r"|\b(?:our|these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    + r"\s+(?:may|will|might)\s+(?:also\s+)?"
    + _CHANGE
    + r"\s*[.;]"
    r"|\b(?:these|this)\s+(?:\w+\s+){0,2}?"
    + _DOC
    + r"\s+(?:\w+\s+){0,3}?(?:may|will|might|can|is\s+subject\s+to)\s+(?:\w+\s+){0,2}?"
    + _CHANGE
    + r"\b[^.;]{0,60}?\b(?:from\s+time\s+to\s+time|at\s+any\s+time|periodically|by\s+(?:us|posting)|at\s+(?:our|its)\s+(?:sole\s+)?discretion)"
    + r"|\b(?:changes?|updates?|modifications?|revisions?)\s+(?:\w+\s+){0,2}?to\s+"
    + _OBJECT
    + r"\b"
    r"|\b(?:post|publish)\w*\s+(?:the\s+|a\s+)?(?:revised|updated|amended|modified|new)\s+(?:version\s+of\s+)?(?:these\s+|this\s+|the\s+|our\s+)?"
    + _DOC
    + r"\b"
    r"|\b(?:our|these|the)\s+(?:rules|policies)\s+(?:will|may)\s+(?:\w+\s+)?(?:evolve|change)"
    r"|\b(?:we|the\s+provider)\s+(?:\w+\s+)?"
    + _CHANGE
    + r"\s+(?:our|these|this)\s+(?:rules|polic(?:y|ies)|terms|statement)"
)
_NOT_THE_TERMS = compile_(
    r"\b"
    + _CHANGE
    + r"\s+(?:\w+\s+){0,2}?(?:to\s+)?(?:the\s+|our\s+|any\s+)?(?:services?|service\s+levels?|SLAs?|features?|functionality|products?|fees|prices?|pricing|rates|sub-?processors?"
    r"|subcontractors?|models?|apps?|software|platform|settings|content|data|passwords?|account|information|preferences|billing)\b"
    r"|\b(?:services?|features?|fees|prices|sub-?processors?)\s+(?:\w+\s+){0,2}?(?:may|will)\s+(?:\w+\s+)?(?:be\s+)?"
    + _CHANGE
)
_CHANGE_HEADING = compile_(r"\b(?:chang\w*|updat\w*|modif\w*|amend\w*|revis\w*)\b")


_DOC_OR_CONSENT = compile_(
    r"\b(?:"
    + _DOC
    + r"|hereof|hereto|herein|consent|signed|executed|writing|notice|notif\w*|post\w*|publish\w*|effective)\b"
)


# "If we materially change these terms or if we are legally required to": the law is one trigger of the
# notice among others, so the notice is not given only where the law requires it.
_ALTERNATIVE_CONDITION = compile_(r"\b(?:or|and)\s+$")


# Case-insensitive matching on the lower-cased text is several times faster than re.IGNORECASE.
SIGNED_AMENDMENT = replace(SIGNED_AMENDMENT, regex=compile_lower(SIGNED_AMENDMENT.regex.pattern))
CONSENT_FOR_CHANGE = replace(CONSENT_FOR_CHANGE, regex=compile_lower(CONSENT_FOR_CHANGE.regex.pattern))
ADVANCE_NOTICE = replace(ADVANCE_NOTICE, regex=compile_lower(ADVANCE_NOTICE.regex.pattern))
POSTING = replace(POSTING, regex=compile_lower(POSTING.regex.pattern))
NOTICE_IF_REQUIRED = replace(NOTICE_IF_REQUIRED, regex=compile_lower(NOTICE_IF_REQUIRED.regex.pattern))
_UNILATERAL = compile_lower(_UNILATERAL.pattern)
_DOC_OR_CONSENT = compile_lower(_DOC_OR_CONSENT.pattern)


def _about_terms(view: DocumentView, clause: Clause, unilateral: dict[int, bool]) -> bool:
    """Does this clause (or the section it sits in) speak of changing the document itself?"""
    text = lowered_text(view)[clause.start : clause.end]

    def is_unilateral(c: Clause) -> bool:
        if c.index not in unilateral:
            low = lowered_text(view)[c.start : c.end]
            unilateral[c.index] = bool(_DOC_OR_CONSENT.search(low)) and bool(_UNILATERAL.search(low))
        return unilateral[c.index]

    if not _DOC_OR_CONSENT.search(text):
        return False
    if is_unilateral(clause) or SIGNED_AMENDMENT.regex.search(text) or CONSENT_FOR_CHANGE.regex.search(text):
        return True
    if not re.search(
        r"\b(?:changes?|updates?|updated|modifications?|modified|revisions?|revised|amendments?|amended)\b",
        text,
        re.I,
    ):
        return False
    heading = clause.heading.rsplit(" / ", 1)[-1]
    if _CHANGE_HEADING.search(heading) and re.search(r"\b" + _DOC + r"\b", heading, re.I):
        return True
    return any(is_unilateral(c) for c in view.neighbours(clause, before=6, after=0)[:-1])


def detect(view: DocumentView) -> Iterator[Hit]:
    unilateral_cache: dict[int, bool] = {}
    for clause in keyword_clauses(view, CANDIDATE):
        text = lowered_text(view)[clause.start : clause.end]
        if not _about_terms(view, clause, unilateral_cache):
            continue
        if not re.search(
            r"\b(?:terms|agreement|polic(?:y|ies)|statement|addendum|DPA|EULA|contract)\b", text, re.I
        ) and _NOT_THE_TERMS.search(text):
            continue  # "advance notice of changes to any service level": the service, not the terms
        unilateral = _UNILATERAL.search(text)
        if unilateral and (
            re.search(r"\b(?:not|never|no)\b", unilateral.group(0), re.I)
            or re.search(
                r"\b(?:parties|either\s+party|each\s+party)\b[^.;]{0,40}$",
                text[: unilateral.start() + 20],
                re.I,
            )
        ):
            unilateral = None
            if not (SIGNED_AMENDMENT.regex.search(text) or CONSENT_FOR_CHANGE.regex.search(text)):
                continue
        if (
            unilateral
            and _NOT_THE_TERMS.search(text[unilateral.start() : unilateral.end() + 10])
            and not re.search(r"\b(?:these|this)\s+(?:\w+\s+){0,2}?" + _DOC, unilateral.group(0), re.I)
        ):
            continue
        if CONSENT_FOR_CHANGE.regex.search(text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                CONSENT_FOR_CHANGE,
                [clause],
                "Changes that matter to the customer need its consent.",
            )
            continue
        signed = SIGNED_AMENDMENT.regex.search(text)
        if signed and ADVANCE_NOTICE.regex.search(text[signed.end() :]):
            # "No amendment except by mutual agreement; provided that Customer will be notified 30 days in advance …"
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                ADVANCE_NOTICE,
                [clause],
                "Amendments are notified in advance under a proviso to the amendment clause.",
                precedence=Precedence.EXCEPTION,
            )
            continue
        if signed and not re.search(
            r"\bexcept\s+(?:as\s+)?(?:\w+\s+){0,3}?(?:provided|set\s+forth|stated|described)|\bsubject\s+to\s+section\b",
            text,
            re.I,
        ):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                SIGNED_AMENDMENT,
                [clause],
                "The terms change only by a written amendment both parties sign.",
            )
            continue
        advance = ADVANCE_NOTICE.regex.search(text)
        if advance:
            conditional = NOTICE_IF_REQUIRED.regex.search(text)
            if (
                conditional
                and abs(conditional.start() - advance.start()) < 120
                and not _ALTERNATIVE_CONDITION.search(
                    text[max(0, conditional.start() - 12) : conditional.start()]
                )
            ):
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    NOTICE_IF_REQUIRED,
                    [clause],
                    "Advance notice is given only where the law requires it.",
                )
            else:
                yield pattern_hit(
                    view,
                    QUESTION,
                    NAME,
                    ADVANCE_NOTICE,
                    [clause],
                    "The provider must give notice before changes take effect.",
                )
            continue
        if not unilateral and NOTICE_BY_LAW.regex.search(text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                NOTICE_BY_LAW,
                [clause],
                "Notice of a change is given only in the way the law requires.",
                supporting=True,
            )
            continue
        if unilateral or POSTING.regex.search(text):
            score = (
                POSTING.score if POSTING.regex.search(text) or NOTICE_IF_REQUIRED.regex.search(text) else 0.6
            )
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                POSTING,
                [clause],
                "The provider may change the terms by posting them, without advance notice.",
                score=score,
            )


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(QUESTION, NAME, "The document does not say how it can be changed.", 0.7)
    by_pattern: dict[str, list[Hit]] = {}
    for hit in hits:
        by_pattern.setdefault(hit.pattern, []).append(hit)
    if CONSENT_FOR_CHANGE.name in by_pattern:
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.CONSENT_REQUIRED,
            by_pattern[CONSENT_FOR_CHANGE.name],
            "Changes that reduce the customer's rights need its consent.",
        )
    unilateral = [h for h in hits if h.position in (ChangeNotice.ADVANCE_NOTICE, ChangeNotice.POSTING_ONLY)]
    if SIGNED_AMENDMENT.name in by_pattern and all(h.confidence <= 0.6 for h in unilateral):
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.CONSENT_REQUIRED,
            hits,
            "The terms change only by a written amendment both parties sign.",
        )
    if ADVANCE_NOTICE.name in by_pattern:
        # The power to change and "continued use means acceptance" in the same clause frame the notice.
        sections = {e.section for h in by_pattern[ADVANCE_NOTICE.name] for e in h.evidence}
        framing = [
            h
            for h in hits
            if h.position == ChangeNotice.POSTING_ONLY and h.evidence and h.evidence[0].section in sections
        ]
        return answer_from(
            QUESTION,
            NAME,
            ChangeNotice.ADVANCE_NOTICE,
            by_pattern[ADVANCE_NOTICE.name] + framing,
            "The provider may change the terms after notice given before the changes take effect.",
            also=frozenset({ChangeNotice.POSTING_ONLY}),
        )
    best = max(unilateral, key=rank)
    return answer_from(
        QUESTION,
        NAME,
        best.position,
        unilateral,
        "The provider may change the terms by posting them, without advance notice.",
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
