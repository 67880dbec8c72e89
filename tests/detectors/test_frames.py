"""The reading layer's frames: spans inside the text, memoised once per document, typed fields."""

from __future__ import annotations

from datarights.detect.language import DocumentView
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.read.frames import frames, frames_for
from datarights.read.model import Action, Actor, Condition, ScopeKind
from datarights.structure import build_document

TEXT = (
    "We may use your Content to train our AI models. You can opt out in your settings.\n\n"
    "We do not use data from connected accounts to train our models.\n\n"
    "You may not scrape the Services to train machine learning models.\n\n"
    "We may update these Terms; we will notify you by email before changes take effect.\n"
)


def _view() -> DocumentView:
    blocks = tuple(markdown_to_blocks(TEXT))
    return DocumentView.of(build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks)))


def test_frames_are_memoised_and_inside_the_text() -> None:
    view = _view()
    read = frames(view)
    assert read is frames(view)
    assert read
    for frame in read:
        assert 0 <= frame.start <= frame.trigger < frame.end <= len(view.doc.text)


def test_training_frames_carry_actor_condition_and_scope() -> None:
    training = frames_for(_view(), Action.TRAIN_MODELS)
    by_actor = {frame.actor for frame in training}
    assert Actor.CUSTOMER in by_actor and Actor.PROVIDER in by_actor
    assert any(Condition.OPT_OUT in f.conditions and f.scope.general for f in training)
    assert any(f.negated and f.scope.kind is ScopeKind.FEATURE for f in training)


def test_change_frames_read_the_notice() -> None:
    changes = frames_for(_view(), Action.CHANGE_TERMS)
    assert any(Condition.ADVANCE_NOTICE in f.conditions for f in changes)
