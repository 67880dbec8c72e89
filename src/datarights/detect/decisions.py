"""Questions decided over clause frames: each question a small table of rules (which frames support
which position), read top to bottom, the first rule that matches a frame deciding what it says.

Scope is applied in one place: a frame that would support a protective position (`protective`) but
is limited to one feature, plan, data kind or audience only supports the answer with evidence; it never
decides it (spec/questions.md: a narrower protection does not extend to customer content in general).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from datarights.detect.base import make_hit
from datarights.detect.findings import Basis, Hit, Precedence
from datarights.detect.language import Clause, DocumentView
from datarights.detect.questions import QuestionId
from datarights.read.model import ClauseFrame, Unit

# A frame limited to one feature or mode weighs this much less than a general one, so that the general
# statement is cited first when both support the same answer.
NARROW_PENALTY = 0.1


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a decision table. `position` None: frames that match say nothing on the question
    (a restriction on the customer, derived data only) and no later rule may read them."""

    name: str
    when: Callable[[ClauseFrame], bool]
    position: str | None
    score: float = 0.75
    precedence: Precedence = Precedence.GENERAL
    rationale: str = ""
    # Frames this rule reads only add evidence to an answer other frames decide.
    supporting: bool = False
    basis: Basis = Basis.EXPLICIT


# A lead-in that decides ("Employees may access content only: …") is cited with the first items of its
# list, which say when.
LEAD_IN_ITEMS = 6


def items_after(view: DocumentView, clause: Clause) -> list[Clause]:
    """The list items a lead-in (a clause ending in ":") introduces, in order, at most `LEAD_IN_ITEMS`."""
    if not clause.text.rstrip().endswith(":"):
        return []
    items = []
    for following in view.clauses[clause.index + 1 : clause.index + 1 + LEAD_IN_ITEMS]:
        lead = view.lead_in(following)
        if lead is None or lead.index != clause.index:
            break
        items.append(following)
    return items


def first_rule(rules: Iterable[Rule], frame: ClauseFrame) -> Rule | None:
    return next((rule for rule in rules if rule.when(frame)), None)


def frame_hits(
    view: DocumentView,
    question: QuestionId,
    detector: str,
    rules: tuple[Rule, ...],
    frames: Iterable[ClauseFrame],
    protective: frozenset[str] = frozenset(),
    cite_items: bool = False,
) -> Iterator[Hit]:
    """One hit per frame a rule gives a position; narrow protective frames as supporting hits.
    `cite_items`: a deciding lead-in is cited with the items of its list (the cases where it applies)."""
    for frame in frames:
        rule = first_rule(rules, frame)
        if rule is None or rule.position is None:
            continue
        narrow = rule.position in protective and not frame.scope.general
        rationale = rule.rationale
        if narrow:
            rationale = f"{rationale} (limited to {frame.scope.text}: cited, but it does not govern content in general)"
        clause = view.clauses[frame.clause]
        related = [view.clauses[i] for i in frame.related]
        # A list item is cited after the lead-in it reads with; a definition it relies on after it.
        cited = [*related, clause] if frame.unit is Unit.LIST_ITEM else [clause, *related]
        if cite_items:
            cited += items_after(view, clause)
        yield make_hit(
            view,
            question,
            detector,
            rule.name,
            rule.position,
            rule.score if frame.scope.general else rule.score - NARROW_PENALTY,
            cited,
            rationale,
            basis=rule.basis,
            precedence=rule.precedence,
            supporting=narrow or rule.supporting,
        )
