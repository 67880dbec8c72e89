"""A general right to improve or develop services with customer content (question: service_improvement).

## What it finds
Licence and permitted-use clauses that let the provider use customer content
(or personal information that includes it) to improve, develop or enhance its
services, products or features; and perpetual, irrevocable, sublicensable
content licences with no purpose limit, which reach development too.
For `no`: a promise not to use content to improve the services, and the
purpose limitations or permitted uses that stop at running the service.

## Why it matters
"To improve the service" was harmless in SaaS; with AI it can carry model
training and product development on customer content.

## Example
"We may use your Content to provide, maintain, develop and improve our Services." → `yes`.

## Not this
- Rights limited to providing and maintaining the service.
- Improvement with usage, aggregated or de-identified data only (that is `deidentified_use`).
- Improvement with Feedback only (that is `feedback_license`).
- Promises not to use content to improve the services.

## References
spec/questions.md (service_improvement); 11 CCR §7050(a)(3) and §7051(a).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from datarights.detect.base import Detector, Pattern, decide_yes_if_any, make_hit, pattern_hit
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Hit, Precedence
from datarights.detect.language import (
    CONDITION_OPT_IN,
    DERIVED_DATA,
    FEEDBACK,
    REFERS_BACK,
    DocumentView,
    compile_,
    customer_restricted,
    negated_before,
)
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, YesNo
from datarights.read.model import Action, DataKind, Unit
from datarights.read.tables import table_frames

QUESTION = QuestionId.SERVICE_IMPROVEMENT
NAME = "service_improvement@1"

_VERB = r"(?:improv(?:e|ing)|develop(?:ing)?|enhanc(?:e|ing)|refin(?:e|ing))"
_OBJECT = (
    r"(?:services?|products?|features?|functionalit\w+|platform|offerings?|technolog(?:y|ies)|tools?|experiences?|apps?|systems?"
    r"|software|solutions?|applications?"
    r"|it|them|models?\s+and\s+services)"
)
IMPROVE = Pattern.of(
    "use to improve or develop services",
    r"\b" + _VERB + r",?\s+(?:(?:and|or|test|support|operate|maintain|provide|\w+ing|\w+e),?\s+){0,4}?"
    r"(?:(?:our|the|its|their|new|(?-i:[A-Z])\w+(?:[’']s)?|and)\s+){0,3}" + _OBJECT + r"\b",
    YesNo.YES,
    0.75,
)
# "to make our Service better": improvement without the word.
MAKE_BETTER = Pattern.of(
    "use to make services better",
    r"\bmake\s+(?:our|the|its)\s+" + _OBJECT + r"\s+(?:even\s+)?better\b",
    YesNo.YES,
    0.7,
)
DEVELOPMENT_NOUN = Pattern.of(
    "product development purpose",
    r"\b(?:product|service|feature)s?\s+(?:research\s+and\s+)?(?:development|improvement)\b|\bresearch\s+and\s+development\b",
    YesNo.YES,
    0.65,
)
BROAD_LICENCE = Pattern.of(
    "perpetual licence without purpose limit",
    r"\b(?:perpetual|irrevocable)\b[^.]{0,120}\blicen[cs]e\b",
    YesNo.YES,
    0.55,
)
# The clause must say the provider uses (or is licensed to use) data for that purpose.
_USE_FOR = compile_(
    r"\b(?:use|uses|used|using|process\w*|analy[sz]\w*|access\w*|licen[cs]e\w*|rights?|permission|store\w*|collect\w*)\b"
    r"[^.;]{0,200}?\b(?:to|for|in\s+order\s+to|including)\b"
)
_PURPOSE_LIMIT = compile_(
    r"\b(?:solely|only|exclusively|strictly)\b|\bas\s+(?:reasonably\s+)?necessary\b|\bto\s+the\s+extent\s+necessary\b"
)
_PROVIDER_NEGATED_USE = compile_(
    r"(?:\b(?:not|never)\b|n[’']t\b)\s+(?:\w+\s+){0,2}?(?:use|process|access|leverage)\b[^.;]{0,80}?\bto\s*$"
)
_NAMED_CONTENT = compile_(
    r"\b(?:(?:customer|user|your|client|business)\s+(?:content|data|inputs?|materials)|content|inputs?|outputs?|prompts?|conversations?|chats?)\b"
)
# "…, but Provider will not use Customer Data to develop or improve its products": a limit appended in the same
# clause after the grant; it beats the grant it qualifies unless it names only other products ("any other products").
_LATER_LIMIT = compile_(r"[,;]\s*(?:but|however|provided(?:,\s*however,)?\s+that|except\s+that)\b")
_OTHER_OBJECT = compile_(r"^\W*(?:\w+\s+){0,3}?(?:other|third[\s-]part\w*|competing|separate|unrelated)\b")


def _limited_later(text: str, relative: int) -> bool:
    """The grant at `relative` is taken back by a provider's promise after "but" / "however" in the same clause."""
    limit = _LATER_LIMIT.search(text, relative)
    if limit is None:
        return False
    for later in IMPROVE.regex.finditer(text, limit.end()):
        # "to improve or develop its products": the match may start at the second verb
        head = re.sub(r"(?:\w+,?\s+(?:or|and)\s+)+$", "", text[limit.end() : later.start()])
        if _PROVIDER_NEGATED_USE.search(head):
            words = text[later.start() : later.end() + 40]
            verb = re.match(r"\w+", words)
            return not _OTHER_OBJECT.search(words[verb.end() if verb else 0 :])
    return False


_GRANT_TO_PROVIDER = compile_(r"\b(?:grant|grants|give|gives)\s+(?:to\s+)?(?:us|[A-Z]\w+|provider|company)\b")


def _data_object(view: DocumentView, text: str) -> bool:
    """The clause uses customer content or personal information (not only feedback or usage data)."""
    if view.only_derived(text):
        return False
    # Derived data named inline ("aggregated and de-identified data", "usage data") is not content.
    if DERIVED_DATA.search(text) and not view.mentions_content(DERIVED_DATA.sub(" ", text)):
        return False
    if FEEDBACK.search(text) and not re.search(
        r"\b(?:content|inputs?|prompts?|customer\s+data|personal)\b", text, re.I
    ):
        return False
    return view.mentions_content(text)


def _lead_in_mentions_content(view: DocumentView, clause_index: int) -> bool:
    """List items ("• To improve our services") inherit their data from the lead-in ("We use your information to:")."""
    for previous in reversed(view.clauses[max(0, clause_index - 12) : clause_index]):
        if previous.text.rstrip().endswith(":"):
            return _data_object(view, previous.text)
    return False


def _improve_named_service(view: DocumentView) -> Pattern | None:
    """The service named by the provider's own name ("to provide and improve Pinterest")."""
    names = sorted(view.acting_names | view.provider_names, key=len, reverse=True)
    names = [n for n in names if len(n) > 2 and n not in _GENERIC_PARTY]
    if not names:
        return None
    return Pattern.of(
        "use to improve the named service",
        r"\b"
        + _VERB
        + r",?\s+(?:(?:and|or|\w+ing|\w+e),?\s+){0,3}?(?:the\s+)?(?:"
        + "|".join(re.escape(n) for n in names)
        + r")\b(?![’']s\b|\s+"
        + _OBJECT
        + r"\b|\s+(?-i:[A-Z]))",
        YesNo.YES,
        0.72,
    )


_GENERIC_PARTY = frozenset(
    {"provider", "company", "vendor", "supplier", "licensor", "processor", "service provider"}
)


def _refers_back_to_content(view: DocumentView, clause_index: int) -> bool:
    """A sentence that continues the licence before it ("The rights you grant in this license are for …
    improving our services") takes its data from that sentence."""
    clause = view.clauses[clause_index]
    if clause_index == 0 or not REFERS_BACK.search(clause.text):
        return False
    previous = view.clauses[clause_index - 1]
    return previous.section == clause.section and _data_object(view, previous.text)


def detect(view: DocumentView) -> Iterator[Hit]:
    seen: set[int] = set()
    named = _improve_named_service(view)
    patterns = (IMPROVE, DEVELOPMENT_NOUN, MAKE_BETTER) + ((named,) if named is not None else ())
    for pattern in patterns:
        for clause, match in view.search(pattern.regex):
            if clause.index in seen:
                continue
            text = clause.text
            relative = match.start() - clause.start
            if negated_before(text, relative, window=200) and pattern is not DEVELOPMENT_NOUN:
                if _PROVIDER_NEGATED_USE.search(text[:relative]) and _data_object(view, text):
                    # "We will not use Customer Content to develop or improve the Services (unless …)":
                    # the clearest evidence for "no"; a grant elsewhere still answers yes.
                    yield make_hit(
                        view,
                        QUESTION,
                        NAME,
                        "promise not to improve services with content",
                        YesNo.NO,
                        0.75,
                        [clause],
                        "The provider promises not to use customer content to improve its services.",
                    )
                continue
            if (
                negated_before(text, relative, window=200)
                or customer_restricted(clause, match.start())
                or CONDITION_OPT_IN.search(text[:relative])
            ):
                continue
            if re.match(r"\W*(?:you|customer)\s+(?:may|will|shall|must|can)\b", text, re.I):
                continue
            head = text[:relative]
            if len(head) < 40:
                about_data = _lead_in_mentions_content(view, clause.index) or (
                    _data_object(view, text) and bool(_USE_FOR.search(text))
                )
            else:
                about_data = _data_object(view, text) and bool(_USE_FOR.search(head))
            if not about_data and bool(_USE_FOR.search(head)):
                about_data = _refers_back_to_content(view, clause.index)
            if not about_data:
                continue
            seen.add(clause.index)
            if _limited_later(text, relative):
                yield make_hit(
                    view,
                    QUESTION,
                    NAME,
                    "improvement withdrawn later in the clause",
                    YesNo.NO,
                    0.75,
                    [clause],
                    "The clause grants a use but then promises not to use customer content to improve the services.",
                )
                continue
            # Naming the customer's content itself (prompts, inputs, Customer Data) is clearer than "data".
            score = pattern.score + (0.03 if _NAMED_CONTENT.search(text) else 0.0)
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                pattern,
                [clause],
                "The provider may use customer content to improve or develop its services.",
                score=score,
            )
    for clause, _ in view.search(BROAD_LICENCE.regex):
        text = clause.text
        if clause.index in seen or _PURPOSE_LIMIT.search(text) or not _GRANT_TO_PROVIDER.search(text):
            continue
        if view.mentions_content(text) and not FEEDBACK.search(text):
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                BROAD_LICENCE,
                [clause],
                "A perpetual, unrestricted licence to customer content reaches service development.",
            )


def detect_limits(view: DocumentView) -> Iterator[Hit]:
    for clause in purpose_limits(view):
        yield make_hit(
            view,
            QUESTION,
            NAME,
            "purpose limitation",
            YesNo.NO,
            0.7,
            [clause],
            "The provider's use of customer content is limited to providing the service.",
        )


# Table rows (purpose | data | legal basis) read by the frame layer: the user's content used to improve or
# develop the services.
TABLE_RULES: tuple[Rule, ...] = (
    Rule(
        "content in a purpose table for improvement",
        lambda f: (
            f.unit is Unit.TABLE_ROW
            and DataKind.CUSTOMER_CONTENT in f.objects
            and Action.IMPROVE_SERVICE in f.purposes
        ),
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "A purpose table lists the user's content for developing or improving the services.",
    ),
)


def detect_all(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, TABLE_RULES, table_frames(view))
    yield from detect(view)
    yield from detect_limits(view)


# Any grant of an improvement right answers yes; purpose limitations are the evidence for no.
DETECTOR = Detector(
    QUESTION,
    1,
    detect_all,
    decide_yes_if_any(
        QUESTION,
        NAME,
        "Customer content may be used only to provide the service; no improvement right is taken.",
        "No right to use customer content to improve the services is taken.",
    ),
)
