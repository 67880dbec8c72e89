"""Every clause frame of a document, read once and memoised on its view."""

from __future__ import annotations

from datarights.read.access import access_frames
from datarights.read.changes import change_frames
from datarights.read.deidentification import deidentification_frames
from datarights.read.model import Action, ClauseFrame
from datarights.read.retention import retention_frames
from datarights.read.tables import table_frames
from datarights.read.training import training_frames
from datarights.read.view import TextView


def frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """All frames in document order (training, changes, retention, access, de-identification, table rows).
    Role frames need the purpose limits the detect stage finds; read them with `read.roles.role_frames`."""

    def read() -> tuple[ClauseFrame, ...]:
        found = (
            training_frames(view)
            + change_frames(view)
            + retention_frames(view)
            + access_frames(view)
            + deidentification_frames(view)
            + table_frames(view)
        )
        return tuple(sorted(found, key=lambda f: (f.start, f.trigger, f.action.value)))

    return view.memo("_frames", read)


def frames_for(view: TextView, action: Action) -> tuple[ClauseFrame, ...]:
    return tuple(f for f in frames(view) if f.action is action)
