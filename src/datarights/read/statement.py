"""The frame of one statement read from one clause: the constructor readers share."""

from __future__ import annotations

from datarights.read.model import Action, Actor, ClauseFrame, Condition, DataKind
from datarights.read.view import Clause, TextView
from datarights.read.vocab.modality import modality_before


def statement_frame(
    view: TextView,
    clause: Clause,
    at: int,
    actor: Actor,
    action: Action,
    wording: str,
    objects: frozenset[DataKind],
    *,
    negated: bool = False,
    conditions: frozenset[Condition] = frozenset(),
    related: tuple[int, ...] = (),
) -> ClauseFrame:
    """`actor` does `action` on `objects` as `clause` says from offset `at` (its trigger); the modality is
    read from the words before the trigger."""
    return ClauseFrame(
        clause.index,
        clause.start,
        clause.end,
        clause.start + min(at, len(clause.text) - 1),
        view.unit_at(clause.start),
        actor,
        modality_before(clause.text[:at]),
        negated,
        action,
        objects,
        conditions,
        wording=wording,
        related=related,
    )
