"""Human and JSON renderings of a Document's structure."""

from __future__ import annotations

from typing import Any

from datarights.model import Document
from datarights.report.repeats import repeats_json, repeats_note


def outline_json(document: Document) -> dict[str, Any]:
    return {
        "path": document.path,
        "sha256": document.sha256,
        "format": document.format.value,
        "chars": len(document.text),
        "pages": len(document.pages) or None,
        "sections": [
            {
                "number": s.number,
                "heading": s.heading,
                "depth": s.depth,
                "parent": s.parent,
                "start": s.start,
                "end": s.end,
                "page": document.page_at(s.start),
            }
            for s in document.sections
        ],
        "definitions": [
            {
                "term": d.term,
                "start": d.term_span.start,
                "end": d.term_span.end,
                "definition": {"start": d.definition_span.start, "end": d.definition_span.end},
                "uses": len(d.uses),
            }
            for d in document.definitions
        ],
        "cross_references": [
            {
                "start": r.span.start,
                "end": r.span.end,
                "target": r.target_number,
                "resolved": r.target_section is not None,
            }
            for r in document.cross_references
        ],
        "revisions": [
            {"kind": r.kind.value, "text": r.text, "author": r.author, "date": r.date}
            for r in document.revisions
        ],
        "repeats": repeats_json(document),
    }


def render_outline(document: Document) -> str:
    lines = [
        f"{document.path}  ({document.format.value}, {len(document.text):,} chars, sha256 {document.sha256[:12]})"
    ]
    for section in document.sections:
        page = document.page_at(section.start)
        where = f"  [p. {page}]" if page else ""
        lines.append(f"{'  ' * (section.depth + 1)}{section.label or '(untitled)'}{where}")
    if document.definitions:
        lines.append("  Defined terms:")
        for definition in document.definitions:
            cited = document.section_label(definition.term_span.start)
            at = f" — {cited}" if cited else ""
            lines.append(f"    “{definition.term}” ({len(definition.uses)} uses){at}")
    unresolved = sum(1 for r in document.cross_references if r.target_section is None)
    if document.cross_references:
        lines.append(f"  Cross-references: {len(document.cross_references)} ({unresolved} unresolved)")
    if document.revisions:
        lines.append(f"  Tracked changes: {len(document.revisions)}")
    if note := repeats_note(document):
        lines.append(f"  {note}")
    return "\n".join(lines)
