"""How the documents of a deal name each other: "the DPA", "SpaceXAI's Acceptable Use Policy",
"these Terms", "the OpenAI Services Agreement", and which of those names mean the citing
document itself.

Names are found per clause; their kind comes from the words of the name, most specific first
("OpenAI Data Processing Agreement" is a DPA, not an agreement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datarights.detect.language import DocumentView
from datarights.stack.model import DocKind

# Checked in order on the words of a name: the first that matches gives its kind.
KIND_RULES: tuple[tuple[DocKind, re.Pattern[str]], ...] = (
    (DocKind.BAA, re.compile(r"business\s+associate|\bBAA\b", re.I)),
    (DocKind.SCCS, re.compile(r"standard\s+contractual\s+clauses|\bSCCs\b|\bUK\s+Addendum\b|\bIDTA\b", re.I)),
    (DocKind.DPA, re.compile(r"data\s+process(?:ing|or)\s+(?:addendum|agreement|terms)|\bDPA\b", re.I)),
    (DocKind.AI_ADDENDUM, re.compile(r"\bAI\s+(?:addendum|terms)\b", re.I)),
    (DocKind.PRIVACY_POLICY, re.compile(r"privacy\s+(?:policy|policies|notice|statement)", re.I)),
    (DocKind.ACCEPTABLE_USE, re.compile(r"acceptable\s+use|\bAUP\b|usage\s+polic", re.I)),
    (DocKind.SERVICE_TERMS, re.compile(r"service[\s-]+specific\s+terms|\bservice\s+terms\b", re.I)),
    (DocKind.ORDER_FORM, re.compile(r"order\s+forms?|cover\s+page|\bkey\s+terms\b", re.I)),
    (DocKind.POLICIES, re.compile(r"\bpolicies\b|\bpolicy\b|\bguidelines\b", re.I)),
    (DocKind.ADDENDUM, re.compile(r"\baddendum\b|\bamendment\b", re.I)),
    (
        DocKind.AGREEMENT,
        re.compile(r"\bagreement\b|business\s+terms|commercial\s+terms|enterprise\s+terms", re.I),
    ),
    (DocKind.TERMS, re.compile(r"\bterms\b", re.I)),
)

# A document name as written. Names of agreements and terms must be capitalised ("the Agreement",
# "these Terms"): in lower case they are ordinary words ("any agreement", "the terms of").
_NAME = re.compile(
    r"(?i:business\s+associate\s+(?:agreement|addendum))(?:\s+or\s+Amendment)?"
    r"|(?i:standard\s+contractual\s+clauses)|\b(?:EEA\s+|EU\s+)?SCCs\b|\bUK\s+Addendum\b|\bIDTA\b"
    r"|(?:\b[A-Z][\w-]*\s+){0,2}(?i:data\s+process(?:ing|or)\s+(?:addendum|agreement|terms))|\bDPA\b"
    r"|\bAI\s+(?:Addendum|Terms)\b"
    r"|(?:\b(?:Business|Consumer|EU|European|Global)\s+)?(?i:privacy\s+(?:policy|notice|statement))"
    r"|(?i:acceptable\s+use\s+policy)|\bAUP\b|\bUsage\s+Polic(?:y|ies)\b"
    r"|\bService[\s-]+[Ss]pecific\s+[Tt]erms\b|\bService\s+Terms\b"
    r"|\bOrder\s+Forms?\b|\bCover\s+Page\b"
    r"|\b[A-Z][A-Za-z]+\s+Policies\b"
    r"|(?:\b[A-Z][\w-]*\s+(?:&\s+)?){1,3}(?:Policy|Guidelines)\b"
    r"|\bTerms\s+of\s+(?:Service|Use)\b"
    r"|(?:\b[A-Z][\w-]*\s+){0,3}(?:Agreement|Addendum|Amendment|Terms)\b"
)
# Agreements that are clauses or other contracts, never a document of the deal.
_NOT_A_DOCUMENT = re.compile(
    r"arbitration|license\s+agreement|confidentiality|non-disclosure|entire\s+agreement|^(?:this|the)\s*$"
    r"|\bprior\b|\bcourse\b",
    re.I,
)
# Words that may lead a name without making it another company's ("Business Terms", "Master …").
_GENERIC_LEAD = frozenset(
    [
        "business",
        "consumer",
        "eu",
        "european",
        "global",
        "data",
        "service",
        "services",
        "master",
        "cloud",
        "customer",
        "subscription",
        "commercial",
        "enterprise",
        "online",
        "standard",
        "negotiated",
        "key",
        "framework",
        "order",
        "general",
        "additional",
        "specific",
        "provider",
        "company",
        "platform",
        "api",
        "developer",
        "ai",
        "privacy",
        "the",
        "this",
        "these",
    ]
)
_DETERMINER = re.compile(
    r"(?:\b(this|these|the|our|your|its|such|any|each|that|applicable|relevant)\s+)$", re.I
)
_OWNER = re.compile(r"(?:\b([A-Z][\w-]*|[Tt]hird[\s-]part(?:y|ies))(?:[’']s?)?\s+)$")
_GENERIC_SELF = frozenset(
    {
        "agreement",
        "terms",
        "terms of service",
        "terms of use",
        "standard terms",
        "framework terms",
        "general terms",
    }
)
_DETERMINERS = frozenset(
    ["this", "these", "the", "our", "your", "its", "such", "any", "each", "that", "applicable", "relevant"]
)
_LEADING_WORDS = _DETERMINERS | {
    "if",
    "in",
    "for",
    "by",
    "as",
    "under",
    "all",
    "an",
    "a",
    "additional",
    "and",
}
# A company's own name as it leads a document name: "X", "OpenAI", "SpaceXAI", "xAI" (short,
# or with capitals inside), not an ordinary title-case word ("Usage Policies", "Cover Page").
_PROPER = re.compile(
    r"(?!(?:AND|THE|OUR|FOR|ANY|ALL|UK|EU|EEA|US|AI|API)\b)(?:[A-Z]{1,3}|[A-Za-z]+[a-z][A-Z][A-Za-z]*|[a-z]+[A-Z][A-Za-z]*)"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s)\]>,;]+[^\s)\]>,;.]")
_SELF_ALIAS = re.compile(
    r"\b(?:This|These)\s+((?:[A-Z][\w-]*\s+){0,6}?(?:Agreement|Addendum|Amendment|Terms|DPA|Policy|Form)"
    r"(?:\s+of\s+(?:Service|Use))?)\s*\(\s*(?:the\s+|this\s+)?[“\"]([^”\"]{1,60})[”\"]"
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A document name at offsets [start, end) of the document text."""

    start: int
    end: int
    name: str
    kind: DocKind
    determiner: str  # lower-cased: "this", "the", "our", … or ""
    owner: str  # a proper name before the name ("SpaceXAI", "X"), or "third-party"
    url: str  # a URL written just after the name


def kind_of(name: str) -> DocKind:
    for kind, rule in KIND_RULES:
        if rule.search(name):
            return kind
    return DocKind.OTHER


def self_aliases(view: DocumentView) -> frozenset[str]:
    """Names the document gives itself: "This OpenAI Data Processing Addendum (“DPA”)" → both."""

    def compute() -> frozenset[str]:
        found: set[str] = set()
        for match in _SELF_ALIAS.finditer(view.doc.text[:20000]):
            found.add(match.group(1).lower())
            found.add(match.group(2).lower())
        return frozenset(found)

    return view.memo("_stack_self_aliases", compute)


def mentions(view: DocumentView, start: int, end: int) -> tuple[Mention, ...]:
    """Document names between `start` and `end`."""
    text = view.doc.text
    found: list[Mention] = []
    for match in _NAME.finditer(text, start, end):
        words = match.group(0).split()
        first = match.start()
        peeled = ""
        # "These Terms", "Our Business Terms": a leading determiner is not part of the name.
        while len(words) > 1 and words[0].lower() in _LEADING_WORDS:
            peeled = words[0].lower()
            first = text.index(words[1], first + len(words[0]))
            words = words[1:]
        name = " ".join(words)
        if _NOT_A_DOCUMENT.search(name):
            continue
        before = text[max(0, first - 40) : first]
        det = _DETERMINER.search(before)
        determiner = peeled if peeled in _DETERMINERS else (det.group(1).lower() if det else "")
        if name.lower() in {"terms", "addendum", "amendment"} and not determiner:
            continue
        kind = kind_of(name)
        owner_word = ""
        owner = _OWNER.search(before)
        if kind is DocKind.SCCS:
            pass
        elif words[0].lower().startswith("third") or (
            owner is not None and owner.group(1).lower().startswith("third")
        ):
            owner_word = "third-party"
        elif owner is not None and _PROPER.fullmatch(owner.group(1)) and not determiner:
            owner_word = owner.group(1)
        elif len(words) > 1 and _PROPER.fullmatch(words[0]) and kind_of(words[0]) is DocKind.OTHER:
            owner_word = words[0]
        url_match = _URL.search(text, match.end(), min(len(text), match.end() + 80))
        url = url_match.group(0) if url_match and not text[match.end() : url_match.start()].count(".") else ""
        found.append(Mention(first, match.end(), name, kind, determiner, owner_word, url))
    return tuple(found)


def _same_title(name: str, title: str) -> bool:
    title = " ".join(title.lower().split())
    return bool(title) and (name in title or title in name)


def is_self(view: DocumentView, own_kind: DocKind, mention: Mention) -> bool:
    """Does `mention` name the citing document itself ("this Agreement", "the DPA" in a DPA, the
    "Service Terms" inside the section of that name)?"""
    if mention.determiner in {"this", "these"}:
        # "these Standard Contractual Clauses incorporated herein" names a legal text, not the DPA.
        return mention.kind is not DocKind.SCCS
    name = mention.name.lower()
    if name in self_aliases(view):
        return True
    main = {DocKind.AGREEMENT, DocKind.TERMS}
    if (
        own_kind in main
        and mention.kind in main
        and (name in _GENERIC_SELF or _same_title(name, view.doc.title))
    ):
        # "your Agreement", or an "Agreement" the document defines as another contract, is not itself.
        defined_elsewhere = view.doc.definition(mention.name) is not None and name not in self_aliases(view)
        return mention.determiner != "your" and not defined_elsewhere
    if (
        mention.kind is own_kind
        and own_kind not in main
        and mention.determiner not in {"your", "our"}
        and not mention.owner
    ):
        # "the DPA" in a DPA is itself; "Service Credit Terms" in terms of use is another document.
        return True
    section = view.doc.section_at(mention.start)
    if section is not None:
        headings = " / ".join(s.heading for s in view.doc.section_path(section)).lower()
        if kind_of(headings) is mention.kind and mention.kind not in {DocKind.AGREEMENT, DocKind.TERMS}:
            return True
    return False


def is_external(view: DocumentView, mention: Mention) -> bool:
    """A third party's document ("Third-Party Terms", "the X Privacy Policy" in xAI's policy)."""
    if not mention.owner:
        return False
    if mention.owner == "third-party":
        return True
    owner = mention.owner.lower()
    known = {d.term.lower() for d in view.doc.definitions} | set(view.provider_names) | set(view.acting_names)
    title = f"{view.doc.title} {view.doc.path}".lower()
    return owner not in known and not re.search(rf"\b{re.escape(owner)}\b", title)
