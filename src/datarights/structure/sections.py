"""Sections: headings and numbered clauses arranged into one tree.

Headings rank by their level (1–6); numbered clauses rank below any heading by
the depth of their number ("10" < "10.2" < "(a)" < "(i)"). A stack builds the
tree: a new section closes every open section of the same or a lower rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from datarights.model import BlockKind, Paragraph, Section

# "Section 10.2", "ARTICLE IV", "10.2", "10.", "1.1.3" at the start of a paragraph.
_DECIMAL = re.compile(
    r"(?P<prefix>(?:section|article|clause|§)\s*)?(?P<number>\d{1,3}(?:\.\d{1,3}){0,4})(?P<dot>\.?)(?=[\s)]|$)",
    re.IGNORECASE,
)
_ARTICLE_ROMAN = re.compile(r"(?P<prefix>(?:article|section|part)\s+)(?P<number>[IVXLC]{1,6})\b\.?", re.IGNORECASE)
_ROMAN_HEADING = re.compile(r"(?P<number>[IVX]{1,5})\.(?=\s)")
_LETTER_UPPER = re.compile(r"(?P<number>[A-Z])\.(?=\s)")
_PAREN = re.compile(r"\((?P<number>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2}|[A-Z])\)(?=\s)")
_ROMAN_LOWER = re.compile(r"^[ivxlc]+$")

_HEADING_RANK_BASE = 0
_CLAUSE_RANK_BASE = 10
_TITLE_MAX = 100


@dataclass(frozen=True, slots=True)
class ClauseNumber:
    number: str
    rank: int
    length: int  # characters the number takes at the paragraph start, incl. prefix


def parse_clause_number(text: str, previous_paren: str = "") -> ClauseNumber | None:
    """The clause number a paragraph starts with, if any."""
    match = _ARTICLE_ROMAN.match(text)
    if match:
        return ClauseNumber(f"{match['prefix'].strip().title()} {match['number'].upper()}", 1, match.end())
    match = _DECIMAL.match(text)
    if match:
        number = match["number"]
        parts = number.split(".")
        rest = text[match.end() :].lstrip()
        # "2023 was…" or "30 days" are not clause numbers: require a short number and
        # something clause-like after it.
        if int(parts[0]) > 300 or (len(parts) == 1 and not match["dot"] and not match["prefix"] and not _starts_like_title(rest)):
            return None
        if not rest or not (rest[0].isupper() or rest[0] in "(\"“'‘[*"):
            return None
        shown = f"{match['prefix'].strip().title()} {number}" if match["prefix"] else number
        return ClauseNumber(shown, len(parts), match.end())
    match = _ROMAN_HEADING.match(text)
    if match:
        return ClauseNumber(match["number"], 1, match.end())
    match = _LETTER_UPPER.match(text)
    if match and text[match.end() :].lstrip()[:1].isupper():
        return ClauseNumber(match["number"], 5, match.end())
    match = _PAREN.match(text)
    if match:
        label = match["number"]
        is_roman = bool(_ROMAN_LOWER.match(label)) and not (
            len(label) == 1 and previous_paren and previous_paren.isalpha() and ord(label) == ord(previous_paren) + 1
        )
        if label.isdigit():
            rank = 6
        elif label.isupper():
            rank = 6
        else:
            rank = 8 if is_roman else 7
        return ClauseNumber(f"({label})", rank, match.end())
    return None


def _starts_like_title(text: str) -> bool:
    return bool(text) and text[0].isupper() and not text.startswith(("I ", "A "))


def _split_title(body: str) -> str:
    """A short title after the number: "Customer Content." or "ACCOUNT INFORMATION; SHARING"."""
    body = body.strip()
    if not body:
        return ""
    if len(body) <= _TITLE_MAX and not body.endswith((".", ";", ",")) or body.isupper():
        return body[:_TITLE_MAX].strip()
    match = re.match(r"([^.:]{2,%d}?)[.:](?=\s|$)" % _TITLE_MAX, body)
    if match:
        candidate = match.group(1).strip()
        words = candidate.split()
        capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in _MINOR_WORDS)
        if len(words) <= 10 and capitalised == len(words):
            return candidate
    return ""


_MINOR_WORDS = {"and", "or", "of", "the", "a", "an", "to", "for", "in", "on", "by", "with", "our", "your", "&"}


def find_sections(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Section, ...]:
    starts: list[tuple[int, int, int, str, str]] = []  # start, heading_end, rank, number, heading
    previous_paren = ""
    for paragraph in paragraphs:
        body = text[paragraph.start : paragraph.end]
        if paragraph.kind is BlockKind.TABLE_ROW:
            continue
        clause = parse_clause_number(body, previous_paren)
        if clause and clause.number.startswith("("):
            previous_paren = clause.number.strip("()")
        if paragraph.kind is BlockKind.HEADING:
            number = clause.number if clause else ""
            title = body[clause.length :].strip(" .:") if clause else body
            starts.append((paragraph.start, paragraph.end, _HEADING_RANK_BASE + max(paragraph.level, 1), number, title))
        elif clause:
            rest = body[clause.length :]
            title = _split_title(rest)
            heading_end = paragraph.start + clause.length
            if title:
                heading_end = paragraph.start + clause.length + rest.index(title) + len(title)
            starts.append((paragraph.start, heading_end, _CLAUSE_RANK_BASE + clause.rank, clause.number, title))
    sections: list[Section] = []
    stack: list[tuple[int, int]] = []  # (section index, rank)
    ends: dict[int, int] = {}
    for start, heading_end, rank, number, heading in starts:
        while stack and stack[-1][1] >= rank:
            ends[stack.pop()[0]] = start
        parent = stack[-1][0] if stack else None
        index = len(sections)
        sections.append(Section(index, start, len(text), heading_end, number, heading, len(stack), parent))
        stack.append((index, rank))
    return tuple(
        Section(s.index, s.start, ends.get(s.index, len(text)), s.heading_end, s.number, s.heading, s.depth, s.parent)
        for s in sections
    )
