"""The text of a document as a reader walks it: sentences with their section and heading (`Clause`),
the paragraph and list lead-in each belongs to, and the document's own vocabulary (defined terms
for content and derived data, the names the provider acts under). Computed once per document;
derived values are memoised on the view."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Self, TypeVar

import ahocorasick

from datarights.model import BlockKind, Document, Paragraph
from datarights.read.model import Unit
from datarights.read.occurrences import LOWERED_LITERALS, literals_for
from datarights.read.patterns import (
    ASCII_LOWER,
    CASELESS_LOOKALIKES,
    Needed,
    Reach,
    compile_,
    compile_lower,
    lower_twin,
    scan_plan,
)
from datarights.read.vocab.actors import PROVIDER_WORDS
from datarights.read.vocab.data import (
    _STRICT_CONTENT_RE,
    BAA_TITLE,
    CONTENT_NOUNS,
    DERIVED_DATA,
    ENTERED_TEXT,
    FEEDBACK,
    OUTPUT_DEFINITION,
    PHI,
)
from datarights.structure.definitions import trie_alternation

# How far back (paragraphs, characters) a list item looks for the lead-in that introduces it.
LIST_LEAD_IN_ITEMS = 12
LIST_LEAD_IN_CHARS = 2500

_ITEM_MARK = re.compile(r"\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[a-z]\.\s|[•▪◦‣–-]\s)")


T = TypeVar("T")

# A proper name acting in a promise ("Zoom will …", "SpaceXAI may …"), for naming the provider.
_ACTOR_VERB = re.compile(
    r"\s(?:will|may|shall|reserves|uses|does|can|must|collects|processes|retains|stores)\b"
)
_NAME_BEFORE = re.compile(r"\b([A-Z][A-Za-z0-9]+(?:\s[A-Z][A-Za-z0-9]+)?)(?:[’']s)?\s*$")
_NOT_A_PROVIDER_NAME = re.compile(
    r"\b(?:You|Your|We|Us|Our|It|Its|They|This|These|That|Those|Each|Either|Neither|Both|Any|All|No|If|When|Where|Who|How|Why|What|Which"
    r"|The|A|An|Such|Some|Other|Please|Note|Party|Parties|Customers?|Users?|Members?|Subscribers?|Licensees?|Clients?|Developers?|Creators?|Sellers?"
    r"|Advertisers?|Partners?|Affiliates?|Recipient|Discloser|Receiving|Disclosing|Indemnifying|Indemnified|Controllers?|Exporter|Importer"
    r"|Subprocessors?|Sub-processors?|Agreement|Terms|Polic(?:y|ies)|Statement|Notice|Addendum|DPA|BAA|Section|Order|Form|Services?|Content"
    r"|Data|Information|Output|Outputs|Input|Inputs|Materials?|Platform|Network|Processing|Clauses|Arbitrator|Arbitration|Apps?|Account|Feedback"
    r"|Software|Product|Products|Features?|Personal|End|Government|Authority|Court|Law|Laws|AIs?)\b"
)
# A definition of the customer party: the person or entity that signs, accepts, subscribes to or uses the service.
_BESIDE_YOU = compile_(r"[”\"]?\s*(?:,|and|or)\s*[“\"](?:you|your)[”\"]")
_BESIDE_WE = compile_(r"[”\"]?\s*(?:,|and|or)\s*[“\"](?:we|us|our)[”\"]")
_CUSTOMER_PARTY = compile_(
    r"[”\"]\s*(?:means|refers\s+to|shall\s+mean|is)\s+(?:the\s+|a\s+|any\s+|each\s+)?(?:\w+\s+){0,2}?"
    # the party itself, not its data ("means Customer Data processed under Order Form 3")
    r"(?:person|individual|entity|organi[sz]ation|company|party|business|customer|licensee|subscriber)\b"
    r"(?!\s+(?:data|content|materials?|information|inputs?|outputs?|personal|records?)\b)[^.;]{0,80}?"
    r"\b(?:agrees?|accepts?|enters?\s+into|signs?|executes?|subscribes?|purchases?|orders?(?!\s+forms?\b)|registers?)\b"
    # not the provider's entity that contracts "with you" / "with Customer"
    r"(?![^.;]{0,60}\b(?:with|to)\s+(?:you|the\s+customer|customer|licensee|subscriber)\b)"
)
# Words that already name the provider or the customer, or that are no party's name.
_PARTY_WORD_TAKEN = compile_(
    r"we|us|our|you|your|customer|client|licensee|subscriber|provider|vendor|supplier|licensor|processor|controller|party|parties"
)
NAMED_ACTOR_MIN = 3
NAMED_ACTOR_OPENING = 2000
# "… provided that Aggregate Statistics do not include the text of Customer Data": content named only to be
# excluded from the derived data.
_EXCLUDES_CONTENT = re.compile(
    r"\b(?:(?:do|does|shall|will|must)\s+not|never|don[’']t|doesn[’']t)\s+(?:include|contain|comprise|reveal)\b[^.;]{0,80}"
    r"|\bexclud(?:e|es|ing)\b[^.;]{0,60}"
)
# A definition that lists the customer's content among what the term holds.
_DEFINITION_HOLDS_CONTENT = re.compile(
    r"\b(?:including|includes?|such\s+as|comprising|as\s+well\s+as)\b[^.]{0,160}?\b(?:the\s+)?"
    r"(?:prompts?|inputs?|outputs?|audio|recordings?|transcripts?|messages|files|documents|conversations?|chats?|content)\s+"
    r"(?:(?:that\s+)?(?:you|users?|customers?)\s+(?:\w+\s+)?(?:record|upload|submit|provide|enter|type|send|create|input)\w*"
    r"|(?:you|users?|customers?)\s+(?:\w+\s+)?(?:record|upload|submit|provide|enter|type|send|create|input)\w*)\b",
    re.IGNORECASE,
)


_WE_MEANS = re.compile(r"\b(?:means|refers\s+to)\s+([A-Z][\w-]{2,})")


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence with the context needed to read it."""

    index: int
    start: int
    end: int
    text: str
    section: str
    heading: str  # the lower-cased heading path, for context words like "definitions" or "privacy"


# Content defined by what the service does with it for the customer: "… that Provider processes for Customer",
# "transcripts and note drafts generated by the Service", "audio captured by the Scribe app".
_SERVICE_CONTENT_DEFINITION = re.compile(
    r"\b(?:data|information|content)\b[^.]{0,60}?\b(?:process(?:es|ed)?|handles?|handled|stores?|stored|hosts?|hosted)\s+"
    r"(?:for|on\s+behalf\s+of)\s+(?:the\s+)?(?:customer|you|client)\b"
    # "personal information about a student that we receive through the Service"
    r"|\bpersonal\s+(?:data|information)\b[^.]{0,60}?\b(?:receive[sd]?|collect(?:s|ed)?|process(?:es|ed)?)\s+(?:through|via|using)\s+"
    r"(?:the\s+|our\s+)?(?:service|services|platform|app|application)\b"
    r"|\bmeans\s+[^.]{0,120}?\b(?:transcripts?|notes?|summar(?:y|ies)|responses?|outputs?|text|images?|audio|recordings?|video"
    r"|answers?|drafts?|messages?|documents?)\b[^.]{0,80}?\b(?:generated|produced|created|captured|recorded)\s+by\s+(?:the\s+)?"
    r"(?:[A-Z][\w-]*\s+){0,3}?(?:service|services|platform|app|application|models?|assistant|AI|tool)\b",
    re.IGNORECASE,
)
_MEANS = re.compile(r"\b(?:means|refers\s+to|shall\s+mean)\b")
_JOINING_WORDS = re.compile(
    r"your|the|all|any|and|or|together|collectively|both|of|its|their|customer[’']s|user[’']?s[’']?|each|in|case"
    r"|either|as|applicable|with|s"
)


@dataclass(frozen=True)
class TextView:
    doc: Document
    clauses: tuple[Clause, ...]
    _starts: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, doc: Document) -> Self:
        clauses = []
        # Repeated text is read once, at its first copy: its sentences are not clauses, so every
        # search (which finds clauses through `clause_at`) passes over it.
        reviewed = (s for s in doc.sentences if doc.is_reviewed(s.start)) if doc.repeats else doc.sentences
        # A section's heading path and label are the same for each of its sentences: read them once.
        by_section: dict[int, tuple[str, str]] = {}
        for i, sentence in enumerate(reviewed):
            section = doc.section_at(sentence.start)
            heading = label = ""
            if section is not None:
                known = by_section.get(id(section))
                if known is None:
                    known = by_section[id(section)] = (
                        " / ".join(s.heading for s in doc.section_path(section)).lower(),
                        doc.section_label(sentence.start),
                    )
                heading, label = known
            clauses.append(
                Clause(
                    i, sentence.start, sentence.end, doc.text[sentence.start : sentence.end], label, heading
                )
            )
        return cls(doc, tuple(clauses), tuple(c.start for c in clauses))

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """A value derived from this document, computed once and shared by every detector
        (the view is frozen, so derived values live beside its cached properties)."""
        if key not in self.__dict__:
            self.__dict__[key] = compute()
        value: T = self.__dict__[key]
        return value

    # --- locating ---------------------------------------------------------------------------------

    def clause_at(self, offset: int) -> Clause | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and self.clauses[i].start <= offset < self.clauses[i].end:
            return self.clauses[i]
        return None

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[Clause, re.Match[str]]]:
        """Every match of `pattern` over the whole text, with the clause it falls in.

        A case-insensitive pattern is scanned for as its lower-case twin over the lower-cased text
        (several times faster than re.IGNORECASE on long documents); each hit is then matched again
        with `pattern` at the same place, so callers get the match over the original text."""
        # A letter that ignoring case reads as an ASCII one ("ſ") stays itself in the lower-cased text.
        caseless = pattern.flags & re.IGNORECASE and not folds_to_ascii(self)
        lower = lower_twin(pattern.pattern) if caseless else None
        if lower is None:
            for match in scan(self, pattern, lowered=False):
                clause = self.clause_at(match.start())
                if clause is not None:
                    yield clause, match
            return
        text = self.doc.text
        for found in scan(self, lower, lowered=True):
            again = pattern.match(text, found.start())
            clause = self.clause_at(found.start())
            if again is not None and clause is not None:
                yield clause, again

    def clauses_matching(self, pattern: re.Pattern[str]) -> Iterator[Clause]:
        seen: set[int] = set()
        for clause, _ in self.search(pattern):
            if clause.index not in seen:
                seen.add(clause.index)
                yield clause

    def neighbours(self, clause: Clause, before: int = 1, after: int = 1) -> tuple[Clause, ...]:
        lo, hi = max(clause.index - before, 0), min(clause.index + after + 1, len(self.clauses))
        return self.clauses[lo:hi]

    # --- evidence -------------------------------------------------------------------------------

    def unit_at(self, offset: int) -> Unit:
        """What a frame read at `offset` was read from: a table row (read with its header cells) or a
        sentence."""
        paragraph = self.paragraph_at(offset)
        return (
            Unit.TABLE_ROW
            if paragraph is not None and paragraph.kind is BlockKind.TABLE_ROW
            else Unit.SENTENCE
        )

    def paragraph_at(self, offset: int) -> Paragraph | None:
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if i >= 0 and self.doc.paragraphs[i].start <= offset < self.doc.paragraphs[i].end:
            return self.doc.paragraphs[i]
        return None

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.doc.paragraphs]

    def lead_in(self, clause: Clause) -> Clause | None:
        """For a list item, the sentence ending in ":" that introduces the list ("We use your Content
        to:"), which supplies the actor and the data the item speaks of; None otherwise."""
        paragraph = self.paragraph_at(clause.start)
        if paragraph is None or not self._is_list_item(paragraph):
            return None
        i = bisect.bisect_right(self._paragraph_starts, paragraph.start) - 1
        section = self.doc.section_at(paragraph.start)
        for previous in reversed(self.doc.paragraphs[max(0, i - LIST_LEAD_IN_ITEMS) : i]):
            if (
                self.doc.section_at(previous.start) is not section
                or paragraph.start - previous.end > LIST_LEAD_IN_CHARS
            ):
                return None
            text = self.doc.text[previous.start : previous.end].rstrip()
            if text.endswith(":"):
                lead = self.clause_at(max(previous.start, previous.end - 2))
                return lead if lead is not None and lead.index != clause.index else None
            if not self._is_list_item(previous) or (
                previous.kind is BlockKind.LIST_ITEM and previous.level < paragraph.level
            ):
                return None
        return None

    def _is_list_item(self, paragraph: Paragraph) -> bool:
        if paragraph.kind is BlockKind.LIST_ITEM:
            return True
        return paragraph.kind is BlockKind.PARAGRAPH and bool(
            _ITEM_MARK.match(self.doc.text, paragraph.start)
        )

    # --- defined terms --------------------------------------------------------------------------

    @cached_property
    def derived_terms(self) -> frozenset[str]:
        """Defined terms (lower-cased) that name usage, aggregated or de-identified data."""
        found = set()
        for definition in self.doc.definitions:
            body = self.doc.text[definition.definition_span.start : definition.definition_span.end]
            if _DEFINITION_HOLDS_CONTENT.search(body):
                # "Service Data … including the audio you record, the text transcribed from it": a usage term
                # that holds the content itself is content (spec: the risk often sits in a defined term)
                continue
            # "Customer Data … but excluding Aggregated Data": a derived kind the definition carves out is not
            # what the term names
            body = _EXCLUDES_CONTENT.sub(" ", body)
            if DERIVED_DATA.search(definition.term) or re.search(
                r"\b(?:about|regarding|relating to|concerning)\s+(?:the\s+)?(?:customer[’']?s?|your|users?[’']?)\s+(?:access\s+to\s+and\s+)?use\b"
                r"|\btechnical\s+logs\b|\btelemetry\b|\bde-?identified\b|\baggregated\b",
                body,
                re.IGNORECASE,
            ):
                found.add(definition.term.lower())
        return frozenset(found)

    @cached_property
    def content_terms(self) -> frozenset[str]:
        """Defined terms (lower-cased) that name the customer's content."""
        found = set()
        for definition in self.doc.definitions:
            term = definition.term.lower()
            if term in self.derived_terms or FEEDBACK.fullmatch(term):
                continue
            body = self.doc.text[definition.definition_span.start : definition.definition_span.end]
            if (
                re.search(
                    # "an app, site or database you create on Acme": what the customer builds on the service
                    r"\b(?:inputs?|outputs?|prompts?|content|customer\s+data|materials?|files?|data|databases?|source\s+code|documents?)\b[^.]{0,80}"
                    r"\b(?:you|customer|users?)\b[^.]{0,40}\b(?:provide|submit|upload|input|generate|send|transmit|post|share|make\s+available"
                    # "the notes, photos, files and chat messages you put into the App"; data the customer backs up
                    r"|put|add|record|enter|type|create|store|save|import|backs?\s+up|syncs?\b)"
                    r"|\b(?:you|customer|users?)\b[^.]{0,60}\b(?:provide|submit|upload|input|send|transmit|post)\w*\b"
                    # "everything a Student creates or submits": the customer's own people named by their role
                    r"|\b(?:everything|anything|whatever|all\s+(?:content|material))\s+(?:that\s+)?an?\s+\w+\s+(?:creates?|submits?|uploads?|posts?)\b"
                    # "prompts and chat messages sent to Acme Assist": the passive, the sender left implicit
                    r"|\b(?:inputs?|prompts?|content|messages|files|documents)\s+(?:\w+\s+){0,2}?(?:sent|submitted|uploaded|entered)\s+(?:to|into|through)\b"
                    # "the audio captured during meetings and the transcripts produced from it": what the
                    # service records and writes up for the customer
                    r"|\b(?:audio|video|recordings?|transcripts?|notes)\s+(?:\w+\s+)?(?:captured|recorded|produced|generated)\b",
                    body,
                    re.IGNORECASE,
                )
                or re.fullmatch(
                    r"(?:customer|user|your|business)\s+(?:content|data|property|materials)|inputs?|outputs?|content",
                    term,
                )
                or _DEFINITION_HOLDS_CONTENT.search(body)
            ):
                found.add(term)
            if OUTPUT_DEFINITION.search(body) or _SERVICE_CONTENT_DEFINITION.search(body):
                found.add(term)
        # A term made only of terms already found ("“Your Stuff” means your Chats and Replies together") names
        # content too; one that merely mentions them ("“Services” means … that process Customer Content") does not.
        # The alternation of the terms found is rebuilt only when a term joins (it was rebuilt per definition:
        # quadratic in a document that defines thousands of terms).
        alternation, joined = "", -1
        for definition in self.doc.definitions:
            term = definition.term.lower()
            if term in found or term in self.derived_terms or FEEDBACK.fullmatch(term) or not found:
                continue
            body = self.doc.text[definition.definition_span.start : definition.definition_span.end].lower()
            means = _MEANS.search(body)
            if means is None:
                continue
            rest = body[means.end() :]
            if joined != len(found):
                alternation, joined = "|".join(r"\b" + re.escape(k) + r"\b" for k in found), len(found)
            named = re.subn(alternation, " ", rest)
            left = [w for w in re.findall(r"[a-z’']+", named[0]) if not _JOINING_WORDS.fullmatch(w)]
            if named[1] and (
                not left
                # "“Student Data” means personal information about a Student, including Student Work": it holds
                # the content term, not merely mentions it
                or re.search(
                    r"\b(?:including|includes?|such\s+as)\s+(?:the\s+|all\s+|any\s+)?(?:" + alternation + ")",
                    rest,
                )
            ):
                found.add(term)
        return frozenset(found)

    @cached_property
    def provider_names(self) -> frozenset[str]:
        """Names the document gives the provider, from parentheticals such as (“Zoom”, “we”, “us”)."""
        by_span: dict[tuple[int, int], list[str]] = {}
        for definition in self.doc.definitions:
            key = (definition.definition_span.start, definition.definition_span.end)
            by_span.setdefault(key, []).append(definition.term)
        names: set[str] = set()
        for span, terms in by_span.items():
            lowered = {t.lower() for t in terms}
            if lowered & {"we", "us", "our"}:
                names.update(t.lower() for t in terms if t.lower() not in {"we", "us", "our"})
                # "“us” means Loopnest Family Media GmbH, …": the name the definition gives
                body = self.doc.text[span[0] : span[1]]
                given = _WE_MEANS.search(body)
                if given is not None and given.group(1).lower() not in {"we", "us", "our", "the"}:
                    names.add(given.group(1).lower())
        # (“Pixelmint”, “we”, “us”) where the pronouns were not taken as defined terms themselves.
        text = self.doc.text
        for definition in self.doc.definitions:
            term = definition.term.lower()
            if (
                term not in names
                and not _PARTY_WORD_TAKEN.fullmatch(term)
                and _BESIDE_WE.match(text, definition.term_span.end, definition.term_span.end + 24)
            ):
                names.add(term)
        return frozenset(names)

    @cached_property
    def customer_names(self) -> frozenset[str]:
        """Names (lower-cased) the document defines for the customer party beyond the usual words: terms defined
        beside "you" ((“Company”, “you”)), or defined as the party that signs, subscribes to or uses the service
        ("“User” means the entity that enters into this Agreement")."""
        text = self.doc.text
        names: set[str] = set()
        for definition in self.doc.definitions:
            term = definition.term.lower()
            if _PARTY_WORD_TAKEN.fullmatch(term):
                continue
            beside = text[definition.term_span.end : definition.term_span.end + 24]
            body = text[definition.definition_span.start : definition.definition_span.end]
            if _BESIDE_YOU.match(beside) or _CUSTOMER_PARTY.search(body):
                names.add(term)
        return frozenset(names - self.provider_names)

    @cached_property
    def acting_names(self) -> frozenset[str]:
        """Names (lower-cased) the document uses for the provider as the actor of its promises, for
        contracts that call it by name ("OpenAI will only use Customer Content …"): the proper names
        most often followed by a modal or a data verb, other than the customer, the parties in general
        or a document, product feature or data category."""
        counts: dict[str, int] = {}
        text = self.doc.text
        opening = text[:NAMED_ACTOR_OPENING]
        # Find the verbs first, then read the name just before each (cheaper than scanning every capital).
        for verb in _ACTOR_VERB.finditer(text):
            match = _NAME_BEFORE.search(text, max(0, verb.start() - 60), verb.start() + 1)
            if match is None:
                continue
            name = match.group(1)
            # The provider is named where the document opens (title, parties, introduction).
            if not _NOT_A_PROVIDER_NAME.search(name) and name in opening:
                counts[name] = counts.get(name, 0) + 1
        if not counts:
            return frozenset()
        top = max(counts.values())
        if top < NAMED_ACTOR_MIN:
            return frozenset()
        return frozenset(n.lower() for n, c in counts.items() if c >= NAMED_ACTOR_MIN and c * 2 >= top)

    @cached_property
    def provider_pattern(self) -> re.Pattern[str]:
        names = sorted(set(PROVIDER_WORDS) | set(self.provider_names), key=len, reverse=True)
        pattern = r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"
        if not self.provider_names:
            return compile_(pattern)
        # A provider's name after "your" is the customer's thing ("your YouTube channel"), not the provider.
        named = sorted(self.provider_names, key=len, reverse=True)
        return compile_(
            r"(?:(?<!your\s)(?<!my\s)\b(?:"
            + "|".join(re.escape(n) for n in named)
            + r")\b|\b(?:"
            + "|".join(re.escape(n) for n in sorted(PROVIDER_WORDS, key=len, reverse=True))
            + r")\b)"
        )

    @cached_property
    def provider_actor_pattern(self) -> re.Pattern[str]:
        """`provider_pattern` with the names the provider acts under (`acting_names`), not as a
        possessive of the customer's things ("your YouTube channel")."""
        if not self.acting_names:
            return self.provider_pattern
        names = sorted(self.acting_names, key=len, reverse=True)
        named = r"(?<!your\s)(?<!my\s)\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"
        return compile_(self.provider_pattern.pattern + "|" + named)

    @cached_property
    def phi_is_content(self) -> bool:
        """Protected health information is the customer's content: the document is a business associate
        agreement, or it defines PHI as information the customer (or covered entity) provides."""
        first_heading = next((s.heading for s in self.doc.sections if s.heading), "")
        if BAA_TITLE.search(f"{self.doc.title} {first_heading} {self.doc.path} {self.doc.text[:600]}"):
            return True
        for definition in self.doc.definitions:
            if PHI.fullmatch(definition.term):
                body = self.doc.text[definition.definition_span.start : definition.definition_span.end]
                if re.search(r"\b(?:you|customer|client|covered\s+entity|on\s+behalf\s+of)\b", body, re.I):
                    return True
        return False

    def mentions_content(self, text: str) -> bool:
        lowered = text.lower()
        if terms_in(self, "content", self.content_terms, text):
            return True
        if self.phi_is_content and PHI.search(text):
            return True
        return bool(re.search(r"\b(?:" + CONTENT_NOUNS + r")\b", lowered))

    def only_derived(self, text: str) -> bool:
        """True when the data a clause speaks of is only usage/aggregated/de-identified data."""
        if terms_in(self, "derived", self.derived_terms, text):
            stripped = _EXCLUDES_CONTENT.sub(" ", text.lower())
            for term in self.derived_terms:
                stripped = stripped.replace(term, " ")
            return not re.search(
                r"\b(?:content|inputs?|outputs?|prompts?|customer\s+data|your\s+data)\b", stripped
            )
        return False


def content_term_regex(view: TextView) -> re.Pattern[str] | None:
    """One lower-case regex for the document's defined content terms (cached on the view), or None."""

    def compile_terms() -> re.Pattern[str] | None:
        # A trie, not a flat alternation: the term count grows with the document (issue 17).
        terms = view.content_terms
        # A term is also used in the plural ("Support Ticket" → "Support Tickets are retained …").
        return re.compile(r"\b(?:" + trie_alternation(terms) + r")s?\b") if terms else None

    return view.memo("_content_term_regex", compile_terms)


def mentions_strict_content(view: TextView, text: str) -> bool:
    """Does `text` speak of customer content in the narrow sense (or a defined content term)?"""
    lowered = text.lower()
    terms = content_term_regex(view)
    if terms is not None and terms.search(lowered):
        return True
    return bool(_STRICT_CONTENT_RE.search(lowered))


def terms_covering(view: TextView, noun: str) -> frozenset[str]:
    """Defined terms (lower-cased) whose definition names `noun` (a regex, e.g. outputs), including
    collective definitions such as "Collectively, Input and Output are “User Content.”"."""
    return view.memo(f"_terms_covering:{noun}", lambda: _terms_covering(view, noun))


def _terms_covering(view: TextView, noun: str) -> frozenset[str]:
    wanted = compile_(r"\b(?:" + noun + r")\b")
    wanted_lower = compile_lower(r"\b(?:" + noun + r")\b")
    found: set[str] = set()
    text = view.doc.text
    lowered = lowered_text(view)
    for definition in view.doc.definitions:
        span = definition.definition_span
        if not wanted_lower.search(lowered, span.start, span.end):
            continue
        body = text[span.start : span.end]
        if not wanted.fullmatch(definition.term) and not re.search(
            r"\b(?:exclud\w*|except|other\s+than|not\s+include|but\s+not)\b[^.;]{0,40}\b(?:" + noun + r")\b",
            body,
            re.IGNORECASE,
        ):
            # A shared parenthetical span ("(“Input”) and … (“Output”)") names several terms: keep only
            # the term whose own quote follows the noun.
            escaped = re.escape(definition.term)
            # Each search compiles a pattern of its own (the term's): tried one by one, the first found
            # deciding.
            if (
                re.search(r"(?:" + noun + r")[^“\"]{0,80}?[“\"]" + escaped + r"[”\"]", body, re.IGNORECASE)
                or re.search(
                    r"[“\"]" + escaped + r"[”\"]\s*\**\s*(?:means|includes|refers\s+to|shall\s+mean)", body
                )
                or re.search(
                    r"\b(?:referred\s+to\s+as|(?:is|are)\s+(?:collectively\s+)?called|hereinafter)\s+(?:the\s+)?[“\"]?"
                    + escaped,
                    body,
                    re.IGNORECASE,
                )
            ):
                found.add(definition.term.lower())
    collectives = _collectives(noun)
    # Statements that put the noun into a defined term outside its definition ("When you use our AI
    # features, your Inputs and the resulting Outputs are your User Content").
    names = sorted({d.term for d in view.doc.definitions if len(d.term) > 3}, key=len, reverse=True)
    # The pattern holds the document's own terms: compiled (and planned) only where its opening, the
    # same for every document, is found.
    if names and next(scan(view, _statement_opening(noun), lowered=False), None) is not None:
        statement = _statement_pattern(noun, names)
        for match in _matches_opening_with(view, noun, statement):
            found.add(match.group(1).lower())
    # Anchor on the rare words first, then read a window around each: one cheap scan of the text.
    anchors: set[int] = set()
    for word in ("collectively", "together"):
        at = lowered.find(word)
        while at != -1:
            anchors.add(at)
            at = lowered.find(word, at + len(word))
    for at in sorted(anchors):
        window = text[max(0, at - 200) : at + 380]
        for collective in collectives:
            for match in collective.finditer(window):
                found.add(match.group(1).lower())
    return frozenset(found)


@functools.lru_cache(maxsize=64)
def _collectives(noun: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Collective definitions naming `noun` ("Collectively, Input and Output are “User Content.”")."""
    term = r"[“\"](?!(?:" + noun + r")[”\"])([A-Z][\w’' -]{1,40}?)[.,]?[”\"]"
    return (
        re.compile(
            r"\b(?:collectively|together)\b[^.;]{0,120}?\b(?:" + noun + r")\b[^.;]{0,80}?" + term,
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:" + noun + r")\b[^.;]{0,60}?\b(?:collectively|together)\b[^.;]{0,30}?" + term,
            re.IGNORECASE,
        ),
    )


def _statement_pattern(noun: str, names: list[str]) -> re.Pattern[str]:
    """A statement putting `noun` into one of `names` (the document's terms, longest first)."""
    return re.compile(
        _statement_opening(noun).pattern
        + r"(?:also\s+)?(?:considered\s+|deemed\s+|treated\s+as\s+)?(?:part\s+of\s+)?(?:your|the|customer[’']?s?)?\s*[“\"]?("
        # A trie, not a flat alternation: the same matches, and it compiles in time linear in the terms.
        + trie_alternation(names, ignore_case=True)
        + r")\b"
        # the whole name, not its first word ("are Customer Data": not the party term "Customer")
        r"(?![^\S\n]+(?-i:[A-Z]))",
        re.IGNORECASE,
    )


def _matches_opening_with(view: TextView, noun: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pattern.finditer` over the document text, for a pattern every match of which starts with a match
    of `_statement_opening(noun)`: tried only where the opening matches (its scan plan is made once per
    process; a plan for the document's own pattern would be made for every document)."""
    opening = _statement_opening(noun)
    text = view.doc.text
    # Every start of an opening match: the scan's (non-overlapping) ones, and any inside one of them.
    starts: list[int] = []
    for found in scan(view, opening, lowered=False):
        starts.append(found.start())
        starts.extend(at for at in range(found.start() + 1, found.end()) if opening.match(text, at))
    pos = 0
    for at in sorted(set(starts)):
        if at < pos:
            continue
        match = pattern.match(text, at)
        if match is not None:
            yield match
            pos = max(match.end(), at + 1)


@functools.lru_cache(maxsize=64)
def _statement_opening(noun: str) -> re.Pattern[str]:
    """The opening of `_terms_covering`'s statement pattern: every match of that pattern starts with a
    match of this one."""
    return re.compile(
        r"\b(?:"
        + noun
        + r")\b[^.;]{0,40}?\b(?:are|is|will\s+be|shall\s+be|constitutes?|form\s+part\s+of)\s+",
        re.IGNORECASE,
    )


# --- Fast scanning: case-insensitive search without re.IGNORECASE -------------------------------


def lowered_text(view: TextView) -> str:
    """The document text with ASCII letters lower-cased: same length, so offsets stay valid."""

    def lower() -> str:
        lowered = view.doc.text.lower()
        if len(lowered) != len(view.doc.text):  # a letter whose lower case is longer (rare): ASCII only
            lowered = view.doc.text.translate(ASCII_LOWER)
        return lowered

    return view.memo("_lowered_text", lower)


def clauses_matching_lower(view: TextView, pattern: re.Pattern[str]) -> Iterator[Clause]:
    """Like `DocumentView.clauses_matching`, for a `compile_lower` pattern run over the lower-cased text."""
    seen: set[int] = set()
    for match in scan(view, pattern, lowered=True):
        clause = view.clause_at(match.start())
        if clause is not None and clause.index not in seen:
            seen.add(clause.index)
            yield clause


# --- One shared keyword scan per document ------------------------------------------------------------
# Detectors register the (lower-case) keywords that make a clause worth reading; the first detector
# to ask scans the lower-cased text once for all of them, and every detector reads its own clauses.

_KEYWORDS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {}


def register_keywords(name: str, pattern: str, stems: tuple[str, ...] = ()) -> str:
    """Declare the keywords (a regex, matched case-insensitively) that select clauses for `name`; call at
    import time. `stems` are literal lower-case strings one of which every keyword contains: the text
    is then located with `str.find` (much faster than a regex scan) and the regex confirms per clause."""
    _KEYWORDS[name] = (compile_lower(pattern), stems)
    LOWERED_LITERALS.note(stems)
    return name


def keyword_clauses(view: TextView, name: str) -> tuple[Clause, ...]:
    """Clauses holding a keyword registered under `name`, in document order (cached on the view)."""
    return view.memo(f"_keywords:{name}", lambda: _keyword_clauses(view, name))


def _keyword_clauses(view: TextView, name: str) -> tuple[Clause, ...]:
    pattern, stems = _KEYWORDS[name]
    text = lowered_text(view)
    found: dict[int, Clause] = {}
    if stems:
        tried: set[int] = set()
        for stem in stems:
            starts = _occurrences(view, text, True, stem)
            i = 0
            while i < len(starts):
                clause = view.clause_at(starts[i])
                if clause is None:
                    i += 1
                    continue
                if clause.index not in tried:
                    tried.add(clause.index)
                    if pattern.search(text, clause.start, clause.end):
                        found[clause.index] = clause
                # The clause is read whole: its other occurrences of the stem add nothing.
                i = bisect.bisect_left(starts, clause.end, i + 1)
    else:
        for match in pattern.finditer(text):
            clause = view.clause_at(match.start())
            if clause is not None:
                found.setdefault(clause.index, clause)
    return tuple(found[i] for i in sorted(found))


# --- Usage-data terms defined by what they measure ---------------------------------------------------

_MEASURES_THE_SERVICE = compile_(
    r"\b(?:pertaining\s+to|relating\s+to|related\s+to|regarding|concerning|about|on)\s+(?:the\s+)?"
    r"(?:performance|operation|usage|functioning|availability)\s+(?:and\s+\w+\s+)?of\s+(?:the\s+|our\s+)?"
    r"(?:services?|platform|products?|software|site|applications?)\b"
)


def terms_in(view: TextView, name: str, terms: frozenset[str], text: str) -> frozenset[str]:
    """Which of `terms` (lower-cased; the document's set called `name`) `text.lower()` holds, overlapping
    ones included: one Aho-Corasick pass over the text, where a test per term grows with the square of a
    document that defines thousands of terms. The automaton is built once per document and set."""

    def build() -> Any:
        if not any(terms):
            return None
        automaton = ahocorasick.Automaton()
        for term in terms:
            if term:
                automaton.add_word(term, term)
        automaton.make_automaton()
        return automaton

    automaton = view.memo(f"_terms_automaton:{name}", build)
    found = (
        frozenset(term for _, term in automaton.iter(text.lower())) if automaton is not None else frozenset()
    )
    return found | {""} if "" in terms else found  # the empty term is in every text


def content_bearing_terms(view: TextView) -> frozenset[str]:
    """Derived or usage-data terms (lower-cased) whose own definition takes in what the customer typed: a use of
    them is a use of customer content (spec: "Usage Data" includes prompts); cached on the view."""

    def read() -> frozenset[str]:
        return frozenset(
            d.term.lower()
            for d in view.doc.definitions
            if d.term.lower() in view.derived_terms
            and ENTERED_TEXT.search(view.doc.text[d.definition_span.start : d.definition_span.end])
        )

    return view.memo("_content_bearing_terms", read)


# A parenthetical the definitions read as one term only (("Kestrel Pixel", "we", "us")): "we" follows its quote.
_WE_FOLLOWS = re.compile(r"[”\"]?\s*,\s*(?:and\s+)?[“\"](?:we|us|our)[”\"]", re.IGNORECASE)


def names_beside_we(view: TextView) -> frozenset[str]:
    """Names (lower-cased) the provider is given beside "we" in a parenthetical the definitions read as one
    term only; cached on the view. Kept apart from `provider_names`, whose pattern reads a name anywhere
    ("your YouTube channel"), for readers that check a named subject."""

    def read() -> frozenset[str]:
        text = view.doc.text
        return frozenset(
            d.term.lower()
            for d in view.doc.definitions
            if _WE_FOLLOWS.match(text, d.term_span.end, d.term_span.end + 16)
            and d.term.lower() not in {"we", "us", "our"}
        )

    return view.memo("_names_beside_we", read)


def usage_data_terms(view: TextView) -> frozenset[str]:
    """Defined terms (lower-cased) for data the service records about its own performance or operation
    ("data pertaining to the performance of the Service (“Service Data”)"), beyond `derived_terms`;
    cached on the view. Terms that also name the customer's content are left out."""
    return view.memo("_usage_data_terms", lambda: _usage_data_terms(view))


def _usage_data_terms(view: TextView) -> frozenset[str]:
    found = set()
    for definition in view.doc.definitions:
        term = definition.term.lower()
        if term in view.derived_terms or term in view.content_terms or len(term) < 4:
            continue
        body = view.doc.text[definition.definition_span.start : definition.definition_span.end]
        if _MEASURES_THE_SERVICE.search(body):
            found.add(term)
    return frozenset(found)


# --- Scanning only where a match can be ----------------------------------------------------------


def _occurrences(view: TextView, text: str, lowered: bool, literal: str) -> list[int]:
    """Where `literal` starts in the text (lower-cased when `lowered`), cached on the view; found with
    the other literals the process looks for in one pass when enough of them are still to find."""
    cache: dict[str, list[int]] = view.memo(f"_occurrences:{lowered}", dict)
    return literals_for(lowered).starts(cache, text, literal, lambda alone: _search_one(text, alone))


def _search_one(text: str, literal: str) -> list[int]:
    if any(literal[k:] == literal[: len(literal) - k] for k in range(1, len(literal))):
        # It can overlap itself ("ana" in "anana"): find every start, one at a time.
        found = []
        at = text.find(literal)
        while at != -1:
            found.append(at)
            at = text.find(literal, at + 1)
        return found
    return [m.start() for m in re.finditer(re.escape(literal), text)]


def _word_start_occurrences(view: TextView, text: str, lowered: bool, literal: str) -> list[int]:
    """Where `literal` starts with no word character before it."""
    cache: dict[str, list[int]] = view.memo(f"_word_start_occurrences:{lowered}", dict)
    found = cache.get(literal)
    if found is None:
        found = cache[literal] = [
            at
            for at in _occurrences(view, text, lowered, literal)
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")
        ]
    return found


def _set_occurrences(view: TextView, text: str, lowered: bool, needed: Needed) -> list[int]:
    """Where any literal of `needed` starts, sorted (cached on the view: patterns share their sets)."""
    cache: dict[tuple[frozenset[str], frozenset[str]], list[int]] = view.memo(
        f"_set_occurrences:{lowered}", dict
    )
    key = (needed.literals, needed.word_start)
    found = cache.get(key)
    if found is None:
        found = []
        for literal in needed.literals:
            found.extend(
                _word_start_occurrences(view, text, lowered, literal)
                if literal in needed.word_start
                else _occurrences(view, text, lowered, literal)
            )
        found.sort()  # sorted runs, one after another: a merge for timsort
        cache[key] = found
    return found


def _longest_run(view: TextView, text: str, lowered: bool, characters: str) -> int:
    """A bound on the longest run of characters of the class `characters` (regex text for one
    character): exact where the text is ASCII; a character outside ASCII counts as one of the class
    when any such character of the text is, or when "?" is (an over-estimate only widens the stretches
    `scan` searches, never loses a match)."""
    cache: dict[str, int] = view.memo(f"_longest_runs:{lowered}", dict)
    found = cache.get(characters)
    if found is None:
        # One byte per character ("?" for those outside ASCII), marked in or out of the class by a byte
        # table: a translation and a split in C, where a regex per run length tried every position.
        encoded = view.memo(f"_ascii_text:{lowered}", lambda: text.encode("ascii", "replace"))
        others = view.memo(f"_non_ascii:{lowered}", lambda: _non_ascii(text))
        found = cache[characters] = _longest_mark_run(encoded.translate(_run_table(characters, others)))
    return found


def _longest_mark_run(marked: bytes) -> int:
    """The longest run of b"a" in `marked`: by doubling, then halving, the length looked for (each
    look a fast substring search, where splitting into every run would build thousands of objects)."""
    if b"a" not in marked:
        return 0
    low, high = 1, 2  # a run of `low` is there; of `high`, not known yet
    while b"a" * high in marked:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if b"a" * middle in marked:
            low = middle
        else:
            high = middle
    return low


_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


def _non_ascii(text: str) -> frozenset[str]:
    """The characters of `text` outside ASCII (what is left once its ASCII runs are cut out)."""
    return frozenset() if text.isascii() else frozenset(_ASCII_RUNS.sub("", text))


def folds_to_ascii(view: TextView) -> bool:
    """Does the text hold a letter outside ASCII that a case-insensitive pattern matches as an ASCII
    letter ("ſ" as "s", the Kelvin sign as "k")? Lower-casing does not make it that letter, so a
    caseless plan could miss a literal there."""
    return view.memo("folds_to_ascii", lambda: not CASELESS_LOOKALIKES.isdisjoint(_non_ascii(view.doc.text)))


def _run_table(characters: str, others: frozenset[str]) -> bytes:
    """A byte table marking the ASCII characters of the class `characters` "a" and the rest " ", with
    "?" (what `str.encode(..., "replace")` puts for a character outside ASCII) marked "a" when it or any
    of `others` (the text's characters outside ASCII) is of the class."""
    one = _class_regex(characters)
    table = bytearray(b" " * 256)
    for code in range(128):
        if one.fullmatch(chr(code)):
            table[code] = ord("a")
    if any(one.fullmatch(char) for char in others):
        table[ord("?")] = ord("a")
    return bytes(table)


@functools.lru_cache(maxsize=256)
def _class_regex(characters: str) -> re.Pattern[str]:
    return re.compile("(?:" + characters + ")")


def scan(view: TextView, pattern: re.Pattern[str], *, lowered: bool) -> Iterator[re.Match[str]]:
    """`pattern.finditer` over the document text (lower-cased when `lowered`), with the same matches,
    searching only near occurrences of the literals every match holds (`read.patterns.scan_plan`): a
    match starts at most its reach before an occurrence of the rarest, with one of every other set in
    reach. Each stretch is searched up to where a match starting in it can read, and each match found is
    matched again over the whole text."""
    text = lowered_text(view) if lowered else view.doc.text
    plan = scan_plan(pattern)
    if plan is None or (plan.caseless and folds_to_ascii(view)):
        yield from pattern.finditer(text)
        return
    # A caseless plan looks for its literals, and measures its runs, in the lower-cased text (same
    # offsets); the pattern itself still reads `text`.
    index_lowered = lowered or plan.caseless
    index = lowered_text(view) if index_lowered else text

    def bound(reach: Reach) -> int:
        return reach.fixed + sum(n * _longest_run(view, index, index_lowered, c) for n, c in reach.runs)

    # The plan's literals are found with the others this kind of text is looked through for.
    literals_for(index_lowered).note(literal for needed in plan.required for literal in needed.literals)
    every_starts = []
    for needed in plan.required:
        starts = _set_occurrences(view, index, index_lowered, needed)
        if not starts:
            return
        every_starts.append(starts)
    # Runs are measured only once every set is found (a run measure reads the whole text).
    reach = bound(plan.reach)
    found: list[tuple[list[int], int, int]] = [  # per set: sorted starts, shortest literal, lead
        (starts, min(map(len, needed.literals)), bound(needed.before))
        for starts, needed in zip(every_starts, plan.required, strict=True)
    ]
    # Windows open before each occurrence of one set: the set that leaves the least text to search.
    found.sort(key=lambda f: len(f[0]) * (f[2] + 1))
    (pivot, _length, lead), others = found[0], found[1:]
    size = len(text)
    # Windows covering most of the text, or so many that reading them costs more than a scan of it.
    if len(pivot) * (lead + 1) > size * _MOST or len(pivot) * _CHARS_PER_WINDOW > size:
        yield from pattern.finditer(text)
        return
    # A match [p, e) with e - p <= reach and an occurrence o of the pivot set starts in [o - lead, o];
    # an occurrence q of each other set lies in it, q - p at most that set's own lead (and reach - n).
    windows: list[tuple[int, int]] = []
    for at in pivot:
        low = at - lead
        if all(_any_within(starts, low, at + min(own, reach - n)) for starts, n, own in others):
            # A search of a window reads on to `reach` past its last start: a window opening within that
            # stretch is read by the same search (searched apart, the stretch would be read twice).
            if windows and low <= windows[-1][1] + reach:
                windows[-1] = (windows[-1][0], at)
            else:
                windows.append((max(low, 0), at))
    # Searching most of the text window by window costs more than one whole scan.
    if sum(last - first + reach for first, last in windows) > size * _MOST:
        yield from pattern.finditer(text)
        return
    pos = 0
    for first, last in windows:
        pos = max(pos, first)
        # What a match starting by `last` reads, and one character after it (a "\b" there).
        endpos = min(size, last + reach + 2)
        while pos <= last:
            hit = pattern.search(text, pos, endpos)
            if hit is None or hit.start() > last:
                break
            whole = pattern.match(text, hit.start())
            if whole is None or whole.span() != hit.span():  # not expected: read the rest whole
                yield from pattern.finditer(text, pos)
                return
            yield whole
            pos = whole.end()


_MOST = 0.6
# A window costs about as much Python work as a regex scan of this many characters.
_CHARS_PER_WINDOW = 150


def _any_within(starts: list[int], low: int, high: int) -> bool:
    """Is there a start in [low, high]?"""
    i = bisect.bisect_left(starts, low)
    return i < len(starts) and starts[i] <= high
