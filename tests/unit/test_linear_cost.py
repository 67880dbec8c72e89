"""The definition-use search is one trie-shaped alternation: the same matches as the flat
longest-first alternation it replaced, at a cost that does not grow with the term count."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.read.vocab.scope import audience_before, audience_of, first_audiences
from datarights.structure.definitions import trie_alternation

_WORDS = st.text(alphabet="abcAB -’s.", min_size=1, max_size=8)


def _flat(words: set[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _matches(alternation: str, text: str) -> list[tuple[int, int, str]]:
    pattern = re.compile(r"(?<![\w-])(?P<term>" + alternation + r")(?:s|es|’s|'s)?(?![\w-])")
    return [(m.start(), m.end("term"), m["term"]) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(words=st.sets(_WORDS, min_size=1, max_size=12), filler=st.lists(_WORDS, max_size=30))
def test_trie_alternation_matches_like_the_flat_longest_first_one(words: set[str], filler: list[str]) -> None:
    text = " ".join(filler[: len(filler) // 2] + sorted(words) + filler[len(filler) // 2 :])
    assert _matches(trie_alternation(words), text) == _matches(_flat(words), text)


def test_trie_alternation_factors_prefixes_and_prefers_the_longest() -> None:
    words = {"Customer", "Customer Data", "Customer Data Set", "Customs", "Data"}
    assert re.fullmatch(trie_alternation(words), "Customer Data Set")
    assert re.match(trie_alternation(words), "Customer Data Set")[0] == "Customer Data Set"  # type: ignore[index]
    assert trie_alternation({"x" * 5000}) == "x" * 5000  # a long term costs no recursion per character


@settings(max_examples=300, deadline=None)
@given(words=st.sets(_WORDS, min_size=1, max_size=12), filler=st.lists(_WORDS, max_size=30))
def test_case_insensitive_trie_matches_like_the_flat_one(words: set[str], filler: list[str]) -> None:
    # "Data" and "data set" under re.IGNORECASE: the longer must still win.
    text = " ".join(
        filler[: len(filler) // 2] + [w.swapcase() for w in sorted(words)] + filler[len(filler) // 2 :]
    )

    def matches(alternation: str) -> list[tuple[int, int]]:
        pattern = re.compile(r"\b(?:" + alternation + r")\b", re.IGNORECASE)
        return [m.span() for m in pattern.finditer(text)]

    assert matches(trie_alternation(words, ignore_case=True)) == matches(_flat(words))


_AUDIENCE_WORDS = st.sampled_from(
    (
        "users",
        "in",
        "the",
        "EU",
        "European",
        "consumers",
        "residents",
        "California",
        "we",
        "may",
        "change",
        "these",
        "terms.",
        "UK",
        "customers",
        "located",
        "Brazil",
        "notify",
        "you",
        ";",
        "-",
        "EEA",
    )
)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(_AUDIENCE_WORDS, max_size=40), cut=st.integers(0, 400))
def test_the_audience_before_a_clause_is_the_audience_of_the_text_before_it(
    words: list[str], cut: int
) -> None:
    # Change frames look up the audience a paragraph names before each clause from the paragraph's first
    # audiences, found once: a paragraph of many clauses (hard-wrapped text) is not searched per clause.
    text = " ".join(words)
    end = min(cut, len(text))
    assert audience_before(text, end, first_audiences(text)) == audience_of(text[:end])
