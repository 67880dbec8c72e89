"""Reading table rows with their header cells as the meaning of each column.

Privacy policies often state their processing as a table (purpose | data | legal basis). A row is read
as one statement of the provider: the purpose column gives what the data is used for, the data column
which data; a row of a table with neither column is left to the sentence readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from datarights.model import BlockKind, Paragraph
from datarights.read.model import GENERAL, Action, Actor, ClauseFrame, DataKind, Modality, Unit
from datarights.read.patterns import compile_lower
from datarights.read.view import TextView
from datarights.read.vocab.data import DERIVED_DATA, FEEDBACK

_PURPOSE_HEADER = compile_lower(
    r"\b(?:purposes?|why|how\s+we\s+use|uses?\s+of|activit(?:y|ies)|processing\s+activit)"
)
_DATA_HEADER = compile_lower(r"\b(?:data|information|categor(?:y|ies)|types?\s+of)\b")
_PURPOSES: tuple[tuple[Action, re.Pattern[str]], ...] = (
    (
        Action.TRAIN_MODELS,
        compile_lower(
            r"\b(?:train\w*|fine[\s-]?tun\w*)\b[^|]{0,60}\b(?:models?|ai|artificial\s+intelligence|machine\s+learning)\b"
            r"|\b(?:improv\w*|develop\w*)\s+(?:our\s+)?(?:ai|machine\s+learning|models?)\b"
        ),
    ),
    (
        Action.IMPROVE_SERVICE,
        compile_lower(
            r"\b(?:improv\w*|develop\w*|enhanc\w*|research|new\s+(?:products?|features?|services?))\b"
        ),
    ),
    (
        Action.USE,
        compile_lower(r"\b(?:analytic\w*|statistic\w*|insights?|benchmark\w*|market\w*|advertis\w*)\b"),
    ),
    (Action.SECURITY, compile_lower(r"\b(?:safety|secur\w*|fraud|abuse|protect\w*)\b")),
    (Action.SHARE, compile_lower(r"\b(?:shar\w*|disclos\w*|sell\w*)\b")),
    (Action.PROVIDE_SERVICE, compile_lower(r"\b(?:provid\w*|operat\w*|maintain\w*|deliver\w*|support)\b")),
)
# In a data column "content", "inputs" or "files" are the user's own; "activity" or "logs" are usage data.
_CONTENT = compile_lower(
    r"\b(?:(?:user|customer|your)\s+)?(?:content|inputs?|outputs?|prompts?|files|uploads?|conversations?|messages|documents|recordings)\b"
)
_DERIVED_FROM = compile_lower(
    r"\b(?:derived|generated|created|drawn)\s+from\s+(?:your\s+|the\s+|user\s+|customer\s+)?(?:content|data|inputs?|information)\b"
)
_PERSONAL = compile_lower(r"\bpersonal\s+(?:data|information)\b")
_USAGE = compile_lower(r"\b(?:usage|device|log|technical|telemetry|cookie)\w*\b")
_DERIVED = compile_lower(
    DERIVED_DATA.pattern
    + r"|\b(?:content|data|information)\s+(?:that\s+(?:is|has\s+been)\s+)?(?:de-?identified|aggregated|anonymi[sz]ed)\b"
)
_FEEDBACK = compile_lower(FEEDBACK.pattern)


@dataclass(frozen=True, slots=True)
class _Columns:
    purpose: int | None
    data: int | None


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.split(" | ")]


def table_frames(view: TextView) -> tuple[ClauseFrame, ...]:
    """One frame per row of every table whose header names a purpose or a data column."""
    return view.memo("_frames:tables", lambda: tuple(_read_tables(view)))


def _read_tables(view: TextView) -> Iterator[ClauseFrame]:
    text = view.doc.text
    lowered = text.lower()
    header: _Columns | None = None
    previous: Paragraph | None = None
    for paragraph in view.doc.paragraphs:
        if paragraph.kind is not BlockKind.TABLE_ROW:
            header, previous = None, paragraph
            continue
        if previous is None or previous.kind is not BlockKind.TABLE_ROW:
            cells = _cells(lowered[paragraph.start : paragraph.end])
            purpose = next((i for i, c in enumerate(cells) if _PURPOSE_HEADER.search(c)), None)
            data = next((i for i, c in enumerate(cells) if i != purpose and _DATA_HEADER.search(c)), None)
            header = _Columns(purpose, data) if purpose is not None or data is not None else None
            previous = paragraph
            continue
        previous = paragraph
        if header is None:
            continue
        frame = _row_frame(view, paragraph, header, _cells(lowered[paragraph.start : paragraph.end]))
        if frame is not None:
            yield frame


def _row_frame(view: TextView, row: Paragraph, columns: _Columns, cells: list[str]) -> ClauseFrame | None:
    clause = view.clause_at(row.start)
    if clause is None:
        return None

    def cell(index: int | None) -> str:
        return cells[index] if index is not None and index < len(cells) else " ".join(cells)

    purpose_text, data_text = cell(columns.purpose), cell(columns.data)
    purposes = frozenset(action for action, pattern in _PURPOSES if pattern.search(purpose_text))
    objects: set[DataKind] = set()
    if _DERIVED.search(data_text) or any(term in data_text for term in view.derived_terms):
        objects.add(DataKind.DEIDENTIFIED)
    # "data derived from your content" names content only as the source of derived data.
    own = _DERIVED_FROM.sub(" ", data_text)
    if _CONTENT.search(own) or any(term in own for term in view.content_terms):
        objects.add(DataKind.CUSTOMER_CONTENT)
    if _PERSONAL.search(data_text):
        objects.add(DataKind.PERSONAL_DATA)
    if _USAGE.search(data_text):
        objects.add(DataKind.USAGE_DATA)
    if _FEEDBACK.search(data_text):
        objects.add(DataKind.FEEDBACK)
    if not purposes or not objects:
        return None
    action = next(a for a, _ in _PURPOSES if a in purposes)
    return ClauseFrame(
        clause.index,
        row.start,
        row.end,
        row.start,
        Unit.TABLE_ROW,
        Actor.PROVIDER,
        Modality.DOES,
        False,
        action,
        frozenset(objects),
        frozenset(),
        GENERAL,
        purposes,
    )
