"""What the register keeps of a reviewed document, and how it becomes a `Document` again.

The text is `Document.text` exactly (what `datarights text` prints; every stored
offset refers to it). The layout (`datarights.layout/1`) records each paragraph's
span, kind, level, clause label and page, plus the title, OCR flag and tracked
changes: enough to rebuild the structured document with the structure stage
itself, so sections, clause numbers and evidence offsets come out as they were.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from datarights.errors import DatarightsError
from datarights.model import Block, BlockKind, Document, Format, RawDocument, Revision, RevisionKind
from datarights.structure import build_document

LAYOUT_SCHEMA = "datarights.layout/1"


class StoredTextMismatch(DatarightsError):
    """The stored text does not rebuild into the document it came from (a damaged row)."""

    hint = "add the file again to store its text afresh"


@dataclass(frozen=True, slots=True)
class StoredText:
    """A document's stored content, as the register hands it out."""

    sha256: str  # of the original file (the document's key)
    format: Format
    path: str  # where the file was when it was first stored
    text: str
    layout: dict[str, Any]
    original_name: str
    original_size: int
    original: bytes | None  # the file itself, when kept (and asked for)

    @property
    def title(self) -> str:
        return str(self.layout.get("title", ""))


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def layout_json(document: Document) -> dict[str, Any]:
    return {
        "schema": LAYOUT_SCHEMA,
        "paragraphs": [[p.start, p.end, p.kind.value, p.level, p.label, p.page] for p in document.paragraphs],
        "title": document.title,
        "ocr": document.ocr,
        "revisions": [
            {"kind": r.kind.value, "text": r.text, "author": r.author, "date": r.date, "block": r.block_index}
            for r in document.revisions
        ],
    }


def rebuild_document(stored: StoredText) -> Document:
    """The structured document the stored text came from, rebuilt by the structure stage."""
    text = stored.text
    blocks = []
    for start, end, kind, level, label, page in stored.layout.get("paragraphs", ()):
        # The rendered paragraph already starts with its label, so layout() keeps it as is.
        blocks.append(Block(BlockKind(kind), text[start:end], int(level), str(label), page))
    revisions = tuple(
        Revision(
            RevisionKind(r["kind"]), r["text"], r.get("author", ""), r.get("date", ""), r.get("block", -1)
        )
        for r in stored.layout.get("revisions", ())
    )
    raw = RawDocument(
        path=stored.path,
        format=stored.format,
        sha256=stored.sha256,
        blocks=tuple(blocks),
        revisions=revisions,
        title=stored.title,
        ocr=bool(stored.layout.get("ocr", False)),
    )
    document = build_document(raw)
    if document.text != text:
        raise StoredTextMismatch(
            f"the stored text of document {stored.sha256[:12]} does not rebuild from its layout"
        )
    return document
