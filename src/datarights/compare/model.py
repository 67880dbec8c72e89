"""Typed changes of meaning between two versions of a document."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from datarights.read.model import Action


class ChangeType(StrEnum):
    """What changed in substance, from the customer's side."""

    RIGHT_WIDENED = "right_widened"  # the provider (or a recipient) may do more: new data, users, models; a condition gone
    RIGHT_NARROWED = "right_narrowed"  # the provider may do less
    PROMISE_REMOVED = "promise_removed"  # a "will not" / "does not" the customer relied on is gone
    PROMISE_ADDED = "promise_added"
    CONDITION_CHANGED = "condition_changed"  # opt-in ↔ opt-out, how changes take effect, a notice period
    ROLE_CHANGED = "role_changed"  # who acts (provider → third parties), processor ↔ controller
    RETENTION_LENGTHENED = "retention_lengthened"
    RETENTION_SHORTENED = "retention_shortened"
    MOVED = "moved"  # the same clause, elsewhere in the document


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """One clause of one version: its number / heading, its offsets into that version's text."""

    index: int  # position among the version's clauses
    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class MeaningChange:
    """One typed change. `old`/`new` is None for a statement only one version has; `detail` says
    what moved in the frame vocabulary ("users: free, pro, student → all users")."""

    type: ChangeType
    action: Action
    old: ClauseRef | None
    new: ClauseRef | None
    detail: str

    @property
    def number(self) -> str:
        """The clause numbers, old → new, for one-line summaries."""
        old = self.old.section if self.old else "—"
        new = self.new.section if self.new else "—"
        return old if old == new else f"{old} → {new}"
