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
    Clause,
    DocumentView,
    compile_,
    compile_lower,
    customer_restricted,
    lowered_text,
    negated_before,
)
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, YesNo
from datarights.read import stretches
from datarights.read.model import Action, DataKind, Unit
from datarights.read.tables import table_frames
from datarights.read.view import keyword_clauses, register_keywords

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
    r"\b"
    + _VERB
    + r",?\s+(?:(?:and|or|test|support|operate|maintain|provide|develop|\w+ing|\w+e),?\s+){0,4}?"
    r"(?:(?:our|the|its|their|new|(?-i:[A-Z])\w+(?:[’']s)?|and)\s+){0,3}" + _OBJECT + r"\b",
    YesNo.YES,
    0.75,
)
# "to improve, train and tune the machine learning models, search rankers and other technologies that power the
# Services": improving what the services run on improves the services.
IMPROVE_POWERING = Pattern.of(
    "use to improve what powers the services",
    r"\b"
    + _VERB
    + r"\b[^.;]{0,80}?\b(?:models?|technolog(?:y|ies)|systems?|algorithms?|rankers?|engines?)\s+"
    r"(?:that|which)\s+(?:power|underlie|run|drive)s?\s+(?:the|our|its)\s+" + _OBJECT + r"\b",
    YesNo.YES,
    0.7,
)
_PUBLIC_SOURCE = compile_(r"\bpublicly\s+available\b|\bpublic\s+(?:sources|web|internet)\b")
# "to make our Service better": improvement without the word.
MAKE_BETTER = Pattern.of(
    "use to make services better",
    r"\bmake\s+(?:our|the|its)\s+" + _OBJECT + r"\s+(?:even\s+)?better\b"
    # "This helps X offer better services"
    r"|\b(?:offer|provide|deliver|build)\s+(?:you\s+)?better\s+(?:services|products|features|experiences)\b"
    # "to fix bugs and to build new features": development without the word
    r"|\bbuild(?:ing)?\s+new\s+(?:features?|products?|services?|functionality|capabilities|tools?)\b",
    YesNo.YES,
    0.7,
)
# "ensure and improve the quality and the proper functioning of the Service"
IMPROVE_QUALITY = Pattern.of(
    "use to improve the quality of services",
    r"\bimprov\w*\s+the\s+(?:quality|performance|functioning|reliability)\b[^.;]{0,50}?\bof\s+(?:the|our|its)\s+"
    + _OBJECT
    + r"\b"
    # not the service run for this customer alone ("… of the Services it provides to Customer")
    r"(?!\s+(?:(?:it|we)\s+)?(?:provides?|provided|delivers?|performs?)\s+(?:to|for)\s+(?:the\s+)?(?:customer|you)\b"
    r"|\s+for\s+(?:the\s+)?(?:customer|you)\b)",
    YesNo.YES,
    0.7,
)
DEVELOPMENT_NOUN = Pattern.of(
    "product development purpose",
    r"\b(?:product|service|feature)s?\s+(?:research\s+and\s+)?(?:development|improvement)\b|\bresearch\s+and\s+development\b",
    YesNo.YES,
    0.65,
)
# "a license to … your Posts to enable us to provide, improve, and notify you about new features": improving
# named among the purposes of a content licence, its object left to the list.
LICENSED_TO_IMPROVE = Pattern.of(
    "content licence for purposes that include improving",
    r"\blicen[cs]e\b[^.;]{0,200}?\bto\s+(?:enable|allow|help)\s+(?:us|\w+)\s+to\s+(?:\w+,?\s+){0,3}?improv(?:e|ing)\b",
    YesNo.YES,
    0.7,
)
BROAD_LICENCE = Pattern.of(
    "perpetual licence without purpose limit",
    r"\b(?:perpetual|irrevocable)\b[^.]{0,120}\blicen[cs]e\b",
    YesNo.YES,
    0.55,
)
# "a … license to use that Content … in connection with the Service and YouTube's business", "for our business
# purposes": a licence granted for the provider's business reaches developing and improving it.
BUSINESS_LICENCE = Pattern.of(
    "content licence for the provider's business",
    r"\blicen[cs]e\b[^.\n]{0,400}?\b(?:in\s+connection\s+with|for|in\s+furtherance\s+of)\s+(?:[^.;]{0,60}?\band\s+)?"
    r"(?P<owner>our|its|(?-i:[A-Z])[\w.&-]+[’']s?)\s+(?:\([^)]{0,80}\)\s+)?(?:own\s+|other\s+|general\s+|legitimate\s+)?"
    r"business(?:es)?\b(?!\s+(?:services?|terms|accounts?|solutions?|apis?|customers?|partners?|users?|data|tools?)\b)",
    YesNo.YES,
    0.6,
)
# Clauses that name a business and a licence; `BUSINESS_LICENCE` confirms each.
_BUSINESS_KEYWORDS = register_keywords("business_licence", r"\bbusiness", ("business",))
# "In order for us to make your User Content available … and to provide you with certain features, we need a
# limited license from you. Accordingly, you grant …": a licence whose stated reason is running the service,
# however broad its terms, is not a development right.
_RUNNING_PURPOSE = compile_(
    r"\b(?:in\s+order\s+(?:for\s+(?:us|\w+)\s+)?to|so\s+that\s+(?:we|\w+)\s+(?:can|may)|to\s+(?:allow|enable)\s+(?:us|\w+)\s+to)\s+"
    r"(?:\w+\s+){0,2}?(?:provide|operate|host|display|run|deliver|offer|make\s+(?:\w+\s+){1,4}?available)\b"
    r"(?![^.;]{0,200}?\b(?:improv|develop|enhanc|train|research))"
)
_GRANT_FOLLOWS = compile_(
    r"^\W*(?:accordingly|therefore|thus|for\s+(?:this|that|these)\s+(?:reasons?|purposes?)|to\s+(?:do\s+so|that\s+end))\b"
)
_INTERNAL_BUSINESS = compile_(r"\binternal\s+business\b")


_CUSTOMER_WORDS = frozenset({"customer", "client", "licensee", "subscriber", "user", "your", "company"})


def _customers_business(view: DocumentView, owner: str) -> bool:
    """ "in connection with Customer's business": the business named is the customer's, not the provider's."""
    name = re.sub(r"[’']s?$", "", owner).lower()
    return name in _CUSTOMER_WORDS or name in {n.lower() for n in view.customer_names}


def _licensed_to_run_the_service(view: DocumentView, clause: Clause) -> list[Clause]:
    """The sentences that state the licence's reason as running the service: its own, or the one it follows
    from ("Accordingly, you grant …") cited before it; empty when no such reason is stated."""
    if _RUNNING_PURPOSE.search(clause.text):
        return [clause]
    if clause.index == 0 or not _GRANT_FOLLOWS.search(clause.text):
        return []
    previous = view.clauses[clause.index - 1]
    if (
        previous.section == clause.section
        and _RUNNING_PURPOSE.search(previous.text)
        and re.search(r"\blicen[cs]e\b", previous.text, re.I)
    ):
        return [previous, clause]
    return []


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
# The grantee is the provider, not other users ("you grant each User a perpetual licence …").
_GRANT_TO_PROVIDER = compile_(
    r"\b(?:grant|grants|give|gives)\s+(?:to\s+)?(?!(?:to|each|every|other|all|any|third|your|their|you|customers?|users?|licensees?|subscribers?)\b)"
    r"(?:us|[A-Z]\w+|provider|company)\b"
)


# "data relating to your use of the Services": usage data described rather than named.
_USAGE_DESCRIBED = compile_(
    r"\b(?:data|information)\s+(?:relating|related|pertaining|regarding|about|concerning)\s+(?:to\s+)?"
    r"(?:your|the\s+customer[’']?s?|customer[’']?s?|users?[’']?)\s+use\s+of\b"
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


def _data_object(view: DocumentView, text: str) -> bool:
    """The clause uses customer content or personal information (not only feedback or usage data)."""
    if view.only_derived(text):
        return False
    if _USAGE_DESCRIBED.search(text) and not view.mentions_content(_USAGE_DESCRIBED.sub(" ", text)):
        return False
    # Derived data named inline ("aggregated and de-identified data", "usage data") is not content.
    if DERIVED_DATA.search(text) and not view.mentions_content(DERIVED_DATA.sub(" ", text)):
        return False
    # ("your stuff and activity info … which reply suggestions people send": the content named beside a
    # feature's "suggestions" is still content)
    if FEEDBACK.search(text) and not re.search(
        r"\b(?:content|inputs?|prompts?|customer\s+data|personal|files?|messages?|conversations?|chats?|activity|posts"
        r"|uploads?|your\s+stuff)\b",
        text,
        re.I,
    ):
        return False
    return view.mentions_content(text)


def _lead_in_mentions_content(view: DocumentView, clause_index: int) -> bool:
    """List items ("• To improve our services") inherit their data from the lead-in ("We use your information to:")."""
    for previous in reversed(view.clauses[max(0, clause_index - 12) : clause_index]):
        if previous.text.rstrip().endswith(":"):
            return _data_object(view, previous.text)
    return False


# ("Tallymeet", "we", "our"): the provider's own pronouns quoted beside the name it gives itself.
_QUOTED_PRONOUN = re.compile(r"[“\"](?:we|us|our)[”\"]", re.IGNORECASE)


def _self_names(view: DocumentView) -> set[str]:
    """Names the provider gives itself in a parenthetical that also quotes "we" or "our"."""
    text = view.doc.text
    return {
        d.term.lower()
        for d in view.doc.definitions
        if _QUOTED_PRONOUN.search(text, d.definition_span.start, d.definition_span.end)
        and d.term.lower() not in {"we", "us", "our"}
    }


# The product a document is titled by ("Pebble – Terms of Use", "Meridian Voice Assistant Privacy Notice"): its
# first word, unless that word names the kind of document.
_TITLE_NAME = compile_(r"^\W*(?-i:(?P<name>[A-Z][\w-]{3,}))\b")
_DOCUMENT_WORDS = compile_(
    r"(?:terms|privacy|data|master|acceptable|services?|business|enterprise|customer|user|general|standard|online"
    r"|product|cookies?|legal|supplemental|additional|addendum|agreement|policy|notice|mutual|software|subscription"
    r"|order|developer|platform|website|global|consumer|commercial|personal|information|security|processing|model"
    r"|usage|content|community|copyright|end|this|these|our|your|the|welcome|about|frequently|api|annex|schedule"
    r"|exhibit|appendix|statement|conditions|license|licence|contract|amendment|artificial|generative)"
)


def _title_product(view: DocumentView) -> str | None:
    title = view.doc.title or next((s.heading for s in view.doc.sections if s.heading), "")
    match = _TITLE_NAME.match(title)
    if match is None or _DOCUMENT_WORDS.fullmatch(match.group("name")):
        return None
    return match.group("name").lower()


def _improve_named_service(view: DocumentView) -> Pattern | None:
    """The service named by the provider's own name ("to provide and improve Pinterest"), or by the product
    name the document is titled with ("… fix problems and make Pebble better")."""
    product = _title_product(view)
    names = sorted(
        view.acting_names | view.provider_names | _self_names(view) | ({product} if product else set()),
        key=len,
        reverse=True,
    )
    names = [n for n in names if len(n) > 2 and n not in _GENERIC_PARTY]
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return Pattern.of(
        "use to improve the named service",
        r"\b"
        + _VERB
        + r",?\s+(?:(?:and|or|\w+ing|\w+e),?\s+){0,3}?(?:the\s+)?(?:"
        + alternatives
        + r")\b(?![’']s\b|\s+"
        + _OBJECT
        + r"\b|\s+(?-i:[A-Z]))"
        + r"|\bmake\s+(?:the\s+)?(?:"
        + alternatives
        + r")\s+(?:even\s+)?better\b",
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


# A legal-basis sentence that names the purpose of the processing stated just before it ("We process …
# User Content …. This is necessary for our legitimate interest in improving and developing our Service").
_LEGAL_BASIS_BACK = compile_(
    r"\W*(?:this|which|such\s+processing|the\s+processing)\s+(?:is|are)\s+(?:\w+\s+)?necessary\s+(?:for|to)\b"
    # "X may use information … to train models. This includes public posts. This helps X offer better services"
    r"|\W*(?:this|which|that|these)\s+(?:helps|help|allows|allow|enables|enable|lets)\b"
)
# How far back such a sentence looks for the processing it speaks of.
_BACK_REACH = 2
_PROCESS_VERB = compile_(r"\b(?:process|processes|use|uses|collect|collects|analy[sz]e|analy[sz]es)\b")


def _processing_before(view: DocumentView, clause_index: int) -> Clause | None:
    """The sentence just before (at most `_BACK_REACH` back, same section) that processes content."""
    clause = view.clauses[clause_index]
    for previous in reversed(view.clauses[max(0, clause_index - _BACK_REACH) : clause_index]):
        if previous.section != clause.section:
            return None
        if _PROCESS_VERB.search(previous.text) and _data_object(view, previous.text):
            return previous
    return None


def detect(view: DocumentView) -> Iterator[Hit]:
    seen: set[int] = set()
    named = _improve_named_service(view)
    patterns = (
        IMPROVE,
        DEVELOPMENT_NOUN,
        MAKE_BETTER,
        LICENSED_TO_IMPROVE,
        IMPROVE_QUALITY,
        IMPROVE_POWERING,
    ) + ((named,) if named is not None else ())
    for pattern in patterns:
        for clause, match in _search(view, pattern):
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
            lead = view.lead_in(clause)
            if lead is not None and _CUSTOMER_MUST_NOT.search(lead.text):
                continue  # an item of what the customer must not do
            head = text[:relative]
            if len(head) < 40:
                about_data = _lead_in_mentions_content(view, clause.index) or (
                    _data_object(view, text) and bool(_USE_FOR.search(text))
                )
            else:
                about_data = _data_object(view, text) and bool(_USE_FOR.search(head))
            if not about_data and bool(_USE_FOR.search(head)):
                about_data = _refers_back_to_content(view, clause.index)
            if pattern is LICENSED_TO_IMPROVE:
                about_data = _data_object(view, text)  # the licence is the use
            if pattern is IMPROVE_POWERING and _PUBLIC_SOURCE.search(text):
                continue  # "information that is publicly available … to develop the models": not the customer's
            cited = [clause]
            if not about_data and _LEGAL_BASIS_BACK.match(text):
                before = _processing_before(view, clause.index)
                about_data = before is not None
                cited = [before, clause] if before is not None else cited
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
                cited,
                "The provider may use customer content to improve or develop its services.",
                score=score,
            )
    for clause in keyword_clauses(view, _BUSINESS_KEYWORDS):
        text = clause.text
        if (
            clause.index in seen
            or "licen" not in text.lower()
            or not (business := BUSINESS_LICENCE.regex.search(text))
            or _customers_business(view, business.group("owner"))
            or _PURPOSE_LIMIT.search(text, 0, business.start("owner"))
            or _INTERNAL_BUSINESS.search(text)
            or not _GRANT_TO_PROVIDER.search(text)
            or FEEDBACK.search(text)
            or not _data_object(view, text)
        ):
            continue
        seen.add(clause.index)
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            BUSINESS_LICENCE,
            [clause],
            "The content licence is granted for the provider's business, which reaches developing its services.",
        )
    for clause, _ in view.search(BROAD_LICENCE.regex):
        text = clause.text
        if clause.index in seen or _PURPOSE_LIMIT.search(text) or not _GRANT_TO_PROVIDER.search(text):
            continue
        if stated := _licensed_to_run_the_service(view, clause):
            yield make_hit(
                view,
                QUESTION,
                NAME,
                "licence stated to be for running the service",
                YesNo.NO,
                0.6,
                stated,
                "The content licence states its reason as making the content available and running the service.",
            )
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


# The content licence itself ("you grant us a … licence to use … your content"): the grant the answer
# reads. Cited as supporting evidence: for "yes" when it states no purpose limit, for "no" when it stops at
# providing the service. It never decides (a licence says nothing of improvement in so many words).
CONTENT_LICENCE = Pattern.of(
    "content licence granted to the provider",
    r"(?:\b(?:grant|grants|give|gives)\b[^.;:\n]{0,300}?\b(?:licen[cs]e|right)\b[^.;\n]{0,30}?"
    # "A worldwide, transferable and sublicensable right to use …" after a lead-in that grants it
    r"|(?m:^)[^\S\n]*(?:an?\s+)?(?:[\w-]+,?\s+){0,6}?(?:right|licen[cs]e)\s+)"
    r"\bto\s+(?:\w+,?\s+){0,12}?(?:use|host|store|process|reproduce|copy|display|modify|distribute)\b",
    YesNo.YES,
    0.5,
)
_SERVICE_ONLY = compile_(
    r"\b(?:solely|only|exclusively|sole\s+purpose|to\s+the\s+extent\s+necessary|as\s+(?:reasonably\s+)?necessary)\b"
    r"[^.;]{0,80}?\b(?:provid\w*|operat\w*|perform\w*|mak\w*\s+(?:\w+\s+){1,3}?available|deliver\w*)\b"
    # "… such Content to provide Services and as otherwise permitted": providing is the only purpose named
    r"|\bto\s+provide\s+(?:the\s+|our\s+)?services?\b(?![^.;]{0,60}?\b(?:improv|develop|enhanc|train|research))"
)


_CUSTOMER_MUST_NOT = compile_(
    r"\b(?:you|customers?|users?)\s+(?:\w+\s+){0,2}?(?:will\s+not|shall\s+not|must\s+not|may\s+not|agree\s+not\s+to|cannot)\b"
)
# "You grant a … licence: (a) to OpenAI to use, store, copy … the App Responses"
_LICENCE_TO_PROVIDER = compile_(r"\blicen[cs]e\W+(?:\(\w\)\s*)?to\s+(?:us|[A-Z]\w+)\s+to\b")


def _granting_lead(view: DocumentView, clause: Clause) -> Clause | None:
    """The sentence ending in ":" just before `clause` that grants the provider a licence, if any."""
    if clause.index == 0:
        return None
    previous = view.clauses[clause.index - 1]
    if previous.text.rstrip().endswith(":") and _GRANT_TO_PROVIDER.search(previous.text):
        return previous
    return None


def _licence_hits(view: DocumentView) -> Iterator[Hit]:
    for clause, match in _search(view, CONTENT_LICENCE):
        text = clause.text
        head = text[: match.start() - clause.start]
        granted = _GRANT_TO_PROVIDER.search(text) or _LICENCE_TO_PROVIDER.search(text)
        lead = None if granted else _granting_lead(view, clause)
        if (
            not (granted or lead)
            or not _data_object(view, text)
            or FEEDBACK.search(text)
            or re.search(r"\b(?:we|provider|company)\s+(?:hereby\s+)?grants?\b", head, re.I)
        ):
            continue
        limited = bool(_SERVICE_ONLY.search(text))
        yield make_hit(
            view,
            QUESTION,
            NAME,
            CONTENT_LICENCE,
            YesNo.NO if limited else YesNo.YES,
            0.5,
            [lead, clause] if lead is not None else [clause],
            "The customer grants the provider a licence to its content"
            + (" only to provide the service." if limited else "."),
            supporting=True,
        )


# A word every match of a pattern holds (no match holds "." or ";"): such patterns are searched only in
# the stretches between stops that hold the word (`read.stretches`). A test checks the searches agree.
_MARKERS: dict[str, re.Pattern[str]] = {
    MAKE_BETTER.name: compile_lower("better|build"),
    CONTENT_LICENCE.name: compile_lower("right|licen[cs]e"),
}


def _search(view: DocumentView, pattern: Pattern) -> Iterator[tuple[Clause, re.Match[str]]]:
    """`view.search(pattern.regex)`: the same (clause, match) pairs."""
    marker = _MARKERS.get(pattern.name)
    if marker is None:
        return view.search(pattern.regex)
    markers = (m.start() for m in marker.finditer(lowered_text(view)))
    return stretches.search_between_stops(view, pattern.regex, markers)


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
    yield from _licence_hits(view)


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
