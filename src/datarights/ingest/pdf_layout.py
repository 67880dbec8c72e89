"""Lines of PDF text (with rough geometry) into paragraph and heading blocks.

Pure functions over `Line` values, so the rules can be tested without a PDF:

1. `strip_page_furniture` drops running headers/footers (lines that repeat,
   digits aside, at the top or bottom of many pages) and lone page numbers.
2. `lines_to_blocks` rebuilds paragraphs: wrapped lines are joined, true
   line-end hyphenation is undone, and a new block starts at a vertical gap, an
   indent, a clause number ("1.", "10.2", "(a)", "Section 3", "ARTICLE IV")
   after a finished line, or around a short title line, which becomes a HEADING.

Geometry is in "units" with y growing down the page: PDF points for text
layers, text rows and characters for OCR output. Only ratios against the
page's own line spacing and column width are used, so either unit works.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median

from datarights.model import Block, BlockKind


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int  # 1-based
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class _Column:
    left: float
    right: float
    spacing: float  # usual distance between the tops of consecutive lines

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


# Lines at each end of a page searched for running headers/footers and page numbers.
_FURNITURE_ZONE = 3
_PAGE_NUMBER_ZONE = 2
# Share of pages (and at least 3) a header/footer recurs on: near the page edges, or anywhere.
_EDGE_SHARE = 0.4
_ANYWHERE_SHARE = 0.5
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-–—\s]*(?:\d{1,4}|(?-i:(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})))[-–—\s]*
                                                     # "5", "- 5 -", "ii"; not "civil"
      | (?:page|p\.|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?  # "Page 5", "Page 5 of 20"
      | \d{1,4}\s*(?:of|/)\s*\d{1,4}                 # "5 of 20", "5/20"
      | [A-Z]{1,2}-\d{1,3}                           # exhibit pages "A-1"
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")
_SPACE_RUN = re.compile(r"\s+")

# A clause number at the start of a line; mirrors what structure/sections.py accepts.
_CLAUSE_START = re.compile(
    r"""^(?:
        (?:section|article|clause|part|§)\s*(?:\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6})\b
      | \d{1,3}(?:\.\d{1,3}){1,4}\.?(?=\s+\S) | \d{1,3}\.(?=\s+\S) | \d{1,3}(?=\s+[A-Z(“"])
      | \((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,2}|[A-Z])\)(?=\s|$)
      | (?:[A-Z]|[IVX]{1,5})\.(?=\s+[A-Z])
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Title lines: "ARTICLE IV", "Article 4 - Term", "Section 3. Fees", "1. Services.", "IV. TERM".
_ARTICLE_TITLE = re.compile(r"^(?:article|part)\s+(?:\d{1,3}|[IVXLC]{1,6})\b[.:\-–—]?\s*(?P<rest>.*)$", re.I)
_TOP_NUMBER_TITLE = re.compile(
    r"^(?:(?:section|§)\s*\d{1,3}\.?|\d{1,3}\.|[IVX]{1,5}\.)(?=\s|$)[\s:\-–—]*(?P<rest>.*)$", re.I
)
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "our", "the", "to"}
    | {"under", "upon", "with", "without", "your", "its", "their"}
)
_TERMINAL = (".", ":", ";", "!", "?", ".”", '."', ".)", ":”", ";”")
_MAX_TITLE_CHARS = 90
_MAX_TITLE_WORDS = 12
# A line ending before this share of the column width is "short": the last line of a paragraph.
_SHORT_LINE = 0.78
# A gap this many times the usual line spacing separates paragraphs.
_PARAGRAPH_GAP = 1.45
# pdfium drops the space after a tab-aligned number: "11.13The", "(a)Provider".
_GLUED_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.|\([A-Za-z0-9]{1,4}\))(?=[A-Z][A-Za-z])")
# A line ending in a hyphen right after a word, and the word the next line starts with.
_HYPHENS = "-\u00ad\x02"
_HYPHEN_END = re.compile(r"(?<![A-Za-z])([A-Za-z]+)[-\u00ad\x02]$")
_WORD_START = re.compile(r"^([A-Za-z]+)")
_HYPHENATED = re.compile(r"\b[a-z]+-[a-z]+\b")


def furniture_key(text: str) -> str:
    """Compare header/footer candidates with digits and spacing normalised ("Page 3" ≈ "Page 4")."""
    return _SPACE_RUN.sub(" ", _DIGITS.sub("#", text.casefold())).strip()


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def strip_page_furniture(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """Drop running headers/footers and page numbers.

    A header or footer recurs, digits aside, among the top or bottom lines of
    many pages. A line of three or more words recurring anywhere on half of the
    pages counts too: PDFs assembled from two-up scans put footers mid-page.
    """
    at_edges: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for lines in pages:
        at_edges.update(
            {furniture_key(line.text) for line in _zone(lines, _FURNITURE_ZONE) if _may_repeat(line)}
        )
        anywhere.update({furniture_key(line.text) for line in lines if _may_repeat(line) and _is_wordy(line)})
    edge_needed = max(3, round(len(pages) * _EDGE_SHARE))
    anywhere_needed = max(3, round(len(pages) * _ANYWHERE_SHARE))
    running = {key for key, count in anywhere.items() if count >= anywhere_needed}
    running_at_edges = {key for key, count in at_edges.items() if count >= edge_needed}
    kept: list[list[Line]] = []
    previous_dropped = False  # carried over pages: a footer can continue on the next page
    for lines in pages:
        edges = {id(line) for line in _zone(lines, _FURNITURE_ZONE)}
        number_zone = {id(line) for line in _zone(lines, _PAGE_NUMBER_ZONE)}
        page: list[Line] = []
        for line in lines:
            key = furniture_key(line.text)
            # The lowercase tail of a sentence ("of this Agreement.") can recur by chance;
            # it is furniture only as the second line of a footer.
            recurring = key in running and (previous_dropped or not line.text[0].islower())
            dropped = (
                recurring
                or (id(line) in edges and key in running_at_edges)
                or (id(line) in number_zone and is_page_number(line.text))
            )
            if not dropped:
                page.append(
                    _cut_glued_furniture(line, running | running_at_edges) if id(line) in edges else line
                )
            previous_dropped = dropped
        kept.append(page)
    return kept


def _cut_glued_furniture(line: Line, running: set[str]) -> Line:
    """pdfium sometimes puts a footer on the same line as the last words of the page."""
    words = line.text.split()
    for cut in range(1, len(words)):
        before, after = " ".join(words[:cut]), " ".join(words[cut:])
        if furniture_key(after) in running:
            return replace(line, text=before)
        if furniture_key(before) in running:
            return replace(line, text=after)
    return line


def _may_repeat(line: Line) -> bool:
    # A line that starts with a clause number ("ARTICLE 3.") is body text however often it recurs.
    return not _CLAUSE_START.match(line.text)


def _is_wordy(line: Line) -> bool:
    return len(line.text) >= 10 and len(line.text.split()) >= 3


def _zone(lines: Sequence[Line], size: int) -> list[Line]:
    """The `size` highest and lowest lines, by position: footers are often drawn first."""
    ordered = sorted(lines, key=lambda line: line.top)
    return ordered[:size] + ordered[size:][-size:]


def lines_to_blocks(pages: Sequence[Sequence[Line]]) -> list[Block]:
    """Paragraphs and headings from the page lines, in reading order."""
    pages = [[_unglue_number(line) for line in lines] for lines in pages]
    columns = _columns(pages)
    hyphenated = {
        match.group(0) for lines in pages for line in lines for match in _HYPHENATED.finditer(line.text)
    }
    groups: list[list[Line]] = []
    previous: Line | None = None
    for lines, column in zip(pages, columns, strict=True):
        for line in lines:
            if previous is None or _starts_block(previous, line, column):
                groups.append([line])
            else:
                groups[-1].append(line)
            previous = line
    blocks = [_to_block(group, hyphenated) for group in groups]
    return _mark_numbered_headings(_merge_number_only_headings(blocks))


def _unglue_number(line: Line) -> Line:
    text = _GLUED_NUMBER.sub(r"\1 ", line.text)
    return line if text == line.text else replace(line, text=text)


def _columns(pages: Sequence[Sequence[Line]]) -> list[_Column]:
    """Text column and line spacing per page; sparse pages borrow the document's."""
    everything = [line for lines in pages for line in lines]
    fallback = _measure(everything, [_spacings(lines) for lines in pages]) if everything else _Column(0, 1, 1)
    return [_measure(lines, [_spacings(lines)]) if len(lines) >= 8 else fallback for lines in pages]


def _measure(lines: Sequence[Line], spacing_lists: list[list[float]]) -> _Column:
    rights = sorted(line.right for line in lines)
    spacings = [gap for gaps in spacing_lists for gap in gaps]
    heights = [line.bottom - line.top for line in lines if line.bottom > line.top]
    spacing = median(spacings) if spacings else (median(heights) * 1.2 if heights else 1.0)
    # The 90th percentile ignores the odd over-wide table line.
    return _Column(min(line.left for line in lines), rights[int(len(rights) * 0.9)], spacing)


def _spacings(lines: Sequence[Line]) -> list[float]:
    return [b.top - a.top for a, b in pairwise(lines) if b.top - a.top > 0.5 * max(a.bottom - a.top, 1e-6)]


def _starts_block(previous: Line, line: Line, column: _Column) -> bool:
    before = previous.text
    finished = before.endswith(_TERMINAL)
    short = previous.right < column.left + _SHORT_LINE * column.width
    if before[-1] in _HYPHENS and _HYPHEN_END.search(before) and line.text[:1].isalpha():
        return False
    if line.page == previous.page:
        gap = line.top - previous.top
        if gap > _PARAGRAPH_GAP * column.spacing:
            return True
        if abs(gap) < 0.3 * column.spacing and line.left > previous.right:
            return False  # another run of text on the same row (tables, tab stops)
    if _title_level(before) and _stands_alone(previous, column):
        return True
    if _title_level(line.text) and (short or finished) and _stands_alone(line, column):
        return True
    if _CLAUSE_START.match(line.text) and (finished or short):
        return True
    if finished and short:
        return True
    # A first-line indent after a finished sentence.
    return finished and line.left > column.left + 0.04 * column.width and previous.left <= column.left + 1.0


def _stands_alone(line: Line, column: _Column) -> bool:
    """Short, centred or right-aligned: not a wrapped line of running text."""
    return (
        line.right < column.left + _SHORT_LINE * column.width or line.left > column.left + 0.1 * column.width
    )


def _to_block(lines: list[Line], hyphenated: set[str]) -> Block:
    parts = [lines[0].text]
    for line in lines[1:]:
        previous = parts[-1]
        hyphen = _HYPHEN_END.search(previous) if previous[-1] in _HYPHENS else None
        word = _WORD_START.match(line.text)
        if hyphen is None or word is None:
            parts.append(" ")
        elif _dehyphenate(previous, hyphen.group(1), word.group(1), hyphenated):
            parts[-1] = previous[:-1]
        elif previous[-1] != "-":
            parts[-1] = previous[:-1] + "-"  # a soft hyphen that must stay: make it visible
        parts.append(line.text)
    text = "".join(parts).replace("\x02", "").replace("\u00ad", "")
    level = _title_level(text) if len(lines) == 1 else 0
    if level == 1:
        return Block(BlockKind.HEADING, text, level=1, page=lines[0].page)
    # Numbered titles (level 2) become headings only if the document numbers consistently.
    return Block(BlockKind.PARAGRAPH, text, level=level, page=lines[0].page)


def _dehyphenate(previous: str, left: str, right: str, hyphenated: set[str]) -> bool:
    """Whether "left-" + "right" at a line break is one word split by hyphenation."""
    if previous[-1] != "-":
        return True  # pdfium marks hyphenation it inserted (soft hyphens) with \x02 or U+00AD
    if not (left.islower() and right.islower()):
        return False  # "Non-\nDisclosure", "Smith-\nJones": a real hyphen
    # "third-\nparty" keeps its hyphen if the document writes "third-party" elsewhere.
    return f"{left}-{right}" not in hyphenated


def _title_level(text: str) -> int:
    """1 for ARTICLE/PART and all-caps titles, 2 for top-level numbered titles, 0 for body text."""
    text = text.strip()
    if not text or len(text) > _MAX_TITLE_CHARS or text.endswith((",", ";")):
        return 0
    article = _ARTICLE_TITLE.match(text)
    if article:
        return 1 if _title_words(article["rest"]) else 0
    numbered = _TOP_NUMBER_TITLE.match(text)
    if numbered:
        return 2 if numbered["rest"] and _title_words(numbered["rest"]) else 0
    if _CLAUSE_START.match(text):
        return 0
    letters = [ch for ch in text if ch.isalpha()]
    words = text.split()
    if len(letters) >= 3 and text.isupper() and len(words) <= _MAX_TITLE_WORDS:
        return 1 if not text.endswith(".") or len(words) <= 6 else 0
    return 0


def _title_words(rest: str) -> bool:
    """A short run of capitalised words, optionally ending in "." (or nothing at all)."""
    rest = rest.strip().removesuffix(".").strip()
    words = rest.split()
    if len(words) > _MAX_TITLE_WORDS or any(ch in rest for ch in ".;:!?"):
        return False
    return all(word[:1].isupper() or word[:1] in "(&\"“'" or word.lower() in _MINOR_WORDS for word in words)


def _merge_number_only_headings(blocks: list[Block]) -> list[Block]:
    """Join "ARTICLE I" / "DEFINITIONS" written on two lines into one heading."""
    merged: list[Block] = []
    for block in blocks:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.kind is BlockKind.HEADING
            and _is_bare_article(last.text)
            and block.kind is BlockKind.HEADING
            and block.page == last.page
            and not _CLAUSE_START.match(block.text)
        ):
            merged[-1] = Block(BlockKind.HEADING, f"{last.text} {block.text}", level=1, page=last.page)
            continue
        merged.append(block)
    return merged


def _is_bare_article(text: str) -> bool:
    match = _ARTICLE_TITLE.match(text)
    return match is not None and not match["rest"]


def _mark_numbered_headings(blocks: list[Block]) -> list[Block]:
    """Top-level numbered titles become level-2 headings when no top-level clause is inline.

    Mixing them would rank "2. Fees. Customer shall pay…" (a clause) below the
    heading "1. Services", so a document that does both keeps them all as clauses.
    """
    numbered = [
        block for block in blocks if block.kind is BlockKind.PARAGRAPH and _TOP_NUMBER_TITLE.match(block.text)
    ]
    if not numbered or any(block.level != 2 for block in numbered):
        return [_as_paragraph(block) for block in blocks]
    return [
        Block(BlockKind.HEADING, block.text, level=2, page=block.page)
        if block.kind is BlockKind.PARAGRAPH and block.level == 2
        else block
        for block in blocks
    ]


def _as_paragraph(block: Block) -> Block:
    if block.kind is BlockKind.PARAGRAPH and block.level:
        return Block(BlockKind.PARAGRAPH, block.text, page=block.page)
    return block
