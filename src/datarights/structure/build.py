"""Blocks → one plain text with paragraph and page offsets, then the rest of structure."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from datarights.ingest import IngestOptions, load
from datarights.ingest.collection import collection_paused
from datarights.model import Block, Document, Page, Paragraph, RawDocument
from datarights.structure.definitions import find_cross_references, find_definitions
from datarights.structure.repeats import find_repeats
from datarights.structure.sections import find_sections
from datarights.structure.sentences import split_sentences

# Invisible characters that real captures carry (word joiners after links, soft hyphens).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Layout whitespace, as a regex character class: control characters, line ends, tabs and the Unicode
# spaces. A run of it becomes one space.
LAYOUT_SPACE = r"\x00-\x20\x7f\u00a0\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_LAYOUT_SPACES = re.compile(f"[{LAYOUT_SPACE}]+")

PARAGRAPH_SEPARATOR = "\n\n"


def clean_block_text(text: str) -> str:
    """Collapse layout whitespace and drop invisible characters; keeps words exactly."""
    # Every layout space but " ", and every invisible character, is of Unicode's "Other" or "Separator"
    # classes, which `str.isprintable` refuses: printable text in NFC with no double space is clean
    # already (most blocks; the regex substitutions would copy it).
    if text.isprintable() and "  " not in text and (text.isascii() or unicodedata.is_normalized("NFC", text)):
        return text.strip()
    if not text.isascii():  # ASCII holds no invisible character and is already in NFC
        text = _INVISIBLE.sub("", text)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return _LAYOUT_SPACES.sub(" ", text).strip()


def layout(blocks: tuple[Block, ...]) -> tuple[str, tuple[Paragraph, ...], tuple[Page, ...]]:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    page_bounds: dict[int, list[int]] = {}
    cursor = 0
    for block in blocks:
        body = clean_block_text(block.text)
        label = clean_block_text(block.label) if block.label else ""
        if not body and not label:
            continue
        # A list number the source renders outside the text goes before it, once.
        rendered = f"{label} {body}".strip() if label and not body.startswith(label) else body
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            cursor += len(PARAGRAPH_SEPARATOR)
        start, end = cursor, cursor + len(rendered)
        parts.append(rendered)
        paragraphs.append(Paragraph(start, end, block.kind, block.level, label, block.page))
        if block.page is not None:
            bounds = page_bounds.setdefault(block.page, [start, end])
            bounds[0], bounds[1] = min(bounds[0], start), max(bounds[1], end)
        cursor = end
    text = "".join(parts)
    pages = tuple(Page(number, bounds[0], bounds[1]) for number, bounds in sorted(page_bounds.items()))
    return text, tuple(paragraphs), pages


def build_document(raw: RawDocument) -> Document:
    with collection_paused():
        return _build(raw)


def _build(raw: RawDocument) -> Document:
    text, paragraphs, pages = layout(raw.blocks)
    sections = find_sections(text, paragraphs)
    sentences = split_sentences(text, paragraphs)
    definitions = find_definitions(text, paragraphs, sentences)
    cross_references = find_cross_references(text, sections)
    return Document(
        path=raw.path,
        format=raw.format,
        sha256=raw.sha256,
        text=text,
        paragraphs=paragraphs,
        sentences=sentences,
        sections=sections,
        definitions=definitions,
        cross_references=cross_references,
        pages=pages,
        revisions=raw.revisions,
        title=raw.title,
        ocr=raw.ocr,
        repeats=find_repeats(text, paragraphs),
    )


def read_document(path: Path | str, options: IngestOptions | None = None) -> Document:
    """Ingest and structure one file: the entry point every later stage uses."""
    return build_document(load(path, options))
