"""Numbered headings in the styles real captures use ("**2.4.Feedback.**", "2.4Feedback",
"Section 2.4 – Feedback", "§ 2.4 Feedback", "Article 7 — Data"), read the same way from Markdown
and plain text; and sentences that merely start with a number are never taken for headings."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.ingest.markdown import markdown_to_blocks
from datarights.ingest.text import text_to_blocks
from datarights.model import Block, Document, Format, RawDocument
from datarights.structure import build_document
from datarights.structure.sections import parse_clause_number


def _doc(blocks: list[Block], fmt: Format) -> Document:
    return build_document(RawDocument("mem", fmt, "0" * 64, tuple(blocks)))


def markdown(source: str) -> Document:
    return _doc(markdown_to_blocks(textwrap.dedent(source)), Format.MARKDOWN)


def plain(source: str) -> Document:
    return _doc(text_to_blocks(textwrap.dedent(source)), Format.TEXT)


BODY = "We may use any feedback you give us without restriction."


@pytest.mark.parametrize(
    ("heading", "number", "title"),
    [
        ("**2.4.Feedback.**", "2.4", "Feedback"),
        ("**2.4 Feedback.**", "2.4", "Feedback"),
        ("2.4Feedback", "2.4", "Feedback"),
        ("2.4.Feedback", "2.4", "Feedback"),
        (
            "3.1.1Roles and Regulatory Compliance; Authorization.",
            "3.1.1",
            "Roles and Regulatory Compliance; Authorization",
        ),
        ("Section 2.4 – Feedback", "2.4", "Feedback"),
        ("Section 2.4 - Feedback", "2.4", "Feedback"),
        ("Section 2.4: Feedback", "2.4", "Feedback"),
        ("§ 2.4 Feedback", "2.4", "Feedback"),
        ("§2.4 Feedback", "2.4", "Feedback"),
        ("Article 7 — Data", "7", "Data"),
        ("ARTICLE VII – DATA", "VII", "DATA"),
        ("## 2.4.Feedback", "2.4", "Feedback"),
        ("## Section 2.4 – Feedback", "2.4", "Feedback"),
    ],
)
def test_numbered_heading_styles(heading: str, number: str, title: str) -> None:
    doc = markdown(f"{heading}\n\n{BODY}\n")
    assert [(s.number, s.heading) for s in doc.sections] == [(number, title)]
    section = doc.sections[0]
    assert doc.section_label(doc.text.index("We may")) == f"{number} {title}"
    assert title in doc.text[section.start : section.heading_end]


def test_bold_lead_in_glued_to_its_clause() -> None:
    doc = markdown("**2.4.Feedback.** You may give us feedback. We may use it.\n")
    assert [(s.number, s.heading) for s in doc.sections] == [("2.4", "Feedback")]


def test_prefixed_number_alone_is_a_heading_without_title() -> None:
    doc = markdown("Section 2.4 –\n\nFeedback is welcome.\n")
    assert [(s.number, s.heading) for s in doc.sections] == [("2.4", "")]


@pytest.mark.parametrize(
    "line",
    [
        "30 days after termination we delete your data.",
        "2024 was a good year for us.",
        "2.5 million users rely on it.",
        "3.5 percent of revenue is due.",
        "2.4GHz radios are supported.",
        "1.5Gbps links are included.",
        "2Factor Authentication is required.",
        "10 - 20 users may join.",
        "10:30 Meetings start on time.",
        "12.000 EUR are payable.",
        "0.5 seconds is the timeout.",
    ],
)
def test_sentences_starting_with_numbers_are_not_headings(line: str) -> None:
    assert markdown(line).sections == ()
    assert plain(line).sections == ()


# --- Properties over generated numbering styles ------------------------------------------------------

TITLE = st.lists(
    st.sampled_from(["Feedback", "Customer", "Data", "Retention", "Audit", "Rights", "Fees", "Changes"]),
    min_size=1,
    max_size=4,
).map(" ".join)
NUMBER = st.lists(st.integers(1, 40), min_size=1, max_size=3).map(lambda parts: ".".join(map(str, parts)))
PREFIX = st.sampled_from(["", "Section ", "Article ", "Clause ", "§ ", "§"])
# (separator between number and title, whether it needs a dotted number so the number cannot be a word part)
SEPARATOR = st.sampled_from(
    [
        (" ", False),
        (". ", False),
        (" – ", False),
        (" — ", False),
        (" - ", False),
        (": ", False),
        (".", True),
        ("", True),
    ]
)
WRAP = st.sampled_from(["{}", "**{}**", "**{}.**", "## {}", "### {}."])


@settings(max_examples=150, deadline=None)
@given(PREFIX, NUMBER, SEPARATOR, TITLE, WRAP)
def test_generated_markdown_headings(
    prefix: str, number: str, separator: tuple[str, bool], title: str, wrap: str
) -> None:
    glue, needs_dot = separator
    if needs_dot and "." not in number + glue:
        number += ".1"  # "2Feedback" is a word, not a clause; "2.1Feedback" is a clause
    heading = wrap.format(f"{prefix}{number}{glue}{title}")
    doc = markdown(f"{heading}\n\n{BODY}\n")
    assert [(s.number, s.heading) for s in doc.sections] == [(number, title)]


@settings(max_examples=100, deadline=None)
@given(PREFIX, NUMBER, SEPARATOR, TITLE)
def test_generated_plain_text_headings(
    prefix: str, number: str, separator: tuple[str, bool], title: str
) -> None:
    glue, needs_dot = separator
    if needs_dot and "." not in number + glue:
        number += ".1"
    doc = plain(f"Preamble text ends here.\n{prefix}{number}{glue}{title}\n\n{BODY}\n")
    assert [(s.number, s.heading) for s in doc.sections] == [(number, title)]


SENTENCE_WORDS = st.lists(
    st.sampled_from(["days", "after", "percent", "of", "users", "were", "million", "hours", "the", "notice"]),
    min_size=1,
    max_size=6,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.integers(0, 10_000).map(str),
        st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.integers(1900, 2100).map(str),
    ),
    SENTENCE_WORDS,
)
def test_generated_sentences_starting_with_numbers(number: str, words: str) -> None:
    line = f"{number} {words}."
    assert parse_clause_number(line) is None
    assert markdown(line).sections == ()
    assert plain(line).sections == ()
