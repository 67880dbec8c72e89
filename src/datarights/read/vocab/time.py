"""Periods of time ("30 days", "ninety (90) days")."""

from __future__ import annotations

NUMBER_WORD = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|eighteen|twenty|thirty|forty[\s-]?five"
    r"|sixty|ninety|twenty[\s-]four|forty[\s-]eight|seventy[\s-]two|a|an)"
)
PERIOD = (
    r"\b"
    + NUMBER_WORD
    + r"(?:\s*\(\d+\))?\s+(?:calendar\s+|business\s+|working\s+)?(?:hours?|days?|weeks?|months?|years?)\b"
)
