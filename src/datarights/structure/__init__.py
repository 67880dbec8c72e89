"""Structure: lay blocks out as one plain text and find sections, sentences,
defined terms and cross-references, all as exact offsets into that text."""

from __future__ import annotations

from datarights.structure.build import build_document, read_document

__all__ = ["build_document", "read_document"]
