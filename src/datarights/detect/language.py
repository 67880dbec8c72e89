"""Reading legal language: clauses with their context, who acts, negation,
conditions, and which data a clause is about (resolved through defined terms).

Detectors share one `DocumentView` per document so that term resolution and
sentence context are computed once.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from datarights.detect.findings import Basis, Evidence
from datarights.model import BlockKind, Document, Paragraph
from datarights.structure.definitions import trie_alternation

# A paragraph this short is cited whole; a sentence this short is cited with the next one.
EVIDENCE_PARAGRAPH_CHARS = 700
EVIDENCE_SHORT_SENTENCE = 160
# How far back (paragraphs, characters) a list item looks for the lead-in that introduces it.
LIST_LEAD_IN_ITEMS = 12
LIST_LEAD_IN_CHARS = 2500
# A sentence that refers back to the one before it and so continues its rule.
REFERS_BACK = re.compile(
    r"\b(?:such|these|those|this|that|the\s+foregoing)\s+(?:\w+\s+)?(?:purposes?|uses?|rights?|licen[cs]es?|permissions?|processing"
    r"|activities|opt-?outs?|elections?|choices?|settings?|training|exceptions?|restrictions?|limitations?)\b|\bthe\s+foregoing\b",
    re.IGNORECASE,
)
_ITEM_MARK = re.compile(r"\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|[a-z]\.\s|[•▪◦‣–-]\s)")


T = TypeVar("T")


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


# --- Lexicon -------------------------------------------------------------------------------------

NEGATION = compile_(
    r"\b(?:not|never|no|nor|neither|without)\b|n[’']t\b|\bcannot\b|\bno\s+longer\b|\bwon[’']t\b|\brefrain\b"
)
PROVIDER_WORDS = (
    "we",
    "us",
    "our",
    "provider",
    "company",
    "vendor",
    "supplier",
    "licensor",
    "processor",
    "service provider",
)
CUSTOMER_WORDS = (
    "you",
    "your",
    "customer",
    "customers",
    "user",
    "users",
    "licensee",
    "client",
    "subscriber",
    "controller",
)

# Nouns for the customer's content in the broad sense of the spec (what goes in and comes out).
CONTENT_NOUNS = (
    r"content|customer data|your data|user data|business data|personal data|personal information|information"
    r"|inputs?|outputs?|prompts?|conversations?|chats?|messages?|files?|interactions?|activity|submissions?"
    r"|responses?|data|materials?|recordings?|transcripts?|queries|completions?|generations?|code"
)
# Derived or usage data: belongs to `deidentified_use`, not to content questions.
DERIVED_DATA = compile_(
    r"\b(?:aggregat(?:ed|e|ing)|de-?identif(?:ied|y|ying)|anonymi[sz](?:ed|e|ing)|anonymous|pseudo-?(?:anonymi|nymi)[sz](?:ed|e))"
    r"(?:\s+(?:and|or|and/or|,)\s+\w+)?\s+(?:\w+\s+){0,2}?(?:data|information|statistics|form|basis|content|insights|results|metrics|usage|technical)\b"
    r"|\b(?:usage|telemetry|diagnostic|service[\s-]generated|system|performance|analytics|statistical)\s+(?:data|information)\b"
    r"|\bnon-?personal(?:ly)?(?:\s+identifiable)?\s+information\b|\baggregated\s+statistics\b|\btelemetry\b"
)
FEEDBACK = compile_(
    r"\b(?:feedback|suggestions?|ideas?|comments?\s+(?:or|and)\s+suggestions?|recommendations?)\b"
)

CONDITION_OPT_OUT = compile_(
    r"\bopt(?:ing|ed)?[\s-]*out\b|\bturn(?:ing|s)?\s+(?:it\s+|this\s+)?off\b|\bswitch(?:ing)?\s+off\b"
    r"|\bdisabl(?:e|ing)\b|\btoggle\b|\bobject(?:ion)?\s+to\b|\bright\s+to\s+object\b"
    r"|\b(?:select|choose|decide)\s+whether\b|\bchoos(?:e|ing)\s+[\"“]?no\b|\bunless\s+you\s+(?:opt|turn|disable|object)"
    r"|\bstop\s+(?:us\s+)?(?:from\s+)?using\b|\bwithdraw\s+(?:your\s+)?consent\b|\bchange\s+(?:your|this|that)\s+setting"
)
CONDITION_OPT_IN = compile_(
    r"\bopt(?:ed|s)?[\s-]*in(?:to)?\b|\bexplicitly\s+(?:agree|agreed|consent|consented|opted|permit|authori[sz]e)"
    r"|\b(?:prior|express|explicit|written|affirmative|separate)\s+(?:written\s+)?(?:consent|permission|authori[sz]ation|agreement|opt-in)"
    r"|\bwithout\s+(?:your|customer[’']?s?|the\s+customer[’']?s?|its|their)\s+(?:prior\s+|express\s+|explicit\s+)?(?:written\s+)?"
    r"(?:consent|permission|authori[sz]ation|agreement|approval)"
    r"|\bunless\s+(?:you|customer|the\s+customer)\s+(?:\w+\s+){0,3}(?:agree|agrees|consent|consents|opt|opts|elect|elects"
    r"|choose|chooses|enable|enables|instruct|instructs|permit|permits|authori[sz]e|authori[sz]es|request|requests|allow|allows)"
    r"|\bonly\s+(?:if|when|where|with)\s+(?:you|customer|the\s+customer)\b|\bif\s+(?:you|customer)\s+(?:choose|chooses|elect|elects)\s+to\s+(?:share|allow|provide|enable|opt|participate|submit|send)"
    r"|\bsubject\s+to\s+[^.;]{0,60}(?:settings|consent|elections?)|\b(?:cover\s+page|order\s+form)\s+(?:permits|identifies|specifies|allows|states)"
    r"|\bunless\s+the\s+(?:cover\s+page|order\s+form)"
)

SPECIAL_CATEGORY = compile_(
    r"\b(?:health|medical|biometric|child(?:ren)?[’']?s?|minors?|payment\s+card|genetic|sensitive)\b"
)


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
NAMED_ACTOR_MIN = 3
NAMED_ACTOR_OPENING = 2000


@dataclass(frozen=True, slots=True)
class Clause:
    """A sentence with the context needed to read it."""

    index: int
    start: int
    end: int
    text: str
    section: str
    heading: str  # the lower-cased heading path, for context words like "definitions" or "privacy"


@dataclass(frozen=True)
class DocumentView:
    doc: Document
    clauses: tuple[Clause, ...]
    _starts: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, doc: Document) -> DocumentView:
        clauses = []
        # Repeated text is read once, at its first copy: its sentences are not clauses, so every
        # search (which finds clauses through `clause_at`) passes over it.
        reviewed = (s for s in doc.sentences if doc.is_reviewed(s.start)) if doc.repeats else doc.sentences
        for i, sentence in enumerate(reviewed):
            section = doc.section_at(sentence.start)
            heading = ""
            if section is not None:
                heading = " / ".join(s.heading for s in doc.section_path(section)).lower()
            clauses.append(
                Clause(
                    i,
                    sentence.start,
                    sentence.end,
                    doc.text[sentence.start : sentence.end],
                    doc.section_label(sentence.start),
                    heading,
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
        """Every match of `pattern` over the whole text, with the clause it falls in."""
        for match in pattern.finditer(self.doc.text):
            clause = self.clause_at(match.start())
            if clause is not None:
                yield clause, match

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

    def evidence(self, clause: Clause, basis: Basis = Basis.EXPLICIT) -> Evidence:
        """The clause as cited: its whole paragraph when that is short (a numbered clause usually
        is one paragraph), otherwise the sentence with the one after it when the sentence is short."""
        start, end = clause.start, clause.end
        paragraph = self.paragraph_at(clause.start)
        if paragraph is not None and paragraph.end - paragraph.start <= EVIDENCE_PARAGRAPH_CHARS:
            start, end = paragraph.start, paragraph.end
        elif paragraph is not None:
            # Sentences that continue the rule ("… for these purposes", "before such use") belong to it.
            last = clause
            while last.index + 1 < len(self.clauses):
                following = self.clauses[last.index + 1]
                if (
                    following.end > paragraph.end
                    or following.end - start > EVIDENCE_PARAGRAPH_CHARS
                    or following.section != clause.section
                ):
                    break
                if not (end - start < EVIDENCE_SHORT_SENTENCE and last is clause) and not REFERS_BACK.search(
                    following.text
                ):
                    break
                end, last = following.end, following
        return Evidence(start, end, clause.section, self.doc.text[start:end], basis)

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

    def definition_evidence(self, term: str) -> Evidence | None:
        """The document's definition of `term` (case-insensitive), cited as a defined-term basis."""
        wanted = term.lower()
        for definition in self.doc.definitions:
            if definition.term.lower() == wanted:
                clause = self.clause_at(definition.term_span.start)
                if clause is not None:
                    return self.evidence(clause, Basis.DEFINED_TERM)
        return None

    def span_evidence(self, start: int, end: int, basis: Basis = Basis.EXPLICIT) -> Evidence:
        return Evidence(start, end, self.doc.section_label(start), self.doc.text[start:end], basis)

    # --- defined terms --------------------------------------------------------------------------

    @cached_property
    def derived_terms(self) -> frozenset[str]:
        """Defined terms (lower-cased) that name usage, aggregated or de-identified data."""
        found = set()
        for definition in self.doc.definitions:
            body = self.doc.text[definition.definition_span.start : definition.definition_span.end]
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
            if re.search(
                r"\b(?:inputs?|outputs?|prompts?|content|customer\s+data|materials?|files?|data)\b[^.]{0,80}"
                r"\b(?:you|customer|users?)\b[^.]{0,40}\b(?:provide|submit|upload|input|generate|send|transmit|post|share|make\s+available)"
                r"|\b(?:you|customer|users?)\b[^.]{0,60}\b(?:provide|submit|upload|input|send|transmit|post)\w*\b",
                body,
                re.IGNORECASE,
            ) or re.fullmatch(
                r"(?:customer|user|your|business)\s+(?:content|data|property|materials)|inputs?|outputs?|content",
                term,
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
        for terms in by_span.values():
            lowered = {t.lower() for t in terms}
            if lowered & {"we", "us", "our"}:
                names.update(t.lower() for t in terms if t.lower() not in {"we", "us", "our"})
        return frozenset(names)

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
        return compile_(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")

    @cached_property
    def provider_actor_pattern(self) -> re.Pattern[str]:
        """`provider_pattern` with the names the provider acts under (`acting_names`), not as a
        possessive of the customer's things ("your YouTube channel")."""
        if not self.acting_names:
            return self.provider_pattern
        names = sorted(self.acting_names, key=len, reverse=True)
        named = r"(?<!your\s)(?<!my\s)\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"
        return compile_(self.provider_pattern.pattern + "|" + named)

    def mentions_content(self, text: str) -> bool:
        lowered = text.lower()
        if any(term in lowered for term in self.content_terms):
            return True
        return bool(re.search(r"\b(?:" + CONTENT_NOUNS + r")\b", lowered))

    def only_derived(self, text: str) -> bool:
        """True when the data a clause speaks of is only usage/aggregated/de-identified data."""
        lowered = text.lower()
        if any(term in lowered for term in self.derived_terms):
            stripped = lowered
            for term in self.derived_terms:
                stripped = stripped.replace(term, " ")
            return not re.search(
                r"\b(?:content|inputs?|outputs?|prompts?|customer\s+data|your\s+data)\b", stripped
            )
        return False


# A negation that governs a use verb: "will not use", "isn't used", "do not … train", "no Content will be used".
NEGATED_USE = compile_(
    r"(?:\b(?:not|never|no\s+longer)\b|n[’']t\b|\bcannot\b)\s+(?:\w+\s+){0,3}?(?:be\s+)?"
    r"(?:use|used|uses|using|train\w*|process\w*|leverag\w*|utili[sz]\w*|shar\w*|allow\w*|permit\w*|access\w*"
    r"|appear|collect\w*|retain\w*|store\w*|sell\w*|disclos\w*|fine[\s-]?tun\w*|develop\w*|improv\w*|feed\w*|includ\w*\s+in)"
    r"|\bno\s+(?:\w+\s+){0,4}(?:will|shall|may|is|are)\s+(?:ever\s+)?(?:be\s+)?used\b"
    r"|\bnor\s+(?:\w+\s+){0,4}(?:use|train)\w*"
)
# Negations inside a condition ("even if you don't use our Products, …") do not negate the main clause.
_CONDITION_CLAUSE = compile_(
    r"\b(?:even\s+)?(?:if|once|whether|when|where|although|though)\b[^,;]{0,100},|\bwhether\s+or\s+not\b"
)


def negated_before(text: str, position: int, window: int = 90) -> bool:
    """Does a negation in the same clause govern the verb shortly before `position`?"""
    head = text[max(0, position - window) : position]
    # A negation is cut off by a clause boundary (semicolon, "but", "however").
    head = re.split(
        r"[;:]|\bbut\b|\bhowever\b|\bexcept\b|\bunless\b|\bother than\b|\bprovided\s+that\b", head
    )[-1]
    head = _CONDITION_CLAUSE.sub(" ", head)
    return bool(NEGATED_USE.search(head) or NEGATED_USE.search(text[position : position + 30]))


_CUSTOMER_ACTOR = compile_(
    r"\b(?:you|customer|users?|licensee|client|end\s+users?)\b[^.;]{0,60}?\b(?:may\s+not|shall\s+not|must\s+not|will\s+not|agree\s+not|cannot|can[’']?t|are\s+not\s+(?:allowed|permitted)|is\s+not\s+(?:allowed|permitted)|not\s+to)\b"
)


def customer_restricted(clause: Clause, position: int) -> bool:
    """Is the verb at `position` something the customer is forbidden to do (a use restriction)?"""
    head = clause.text[: position - clause.start]
    if _CUSTOMER_ACTOR.search(head[-220:]):
        return True
    return _under_restriction_heading(clause, head)


def _under_restriction_heading(clause: Clause, head: str) -> bool:
    """Items of a list of things users must not do ("You may not: … (c) use Output to develop models …"),
    unless the provider is named before the verb."""
    return bool(
        re.search(
            r"\b(?:restrictions?|prohibited\s+(?:uses?|conduct)|acceptable\s+use|you\s+must\s+not|usage\s+polic)",
            clause.heading,
        )
    ) and not re.search(r"\b(?:we|us)\b", head, re.IGNORECASE)


# --- Helpers for the retention, audit, change, feedback, output and review detectors -------------

CUSTOMER_ACTOR = compile_(
    r"\b(?:you|your|customers?[’']?s?|users?[’']?s?|licensees?[’']?s?|clients?[’']?s?|subscribers?[’']?s?|controllers?[’']?s?"
    r"|end\s+users?|workspace\s+admins?|administrators?|data\s+exporters?)\b"
    r"(?!\s+(?:content|data|materials?|inputs?|outputs?|prompts?|personal|information|generated|submissions?|support|service|success|care|experience)\b)"
)
PROVIDER_ACTOR_WORDS = compile_(
    r"\b(?:we|us|our|provider[’']?s?|company[’']?s?|vendor[’']?s?|supplier[’']?s?|licensor[’']?s?|processors?[’']?s?|service\s+providers?|data\s+importers?)\b"
)

# Customer content in the narrow sense: the nouns a retention or review clause must be about
# (generic "information" alone does not qualify).
STRICT_CONTENT = (
    r"(?:customer|user|your|client|business|end\s+user|controller)\s+(?:personal\s+)?(?:content|data|materials?|files?|documents?|information)"
    r"|content|inputs?|outputs?|prompts?|completions?|conversations?|chats?|messages?|files?|uploads?|submissions?"
    r"|interactions?|recordings?|transcripts?|personal\s+(?:data|information)|activity|chat\s+history|logs?"
)
NUMBER_WORD = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|eighteen|twenty|thirty|forty[\s-]?five"
    r"|sixty|ninety|twenty[\s-]four|forty[\s-]eight|seventy[\s-]two|a|an)"
)
PERIOD = (
    r"\b"
    + NUMBER_WORD
    + r"(?:\s*\(\d+\))?\s+(?:calendar\s+|business\s+|working\s+)?(?:hours?|days?|weeks?|months?|years?)\b"
)


_STRICT_CONTENT_RE = re.compile(r"\b(?:" + STRICT_CONTENT + r")\b")


def content_term_regex(view: DocumentView) -> re.Pattern[str] | None:
    """One lower-case regex for the document's defined content terms (cached on the view), or None."""

    def compile_terms() -> re.Pattern[str] | None:
        # A trie, not a flat alternation: the term count grows with the document (issue 17).
        terms = view.content_terms
        return re.compile(r"\b(?:" + trie_alternation(terms) + r")\b") if terms else None

    return view.memo("_content_term_regex", compile_terms)


def mentions_strict_content(view: DocumentView, text: str) -> bool:
    """Does `text` speak of customer content in the narrow sense (or a defined content term)?"""
    lowered = text.lower()
    terms = content_term_regex(view)
    if terms is not None and terms.search(lowered):
        return True
    return bool(_STRICT_CONTENT_RE.search(lowered))


def last_actor(view: DocumentView, text: str) -> str | None:
    """Who acts in `text` (a clause head): 'provider' or 'customer', by the last actor named, else None."""
    provider = [m.end() for m in view.provider_pattern.finditer(text)] + [
        m.end() for m in PROVIDER_ACTOR_WORDS.finditer(text)
    ]
    customer = [m.end() for m in CUSTOMER_ACTOR.finditer(text)]
    if not provider and not customer:
        return None
    return "provider" if max(provider, default=-1) > max(customer, default=-1) else "customer"


def terms_covering(view: DocumentView, noun: str) -> frozenset[str]:
    """Defined terms (lower-cased) whose definition names `noun` (a regex, e.g. outputs), including
    collective definitions such as "Collectively, Input and Output are “User Content.”"."""
    return view.memo(f"_terms_covering:{noun}", lambda: _terms_covering(view, noun))


def _terms_covering(view: DocumentView, noun: str) -> frozenset[str]:
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
            quoted = re.search(
                r"(?:" + noun + r")[^“\"]{0,80}?[“\"]" + re.escape(definition.term) + r"[”\"]",
                body,
                re.IGNORECASE,
            )
            means = re.search(
                r"[“\"]"
                + re.escape(definition.term)
                + r"[”\"]\s*\**\s*(?:means|includes|refers\s+to|shall\s+mean)",
                body,
            )
            referred = re.search(
                r"\b(?:referred\s+to\s+as|(?:is|are)\s+(?:collectively\s+)?called|hereinafter)\s+(?:the\s+)?[“\"]?"
                + re.escape(definition.term),
                body,
                re.IGNORECASE,
            )
            if quoted or means or referred:
                found.add(definition.term.lower())
    term = r"[“\"](?!(?:" + noun + r")[”\"])([A-Z][\w’' -]{1,40}?)[.,]?[”\"]"
    collectives = (
        re.compile(
            r"\b(?:collectively|together)\b[^.;]{0,120}?\b(?:" + noun + r")\b[^.;]{0,80}?" + term,
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:" + noun + r")\b[^.;]{0,60}?\b(?:collectively|together)\b[^.;]{0,30}?" + term,
            re.IGNORECASE,
        ),
    )
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


_CUSTOMER_SUBJECT_RESTRICTED = compile_(
    r"\b(?:you|customer|users?|licensee|client|end\s+users?)\b"
    r"(?!\s+(?:content|data|materials?|inputs?|outputs?|prompts?|personal|information|files?|submissions?)\b)"
    r"[^.;]{0,60}?\b(?:may\s+not|shall\s+not|must\s+not|will\s+not|agree\s+not|cannot|can[’']?t|are\s+not\s+(?:allowed|permitted)"
    r"|is\s+not\s+(?:allowed|permitted)|not\s+to)\b"
)


_ACKNOWLEDGES_THAT = compile_(
    r"\b(?:acknowledge|agree|understand|accept|confirm)s?\s+(?:and\s+\w+\s+)?that\b"
)


def customer_subject_restricted(clause: Clause, position: int) -> bool:
    """Like `customer_restricted`, but the customer must be the subject of the restriction: a customer
    noun used as a possessive ("Customer Data will not be used") or named only inside a condition
    ("If you turn off history, your chats will not be used") does not make the customer the actor."""
    head = clause.text[: position - clause.start]
    head = _CONDITION_CLAUSE.sub(" ", head)
    # "You acknowledge that the Company will not use …": the customer only acknowledges the provider's promise.
    if any(
        not _ACKNOWLEDGES_THAT.search(m.group(0)) for m in _CUSTOMER_SUBJECT_RESTRICTED.finditer(head[-220:])
    ):
        return True
    return _under_restriction_heading(clause, head)


# "None of your prompts will be used …": a negated subject the shorter `NEGATED_USE` forms do not cover.
NONE_OF_USED = compile_(
    r"\bnone\s+of\s+(?:\w+\s+){0,6}?(?:will|shall|may|is|are|can)\s+(?:ever\s+)?(?:be\s+)?used\b"
)


# --- Fast scanning: case-insensitive search without re.IGNORECASE -------------------------------

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def compile_lower(pattern: str) -> re.Pattern[str]:
    """A case-sensitive regex for text lower-cased by `lowered_text`: literal letters of `pattern` are
    lower-cased (escapes such as \\S or \\W are kept). re.IGNORECASE makes Python's engine several
    times slower on long documents."""
    return re.compile(re.sub(r"(?<!\\)[A-Z]", lambda m: m.group(0).lower(), pattern))


def lowered_text(view: DocumentView) -> str:
    """The document text with ASCII letters lower-cased: same length, so offsets stay valid."""

    def lower() -> str:
        lowered = view.doc.text.lower()
        if len(lowered) != len(view.doc.text):  # a letter whose lower case is longer (rare): ASCII only
            lowered = view.doc.text.translate(_ASCII_LOWER)
        return lowered

    return view.memo("_lowered_text", lower)


def clauses_matching_lower(view: DocumentView, pattern: re.Pattern[str]) -> Iterator[Clause]:
    """Like `DocumentView.clauses_matching`, for a `compile_lower` pattern run over the lower-cased text."""
    seen: set[int] = set()
    for match in pattern.finditer(lowered_text(view)):
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
    return name


def keyword_clauses(view: DocumentView, name: str) -> tuple[Clause, ...]:
    """Clauses holding a keyword registered under `name`, in document order (cached on the view)."""
    return view.memo(f"_keywords:{name}", lambda: _keyword_clauses(view, name))


def _keyword_clauses(view: DocumentView, name: str) -> tuple[Clause, ...]:
    pattern, stems = _KEYWORDS[name]
    text = lowered_text(view)
    found: dict[int, Clause] = {}
    if stems:
        tried: set[int] = set()
        for stem in stems:
            at = text.find(stem)
            while at != -1:
                clause = view.clause_at(at)
                if clause is not None and clause.index not in tried:
                    tried.add(clause.index)
                    if pattern.search(text, clause.start, clause.end):
                        found[clause.index] = clause
                at = text.find(stem, at + len(stem))
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


def usage_data_terms(view: DocumentView) -> frozenset[str]:
    """Defined terms (lower-cased) for data the service records about its own performance or operation
    ("data pertaining to the performance of the Service (“Service Data”)"), beyond `derived_terms`;
    cached on the view. Terms that also name the customer's content are left out."""
    return view.memo("_usage_data_terms", lambda: _usage_data_terms(view))


def _usage_data_terms(view: DocumentView) -> frozenset[str]:
    found = set()
    for definition in view.doc.definitions:
        term = definition.term.lower()
        if term in view.derived_terms or term in view.content_terms or len(term) < 4:
            continue
        body = view.doc.text[definition.definition_span.start : definition.definition_span.end]
        if _MEASURES_THE_SERVICE.search(body):
            found.add(term)
    return frozenset(found)
