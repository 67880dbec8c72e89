"""Defined terms and cross-references.

Recognised definition forms (each its own pattern):
- means-form: `"Customer Data" means …`, `“Term” shall have the meaning …`, `“Term” includes …`;
- parenthetical: `… (collectively, “Content”)`, `(the "Services")`, `(each an “Order Form”)`;
- referred-to: `… is referred to as Customer Content`;
- definition list/table: `Customer Data: …` (or `Customer Data — …`) or a table row `Term | meaning` inside a
  section headed "Definitions", and `Term means …` at the start of such a paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from datarights.model import BlockKind, CrossReference, Definition, Paragraph, Section, Sentence, Span

_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'"
_TERM = r"[^\"“”‘’\n]{1,80}?"

_MEANS_FORM = re.compile(
    r"[\"“‘](?P<term>" + _TERM + r")[\"”’]\s*(?:\((?:or\s+)?[\"“][^\"”]{1,40}[\"”]\)\s*)?"
    r"(?:,\s*)?(?:shall\s+|will\s+)?"
    r"(?:mean|means|refer to|refers to"
    r"|has the meaning|have the meaning|shall have the meaning|include|includes|is defined|are defined"
    r"|(?P<bare>is|are))\b",
)
# Before a bare `"X" is …`, only a clause number or "the term" may stand in the sentence.
_BARE_LEAD = re.compile(r"(?:^|[.:;]\s+|^\(?[\w.]{1,8}\)?\s+)(?:(?:the\s+)?terms?\s+)?$", re.IGNORECASE)
_LEAD_WINDOW = 40
# `Customer Data has the meaning given in the DPA`: an unquoted term defined elsewhere.
_HAS_MEANING = re.compile(
    r"(?:^(?:\(?[\dA-Za-z]{1,3}(?:\.\d{1,3})*[.)]\s+)?|(?<=[.;:]\s))(?:The\s+term\s+)?"
    r"(?P<term>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|or|the|for|to)){0,5})"
    r"\s+(?:has|have|shall have|will have)\s+the\s+meanings?\s+"
    r"(?:given|set\s+(?:forth|out)|ascribed|assigned|defined)"
)
# Pronouns are parties' shorthands; reporting their thousands of uses helps no one.
_MEANS_AFTER = re.compile(r"[\"”’]?\s*(?:means|shall mean)\b")
# fmt: off
_PRONOUNS = frozenset(
    {
        "you", "your", "yours", "we", "us", "our", "ours", "they", "them", "their", "i", "me", "my",
        "he", "she", "it", "its",
    }
)
# fmt: on
_PARENTHETICAL = re.compile(r"\((?P<inner>[^()]{1,200})\)")
_QUOTED = re.compile(r"[\"“‘](?P<term>" + _TERM + r")[\"”’]")
_PARENTHETICAL_FILLER = re.compile(
    r"^(?:[\s,;:]|\b(?:each|individually|collectively|together|jointly|hereinafter|hereafter|herein"
    r"|referred|to|as|and|or|also|the|a|an|any|such|its|their|this|these|called|known|defined|below|above"
    r"|in this agreement)\b)*$",
    re.IGNORECASE,
)
_REFERRED_TO = re.compile(
    r"\b(?:is|are|will be|shall be)\s+(?:"
    # "are collectively “Content”": only a quoted term, the bare form is too loose.
    r"(?:collectively|together)\s+(?:the\s+)?[\"“‘](?P<collective>[^\"”’\n]{1,60})[\"”’]"
    r"|(?:collectively\s+|together\s+)?(?:referred to|defined)\s+(?:herein\s+)?as\s+(?:the\s+)?"
    r"(?:[\"“‘](?P<quoted>[^\"”’\n]{1,60})[\"”’]|(?P<term>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})))"
)
_LEADING_TERM = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+|\([a-z0-9]+\)\s+)?[\"“]?(?P<term>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|or|the|for|to)){0,6})[\"”]?"
    # a glossary entry set off by a dash ("Engagement Data — telemetry about …"), in a definitions section only
    r"\s*(?::|\s+[—–-]\s|\s+means\b|\s+shall mean\b|\s+refers to\b|\s+has the meaning\b)"
)
_NUMBER = r"(?:\d{1,3}(?:\.\d{1,3}){0,4}|[IVXL]{1,6}\b)"
_SUB = r"(?:\([a-zA-Z0-9]{1,4}\))*"
# The words a cross-reference opens with, each also in the plural ("Sections", "§§"); the pattern is
# tried only where one of them starts (`cross_reference_matches`).
# fmt: off
_REFERENCE_WORDS = (
    "Section", "section", "SECTION", "Clause", "clause", "CLAUSE", "Article", "article", "ARTICLE", "Paragraph",
    "paragraph", "§",
)
# fmt: on
_REFERENCE_WORD = "|".join(
    word + ("§" if word == "§" else "S" if word.isupper() else "s") + "?" for word in _REFERENCE_WORDS
)
_CROSS_REFERENCE = re.compile(
    r"\b(?P<first>(?:" + _REFERENCE_WORD + r")\s*"
    r"(?P<number>" + _NUMBER + r")(?P<sub>" + _SUB + r"))"
    r"(?P<rest>(?:\s*(?:,|,?\s+(?:and|or|through|to))\s+" + _NUMBER + _SUB + r")*)",
)
_LISTED = re.compile(r"(?P<number>" + _NUMBER + r")(?P<sub>" + _SUB + r")")
# What follows a reference into another instrument: "of the GDPR", "of Regulation (EU)…", "GDPR".
_EXTERNAL = re.compile(
    r"\s*(?:(?:of|in|under)\s+(?:the\s+)?(?!this\b|these\b|the\s+Agreement\b|Agreement\b)"
    r"(?:[A-Z]|EU\b)|(?:UK\s+|EU\s+)?GDPR\b)"
)

_MAX_TERM_WORDS = 8


def _may_refer_to(body: str) -> bool:
    """Whether `body` holds a word every `_REFERRED_TO` match holds (`in` tests are the fastest check)."""
    return "defined" in body or "referred to" in body or "collectively" in body or "together" in body


def _plausible_term(term: str) -> bool:
    words = term.split()
    return 0 < len(words) <= _MAX_TERM_WORDS and not term.endswith((".", ",")) and term[:1].isalnum()


def _bare_lead_ok(body: str, start: int) -> bool:
    """`"X" is …` defines X only at a sentence start; a short window keeps this linear."""
    if start > _LEAD_WINDOW:
        return bool(
            re.search(r"[.:;]\s+(?:(?:the\s+)?terms?\s+)?$", body[start - _LEAD_WINDOW : start], re.I)
        )
    return bool(_BARE_LEAD.search(body[:start]))


def _enclosing_sentence(sentences: tuple[Sentence, ...], starts: list[int], offset: int) -> Sentence | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


_DEFINITION_TABLE_HEADER = re.compile(
    r"^\W*(?:defined\s+)?(?:term|terms|word|expression)s?\W*\|\s*(?:definition|meaning|means|description)",
    re.IGNORECASE,
)


def _candidates(
    text: str, paragraphs: tuple[Paragraph, ...], sentences: tuple[Sentence, ...]
) -> Iterator[tuple[str, Span, Span]]:
    starts = [s.start for s in sentences]
    in_definitions_section = False
    # A table is a definition table when it sits in a definitions section or its header row
    # names a term column ("Term | Meaning"); other tables (fee or retention schedules) are not.
    in_definition_table = False
    for paragraph in paragraphs:
        body = text[paragraph.start : paragraph.end]
        if paragraph.kind is BlockKind.TABLE_ROW:
            if _DEFINITION_TABLE_HEADER.match(body):
                in_definition_table = True
                continue
        else:
            in_definition_table = False
        if paragraph.kind is BlockKind.HEADING:
            in_definitions_section = "definition" in body.lower() or "interpretation" in body.lower()
            continue
        # Every means-form match opens with a quote, every parenthetical with "(": most paragraphs hold
        # neither, and `in` tests rule them out faster than starting a search.
        quoted = "“" in body or '"' in body or "‘" in body
        for match in _MEANS_FORM.finditer(body) if quoted else ():
            if match["bare"] and not _bare_lead_ok(body, match.start()):
                continue
            term_span = Span(paragraph.start + match.start("term"), paragraph.start + match.end("term"))
            sentence = _enclosing_sentence(sentences, starts, term_span.start)
            end = sentence.end if sentence else paragraph.end
            yield match["term"], term_span, Span(paragraph.start + match.start(), end)
        for match in _PARENTHETICAL.finditer(body) if quoted and "(" in body else ():
            inner = match["inner"]
            terms = list(_QUOTED.finditer(inner))
            if not terms or not _PARENTHETICAL_FILLER.match(_QUOTED.sub(" ", inner)):
                continue
            sentence = _enclosing_sentence(sentences, starts, paragraph.start + match.start())
            definition = Span(sentence.start if sentence else paragraph.start, paragraph.start + match.end())
            for q in terms:
                if q["term"].strip().lower() in _PRONOUNS:
                    continue
                offset = paragraph.start + match.start("inner") + q.start("term")
                yield q["term"], Span(offset, offset + len(q["term"])), definition
        # Most paragraphs lack the words these two forms need; `in` skips them far faster than a search.
        for match in _HAS_MEANING.finditer(body) if "meaning" in body else ():
            term_span = Span(paragraph.start + match.start("term"), paragraph.start + match.end("term"))
            sentence = _enclosing_sentence(sentences, starts, term_span.start)
            yield match["term"], term_span, Span(term_span.start, sentence.end if sentence else paragraph.end)
        for match in _REFERRED_TO.finditer(body) if _may_refer_to(body) else ():
            group = next(name for name in ("collective", "quoted", "term") if match[name])
            if match[group].lower() in _PRONOUNS:
                continue
            term_span = Span(paragraph.start + match.start(group), paragraph.start + match.end(group))
            sentence = _enclosing_sentence(sentences, starts, term_span.start)
            yield (
                match[group],
                term_span,
                Span(sentence.start if sentence else paragraph.start, term_span.end),
            )
        if paragraph.kind is BlockKind.TABLE_ROW:
            if in_definitions_section or in_definition_table:
                yield from _leading_term(body, paragraph, True)
        elif in_definitions_section:
            yield from _leading_term(body, paragraph, in_definitions_section)


def _leading_term(
    body: str, paragraph: Paragraph, in_definitions_section: bool
) -> Iterator[tuple[str, Span, Span]]:
    if paragraph.kind is BlockKind.TABLE_ROW:
        head, sep, _ = body.partition(" | ")
        term = head.strip().strip('"“”*')
        if (
            sep
            and _plausible_term(term)
            and term[:1].isupper()
            and in_definitions_section | (len(term.split()) <= 4)
        ):
            offset = paragraph.start + body.index(term)
            yield term, Span(offset, offset + len(term)), Span(paragraph.start, paragraph.end)
        return
    match = _LEADING_TERM.match(body)
    if match:
        offset = paragraph.start + match.start("term")
        yield match["term"], Span(offset, offset + len(match["term"])), Span(paragraph.start, paragraph.end)


def find_definitions(
    text: str, paragraphs: tuple[Paragraph, ...], sentences: tuple[Sentence, ...]
) -> tuple[Definition, ...]:
    first: dict[str, tuple[str, Span, Span]] = {}
    for term, term_span, definition_span in _candidates(text, paragraphs, sentences):
        term = term.strip()
        if not _plausible_term(term) or (
            term.lower() in _PRONOUNS and not _MEANS_AFTER.match(text, term_span.end)
        ):
            continue
        # A term's own text must sit exactly at its span; trimming may have shifted it.
        offset = text.find(term, term_span.start, term_span.end + 1)
        if offset < 0:
            continue
        key = term.casefold()
        if key not in first or term_span.start < first[key][1].start:
            first[key] = (term, Span(offset, offset + len(term)), definition_span)
    found = sorted(first.values(), key=lambda item: item[1].start)
    uses = _uses(text, [(term, term_span) for term, term_span, _ in found])
    return tuple(
        Definition(term, term_span, definition_span, tuple(uses.get(term, ())))
        for term, term_span, definition_span in found
    )


def _uses(text: str, terms: list[tuple[str, Span]]) -> dict[str, list[Span]]:
    """Every other mention of each term, in one pass.

    One alternation, longest term first, so "Customer Data" is a use of "Customer Data"
    and not also of "Customer"; one regex per term made this the slowest step. The
    alternation is a trie: a flat one costs every position one try per term, which made a
    long contract (whose term count grows with its length) quadratic.
    """
    if not terms:
        return {}
    alternatives = trie_alternation({t for t, _ in terms})
    # The word-start test is made here, not as a leading lookbehind: a pattern that opens with the
    # terms' first characters lets the regex engine skip to them (three times faster). Retrying one
    # character after a rejected start finds exactly the matches the lookbehind form finds.
    pattern = re.compile(r"(?P<term>" + alternatives + r")(?:s|es|’s|'s)?(?![\w-])")
    own = {span.start for _, span in terms}
    uses: dict[str, list[Span]] = {}
    at = 0
    while (match := pattern.search(text, at)) is not None:
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            at = start + 1
            continue
        if start not in own:
            uses.setdefault(match["term"], []).append(Span(start, match.end("term")))
        at = match.end()
    return uses


def trie_alternation(words: Iterable[str], *, ignore_case: bool = False) -> str:
    """A regex matching exactly `words`, factored by common prefix, preferring the longest.

    At any position it tries the same words in the same order as the flat alternation
    sorted longest first (a greedy optional group tries the longer continuation before
    stopping), so matches are identical; but a position costs one branch per distinct next
    character instead of one try per word."""
    words = set(words)
    if ignore_case:
        # Under re.IGNORECASE "Data" and "data set" are different branches of a trie, and the
        # first would win over the longer second: factor the case-folded words instead. Only
        # ASCII folds exactly like the regex engine; anything else keeps the flat alternation.
        if not all(word.isascii() for word in words):
            return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        words = {word.lower() for word in words}
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a word

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        # A run of single-child nodes is one literal, built in a loop: a long term must not
        # cost a recursion level per character.
        literal: list[str] = []
        while len(node) == 1 and "" not in node:
            ((char, node),) = node.items()
            literal.append(re.escape(char))
        ends = "" in node
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return "".join(literal)
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "".join(literal) + ("(?:" + body + ")?" if ends else body)

    return emit(root)


def find_cross_references(text: str, sections: tuple[Section, ...]) -> tuple[CrossReference, ...]:
    """Resolve "Section 4.2(a)", "Clauses 3 and 5", "Article IV" to sections of this document.

    A reference into another instrument ("Article 28 of the GDPR", "Section 5 of the DPA")
    stays unresolved even when this document happens to have a section with that number.
    """
    by_number: dict[str, int] = {}
    children: dict[int, list[Section]] = {}
    for section in sections:
        if section.number:
            by_number.setdefault(section.number.rstrip("."), section.index)
        if section.parent is not None:
            children.setdefault(section.parent, []).append(section)
    references = []
    for match in cross_reference_matches(text):
        external = bool(_EXTERNAL.match(text, match.end()))
        for number, sub, start, end in _listed_numbers(match):
            target = None if external else _resolve(number, sub, by_number, children)
            references.append(CrossReference(Span(start, end), number + sub, target))
    return tuple(references)


def cross_reference_matches(text: str) -> Iterator[re.Match[str]]:
    """`_CROSS_REFERENCE.finditer(text)`, trying the pattern only where one of its words starts (a
    pattern opening with a word boundary is otherwise tried at every character)."""
    starts = sorted({at for word in _REFERENCE_WORDS for at in _find_all(text, word)})
    end = 0
    for at in starts:
        if at >= end and (match := _CROSS_REFERENCE.match(text, at)) is not None:
            end = match.end()
            yield match


def _find_all(text: str, word: str) -> Iterator[int]:
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def _listed_numbers(match: re.Match[str]) -> Iterator[tuple[str, str, int, int]]:
    """The first number with its keyword, then each further number of "Sections 3, 4 and 5"."""
    yield match["number"], match["sub"] or "", match.start(), match.end("first")
    rest = match["rest"]
    if rest:
        offset = match.start("rest")
        for item in _LISTED.finditer(rest):
            yield item["number"], item["sub"] or "", offset + item.start("number"), offset + item.end()


def _resolve(
    number: str, sub: str, by_number: dict[str, int], children: dict[int, list[Section]]
) -> int | None:
    target = by_number.get(number + sub)
    if target is not None:
        return target
    target = by_number.get(number)
    # "4.2(a)(ii)": walk down the sub-clauses of 4.2 as far as they exist.
    for label in re.findall(r"\([a-zA-Z0-9]{1,4}\)", sub):
        if target is None:
            break
        child = next((c.index for c in children.get(target, ()) if c.number == label), None)
        if child is None:
            break
        target = child
    return target
