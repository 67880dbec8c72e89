"""Markdown shared by the report renderers."""

from __future__ import annotations


def table_cell(text: str) -> str:
    """Untrusted text made safe for one cell of a Markdown table (no column breaks, no line breaks)."""
    return text.replace("|", "\\|").replace("\n", " ")
