"""Redlines: model clauses placed as Word tracked changes, a reviewable diff and a negotiation memo.

plan_redlines(document, assessment) → RedlinePlan   (edits in Document.text offsets)
redline_docx(plan, source, author=, date=)         (tracked changes and comments)
render_diff(plan, fmt)                              (Markdown or HTML)
render_memo(plan, fmt)                              (each ask, for the negotiation)
"""

from __future__ import annotations

from datarights.redline.clauses import Clause, ClauseLibrary, Variant, load_library
from datarights.redline.edits import Applicability, Edit, apply_edits, check_overlaps
from datarights.redline.plan import Change, Placement, RedlinePlan, plan_redlines

__all__ = [
    "Applicability",
    "Change",
    "Clause",
    "ClauseLibrary",
    "Edit",
    "Placement",
    "RedlinePlan",
    "Variant",
    "apply_edits",
    "check_overlaps",
    "load_library",
    "plan_redlines",
]
