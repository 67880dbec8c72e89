"""Scanning only near the literals a pattern needs (`read.view.scan`) finds exactly the matches of a
scan of the whole text, for the detectors' own patterns and for shapes built to break the plan."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.deidentified_use import detector as deidentified
from datarights.model import Document, Format
from datarights.read.patterns import compile_lower, possessive_words, scan_plan
from datarights.read.view import TextView, _longest_run, lowered_text, scan

_DETECTOR_PATTERNS = [
    compile_lower(p.regex.pattern)
    for p in (
        deidentified.DERIVED_RIGHT,
        deidentified.DERIVED_PASSIVE,
        deidentified.CLASSIFIER_METADATA,
        deidentified.DERIVING_RIGHT,
        deidentified.GRANTED_DERIVING,
        deidentified.DERIVED_OWNED,
    )
]
# Shapes at the edges of the plan: unbounded runs, lookaheads reading past a match, lookbehinds,
# lazy gaps across blank lines and words the literals hide inside.
_EDGE_PATTERNS = [
    re.compile(p)
    for p in (
        r"\bwe\s+\w+\s+use\b",
        r"use(?=\s*\n\s*data)",
        r"(?<!not\s)use[^.]{0,30}?data\b",
        r"\b\w+\s+(?:\w+\s+){0,3}?use\b[^.;]*?\bdata",
        r"data\n?\s*(?!\s*use)\w+",
        r"(?:use|data)+\b",
        r"aggregat\w*(?:\s+|\n\n)data",
        r"\b(?:fine|re-?use)\w*\s+data",  # a literal after "\b" counts only at a word start
        r"_\b(?:fine|use)",
        # The pivot's lead is the longer alternative's; the other literal sits far after a pivot at the start.
        r"(?:data\w{0,30}|x{0,20}data)use",
        # Literals in order (one part after another): the rarer may be the later.
        r"\b(?:use|reuse)\w*\s+(?:\w+\s+){0,2}?(?:aggregated|usage)\s+data\b",
    )
]
_WORDS = st.sampled_from(
    [
        *("we", "use", "uses", "data", "not", "may", "usage", "aggregated", "x" * 40, "de-identified"),
        *("the", "define", "fine", "refuse", "_use", "reuse"),
        *("customer’s", "café", "“data”", "naïve\u00a0use"),  # outside ASCII: run bounds over-estimate
    ]
)
_GAPS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n\n ", "\n\n\n", ". ", "; ", ", ", ""])


def _view(text: str) -> TextView:
    document = Document("t.md", Format.MARKDOWN, "0" * 64, text, (), (), (), (), ())
    return TextView(document, (), ())


def _text(parts: list[tuple[str, str]]) -> str:
    return "".join(word + gap for word, gap in parts)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.tuples(_WORDS, _GAPS), max_size=60), index=st.integers(0, 16))
def test_scan_finds_the_matches_of_a_whole_scan(parts: list[tuple[str, str]], index: int) -> None:
    patterns = _DETECTOR_PATTERNS + _EDGE_PATTERNS
    pattern = patterns[index % len(patterns)]
    view = _view(_text(parts))
    text = lowered_text(view)
    assert [m.span() for m in scan(view, pattern, lowered=True)] == [m.span() for m in pattern.finditer(text)]


def test_plans_need_literals_and_refuse_what_they_cannot_bound() -> None:
    plan = scan_plan(re.compile(r"\bwe\s+may\s+use\b"))
    assert plan is not None and frozenset({"use"}) in {n.literals for n in plan.required}
    # A literal far after a pivot that opens the match, though the pivot can open up to 20 in.
    view = _view("w " * 300 + "data" + "x" * 30 + "use" + " w" * 300)
    pattern = re.compile(r"(?:data\w{0,30}|x{0,20}data)use")
    assert [m.span() for m in scan(view, pattern, lowered=False)] == [(600, 637)]
    assert scan_plan(re.compile(r"use$")) is None  # end of text: a shorter scan would see a different end
    assert scan_plan(re.compile(r"(\w+) \1")) is None  # a back-reference
    assert scan_plan(re.compile(r"\w+")) is None  # no literal to look for
    assert scan_plan(re.compile("use", re.DOTALL)) is None  # "." would read runs across lines
    # The same flags set inline, inside a group however deep: no plan, or a caseless one.
    assert scan_plan(re.compile(r"use(?:rs?|(?s:.))data")) is None
    assert scan_plan(re.compile(r"usage(?:x|(?i:data))")).caseless  # type: ignore[union-attr]
    assert not scan_plan(re.compile(r"usage(?:x|(?-i:data))")).caseless  # type: ignore[union-attr]
    caseless = scan_plan(re.compile(r"\bUSE\b", re.IGNORECASE))
    assert caseless is not None and caseless.caseless
    assert frozenset({"use"}) in {n.literals for n in caseless.required}
    # The parser reads "data|dpa" as "d(?:ata|pa)": the plan joins the opening back on.
    factored = scan_plan(re.compile(r"\bdata\s+terms\b|\bdpa\b"))
    assert factored is not None and frozenset({"data", "dpa"}) in {n.literals for n in factored.required}


_WORDY_PATTERNS = [
    r"\b(?:we|us|\w+)\s+(?:\w+\s+){0,3}?(use|uses)\b",
    r"(\w+)\s+data",
    r"\b(?:we|provider|\w+)(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)(?:\w+(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)){0,2}?use",
    r"(?!\w+\s+not)\w+\s+\w+",
]


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.tuples(_WORDS, _GAPS), max_size=40), index=st.integers(0, 3))
def test_possessive_words_keep_every_match_and_group(parts: list[tuple[str, str]], index: int) -> None:
    source = _WORDY_PATTERNS[index]
    assert possessive_words(source) != source
    text = _text(parts)
    plain, fast = re.compile(source), re.compile(possessive_words(source))
    assert [(m.span(), m.groups()) for m in fast.finditer(text)] == [
        (m.span(), m.groups()) for m in plain.finditer(text)
    ]


_RUN_CLASSES = (r"[\w]", r"[\w\-]", r"[\s]", r"[^\S\n]", r"\*", r",|[\s]|a|e|s", ".", r"[^.;]", r"[^\s]")


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("aZ1_- \n\t.;,*?’é€\u00a0\U0001f600"), max_size=120),
    characters=st.sampled_from(_RUN_CLASSES),
)
def test_longest_run_bounds_every_run(text: str, characters: str) -> None:
    """The run bound `scan` sizes its stretches by is never short of a run, and exact on ASCII text."""
    longest = max((len(run) for run in re.findall(f"(?:{characters})+", text)), default=0)
    bound = _longest_run(_view(text), text, False, characters)
    assert bound >= longest
    if text.isascii():
        assert bound == longest


# Patterns that ignore case (wholly or in part) or read line starts, scanned over the original text.
_CASELESS_PATTERNS = [
    re.compile(p, f)
    for p, f in (
        (r"\b(?:we|(?-i:[A-Z])\w+)\s+(?:\w+\s+){0,2}?use\b", re.IGNORECASE),
        (r"(?m:^)[^\S\n]*use\w*\s+data", re.IGNORECASE),
        (r"\bdata\s+use\b|\bdefine\b", 0),
        (r"\b(?:aggregat\w*|(?i:de-identified))\s+DATA\b", 0),
        (r"(?<!not\s)USE[^.]{0,30}?data\b", re.IGNORECASE),
    )
]
_MIXED_CASE = st.sampled_from(
    ["We", "USE", "Use", "Data", "DATA", "Google", "De-Identified", "Define", "uſe", "\u212aey", "NOT"]
)


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.tuples(st.one_of(_WORDS, _MIXED_CASE), _GAPS), max_size=50),
    index=st.integers(0, 4),
    lowered=st.booleans(),
)
def test_caseless_plans_find_the_matches_of_a_whole_scan(
    parts: list[tuple[str, str]], index: int, lowered: bool
) -> None:
    pattern = _CASELESS_PATTERNS[index]
    view = _view(_text(parts))
    text = lowered_text(view) if lowered else view.doc.text
    assert [m.span() for m in scan(view, pattern, lowered=lowered)] == [
        m.span() for m in pattern.finditer(text)
    ]
