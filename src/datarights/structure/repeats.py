"""Repeated text: runs of paragraphs that say, word for word, what an earlier run said.

Captures repeat themselves: an archived page holds the whole document twice, a paragraph is
captured twice in a row, two regional versions of the terms share long identical stretches. A
repeat is read once, at its first copy, so one clause is never counted or cited twice.

Paragraphs are compared by their words alone (case, punctuation and markup ignored), so a copy that
differs only in rendering still counts; one changed word ends a run, so a second version that
differs is read where it differs. Short runs far from their original are kept: the same list of
data under two different purposes, or the same notice in two sections, means something in each place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from datarights.model import Paragraph, Repeat, Span

_WORD = re.compile(r"\w+")
# A run right after its original (the same text captured twice in a row) means nothing new however
# short; elsewhere only a long run is a repeat of the document rather than a deliberate restatement.
MIN_ADJACENT_CHARS = 200
MIN_DISTANT_CHARS = 2000
# Earlier copies of one paragraph tried as the start of a run (bounds the work on boilerplate).
_MAX_CANDIDATES = 16


@dataclass(frozen=True, slots=True)
class _Run:
    original: int  # index of the first paragraph of the original
    length: int  # paragraphs
    chars: int  # characters of words compared

    def qualifies(self, copy: int, repeated: list[bool]) -> bool:
        # Adjacent: nothing but earlier copies stands between the original and this copy.
        adjacent = all(repeated[self.original + self.length : copy])
        return self.chars >= (MIN_ADJACENT_CHARS if adjacent else MIN_DISTANT_CHARS)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def find_repeats(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Repeat, ...]:
    """Repeats in document order, never overlapping each other or their originals' starts."""
    keys = [_key(text[p.start : p.end]) for p in paragraphs]
    earlier: dict[str, list[int]] = {}
    repeats: list[Repeat] = []
    repeated = [False] * len(keys)
    copy = 0
    while copy < len(keys):
        run = _longest_run(keys, earlier.get(keys[copy], ()), copy)
        if run is not None and run.qualifies(copy, repeated):
            first, last = paragraphs[run.original], paragraphs[run.original + run.length - 1]
            repeat_first, repeat_last = paragraphs[copy], paragraphs[copy + run.length - 1]
            repeats.append(Repeat(Span(repeat_first.start, repeat_last.end), Span(first.start, last.end)))
            repeated[copy : copy + run.length] = [True] * run.length
            copy += run.length
            continue
        if keys[copy]:
            earlier.setdefault(keys[copy], []).append(copy)
        copy += 1
    return tuple(repeats)


def _longest_run(keys: list[str], candidates: Sequence[int], copy: int) -> _Run | None:
    best: _Run | None = None
    for original in reversed(candidates[-_MAX_CANDIDATES:]):
        length = chars = 0
        # The original must end before the copy begins: text does not repeat itself while it runs.
        while (
            copy + length < len(keys)
            and original + length < copy
            and keys[original + length] == keys[copy + length]
        ):
            chars += len(keys[copy + length])
            length += 1
        if best is None or chars > best.chars:
            best = _Run(original, length, chars)
    return best
