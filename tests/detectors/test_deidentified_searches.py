"""The de-identified-use detector's own searches find exactly what a scan of the whole text finds: the
list items opening with a deriving verb (found from the verbs), and "derived data may be used" (searched
only between the stops around "may be used")."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.deidentified_use.detector import (
    _DERIVING_VERB,
    _ITEM_DERIVING_VERB_ANYWHERE,
    _USED_MARKER,
    DERIVED_PASSIVE,
    DERIVING_OPENINGS,
    _items_deriving,
)
from datarights.detect.language import DocumentView, lowered_text
from datarights.read import stretches
from tests.detectors.texts import markdown_view as _view

_WORDS = (
    "Aggregate",
    "aggregate",
    "aggregated",
    "de-identify",
    "Deidentify",
    "anonymise",
    "anonymize",
    "pseudonymise",
    "ANONYMOUS",
    "usage",
    "data",
    "Data",
    "information",
    "statistics",
    "telemetry",
    "that",
    "has",
    "been",
    "may",
    "can",
    "will",
    "also",
    "be",
    "used",
    "shared",
    "retained",
    "we",
    "the",
    "*",
    "•",
    "-",
    "1.",
)
_BETWEEN = (" ", " ", "  ", "\n", "\n\n", " \n ", ". ", "; ", ", ", "\t", "")


def _used_markers(view: DocumentView) -> list[int]:
    return [m.start() for m in _USED_MARKER.finditer(lowered_text(view))]


def _text(parts: list[tuple[str, str]]) -> str:
    return "".join(word + between for word, between in parts) + "\n"


_PARTS = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_BETWEEN)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(_PARTS)
def test_items_found_from_the_verbs_are_those_of_a_scan(parts: list[tuple[str, str]]) -> None:
    view = _view(_text(parts))
    assert [m.span() for m in _items_deriving(view)] == [
        m.span() for m in _ITEM_DERIVING_VERB_ANYWHERE.finditer(view.doc.text)
    ]


@settings(max_examples=150, deadline=None)
@given(_PARTS)
def test_derived_passive_between_stops_is_what_the_scan_finds(parts: list[tuple[str, str]]) -> None:
    view = _view(_text(parts))
    found = stretches.search_between_stops(view, DERIVED_PASSIVE.regex, _used_markers(view))
    assert [(c.index, m.span()) for c, m in found] == [
        (c.index, m.span()) for c, m in view.search(DERIVED_PASSIVE.regex)
    ]


def test_a_listed_verb_and_a_passive_use_are_found() -> None:
    view = _view(
        "We may use your data to:\n\n* aggregate usage data for research.\n\nUsage data may be used by us.\n"
    )
    assert [m.group(0).strip() for m in _items_deriving(view)] == ["aggregate"]
    ((_, match),) = stretches.search_between_stops(view, DERIVED_PASSIVE.regex, _used_markers(view))
    assert match.group(0) == "Usage data may be used"


def test_a_text_with_a_caseless_look_alike_is_scanned_whole() -> None:
    # "ſ" matches "s" only under re.IGNORECASE: the verb "anonymiſe" is not in the lower-cased text.
    view = _view("Terms:\n\n* anonymi\u017fe the records for research\n")
    assert [m.span() for m in _items_deriving(view)] == [
        m.span() for m in _ITEM_DERIVING_VERB_ANYWHERE.finditer(view.doc.text)
    ]
    assert list(_items_deriving(view))


def test_every_deriving_verb_opens_with_one_of_the_openings_searched_for() -> None:
    alternatives = _DERIVING_VERB.removeprefix("(?:").removesuffix(")").split("|")
    for alternative in alternatives:
        for hyphen in ("-", ""):
            for letter in ("s", "z"):
                word = alternative.replace("-?", hyphen).replace("[sz]", letter)
                assert re.fullmatch(_DERIVING_VERB, word), word
                assert word.startswith(DERIVING_OPENINGS), word
