"""Assessment tests: `--update-golden` (or DATARIGHTS_UPDATE_GOLDEN=1) rewrites the golden files.

The option is registered in tests/conftest.py so it works from the repository root.
"""

from __future__ import annotations

from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Document, Format, RawDocument
from datarights.structure import build_document


def document_from_markdown(text: str, path: str = "case.md") -> Document:
    return build_document(RawDocument(path, Format.MARKDOWN, "0" * 64, tuple(markdown_to_blocks(text))))
