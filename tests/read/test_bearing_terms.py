"""Content-bearing usage terms are found in a clause in one pass: the same definitions, in the same order, as a
loop over every definition (which made large documents cost the square of their size)."""

from __future__ import annotations

from datarights.read.training import _bearing_definitions, _names_content_bearing_term
from datarights.read.view import TextView, content_bearing_terms, terms_in
from tests.detectors.texts import markdown_view

DOCUMENT = """## 1 Definitions

"Usage Data" means data about use of the Service, including the text of requests entered by Users.

"Usage Data Logs" means records of Usage Data, including the prompts submitted by Users.

"Service Metrics" means counts of requests, excluding their content.

## 2 Use

Acme may use Usage Data Logs to train its models.

Acme may use Service Metrics for billing.
"""


def _plain(view: TextView, text: str) -> tuple[int, ...]:
    lowered = text.lower()
    found = []
    for definition in view.doc.definitions:
        if definition.term.lower() in content_bearing_terms(view) and definition.term.lower() in lowered:
            clause = view.clause_at(definition.term_span.start)
            if clause is not None:
                found.append(clause.index)
    return tuple(dict.fromkeys(found))


def test_overlapping_terms_are_all_found_in_definition_order() -> None:
    view = markdown_view(DOCUMENT)
    assert {"usage data", "usage data logs"} <= content_bearing_terms(view)
    for clause in view.clauses:
        assert _bearing_definitions(view, clause.text) == _plain(view, clause.text)
        assert _names_content_bearing_term(view, clause.text) == bool(_plain(view, clause.text))
    training = next(c for c in view.clauses if "train" in c.text)
    # "Usage Data Logs" holds "Usage Data": both definitions are cited, the shorter term's first.
    assert len(_bearing_definitions(view, training.text)) == 2


def test_a_document_without_such_terms_finds_none() -> None:
    view = markdown_view("Acme may use Service Metrics for billing.\n")
    assert _bearing_definitions(view, "Acme may use Service Metrics for billing.") == ()


def test_terms_in_finds_each_term_a_plain_substring_test_finds() -> None:
    view = markdown_view(DOCUMENT)
    terms = frozenset({"usage data", "usage data logs", "data", "logs for", "service metrics"})
    for text in ("Acme may use Usage Data Logs for training.", "Nothing here.", "SERVICE METRICS"):
        assert terms_in(view, "test", terms, text) == {t for t in terms if t in text.lower()}
