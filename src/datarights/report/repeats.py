"""How outputs say that repeated text was reviewed once (outline and review, JSON and text)."""

from __future__ import annotations

from typing import Any

from datarights.model import Document


def repeats_json(document: Document) -> list[dict[str, Any]]:
    """Repeated text that was reviewed once, at its original (outline and review JSON alike)."""
    return [
        {
            "start": r.span.start,
            "end": r.span.end,
            "original": {"start": r.original.start, "end": r.original.end},
        }
        for r in document.repeats
    ]


def repeats_note(document: Document) -> str:
    """One line saying which repeated text was skipped, or "" when nothing repeats."""
    if not document.repeats:
        return ""
    skipped = len(document.text) - document.reviewed_chars
    spans = ", ".join(
        f"{r.span.start}–{r.span.end} (= {r.original.start}–{r.original.end})" for r in document.repeats
    )
    return f"Repeated text reviewed once: {skipped:,} chars skipped at {spans}"
