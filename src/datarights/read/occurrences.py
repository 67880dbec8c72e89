"""Where literal strings start in a document's text, for every literal the readers look for, in one
pass over the text (an Aho-Corasick automaton): the scan plans and keyword stems ask for a few hundred
literals per document, and a search per literal read the whole text once for each of them."""

from __future__ import annotations

import threading
from typing import Any

import ahocorasick

# Literals asked for are remembered for the next documents, up to this many: the patterns built from a
# document's own terms add a few each, which a long-running process must not collect without end.
MAX_LITERALS = 4096


class LiteralIndex:
    """The starts (overlapping ones included, in order) of every literal `LITERALS` knew when the index
    was made; `starts` answers None for a literal it did not know, which the caller finds by itself."""

    __slots__ = ("_ids", "_starts")

    def __init__(self, ids: dict[str, int], starts: list[list[int]]) -> None:
        self._ids = ids
        self._starts = starts

    def starts(self, literal: str) -> list[int] | None:
        i = self._ids.get(literal)
        return None if i is None else self._starts[i]


class Literals:
    """The process's literals, and an automaton over them rebuilt (at the next index) when more came."""

    def __init__(self, limit: int = MAX_LITERALS) -> None:
        self._limit = limit
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()
        self._built: tuple[dict[str, int], Any] | None = None

    def note(self, literal: str) -> None:
        """Remember `literal` (non-empty) for the indexes of documents read from now on."""
        with self._lock:
            if literal not in self._ids and len(self._ids) < self._limit:
                self._ids[literal] = len(self._ids)

    def index(self, text: str) -> LiteralIndex:
        ids, automaton = self._automaton()
        starts: list[list[int]] = [[] for _ in ids]
        if automaton is not None:
            for end, (i, length) in automaton.iter(text):
                starts[i].append(end - length + 1)
        return LiteralIndex(ids, starts)

    def _automaton(self) -> tuple[dict[str, int], Any]:
        with self._lock:
            if self._built is None or len(self._built[0]) != len(self._ids):
                ids = dict(self._ids)
                automaton = None
                if ids:
                    automaton = ahocorasick.Automaton()
                    for literal, i in ids.items():
                        automaton.add_word(literal, (i, len(literal)))
                    automaton.make_automaton()
                # A new automaton, never a changed one: another thread may be reading the old.
                self._built = (ids, automaton)
            return self._built


LITERALS = Literals()
