"""Which training clauses show the provider's own use of customer content (vendor_role by conduct)."""

from __future__ import annotations

import pytest

from datarights.detect.vendor_role.detector import _shows_own_training
from datarights.model.findings import Evidence


def _evidence(text: str) -> Evidence:
    return Evidence(0, len(text), "", text)


@pytest.mark.parametrize(
    "text",
    [
        # a heading that says "no" before the statement
        "4.1 No model training. Acme does not let its vendors keep your inputs.",
        # "neither … nor …": a promise for both sides, not a use
        "Neither Acme nor its model vendors train or fine-tune any model on your inputs or outputs.",
    ],
)
def test_promises_not_to_train_show_no_own_use(text: str) -> None:
    assert not _shows_own_training(_evidence(text), permitted=True)


def test_a_permission_to_train_shows_own_use() -> None:
    text = "Acme may use your inputs and outputs to train and improve its general models."
    assert _shows_own_training(_evidence(text), permitted=True)
