"""Small Markdown documents for the detector tests, read the way the engine reads a file."""

from __future__ import annotations

from datarights.detect.language import DocumentView
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.structure import build_document


def markdown_view(text: str) -> DocumentView:
    """The text as the body of a one-heading Markdown document."""
    blocks = tuple(markdown_to_blocks("# Acme Terms\n\n" + text))
    return DocumentView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))
