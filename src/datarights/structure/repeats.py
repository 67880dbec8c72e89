"""Repeated text: runs of paragraphs that say, word for word, what an earlier run said.

Captures repeat themselves: an archived page holds the whole document twice, a paragraph is
captured twice in a row, two regional versions of the terms share long identical stretches. A
repeat is read once, at its first copy, so one clause is never counted or cited twice.

Paragraphs are compared by their letters and digits alone (case, spacing, punctuation and markup
ignored), so a copy that differs only in rendering still counts; one changed word ends a run, so a second version that
differs is read where it differs. Short runs far from their original are kept: the same list of
data under two different purposes, or the same notice in two sections, means something in each place.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass

from datarights.model import Paragraph, Repeat, Span

# Paragraphs are compared by their letters and digits: ASCII punctuation and spaces are dropped and
# typographic quotes and dashes folded first (bytes.translate is far faster than a regex per paragraph).
_DROPPED = (string.punctuation + string.whitespace).encode()
_FOLDED = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("…", "."))
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
    chars: int  # characters of the copy's distinct paragraphs

    def qualifies(self, copy: int, repeated: list[bool]) -> bool:
        # Adjacent: nothing but earlier copies stands between the original and this copy.
        adjacent = all(repeated[self.original + self.length : copy])
        return self.chars >= (MIN_ADJACENT_CHARS if adjacent else MIN_DISTANT_CHARS)


def _keys(text: str, paragraphs: Sequence[Paragraph]) -> list[bytes]:
    folded = text.lower()
    if len(folded) != len(text):  # a letter whose lower case is longer (rare): offsets must hold
        folded = text
    for typographic, plain in _FOLDED:
        if typographic in folded:
            folded = folded.replace(typographic, plain)
    return [folded[p.start : p.end].encode().translate(None, _DROPPED) for p in paragraphs]


def find_repeats(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Repeat, ...]:
    """Repeats in document order, never overlapping each other or their originals' starts."""
    keys = _keys(text, paragraphs)
    lengths = [p.end - p.start for p in paragraphs]
    earlier: dict[bytes, list[int]] = {}
    repeats: list[Repeat] = []
    repeated = [False] * len(keys)
    copy = 0
    while copy < len(keys):
        run = _longest_run(keys, lengths, earlier.get(keys[copy], ()), copy)
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


def _longest_run(keys: list[bytes], lengths: list[int], candidates: Sequence[int], copy: int) -> _Run | None:
    best: _Run | None = None
    for original in reversed(candidates[-_MAX_CANDIDATES:]):
        length = chars = 0
        # One short line over and over ("Upon Net Sales equal to [***]" in a redacted table) is a list
        # of like items, not repeated text: a paragraph counts towards the run's size once.
        counted: set[bytes] = set()
        # The original must end before the copy begins: text does not repeat itself while it runs.
        while (
            copy + length < len(keys)
            and original + length < copy
            and keys[original + length] == keys[copy + length]
        ):
            if keys[copy + length] not in counted:
                counted.add(keys[copy + length])
                chars += lengths[copy + length]
            length += 1
        if best is None or chars > best.chars:
            best = _Run(original, length, chars)
    return best
