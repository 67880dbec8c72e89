"""A whole-text search that reads only the stretches between stops ("." or ";") holding a marker (a
rare word or phrase every match needs): the same matches as `TextView.search`, in the same order.

(Searching every pattern from the literal words its matches open with was tried and measured slower on
the corpus: the scan in `read.view` finds the common words of every pattern in one shared pass, which a
search per pattern repeats. A marker pays where it is a phrase much rarer than any single word the scan
can look for.)
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from datarights.read.patterns import lower_twin
from datarights.read.view import Clause, TextView, folds_to_ascii, lowered_text


def search_between_stops(
    view: TextView, pattern: re.Pattern[str], markers: Iterable[int], stops: str = ".;"
) -> Iterator[tuple[Clause, re.Match[str]]]:
    """`view.search(pattern)` for a case-insensitive pattern no match of which holds any character of
    `stops`, where every match shares the stretch between two stops with one of `markers` (offsets, in
    ascending order): the same (clause, match) pairs in the same order.

    No match crosses a stop, so the matches of the whole text are those of each stretch between two
    stops, and a stretch with no marker holds none. The stretches with a marker are searched (to their
    closing stop: a stop is no word character, so "\\b" there reads as at the end of a text); where
    markers are rare the rest of the text is never read by the pattern."""
    runner = lower_twin(pattern.pattern) if pattern.flags & re.IGNORECASE else None
    if runner is None or folds_to_ascii(view):
        yield from view.search(pattern)
        return
    text = view.doc.text
    lowered = lowered_text(view)
    end = -1  # where the stretch searched last ends
    for at in markers:
        if at <= end:
            continue  # in the stretch already searched
        start, end = _stretch(view, stops, at)
        for hit in runner.finditer(lowered, start, end):
            again = pattern.match(text, hit.start())
            clause = view.clause_at(hit.start())
            if again is not None and clause is not None:
                yield clause, again


def clauses_between_stops_lower(
    view: TextView, pattern: re.Pattern[str], markers: re.Pattern[str], stops: str = ".;"
) -> Iterator[Clause]:
    """`read.view.clauses_matching_lower(view, pattern)` for a `compile_lower` pattern no match of which
    holds any character of `stops`, where every match shares the stretch between two stops with a match of
    `markers` (a `compile_lower` pattern no match of which holds a stop either): each clause a match starts
    in, once, in order. The markers are found over the lower-cased text by one regex pass (one that opens
    with a literal: the engine skips to its first letters in C)."""
    lowered = lowered_text(view)
    seen: set[int] = set()
    end = -1
    for found in markers.finditer(lowered):
        at = found.start()
        if at <= end:
            continue
        start, end = _stretch(view, stops, at)
        for hit in pattern.finditer(lowered, start, end):
            clause = view.clause_at(hit.start())
            if clause is not None and clause.index not in seen:
                seen.add(clause.index)
                yield clause


def _stretch(view: TextView, stops: str, at: int) -> tuple[int, int]:
    """The stretch between the stops around offset `at` (not itself a stop): from after the stop before
    it (or the start of the text) to the stop after it (or the end)."""
    found = _stops(view, stops)
    i = bisect.bisect_right(found, at)
    return (found[i - 1] + 1 if i else 0), (found[i] if i < len(found) else len(view.doc.text))


def _stops(view: TextView, stops: str) -> list[int]:
    """Where each of `stops` stands in the text, in order (once per document: a search for the nearest
    stop from each marker would read the whole text where a stop is rare)."""
    return view.memo(
        f"_stretches_stops:{stops}",
        lambda: [m.start() for m in re.finditer("[" + re.escape(stops) + "]", view.doc.text)],
    )
