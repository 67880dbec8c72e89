"""Scope: the feature, connected service, plan, data kind or audience a statement is limited to.

The spec (questions.md, on the main service) answers for customer content in general: a promise
limited to one feature or kind of data ("we do not use the content of emails you connect to train
models") never stands for all content. These patterns find the words that narrow a statement; a
statement without them is general.
"""

from __future__ import annotations

import re

from datarights.read import gate
from datarights.read.model import GENERAL, Scope, ScopeKind
from datarights.read.patterns import ASCII_LOWER, CASELESS_LOOKALIKES, compile_
from datarights.read.vocab.data import SPECIAL_CATEGORY

# Connected services and integrations ("data from connected accounts", "emails you connect", Google API data).
_FEATURE = compile_(
    r"\b(?:connected|linked|integrated|synced)\s+(?:third[\s-]party\s+)?(?:accounts?|services?|apps?|applications?|integrations?|sources?|tools?|platforms?)\b"
    # whoever connects the source: "emails you connect", "messages that Customer syncs", "files an End User links"
    r"|\b(?:e-?mails?|inbox(?:es)?|mailbox(?:es)?|messages|calendars?|contacts|drives?|files)\s+(?:that\s+|which\s+)?"
    r"(?:you|(?:the\s+|an?\s+|its\s+|your\s+)?(?:end\s+)?(?:users?|customers?|members?|admins?|administrators?))\s+(?:connect|link|sync|integrate)\w*\b"
    r"|\bgoogle\s+(?:workspace\s+|apps?\s+)?(?:user\s+)?(?:data|content)\b|\b(?:data|information)\s+(?:obtained|received|accessed|retrieved)\s+(?:from|through|via)\s+(?:google|third[\s-]party)\b"
    r"|\bgoogle\s+(?:workspace\s+)?apis?\b|\bgmail\b|\bintegrations?\s+with\b|\bthird[\s-]party\s+integrations?\b"
    r"|\b(?:temporary|incognito|ephemeral)\s+(?:chats?|mode|conversations?|sessions?)\b"
    r"|\bzero\s+data\s+retention\b|\b(?:the|this|our)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:feature|add-?on|connector|extension|plug-?in)\b"
    # "Section 5.2 of the AI Add-on Terms": a document named, not the feature a statement is limited to
    r"(?!\s+(?:terms|agreement|addendum|schedule|polic(?:y|ies)|conditions|supplement)\b)"
)
# Every match of `_FEATURE` holds one of these (lower-cased): its gate's literals include "the", "this" and
# "our" (the named-feature branch), which rule out no clause; these rule out most.
FEATURE_LITERALS = (
    "connect",
    "link",
    "integrat",
    "sync",
    "google",
    "gmail",
    "third",
    "temporary",
    "incognito",
    "ephemeral",
    "zero",
    "feature",
    "add-on",
    "addon",
    "extension",
    "plug",
)


def _feature(lowered: str) -> re.Match[str] | None:
    """`_FEATURE` searched in ASCII-lowered `lowered`, where one of its words (or a letter that ignoring case
    reads as an ASCII one) is."""
    if lowered.isascii() or CASELESS_LOOKALIKES.isdisjoint(lowered):
        for literal in FEATURE_LITERALS:
            if literal in lowered:
                break
        else:
            return None
    return gate.search(_FEATURE, lowered)


# A plan or class of customers ("Enterprise workspaces", "API customers"); ignored when the document is for it.
# A promise about other parties' models leaves the provider's own open, unless both are named
# ("Zoom's or third-party AI models").
_OTHERS_MODELS = compile_(
    r"\bthird[\s-]party\s+(?:ai\s+|artificial\s+intelligence\s+|foundation\s+|language\s+)?models?\b"
    r"|\bmodels?\s+(?:of|from|provided\s+by)\s+third[\s-]part(?:y|ies)\b"
)
_OWN_ALSO = compile_(
    r"(?:[’']s|\bour|\bits|\bown|\bthe\s+provider[’']s)\s+(?:\w+\s+)?(?:or|and|and/or)\s+(?:its\s+|our\s+|any\s+|other\s+)?$"
)
_PLAN = compile_(
    r"\b(?P<plan>enterprise|business|team|teams|education|edu|api|pro|plus)\s+(?:customers?|workspaces?|plans?|accounts?|users?|tiers?|subscribers?|offerings?|organi[sz]ations?)\b"
)
_DATA_KIND = compile_(
    r"\bif\s+you\s+(?:communicate|correspond)\s+with\s+us\b|\b(?:customer\s+)?support\s+(?:requests?|tickets?|communications?|interactions?)\b"
    r"|\b(?:views?|interactions?)\s+(?:\w+\s+){0,2}with\s+(?:ads|advertisements|advertising)\b"
    # "Call recordings you share with Support for diagnosis": what the customer sends to the support desk
    r"|\b(?:share|send|submit|provide|give|attach)\w*\s+(?:\w+\s+){0,2}?(?:with|to)\s+(?:our\s+)?(?:customer\s+|technical\s+)?support\b"
    r"|\bidentity[\s-]verification\b|\b(?:government|photo)\s+id\b|\bid\s+(?:documents?|images?|photos?)\b|\bselfies?\b"
    # what moderation keeps: "Flagged content and related enforcement records"
    r"|\b(?:flagged|reported)\s+(?:content|materials?|posts?|messages?)\b|\benforcement\s+records?\b"
    # one kind of personal data beside the content: "customer payment information", "precise location data"
    r"|\b(?:payment|billing|credit\s+card|financial|bank(?:ing)?|location|contact|biometric|facial|face)\s+(?:information|data|details)\b"
)
_AUDIENCE = compile_(
    r"\b(?:users?|residents?|individuals?|customers?|people|consumers?|you)\s+(?:who\s+(?:are|live)\s+|located\s+|based\s+|residing\s+)?in\s+(?:the\s+)?"
    r"(?:EEA|EU|European\s+(?:Economic\s+Area|Union)|UK|United\s+Kingdom|Switzerland|California|Brazil|South\s+Korea|Japan|Canada)\b"
)
# "European consumers", "EEA users": one region's customers.
_REGIONAL_AUDIENCE = compile_(
    r"\b(?:EEA|EU|European|UK|British|Swiss|Brazilian|Korean|Japanese|Californian|Canadian)[\s-]+(?:consumers|users|residents|customers|individuals)\b"
)


def plan_of(text: str, document_title: str) -> Scope | None:
    """The plan or class of customers `text` is limited to ("Business Accounts"), unless the document is
    written for it."""
    match = gate.search(_PLAN, text.translate(ASCII_LOWER))
    if match is None or match.group("plan").lower() in document_title.lower():
        return None
    return Scope(ScopeKind.PLAN, text[match.start() : match.end()])


def audience_of(text: str) -> Scope:
    """The region or audience the statement is limited to, if any."""
    return _audience(text, text.translate(ASCII_LOWER))


# Every match of `_AUDIENCE` and `_REGIONAL_AUDIENCE` names a region with one of these (lower-cased); their
# gates test the people words ("you", "users"), which most statements hold.
REGION_LITERALS = (
    "eu",
    "eea",
    "uk",
    "united",
    "switzerland",
    "swiss",
    "british",
    "california",
    "brazil",
    "korea",
    "japan",
    "canad",
)


def _names_region(lowered: str) -> bool:
    """False only where neither audience pattern can match in ASCII-lowered `lowered`."""
    if not lowered.isascii() and not CASELESS_LOOKALIKES.isdisjoint(lowered):
        return True  # a letter that ignoring case reads as an ASCII one: the patterns decide
    return any(literal in lowered for literal in REGION_LITERALS)


def _audience(text: str, lowered: str) -> Scope:
    """`audience_of(text)`, `lowered` its ASCII-lowered text."""
    if not _names_region(lowered):
        return GENERAL
    match = gate.search(_AUDIENCE, lowered) or gate.search(_REGIONAL_AUDIENCE, lowered)
    return Scope(ScopeKind.AUDIENCE, text[match.start() : match.end()]) if match else GENERAL


AudienceMatch = tuple[Scope, int, int]  # the audience and its span in the text searched


def first_audiences(text: str) -> tuple[AudienceMatch | None, AudienceMatch | None]:
    """The first audience and the first regional audience `text` names: `audience_of` of any prefix
    of `text` follows from them, unless the one it would take runs past the prefix's end."""

    def found(match: re.Match[str] | None) -> AudienceMatch | None:
        return (
            (Scope(ScopeKind.AUDIENCE, text[match.start() : match.end()]), match.start(), match.end())
            if match
            else None
        )

    lowered = text.translate(ASCII_LOWER)
    if not _names_region(lowered):
        return None, None
    return found(gate.search(_AUDIENCE, lowered)), found(gate.search(_REGIONAL_AUDIENCE, lowered))


def audience_before(text: str, end: int, first: tuple[AudienceMatch | None, AudienceMatch | None]) -> Scope:
    """`audience_of(text[:end])`, from `first_audiences(text)` computed once for many ends."""
    for found in first:  # as audience_of: an audience before a regional one
        if found is None or found[1] >= end:
            continue
        return found[0] if found[2] <= end else audience_of(text[:end])  # else it runs past the end
    return GENERAL


_CONTENT_WORD = compile_(r"\b(?:content|inputs?|prompts?|customer\s+data|your\s+data|conversations?)\b")


_GENERIC_WORDS = frozenset(
    {"customer", "with", "data", "information", "requests", "request", "your", "communicate"}
)


def _titled(kind: str, document_title: str) -> bool:
    """Is the document itself about this kind of data ("Support Policy" for support tickets)? Then a rule for
    it is the document's general rule, not a narrow one."""
    title = set(re.findall(r"[a-z]{4,}", document_title.lower()))
    return any(word in title for word in re.findall(r"[a-z]{4,}", kind.lower()) if word not in _GENERIC_WORDS)


def scope_of(text: str, heading: str, document_title: str) -> Scope:
    """The narrowest limit the statement's own words (and its heading) put on it; general otherwise."""
    # Searched lower-cased behind the literal gate; the words quoted are the statement's own (same offsets).
    lowered = text.translate(ASCII_LOWER)
    for source in (text, heading):
        low = lowered if source is text else source.translate(ASCII_LOWER)
        if match := _feature(low):
            return Scope(ScopeKind.FEATURE, source[match.start() : match.end()])
    if (match := gate.search(_OTHERS_MODELS, lowered)) and not gate.search(
        _OWN_ALSO, lowered, 0, match.start()
    ):
        return Scope(ScopeKind.FEATURE, text[match.start() : match.end()])
    if (match := gate.search(_PLAN, lowered)) and match.group("plan").lower() not in document_title.lower():
        return Scope(ScopeKind.PLAN, text[match.start() : match.end()])
    if (match := gate.search(_DATA_KIND, lowered)) and not _titled(match.group(0), document_title):
        return Scope(ScopeKind.DATA_KIND, text[match.start() : match.end()])
    if (match := gate.search(SPECIAL_CATEGORY, lowered)) and not gate.search(_CONTENT_WORD, lowered):
        return Scope(ScopeKind.DATA_KIND, text[match.start() : match.end()])
    return _audience(text, lowered)
