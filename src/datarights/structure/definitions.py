"""Defined terms and cross-references.

Recognised definition forms (each its own pattern):
- means-form: `"Customer Data" means …`, `“Term” shall have the meaning …`, `“Term” includes …`;
- parenthetical: `… (collectively, “Content”)`, `(the "Services")`, `(each an “Order Form”)`;
- referred-to: `… is referred to as Customer Content`;
- definition list/table: `Customer Data: …` or a table row `Term | meaning` inside a
  section headed "Definitions", and `Term means …` at the start of such a paragraph.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from datarights.model import BlockKind, CrossReference, Definition, Paragraph, Section, Sentence, Span

_OPEN_QUOTES = "\"“‘'"
_CLOSE_QUOTES = "\"”’'"
_TERM = r"[^\"“”‘’\n]{1,80}?"

_MEANS_FORM = re.compile(
    r"[\"“‘](?P<term>" + _TERM + r")[\"”’]\s*(?:\((?:or\s+)?[\"“][^\"”]{1,40}[\"”]\)\s*)?"
    r"(?:,\s*)?(?:shall\s+|will\s+)?(?:mean|means|refer to|refers to|has the meaning|have the meaning|shall have the meaning"
    r"|include|includes|is defined|are defined|is|are)\b",
)
_PARENTHETICAL = re.compile(r"\((?P<inner>[^()]{1,200})\)")
_QUOTED = re.compile(r"[\"“‘](?P<term>" + _TERM + r")[\"”’]")
_PARENTHETICAL_FILLER = re.compile(
    r"^(?:[\s,;:]|\b(?:each|individually|collectively|together|jointly|hereinafter|hereafter|herein|referred|to|as"
    r"|and|or|also|the|a|an|any|such|its|their|this|these|called|known|defined|below|above|in this agreement)\b)*$",
    re.IGNORECASE,
)
_REFERRED_TO = re.compile(
    r"\b(?:is|are|will be|shall be)\s+(?:collectively\s+|together\s+)?(?:referred to|defined)\s+(?:herein\s+)?as\s+"
    r"(?:the\s+)?[\"“]?(?P<term>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,4})"
)
_LEADING_TERM = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+|\([a-z0-9]+\)\s+)?[\"“]?(?P<term>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|and|or|the|for|to)){0,6})[\"”]?"
    r"\s*(?::|\s+means\b|\s+shall mean\b|\s+refers to\b|\s+has the meaning\b)"
)
_CROSS_REFERENCE = re.compile(
    r"\b(?:Sections?|Clauses?|Articles?|Paragraphs?|§§?)\s*(?P<number>\d{1,3}(?:\.\d{1,3}){0,4})(?P<sub>(?:\([a-z0-9]{1,4}\))*)",
    re.IGNORECASE,
)

_MAX_TERM_WORDS = 8


def _plausible_term(term: str) -> bool:
    words = term.split()
    return 0 < len(words) <= _MAX_TERM_WORDS and not term.endswith((".", ",")) and term[:1].isalnum()


def _enclosing_sentence(sentences: tuple[Sentence, ...], starts: list[int], offset: int) -> Sentence | None:
    i = bisect.bisect_right(starts, offset) - 1
    if i >= 0 and sentences[i].start <= offset < sentences[i].end:
        return sentences[i]
    return None


def _candidates(
    text: str, paragraphs: tuple[Paragraph, ...], sentences: tuple[Sentence, ...]
) -> Iterator[tuple[str, Span, Span]]:
    starts = [s.start for s in sentences]
    in_definitions_section = False
    for paragraph in paragraphs:
        body = text[paragraph.start : paragraph.end]
        if paragraph.kind is BlockKind.HEADING:
            in_definitions_section = "definition" in body.lower() or "interpretation" in body.lower()
            continue
        for match in _MEANS_FORM.finditer(body):
            term_span = Span(paragraph.start + match.start("term"), paragraph.start + match.end("term"))
            sentence = _enclosing_sentence(sentences, starts, term_span.start)
            end = sentence.end if sentence else paragraph.end
            yield match["term"], term_span, Span(paragraph.start + match.start(), end)
        for match in _PARENTHETICAL.finditer(body):
            inner = match["inner"]
            quoted = list(_QUOTED.finditer(inner))
            if not quoted or not _PARENTHETICAL_FILLER.match(_QUOTED.sub(" ", inner)):
                continue
            sentence = _enclosing_sentence(sentences, starts, paragraph.start + match.start())
            definition = Span(sentence.start if sentence else paragraph.start, paragraph.start + match.end())
            for q in quoted:
                offset = paragraph.start + match.start("inner") + q.start("term")
                yield q["term"], Span(offset, offset + len(q["term"])), definition
        for match in _REFERRED_TO.finditer(body):
            term_span = Span(paragraph.start + match.start("term"), paragraph.start + match.end("term"))
            sentence = _enclosing_sentence(sentences, starts, term_span.start)
            yield match["term"], term_span, Span(sentence.start if sentence else paragraph.start, term_span.end)
        if in_definitions_section or paragraph.kind is BlockKind.TABLE_ROW:
            yield from _leading_term(body, paragraph, in_definitions_section)


def _leading_term(body: str, paragraph: Paragraph, in_definitions_section: bool) -> Iterator[tuple[str, Span, Span]]:
    if paragraph.kind is BlockKind.TABLE_ROW:
        head, sep, _ = body.partition(" | ")
        term = head.strip().strip("\"“”*")
        if sep and _plausible_term(term) and term[:1].isupper() and in_definitions_section | (len(term.split()) <= 4):
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
        if not _plausible_term(term):
            continue
        # A term's own text must sit exactly at its span; trimming may have shifted it.
        offset = text.find(term, term_span.start, term_span.end + 1)
        if offset < 0:
            continue
        key = term.casefold()
        if key not in first or term_span.start < first[key][1].start:
            first[key] = (term, Span(offset, offset + len(term)), definition_span)
    definitions = []
    for term, term_span, definition_span in sorted(first.values(), key=lambda item: item[1].start):
        definitions.append(Definition(term, term_span, definition_span, _uses(text, term, term_span)))
    return tuple(definitions)


def _uses(text: str, term: str, term_span: Span) -> tuple[Span, ...]:
    pattern = re.compile(r"(?<![\w-])" + re.escape(term) + r"(?:s|es|’s|'s)?(?![\w-])")
    return tuple(
        Span(m.start(), m.start() + len(term))
        for m in pattern.finditer(text)
        if not (term_span.start <= m.start() < term_span.end)
    )


def find_cross_references(text: str, sections: tuple[Section, ...]) -> tuple[CrossReference, ...]:
    by_number: dict[str, int] = {}
    for section in sections:
        number = section.number.rstrip(".").removeprefix("Section ").removeprefix("Article ")
        if number:
            by_number.setdefault(number, section.index)
    references = []
    for match in _CROSS_REFERENCE.finditer(text):
        number = match["number"]
        target = by_number.get(number + match["sub"]) or by_number.get(number)
        references.append(CrossReference(Span(match.start(), match.end()), number + match["sub"], target))
    return tuple(references)
