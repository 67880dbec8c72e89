"""The one pattern mechanism every reader of legal language uses: phrase alternations,
safe composition (no top-level alternation leaks) and case-insensitive matching over
lower-cased text without re.IGNORECASE (several times faster on long documents)."""

from __future__ import annotations

import re
from dataclasses import dataclass


def words(*alternatives: str) -> str:
    """A non-capturing alternation of phrases (spaces match any whitespace)."""
    return "(?:" + "|".join(a.replace(" ", r"\s+") for a in alternatives) + ")"


def compile_(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def has_top_level_alternation(pattern: str) -> bool:
    """Does `pattern` contain a "|" outside every group and character class ("a|b", not "(?:a|b)")?"""
    depth, i, in_class = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            # "[]…]" and "[^]…]": a leading "]" is a literal, not the end of the class.
            if pattern.startswith("]", i + 1):
                i += 1
            elif pattern.startswith("^]", i + 1):
                i += 2
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def atom(part: str | re.Pattern[str]) -> str:
    """`part` (a regex or its text) as one unit that can be concatenated: wrapped in a non-capturing
    group when it has a top-level alternation."""
    text = part.pattern if isinstance(part, re.Pattern) else part
    return "(?:" + text + ")" if has_top_level_alternation(text) else text


def any_of(*alternatives: str | re.Pattern[str]) -> str:
    """Regex text matching one of `alternatives`, as one non-capturing group."""
    return "(?:" + "|".join(a.pattern if isinstance(a, re.Pattern) else a for a in alternatives) + ")"


def seq(*parts: str | re.Pattern[str]) -> str:
    """Regex text matching `parts` one after the other. Plain `+` on regex text is wrong when a part is
    an alternation: `DERIVED_DATA.pattern + "… may be used"` reads as "A | B | C… may be used", so the
    suffix binds only to the last alternative and any mention of A or B matches. Each part here is
    made an `atom` first; a part that is itself meant as an alternative must be grouped by the caller."""
    return "".join(atom(p) for p in parts)


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def compile_lower(pattern: str) -> re.Pattern[str]:
    """A case-sensitive regex for text lower-cased by `lowered_text`: literal letters of `pattern` are
    lower-cased (escapes such as \\S or \\W are kept). re.IGNORECASE makes Python's engine several
    times slower on long documents."""
    return re.compile(re.sub(r"(?<!\\)[A-Z]", lambda m: m.group(0).lower(), pattern))


@dataclass(frozen=True, slots=True)
class NamedPattern:
    """A named wording with a base score: the unit every reader (question detectors, provisions) matches.
    Compiled once, at import time."""

    name: str
    regex: re.Pattern[str]
    score: float

    @classmethod
    def of(cls, name: str, pattern: str, score: float) -> NamedPattern:
        return cls(name, compile_(pattern), score)
