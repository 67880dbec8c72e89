"""Plain values the register hands out (to the CLI, the web app, tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from datarights.store.diff import VersionDiff

if TYPE_CHECKING:
    from datarights.store.stack_alerts import StackAlert


@dataclass(frozen=True, slots=True)
class VersionInfo:
    """One stored version of a counterparty's document, with its current answers."""

    id: int
    counterparty: str
    doc_type: str
    sha256: str
    effective_date: date | None
    path: str
    added_at: datetime
    review_id: int | None
    reviewed_at: datetime | None
    positions: dict[str, str]  # question → position ({} when not reviewed by the current detectors)
    grade: str | None = None  # None when no assessment (engine absent)
    score: float | None = None
    text_stored: bool = False  # the register keeps the text reviewed (False: stored before schema 0002)

    @property
    def label(self) -> str:
        when = self.effective_date.isoformat() if self.effective_date else "undated"
        return (
            f"{self.counterparty} / {self.doc_type} / {when} (version {self.id}, sha256 {self.sha256[:12]})"
        )


@dataclass(frozen=True, slots=True)
class AddRequest:
    """A file to add: whose it is, what kind, and from when (None: from its name or text)."""

    path: Path
    counterparty: str
    doc_type: str | None = None
    effective: date | None = None


class AddStatus(StrEnum):
    ADDED = "added"  # a new version (reviewed now, or an already-reviewed document in a new series)
    UNCHANGED = "unchanged"  # this content is already stored for this counterparty: nothing redone
    FAILED = "failed"  # recorded in failures, with the reason


@dataclass(frozen=True, slots=True)
class FailureInfo:
    id: int
    path: str
    sha256: str | None
    counterparty: str | None
    error: str  # error class name
    message: str
    exit_code: int
    created_at: datetime
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class AddResult:
    path: str
    status: AddStatus
    version: VersionInfo | None = None
    reviewed: bool = False  # a review ran for this call (False when one was reused)
    alerts: tuple[VersionDiff, ...] = field(default=())  # changes against neighbouring versions
    failure: FailureInfo | None = None
    stack_alert: StackAlert | None = None  # changes of the counterparty's combined answers


@dataclass(frozen=True, slots=True)
class AlertInfo:
    id: int
    counterparty: str
    old_version_id: int
    new_version_id: int
    severity: str
    created_at: datetime
    diff: VersionDiff


@dataclass(frozen=True, slots=True)
class StackAlertInfo:
    """A stored stack alert: what a new version changed in its counterparty's combined answers."""

    id: int
    created_at: datetime
    alert: StackAlert

    @property
    def positions_changed(self) -> int:
        return sum(c.position_changed for c in self.alert.changes)
