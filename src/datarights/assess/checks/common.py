"""Helpers the checklists share: reading provisions and the answers, and turning
present/missing elements into a status."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from datarights.assess.checks.base import CheckResult, Context
from datarights.assess.model import CheckStatus
from datarights.assess.provisions import ProvisionHit, confidence_of, evidence_of, find
from datarights.model.findings import Evidence
from datarights.model.questions import QuestionId, TrainingScope, TrainingUse, VendorRole, YesNo

# How sure we are that a term is absent when no wording matched: the provision patterns are
# broad but not exhaustive, so absence is a weaker claim than presence.
ABSENCE_CONFIDENCE = 0.6

TRAINING_ALLOWED = frozenset({TrainingUse.OPT_IN, TrainingUse.OPT_OUT, TrainingUse.PERMITTED})
TRAINING_BY_DEFAULT = frozenset({TrainingUse.OPT_OUT, TrainingUse.PERMITTED})
SHARED_SCOPE = frozenset({TrainingScope.FOUNDATIONAL, TrainingScope.UNSPECIFIED})


def hits(ctx: Context, *provision_ids: str) -> tuple[ProvisionHit, ...]:
    return tuple(h for p in provision_ids for h in find(ctx.view, p))


def element_status(
    ctx: Context,
    elements: Sequence[tuple[str, tuple[ProvisionHit, ...]]],
    *,
    what: str,
    extra_evidence: Iterable[Evidence] = (),
) -> CheckResult:
    """All elements present → met; some → partly_met; none → not_met. The rationale names what is missing."""
    present = [name for name, found in elements if found]
    missing = [name for name, found in elements if not found]
    found_hits = [h for _, found in elements for h in found]
    evidence = merge_evidence(evidence_of(found_hits), tuple(extra_evidence))
    if not missing:
        return CheckResult(
            CheckStatus.MET,
            evidence,
            f"The document provides {what}: {', '.join(present)}.",
            confidence_of(found_hits),
        )
    if present:
        return CheckResult(
            CheckStatus.PARTLY_MET,
            evidence,
            f"Found: {', '.join(present)}. Missing: {', '.join(missing)}.",
            min(confidence_of(found_hits), 0.8),
        )
    return CheckResult(
        CheckStatus.NOT_MET,
        evidence,
        f"No clause found providing {what} ({', '.join(missing)}).",
        ABSENCE_CONFIDENCE,
    )


def merge_evidence(*groups: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    seen: set[tuple[int, int]] = set()
    out: list[Evidence] = []
    for group in groups:
        for e in group:
            if (e.start, e.end) not in seen:
                seen.add((e.start, e.end))
                out.append(e)
    return tuple(sorted(out, key=lambda e: e.start))


# --- Builders: most checks are one of three shapes, declared in the check tables ------------------

Run = Callable[[Context], CheckResult]


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of a `ladder`: when any of `provisions` is found, the check has `status`."""

    provisions: tuple[str, ...]
    status: CheckStatus
    rationale: str
    # Provisions cited alongside, found or not: a disclaimer shows the clause it defeats.
    cite_also: tuple[str, ...] = ()
    # A ceiling on the confidence, where the status is only a partial reading of the wording.
    cap: float | None = None


def ladder(*rungs: Rung, absent: str) -> Run:
    """The first rung whose provisions are found decides; none found → not met, with absence confidence."""

    def run(ctx: Context) -> CheckResult:
        for rung in rungs:
            found = hits(ctx, *rung.provisions)
            if not found:
                continue
            evidence = evidence_of(found)
            if rung.cite_also:
                evidence = merge_evidence(evidence, evidence_of(hits(ctx, *rung.cite_also)))
            confidence = confidence_of(found)
            if rung.cap is not None:
                confidence = min(confidence, rung.cap)
            return CheckResult(rung.status, evidence, rung.rationale, confidence)
        return CheckResult(CheckStatus.NOT_MET, (), absent, ABSENCE_CONFIDENCE)

    return run


def single(provision_id: str, *, present: str, absent: str) -> Run:
    """Met when the one provision is found, not met otherwise."""
    return ladder(Rung((provision_id,), CheckStatus.MET, present), absent=absent)


def elements(what: str, *parts: tuple[str, tuple[str, ...]]) -> Run:
    """`element_status` over named elements, each present when any of its provisions is found."""

    def run(ctx: Context) -> CheckResult:
        return element_status(ctx, [(name, hits(ctx, *ids)) for name, ids in parts], what=what)

    return run


def own_purpose_use(ctx: Context) -> tuple[list[str], tuple[Evidence, ...]]:
    """The provider's own-purpose uses of customer content the answers show, with their evidence."""
    reasons: list[str] = []
    questions: list[QuestionId] = []
    training = ctx.position(QuestionId.TRAINING_USE)
    scope = ctx.position(QuestionId.TRAINING_SCOPE)
    if training in TRAINING_BY_DEFAULT and scope in SHARED_SCOPE:
        reasons.append(f"training of {scope} models on customer content ({training})")
        questions += [QuestionId.TRAINING_USE, QuestionId.TRAINING_SCOPE]
    if ctx.position(QuestionId.SERVICE_IMPROVEMENT) == YesNo.YES:
        reasons.append("a general right to improve its services with customer content")
        questions.append(QuestionId.SERVICE_IMPROVEMENT)
    if ctx.position(QuestionId.VENDOR_ROLE) == VendorRole.BOTH:
        reasons.append("a controller role for some uses of customer data")
        questions.append(QuestionId.VENDOR_ROLE)
    return reasons, ctx.answer_evidence(*dict.fromkeys(questions))
