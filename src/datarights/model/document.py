"""Core values shared by every stage: raw blocks from ingest, the structured Document.

Everything here is a frozen dataclass. Offsets are character offsets into
`Document.text`, and for every span `doc.text[span.start:span.end]` is exactly
the text the span stands for.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class Format(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of reading order produced by an ingester.

    `label` is a clause or list number the source renders but that may not be in
    the running text (Word list numbering, Markdown ordered lists); it is written
    before the text with one space. `level` is the heading level (1 = top) or the
    list depth (0 = top).
    """

    kind: BlockKind
    text: str
    level: int = 0
    label: str = ""
    page: int | None = None


class RevisionKind(StrEnum):
    INSERTION = "insertion"
    DELETION = "deletion"


@dataclass(frozen=True, slots=True)
class Revision:
    """A tracked change found in the source (DOCX `w:ins` / `w:del`)."""

    kind: RevisionKind
    text: str
    author: str = ""
    date: str = ""
    block_index: int = -1


@dataclass(frozen=True, slots=True)
class RawDocument:
    """What an ingester hands to the structure stage."""

    path: str
    format: Format
    sha256: str
    blocks: tuple[Block, ...]
    page_count: int | None = None
    revisions: tuple[Revision, ...] = ()
    title: str = ""
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    kind: BlockKind
    level: int
    label: str
    page: int | None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Section:
    """A heading or numbered clause and the text it governs.

    `start` is where its heading/number begins, `end` where the next section of
    the same or a higher level begins. `heading_end` ends the heading line.
    """

    index: int
    start: int
    end: int
    heading_end: int
    number: str
    heading: str
    depth: int
    parent: int | None

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.number, self.heading) if part)


@dataclass(frozen=True, slots=True)
class Definition:
    """A defined term: where it is defined and every later use."""

    term: str
    term_span: Span
    definition_span: Span
    uses: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class CrossReference:
    span: Span
    target_number: str
    target_section: int | None


@dataclass(frozen=True, slots=True)
class Repeat:
    """Text that repeats an earlier stretch of the same document word for word: an archived page
    holding the document twice, a paragraph captured twice, a long block printed again. Later stages
    read it once, at `original`; the repeat keeps its place in `Document.text` so offsets stay exact."""

    span: Span
    original: Span


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    path: str
    format: Format
    sha256: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    sections: tuple[Section, ...]
    definitions: tuple[Definition, ...]
    cross_references: tuple[CrossReference, ...]
    pages: tuple[Page, ...] = ()
    revisions: tuple[Revision, ...] = ()
    title: str = ""
    ocr: bool = False
    # Repeated text, in document order and not overlapping: reviewed once, at its original.
    repeats: tuple[Repeat, ...] = ()
    _section_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _page_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _repeat_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_section_starts", tuple(s.start for s in self.sections))
        object.__setattr__(self, "_page_starts", tuple(p.start for p in self.pages))
        object.__setattr__(self, "_repeat_starts", tuple(r.span.start for r in self.repeats))

    def repeat_at(self, offset: int) -> Repeat | None:
        """The repeat `offset` falls in, if any: text that is not reviewed again."""
        i = bisect.bisect_right(self._repeat_starts, offset) - 1
        if i >= 0 and offset < self.repeats[i].span.end:
            return self.repeats[i]
        return None

    def is_reviewed(self, offset: int) -> bool:
        """Whether `offset` is in text the detectors read (everything but repeats)."""
        return self.repeat_at(offset) is None

    @property
    def reviewed_chars(self) -> int:
        return len(self.text) - sum(r.span.end - r.span.start for r in self.repeats)

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing `offset`."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        while i >= 0:
            section = self.sections[i]
            if section.start <= offset < section.end:
                return section
            i = section.parent if section.parent is not None else -1
        return None

    def section_label(self, offset: int) -> str:
        """Clause number and/or heading for citing `offset` ("10.2 Service Generated Data")."""
        section = self.section_at(offset)
        if section is None:
            return ""
        if section.number.startswith("(") and section.parent is not None:
            # "(b)" alone does not say where it is: cite it under its numbered clause, "4.3(b)".
            return " ".join(part for part in (self._full_number(section), section.heading) if part)
        if section.number or section.parent is None:
            return section.label
        # An unnumbered sub-heading reads better with its numbered ancestor.
        parent = self.sections[section.parent]
        return f"{parent.label} › {section.label}" if parent.number else section.label

    def _full_number(self, section: Section) -> str:
        """A list item's number with its numbered ancestors': "(i)" under "(b)" under "4.3." is "4.3(b)(i)"."""
        parts = [section.number]
        parent = section.parent
        while parent is not None:
            ancestor = self.sections[parent]
            if not ancestor.number:
                break
            parts.append(ancestor.number.rstrip("."))
            if not ancestor.number.startswith("("):
                break
            parent = ancestor.parent
        return "".join(reversed(parts))

    def section_path(self, section: Section) -> tuple[Section, ...]:
        path = [section]
        while path[-1].parent is not None:
            path.append(self.sections[path[-1].parent])  # type: ignore[index]
        return tuple(reversed(path))

    def page_at(self, offset: int) -> int | None:
        # Pages are laid out in order and do not overlap, so a bisection finds the one.
        i = bisect.bisect_right(self._page_starts, offset) - 1
        if i >= 0 and self.pages[i].start <= offset < self.pages[i].end:
            return self.pages[i].number
        return None

    def definition(self, term: str) -> Definition | None:
        folded = term.casefold()
        for definition in self.definitions:
            if definition.term.casefold() == folded:
                return definition
        return None

    def section_by_number(self, number: str) -> Section | None:
        wanted = number.rstrip(".")
        for section in self.sections:
            if section.number.rstrip(".") == wanted:
                return section
        return None
