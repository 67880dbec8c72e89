"""Purpose limitations: clauses that confine the provider's use of customer content
("will only use Customer Content as necessary to provide the Services", "solely to
provide and maintain", "for no other purpose") or grant uses that stop at running the
service ("may use Content to provide the Service, comply with law and keep it safe").
They are the evidence for a "no" on the questions about the provider's own uses."""

from __future__ import annotations

from collections.abc import Iterator

from datarights.detect.language import Clause, DocumentView, compile_, compile_lower
from datarights.read.stretches import clauses_between_stops_lower

PURPOSE_LIMIT = compile_(
    r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,4}?(?:use|uses|process|processes|access|receive)\b"
    r"|\b(?:use|uses|process|processes|access)\b[^.;]{0,80}?\b(?:only|solely|exclusively|strictly)\s+(?:as\s+(?:reasonably\s+)?necessary|to|for|in\s+accordance)"
    # "only as reasonably necessary (a) to provide the Service"
    r"|\b(?:only|solely)\s+(?:as\s+)?(?:reasonably\s+)?(?:necessary|needed)\s+(?:\(\w{1,4}\)\s*)?(?:to|for)\s+(?:provide|deliver|perform)"
    r"|\bfor\s+(?:no|any)\s+other\s+purposes?\b|\bonly\s+the\s+limited\s+rights?\b|\blimited\s+rights?\s+(?:that\s+are\s+)?(?:reasonably\s+)?necessary"
    r"|\bfor\s+the\s+following\s+reasons\b|\bpermitted\s+uses\b"
)
# Uses granted only for running the service ("may use Content to provide the Service, comply with
# law and keep the Service safe", "a limited right to use Customer Data to provide and support the
# Services", "as reasonably necessary to: (i) provide the Services"): the scope of use, read as a limit
# when nothing in the clause reaches improvement, development or training.
SERVICE_PURPOSES = compile_(
    r"\blimited\b[^.;]{0,80}?\b(?:right|licen[cs]e|permission)\b[^.;]{0,200}?\bto\s+(?:provide|deliver|perform|operate|support|maintain|host)\b"
    r"|\bas\s+(?:reasonably\s+)?(?:necessary|needed|required)\s+(?:for\s+\w+\s+)?to\s*:?\s*(?:\(\w{1,4}\)\s*)?(?:provide|deliver|perform|operate|maintain|host)\b"
    r"|\b(?:may|will|can)\s+(?:\w+\s+){0,2}?(?:use|process|access)\s+(?:\w+\s+){0,3}?(?:content|data|inputs?|information)\s+(?:\w+\s+){0,2}?to\s+(?:provide|deliver|operate|maintain)\b"
    r"|\binstruct\w*\s+(?:\w+\s+){0,2}?to\s+process\b[^.;]{0,60}?(?:\(\w{1,4}\)\s*)?to\s+(?:provide|deliver|perform|operate|maintain)\b"
)
# The same, run over the lower-cased text (much faster than re.IGNORECASE on long documents).
_PURPOSE_LIMIT_LOWER = compile_lower(PURPOSE_LIMIT.pattern)
_SERVICE_PURPOSES_LOWER = compile_lower(SERVICE_PURPOSES.pattern)
# Words one of which every match of each holds (neither holds "." or ";"): only the stretches between
# stops that hold one are searched (`read.stretches`). A test checks each alternative holds a marker.
_PURPOSE_LIMIT_MARKERS = compile_lower(
    r"only|solely|exclusively|strictly|other\s+purpose|limited\s+right|following\s+reasons|permitted\s+uses"
)
_SERVICE_PURPOSES_MARKERS = compile_lower(
    r"to\s*:?\s*(?:\(\w{1,4}\)\s*)?(?:provide|deliver|perform|operate|support|maintain|host)"
)
_BEYOND_SERVICE = compile_(
    r"\b(?:improv\w*|develop\w*|train\w*|enhanc\w*|research|any\s+(?:lawful\s+)?purpose|business\s+purposes)\b"
)
_PROVIDER_SUBJECT = compile_(
    r"\b(?:we|us|provider|company|processor|customer\s+grants|grants?\s+\w+\s+only)\b"
)
# A licence the provider grants the customer ("Zoom grants you a limited licence to use the Software").
_GRANT_TO_CUSTOMER = compile_(r"\bgrants?\s+(?:to\s+)?(?:you|customer|licensee|the\s+customer|subscriber)\b")
# A grant from the customer to the provider is about the customer's materials even when it names none.
_CUSTOMER_GRANT = compile_(r"\b(?:customer|you)\s+(?:hereby\s+)?grants?\b")


def limit_clauses(view: DocumentView) -> tuple[Clause, ...]:
    """Clauses holding purpose-limiting wording, whoever and whatever they speak of (cached on the view)."""
    return view.memo(
        "_limit_clauses",
        lambda: tuple(clauses_between_stops_lower(view, _PURPOSE_LIMIT_LOWER, _PURPOSE_LIMIT_MARKERS)),
    )


def purpose_limits(view: DocumentView) -> tuple[Clause, ...]:
    """Clauses limiting what the provider may do with customer content, once each, in document order
    (computed once per document: several questions cite them)."""
    return view.memo("_purpose_limits", lambda: tuple(_purpose_limits(view)))


def _purpose_limits(view: DocumentView) -> Iterator[Clause]:
    limits = {c.index: c for c in limit_clauses(view)}
    for clause in clauses_between_stops_lower(view, _SERVICE_PURPOSES_LOWER, _SERVICE_PURPOSES_MARKERS):
        if clause.index not in limits and not _BEYOND_SERVICE.search(clause.text):
            limits[clause.index] = clause
    for index in sorted(limits):
        clause = limits[index]
        text = clause.text
        if not view.mentions_content(text) and not _CUSTOMER_GRANT.search(text):
            continue
        if _GRANT_TO_CUSTOMER.search(text):
            continue  # limits what the customer may do with the provider's software, not the reverse
        if _PROVIDER_SUBJECT.search(text) or view.provider_actor_pattern.search(text):
            yield clause
