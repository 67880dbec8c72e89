"""Many literals found in one pass over the text (`read.occurrences`) start where a search per literal
finds them, overlapping starts and letters outside the Basic Multilingual Plane included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.read.occurrences import BATCH, REMEMBER, Literals

_ALPHABET = st.sampled_from(["a", "n", "s", "u", "e", " ", "’", "é", "\U0001f600"])


def _every_start(text: str, literal: str) -> list[int]:
    return [i for i in range(len(text)) if text.startswith(literal, i)]


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=_ALPHABET, max_size=80),
    literals=st.sets(st.text(alphabet=_ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12),
)
def test_one_pass_finds_every_start_of_every_literal(text: str, literals: set[str]) -> None:
    found = Literals().find(text, frozenset(literals))
    assert found == {literal: _every_start(text, literal) for literal in literals}


def test_literals_are_found_together_once_enough_are_known() -> None:
    text = "banana uses data " * 3
    alone: list[str] = []

    def search(literal: str) -> list[int]:
        alone.append(literal)
        return _every_start(text, literal)

    few = Literals()
    few.note(["ana", "use"])
    cache: dict[str, list[int]] = {}
    assert few.starts(cache, text, "ana", search) == _every_start(text, "ana")
    assert alone == ["ana"]  # too few known to pay for a pass

    many = Literals()
    words = [f"w{i}" for i in range(BATCH)]
    many.note(words)
    cache = {}
    assert many.starts(cache, text, "data", search) == _every_start(text, "data")
    assert many.starts(cache, text, "w3", search) == []
    assert alone == ["ana"] and set(cache) == {*words, "data"}  # one pass found them all

    full = Literals(limit=1)
    full.note(["ana", "use"])
    assert full.starts({}, text, "use", search) == _every_start(text, "use")  # past the limit: alone
    assert alone == ["ana", "use"]


def test_literals_nobody_asks_for_are_forgotten() -> None:
    """A document's own terms do not stay in the passes over every later document."""
    alone: list[str] = []

    def search(literal: str) -> list[int]:
        alone.append(literal)
        return []

    known = Literals()
    known.note([f"term{i}" for i in range(BATCH)])
    assert known.starts({}, "text", "use", search) == [] and alone == []  # found in one pass
    for _ in range(2 * REMEMBER):
        known.starts({}, "text", "use", search)  # a new text each time, asking for "use" only
    assert known.starts({}, "text", "data", search) == [] and alone[-1] == "data"  # too few left
