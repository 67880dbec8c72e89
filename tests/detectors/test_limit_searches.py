"""Purpose limitations are searched only between the stops around their marker words
(`read.stretches`): the same clauses as a scan of the whole text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.limits import (
    _PURPOSE_LIMIT_LOWER,
    _PURPOSE_LIMIT_MARKERS,
    _SERVICE_PURPOSES_LOWER,
    _SERVICE_PURPOSES_MARKERS,
    limit_clauses,
)
from datarights.read.stretches import clauses_between_stops_lower
from datarights.read.view import clauses_matching_lower
from tests.detectors.texts import markdown_view as _view

_WORDS = (
    "We", "may", "will", "can", "only", "Solely", "exclusively", "strictly", "use", "uses", "process",
    "access", "receive", "as", "reasonably", "necessary", "needed", "required", "to", "to:", "(a)", "(ii)",
    "for", "provide", "deliver", "perform", "operate", "support", "maintain", "host", "no", "any", "other",
    "purpose", "purposes", "the", "limited", "right", "rights", "license", "permission", "that", "are",
    "following", "reasons", "permitted", "in", "accordance", "content", "data", "inputs", "information",
    "instructs", "instruct", "Customer", "service",
)  # fmt: skip
_BETWEEN = (" ", " ", " ", "  ", "\n", "\n\n", ". ", "; ", ", ", ".", ";", ":", "")
_PARTS = st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_BETWEEN)), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(_PARTS)
def test_limits_between_stops_are_those_of_a_scan(parts: list[tuple[str, str]]) -> None:
    view = _view("".join(word + between for word, between in parts) + "\n")
    for pattern, markers in (
        (_PURPOSE_LIMIT_LOWER, _PURPOSE_LIMIT_MARKERS),
        (_SERVICE_PURPOSES_LOWER, _SERVICE_PURPOSES_MARKERS),
    ):
        assert [c.index for c in clauses_between_stops_lower(view, pattern, markers)] == [
            c.index for c in clauses_matching_lower(view, pattern)
        ]


def test_a_limit_in_the_second_sentence_is_found() -> None:
    view = _view("Acme hosts the service. Acme will use Customer Content solely to provide the Services.\n")
    assert [c.text for c in limit_clauses(view)] == [
        "Acme will use Customer Content solely to provide the Services."
    ]
