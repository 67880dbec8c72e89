"""The literal gate in front of per-clause searches (read/gate.py): it may only skip a search that
would have found nothing, over lower-cased text, for every pattern the readers gate."""

from __future__ import annotations

import importlib
import pkgutil
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.read import access, changes, gate, retention
from datarights.read.patterns import (
    ASCII_LOWER,
    compile_,
    compile_lower,
    literal_plan,
    lower_twin,
    scan_plan,
)

_GATED = sorted(
    {
        value.pattern: value
        for module in (access, changes, retention)
        for value in vars(module).values()
        if isinstance(value, re.Pattern)
    }.values(),
    key=lambda p: p.pattern,
)


def _literals(pattern: re.Pattern[str]) -> list[str]:
    plan = scan_plan(pattern)
    return sorted({lit for n in plan.required for lit in n.literals}) if plan else ["data"]


# Words the patterns need, common words, and the characters outside ASCII that fold to ASCII letters.
_WORDS = sorted(
    {lit for p in _GATED for lit in _literals(p)}
    | {"we", "you", "will", "not", "the", "customer", "content", "days", "30", "ſ", "K", "’", ",", "."}
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_GATED),
    st.lists(st.sampled_from(_WORDS), max_size=30),
    st.sampled_from([" ", "  ", "\n", " - "]),
)
def test_a_gated_search_finds_what_the_pattern_finds(
    pattern: re.Pattern[str], words: list[str], sep: str
) -> None:
    text = sep.join(words).translate(ASCII_LOWER)
    found = gate.search(pattern, text)
    expected = pattern.search(text)
    assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
    assert [m.span() for m in gate.finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
    assert gate.can_match(pattern, text) or expected is None


def test_a_pattern_ignoring_case_runs_as_its_lower_case_twin_where_that_is_safe() -> None:
    twin = lower_twin(compile_(r"\bcustomer\s+data\b").pattern)
    assert twin is not None and twin.flags & re.IGNORECASE == 0
    # A named group, a letter given by its code, a cased letter outside ASCII: no twin, the pattern itself.
    for kept in (r"(?P<plan>pro)\s+plan", r"\x41cme", r"caf\u00e9", "café"):
        assert lower_twin(compile_(kept).pattern) is None
    assert gate.search(compile_("café"), "the cafÉ") is not None


def test_the_gate_skips_a_clause_without_the_words_a_pattern_needs() -> None:
    pattern = compile_lower(r"\bretention\s+period\b")
    assert not gate.can_match(pattern, "we keep your data for thirty days.")
    assert gate.search(pattern, "the retention period is thirty days.") is not None


def test_a_character_that_folds_to_an_ascii_letter_is_searched_unguarded() -> None:
    # Under re.IGNORECASE "ſ" matches "s" and the Kelvin sign "k": the lower-case literals are not
    # in the text, but the pattern matches.
    pattern = compile_(r"\bstore\b")
    assert gate.search(pattern, "we ſtore it") is not None
    assert gate.search(compile_(r"\bkeep\b"), "we \u212aeep it") is not None


def test_sub_split_and_match_behave_as_the_pattern_where_it_matches() -> None:
    pattern = compile_lower(r"\b(?:unless|except)\b")
    assert gate.split(pattern, "kept unless deleted", 1) == ["kept ", " deleted"]
    assert gate.split(pattern, "kept until deleted", 1) == ["kept until deleted"]
    assert gate.sub(pattern, "|", "a unless b") == "a | b"
    assert gate.match(pattern, "unless b") is not None
    assert gate.match(pattern, "b unless") is None
    assert list(gate.finditer(pattern, "no such word")) == []


def test_the_whole_text_search_reads_a_folding_letter_as_the_gate_does() -> None:
    """`TextView.search` shares the gate's rule: a text holding "ſ" is searched with the caseless
    pattern itself, not its lower-case twin over the lower-cased text (which holds "ſ", not "s")."""
    from datarights.ingest.markdown import markdown_to_blocks
    from datarights.model import Format, RawDocument
    from datarights.read.view import TextView
    from datarights.structure import build_document

    raw = RawDocument("fold.md", Format.MARKDOWN, "", tuple(markdown_to_blocks("We ſtore your files.\n")))
    view = TextView.of(build_document(raw))
    assert [m.group(0) for _, m in view.search(compile_(r"\bstore\b"))] == ["ſtore"]


def _every_reader_pattern() -> list[re.Pattern[str]]:
    import datarights.read as read_package

    modules = [
        importlib.import_module(f"datarights.read.{info.name}")
        for info in pkgutil.iter_modules(read_package.__path__)
    ]
    return [value for module in modules for value in vars(module).values() if isinstance(value, re.Pattern)]


def test_the_literal_plan_names_the_scan_plans_literals() -> None:
    # Made without the reach, the gate's plan holds the same sets wherever the scan plan is made.
    patterns = _every_reader_pattern()
    assert len(patterns) > 100
    for pattern in patterns:
        plan, literals = scan_plan(pattern), literal_plan(pattern)
        if plan is not None:
            assert literals is not None
            assert {n.literals for n in literals.required} == {n.literals for n in plan.required}
            assert literals.caseless == plan.caseless
    # "$" defeats a scan plan (a shorter scan sees another end), not the literals every match holds.
    assert scan_plan(re.compile(r"\bkept\s+until$")) is None
    ends = literal_plan(re.compile(r"\bkept\s+until$"))
    assert ends is not None and {n.literals for n in ends.required} == {
        frozenset({"kept"}),
        frozenset({"until"}),
    }
