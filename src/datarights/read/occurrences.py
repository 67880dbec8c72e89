"""Where literal strings start in a document's text, found for many literals in one pass over the
text (an Aho-Corasick automaton): the scan plans and keyword stems ask for a few hundred literals per
document, and a search per literal read the whole text once for each of them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import ahocorasick

# Literals are remembered for the documents read next, up to this many: the patterns built from a
# document's own terms add a few each, which a long-running process must not collect without end.
MAX_LITERALS = 4096
# A pass of the automaton costs about as much as this many searches for one literal: fewer literals
# than this still to find are searched for one by one.
BATCH = 8
REMEMBER = 32  # texts (a document's text and its lower-cased copy count apart)
_AUTOMATA = 8  # automata kept (the process's whole set recurs from one document to the next)


class Literals:
    """The literals this process looks for (scan plans note theirs when made, keyword stems when
    registered), with an automaton per set of literals passed over a text at once. A literal nobody
    asked for in the last `REMEMBER` texts is forgotten: those of one document's own terms do not
    stay in every later pass."""

    def __init__(self, limit: int = MAX_LITERALS) -> None:
        self._limit = limit
        self._known: dict[str, int] = {}  # literal: the text (counted from 1) it was last asked for in
        self._texts = 0
        self._lock = threading.Lock()
        self._automata: dict[frozenset[str], Any] = {}

    def note(self, literals: Iterable[str]) -> None:
        """Remember `literals` (each non-empty) to be found with the others from now on."""
        with self._lock:
            for literal in literals:
                if literal in self._known or len(self._known) < self._limit:
                    self._known[literal] = self._texts

    def starts(
        self, cache: dict[str, list[int]], text: str, literal: str, alone: Callable[[str], list[int]]
    ) -> list[int]:
        """Where `literal` starts in `text` (overlapping starts included, in order), through `cache`
        (this text's answers so far, empty for a text not read yet). When the literals known and not in
        `cache` are enough to pay for a pass, all of them are found in one; otherwise `alone(literal)`
        searches for it by itself."""
        found = cache.get(literal)
        if found is not None:
            if literal in self._known:
                self._known[literal] = self._texts
            return found
        if not cache:
            self._next_text()
        self.note((literal,))
        with self._lock:
            missing = frozenset(k for k in self._known if k not in cache)
        if len(missing) >= BATCH:
            cache.update(self.find(text, missing))
        found = cache.get(literal)
        if found is None:  # few to find, or past the limit
            found = cache[literal] = alone(literal)
        return found

    def _next_text(self) -> None:
        with self._lock:
            self._texts += 1
            if self._texts % REMEMBER == 0:
                oldest = self._texts - REMEMBER
                self._known = {k: last for k, last in self._known.items() if last >= oldest}

    def find(self, text: str, literals: frozenset[str]) -> dict[str, list[int]]:
        """Every start of each of `literals` in `text`, in one pass."""
        ordered = sorted(literals)
        automaton = self._automaton(literals, ordered)
        starts: list[list[int]] = [[] for _ in ordered]
        for end, (i, length) in automaton.iter(text):
            starts[i].append(end - length + 1)
        return dict(zip(ordered, starts, strict=True))

    def _automaton(self, literals: frozenset[str], ordered: list[str]) -> Any:
        with self._lock:
            automaton = self._automata.get(literals)
        if automaton is None:
            built = ahocorasick.Automaton()
            for i, literal in enumerate(ordered):
                built.add_word(literal, (i, len(literal)))
            built.make_automaton()
            automaton = built
            with self._lock:
                if len(self._automata) >= _AUTOMATA:
                    self._automata.pop(next(iter(self._automata)))
                self._automata[literals] = automaton
        return automaton


LITERALS = Literals()
