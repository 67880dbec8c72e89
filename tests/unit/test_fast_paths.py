"""Fast paths of the structure and ingest stages give what the plain code they replaced gives: the
last token of a window found from its end (not by a regex trying every position), sentence spans
trimmed with `str.strip`, and Markdown inline parsing that stops only at characters a rule reads."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from datarights.ingest.markdown import _PARSER
from datarights.structure.build import INVISIBLE, LAYOUT_SPACE, clean_block_text
from datarights.structure.sentences import _LAST_TOKEN, last_token, split_paragraph

# White space of every kind `\s` and `str.isspace` know, beside ordinary letters and punctuation.
_CHARACTERS = st.sampled_from(list("ab .,()\"“'[\n\t\r\x0b\x0c\x1c\x85\xa0\u2028\u3000Zé1"))
_TEXT = st.text(_CHARACTERS, max_size=60)


@settings(max_examples=500, deadline=None)
@given(window=_TEXT)
def test_last_token_is_the_regex_match(window: str) -> None:
    match = _LAST_TOKEN.search(window)
    expected = None if match is None else (match.start(), match.group(1))
    assert last_token(window) == expected


def _split_plain(body: str) -> list[tuple[int, int]]:
    """`split_paragraph` as it was: the spans trimmed one character at a time."""
    boundaries = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
    starts = [0] + [m.end() for m in boundaries.finditer(body)]
    trimmed = []
    for s, e in zip(starts, [*starts[1:], len(body)], strict=True):
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


@settings(max_examples=500, deadline=None)
@given(body=st.text(st.sampled_from(list("ab A1 .!?\n\u2028\xa0\u3000e.g")), max_size=80))
def test_sentence_spans_are_trimmed_as_before(body: str) -> None:
    spans = split_paragraph(body)
    for start, end in spans:
        assert body[start:end] == body[start:end].strip()
        assert end > start
    # Where every boundary ends a sentence (no full stop: "!" and "?" always do), the spans are those
    # of the plain trimming loop.
    if "." not in body:
        assert spans == _split_plain(body)


def _tokens(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (
            t.type,
            t.tag,
            t.content,
            t.info,
            t.markup,
            t.nesting,
            t.level,
            tuple(sorted(t.attrs.items())),
            tuple(t.map) if t.map else None,
            _tokens(t.children) if t.children else None,
        )
        for t in tokens
    ]


# Pieces of Markdown that start, end or break every inline rule, and the characters markdown-it's own
# text rule stops at that ours reads through.
# fmt: off
_PIECES = [
    "a", "word ", " ", "  ", "\n", "\n\n", "-", ":", "$", "%", "#", "+", "=", ">", "@", "^",
    "~", "{", "}", "!", "![", "[", "]", "](", ")", "(", "[x]: /u\n", "&amp;", "&#35;", "&",
    "*", "**", "_", "__", "<", "<b>", "<http://a.b>", "\\", "\\*", "`", "``", "|", "| a |",
    "\n|---|\n", "1. ", "- ", "> ", "https://x.y", "é", "“", "\t",
]
# fmt: on
_MARKDOWN = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(source=_MARKDOWN)
def test_markdown_inline_stops_give_the_same_tokens(source: str) -> None:
    plain = MarkdownIt("commonmark", {"html": True}).enable("table")
    plain.normalizeLink = _PARSER.normalizeLink  # type: ignore[method-assign]
    assert _tokens(_PARSER.parse(source)) == _tokens(plain.parse(source))


_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_LAYOUT_RE = re.compile(f"[{LAYOUT_SPACE}]+")


def _clean_plain(text: str) -> str:
    """`clean_block_text` without its fast path."""
    if not text.isascii():
        text = _INVISIBLE_RE.sub("", text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return _LAYOUT_RE.sub(" ", text).strip()


# Layout spaces (one and several), invisible characters, other white space and a letter NFC composes.
_BLOCK_PIECES = st.sampled_from(
    [
        *"ab .\t\n\r\x00\x1f\x7f\xa0\u2003\u202f\u205f\u3000\u200b\u00ad\ufeff\x85\u2028\u1680é“",
        "  ",
        "e\u0301",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(text=st.lists(_BLOCK_PIECES, max_size=20).map("".join))
def test_clean_block_text_is_the_plain_clean_up(text: str) -> None:
    assert clean_block_text(text) == _clean_plain(text)
