"""Which supplied file a named document is: by kind, title words and URL, else missing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from datarights.model import Document
from datarights.stack.model import Audience, DocKind, Resolution
from datarights.stack.names import Mention, kind_of

# The kinds of supplied file a name of each kind may mean, best first.
COMPATIBLE: dict[DocKind, tuple[DocKind, ...]] = {
    DocKind.AGREEMENT: (DocKind.AGREEMENT, DocKind.TERMS),
    DocKind.TERMS: (DocKind.TERMS, DocKind.AGREEMENT),
    DocKind.POLICIES: (DocKind.ACCEPTABLE_USE,),
    DocKind.ADDENDUM: (DocKind.ADDENDUM, DocKind.AI_ADDENDUM),
}
_DOC_TYPE_KIND: dict[str, DocKind] = {
    "data_processing_agreement": DocKind.DPA,
    "privacy_policy": DocKind.PRIVACY_POLICY,
    "acceptable_use": DocKind.ACCEPTABLE_USE,
    "developer_terms": DocKind.TERMS,
    "commercial_terms": DocKind.AGREEMENT,
    "terms_of_service": DocKind.TERMS,
}
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "to",
        "for",
        "this",
        "these",
        "our",
        "your",
        "its",
        "terms",
        "agreement",
        "policy",
        "md",
    ]
)


def document_kind(document: Document, doc_type: str) -> DocKind:
    """A supplied file's kind: an addendum by its title (doc types do not know addenda), else by its
    document type, else by its title and file name."""
    title = f"{document.title} {PurePath(document.path).stem}"
    by_title = kind_of(title)
    if by_title in {DocKind.AI_ADDENDUM, DocKind.ADDENDUM, DocKind.ORDER_FORM, DocKind.BAA}:
        return by_title
    return _DOC_TYPE_KIND.get(doc_type, by_title)


@dataclass(frozen=True, slots=True)
class Supplied:
    path: str
    kind: DocKind
    title: str
    audience: Audience
    headings: tuple[str, ...]  # top-level section headings, for documents found inside a file


@dataclass(frozen=True, slots=True)
class Match:
    resolution: Resolution
    path: str = ""
    section: str = ""


# Words any document's name may carry; a name with other words ("Service Credit Terms") must share
# one of them with the file it is matched to.
_GENERIC = frozenset(
    [
        "service",
        "services",
        "data",
        "processing",
        "processor",
        "addendum",
        "agreement",
        "terms",
        "policy",
        "policies",
        "use",
        "of",
        "privacy",
        "acceptable",
        "usage",
        "order",
        "form",
        "forms",
        "customer",
        "master",
        "online",
        "specific",
        "dpa",
    ]
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 1}


def match_mention(
    mention: Mention, external: bool, source: Supplied, supplied: tuple[Supplied, ...]
) -> Match:
    if mention.kind is DocKind.SCCS:
        return Match(Resolution.STANDARD)
    if external:
        return Match(Resolution.EXTERNAL)
    kinds = COMPATIBLE.get(mention.kind, (mention.kind,))
    name_words = _words(mention.name) | _words(re.sub(r"^https?://[^/]+", "", mention.url))
    distinctive = _words(mention.name) - _GENERIC - {mention.owner.lower()}
    best: tuple[float, str] | None = None
    for candidate in supplied:
        if candidate.path == source.path or candidate.kind not in kinds:
            continue
        candidate_words = _words(f"{candidate.title} {PurePath(candidate.path).stem}")
        if distinctive and not distinctive & candidate_words:
            continue
        score = float(len(kinds) - kinds.index(candidate.kind))
        score += len(name_words & candidate_words) * 0.5
        if candidate.audience is source.audience and source.audience is not Audience.UNKNOWN:
            score += 0.75
        if best is None or score > best[0]:
            best = (score, candidate.path)
    if best is not None:
        return Match(Resolution.SUPPLIED, best[1])
    for candidate in supplied:
        for heading in candidate.headings:
            if kind_of(heading) is mention.kind and mention.kind not in {DocKind.AGREEMENT, DocKind.TERMS}:
                return Match(Resolution.SECTION, candidate.path, heading)
    return Match(Resolution.MISSING)
