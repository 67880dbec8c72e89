"""Effective dates from a file name (`2023-08-07.md`) or a document's opening lines."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_LABELLED = re.compile(
    r"(?:effective(?:\s+date)?|last\s+(?:updated|modified|revised)|updated)\s*(?:on|as\s+of)?\s*[:\-]?\s*\**\s*"
    r"([A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d")


def parse_date(raw: str) -> date | None:
    cleaned = " ".join(raw.replace(",", " ").replace(".", " ").split())
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def date_from_name(path: Path | str) -> date | None:
    match = _ISO.search(Path(path).stem)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_from_text(text: str, head: int = 2000) -> date | None:
    match = _LABELLED.search(text[:head])
    return parse_date(match[1]) if match else None
