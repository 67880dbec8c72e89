"""Evidence, hits and answers, which live in the core model (`datarights.model.findings`);
kept here for the detectors and for code that imports them from this stage."""

from __future__ import annotations

from datarights.model.findings import (
    Answer,
    Basis,
    Evidence,
    Hit,
    Precedence,
)

__all__ = [
    "Answer",
    "Basis",
    "Evidence",
    "Hit",
    "Precedence",
]
