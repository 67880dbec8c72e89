"""Ownership of outputs (question: output_ownership).

## What it finds
Clauses that say who owns what the service generates for the customer: "you
own the Output", "we hereby assign to you all our right, title and interest in
Output", "Google won't claim ownership over generated content", or "you retain
ownership of Your Content" where the document defines that content term to
include outputs or responses (resolved through the definition). And the
reverse: "all Output is the exclusive property of the Company", "you assign to
us all rights in generated images".
Supporting evidence (never deciding): a disclaimer that refers back to outputs
("… generate original content. We won't claim ownership over that content."),
and, for `unspecified`, rights the customer keeps in its inputs only.

## Why it matters
Whoever owns outputs controls their reuse; a provider that owns them can
license them to others.

## Example
"As between the parties, Customer owns all Output, and Provider assigns to
Customer any rights it may have in Output." → `customer`.

## Not this
- Ownership of inputs or prompts only, of feedback, or of the provider's
  services and models.
- "You are responsible for Output" or "Output may not be unique": no ownership.
- A content term that does not include outputs.
- A disclaimer of ownership by someone else ("They do not claim ownership", of
  third-party services the provider uses).

## References
spec/questions.md (output_ownership).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from datarights.detect.base import Detector
from datarights.detect.decisions import Rule, frame_hits
from datarights.detect.findings import Answer, Basis, Hit, Precedence
from datarights.detect.language import DocumentView
from datarights.detect.questions import OutputOwnership, QuestionId
from datarights.detect.resolve import answer_from, default_answer, rank
from datarights.read import ownership
from datarights.read.model import Actor, ClauseFrame, DataKind
from datarights.read.ownership import THROUGH_CONTENT_TERM, ownership_frames

QUESTION = QuestionId.OUTPUT_OWNERSHIP
NAME = "output_ownership@1"


def _for_customer(frame: ClauseFrame) -> bool:
    """The customer owns the outputs, has them assigned, or the provider disclaims them."""
    return (frame.actor is Actor.CUSTOMER) != frame.negated


def _outputs(frame: ClauseFrame) -> bool:
    return DataKind.OUTPUT in frame.objects


def _through_term(frame: ClauseFrame) -> bool:
    return frame.objects == THROUGH_CONTENT_TERM


def _back_reference(frame: ClauseFrame) -> bool:
    """Read from a sentence that refers back to the outputs the sentence before names."""
    return _outputs(frame) and not _through_term(frame) and bool(frame.related)


_CUSTOMER_OWNS = "Outputs belong to the customer."
_THROUGH_TERM = "Outputs belong to the customer (the owned content term is defined to include outputs)."
# The decision table: who owns the outputs, first match wins.
RULES: tuple[Rule, ...] = (
    Rule(
        ownership.INPUT_OWNERSHIP.name,
        lambda f: not _outputs(f) and f.actor is Actor.CUSTOMER,
        OutputOwnership.UNSPECIFIED,
        0.5,
        Precedence.GENERAL,
        "The customer keeps its rights in what it puts in; nothing is said of outputs.",
        supporting=True,
    ),
    Rule(
        "customer ownership of outputs named the sentence before",
        lambda f: _back_reference(f) and _for_customer(f),
        OutputOwnership.CUSTOMER,
        0.7,
        Precedence.SPECIFIC,
        _CUSTOMER_OWNS,
    ),
    Rule(
        "provider ownership of outputs named the sentence before",
        _back_reference,
        OutputOwnership.PROVIDER,
        0.7,
        Precedence.SPECIFIC,
        "The provider owns the outputs.",
    ),
    Rule(
        "customer owns a content term defined to include outputs",
        lambda f: _through_term(f) and _for_customer(f),
        OutputOwnership.CUSTOMER,
        0.8,
        Precedence.SPECIFIC,
        _THROUGH_TERM,
        basis=Basis.DEFINED_TERM,
    ),
    Rule(
        "provider owns a content term defined to include outputs",
        _through_term,
        OutputOwnership.PROVIDER,
        0.75,
        Precedence.SPECIFIC,
        "The provider owns a content term defined to include outputs.",
        basis=Basis.DEFINED_TERM,
    ),
    Rule(
        ownership.CUSTOMER_OWNS,
        lambda f: f.wording == ownership.CUSTOMER_OWNS,
        OutputOwnership.CUSTOMER,
        0.9,
        Precedence.SPECIFIC,
        _CUSTOMER_OWNS,
    ),
    Rule(
        ownership.ASSIGNED_TO_CUSTOMER,
        lambda f: f.wording == ownership.ASSIGNED_TO_CUSTOMER,
        OutputOwnership.CUSTOMER,
        0.9,
        Precedence.SPECIFIC,
        _CUSTOMER_OWNS,
    ),
    Rule(
        ownership.NO_CLAIM,
        lambda f: f.actor is Actor.PROVIDER and f.negated,
        OutputOwnership.CUSTOMER,
        0.8,
        Precedence.SPECIFIC,
        _CUSTOMER_OWNS,
    ),
    Rule(
        ownership.PROVIDER_OWNS,
        lambda f: f.actor is Actor.PROVIDER,
        OutputOwnership.PROVIDER,
        0.85,
        Precedence.SPECIFIC,
        "The provider owns the outputs.",
    ),
)


def detect(view: DocumentView) -> Iterator[Hit]:
    yield from frame_hits(view, QUESTION, NAME, RULES, ownership_frames(view))


def decide(view: DocumentView, hits: tuple[Hit, ...], answers: Mapping[QuestionId, Answer]) -> Answer:
    if not hits:
        return default_answer(QUESTION, NAME, "The document does not say who owns outputs.", 0.7)
    customer = [h for h in hits if h.position == OutputOwnership.CUSTOMER]
    provider = [h for h in hits if h.position == OutputOwnership.PROVIDER]
    if customer and provider:
        best_customer, best_provider = max(customer, key=rank), max(provider, key=rank)
        if (
            best_customer.precedence == best_provider.precedence
            and abs(best_customer.confidence - best_provider.confidence) < 0.1
        ):
            # Two equally clear statements disagree and neither qualifies the other: the riskier reading
            # (the provider owns), with both clauses, flagged for a person to check.
            return replace(
                answer_from(
                    QUESTION,
                    NAME,
                    OutputOwnership.PROVIDER,
                    hits,
                    "One clause gives the outputs to the customer and another to the provider: read as the "
                    "provider's until a person checks.",
                    also=frozenset({OutputOwnership.CUSTOMER}),
                ),
                needs_review=True,
            )
    if customer and (not provider or rank(max(customer, key=rank)) >= rank(max(provider, key=rank))):
        return answer_from(
            QUESTION,
            NAME,
            OutputOwnership.CUSTOMER,
            hits,
            "Outputs belong to or are assigned to the customer.",
        )
    return answer_from(
        QUESTION,
        NAME,
        OutputOwnership.PROVIDER,
        hits,
        "The provider owns the outputs.",
    )


DETECTOR = Detector(QUESTION, 1, detect, decide)
