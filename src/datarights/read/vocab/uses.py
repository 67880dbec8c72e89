"""The vocabulary of use and disclosure grants: what is done with data (verbs), which kinds of data,
for which purposes and to which recipients. Each is a closed list of named values matched by declared
patterns, so two wordings of one statement read as the same set ("consistent with this Agreement" and
"in accordance with this Agreement" are both the purpose `agreement`)."""

from __future__ import annotations

import re
from enum import StrEnum

from datarights.read.patterns import compile_


class UseVerb(StrEnum):
    """What a grant lets its actor do with the data, in families (synonyms are one value)."""

    USE = "use"  # use, leverage, utilise, analyse
    PROCESS = "process"  # process, handle, store, transmit, preserve
    ACCESS = "access"  # access, view, review
    COLLECT = "collect"  # collect, obtain, receive, compile
    DISCLOSE = "disclose"  # disclose, share, transfer, provide to, make available
    SELL = "sell"  # sell, rent, license to others for money
    PUBLISH = "publish"  # publish, redistribute, distribute, display, broadcast
    MODIFY = "modify"  # modify, reproduce, copy, translate, transcribe, extract, create derivative works


# Verb words as they appear in a grant, with their family. Order matters only for display.
VERB_WORDS: tuple[tuple[UseVerb, str], ...] = (
    (
        UseVerb.USE,
        r"us(?:e|es|ed|ing)|leverag(?:e|es|ed|ing)|utili[sz](?:e|es|ed|ing)|exploit(?:s|ed|ing)?|analy[sz](?:e|es|ed|ing)",
    ),
    (
        UseVerb.PROCESS,
        r"process(?:es|ed|ing)?|handl(?:e|es|ed|ing)|stor(?:e|es|ed|ing)|transmit(?:s|ted|ting)?|preserv(?:e|es|ed|ing)",
    ),
    (UseVerb.ACCESS, r"access(?:es|ed|ing)?|view(?:s|ed|ing)?|review(?:s|ed|ing)?"),
    (
        UseVerb.COLLECT,
        r"collect(?:s|ed|ing)?|obtain(?:s|ed|ing)?|receiv(?:e|es|ed|ing)|compil(?:e|es|ed|ing)|import(?:s|ed|ing)?",
    ),
    (
        UseVerb.DISCLOSE,
        r"disclos(?:e|es|ed|ing)|shar(?:e|es|ed|ing)|transfer(?:s|red|ring)?|mak(?:e|es|ing)\s+(?:\w+\s+)?available|made\s+available",
    ),
    (UseVerb.SELL, r"sell(?:s|ing)?|sold|rent(?:s|ed|ing)?"),
    (
        UseVerb.PUBLISH,
        r"publish(?:es|ed|ing)?|(?:re)?distribut(?:e|es|ed|ing)|display(?:s|ed|ing)?|broadcast(?:s|ed|ing)?",
    ),
    (
        UseVerb.MODIFY,
        r"modif(?:y|ies|ied|ying)|reproduc(?:e|es|ed|ing)|cop(?:y|ies|ied|ying)|translat(?:e|es|ed|ing)|transcrib(?:e|es|ed|ing)|extract(?:s|ed|ing)?|adapt(?:s|ed|ing)?|create\s+derivative\s+works",
    ),
)
VERB = compile_(r"\b(?:" + "|".join(p for _, p in VERB_WORDS) + r")\b")
_VERB_FAMILY = tuple((family, re.compile(r"(?:" + p + r")\Z", re.I)) for family, p in VERB_WORDS)

# Words that may stand between the actor and the verb ("may also collect and use", "will only access,
# process or use"), stripped from the head before the actor is looked for.
AUXILIARY = compile_(
    r"(?:\b(?:may|might|can|could|will|would|shall|must|do|does|did|also|only|solely|then|further|generally|not|never|no\s+longer"
    r"|and|or|and/or|is|are|be|been|being|has|have|reserves?\s+the\s+right\s+to|is\s+entitled\s+to|to|directly|automatically"
    r"|additionally|otherwise|likewise|similarly|sometimes|routinely|freely|in\s+addition)\b|[,\s]|n[’']t)+\Z"
)


def verb_family(word: str) -> UseVerb | None:
    word = " ".join(word.lower().split())
    return next((family for family, pattern in _VERB_FAMILY if pattern.match(word)), None)


# Kinds of data a grant names, finer than the frames' DataKind (a new kind is a widened right).
# Generic "information" or "data" names no kind: the statement covers whatever its context does.
DATA_KINDS: tuple[tuple[str, str], ...] = (
    ("biometric", r"biometric\w*|face\s*prints?|voice\s*prints?|fingerprints?"),
    ("health", r"health|medical"),
    (
        "children",
        r"child(?:ren)?[’']?s?\s+(?:data|information)|(?:data|information)\s+(?:about|from|of)\s+children",
    ),
    (
        "employment",
        r"employment\s+(?:history|preferences|information)|job\s+(?:applications?|search|history)|educational\s+history|resumes?|cv",
    ),
    ("location", r"(?:precise\s+|approximate\s+)?location\s+(?:data|information)|geolocation|gps"),
    ("contacts", r"address\s+books?|contacts?\s+lists?|your\s+contacts"),
    (
        "payment",
        r"payment\s+(?:information|data|details)|credit\s+card|debit\s+card|billing\s+(?:information|address)",
    ),
    ("communications", r"direct\s+messages?|dms|private\s+messages?|communications?"),
    (
        "usage",
        r"usage\s+(?:data|information)|telemetry|diagnostic\s+data|log\s+(?:data|information)|service[\s-]generated\s+data",
    ),
    ("deidentified", r"de-?identified|anonymi[sz]ed|aggregated|pseudonymi[sz]ed"),
    ("device", r"device\s+(?:information|data|identifiers?)|ip\s+address(?:es)?|cookies?"),
    ("confidential", r"confidential\s+information"),
    (
        "identity",
        r"age\s+and\s+identity|identity\s+(?:information|documents?)|government[\s-]+(?:issued\s+)?ids?",
    ),
    ("public", r"public\s+(?:information|content|posts|data)|publicly\s+available"),
    ("personal", r"personal\s+(?:data|information)|personally\s+identifiable"),
    (
        "content",
        r"(?:customer|user|your)\s+content|content|inputs?|outputs?|prompts?|posts|recordings?|files",
    ),
)
DATA = tuple((name, compile_(r"\b(?:" + p + r")\b")) for name, p in DATA_KINDS)

# Purposes, each a named value. Several wordings of one purpose share a name; a purpose the list does
# not name is not read (a reworded unknown purpose then changes nothing).
PURPOSES: tuple[tuple[str, str], ...] = (
    (
        "agreement",
        r"(?:in\s+accordance\s+with|consistent\s+with|as\s+(?:provided|set\s+forth|described|permitted)\s+(?:for\s+)?(?:in|by|under))"
        r"\s+(?:this|the)\s+(?:agreement|terms)",
    ),
    (
        "provide_service",
        r"(?:perform|fulfil+)\w*\s+(?:our|its|their)\s+obligations|(?:provid|operat|deliver|maintain|run|support)\w*\s+"
        r"(?:(?:and\s+\w+\s+)?(?:you\s+(?:with\s+)?)?(?:our|the|its|these)\s+)?(?:products?\s+(?:and|or)\s+)?services?",
    ),
    (
        "privacy_policy",
        r"(?:in\s+accordance\s+with|consistent\s+with|as\s+(?:described|set\s+out|set\s+forth|explained)\s+in|pursuant\s+to|under)"
        r"\s+(?:(?:in\s+)?(?:our|the|its|this|[\w-]+[’']s)\s+)(?:\[)?privacy\s+(?:statement|policy|notice)"
        r"|\band\s+in\s+(?:our|its|[\w-]+[’']s)\s+privacy\s+(?:statement|policy|notice)",
    ),
    (
        "customer_instruction",
        r"(?:authori[sz]ed|instructed|directed)\s+(?:or\s+\w+\s+)?by\s+(?:you|customer)|at\s+your\s+(?:direction|request)"
        r"|(?:your|customer[’']?s?)\s+(?:documented\s+)?instructions?",
    ),
    (
        "required_by_law",
        r"(?:required|compelled)\s+by\s+(?:applicable\s+)?(?:law|regulation)|compl(?:y|iance)\s+with\s+(?:\w+\s+){0,2}(?:laws?|legal|regulations?|regulatory\s+requirements)|legal\s+(?:obligations?|process)|tax\s+law|court\s+orders?|subpoenas?",
    ),
    ("permitted_by_law", r"permitted\s+(?:or\s+required\s+)?by\s+(?:applicable\s+)?(?:law|regulation)"),
    (
        "legal",
        r"legal(?:,\s*\w+)*(?:\s+(?:or|and)\s+\w+)?\s+purposes|legal\s+(?:claims|rights)|protect\w*\s+(?:the\s+)?(?:\w+\s+)?rights|(?:establish|exercise|defend)\w*\s+(?:\w+\s+)?(?:legal\s+)?claims",
    ),
    ("safety_security", r"safety|security|fraud|abuse|spam|malicious"),
    ("enforce_terms", r"enforc\w*\s+(?:\w+\s+){0,3}(?:terms|polic(?:y|ies)|guidelines|rules|agreements?)"),
    ("improve", r"improv\w*|develop\w*|enhanc\w*"),
    ("train_models", r"train\w*|machine\s+learning|artificial\s+intelligence"),
    ("analytics", r"analy[sz]\w*|measur\w*|statistic\w*|benchmarks?"),
    ("research", r"research"),
    ("advertising", r"advertis\w*|ads|marketing|promot\w*"),
    ("personalize", r"personali[sz]\w*|recommend\w*|relevant|customi[sz]\w*"),
    ("communicate", r"communicat\w*\s+with\s+you|contact\s+you|send\s+you"),
    (
        "identification",
        r"identification|verify\s+(?:your\s+)?identity|identity\s+verification|authenticat\w*",
    ),
    ("jobs", r"jobs?|employers?|candidates"),
)
PURPOSE = tuple((name, compile_(r"\b(?:" + p + r")\b")) for name, p in PURPOSES)

# Who receives data a grant discloses.
RECIPIENTS: tuple[tuple[str, str], ...] = (
    ("tax_authorities", r"tax(?:ing)?\s+authorit(?:y|ies)"),
    (
        "authorities",
        r"law\s+enforcement|government(?:al)?\s+(?:authorit\w+|agenc\w+|entit\w+|bodies)|public\s+authorit\w+|regulators?|courts?|police",
    ),
    ("affiliates", r"affiliat\w*|corporate\s+family|group\s+compan\w+"),
    (
        "service_providers",
        r"service\s+providers?|sub-?processors?|vendors?|contractors?|consultants?|suppliers?|processors?",
    ),
    ("advisors", r"advisors?|advisers?|attorneys?|lawyers?|auditors?|accountants?"),
    ("personnel", r"employees?|personnel|staff"),
    ("partners", r"(?:business\s+|ad\s+|advertising\s+)?partners?"),
    ("advertisers", r"advertisers?"),
    ("employers", r"(?:potential\s+)?employers?"),
    ("acquirers", r"acquir\w+|merger|successor|buyer|purchaser"),
    ("public", r"the\s+public|other\s+users|publicly"),
    ("third_parties", r"third[\s-]part(?:y|ies)|others"),
)
RECIPIENT = tuple((name, compile_(r"\b(?:" + p + r")\b")) for name, p in RECIPIENTS)


def named(vocabulary: tuple[tuple[str, re.Pattern[str]], ...], text: str) -> frozenset[str]:
    """The names of `vocabulary` whose pattern occurs in `text`."""
    return frozenset(name for name, pattern in vocabulary if pattern.search(text))
