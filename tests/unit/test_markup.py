"""`markdown_text`, the reports' one Markdown escape: whatever the text, a CommonMark (with GFM
tables and strike-through) reader sees exactly that text, as plain text, in every place the
reports put it; and ordinary wording is left readable."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from datarights.markup import markdown_text

READER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Markup characters weighted in, beside letters, digits and whitespace.
TEXT = st.text(alphabet=st.sampled_from("ab1 é\n\t\\`*_{}[]()<>|#&;!~+-.=:/\"'"), max_size=40)
CONTEXTS = {
    "paragraph": "{}",
    "list item": "- {}",
    "heading": "### {}",
    "table cell": "| a | b |\n| --- | --- |\n| {} | x |",
}


def _inline(source: str) -> list[Token]:
    return [t for t in READER.parse(source) if t.type == "inline"]


@settings(max_examples=400, deadline=None)
@given(text=TEXT, context=st.sampled_from(sorted(CONTEXTS)))
@example(text="1 #", context="heading")  # a closing "#" run would end the heading
def test_any_text_reads_as_itself(text: str, context: str) -> None:
    expected = " ".join(text.split())
    inline = _inline(CONTEXTS[context].format(markdown_text(text)))
    if context == "table cell":
        assert len(inline) == 4  # header a, b; the row's two cells: no column added or lost
        inline = inline[2:3]
    if not expected:
        assert all(not t.children for t in inline)
        return
    assert len(inline) == 1
    children = inline[0].children or []
    assert {c.type for c in children} <= {"text", "text_special"}, children
    assert "".join(c.content for c in children) == expected


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("Terms & Conditions", "Terms & Conditions"),
        ("a < b and <script>x</script> and &copy;", "a < b and &lt;script>x&lt;/script> and &amp;copy;"),
        ("cost | *bold*", "cost \\| \\*bold\\*"),
        ("acme_policy.yaml (v2.1)", "acme_policy.yaml (v2.1)"),
        ("line one\n\n  line two", "line one line two"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("7.2 Model Improvement", "7.2 Model Improvement"),
        ("[a link](https://example.com)", "\\[a link\\](https://example.com)"),
    ],
)
def test_ordinary_wording_stays_readable(text: str, escaped: str) -> None:
    assert markdown_text(text) == escaped
