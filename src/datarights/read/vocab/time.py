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

# The value of each number word NUMBER_WORD matches (lower-cased; a hyphen or space inside a compound).
NUMBER_VALUES: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
    **{
        f"{tens}{sep}{unit}": value
        for tens, unit, value in (
            ("forty", "five", 45),
            ("twenty", "four", 24),
            ("forty", "eight", 48),
            ("seventy", "two", 72),
        )
        for sep in ("-", " ", "")
    },
}
UNIT_DAYS: dict[str, float] = {"hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
