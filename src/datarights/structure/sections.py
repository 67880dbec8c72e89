"""Sections: headings and numbered clauses arranged into one tree.

Three kinds of section start, each nested by its own rule on one stack:
- a real heading (Markdown `#`, Word heading style) ranks by its level (1–6);
- a numbered clause ranks below any heading by the depth of its number
  ("10" < "10.2" < "10.2.1"), and "8.3.1" never nests under a "8.2" it does not extend;
- a lettered or roman item ("(a)", "(i)", "A.") becomes a sibling of the open item of
  the same style, or else a child of the innermost open section;
- a pseudo-heading (a whole-bold line, an ALL-CAPS line; heading blocks of level 0)
  nests under the innermost heading or numbered clause and is closed by its siblings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from datarights.model import BlockKind, Paragraph, Section

# "Section 10.2", "10.2", "10.", "1.1.3", "§ 4" at the start of a paragraph. Parts after
# the first have at most two digits so amounts such as "10.000 EUR" are not clauses.
# Captures also glue the title on ("2.4.Feedback", "2.4Feedback"): a capitalised word straight
# after the number counts, and `_decimal` then asks for a real title.
_DECIMAL = re.compile(
    r"(?P<prefix>(?:section|article|clause|§)\s*)?(?P<number>\d{1,3}(?:\.\d{1,2}){0,4})(?P<dot>\.?)"
    r"(?:(?=[\s):]|$)|(?P<glued>(?=(?-i:[A-Z][a-z]))))",
    re.IGNORECASE,
)
# "Section 2.4 – Feedback", "Article 7 — Data", "3: Fees": a dash or colon between number and title.
_SEPARATOR = re.compile(r"\s*(?:[–—:|]|-{1,2})(?=\s|$)\s*")
_ARTICLE_ROMAN = re.compile(
    r"(?P<prefix>(?:article|section|part)\s+)(?P<number>[IVXLC]{1,6})\b\.?", re.IGNORECASE
)
_ROMAN_HEADING = re.compile(r"(?P<number>[IVX]{1,5})\.(?=\s)")
_LETTER_UPPER = re.compile(r"(?P<number>[A-Z])\.(?=\s)")
_PAREN = re.compile(r"\((?P<number>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2}|[A-Z])\)(?=\s)")
_ROMAN = re.compile(r"^[ivxlc]+$")
_TITLE_SENTENCE = re.compile(r"([^.:]{2,100}?)[.:](?=\s|$)")

_MAX_CLAUSE_NUMBER = 300
_TITLE_MAX_CHARS = 100
_TITLE_MAX_WORDS = 12
_CAPS_HEADING_MAX_WORDS = 12
_CLAUSE_RANK_BASE = 10
# fmt: off
_MINOR_WORDS = frozenset(
    {
        "and", "or", "of", "the", "a", "an", "to", "for", "in", "on", "by", "with", "from", "at",
        "as", "our", "your", "its", "their", "this", "these", "&", "vs",
    }
)
# fmt: on


class Style(Enum):
    """How a clause is numbered; decides how it nests."""

    HEADING = "heading"
    PSEUDO = "pseudo"
    DECIMAL = "decimal"  # 1, 1.2, Section 3, Article IV, roman heading "II."
    PAREN_DIGIT = "(1)"
    PAREN_LOWER = "(a)"
    PAREN_ROMAN = "(i)"
    PAREN_UPPER = "(A)"
    LETTER_UPPER = "A."


@dataclass(frozen=True, slots=True)
class ClauseNumber:
    number: str
    style: Style
    depth: int  # parts of a decimal number; 1 for every other style
    length: int  # characters the number takes at the paragraph start, incl. prefix


def parse_clause_number(
    text: str, *, after_letter: str = "", roman_open: bool = False
) -> ClauseNumber | None:
    """The clause number a paragraph starts with, if any.

    `after_letter` is the open "(x)" letter item, if any, and `roman_open` says a "(i)"
    item is open: they decide whether "(i)" continues "(h)" or starts a roman list.
    """
    match = _ARTICLE_ROMAN.match(text)
    if match:
        return ClauseNumber(match["number"].upper(), Style.DECIMAL, 1, _after_separator(text, match.end()))
    match = _DECIMAL.match(text)
    if match:
        return _decimal(text, match)
    match = _ROMAN_HEADING.match(text)
    if match:
        return ClauseNumber(match["number"], Style.DECIMAL, 1, match.end())
    match = _LETTER_UPPER.match(text)
    if match and text[match.end() :].lstrip()[:1].isupper():
        return ClauseNumber(match["number"], Style.LETTER_UPPER, 1, match.end())
    match = _PAREN.match(text)
    if match:
        label = match["number"]
        return ClauseNumber(f"({label})", _paren_style(label, after_letter, roman_open), 1, match.end())
    return None


def _decimal(text: str, match: re.Match[str]) -> ClauseNumber | None:
    number = match["number"]
    parts = number.split(".")
    end = _after_separator(text, match.end())
    rest = text[end:].lstrip()
    if int(parts[0]) > _MAX_CLAUSE_NUMBER:
        return None
    if not rest:
        # "Section 2.4" alone on its line is a heading whose title follows; a bare "2.4" is not.
        return ClauseNumber(number, Style.DECIMAL, len(parts), end) if match["prefix"] else None
    if match["glued"] is not None:
        # "2.4Feedback" / "2.4.Feedback." but not "2Factor" or "1.5Gbps links": a dotted number
        # (or a number ending in a dot) and a short title before the text runs on.
        if (len(parts) == 1 and not match["dot"]) or not split_title(rest):
            return None
        return ClauseNumber(number, Style.DECIMAL, len(parts), end)
    # "30 days" or "2 of the…" are not clauses: a bare number needs a title-like word after it.
    if len(parts) == 1 and not match["dot"] and not match["prefix"] and not _starts_like_title(rest):
        return None
    if not (rest[0].isupper() or rest[0] in "(\"“'‘[*"):
        return None
    return ClauseNumber(number, Style.DECIMAL, len(parts), end)


def _after_separator(text: str, end: int) -> int:
    """Where the title starts: past a dash or colon that follows the number, if there is one."""
    separator = _SEPARATOR.match(text, end)
    return separator.end() if separator else end


def _paren_style(label: str, after_letter: str, roman_open: bool) -> Style:
    if label.isdigit():
        return Style.PAREN_DIGIT
    if label.isupper():
        return Style.PAREN_UPPER
    if not _ROMAN.match(label):
        return Style.PAREN_LOWER
    continues_letters = len(label) == 1 and len(after_letter) == 1 and ord(label) == ord(after_letter) + 1
    if continues_letters:
        return Style.PAREN_LOWER
    if roman_open or label == "i" or len(label) > 1:
        return Style.PAREN_ROMAN
    return Style.PAREN_LOWER  # "(c)", "(d)" with no roman list open


def _starts_like_title(text: str) -> bool:
    return bool(text) and text[0].isupper() and not text.startswith(("I ", "A "))


def _title_like(text: str) -> bool:
    words = text.split()
    if not 0 < len(words) <= _TITLE_MAX_WORDS or len(text) > _TITLE_MAX_CHARS:
        return False
    if text.isupper():
        return True
    return all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS or not w[:1].isalpha() for w in words
    )


def split_title(body: str) -> str:
    """A short title after the number: "Customer Content." or "ACCOUNT INFORMATION; SHARING"."""
    body = body.strip()
    if not body:
        return ""
    if not body.endswith((".", ";", ",", ":")) and _title_like(body):
        return body
    match = _TITLE_SENTENCE.match(body)
    if match and _title_like(match.group(1).strip()):
        return match.group(1).strip()
    return ""


def is_caps_heading(body: str) -> bool:
    """A short ALL-CAPS line such as "LIMITATION OF LIABILITY" standing alone."""
    if len(body) > _TITLE_MAX_CHARS or not body.isupper():
        return False
    words = body.split()
    return (
        0 < len(words) <= _CAPS_HEADING_MAX_WORDS
        and sum(ch.isalpha() for ch in body) >= 4
        and not body.rstrip().endswith((",", ";"))
        and (len(words) <= 6 or not body.rstrip().endswith("."))
    )


@dataclass(frozen=True, slots=True)
class _Start:
    start: int
    heading_end: int
    number: str
    heading: str
    style: Style
    rank: float  # headings by level; clauses by number depth; others from context
    from_list: bool


@dataclass(slots=True)
class _Open:
    index: int
    start: _Start


def _classify(text: str, paragraph: Paragraph, stack: list[_Open]) -> _Start | None:
    body = text[paragraph.start : paragraph.end]
    after_letter, roman_open = "", False
    if body.startswith("("):  # the open items decide only what a "(i)" number is
        after_letter = next(
            (o.start.number.strip("()") for o in reversed(stack) if o.start.style is Style.PAREN_LOWER), ""
        )
        roman_open = any(o.start.style is Style.PAREN_ROMAN for o in stack)
    clause = _list_label(body, paragraph) or parse_clause_number(
        body, after_letter=after_letter, roman_open=roman_open
    )
    from_list = paragraph.kind is BlockKind.LIST_ITEM
    if clause and from_list and not paragraph.label and _is_bare_number(body, clause):
        clause = None  # "- 3 GB of storage": a bullet's quantity, not a clause
    is_heading = paragraph.kind is BlockKind.HEADING
    if is_heading and paragraph.level > 0:
        number = clause.number if clause else ""
        title = body[clause.length :].strip(" .:") if clause else body
        return _Start(paragraph.start, paragraph.end, number, title, Style.HEADING, paragraph.level, False)
    if clause:
        rest = body[clause.length :]
        title = split_title(rest)
        heading_end = paragraph.start + clause.length
        if title:
            heading_end += rest.index(title) + len(title)
        rank = _CLAUSE_RANK_BASE + clause.depth if clause.style is Style.DECIMAL else 0.0
        return _Start(paragraph.start, heading_end, clause.number, title, clause.style, rank, from_list)
    if is_heading or (paragraph.kind is BlockKind.PARAGRAPH and is_caps_heading(body)):
        return _Start(paragraph.start, paragraph.end, "", body.rstrip(" .:"), Style.PSEUDO, 0.0, False)
    return None


def _is_bare_number(body: str, clause: ClauseNumber) -> bool:
    return clause.style is Style.DECIMAL and clause.depth == 1 and body[: clause.length].isdigit()


def _list_label(body: str, paragraph: Paragraph) -> ClauseNumber | None:
    """A Markdown/Word list number is a clause number whatever follows it."""
    label = paragraph.label
    if not label or not body.startswith(label) or not label[:1].isdigit():
        return None
    number = label.rstrip(".")
    if not re.fullmatch(r"\d{1,3}(?:\.\d{1,3}){0,5}", number):
        return None
    return ClauseNumber(number, Style.DECIMAL, number.count(".") + 1, len(label))


def _place(new: _Start, stack: list[_Open]) -> _Start:
    """Pop the sections `new` closes; return it with its final rank."""
    style = new.style
    if style in (Style.HEADING, Style.DECIMAL):
        while stack and stack[-1].start.rank >= new.rank:
            stack.pop()
        if style is Style.DECIMAL and "." in new.number:
            # "8.3.1" after "8.2": close clauses that the new number does not extend.
            while stack and _is_unrelated_clause(stack[-1].start, new.number):
                stack.pop()
        return new
    if style is Style.PSEUDO:
        while stack and (
            stack[-1].start.style not in (Style.HEADING, Style.DECIMAL) or stack[-1].start.from_list
        ):
            stack.pop()
        return _with_rank(new, (stack[-1].start.rank if stack else 0.0) + 0.5)
    # Lettered/roman items: a sibling of the open item of the same style, else a child.
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].start.style is style:
            del stack[depth:]
            break
    return _with_rank(new, (stack[-1].start.rank if stack else 0.0) + 1.0)


def _is_unrelated_clause(open_start: _Start, number: str) -> bool:
    if open_start.style is not Style.DECIMAL or not open_start.number[:1].isdigit():
        return False
    return not number.startswith(open_start.number + ".")


def _with_rank(start: _Start, rank: float) -> _Start:
    return _Start(
        start.start, start.heading_end, start.number, start.heading, start.style, rank, start.from_list
    )


def find_sections(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Section, ...]:
    sections: list[Section] = []
    stack: list[_Open] = []
    ends: dict[int, int] = {}
    for paragraph in paragraphs:
        if paragraph.kind is BlockKind.TABLE_ROW:
            continue
        found = _classify(text, paragraph, stack)
        if found is None:
            continue
        before = {o.index for o in stack}
        placed = _place(found, stack)
        for index in before - {o.index for o in stack}:
            ends[index] = paragraph.start
        parent = stack[-1].index if stack else None
        index = len(sections)
        sections.append(
            Section(
                index,
                placed.start,
                len(text),
                placed.heading_end,
                placed.number,
                placed.heading,
                len(stack),
                parent,
            )
        )
        stack.append(_Open(index, placed))
    return tuple(
        Section(
            s.index,
            s.start,
            ends.get(s.index, len(text)),
            s.heading_end,
            s.number,
            s.heading,
            s.depth,
            s.parent,
        )
        for s in sections
    )
