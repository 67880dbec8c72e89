"""Defined terms: each recognised form on handwritten text, exact spans and uses,
and a Hypothesis property over generated definitions sections."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.ingest.markdown import markdown_to_blocks
from datarights.ingest.text import text_to_blocks
from datarights.model import Document, Format, RawDocument
from datarights.structure import build_document


def markdown(source: str) -> Document:
    blocks = tuple(markdown_to_blocks(textwrap.dedent(source)))
    return build_document(RawDocument("mem", Format.MARKDOWN, "0" * 64, blocks))


def _definition_text(doc: Document, term: str) -> str:
    definition = doc.definition(term)
    assert definition is not None, f"{term!r} not defined; found {[d.term for d in doc.definitions]}"
    return doc.text[definition.definition_span.start : definition.definition_span.end]


@pytest.mark.parametrize(
    ("source", "term", "definition"),
    [
        (
            '"Usage Data" means metrics about use. Other text.',
            "Usage Data",
            '"Usage Data" means metrics about use.',
        ),
        (
            "“Inputs” shall mean prompts sent to the model.",
            "Inputs",
            "“Inputs” shall mean prompts sent to the model.",
        ),
        (
            "Client may send files and notes (collectively, “Client Content”) to Host. Host stores them.",
            "Client Content",
            "Client may send files and notes (collectively, “Client Content”)",
        ),
        (
            'This Hosting Agreement (the "Agreement") binds both parties.',
            "Agreement",
            'This Hosting Agreement (the "Agreement")',
        ),
        (
            "Statistics derived from the platform are referred to as Aggregated Data in these terms.",
            "Aggregated Data",
            "Statistics derived from the platform are referred to as Aggregated Data",
        ),
        (
            "Customer Data has the meaning given in the DPA. Host protects it.",
            "Customer Data",
            "Customer Data has the meaning given in the DPA.",
        ),
    ],
)
def test_definition_forms(source: str, term: str, definition: str) -> None:
    doc = markdown(source)
    assert _definition_text(doc, term) == definition
    found = doc.definition(term)
    assert found is not None and doc.text[found.term_span.start : found.term_span.end] == term


def test_definitions_section_and_table() -> None:
    doc = markdown(
        """\
        ## Definitions

        Feedback: suggestions Client gives Host about the platform.

        | Term | Meaning |
        | --- | --- |
        | Output | What the model returns to Client. |
        """
    )
    assert _definition_text(doc, "Feedback") == "Feedback: suggestions Client gives Host about the platform."
    assert _definition_text(doc, "Output") == "Output | What the model returns to Client."


def test_glossary_entries_set_off_by_a_dash_in_a_definitions_section() -> None:
    doc = markdown(
        """\
        ## 1 Definitions

        **Usage Events** — telemetry about clicks and latency in the app.

        Outside the glossary, Lisbon — the capital — is not a term.
        """
    )
    assert (
        _definition_text(doc, "Usage Events")
        == "Usage Events — telemetry about clicks and latency in the app."
    )
    prose = markdown("Lisbon — the capital — hosts the team.")
    assert [d.term for d in prose.definitions] == []


def test_pronouns_are_not_terms_unless_defined_with_means() -> None:
    doc = markdown(
        """\
        Acme Ltd (“Acme”, “we”, “us” or “our”) runs the site and “you” and “your” refer to the user.

        “Member” means a person with an account. We help every Member, and Members help us.
        """
    )
    assert [d.term for d in doc.definitions] == ["Acme", "Member"]


def test_uses_are_exact_and_longest_term_wins() -> None:
    doc = markdown(
        """\
        “Customer” means the buyer. “Customer Data” means data the Customer uploads.

        Host may not sell Customer Data. Each Customer’s rights survive; Customers agree.

        Customer-facing text differs.
        """
    )
    customer, data = doc.definition("Customer"), doc.definition("Customer Data")
    assert customer is not None and data is not None
    assert [doc.text[u.start : u.end] for u in data.uses] == ["Customer Data"]
    # "Customer Data" is not a use of "Customer"; "Customer-facing" is not a use at all.
    assert len(customer.uses) == 3
    assert all(doc.text[u.start : u.end] == "Customer" for u in customer.uses)


def test_bare_is_defines_only_at_sentence_start() -> None:
    doc = markdown('The button labelled "Submit" is blue. "Workspace" is the shared area for a team.')
    assert [d.term for d in doc.definitions] == ["Workspace"]


# --- property ---------------------------------------------------------------------

TERMS = st.lists(
    st.sampled_from(
        [
            "Customer Data",
            "Inputs",
            "Usage Data",
            "Aggregated Data",
            "Feedback",
            "Content",
            "Order Form",
            "Fees",
        ]
    ),
    min_size=1,
    max_size=6,
    unique=True,
)
FORMS = st.sampled_from(["means", "quote-means", "parenthetical"])


def _sentence(term: str, form: str) -> str:
    if form == "means":
        return f'"{term}" means the material described in the order form.'
    if form == "quote-means":
        return f"“{term}” shall mean information handled by the provider."
    return f"The provider keeps certain records (collectively, “{term}”) for a short time."


@settings(max_examples=60, deadline=None)
@given(TERMS, st.lists(FORMS, min_size=6, max_size=6), st.integers(30, 120), st.booleans())
def test_generated_definitions_round_trip(
    terms: list[str], forms: list[str], width: int, as_markdown: bool
) -> None:
    paragraphs = [_sentence(term, form) for term, form in zip(terms, forms, strict=False)]
    paragraphs.append("The provider uses " + " and ".join(terms) + " only as agreed.")
    source = "\n\n".join(textwrap.fill(p, width=width, break_long_words=False) for p in paragraphs)
    blocks = markdown_to_blocks(source) if as_markdown else text_to_blocks(source)
    doc = build_document(RawDocument("mem", Format.TEXT, "0" * 64, tuple(blocks)))
    assert [d.term for d in doc.definitions] == terms
    for definition in doc.definitions:
        span, scope = definition.term_span, definition.definition_span
        assert doc.text[span.start : span.end] == definition.term
        assert scope.start <= span.start <= span.end <= scope.end
        assert definition.uses and all(doc.text[u.start : u.end] == definition.term for u in definition.uses)


def test_collectively_quoted_term_after_are() -> None:
    doc = markdown(
        "You send prompts (“Input”) and get replies (“Output”). Input and Output are collectively “Content”."
    )
    assert [d.term for d in doc.definitions] == ["Input", "Output", "Content"]
    assert _definition_text(doc, "Content").endswith("are collectively “Content")


_USE_WORDS = st.sampled_from(["Data", "Customer", "Customer Data", "Service", "Services", "data", "Order"])
_USE_GLUE = st.sampled_from([" ", "-", "_", "x", "é", "’s ", "s ", "es.", ", ", "\n", "1", "(", "’"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_USE_WORDS, _USE_GLUE), max_size=30),
    st.sets(st.sampled_from(["Data", "Customer", "Customer Data", "Services", "Order Form"]), min_size=1),
)
def test_uses_match_a_word_start_lookbehind(pieces: list[tuple[str, str]], terms: set[str]) -> None:
    """`_uses` tests the word start in Python (for speed): it finds exactly what one regex with a
    leading `(?<![\\w-])` finds, wherever terms touch letters, digits, "_", "-" or each other."""
    import re

    from datarights.model import Span
    from datarights.structure.definitions import _uses, trie_alternation

    text = "".join(word + glue for word, glue in pieces)
    own = [(term, Span(-1, -1)) for term in sorted(terms)]
    reference = re.compile(r"(?<![\w-])(?P<term>" + trie_alternation(terms) + r")(?:s|es|’s|'s)?(?![\w-])")
    expected: dict[str, list[Span]] = {}
    for match in reference.finditer(text):
        expected.setdefault(match["term"], []).append(Span(match.start(), match.end("term")))
    assert _uses(text, own) == expected


_REFERENCE_PIECES = st.sampled_from(
    [
        "Section ",
        "section",
        "SECTIONS ",
        "Clauses ",
        "clause ",
        "Article ",
        "ARTICLE",
        "Paragraph ",
        "paragraphs ",
        "§",
        "§§ ",
        "4.2",
        "3",
        "(a)",
        "(iv)",
        ", ",
        " and ",
        " through ",
        "IV",
        "x",
        "Sub",
        "-",
        " of the GDPR",
        ".",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_REFERENCE_PIECES, max_size=25))
def test_cross_reference_matches_are_the_patterns_own(pieces: list[str]) -> None:
    """Trying the pattern only where one of its opening words stands finds exactly what `finditer` finds."""
    from datarights.structure.definitions import _CROSS_REFERENCE, cross_reference_matches

    text = "".join(pieces)
    assert [m.span() for m in cross_reference_matches(text)] == [
        m.span() for m in _CROSS_REFERENCE.finditer(text)
    ]


_DEFINING_PIECES = st.sampled_from(
    ['"Data" ', "Customer Data ", "is ", "are ", "will be ", "shall be ", "collectively ", "together ",
     "referred to as ", "defined as ", "herein ", "the ", "has the meaning given ", "have the meanings set forth ",
     "“Content”", "Services", ". ", "; ", "1.2 ", "The term "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_DEFINING_PIECES, max_size=20))
def test_the_word_tests_before_two_definition_forms_never_skip_a_match(pieces: list[str]) -> None:
    """Paragraphs are searched for the has-meaning and referred-to forms only when they hold the words
    those forms need: wherever a form matches, its word test lets the paragraph through."""
    from datarights.structure.definitions import _HAS_MEANING, _REFERRED_TO, _may_refer_to

    body = "".join(pieces)
    if _REFERRED_TO.search(body):
        assert _may_refer_to(body)
    if _HAS_MEANING.search(body):
        assert "meaning" in body
