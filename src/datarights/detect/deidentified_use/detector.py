"""De-identified, aggregated or usage data reserved for the provider (question: deidentified_use).

## What it finds
Clauses where the provider may create, use, own or share data derived from the
customer's content or use of the service in aggregated, de-identified,
anonymised, statistical or "usage" form (telemetry, System Data, Service
Generated Data), for its own purposes — including through defined terms
("Usage Data" means data about Customer's use of the Service).

## Why it matters
De-identified data still carries confidentiality risk in training, and such
carve-outs often escape every other restriction in the contract.

## Example
"We may use aggregated and de-identified data for any lawful purpose." → `yes`.

## Not this
- De-identification done only on the customer's instruction as part of the service.
- Promises not to re-identify, or the customer's own use of aggregated reports.

## References
spec/questions.md (deidentified_use); Cal. Civ. Code §1798.140(m); 45 CFR §164.514(b).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from datarights.detect.base import Detector, Pattern, decide_yes_if_any, make_hit, pattern_hit
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Basis, Hit, Precedence
from datarights.detect.language import (
    CUSTOMER_ACTOR,
    DERIVED_DATA,
    NAMED_ACTOR_OPENING,
    Clause,
    DocumentView,
    any_of,
    clauses_matching_lower,
    compile_,
    compile_lower,
    lowered_text,
    negated_before,
    seq,
    usage_data_terms,
)
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, YesNo
from datarights.model import BlockKind, Definition
from datarights.read import stretches
from datarights.read.deidentification import (
    AUDIENCE_STATISTICS_WORDING,
    USAGE_DESCRIBED_WORDING,
    deidentification_frames,
)
from datarights.read.model import Action, Condition, DataKind, Unit
from datarights.read.patterns import lower_twin
from datarights.read.tables import table_frames
from datarights.read.view import folds_to_ascii, scan
from datarights.structure.definitions import trie_alternation

QUESTION = QuestionId.DEIDENTIFIED_USE
NAME = "deidentified_use@1"

_PROVIDER_USE = (
    # the gerund after a reservation ("nothing … prevents Vendor from compiling Aggregated Data")
    r"(?:use|uses|used|using|create|creates|creating|compile|compiles|compiling|collect|collects|collecting|generate|generates"
    r"|generating|aggregate|aggregates|combine|combines|derive|derives"
    r"|de-?identify|anonymi[sz]e|pseudo-?anonymi[sz]e|pseudonymi[sz]e|own|owns|share|shares|disclose|publish|analy[sz]e|process|processes|retain|make)"
)
# Derived data as a noun phrase: "aggregated statistics", "usage data", or data qualified after the
# noun ("we use data, often de-identified, to …", "Personal Data that has been aggregated").
# "information that has been stripped of identifiers"
_DERIVED_PARTICIPLE = (
    r"(?:de-?identified|anonymi[sz]ed|aggregated|pseudonymi[sz]ed|stripped\s+of\s+(?:\w+\s+)?identifiers)\b"
)
_POSTPOSED_DERIVED = seq(
    r"\b(?:data|information|content)",
    any_of(
        r"\s*,\s*(?:\w+\s+)?" + _DERIVED_PARTICIPLE + r"\s*,",
        r"\s+(?:that|which)\s+(?:has|have|is|are)\s+(?:been\s+)?" + _DERIVED_PARTICIPLE,
    ),
)
_DERIVED_NOUN = any_of(DERIVED_DATA, _POSTPOSED_DERIVED)
# Space within a paragraph: a subject is not read across a blank line from the paragraph before.
_SP = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
# Up to 120 characters within one sentence and paragraph.
_GAP_120 = r"(?:[^.;\n]|\n(?![^\S\n]*\n)){0,120}?"
# The provider's subject, a few words (modals, adverbs), then a use verb.
_SUBJECT_USES = seq(
    r"\b(?:we|us|provider|company|\w+)", _SP, "(?:" + seq(r"\w+", _SP) + "){0,3}?", _PROVIDER_USE, r"\b"
)
# "… is the property of", "… is and will be owned solely by": who owns is read after the match.
_OWNED_BY = (
    r"[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be|remains?)\s+(?:and\s+(?:will|shall)\s+(?:be|remain)\s+)?"
    r"(?:(?:the\s+)?(?:sole\s+(?:and\s+exclusive\s+)?|exclusive\s+)?property\s+of|(?:\w+\s+){0,3}?owned\s+(?:\w+\s+){0,3}?by)\b"
)
_MAY_BE_USED = (
    r"[^.;]{0,80}?\b(?:may|can|will)\s+(?:also\s+)?(?:be\s+)?(?:used|shared|disclosed|published|retained)\b"
)
DERIVED_RIGHT = Pattern.of(
    "provider uses derived data",
    seq(_SUBJECT_USES, _GAP_120, _DERIVED_NOUN),
    YesNo.YES,
    0.8,
)
# Every match of DERIVED_RIGHT holds a derived-data noun: a match of DERIVED_DATA, or a participle after
# the noun ("data that has been aggregated"); and no "." or ";". Only the stretches between two stops that
# hold one are searched (`stretches.search_between_stops`), found with the scan for DERIVED_DATA that
# `_listed_derived_data` runs too.
_DERIVED_DATA_LOWER = lower_twin(DERIVED_DATA.pattern)
PARTICIPLES = (
    "de-identified", "deidentified", "anonymised", "anonymized", "aggregated", "pseudonymised", "pseudonymized",
    "stripped",  # "stripped of identifiers": the first word of a phrase is marker enough
)  # fmt: skip


def _derived_right_matches(view: DocumentView) -> Iterator[tuple[Clause, re.Match[str]]]:
    """`view.search(DERIVED_RIGHT.regex)`, the same matches in the same order."""
    if _DERIVED_DATA_LOWER is None:  # no lower-case twin (not expected): scan as before
        return view.search(DERIVED_RIGHT.regex)
    lowered = lowered_text(view)
    markers = {m.start() for m in scan(view, _DERIVED_DATA_LOWER, lowered=True)}
    for participle in PARTICIPLES:
        at = lowered.find(participle)
        while at != -1:
            markers.add(at)
            at = lowered.find(participle, at + 1)
    return stretches.search_between_stops(view, DERIVED_RIGHT.regex, sorted(markers))


DERIVED_PASSIVE = Pattern.of("derived data may be used", seq(_DERIVED_NOUN, _MAY_BE_USED), YesNo.YES, 0.75)
# What every match of DERIVED_PASSIVE ends with ("may be used", "will be shared"): much rarer than the
# derived-data nouns it opens with. No match holds "." or ";" (`stretches.search_between_stops`).
_USED_MARKER = compile_lower(_MAY_BE_USED.removeprefix(r"[^.;]{0,80}?\b"))
CLASSIFIER_METADATA = Pattern.of(
    "classifications or metadata derived from content",
    r"\b(?:classifications?|metadata|insights|learnings)\b[^.]{0,80}\b(?:about|derived\s+from|based\s+on)\b[^.]{0,40}\b(?:data|content|use)\b",
    YesNo.YES,
    0.6,
)
# The provider itself aggregates or de-identifies the customer's data ("we may aggregate, anonymize, or
# otherwise learn from data relating to your use", "Provider may aggregate PHI for its own purposes",
# "we anonymize information … and use the resulting information").
_DERIVING_VERB = r"(?:aggregate|de-?identify|anonymi[sz]e|pseudonymi[sz]e)"
_DERIVING_VERBS = seq(
    r"(?:(?:\w+|\*\*\w+\*\*),?\s+(?:or\s+|and\s+|and/or\s+)?){0,3}?\**", _DERIVING_VERB, r"\b"
)
DERIVING_RIGHT = Pattern.of(
    "provider aggregates or de-identifies data",
    any_of(
        seq(
            r"\b(?:we|provider|company|\w+)\s+(?:(?:may|can|will|shall|also|is\s+free\s+to|reserves\s+the\s+right\s+to|has\s+the\s+right\s+to)\s+){1,3}",
            _DERIVING_VERBS,
        ),
        # Without a modal the verb follows its subject directly ("we anonymize information …").
        seq(r"\b(?:we|provider|company|\w+)", _SP, _DERIVING_VERB, r"\b"),
    ),
    YesNo.YES,
    0.75,
)
# A licence whose scope reaches aggregating or de-identifying the customer's content ("you grant … a right to
# xAI to use, copy, … and to aggregate your User Content … for any purpose"); the grantee is checked.
GRANTED_DERIVING = Pattern.of(
    "licence to aggregate or de-identify",
    seq(r"\bgrants?\b[^.;]{0,600}?\bto\s+", _DERIVING_VERBS),
    YesNo.YES,
    0.75,
)
# A list item that opens with the verb ("Aggregate data to provide product optimization") under a
# lead-in naming the provider's right ("you grant Stack Overflow the right to … for the following purposes:").
_ITEM_DERIVING_VERB = compile_(r"^\W*" + _DERIVING_VERB + r"\b")
# Derived data the provider owns ("Usage Data … is the property of Quora", "… will be owned solely by us").
DERIVED_OWNED = Pattern.of(
    "derived data owned by the provider", seq(DERIVED_DATA, _OWNED_BY), YesNo.YES, 0.75
)
# "after such time, we will delete or de-identify your information": the end of retention, not a right of use.
_DELETE_OR_DEIDENTIFY = compile_(
    r"\b(?:delete|destroy|erase)\w*\s+(?:\w+\s+){0,3}?or\s+(?:\w+\s+)?(?:de-?identif|anonymi[sz])"
)
_CUSTOMER_INSTRUCTED = compile_(
    r"\b(?:customer|you)\s+(?:\w+\s+){0,2}(?:permits?|instructs?|requests?|directs?)\b"
)
_CUSTOMER_ACTOR = compile_(r"^\W*(?:you|customer|users?)\b(?!\s+(?:acknowledge|agree|understand|grant))")
_PURPOSE = compile_(
    r"\b(?:any\s+(?:lawful\s+)?purpose|business\s+purposes|improv\w*|develop\w*|enhanc\w*|refin\w*|analy\w+|research|statistic\w*|benchmark\w*"
    r"|train\w*|insights|understand|marketing|promot\w*|share|publish|disclos\w*|operat\w*|maintain\w*|secur\w*|own)"
    r"|\b(?:in\s+any\s+(?:manner|way)|without\s+restriction|property\s+of|optimi[sz]\w*|its\s+own\s+purposes)\b"
)


def _defined_term_patterns(view: DocumentView) -> list[Pattern]:
    """Patterns for the document's own derived-data terms ("Usage Data", "Operational Metrics")."""
    terms = [t for t in view.derived_terms | usage_data_terms(view) if len(t) > 3]
    if not terms:
        return []
    # A trie, not a flat alternation: the term count grows with the document (issue 17).
    term = r"\b(?:" + trie_alternation(terms, ignore_case=True) + r")\b"
    return [
        Pattern.of(
            "defined usage-data term used by provider",
            any_of(
                seq(
                    r"\b(?:we|us|provider|company|\w+)\s+(?:\w+\s+){0,4}?",
                    _PROVIDER_USE,
                    r"\b[^.;]{0,80}?",
                    term,
                ),
                seq(term, r"[^.;]{0,60}?\b(?:may|can|will)\s+(?:\w+\s+)?(?:be\s+)?(?:used|shared|disclosed)"),
            ),
            YesNo.YES,
            0.8,
        ),
        Pattern.of(_DEFINED_TERM_OWNED, seq(term, _OWNED_BY), YesNo.YES, 0.8),
    ]


_DEFINED_TERM_OWNED = "defined usage-data term owned by provider"
_OWNERSHIP = frozenset({DERIVED_OWNED.name, _DEFINED_TERM_OWNED})
# "Provider may use aggregated data": a permission over derived data that names no purpose is unrestricted.
_PERMISSION = compile_(
    r"^\W*\w+\s+(?:also\s+)?(?:may|can|is\s+(?:free|entitled|permitted)\s+to|reserves\s+the\s+right\s+to|has\s+the\s+right\s+to)\s+"
    r"(?:also\s+|continue\s+to\s+)?" + _PROVIDER_USE + r"\b"
)
_RESTRICTED = compile_(r"\b(?:only|solely|exclusively|except)\b")


def detect(view: DocumentView) -> Iterator[Hit]:
    patterns = [
        DERIVED_RIGHT,
        DERIVED_PASSIVE,
        CLASSIFIER_METADATA,
        DERIVING_RIGHT,
        GRANTED_DERIVING,
        DERIVED_OWNED,
        *_defined_term_patterns(view),
    ]
    seen: set[int] = set()
    for pattern in patterns:
        if pattern is DERIVED_RIGHT:
            found = _derived_right_matches(view)
        elif pattern is DERIVED_PASSIVE:
            found = stretches.search_between_stops(
                view, pattern.regex, (m.start() for m in _USED_MARKER.finditer(lowered_text(view)))
            )
        else:
            found = view.search(pattern.regex)
        for clause, match in found:
            if clause.index in seen or not _reads_as_right(view, pattern, clause, match):
                continue
            seen.add(clause.index)
            basis = Basis.DEFINED_TERM if pattern.name.startswith("defined") else Basis.EXPLICIT
            yield pattern_hit(
                view,
                QUESTION,
                NAME,
                pattern,
                [clause],
                "The provider keeps a right to use aggregated, de-identified or usage data derived from the customer's content or use.",
                basis=basis,
            )
    yield from _listed_deriving_rights(view, seen)
    yield from _listed_derived_data(view, seen)


def _reads_as_right(view: DocumentView, pattern: Pattern, clause: Clause, match: re.Match[str]) -> bool:
    """Does the matched clause reserve the provider a right over derived data (not negated, not the
    customer's act or instruction, for a purpose or without restriction)?"""
    text = clause.text
    if negated_before(text, match.end() - clause.start, window=120) or _CUSTOMER_INSTRUCTED.search(text):
        return False
    if _CUSTOMER_ACTOR.search(text):
        return False
    if not _PURPOSE.search(text) and not (
        pattern is DERIVED_RIGHT
        and _PERMISSION.search(match.group(0))
        and _provider_acts(view, match.group(0))
        and not _RESTRICTED.search(text)
    ):
        return False
    if pattern is DERIVING_RIGHT and (
        not _provider_acts(view, match.group(0)) or _DELETE_OR_DEIDENTIFY.search(text)
    ):
        return False
    if pattern is GRANTED_DERIVING and not _granted_to_provider(
        view, text[: match.start() - clause.start], match.group(0)
    ):
        return False
    if pattern.name in _OWNERSHIP and not view.provider_actor_pattern.search(
        text[match.end() - clause.start :]
    ):
        return False
    return not (
        re.search(r"\b(?:re-?identify|reidentify)\b", text, re.I)
        and not re.search(r"\bmay\s+(?:use|create)", text, re.I)
    )


def _granted_to_provider(view: DocumentView, head: str, grant: str) -> bool:
    """In "<grantor> grants … to <verb>", is the provider the grantee: the customer grants ("you grant",
    "Customer hereby grants"), or the provider is named in the grant before any customer?"""
    if _CUSTOMER_GRANTOR.search(head):
        return True
    provider = view.provider_actor_pattern.search(grant)
    return provider is not None and CUSTOMER_ACTOR.search(grant[: provider.start()]) is None


_CUSTOMER_GRANTOR = compile_(
    r"\b(?:you|customers?|users?|licensees?|clients?|subscribers?|members?)\s+(?:\w+\s+){0,2}?$"
)


def _listed_derived_data(view: DocumentView, seen: set[int]) -> Iterator[Hit]:
    """List items naming derived data ("Usage Information: … inputs that help Zoom … improve product
    design") under a lead-in in which the provider collects or uses it ("We may collect … the following:")."""
    for clause, match in view.search(DERIVED_DATA):
        if clause.index in seen:
            continue
        if not any(
            _provider_lead_in(view, lead) for lead in _leads(view, clause, match.start() - clause.start)
        ):
            continue
        if negated_before(clause.text, match.end() - clause.start, window=120):
            continue
        if _CUSTOMER_INSTRUCTED.search(clause.text) or not _PURPOSE.search(clause.text):
            continue
        seen.add(clause.index)
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            LISTED_DERIVED_DATA,
            [clause],
            "The provider collects or uses usage or aggregated data about the customer's use for its own purposes.",
        )


def _leads(view: DocumentView, clause: Clause, position: int) -> list[str]:
    """What may introduce the list item at `position` in `clause`: within the clause, the words before a
    colon ("WhatsApp collects, stores, and uses: (a) …; (c) analytics information"); the lead-in sentence
    of a list paragraph ("We may collect the following:"), or, for an item whose lead-in is out of reach,
    the heading of its section ("What personal data do we receive?")."""
    leads = []
    colon = clause.text.rfind(":", 0, position)
    if colon > 0:
        leads.append(clause.text[:colon])
    lead = view.lead_in(clause)
    if lead is not None:
        leads.append(lead.text)
    else:
        paragraph = view.paragraph_at(clause.start)
        if paragraph is not None and paragraph.kind is BlockKind.LIST_ITEM and clause.heading:
            leads.append(clause.heading.rsplit(" / ", 1)[-1])
    return leads


def _provider_lead_in(view: DocumentView, lead: str) -> bool:
    """Does `lead` have the provider collect, receive or use what follows, unnegated?"""
    if _CUSTOMER_ACTOR.search(lead) or negated_before(lead, len(lead), window=200):
        return False
    return any(_provider_subject(view, m.group(1)) for m in _PROVIDER_LEAD_IN.finditer(lead))


def _provider_subject(view: DocumentView, word: str) -> bool:
    """Is `word` the provider as a subject: a provider word or name, or a proper name the document opens
    with ("WhatsApp collects …" in the WhatsApp terms), other than the customer?"""
    if _NOT_A_SUBJECT.fullmatch(word) or CUSTOMER_ACTOR.fullmatch(word):
        return False
    if view.provider_actor_pattern.fullmatch(word):
        return True
    return word[:1].isupper() and word in view.doc.text[:NAMED_ACTOR_OPENING]


LISTED_DERIVED_DATA = Pattern.of(
    "listed derived data under the provider's lead-in", DERIVED_DATA.pattern, YesNo.YES, 0.7
)
# "We may collect …", "Zoom uses …": the subject of the lead-in's use verb, checked to be the provider.
_PROVIDER_LEAD_IN = compile_(
    seq(
        r"\b(\w+)\s+(?:(?:may|can|will|also|shall|do|does)\s+){0,2}",
        any_of(_PROVIDER_USE, r"receive|receives|obtain|obtains|gather|gathers"),
        r"\b",
    )
)


def _provider_acts(view: DocumentView, phrase: str) -> bool:
    """The subject of a "<subject> may aggregate …" phrase is the provider."""
    subject = re.match(r"\W*(\w+)", phrase)
    return (
        subject is not None
        and not _NOT_A_SUBJECT.fullmatch(subject.group(1))
        and bool(view.provider_actor_pattern.fullmatch(subject.group(1)))
    )


# Possessives and objects ("OUR AGGREGATE LIABILITY", "… to us. Aggregate …") are not the subject of a verb.
_NOT_A_SUBJECT = compile_(r"our|us|its|their")


def _listed_deriving_rights(view: DocumentView, seen: set[int]) -> Iterator[Hit]:
    """List items opening with an aggregating or de-identifying verb, under a lead-in that grants the
    provider rights or states what it uses data for."""
    for match in _items_deriving(view):
        # The match opens on the line break before the item, outside any clause: locate it by the verb.
        clause = view.clause_at(match.end() - 1)
        if clause is None or clause.index in seen or not _ITEM_DERIVING_VERB.search(clause.text):
            continue
        lead = view.lead_in(clause)
        if lead is None or not view.provider_actor_pattern.search(lead.text):
            continue
        if _CUSTOMER_ACTOR.search(lead.text) or negated_before(lead.text, len(lead.text), window=200):
            continue
        if not _PURPOSE.search(clause.text):
            continue
        seen.add(clause.index)
        yield pattern_hit(
            view,
            QUESTION,
            NAME,
            DERIVING_RIGHT,
            [clause],
            "The provider keeps a right to aggregate or de-identify the customer's data for its own purposes.",
        )


_ITEM_DERIVING_VERB_ANYWHERE = compile_(r"(?:^|\n)[\s*•\-]*" + _DERIVING_VERB + r"\b")
# What each alternative of `_DERIVING_VERB` opens with, lower-cased (a test checks every spelling does).
DERIVING_OPENINGS = ("aggregate", "de-identify", "deidentify", "anonymi", "pseudonymi")
_ITEM_MARKS = "*•-"


def _items_deriving(view: DocumentView) -> Iterator[re.Match[str]]:
    """`_ITEM_DERIVING_VERB_ANYWHERE.finditer(view.doc.text)`, the same matches, from the verbs: a match
    ends at a verb preceded by list marks and white space back to a line break (or the start of the
    text), and opens at the first line break among them; a scan tried every character of the text."""
    text = view.doc.text
    if folds_to_ascii(view):  # "ſ" read as "s": the lower-cased text may not spell the verb
        yield from _ITEM_DERIVING_VERB_ANYWHERE.finditer(text)
        return
    lowered = lowered_text(view)
    verbs: set[int] = set()
    for opening in DERIVING_OPENINGS:
        at = lowered.find(opening)
        while at != -1:
            verbs.add(at)
            at = lowered.find(opening, at + 1)
    end = 0
    for verb in sorted(verbs):
        marks = verb
        while marks > 0 and (text[marks - 1].isspace() or text[marks - 1] in _ITEM_MARKS):
            marks -= 1
        start = 0 if marks == 0 else text.find("\n", marks, verb)
        if start == -1 or start < end:
            continue
        # Only this verb can end a match opening there (the marks before it are no verb's letters).
        match = _ITEM_DERIVING_VERB_ANYWHERE.match(text, start)
        if match is not None:
            end = match.end()
            yield match


def _derived_definitions(view: DocumentView) -> tuple[Definition, ...]:
    """The definitions of derived-data terms, in document order (once per document: read for every hit)."""
    return view.memo(
        "_derived_definitions",
        lambda: tuple(d for d in view.doc.definitions if d.term.lower() in view.derived_terms),
    )


def _definition_evidence(view: DocumentView, hit: Hit) -> Hit:
    """Add the definition of a derived-data term the clause relies on ("Usage Data" means …)."""
    extra = []
    for definition in _derived_definitions(view):
        if any(definition.term in e.text for e in hit.evidence):
            start, end = definition.definition_span.start, definition.definition_span.end
            if not any(e.start <= start < e.end for e in hit.evidence):
                extra.append(view.span_evidence(start, end, Basis.DEFINED_TERM))
    if not extra:
        return hit
    return replace(hit, evidence=hit.evidence + tuple(extra[:1]))


# Table rows (purpose | data | legal basis) read by the frame layer: derived or usage data used for the
# provider's own purposes (improvement, analytics, research, training).
TABLE_RULES: tuple[Rule, ...] = (
    Rule(
        "derived data in a purpose table",
        lambda f: (
            f.unit is Unit.TABLE_ROW
            and DataKind.DEIDENTIFIED in f.objects
            and bool(f.purposes & {Action.IMPROVE_SERVICE, Action.USE, Action.TRAIN_MODELS})
        ),
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "A purpose table lists de-identified, aggregated or usage data for the provider's own purposes.",
    ),
)


# Uses of customer data that wait for its de-identification, and statistics compiled about use.
FRAME_RULES: tuple[Rule, ...] = (
    Rule(
        "de-identified before use",
        lambda f: Condition.DEIDENTIFIED_FIRST in f.conditions and f.by_provider and not f.negated,
        YesNo.YES,
        0.75,
        Precedence.GENERAL,
        "The provider may use customer data for its own purposes once it is de-identified or aggregated.",
    ),
    Rule(
        "derived data outside the policy",
        lambda f: f.wording == "derived data outside the policy",
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "Aggregated or de-identified data is declared outside the personal data the document restricts.",
    ),
    Rule(
        USAGE_DESCRIBED_WORDING,
        lambda f: f.wording == USAGE_DESCRIBED_WORDING,
        YesNo.YES,
        0.65,
        Precedence.GENERAL,
        "The provider uses information about how the service is used to improve or develop it.",
    ),
    Rule(
        AUDIENCE_STATISTICS_WORDING,
        lambda f: f.wording == AUDIENCE_STATISTICS_WORDING,
        YesNo.YES,
        0.65,
        Precedence.GENERAL,
        "The provider gives aggregate information about its users (demographics, audience) to advertisers or partners.",
    ),
    Rule(
        "statistics compiled about use",
        lambda f: DataKind.USAGE_DATA in f.objects and f.by_provider and not f.negated,
        YesNo.YES,
        0.7,
        Precedence.GENERAL,
        "The provider compiles statistics about the customer's use for its own purposes.",
    ),
)


def detect_all(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, TABLE_RULES, table_frames(view))
    yield from frame_hits(view, QUESTION, NAME, FRAME_RULES, deidentification_frames(view))
    for hit in detect(view):
        yield _definition_evidence(view, hit)
    for clause in purpose_limits(view):
        yield make_hit(
            view,
            QUESTION,
            NAME,
            "purpose limitation",
            YesNo.NO,
            0.6,
            [clause],
            "Customer content may be used only for the stated purposes; no derived-data right is reserved.",
        )
    for clause in clauses_matching_lower(view, _CUSTOMER_INSTRUCTED_DEIDENTIFICATION):
        yield make_hit(
            view,
            QUESTION,
            NAME,
            "de-identification only on instruction",
            YesNo.NO,
            0.6,
            [clause],
            "De-identified processing happens only as the customer instructs, as part of the service.",
        )


# Run over the lower-cased text: a period after a single letter ("U.S.") does not end the clause.
_CUSTOMER_INSTRUCTED_DEIDENTIFICATION = compile_lower(
    r"\b(?:customer|you)\s+(?:\w+\s+){0,2}(?:permits?|instructs?|requests?|directs?)\b(?:[^.]|\.(?=\w)|(?<=\b[a-z])\.){0,160}\bde-?identified\b"
)


# Any reserved right over derived data answers yes; purpose limitations are the evidence for no.
DETECTOR = Detector(
    QUESTION,
    1,
    detect_all,
    decide_yes_if_any(QUESTION, NAME, "No right to use de-identified, aggregated or usage data is reserved."),
)
