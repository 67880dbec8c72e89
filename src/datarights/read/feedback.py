"""Reading statements about feedback and suggestions into clause frames.

A feedback clause is read for who may use the feedback (the provider, or the customer — a restriction
on the customer is no licence to the provider), how (a licence or assignment granted, a use to improve
or train), how broadly (perpetual, irrevocable, royalty-free, without restriction or compensation, for
any purpose, non-confidential: `Condition.UNRESTRICTED`) and whether it is protected instead (kept as the
customer's confidential information, used only with its consent: a negated licence). "Feedback will
not be Confidential Information" takes a protection away; it is never one. A definition that keeps
feedback out of a content term ("Input … excludes Feedback") yields no frame, and feedback folded into
a defined content term is read through that term. `detect/feedback_license` decides over the frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from datarights.read.model import Action, Actor, ClauseFrame, Condition, DataKind, Unit
from datarights.read.patterns import NamedPattern, compile_, compile_lower
from datarights.read.view import (
    Clause,
    TextView,
    keyword_clauses,
    lowered_text,
    register_keywords,
    terms_covering,
)
from datarights.read.vocab.actors import customer_restricted
from datarights.read.vocab.modality import modality_before
from datarights.read.vocab.negation import negated_before

# a product by name ("suggestions for Acme"); case-sensitive, or "suggestions for all of our users" would qualify
_TOPIC = r"(?:services?|products?|platform|software|site|websites?|apps?|tools?|models?|features?|improvements?|us|(?-i:[A-Z])\w+)"
FEEDBACK_NOUN = compile_(
    r"\bfeedback\b"
    r"|\b(?:suggestions?|ideas?|comments?|recommendations?|proposals?)\s+(?:\w+\s+){0,3}?(?:for|about|regarding|relating\s+to|related\s+to|concerning|on|to\s+improve)\s+"
    r"(?:\w+\s+){0,2}?" + _TOPIC + r"\b"
    r"|\bsuggestions?\s*,?\s+(?:or|and|and/or)\s+(?:other\s+)?(?:ideas|feedback|comments|recommendations|enhancement\s+requests)\b"
    r"|\b(?:ideas?|comments?)\s*,?\s+(?:or|and|and/or)\s+suggestions\b|\b(?:comments|ideas|questions),\s+suggestions\b"
    r"|\benhancement\s+requests?\b|\bunsolicited\s+(?:ideas|submissions|materials)\b"
    # Suggestions the customer sends the provider ("If you give us suggestions", "ideas you submit to us").
    r"|\b(?:send|give|submit|provide|make|offer)(?:s|ing)?\s+(?:us|provider|the\s+provider|company|the\s+company)\s+(?:with\s+)?(?:any\s+)?"
    r"(?:suggestions?|ideas?|comments?|recommendations?)\b"
    r"|\b(?:suggestions?|ideas?|comments?|recommendations?)\s+(?:that\s+)?(?:you\s+)?(?:send|give|submit|provide|make|offer)s?\s+(?:to\s+)?us\b"
    r"|\b(?:suggestions?|ideas?)\s+to\s+us\b"
    # "If you suggest improvements to the Service"; "Ideas, survey responses and other suggestions"
    r"|\bsuggest(?:s|ed|ing)?\s+(?:\w+\s+){0,2}?(?:improvements?|changes|features?|enhancements?)\b"
    r"|\b(?:ideas?|comments?|survey\s+responses?)\b[^.;]{0,60}?\b(?:and|or)\s+other\s+suggestions\b|\bproduct\s+ideas\b"
    # "If you share suggestions with us"
    r"|\b(?:share|shares|send|sends|submit|submits)\s+(?:any\s+|your\s+)?(?:suggestions?|ideas?|comments?|recommendations?)\s+(?:with|to)\s+(?:us|provider|the\s+provider|company)\b"
)

KEYWORDS = register_keywords(
    "feedback_license",
    r"\b(?:feedback|suggestion|idea|comment|recommendation|proposal|enhancement\s+request|unsolicited)",
    ("feedback", "suggestion", "idea", "comment", "recommendation", "proposal", "enhancement", "unsolicited"),
)

_WITHOUT = (
    r"\bwithout\s+(?:any\s+)?(?:expectation\s+of\s+(?:any\s+)?)?(?:restriction|limitation|obligation|compensation|attribution|payment|charge"
    r"|remuneration|royalt(?:y|ies)|acknowledg\w*|notice|liability|duty)"
)
FREE_LICENCE = NamedPattern.of(
    "free use of feedback",
    _WITHOUT
    + r"|\bfree(?:ly)?\s+(?:to\s+)?(?:use|incorporate|exploit|implement|disclose)|\bfreely\b|\broyalty[\s-]+free\b|\bfully[\s-]+paid\b|\bperpetual\b|\birrevocable\b"
    r"|\bfor\s+any\s+(?:and\s+all\s+)?(?:purpose|reason)|\bunrestricted\b|\bno\s+(?:obligation|compensation|duty)"
    r"|\b(?:hereby\s+)?assigns?\b[^.;]{0,80}\b(?:right|title|interest)|\b(?:our|the\s+\w+[’']s)\s+(?:sole\s+and\s+exclusive\s+|exclusive\s+|sole\s+)?property\b"
    r"|\bowned\s+by\s+(?!you\b|the\s+customer\b|customer\b|users?\b)(?:us|[A-Z]\w+)"
    # "Feedback will not be considered Confidential Information": no protection, a free use.
    r"|\bnot\s+(?:be\s+)?(?:considered|deemed|treated\s+as)?\s*(?:as\s+)?(?:your\s+|customer[’']?s?\s+|the\s+customer[’']?s?\s+)?(?:confidential|proprietary)\b"
    r"|\bnon[\s-]?confidential\b|\bexploit\w*\b"
    # "we can use them however we like, and we don't owe you anything for them"
    r"|\b(?:may|can|free\s+to)\s+use\s+(?:them|it|that|such\s+\w+|(?:your\s+)?(?:feedback|suggestions|ideas))\s+"
    r"(?:however|in\s+any\s+(?:way|manner)|any\s+way|as\s+(?:we|it)\s+(?:see|sees)\s+fit)\b"
    r"|\b(?:don[’']t|do\s+not|does\s+not|doesn[’']t|won[’']t|will\s+not)\s+owe\s+you\b|\bowe\s+you\s+nothing\b"
    r"|\bfree\s+of\s+charge\b|\bat\s+no\s+(?:cost|charge)\b"
    # plain words: "use them however we like, without paying you or giving you credit"
    r"|\bwithout\s+(?:paying|compensating|crediting|attributing|giving\s+(?:you|customer)\s+(?:any\s+)?credit)\b"
    r"|\bhowever\s+(?:we|it)\s+(?:like|likes|wish|wishes|choose|chooses|want|wants|see\s+fit|sees\s+fit)\b"
    r"|\bin\s+any\s+(?:way|manner)\s+(?:we|it)\s+(?:like|likes|choose|chooses|want|wants|wish|wishes|see\s+fit|sees\s+fit)\b"
    r"|\bas\s+(?:we|it)\s+(?:see|sees)\s+fit\b",
    0.9,
)
USED_TO_IMPROVE = NamedPattern.of(
    "feedback used to improve or train",
    r"\b(?:use|uses|used|using|process|processes|review|reviews|analy[sz]e|act\s+on|incorporate|implement)\b[^.;]{0,140}?"
    # The purpose is what the use is for ("to improve", "for research"); a purpose word in a document's
    # name ("our Research Privacy Notice") is none.
    r"\b(?:to|for|in)\s+(?:[\w,]+\s+){0,3}?(?:improv\w*|develop\w*|train\w*|enhanc\w*|better|accura\w*|research|provide,?\s+maintain)\b"
    r"(?!\s+(?:\w+\s+)?(?:notice|policy|statement|terms)\b)",
    0.7,
)
LICENCE_GRANT = NamedPattern.of(
    "licence granted over feedback",
    r"\b(?:grant|grants|granting)\b[^.;]{0,120}\b(?:licen[cs]e|right)s?\b|\b(?:we|you\s+agree\s+(?:that\s+)?we)\s+(?:may|can)\s+(?:\w+\s+){0,2}?(?:use|act\s+on|incorporate|implement|share)\b",
    0.75,
)
CONFIDENTIAL_FEEDBACK = NamedPattern.of(
    "feedback kept confidential or used only with consent",
    r"\b(?:treat|treated|keep|kept|remain|remains)\b[^.;]{0,40}\b(?:your|customer[’']?s?|the\s+customer[’']?s?|licensee[’']?s?)\s+confidential\b"
    r"|\bconfidential\s+information\s+of\s+(?:you|customer|the\s+customer)\b|\bonly\s+with\s+(?:your|customer[’']?s?)\s+(?:\w+\s+)?(?:consent|permission)"
    r"|\b(?:customer|you)\s+(?:retains?|owns?)\b[^.;]{0,40}\bfeedback\b",
    0.8,
)
THROUGH_TERM = NamedPattern.of(
    "feedback within a content term the provider may use",
    r"\b(?:use|uses|using|licen[cs]e|process|processes|analy[sz]e)\b[^;]{0,220}?\b(?:improv\w*|develop\w*|train\w*|research|enhanc\w*|any\s+purpose|exploit\w*|commerciali[sz]\w*)"
    + r"|"
    + _WITHOUT,
    0.6,
)
NOT_CONFIDENTIAL = NamedPattern.of(
    "feedback excluded from confidential information",
    r"\bconfidential\s+information\b",
    0.9,
)
EXCEPTED = NamedPattern.of(
    "feedback excepted from a promise not to use content",
    r"\b(?:except|excluding|other\s+than|apart\s+from|save|but\s+not)\s+(?:for\s+)?(?:any\s+|your\s+|the\s+)?(?:\w+\s+){0,1}?feedback\b",
    0.7,
)
# A privacy notice's purpose of processing: feedback named among the personal data processed, under a
# legal basis (a purpose table row, a "legitimate interests" list), to improve services or features. The
# law limits that use (balancing test, right to object); it takes no free licence. Training models on
# feedback still counts (spec: the "except Feedback" exception).
PROCESSING_PURPOSE = NamedPattern.of(
    "feedback processed under a legal basis to improve services",
    r"\blegal\s+bas[ie]s\b|\blawful\s+bas[ie]s\b|\blegitimate\s+interests?\b|\bpurposes?\s+(?:of|for)\s+(?:the\s+)?processing\b",
    0.5,
)
_TRAINING = compile_(
    r"\b(?:train\w*|fine[\s-]?tun\w*|models?|machine[\s-]learning|algorithms?|artificial\s+intelligence)\b"
)
_PURPOSE_END = compile_(r"[.;|]|<br\s*/?>")
# Every named wording this reader puts into `ClauseFrame.wording` (the meta-test checks each is read in a case).
WORDINGS = (
    EXCEPTED,
    FREE_LICENCE,
    USED_TO_IMPROVE,
    PROCESSING_PURPOSE,
    LICENCE_GRANT,
    CONFIDENTIAL_FEEDBACK,
    THROUGH_TERM,
    NOT_CONFIDENTIAL,
)

_EXCLUDED = compile_(
    r"\b(?:exclud\w*|not\s+include|other\s+than|but\s+not)\b[^.;]{0,30}\b(?:feedback|suggestions?)\b"
)
_PURPOSE = compile_(
    r"\b(?:improv\w*|develop\w*|train\w*|research|enhanc\w*|any\s+purpose|exploit\w*|commerciali[sz]\w*)"
)
_CUSTOMER_SUBJECT = compile_(
    # ("you agree we can use them": the provider is the subject of "can")
    r"\b(?:you|customer|the\s+customer|users?|licensee)\s+(?:(?!(?:we|us|that)\b)\w+\s+){0,2}?(?:may|can|shall|will|must|agree\s+to|are\s+(?:free|permitted|allowed)\s+to)\s+(?!be\s)(?:\w+\s+)?$"
)
_CONTINUES = compile_(r"\s*(?:\W{0,3})(?:we|it|they|such|this|that|any\s+such|[A-Z]\w+\s+may)\b")
_VERB = re.compile(r"\b(?:use|uses|used|exploit|incorporate|act\s+on|implement|grants?|assigns?)\b")
# Suggestions or recommendations the provider makes ("to make recommendations to our customers") are
# its own output, not feedback it receives.
_GIVEN_BY_PROVIDER = compile_(
    r"\b(?:make|makes|making|give|gives|giving|offer|offers|offering|show|shows|showing|provide\s+you\s+with)\s+(?:you\s+)?(?:\w+\s+)?$"
)
_CUSTOMER_GIVES = compile_(
    r"\b(?:you|customers?|users?|licensees?|clients?)\s+(?:may\s+|can\s+|will\s+|should\s+|choose\s+to\s+|decide\s+to\s+)?"
    r"(?:make|makes|give|gives|offer|offers|provide|provides|show|shows)\s+(?:\w+\s+)?$"
)


def _given_by_provider(head: str) -> bool:
    """Are the suggestions or recommendations right after `head` ones the provider makes?"""
    return bool(_GIVEN_BY_PROVIDER.search(head)) and not _CUSTOMER_GIVES.search(head)


_NAMED_HERE = compile_lower(
    r"\b(?:feedback|suggestions)\b[^.;]{0,160}?\b(?:are|is)\s+(?:the\s+|collectively\s+)?[“\"]([A-Z][\w’' -]{1,40}?)[”\"]"
)
_EXCEPT_FEEDBACK = EXCEPTED.regex
# A promise not to use or train on content, the rule an "except Feedback" qualifies.
_NO_USE = compile_(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}?(?:use|used|train|trained|process|processed|share|shared)\b|n[’']t\s+(?:\w+\s+){0,2}?(?:use|used|train|trained)\b"
)
_LIST_ITEMS = 12  # clauses read after a lead-in ending in ":"
_CONFIDENTIAL_INFORMATION = NOT_CONFIDENTIAL.regex
_NEGATION_BEFORE = compile_(r"\b(?:not|never|no)\s+(?:\w+\s+){0,3}$")
_IMPROVE = frozenset({Action.IMPROVE_SERVICE})


def feedback_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """Every statement about the provider's use of feedback, read once per document."""
    return view.memo("_frames:feedback", lambda: tuple(_read_feedback(view)))


def _frame(
    view: TextView,
    clauses: list[Clause],
    at: int,
    action: Action,
    wording: str,
    *,
    negated: bool = False,
    conditions: frozenset[Condition] = frozenset(),
    purposes: frozenset[Action] = frozenset(),
) -> ClauseFrame:
    clause = clauses[0]
    unit = view.unit_at(clause.start)
    head = " ".join(c.text for c in clauses)[:at]
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        clause.start + min(at, len(clause.text) - 1),
        unit,
        Actor.PROVIDER,
        modality_before(head),
        negated,
        action,
        frozenset({DataKind.FEEDBACK}),
        conditions,
        purposes=purposes,
        wording=wording,
        related=tuple(c.index for c in clauses[1:]),
    )


def _provider_acts(view: TextView, clause: Clause, text: str, at: int) -> bool:
    """Is the use at `at` (an offset into `text`) the provider's, not a use the customer may make or is barred from?"""
    if at < len(clause.text) and customer_restricted(clause, clause.start + at):
        return False
    head = re.split(r"[;,]", text[max(0, at - 60) : at])[-1]
    return not _CUSTOMER_SUBJECT.search(head)


def _read_feedback(view: TextView) -> Iterator[ClauseFrame]:
    seen: set[int] = set()
    for clause in keyword_clauses(view, KEYWORDS):
        if clause.index in seen or not any(
            not _given_by_provider(clause.text[max(0, m.start() - 40) : m.start()])
            for m in FEEDBACK_NOUN.finditer(clause.text)
        ):
            continue
        seen.add(clause.index)
        # A feedback clause often continues in the next sentence ("… We may use it freely.").
        following = view.neighbours(clause, before=0, after=1)
        nxt = following[1] if len(following) > 1 else None
        joined = [clause]
        if nxt is not None and _CONTINUES.match(nxt.text) and not FEEDBACK_NOUN.search(nxt.text):
            joined.append(nxt)
            seen.add(nxt.index)
        exception = _EXCEPT_FEEDBACK.search(clause.text)
        if exception and _NO_USE.search(clause.text, 0, exception.start()):
            # "We do not train on Customer Data, except Feedback": the exception is a use of feedback.
            yield _frame(
                view,
                [clause],
                exception.start(),
                Action.USE,
                EXCEPTED.name,
                purposes=frozenset({Action.TRAIN_MODELS}),
            )
            continue
        excluded = _EXCLUDED.search(clause.text)
        if excluded and _CONFIDENTIAL_INFORMATION.search(clause.text, 0, excluded.start()):
            # "Confidential Information does not include Feedback": the protection taken away.
            yield _frame(
                view,
                [clause],
                excluded.start(),
                Action.LICENSE,
                NOT_CONFIDENTIAL.name,
                conditions=frozenset({Condition.UNRESTRICTED}),
            )
            continue
        if excluded:
            continue  # "“Input” … excludes Feedback": a definition that keeps feedback out
        frame = _read_clause(view, joined)
        if frame is not None:
            yield frame
        if clause.text.rstrip().endswith(":"):
            yield from _list_items(view, clause, seen)
    yield from _through_definitions(view)


def _list_items(view: TextView, lead: Clause, seen: set[int]) -> Iterator[ClauseFrame]:
    """The items of a list a feedback clause introduces ("Your feedback … and related data are:"), each
    read with the lead-in that supplies the feedback they speak of."""
    for item in view.clauses[lead.index + 1 : lead.index + 1 + _LIST_ITEMS]:
        if view.lead_in(item) is not lead:
            if view.lead_in(item) is None and item.index > lead.index + 1:
                break
            continue
        seen.add(item.index)
        use = USED_TO_IMPROVE.regex.search(item.text)
        if use is None or negated_before(item.text, use.start(), window=30):
            continue
        if not _provider_acts(view, item, item.text, use.start()):
            continue
        # Cited with its lead-in (`with_lead_in` adds it when the hit is made).
        frame = _frame(view, [item], use.start(), Action.USE, USED_TO_IMPROVE.name, purposes=_IMPROVE)
        yield replace(frame, unit=Unit.LIST_ITEM)


def _read_clause(view: TextView, joined: list[Clause]) -> ClauseFrame | None:
    clause = joined[0]
    text = " ".join(c.text for c in joined)
    kept = CONFIDENTIAL_FEEDBACK.regex.search(text)
    if kept is not None and not _NEGATION_BEFORE.search(text[max(0, kept.start() - 40) : kept.start()]):
        return _frame(view, joined, kept.start(), Action.LICENSE, CONFIDENTIAL_FEEDBACK.name, negated=True)
    for pattern, action in (
        (FREE_LICENCE, Action.LICENSE),
        (LICENCE_GRANT, Action.LICENSE),
        (USED_TO_IMPROVE, Action.USE),
    ):
        found = pattern.regex.search(text)
        if found is None:
            continue
        if negated_before(text, found.start(), window=30) and pattern is not FREE_LICENCE:
            continue
        verb = _VERB.search(text)
        if not _provider_acts(view, clause, text, verb.start() if verb else found.start()):
            continue
        if pattern is USED_TO_IMPROVE and _processing_purpose(view, clause, text, found):
            return _frame(
                view, joined, found.start(), Action.PROCESS, PROCESSING_PURPOSE.name, purposes=_IMPROVE
            )
        return _frame(
            view,
            joined,
            found.start(),
            action,
            pattern.name,
            conditions=frozenset({Condition.UNRESTRICTED}) if pattern is FREE_LICENCE else frozenset(),
            purposes=_IMPROVE if pattern is USED_TO_IMPROVE else frozenset(),
        )
    return None


def _processing_purpose(view: TextView, clause: Clause, text: str, use: re.Match[str]) -> bool:
    """Is the use of feedback at `use` a purpose of processing under a legal basis (a table row, a section on
    legal bases or legitimate interests) that improves services or features but trains no model?"""
    in_table = view.unit_at(clause.start) is Unit.TABLE_ROW
    if not in_table and not PROCESSING_PURPOSE.regex.search(clause.heading):
        return False
    purpose = _PURPOSE_END.split(text[use.end() :], maxsplit=1)[0]
    return not _TRAINING.search(use.group(0) + purpose)


def _named_here(lowered: str) -> set[str]:
    """Names given to feedback or suggestions in passing, found from the rare words first (one cheap
    scan of the text, then the pattern at each)."""
    names: set[str] = set()
    for word in ("feedback", "suggestions"):
        at = lowered.find(word)
        while at != -1:
            if (match := _NAMED_HERE.match(lowered, at)) is not None:
                names.add(match.group(1))
            at = lowered.find(word, at + len(word))
    return names


def _through_definitions(view: TextView) -> Iterator[ClauseFrame]:
    """Feedback or suggestions folded into a defined term ("Prompts, Outputs and Feedback, collectively
    “Content”"; "localization suggestions … are the “Translations”") that the provider may use to
    improve, develop or research, or that the customer gives without compensation."""
    terms = set(terms_covering(view, r"feedback") - {"feedback"})
    # "… localization suggestions … that you submit are the “Translations”": a name given in passing.
    terms |= _named_here(lowered_text(view))
    if not terms:
        return
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    term_re = compile_(r"\b(?:" + alternatives + r")\b")
    definition = next(
        iter(
            view.clauses_matching(
                compile_(r"\b(?:feedback|suggestions)\b[^.]{0,120}?[“\"](?:" + alternatives + r")[”\"]")
            )
        ),
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
        use = THROUGH_TERM.regex.search(text)
        if use is None or negated_before(text, use.start(), window=40):
            continue
        if use.start() < len(clause.text) and customer_restricted(clause, clause.start + use.start()):
            continue
        if _CUSTOMER_SUBJECT.search(text[max(0, use.start() - 60) : use.start()]):
            continue
        purpose = next((c for c in items[1:] if _PURPOSE.search(c.text)), None) if len(items) > 1 else None
        cited = [c for c in (clause, definition, purpose) if c is not None]
        cited = list({c.index: c for c in cited}.values())
        free = use.group(0).lower().startswith("without")
        yield _frame(
            view,
            cited,
            use.start(),
            Action.LICENSE if free else Action.USE,
            THROUGH_TERM.name,
            conditions=frozenset({Condition.UNRESTRICTED}) if free else frozenset(),
            purposes=frozenset() if free else _IMPROVE,
        )
        return
