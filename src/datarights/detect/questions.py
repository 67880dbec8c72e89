"""The questions and their positions, which live in the core model (`datarights.model.questions`);
kept here for the detectors and for code that imports them from this stage."""

from __future__ import annotations

from datarights.model.questions import (
    DEFAULT_POSITION,
    NEUTRAL_POSITIONS,
    POSITIONS,
    AuditRights,
    ChangeNotice,
    OutputOwnership,
    Position,
    QuestionId,
    Retention,
    TrainingScope,
    TrainingUse,
    VendorRole,
    YesNo,
    position_of,
)

__all__ = [
    "DEFAULT_POSITION",
    "NEUTRAL_POSITIONS",
    "POSITIONS",
    "AuditRights",
    "ChangeNotice",
    "OutputOwnership",
    "Position",
    "QuestionId",
    "Retention",
    "TrainingScope",
    "TrainingUse",
    "VendorRole",
    "YesNo",
    "position_of",
]
