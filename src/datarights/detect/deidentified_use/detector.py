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
from datarights.detect.findings import Basis, Hit
from datarights.detect.language import (
    DERIVED_DATA,
    DocumentView,
    clauses_matching_lower,
    compile_,
    compile_lower,
    negated_before,
    usage_data_terms,
)
from datarights.detect.limits import purpose_limits
from datarights.detect.questions import QuestionId, YesNo

QUESTION = QuestionId.DEIDENTIFIED_USE
NAME = "deidentified_use@1"

_PROVIDER_USE = (
    r"(?:use|uses|used|using|create|creates|compile|compiles|collect|collects|generate|generates|aggregate|aggregates"
    r"|de-?identify|anonymi[sz]e|pseudo-?anonymi[sz]e|pseudonymi[sz]e|own|owns|share|shares|disclose|publish|analy[sz]e|process|processes|retain|make)"
)
DERIVED_RIGHT = Pattern.of(
    "provider uses derived data",
    r"\b(?:we|us|provider|company|\w+)\s+(?:\w+\s+){0,3}?"
    + _PROVIDER_USE
    + r"\b[^.;]{0,120}?"
    + DERIVED_DATA.pattern,
    YesNo.YES,
    0.8,
)
DERIVED_PASSIVE = Pattern.of(
    "derived data may be used",
    DERIVED_DATA.pattern
    + r"[^.;]{0,80}?\b(?:may|can|will)\s+(?:also\s+)?(?:be\s+)?(?:used|shared|disclosed|published|retained)\b",
    YesNo.YES,
    0.75,
)
SETTINGS_DONT_CONTROL = Pattern.of(
    "anonymised data made regardless of settings",
    r"\bto\s+create\s+(?:anonymi[sz]ed|de-?identified|aggregated)\s+data\b",
    YesNo.YES,
    0.75,
)
CLASSIFIER_METADATA = Pattern.of(
    "classifications or metadata derived from content",
    r"\b(?:classifications?|metadata|insights|learnings)\b[^.]{0,80}\b(?:about|derived\s+from|based\s+on)\b[^.]{0,40}\b(?:data|content|use)\b",
    YesNo.YES,
    0.6,
)
# The provider itself aggregates or de-identifies the customer's data ("we may aggregate, anonymize, or
# otherwise learn from data relating to your use", "Provider may aggregate PHI for its own purposes").
_DERIVING_VERB = r"(?:aggregate|de-?identify|anonymi[sz]e|pseudonymi[sz]e)"
DERIVING_RIGHT = Pattern.of(
    "provider aggregates or de-identifies data",
    r"\b(?:we|provider|company|\w+)\s+(?:(?:may|can|will|shall|also|is\s+free\s+to|reserves\s+the\s+right\s+to|has\s+the\s+right\s+to)\s+){1,3}"
    r"(?:(?:\w+|\*\*\w+\*\*),?\s+(?:or\s+|and\s+|and/or\s+)?){0,3}?\**" + _DERIVING_VERB + r"\b",
    YesNo.YES,
    0.75,
)
# A list item that opens with the verb ("Aggregate data to provide product optimization") under a
# lead-in naming the provider's right ("you grant Stack Overflow the right to … for the following purposes:").
_ITEM_DERIVING_VERB = compile_(r"^\W*" + _DERIVING_VERB + r"\b")
# Derived data the provider owns ("Usage Data … is the property of Quora").
DERIVED_OWNED = Pattern.of(
    "derived data owned by the provider",
    "(?:"
    + DERIVED_DATA.pattern
    + ")"
    + r"[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be|remains?)\s+(?:the\s+)?(?:sole\s+(?:and\s+exclusive\s+)?|exclusive\s+)?property\s+of\b",
    YesNo.YES,
    0.75,
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
    r"\b(?:any\s+(?:lawful\s+)?purpose|business\s+purposes|improv\w*|develop\w*|enhanc\w*|analy\w+|research|statistic\w*|benchmark\w*"
    r"|train\w*|insights|understand|marketing|promot\w*|share|publish|disclos\w*|operat\w*|maintain\w*|secur\w*|own)"
    r"|\b(?:in\s+any\s+(?:manner|way)|without\s+restriction|property\s+of|optimi[sz]\w*|its\s+own\s+purposes)\b"
)


def detect(view: DocumentView) -> Iterator[Hit]:
    derived_terms = [t for t in view.derived_terms | usage_data_terms(view) if len(t) > 3]
    patterns = [
        DERIVED_RIGHT,
        DERIVED_PASSIVE,
        SETTINGS_DONT_CONTROL,
        CLASSIFIER_METADATA,
        DERIVING_RIGHT,
        DERIVED_OWNED,
    ]
    if derived_terms:
        term_alternation = "|".join(re.escape(t) for t in sorted(derived_terms, key=len, reverse=True))
        patterns.append(
            Pattern.of(
                "defined usage-data term used by provider",
                r"\b(?:we|us|provider|company|\w+)\s+(?:\w+\s+){0,4}?"
                + _PROVIDER_USE
                + r"\b[^.;]{0,80}?\b(?:"
                + term_alternation
                + r")\b"
                r"|\b(?:"
                + term_alternation
                + r")\b[^.;]{0,60}?\b(?:may|can|will)\s+(?:\w+\s+)?(?:be\s+)?(?:used|shared|disclosed)"
                r"|\b(?:"
                + term_alternation
                + r")\b[^.;]{0,80}?\b(?:is|are|shall\s+be|will\s+be|remains?)\s+(?:the\s+)?(?:sole\s+|exclusive\s+)?property\s+of\b",
                YesNo.YES,
                0.8,
            )
        )
    seen: set[int] = set()
    for pattern in patterns:
        for clause, match in view.search(pattern.regex):
            if clause.index in seen:
                continue
            text = clause.text
            if negated_before(text, match.end() - clause.start, window=120) or _CUSTOMER_INSTRUCTED.search(
                text
            ):
                continue
            if _CUSTOMER_ACTOR.search(text) or not _PURPOSE.search(text):
                continue
            if pattern is DERIVING_RIGHT and (
                not _provider_acts(view, match.group(0)) or _DELETE_OR_DEIDENTIFY.search(text)
            ):
                continue
            if pattern is DERIVED_OWNED and not view.provider_actor_pattern.search(
                text[match.end() - clause.start :]
            ):
                continue
            if re.search(r"\b(?:re-?identify|reidentify)\b", text, re.I) and not re.search(
                r"\bmay\s+(?:use|create)", text, re.I
            ):
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


def _provider_acts(view: DocumentView, phrase: str) -> bool:
    """The subject of a "<subject> may aggregate …" phrase is the provider."""
    subject = re.match(r"\W*(\w+)", phrase)
    return subject is not None and bool(view.provider_actor_pattern.fullmatch(subject.group(1)))


def _listed_deriving_rights(view: DocumentView, seen: set[int]) -> Iterator[Hit]:
    """List items opening with an aggregating or de-identifying verb, under a lead-in that grants the
    provider rights or states what it uses data for."""
    for clause, _ in view.search(_ITEM_DERIVING_VERB_ANYWHERE):
        if clause.index in seen or not _ITEM_DERIVING_VERB.search(clause.text):
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


def _definition_evidence(view: DocumentView, hit: Hit) -> Hit:
    """Add the definition of a derived-data term the clause relies on ("Usage Data" means …)."""
    extra = []
    for definition in view.doc.definitions:
        if definition.term.lower() in view.derived_terms and any(
            definition.term in e.text for e in hit.evidence
        ):
            start, end = definition.definition_span.start, definition.definition_span.end
            if not any(e.start <= start < e.end for e in hit.evidence):
                extra.append(view.span_evidence(start, end, Basis.DEFINED_TERM))
    if not extra:
        return hit
    return replace(hit, evidence=hit.evidence + tuple(extra[:1]))


def detect_all(view: DocumentView) -> Iterator[Hit]:
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
