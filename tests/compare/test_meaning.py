"""Typed changes of meaning (datarights.compare) on the issue's examples, in original wording: training
widened from some plans to everyone, a promise about the customer's fine-tuned model removed, zero data
retention no longer protecting one product, training newly covering preview models; and the invariants
(identical versions, moved clauses, stable order, playbook severities)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datarights.assess.model import Severity
from datarights.assess.playbook import load_playbook
from datarights.compare import ChangeType, MeaningChange, diff_meaning
from datarights.model import Document
from datarights.read.model import Action
from datarights.store.diff import rate
from datarights.structure.build import read_document

HEAD = "# Acme Assistant Terms\n\n## 4. Your Content\n\n"


def _doc(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


def _diff(tmp_path: Path, old: str, new: str) -> tuple[MeaningChange, ...]:
    return diff_meaning(_doc(tmp_path, "old", HEAD + old), _doc(tmp_path, "new", HEAD + new))


def _only(changes: tuple[MeaningChange, ...]) -> MeaningChange:
    assert len(changes) == 1, [f"{c.type} {c.detail}" for c in changes]
    return changes[0]


def test_training_widened_from_some_plans_to_everyone(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 We may use your prompts and outputs to train our AI models if you are on our free, Pro or Student plans.\n",
            "4.1 We may use your prompts and outputs to train our AI models.\n",
        )
    )
    assert (change.type, change.action) == (ChangeType.RIGHT_WIDENED, Action.TRAIN_MODELS)
    assert "free, pro, student → all" in change.detail
    assert change.old is not None and change.new is not None and change.number == "4.1"
    assert rate((change,), load_playbook("buyer"))[0].severity is Severity.CRITICAL


def test_training_narrowed_to_some_plans_is_the_reverse(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 We may use your prompts to train our AI models.\n",
            "4.1 We may use your prompts to train our AI models if you are on our free or Student plans.\n",
        )
    )
    assert change.type is ChangeType.RIGHT_NARROWED


def test_fine_tuned_model_promise_removed(tmp_path: Path) -> None:
    own = "4.1 You own your content.\n\n"
    keep = "4.3 We keep logs for 30 days.\n"
    promise = (
        "4.2 If you fine-tune a model with your files, we will not use the fine-tuned model except to "
        "provide it to you.\n\n"
    )
    change = _only(_diff(tmp_path, own + promise + keep, own + keep))
    assert (change.type, change.action, change.new) == (ChangeType.PROMISE_REMOVED, Action.TRAIN_MODELS, None)
    assert change.old is not None and "fine-tuned model" in change.old.text
    assert rate((change,), load_playbook("buyer"))[0].severity is Severity.CRITICAL


def test_zero_data_retention_no_longer_protects_one_product(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 For organizations with zero data retention, we do not use inputs from any product to train our models.\n",
            "4.1 For organizations with zero data retention, we do not use inputs to train our models, except inputs "
            "to Atlas Studio.\n",
        )
    )
    assert change.type is ChangeType.RIGHT_WIDENED  # the promise reaches less: the right it denied widens
    assert "atlas studio" in change.detail


def test_training_newly_covers_preview_models(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 We may use your prompts to train our generally available models unless you opt out in settings.\n",
            "4.1 We may use your prompts to train our generally available models and our preview models unless you "
            "opt out in settings.\n",
        )
    )
    assert change.type is ChangeType.RIGHT_WIDENED and "preview" in change.detail


def test_opt_out_removed_widens_and_opt_in_to_opt_out_is_a_condition_change(tmp_path: Path) -> None:
    widened = _only(
        _diff(
            tmp_path,
            "4.1 We may use your content to train our AI models unless you opt out.\n",
            "4.1 We may use your content to train our AI models.\n",
        )
    )
    assert widened.type is ChangeType.RIGHT_WIDENED
    changed = _only(
        _diff(
            tmp_path,
            "4.1 We may use your content to train our AI models if you opt in.\n",
            "4.1 We may use your content to train our AI models unless you opt out.\n",
        )
    )
    assert changed.type is ChangeType.CONDITION_CHANGED and "→ opt_in, opt_out" in changed.detail


def test_retention_lengthened(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 We keep information about your conversations for up to 30 days.\n",
            "4.1 We keep information about your conversations for up to 2 years.\n",
        )
    )
    assert change.type is ChangeType.RETENTION_LENGTHENED and "30 days → 2 years" in change.detail


def test_moved_clause_is_moved_not_added_and_removed(tmp_path: Path) -> None:
    train = "We may use your content to train our AI models.\n\n"
    old = (
        HEAD
        + "4.1 You own your content.\n\n"
        + train
        + "## 9. Other\n\n9.1 These terms are governed by law.\n"
    )
    new = (
        HEAD + "4.1 You own your content.\n\n## 9. Other\n\n9.1 These terms are governed by law.\n\n" + train
    )
    change = _only(diff_meaning(_doc(tmp_path, "old", old), _doc(tmp_path, "new", new)))
    assert change.type is ChangeType.MOVED
    assert change.old is not None and change.new is not None and change.old.text == change.new.text


SENTENCES = (
    "We may use your content to train our AI models.",
    "We will not use your prompts to train our models unless you opt in.",
    "We keep information about your conversations for up to 30 days.",
    "You own your content.",
    "We may change these terms by posting them on our website.",
    "These terms are governed by the laws of Delaware.",
)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6, unique=True), st.randoms())
def test_identical_versions_differ_in_nothing_and_runs_agree(
    tmp_path_factory: pytest.TempPathFactory, chosen: list[str], random: object
) -> None:
    folder = tmp_path_factory.mktemp("same")
    text = HEAD + "\n\n".join(f"4.{i + 1} {s}" for i, s in enumerate(chosen)) + "\n"
    doc = _doc(folder, "v", text)
    assert diff_meaning(doc, doc) == ()
    shuffled = list(chosen)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    other = _doc(folder, "w", HEAD + "\n\n".join(f"4.{i + 1} {s}" for i, s in enumerate(shuffled)) + "\n")
    first = diff_meaning(doc, other)
    assert first == diff_meaning(doc, other)  # the same list, in the same order, every run
    assert all(c.type is ChangeType.MOVED for c in first)  # the same clauses in another order


def test_role_changed_from_processor_to_controller(tmp_path: Path) -> None:
    change = _only(
        _diff(
            tmp_path,
            "4.1 For Customer Content, we act as a processor on your behalf.\n",
            "4.1 For Customer Content, we act as an independent controller.\n",
        )
    )
    assert change.type is ChangeType.ROLE_CHANGED and "processor → controller" in change.detail


def test_promise_added_and_right_removed_are_typed_by_their_frames(tmp_path: Path) -> None:
    own = "4.1 You own your content.\n\n"
    promise = "4.2 We will not use your content to train our AI models.\n\n"
    right = "4.2 We may use your content to train our AI models.\n\n"
    added = _only(_diff(tmp_path, own, own + promise))
    assert (added.type, added.old) == (ChangeType.PROMISE_ADDED, None)
    removed = _only(_diff(tmp_path, own + right, own))
    assert (removed.type, removed.new) == (ChangeType.RIGHT_NARROWED, None)
    flipped = _only(_diff(tmp_path, own + promise, own + right))
    assert flipped.type is ChangeType.PROMISE_REMOVED and flipped.old is not None and flipped.new is not None


def test_retention_shortened_and_reworded_clause_without_change_is_silent(tmp_path: Path) -> None:
    shortened = _only(
        _diff(
            tmp_path,
            "4.1 We keep information about your conversations for up to 2 years.\n",
            "4.1 We keep information about your conversations for up to ninety (90) days.\n",
        )
    )
    assert shortened.type is ChangeType.RETENTION_SHORTENED
    assert (
        _diff(
            tmp_path,
            "4.1 We may use your content to train our AI models.\n",
            "4.1 We may use the content you provide to train our AI models.\n",
        )
        == ()
    )


def test_removed_clause_is_listed_where_it_stood(tmp_path: Path) -> None:
    old = (
        "4.1 We may use your prompts to train our AI models.\n\n4.2 You own your content.\n\n"
        "4.3 We keep information about your conversations for up to 30 days.\n"
    )
    new = (
        "4.2 You own your content.\n\n4.3 We keep information about your conversations for up to 2 years.\n\n"
        "4.4 We keep cookies and the information collected with them for up to 13 months.\n"
    )
    found = _diff(tmp_path, old, new)
    assert [c.type for c in found] == [
        ChangeType.RIGHT_NARROWED,
        ChangeType.RETENTION_LENGTHENED,
        ChangeType.PROMISE_ADDED,
    ]
