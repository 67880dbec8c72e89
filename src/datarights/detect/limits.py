"""Purpose limitations: clauses that confine the provider's use of customer content
("will only use Customer Content as necessary to provide the Services", "solely to
provide and maintain", "for no other purpose"). They are the evidence for a "no"
on the questions about the provider's own uses."""

from __future__ import annotations

from collections.abc import Iterator

from datarights.detect.language import Clause, DocumentView, compile_

PURPOSE_LIMIT = compile_(
    r"\b(?:only|solely|exclusively)\s+(?:\w+\s+){0,4}?(?:use|uses|process|processes|access|receive)\b"
    r"|\b(?:use|uses|process|processes|access)\b[^.;]{0,80}?\b(?:only|solely|exclusively|strictly)\s+(?:as\s+(?:reasonably\s+)?necessary|to|for|in\s+accordance)"
    r"|\b(?:only|solely)\s+(?:as\s+)?(?:reasonably\s+)?(?:necessary|needed)\s+(?:to|for)\s+(?:provide|deliver|perform)"
    r"|\bfor\s+(?:no|any)\s+other\s+purposes?\b|\bonly\s+the\s+limited\s+rights?\b|\blimited\s+rights?\s+(?:that\s+are\s+)?(?:reasonably\s+)?necessary"
    r"|\bonly\s+receive\s+rights\b|\bfor\s+the\s+following\s+reasons\b|\bpermitted\s+uses\b"
)
_PROVIDER_SUBJECT = compile_(r"\b(?:we|us|provider|company|processor|customer\s+grants|grants?\s+\w+\s+only)\b")


def purpose_limits(view: DocumentView) -> Iterator[Clause]:
    """Clauses limiting what the provider may do with customer content, once each."""
    for clause in view.clauses_matching(PURPOSE_LIMIT):
        text = clause.text
        if not view.mentions_content(text):
            continue
        if _PROVIDER_SUBJECT.search(text) or view.provider_pattern.search(text):
            yield clause
