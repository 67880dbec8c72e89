"""The one pattern mechanism every reader of legal language uses: phrase alternations,
safe composition (no top-level alternation leaks) and case-insensitive matching over
lower-cased text without re.IGNORECASE (several times faster on long documents)."""

from __future__ import annotations

import functools
import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any


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


# The letters outside ASCII that re.IGNORECASE matches as ASCII letters (Python's `re` documentation):
# "İ", "ı", "ſ" and the Kelvin sign. Lower-casing a text does not make them those letters, so a text
# holding one must be searched with the case-insensitive pattern itself.
CASELESS_LOOKALIKES = frozenset("\u0130\u0131\u017f\u212a")


def compile_lower(pattern: str) -> re.Pattern[str]:
    """A case-sensitive regex for text lower-cased by `lowered_text`: literal letters of `pattern` are
    lower-cased (escapes such as \\S or \\W are kept). re.IGNORECASE makes Python's engine several
    times slower on long documents."""
    return re.compile(possessive_words(re.sub(r"(?<!\\)[A-Z]", lambda m: m.group(0).lower(), pattern)))


# Escapes that can name a letter by its code ("\x41"): lower-casing the pattern's letters misses them.
_CODED_CHARACTER = re.compile(r"\\[xuUN0-7]")


@functools.lru_cache(maxsize=2048)
def lower_twin(source: str) -> re.Pattern[str] | None:
    """The case-insensitive pattern `source` as `compile_lower` makes it for lower-cased text, or None
    where the twin could find other matches: an inline "(?-i:…)", a letter named by its code, a cased
    letter outside ASCII (it matches its other case only under re.IGNORECASE), or a group name that
    lower-casing breaks. (Keyed by source text: hashing a compiled pattern hashes its whole program.)"""
    if (
        "(?-i" in source
        or _CODED_CHARACTER.search(source)
        or any(not c.isascii() and c.lower() != c.upper() for c in source)
    ):
        return None
    try:
        return compile_lower(source)
    except re.error:  # "(?P<name>…)" lower-cased is no group
        return None


# "\w+" right before white space ("\s+", or a group every branch of which opens with a space or a line
# break), directly or at the end of a group: only the whole word can be followed by it, so giving back
# letters never helps, and a possessive "\w++" (same matches) spares the engine trying shorter words.
_SPACE_AFTER = (
    re.escape(r"\s+"),
    re.escape(r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"),  # a space within a paragraph
)
_WORD_BEFORE_SPACE = re.compile(r"(?<!\\)\\w\+(?=\)?(?:" + "|".join(_SPACE_AFTER) + "))")


def possessive_words(pattern: str) -> str:
    """`pattern` with each word run that white space must follow made possessive (the same matches)."""
    return _WORD_BEFORE_SPACE.sub(r"\\w++", pattern)


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


# --- Scanning only where a pattern can match ---------------------------------------------------------
# A regex scan of a whole document costs time at every character, for every pattern, although most
# patterns need rare words. `scan_plan` reads a compiled pattern once: the literal strings every match
# must contain (one of each set), and how far a match, with what its lookaheads read, can reach. Where an
# unbounded repeat ("\s+", "\w+") makes that reach depend on the text, the plan names the character class
# repeated, and the reach is bounded by the longest run of that class in the document at hand. `read.view`
# then scans only around occurrences of the literals, with the same matches as a scan of the whole text.

_LITERAL_MIN = 3  # a required literal shorter than this is too common to be worth looking for
_UNSAFE_AT = frozenset({_c.AT_END, _c.AT_END_LINE, _c.AT_END_STRING})
_CATEGORY_SOURCE = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
    _c.CATEGORY_UNI_DIGIT: r"\d",
    _c.CATEGORY_UNI_NOT_DIGIT: r"\D",
    _c.CATEGORY_UNI_SPACE: r"\s",
    _c.CATEGORY_UNI_NOT_SPACE: r"\S",
    _c.CATEGORY_UNI_WORD: r"\w",
    _c.CATEGORY_UNI_NOT_WORD: r"\W",
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)
# Past this many characters of reach a plan is not worth it.
_REACH_MAX = 20_000


class _Unsupported(Exception):
    """A construct the analysis does not model (a back-reference, "$"): the pattern is scanned whole."""


@dataclass(frozen=True, slots=True)
class Reach:
    """At most `fixed` characters plus, for each (count, class), `count` times the longest run of
    characters of `class` (regex text for one character) in the text scanned."""

    fixed: int
    runs: tuple[tuple[int, str], ...] = ()

    # Runs are kept sorted, one per class: with no runs on one side, the other's are the merge.
    def plus(self, other: Reach) -> Reach:
        if not other.runs or not self.runs:
            return Reach(self.fixed + other.fixed, self.runs or other.runs)
        return Reach(self.fixed + other.fixed, _merge(self.runs, other.runs, lambda a, b: a + b))

    def widest(self, other: Reach) -> Reach:
        if not other.runs or not self.runs:
            return Reach(max(self.fixed, other.fixed), self.runs or other.runs)
        return Reach(max(self.fixed, other.fixed), _merge(self.runs, other.runs, max))

    def times(self, count: int) -> Reach:
        return Reach(self.fixed * count, tuple((n * count, c) for n, c in self.runs))


def _merge(
    a: tuple[tuple[int, str], ...], b: tuple[tuple[int, str], ...], combine: Callable[[int, int], int]
) -> tuple[tuple[int, str], ...]:
    counts = dict((c, n) for n, c in a)
    for n, c in b:
        counts[c] = combine(counts[c], n) if c in counts else n
    return tuple(sorted((n, c) for c, n in counts.items()))


_NOTHING = Reach(0)


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _class_source(items: list[tuple[Any, Any]]) -> str:
    parts = []
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            parts.append(_escape(av))
        elif op is _c.RANGE:
            parts.append(_escape(av[0]) + "-" + _escape(av[1]))
        elif op is _c.CATEGORY and av in _CATEGORY_SOURCE:
            parts.append(_CATEGORY_SOURCE[av])
        else:
            raise _Unsupported(op)
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _one_char(op: Any, av: Any) -> str | None:
    """Regex text for the one character a node consumes, or None for a node that is not one character."""
    if op is _c.LITERAL:
        return _escape(av)
    if op is _c.NOT_LITERAL:
        return "[^" + _escape(av) + "]"
    if op is _c.IN:
        return _class_source(av)
    if op is _c.ANY:
        return "."
    return None


def _characters(nodes: Any) -> set[str]:
    """Every character class a sequence can consume (for an unbounded repeat of it)."""
    found: set[str] = set()
    for op, av in _walk(nodes):
        char = _one_char(op, av)
        if char is not None:
            found.add(char)
        elif op in (_c.ASSERT, _c.ASSERT_NOT, _c.GROUPREF, _c.GROUPREF_EXISTS):
            raise _Unsupported(op)
        elif op is _c.AT and av in _UNSAFE_AT:
            raise _Unsupported(av)
    return found


def _reach(nodes: Any) -> Reach:
    """How far a match of the sequence, with what its lookaheads read, can reach from its start."""
    # Memoised by node identity while one plan is made: `_required` asks again for nested parts.
    key = id(nodes)
    known = _REACH_MEMO.get(key)
    if known is not None and known[0] is nodes:
        return known[1]
    total = _reach_of(nodes)
    _REACH_MEMO[key] = (nodes, total)
    return total


_REACH_MEMO: dict[int, tuple[Any, Reach]] = {}


def _reach_of(nodes: Any) -> Reach:
    total = _NOTHING
    for op, av in _items(nodes):
        char = _one_char(op, av)
        if char is not None:
            node = Reach(1)
        elif op is _c.AT:
            if av in _UNSAFE_AT:
                raise _Unsupported(av)
            node = _NOTHING
        elif op is _c.BRANCH:
            node = _NOTHING
            for alt in av[1]:
                node = node.widest(_reach(alt))
        elif op is _c.SUBPATTERN:
            node = _reach(av[3])
        elif op is _c.ATOMIC_GROUP:
            node = _reach(av)
        elif op in _REPEATS:
            _low, high, body = av
            if high != _c.MAXREPEAT:
                node = _reach(body).times(high)
            else:
                # An unbounded repeat stays within one run of the characters its body consumes.
                classes = _characters(body)
                node = Reach(0, ((1, "|".join(sorted(classes))),)) if classes else _NOTHING
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            direction, body = av
            # A lookbehind reads text before the match, which a scan always has; a lookahead reads on.
            node = _NOTHING if direction < 0 else _reach(body)
        else:
            raise _Unsupported(op)
        total = total.plus(node)
    return total


def _items(nodes: Any) -> Any:
    """The (op, argument) list of a parsed sequence: a `SubPattern` iterates through a Python
    `__getitem__` per item, its `data` list in C."""
    return nodes.data if isinstance(nodes, _parser.SubPattern) else nodes


def _subpattern_flags(nodes: Any) -> int:
    """The flags every inline group of the sequence adds ("(?i:…)"), together."""
    flags = 0
    stack = [nodes]
    while stack:
        for op, av in _items(stack.pop()):
            if op is _c.SUBPATTERN:
                flags |= av[1]
                stack.append(av[3])
            elif op is _c.BRANCH:
                stack.extend(av[1])
            elif op is _c.ATOMIC_GROUP:
                stack.append(av)
            elif op in _REPEATS or op is _c.ASSERT or op is _c.ASSERT_NOT:
                stack.append(av[-1])
    return flags


def _walk(nodes: Any) -> Iterator[tuple[Any, Any]]:
    for op, av in _items(nodes):
        yield op, av
        if op is _c.BRANCH:
            for alt in av[1]:
                yield from _walk(alt)
        elif op is _c.SUBPATTERN:
            yield from _walk(av[3])
        elif op is _c.ATOMIC_GROUP:
            yield from _walk(av)
        elif op in (*_REPEATS, _c.ASSERT, _c.ASSERT_NOT):
            yield from _walk(av[-1])


@dataclass(frozen=True, slots=True)
class Needed:
    """Literals of which every match holds one, starting at most `before` characters into the match;
    those in `word_start` count only where no word character precedes them (the pattern has "\\b"
    before them: "define" holds no "\\bfine")."""

    literals: frozenset[str]
    before: Reach
    word_start: frozenset[str] = frozenset()


def _best(required: tuple[Needed, ...]) -> Needed | None:
    """The most telling of several required sets: the one whose shortest literal is longest."""
    return max(required, key=lambda n: (min(map(len, n.literals)), -len(n.literals)), default=None)


_BOUNDARIES = frozenset({_c.AT_BOUNDARY, _c.AT_UNI_BOUNDARY})


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"  # what "\\w" matches in a str pattern


def _required(nodes: Any, boundary: bool = False, measure: bool = True) -> tuple[Needed, ...]:
    """Sets of literals of which every match of the sequence holds at least one, for each set, with
    how far into the match each can start; `boundary` says a "\\b" comes just before the sequence.
    Without `measure`, how far is not worked out (each `before` is nothing): the literals alone."""
    found: list[Needed] = []
    run: list[str] = []
    prefix = _NOTHING  # how far the nodes read so far can advance the match
    run_start = _NOTHING
    run_bounded = False

    def flush() -> None:
        if run:
            literal = "".join(run)
            found.append(Needed(frozenset({literal}), run_start, frozenset({literal} if run_bounded else ())))
        run.clear()

    for op, av in _items(nodes):
        if op is _c.LITERAL:
            if not run:
                run_start = prefix
                run_bounded = boundary and _is_word(chr(av))
            run.append(chr(av))
            if measure:
                prefix = prefix.plus(Reach(1))
            boundary = False
            continue
        if op is _c.BRANCH and run:
            # The parser factors an opening common to every alternative out of them ("data|dpa" reads
            # as "d(?:ata|pa)"): the run before the branch joined to each alternative's opening literal.
            leads = [_opening_literal(alt) for alt in av[1]]
            if all(leads):
                joined = frozenset("".join(run) + lead for lead in leads)
                found.append(Needed(joined, run_start, joined if run_bounded else frozenset()))
        flush()
        inner: tuple[Needed, ...] = ()
        if op is _c.SUBPATTERN:
            inner = _required(av[3], boundary, measure)
        elif op is _c.ATOMIC_GROUP:
            inner = _required(av, boundary, measure)
        elif op in _REPEATS and av[0] >= 1:
            inner = _required(av[2], boundary, measure)  # the first repetition holds them
        elif op is _c.BRANCH:
            union: set[str] = set()
            bounded: set[str] = set()
            anywhere: set[str] = set()
            before = _NOTHING
            for alt in av[1]:
                best = _best(_required(alt, boundary, measure))
                if best is None:
                    break
                union |= best.literals
                bounded |= best.word_start
                anywhere |= best.literals - best.word_start
                before = before.widest(best.before)
            else:
                inner = (Needed(frozenset(union), before, frozenset(bounded - anywhere)),)
        # Anything else (a class, a lookaround, an optional part) requires no literal.
        found.extend(Needed(n.literals, prefix.plus(n.before), n.word_start) for n in inner)
        if op is _c.AT:
            boundary = av in _BOUNDARIES
        elif op not in (_c.ASSERT, _c.ASSERT_NOT):  # a lookaround neither advances nor crosses "\\b"
            if measure:
                prefix = prefix.plus(_reach([(op, av)]))
            boundary = False
    flush()
    return tuple(found)


def _opening_literal(nodes: Any) -> str:
    """The literal text a sequence opens with ("" when it opens with anything else)."""
    opening = []
    for op, av in _items(nodes):
        if op is not _c.LITERAL:
            break
        opening.append(chr(av))
    return "".join(opening)


@dataclass(frozen=True, slots=True)
class ScanPlan:
    """What a scan may skip: every match holds one literal of each set in `required` and, with what
    its lookaheads read, lies within `reach` characters of its start. A `caseless` plan (for a pattern
    that ignores case anywhere) holds lower-case ASCII literals to look for in the lower-cased text,
    and its run classes ignore case too."""

    required: tuple[Needed, ...]
    reach: Reach
    caseless: bool = False


def scan_plan(pattern: re.Pattern[str]) -> ScanPlan | None:
    """The plan for scanning with `pattern` (see `ScanPlan`), or None when it must scan the whole text:
    dot-all or verbose flags, back-references, "$", an empty match, or no literal it needs."""
    return _scan_plan(pattern)


@functools.lru_cache(maxsize=4096)
def _scan_plan(pattern: re.Pattern[str]) -> ScanPlan | None:
    try:
        return _make_plan(pattern)
    finally:
        _REACH_MEMO.clear()


def literal_plan(pattern: re.Pattern[str]) -> ScanPlan | None:
    """The literals of `pattern`'s scan plan without its reach (what a per-clause gate tests; each
    `before` and the `reach` are nothing): the same sets where `scan_plan` has a plan, about half the
    work to make, and sets too where only the reach defeats a plan ("$", a long reach). Every match
    still holds one literal of each set."""
    return _literal_plan(pattern)


@functools.lru_cache(maxsize=4096)
def _literal_plan(pattern: re.Pattern[str]) -> ScanPlan | None:
    return _make_plan(pattern, measure=False)


def _make_plan(pattern: re.Pattern[str], measure: bool = True) -> ScanPlan | None:
    # "^" (with or without MULTILINE) matches no earlier at a search's start than in the whole text,
    # and "$" is refused below; "." under DOTALL would read runs the plan does not measure.
    unsafe_flags = re.DOTALL | re.VERBOSE
    if pattern.flags & unsafe_flags:
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        group_flags = _subpattern_flags(parsed.data)
        if (parsed.state.flags | group_flags) & unsafe_flags:
            return None
        if parsed.getwidth()[0] == 0:
            return None  # an empty match changes where a scan resumes
        reach = _reach(parsed.data) if measure else _NOTHING
        required = set(_required(parsed.data, measure=measure))
    except (_Unsupported, re.error, RecursionError, OverflowError):
        return None
    caseless = bool((parsed.state.flags | group_flags) & re.IGNORECASE)
    if caseless:
        # Looked for lower-cased in the lower-cased text, the literals are found wherever they match
        # (and where a case-sensitive part would not: more to search, nothing lost). ASCII only: the
        # lower case of other letters is not always one letter.
        required = {_lower_needed(n) for n in required if all(lit.isascii() for lit in n.literals)}
        reach = _caseless_reach(reach)
    kept = tuple(_fewest(n) for n in required if min(map(len, n.literals)) >= _LITERAL_MIN)
    if not kept or reach.fixed > _REACH_MAX:
        return None
    return ScanPlan(kept, reach, caseless)


def _fewest(needed: Needed) -> Needed:
    """`needed` without the literals another of its literals starts (each start of "uses" is one of
    "use"): the same starts to look at, fewer to find. A literal counted only at a word start covers
    only literals counted there too."""
    kept = frozenset(
        literal
        for literal in needed.literals
        if not any(
            other != literal
            and literal.startswith(other)
            and (other not in needed.word_start or literal in needed.word_start)
            for other in needed.literals
        )
    )
    return Needed(kept, needed.before, needed.word_start & kept)


def _lower_needed(needed: Needed) -> Needed:
    anywhere = {lit.lower() for lit in needed.literals - needed.word_start}
    return Needed(
        frozenset(lit.lower() for lit in needed.literals),
        _caseless_reach(needed.before),
        frozenset(lit.lower() for lit in needed.word_start) - anywhere,
    )


def _caseless_reach(reach: Reach) -> Reach:
    """`reach` with its run classes ignoring case (a class of "a" counts "A" too); a class that names
    no letter ("[\\w]", "[^\\S\\n]") is the same either way, and keeps its name (its runs are measured once)."""
    return Reach(
        reach.fixed, tuple((n, c if _names_no_letter(c) else "(?i:" + c + ")") for n, c in reach.runs)
    )


def _names_no_letter(characters: str) -> bool:
    return characters.isascii() and _NAMES_NO_LETTER.fullmatch(characters) is not None


# Escapes ("\\w", "\\s", "\\n") and characters other than letters only (the text is ASCII).
_NAMES_NO_LETTER = re.compile(r"(?:\\.|[^A-Za-z\\])*")
