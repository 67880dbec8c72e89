"""Labelled version pairs (`datarights.meaning-labels/1`) and the precision and recall of typed changes
against them. A predicted change matches a label when the type agrees, the action agrees (retain and
delete count as one family, keeping) and each quote the label gives is found in the clause on its side.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from datarights.compare.model import ChangeType, ClauseRef, MeaningChange
from datarights.errors import ConfigError
from datarights.read.model import Action

LABELS_SCHEMA = "datarights.meaning-labels/1"
_KEEPING = frozenset({Action.RETAIN, Action.DELETE})


@dataclass(frozen=True, slots=True)
class Label:
    type: ChangeType
    action: Action
    old_quote: str | None
    new_quote: str | None
    frames_read: bool  # False: a change the frame layer does not read yet (counted in recall only)
    note: str = ""


@dataclass(frozen=True, slots=True)
class LabelledPair:
    history: str  # folder under corpus/history
    old: str  # file stem (effective date)
    new: str
    labels: tuple[Label, ...]


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).lower()


def load_labels(path: Path) -> tuple[LabelledPair, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != LABELS_SCHEMA:
            raise ConfigError(f"not a {LABELS_SCHEMA} file", path=str(path))
        return tuple(
            LabelledPair(
                pair["history"],
                pair["old"],
                pair["new"],
                tuple(
                    Label(
                        ChangeType(c["type"]),
                        Action(c["action"]),
                        c.get("old_quote"),
                        c.get("new_quote"),
                        c.get("frames_read", True),
                        c.get("note", ""),
                    )
                    for c in pair["changes"]
                ),
            )
            for pair in data["pairs"]
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"cannot read labels: {error}", path=str(path)) from error


def _quoted(quote: str | None, ref: ClauseRef | None) -> bool:
    if quote is None:
        return True
    return ref is not None and _norm(quote) in _norm(ref.text)


def matches(label: Label, change: MeaningChange) -> bool:
    same_action = label.action is change.action or {label.action, change.action} <= _KEEPING
    return (
        label.type is change.type
        and same_action
        and _quoted(label.old_quote, change.old)
        and _quoted(label.new_quote, change.new)
    )


@dataclass(frozen=True, slots=True)
class Score:
    labels: int
    found: int  # labels matched by some predicted change
    predicted: int
    correct: int  # predicted changes that match some label

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def score(labels: Sequence[Label], predicted: Sequence[MeaningChange]) -> Score:
    return Score(
        labels=len(labels),
        found=sum(any(matches(label, c) for c in predicted) for label in labels),
        predicted=len(predicted),
        correct=sum(any(matches(label, c) for label in labels) for c in predicted),
    )


def total(scores: Sequence[Score]) -> Score:
    return Score(
        sum(s.labels for s in scores),
        sum(s.found for s in scores),
        sum(s.predicted for s in scores),
        sum(s.correct for s in scores),
    )
