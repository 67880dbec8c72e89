"""Text edits in `Document.text` coordinates, applied back to front after an overlap check.

Modelled on ruff's `Fix`/`Edit`: an `Edit` replaces `text[start:end]` with
`replacement` (an insertion has `start == end`), and its `Applicability` says
how far a reviewer can trust it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from datarights.errors import OverlappingEdits


class Applicability(StrEnum):
    SAFE = "safe"  # replaces or adds a clause the finding points at; counsel still accepts it
    NEEDS_REVIEW = "needs_review"  # placed, but the finding or the placement is uncertain
    DISPLAY_ONLY = "display_only"  # shown in the diff and memo, not written as a tracked change


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    replacement: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad edit span {self.start}..{self.end}")

    @property
    def is_insertion(self) -> bool:
        return self.start == self.end


def _ordered(edits: Iterable[Edit]) -> list[Edit]:
    # Stable: insertions at one offset keep the order they were given in.
    return sorted(edits, key=lambda e: (e.start, e.end))


def check_overlaps(edits: Iterable[Edit]) -> None:
    """Raise `OverlappingEdits` if two edits replace overlapping text.

    Touching edits are fine, and so are several insertions at one offset (they
    are applied in the order given). An insertion strictly inside a replaced
    span is an overlap.
    """
    ordered = _ordered(edits)
    for before, after in itertools.pairwise(ordered):
        if after.start < before.end or (after.is_insertion and before.start < after.start < before.end):
            raise OverlappingEdits(
                f"edits {before.start}..{before.end} and {after.start}..{after.end} overlap"
            )


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with every edit applied; text outside the edits is left exactly as it was."""
    ordered = _ordered(edits)
    check_overlaps(ordered)
    for edit in ordered:
        if edit.end > len(text):
            raise OverlappingEdits(f"edit {edit.start}..{edit.end} is past the end of the text ({len(text)})")
    pieces: list[str] = []
    cursor = len(text)
    # Back to front, so earlier offsets stay valid; equal offsets keep their given order.
    for edit in reversed(ordered):
        pieces.append(text[edit.end : cursor])
        pieces.append(edit.replacement)
        cursor = edit.start
    pieces.append(text[:cursor])
    return "".join(reversed(pieces))
