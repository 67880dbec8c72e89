"""Per-clause regex searches behind a literal gate: the same results, most of them without the regex.

Readers run a dozen patterns over every candidate clause, and most patterns need words the clause does
not hold. A pattern's literal plan (`read.patterns.literal_plan`: a scan plan without its reach) names
literals of which every match holds one from each set; a few `in` tests on the clause (C substring searches) rule the pattern out before
the regex engine tries every position. Where a set is too large to test quickly, or the pattern has no
plan, the regex runs as before.

The text must be lower-cased (`lowered_text`, or ASCII-lowered) when the pattern ignores case: the
plan's literals are lower case. Such a pattern is then run as its lower-case twin (`compile_lower`, no
re.IGNORECASE: about twice as fast, the same matches over lower-cased text). Four characters outside
ASCII match ASCII letters under re.IGNORECASE ("ſ" as "s", the Kelvin sign as "k", dotted and dotless
i); a text holding one is searched unguarded, with the pattern itself.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from datarights.read.patterns import CASELESS_LOOKALIKES, literal_plan, lower_twin

# Past this many literals in a set, testing them costs about as much as the regex search.
_MOST_LITERALS = 24


class _Gate:
    """The literal sets to test before running one pattern (an empty tuple: always run it)."""

    __slots__ = ("caseless", "needed", "pattern", "twin")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        twin = lower_twin(pattern.pattern) if pattern.flags & re.IGNORECASE else None
        self.twin = twin or pattern
        plan = literal_plan(pattern)
        sets = () if plan is None else tuple(n.literals for n in plan.required)
        # Shortest literals first within a set (cheap to find), the smallest set first (most telling).
        self.needed = tuple(
            sorted(
                (tuple(sorted(s, key=len)) for s in sets if len(s) <= _MOST_LITERALS),
                key=len,
            )
        )
        # Ignoring case anywhere: the literals are lower case, and the twin differs where a letter folds.
        self.caseless = bool(pattern.flags & re.IGNORECASE) or (plan is not None and plan.caseless)

    def admits(self, text: str) -> bool:
        """Can the pattern match somewhere in `text`?"""
        return self.runner(text) is not None

    def runner(self, text: str) -> re.Pattern[str] | None:
        """The regex to run over `text` (the twin where it finds the same), or None where no match can be."""
        if self.caseless and _folds(text):
            return self.pattern
        for literals in self.needed:
            for literal in literals:
                if literal in text:
                    break
            else:
                return None
        return self.twin


_A, _B, _C, _D = sorted(CASELESS_LOOKALIKES)


def _folds(text: str) -> bool:
    """Does `text` hold a letter re.IGNORECASE matches as an ASCII letter other than itself?"""
    # Spelled out: a generator over the four costs more than the four substring searches.
    return not text.isascii() and (_A in text or _B in text or _C in text or _D in text)


# Keyed by identity: hashing a compiled pattern hashes its whole program, on every call. Each gate
# holds its pattern, so the identity is not reused while the entry lives. Gate only patterns compiled at
# import: the table keeps every pattern it has seen for the life of the process.
_GATES: dict[int, _Gate] = {}


def _gate(pattern: re.Pattern[str]) -> _Gate:
    gate = _GATES.get(id(pattern))
    if gate is None:
        gate = _GATES[id(pattern)] = _Gate(pattern)
    return gate


def can_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only where `pattern` cannot match anywhere in `text` (lower-cased, see the module note)."""
    return _gate(pattern).admits(text)


def search(
    pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int = sys.maxsize
) -> re.Match[str] | None:
    """`pattern.search(text, pos, endpos)`, skipped where the gate rules a match out."""
    runner = (_GATES.get(id(pattern)) or _gate(pattern)).runner(text)
    return None if runner is None else runner.search(text, pos, endpos)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, skipped where the gate rules a match out."""
    runner = _gate(pattern).runner(text)
    return iter(()) if runner is None else runner.finditer(text)


def sub(pattern: re.Pattern[str], replacement: str, text: str) -> str:
    """`pattern.sub(replacement, text)`, skipped (the text unchanged) where the gate rules a match out."""
    runner = _gate(pattern).runner(text)
    return text if runner is None else runner.sub(replacement, text)


def split(pattern: re.Pattern[str], text: str, maxsplit: int = 0) -> list[str]:
    """`pattern.split(text, maxsplit)`, skipped (`[text]`) where the gate rules a match out."""
    runner = _gate(pattern).runner(text)
    return [text] if runner is None else runner.split(text, maxsplit)


def match(pattern: re.Pattern[str], text: str, pos: int = 0) -> re.Match[str] | None:
    """`pattern.match(text, pos)`, skipped where the gate rules a match out."""
    runner = _gate(pattern).runner(text)
    return None if runner is None else runner.match(text, pos)
