"""Change alerts per stack: when a new version of one document of a counterparty's stack is
stored, which questions' controlling answers changed for the deal as a whole.

The per-document alert compares a document with its previous version; a deal can change without
either version of that document changing its own answer (an addendum now overrides the terms), or
with its own change hidden because another document controls the question. So the register reads
the counterparty's stack with and without the new version and compares the combined answers.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from datarights.detect.questions import QuestionId
from datarights.errors import DatarightsError, InternalError

if TYPE_CHECKING:
    from datarights.stack.model import Stack
    from datarights.store.register import Register
    from datarights.store.types import VersionInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StackAnswerChange:
    """One question whose combined answer, or the document controlling it, changed."""

    question: QuestionId
    old_position: str
    new_position: str
    old_controlling: str  # path as stored; "" when nothing governing addressed the question
    new_controlling: str
    why: str  # why the new controlling document controls

    @property
    def position_changed(self) -> bool:
        return self.old_position != self.new_position


@dataclass(frozen=True, slots=True)
class StackAlert:
    """What a new version changed in its counterparty's stack."""

    counterparty: str
    version_id: int  # the version whose arrival changed the stack
    documents_before: int
    documents_after: int
    changes: tuple[StackAnswerChange, ...]


def compare_stacks(before: Stack, after: Stack) -> tuple[StackAnswerChange, ...]:
    """Questions whose combined position or controlling document differs, in question order."""
    changes = []
    for question in QuestionId:
        old, new = before.answers[question], after.answers[question]
        if (old.position, old.controlling_document) == (new.position, new.controlling_document):
            continue
        changes.append(
            StackAnswerChange(
                question,
                old.position,
                new.position,
                old.controlling_document,
                new.controlling_document,
                new.why,
            )
        )
    return tuple(changes)


def stack_alert(register: Register, version: VersionInfo) -> StackAlert | None:
    """The stack alert for `version`, just stored: None when the counterparty has a single
    document, the version is not the current one of its document, or nothing combined changed.

    A stack that cannot be read (a version stored without its text) is logged and skipped: the
    add itself has succeeded and keeps its per-document alert."""
    from datarights.stack.build import StackOptions, build_stack
    from datarights.store.stacks import current_reviews

    versions = register.versions(version.counterparty)
    if len(versions) < 2:
        return None
    if not all(v.text_stored for v in versions):
        # Versions stored before the register kept text cannot be read again as a stack.
        log.warning("stack alert skipped for %s: some versions were stored without their text", version.label)
        return None
    try:
        after_reviews = current_reviews(register, version.counterparty)
        if len(after_reviews) < 2 or not any(r.document.sha256 == version.sha256 for r in after_reviews):
            return None
        before_reviews = current_reviews(register, version.counterparty, without=version.id)
        options = StackOptions(counterparty=version.counterparty)
        after = build_stack(after_reviews, options)
        before = build_stack(before_reviews, options) if before_reviews else None
    except DatarightsError as error:
        log.warning("stack alert skipped for %s: %s", version.label, error)
        return None
    if before is None:
        return None
    changes = compare_stacks(before, after)
    if not changes:
        return None
    return StackAlert(version.counterparty, version.id, len(before_reviews), len(after_reviews), changes)


STACK_ALERT_SCHEMA = "datarights.stack-alert/1"


def stack_alert_json(alert: StackAlert) -> dict[str, Any]:
    """The alert as stored and served (`datarights.stack-alert/1`)."""
    return {
        "schema": STACK_ALERT_SCHEMA,
        "counterparty": alert.counterparty,
        "version_id": alert.version_id,
        "documents_before": alert.documents_before,
        "documents_after": alert.documents_after,
        "changes": [change_json(c) for c in alert.changes],
    }


def change_json(change: StackAnswerChange) -> dict[str, str]:
    return {
        "question": change.question.value,
        "old_position": change.old_position,
        "new_position": change.new_position,
        "old_controlling": change.old_controlling,
        "new_controlling": change.new_controlling,
        "why": change.why,
    }


def change_from_json(data: Mapping[str, Any]) -> StackAnswerChange:
    """One stored change; a stored row that does not read as one is a bug of the register's, said so."""
    try:
        return StackAnswerChange(
            QuestionId(data["question"]),
            str(data["old_position"]),
            str(data["new_position"]),
            str(data["old_controlling"]),
            str(data["new_controlling"]),
            str(data["why"]),
        )
    except (KeyError, ValueError, TypeError) as error:
        raise InternalError(f"stored stack alert change does not read: {error!r}") from error


def stack_alert_text(alert: StackAlert) -> str:
    """The alert as the `add` command prints it: one line per question."""

    def name(path: str) -> str:
        return PurePath(path).name if path else "no document"

    lines = [
        f"Stack of {alert.counterparty} ({alert.documents_before} → {alert.documents_after} documents): "
        f"{len(alert.changes)} combined answer(s) changed"
    ]
    for c in alert.changes:
        what = (
            f"{c.old_position} → {c.new_position}" if c.position_changed else f"{c.new_position} (unchanged)"
        )
        control = (
            f"now controlled by {name(c.new_controlling)} (was {name(c.old_controlling)})"
            if c.old_controlling != c.new_controlling
            else f"controlled by {name(c.new_controlling)}"
        )
        lines.append(f"  {c.question.value}: {what}; {control}: {c.why}")
    return "\n".join(lines) + "\n"


__all__ = [
    "StackAlert",
    "StackAnswerChange",
    "change_from_json",
    "compare_stacks",
    "stack_alert",
    "stack_alert_json",
    "stack_alert_text",
]
