"""Sections, sentences and cross-references on small handwritten documents, plus
Hypothesis properties over generated clause trees in Markdown and plain text."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.ingest.markdown import markdown_to_blocks
from datarights.ingest.text import text_to_blocks
from datarights.model import Block, Document, Format, RawDocument
from datarights.structure import build_document
from datarights.structure.sections import parse_clause_number, split_title
from datarights.structure.sentences import split_paragraph


def _doc(blocks: list[Block]) -> Document:
    return build_document(RawDocument("mem", Format.MARKDOWN, "0" * 64, tuple(blocks)))


def markdown(source: str) -> Document:
    return _doc(markdown_to_blocks(textwrap.dedent(source)))


def plain(source: str) -> Document:
    return _doc(text_to_blocks(textwrap.dedent(source)))


def outline(doc: Document) -> list[tuple[int, str, str]]:
    return [(s.depth, s.number, s.heading) for s in doc.sections]


AGREEMENT = """\
# Widget Hosting Terms

## 1. Services

**1.1 Access.** Host will make the Widget Platform available to Client.

**1.2 Support.** Host answers tickets within two business days.

(a) Email support is included.

(b) Phone support costs extra, as set out in Section 4.2(a).

(i) Calls are billed per minute.

(ii) Calls outside office hours cost double.

(c) Chat support is offered on request.

## 2. Fees

**2.1** Client pays the fees in the order form.

**2.3.1 Late Fees.** Late amounts carry interest.

**Our Commitments**

Host keeps Client data secret.

LIMITATION OF LIABILITY

Neither party is liable for lost profits. See Sections 1.1 and 2.1, Article 28 of the GDPR and Section 9.
"""


def test_markdown_outline_numbers_headings_and_nesting() -> None:
    assert outline(markdown(AGREEMENT)) == [
        (0, "", "Widget Hosting Terms"),
        (1, "1", "Services"),
        (2, "1.1", "Access"),
        (2, "1.2", "Support"),
        (3, "(a)", ""),
        (3, "(b)", ""),
        (4, "(i)", ""),
        (4, "(ii)", ""),
        (3, "(c)", ""),
        (1, "2", "Fees"),
        (2, "2.1", ""),
        # 2.3.1 does not extend 2.1, so it nests under 2 although 2.3 is missing.
        (2, "2.3.1", "Late Fees"),
        # Pseudo-headings (a bold line, an ALL-CAPS line) nest under the open clause
        # and close each other.
        (3, "", "Our Commitments"),
        (3, "", "LIMITATION OF LIABILITY"),
    ]


def test_section_spans_and_lookup() -> None:
    doc = markdown(AGREEMENT)
    support = doc.section_by_number("1.2")
    assert support is not None
    assert doc.text[support.start : support.heading_end] == "1.2 Support"
    assert doc.text[support.end :].startswith("## 2. Fees".removeprefix("## "))
    offset = doc.text.index("Calls are billed")
    assert doc.section_label(offset) == "1.2(b)(i)"  # cited under its clause
    assert [s.number for s in doc.section_path(doc.section_at(offset))] == ["", "1", "1.2", "(b)", "(i)"]  # type: ignore[arg-type]


def test_cross_references_resolve_to_sections() -> None:
    doc = markdown(AGREEMENT)
    found = {doc.text[r.span.start : r.span.end]: r for r in doc.cross_references}
    assert set(found) == {"Section 4.2(a)", "Sections 1.1", "2.1", "Article 28", "Section 9"}
    assert found["Sections 1.1"].target_section == doc.section_by_number("1.1").index  # type: ignore[union-attr]
    assert found["2.1"].target_section == doc.section_by_number("2.1").index  # type: ignore[union-attr]
    assert found["Article 28"].target_section is None  # a GDPR article, not ours
    assert found["Section 4.2(a)"].target_section is None
    assert found["Section 9"].target_number == "9"


def test_cross_reference_walks_into_sub_clauses() -> None:
    doc = markdown(
        """\
        1. Scope. This covers everything.

        (a) First item here.

        (b) Second item here.

        2. Other. As described in Section 1(b), items apply.
        """
    )
    (reference,) = doc.cross_references
    assert doc.sections[reference.target_section].number == "(b)"  # type: ignore[index]


def test_nested_ordered_lists_become_dotted_clauses() -> None:
    doc = markdown(
        """\
        1.  Do not break the law. This includes content that:
            1.  Harms children.
            2.  Promotes violence.
        2.  Do not attack our systems.
        """
    )
    assert [(s.depth, s.number, s.heading) for s in doc.sections] == [
        (0, "1", ""),
        # Sentence-case items have no title; only Title Case or CAPS lead-ins do.
        (1, "1.1", ""),
        (1, "1.2", ""),
        (0, "2", ""),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "2023 was a good year for us.",
        "30 days after notice, we delete it.",
        "1.5 million users rely on it.",
        "- 3 GB",
    ],
)
def test_dates_amounts_and_bullets_are_not_sections(line: str) -> None:
    assert markdown(line).sections == ()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Section 4.2 Fees. Client pays.", "4.2"),
        ("ARTICLE IV DEFINITIONS", "IV"),
        ("10.2. Service Generated Data", "10.2"),
        ("(iv) Calls are recorded.", "(iv)"),
        ("B. Payment terms apply.", "B"),
    ],
)
def test_parse_clause_number(text: str, number: str) -> None:
    clause = parse_clause_number(text)
    assert clause is not None and clause.number == number


def test_roman_i_after_h_is_a_letter() -> None:
    clause = parse_clause_number("(i) Ninth item.", after_letter="h")
    assert clause is not None and clause.style.value == "(a)"


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("Customer Content. Customer owns it.", "Customer Content"),
        ("ACCOUNT INFORMATION; SHARING", "ACCOUNT INFORMATION; SHARING"),
        ("Do not engage in misinformation, misrepresentation, or misleading activities", ""),
        (
            "WITHOUT LIMITING ANY DISCLAIMERS IN THE AGREEMENT OR THE TERMS, BETA SERVICES ARE AS IS.",
            "",
        ),
    ],
)
def test_split_title(body: str, title: str) -> None:
    assert split_title(body) == title


def test_plain_text_line_per_paragraph_and_caps_headings() -> None:
    doc = plain(
        """\
        MASTER SERVICES AGREEMENT
        Order Form
        The key business terms of this Order Form are as follows and they bind both parties.

        1. Definitions. Words have meanings.
        2. Services. Provider provides them.
        """
    )
    assert outline(doc) == [
        (0, "", "MASTER SERVICES AGREEMENT"),
        (1, "1", "Definitions"),
        (1, "2", "Services"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We use Inputs, e.g. prompts. We stop.", ["We use Inputs, e.g. prompts.", "We stop."]),
        ("Acme Inc. Ltd. is a party. It agrees.", ["Acme Inc. Ltd. is a party.", "It agrees."]),
        (
            "U.S. law applies. See Section 4.2(a). Done.",
            ["U.S. law applies.", "See Section 4.2(a).", "Done."],
        ),
        ("Refer to No. 5 i.e. The One. Ok.", ["Refer to No. 5 i.e. The One.", "Ok."]),
        ("As set out in Section 4.2. The rest applies.", ["As set out in Section 4.2.", "The rest applies."]),
        ("It says: 1. Scope of work. 2. Fees due.", ["It says: 1. Scope of work.", "2. Fees due."]),
        ("Is it? Yes! “Quoted.” Then (more).", ["Is it?", "Yes!", "“Quoted.”", "Then (more)."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_paragraph(text)] == expected


def test_long_paragraph_splits_at_real_ends() -> None:
    text = " ".join(f"Sentence number {i} mentions Acme Inc. and e.g. Widgets." for i in range(200))
    assert len(split_paragraph(text)) == 200


# --- properties -------------------------------------------------------------------

# fmt: off
WORDS = st.sampled_from((
    "the", "provider", "may", "use", "customer", "data", "to", "improve", "services", "within",
    "thirty", "days", "after", "notice", "and",
))
TITLE_WORDS = st.sampled_from((
    "Access", "Fees", "Support", "Privacy", "Security", "Term", "Confidentiality", "Notices",
    "Feedback",
))
# fmt: on


@st.composite
def clause_trees(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    """(number, title, body) for 1–4 top clauses with 0–3 sub-clauses each."""
    clauses = []
    for top in range(1, draw(st.integers(1, 4)) + 1):
        clauses.append(
            (str(top), draw(TITLE_WORDS), " ".join(draw(st.lists(WORDS, min_size=3, max_size=40))))
        )
        for sub in range(1, draw(st.integers(0, 3)) + 1):
            body = " ".join(draw(st.lists(WORDS, min_size=3, max_size=40)))
            clauses.append((f"{top}.{sub}", draw(TITLE_WORDS), body))
    return clauses


def _render(clauses: list[tuple[str, str, str]], width: int, bold: bool) -> str:
    parts = []
    for number, title, body in clauses:
        head = f"**{number}. {title}.**" if bold else f"{number}. {title}."
        paragraph = f"{head} {body.capitalize()}."
        parts.append(textwrap.fill(paragraph, width=width, break_long_words=False, break_on_hyphens=False))
    return "\n\n".join(parts) + "\n"


def _check_exact(doc: Document) -> None:
    for s in doc.sections:
        assert 0 <= s.start <= s.heading_end <= s.end <= len(doc.text)
        assert s.heading in doc.text[s.start : s.heading_end]
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end].strip() == doc.text[sentence.start : sentence.end]


@settings(max_examples=60, deadline=None)
@given(clause_trees(), st.integers(30, 200), st.booleans())
def test_generated_markdown_clauses_round_trip(
    clauses: list[tuple[str, str, str]], width: int, bold: bool
) -> None:
    doc = markdown(_render(clauses, width, bold))
    assert [(s.number, s.heading) for s in doc.sections] == [(n, t) for n, t, _ in clauses]
    assert [s.depth for s in doc.sections] == [n.count(".") for n, _, _ in clauses]
    _check_exact(doc)


@settings(max_examples=60, deadline=None)
@given(clause_trees(), st.integers(30, 90), st.integers(30, 90))
def test_plain_text_structure_is_stable_under_reflow(
    clauses: list[tuple[str, str, str]], width: int, other_width: int
) -> None:
    first, second = plain(_render(clauses, width, False)), plain(_render(clauses, other_width, False))
    assert first.text == second.text
    assert outline(first) == outline(second) == [(n.count("."), n, t) for n, t, _ in clauses]
    assert first.sentences == second.sentences
    _check_exact(first)
