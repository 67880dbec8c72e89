"""One pass over the text for every literal the readers asked for (`read.occurrences`) finds the same
starts as a search per literal, overlapping ones and letters outside the Basic Multilingual Plane included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.read.occurrences import Literals

_ALPHABET = st.sampled_from(["a", "n", "s", "u", "e", " ", "’", "é", "\U0001f600"])


def _every_start(text: str, literal: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(literal, i)]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=80),
    literals=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=8),
)
def test_index_finds_every_start_of_every_known_literal(text: str, literals: list[str]) -> None:
    known = Literals()
    for literal in literals:
        known.note(literal)
    index = known.index(text)
    for literal in literals:
        assert index.starts(literal) == _every_start(text, literal)


def test_literals_past_the_limit_or_noted_later_are_left_to_the_caller() -> None:
    known = Literals(limit=2)
    for literal in ("ana", "use", "data"):
        known.note(literal)
    index = known.index("banana uses data")
    assert index.starts("ana") == [1, 3]
    assert index.starts("use") == [7]
    assert index.starts("data") is None  # past the limit
    known.note("ban")
    assert index.starts("ban") is None  # an index keeps the literals it was made with
    assert Literals().index("anything").starts("any") is None
