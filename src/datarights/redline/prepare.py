"""Choose the instrument and plan it: a redline of the contract, or an addendum to online terms."""

from __future__ import annotations

from datarights.assess.model import Assessment
from datarights.assess.playbook import Playbook
from datarights.model.review import Review
from datarights.redline.addendum import Instrument, choose_instrument, plan_addendum
from datarights.redline.clauses import ClauseLibrary, Variant, document_variables, load_library
from datarights.redline.plan import RedlinePlan, plan_redlines
from datarights.redline.verify import verify_plan


def prepare(
    review: Review,
    assessment: Assessment,
    *,
    variant: Variant | None = None,
    instrument: Instrument | None = None,
    library: ClauseLibrary | None = None,
    playbook: Playbook | None = None,
) -> RedlinePlan:
    """The plan `redline` writes: tracked changes for a negotiated contract; for published terms
    (online, consumer, privacy policy) an addendum that prevails over them, unless `instrument` says otherwise.

    With `playbook`, the plan is checked against the contract it leaves behind (`verify_plan`) and
    edits that would make a finding worse are withdrawn."""
    plan = _prepare(review, assessment, variant=variant, instrument=instrument, library=library)
    if playbook is None:
        return plan
    return verify_plan(plan, playbook, review)[0]


def _prepare(
    review: Review,
    assessment: Assessment,
    *,
    variant: Variant | None,
    instrument: Instrument | None,
    library: ClauseLibrary | None,
) -> RedlinePlan:
    library = library or load_library()
    variant = variant or Variant.for_playbook(assessment.playbook)
    choice = choose_instrument(review.document, review.doc_type)
    chosen = instrument or choice.instrument
    if chosen is Instrument.ADDENDUM:
        addendum = plan_addendum(
            review.document,
            assessment,
            variant=variant,
            consumer=choice.consumer,
            doc_type=review.doc_type,
            library=library,
        )
        return RedlinePlan(
            review.document,
            assessment.playbook,
            variant,
            (),
            document_variables(review.document, library.defaults),
            addendum=addendum,
            instrument_reason=choice.reason,
        )
    plan = plan_redlines(
        review.document, assessment, variant=variant, library=library, consumer=choice.consumer
    )
    return RedlinePlan(
        plan.document,
        plan.playbook,
        plan.variant,
        plan.changes,
        plan.variables,
        plan.new_article,
        instrument_reason=choice.reason if instrument is None else "chosen on the command line",
    )
