"""The changes a redline proposes: their placement, the asks behind them and the clauses they add."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from datarights.assess.model import Finding
from datarights.model import Document
from datarights.redline.clauses import Clause
from datarights.redline.edits import Applicability, Edit


class Placement(StrEnum):
    REPLACE = "replace"
    INSERT = "insert"
    AMEND = "amend"  # a sentence added to the operative clause, which keeps its own text
    COMMENT = "comment"


@dataclass(frozen=True, slots=True)
class Ask:
    """One finding's request: the clause it proposes and how sure we are."""

    finding: Finding
    clause: Clause | None
    clause_text: str  # rendered, variables filled
    applicability: Applicability
    note: str = ""  # why this change takes the shape it does (a dependant struck, a licence narrowed)
    heading: str = ""  # the clause's heading in the contract's vocabulary


@dataclass(frozen=True, slots=True)
class NewClause:
    """A numbered clause (or an article heading, with no text) inserted where the contract is silent."""

    label: str  # "8.10", or "" when the section is unnumbered
    heading: str
    text: str
    after: int  # index into document.paragraphs: the new clause follows this paragraph
    template: int  # index of the paragraph whose formatting (and list numbering) it copies
    typed_label: bool = False  # the label is written out, and the template's list numbering dropped

    @property
    def rendered(self) -> str:
        if not self.text:
            return " ".join(part for part in (self.label, self.heading) if part)
        heading = f"{self.heading}. " if self.heading else ""
        return " ".join(part for part in (self.label, heading + self.text) if part)


@dataclass(frozen=True, slots=True)
class Change:
    placement: Placement
    edit: Edit | None  # None for a comment-only change
    anchor: tuple[int, int]  # span the comment refers to (the evidence, or the insertion point)
    asks: tuple[Ask, ...]
    section: str
    new_clauses: tuple[NewClause, ...] = ()

    @property
    def applicability(self) -> Applicability:
        if self.edit is None:
            return Applicability.DISPLAY_ONLY
        order = list(Applicability)
        return max((ask.applicability for ask in self.asks), key=order.index)

    @property
    def finding_ids(self) -> tuple[str, ...]:
        return tuple(ask.finding.id for ask in self.asks)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return (a[0] < b[1] and b[0] < a[1]) or a == b


def paragraph_of(document: Document, offset: int) -> int | None:
    for index, paragraph in enumerate(document.paragraphs):
        if paragraph.start <= offset < paragraph.end:
            return index
    return None
