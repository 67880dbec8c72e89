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
_CUSTOMER_INSTRUCTED = compile_(
    r"\b(?:customer|you)\s+(?:\w+\s+){0,2}(?:permits?|instructs?|requests?|directs?)\b"
)
_CUSTOMER_ACTOR = compile_(r"^\W*(?:you|customer|users?)\b(?!\s+(?:acknowledge|agree|understand|grant))")
_PURPOSE = compile_(
    r"\b(?:any\s+(?:lawful\s+)?purpose|business\s+purposes|improv\w*|develop\w*|enhanc\w*|analy\w+|research|statistic\w*|benchmark\w*"
    r"|train\w*|insights|understand|marketing|promot\w*|share|publish|disclos\w*|operat\w*|maintain\w*|secur\w*|own)"
)


def detect(view: DocumentView) -> Iterator[Hit]:
    derived_terms = [t for t in view.derived_terms if len(t) > 3]
    patterns = [DERIVED_RIGHT, DERIVED_PASSIVE, SETTINGS_DONT_CONTROL, CLASSIFIER_METADATA]
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
                + r")\b[^.;]{0,60}?\b(?:may|can|will)\s+(?:\w+\s+)?(?:be\s+)?(?:used|shared|disclosed)",
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
