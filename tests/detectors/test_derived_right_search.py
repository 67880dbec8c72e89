"""The de-identified-use detector's own search for DERIVED_RIGHT (only the stretches between stops that
hold a derived-data noun) finds exactly what a scan of the whole text finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.deidentified_use.detector import (
    _DERIVED_PARTICIPLE,
    DERIVED_RIGHT,
    PARTICIPLES,
    _derived_right_matches,
)
from tests.detectors.texts import markdown_view as _view

_WORDS = (
    "We",
    "we",
    "us",
    "Provider",
    "company",
    "may",
    "also",
    "will",
    "use",
    "uses",
    "used",
    "using",
    "Aggregate",
    "de-identify",
    "own",
    "share",
    "process",
    "make",
    "because",
    "user",
    "the",
    "customer",
    "aggregated",
    "de-identified",
    "anonymous",
    "usage",
    "telemetry",
    "system",
    "data",
    "information",
    "statistics",
    "content",
    "that",
    "has",
    "been",
    "non-personal",
    "anonymised",
    "statistics",
    "Aggregated",
)
_BETWEEN = (" ", " ", " ", "  ", "\n", "\n\n", " \n ", ". ", "; ", ", ", "\t", "_", ".", ";")


def _spans(found: object) -> list[tuple[int, tuple[int, int]]]:
    return [(clause.index, match.span()) for clause, match in found]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_BETWEEN)), min_size=1, max_size=40))
def test_the_verb_first_search_finds_what_the_scan_finds(parts: list[tuple[str, str]]) -> None:
    view = _view("".join(word + between for word, between in parts) + "\n")
    assert _spans(_derived_right_matches(view)) == _spans(view.search(DERIVED_RIGHT.regex))


def test_a_subject_several_words_before_the_verb_starts_the_match() -> None:
    view = _view("Acme and its affiliates may also use aggregated data for any purpose.\n")
    ((clause, match),) = _derived_right_matches(view)
    assert match.group(0).startswith("its affiliates may also use aggregated")
    assert _spans(view.search(DERIVED_RIGHT.regex)) == [(clause.index, match.span())]


def test_a_derived_noun_in_the_sentence_before_a_stop_is_not_read_across_it() -> None:
    view = _view("We use the data for research. Aggregated statistics are published.\n")
    assert _spans(_derived_right_matches(view)) == _spans(view.search(DERIVED_RIGHT.regex)) == []


def test_every_participle_after_the_noun_is_a_marker() -> None:
    alternatives = _DERIVED_PARTICIPLE.removeprefix("(?:").removesuffix(r")\b").split("|")
    for alternative in alternatives:
        for hyphen in ("-", ""):
            for letter in ("s", "z"):
                word = alternative.replace("-?", hyphen).replace("[sz]", letter)
                # a phrase ("stripped\s+of …") is found by its first word
                first = re.match(r"[\w-]+", word)
                assert first is not None, word
                if first.group(0) == word:
                    assert re.fullmatch(_DERIVED_PARTICIPLE, word), word
                assert first.group(0) in PARTICIPLES, word
