"""Stacks from the register: a counterparty's current version of each document, read together,
and one portfolio row per counterparty stack."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from datarights.detect.engine import review_document
from datarights.errors import ConfigError
from datarights.model.questions import QuestionId
from datarights.model.review import Review
from datarights.stack.build import StackOptions, build_stack
from datarights.stack.match import document_kind
from datarights.stack.model import Stack

if TYPE_CHECKING:
    from datarights.store.register import Register


def current_reviews(register: Register, counterparty: str, *, without: int | None = None) -> list[Review]:
    """The current version of each of the counterparty's documents, reviewed by today's detectors.

    Versions are grouped by document type and, within a type, by kind (an addendum whose title
    names the terms it amends is typed like them, but is its own document). `without` leaves one
    version out: the stack as it was before that version arrived."""
    versions = [v for v in register.versions(counterparty) if v.id != without]
    if not versions and without is not None:
        return []
    if not versions:
        raise ConfigError(f"no stored versions for counterparty {counterparty!r}")
    latest: dict[tuple[str, str], Review] = {}
    for version in versions:  # oldest first within each type: later ones replace earlier ones
        document = register.stored_document(version.sha256)
        if document is None:
            raise ConfigError(
                f"{version.label}: the register keeps no text for this version; add the file again"
            )
        review = review_document(document)
        latest[(version.doc_type, document_kind(document, review.doc_type).value)] = review
    return list(latest.values())


def register_stack(register: Register, counterparty: str, options: StackOptions | None = None) -> Stack:
    base = options or StackOptions()
    return build_stack(current_reviews(register, counterparty), StackOptions(base.audience, counterparty))


@dataclass(frozen=True, slots=True)
class StackRow:
    """One portfolio row for a counterparty's stack: each question's combined answer and the file
    whose clause controls it."""

    counterparty: str
    documents: int
    audience: str
    missing: tuple[str, ...]  # kinds of documents referenced but not in the register
    positions: dict[QuestionId, str]
    controlling: dict[QuestionId, str]


def stack_rows(register: Register) -> list[StackRow]:
    rows = []
    for name in register.counterparties():
        stack = register_stack(register, name)
        rows.append(
            StackRow(
                name,
                len(stack.documents),
                stack.audience.value,
                tuple(sorted({m.kind.value for m in stack.missing})),
                {q: a.position for q, a in stack.answers.items()},
                {q: a.controlling_document for q, a in stack.answers.items()},
            )
        )
    return rows
