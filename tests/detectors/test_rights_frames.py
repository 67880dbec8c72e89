"""Frames for audits, feedback and output ownership: who acts, negation, conditions and objects are typed,
and every frame lies inside the text it was read from, whatever clauses a document strings together."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.detect.language import DocumentView
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.read.audits import audit_frames
from datarights.read.feedback import feedback_frames
from datarights.read.model import Action, Actor, Condition, DataKind
from datarights.read.ownership import ownership_frames
from datarights.structure import build_document


def _view(text: str) -> DocumentView:
    blocks = tuple(markdown_to_blocks(text))
    return DocumentView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))


def test_audit_frames_say_who_audits_whom_and_on_what_terms() -> None:
    view = _view(
        "Customer may audit Provider's compliance once per year on thirty days' notice.\n\n"
        "We may audit your use of the Services.\n\n"
        "You may not audit or inspect our systems.\n\n"
        "Provider will give Customer a copy of its SOC 2 report upon request.\n"
    )
    by_actor = {(f.actor, f.action, f.negated) for f in audit_frames(view)}
    assert (Actor.CUSTOMER, Action.AUDIT, False) in by_actor
    assert (Actor.PROVIDER, Action.AUDIT, False) in by_actor
    assert (Actor.CUSTOMER, Action.AUDIT, True) in by_actor
    assert (Actor.PROVIDER, Action.REPORT, False) in by_actor
    right = next(f for f in audit_frames(view) if f.actor is Actor.CUSTOMER and not f.negated)
    assert {Condition.ADVANCE_NOTICE, Condition.PERIOD} <= right.conditions


def test_feedback_not_confidential_is_a_free_licence_not_a_protection() -> None:
    view = _view(
        "Feedback will not be considered Confidential Information of Customer.\n\n"
        "Any feedback you provide will be treated as your confidential information.\n"
    )
    read = feedback_frames(view)
    assert [f.negated for f in read] == [False, True]
    assert Condition.UNRESTRICTED in read[0].conditions
    assert all(f.objects == frozenset({DataKind.FEEDBACK}) for f in read)


def test_ownership_frames_name_the_owner_and_the_outputs() -> None:
    view = _view(
        "We claim no ownership of Output.\n\n"
        "You retain all rights in the prompts you submit.\n\n"
        "They do not claim ownership of any outputs.\n"
    )
    read = ownership_frames(view)
    assert [(f.actor, f.negated, DataKind.OUTPUT in f.objects) for f in read] == [
        (Actor.PROVIDER, True, True),
        (Actor.CUSTOMER, False, False),
    ]


CLAUSES = (
    "Customer may audit Provider once a year.",
    "Provider maintains ISO 27001 certification.",
    "Customer's audit rights are satisfied by Provider's SOC 2 report.",
    "You grant us a perpetual licence to use any feedback.",
    "Feedback is not confidential.",
    "We use your feedback to improve our models.",
    "You own the Output.",
    "The Company owns all Output.",
    "“Your Content” means your prompts and the outputs we return.",
    "You retain ownership of Your Content.",
    "Our tools let you generate images. We won't claim ownership over that content.",
    "These Terms are governed by the laws of Delaware.",
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=8), st.sampled_from(("\n\n", " ", "\n\n* ")))
def test_every_frame_lies_inside_the_clause_it_was_read_from(clauses: list[str], joiner: str) -> None:
    view = _view(joiner.join(clauses) + "\n")
    for frame in (*audit_frames(view), *feedback_frames(view), *ownership_frames(view)):
        clause = view.clauses[frame.clause]
        assert (frame.start, frame.end) == (clause.start, clause.end)
        assert frame.start <= frame.trigger < frame.end <= len(view.doc.text)
        assert all(0 <= i < len(view.clauses) for i in frame.related)
