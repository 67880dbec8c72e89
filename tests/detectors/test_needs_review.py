"""`needs_review` in `datarights.review/1`: every answer carries it; conflicting general clauses set it."""

from __future__ import annotations

from datarights.detect.engine import review_document
from datarights.ingest.markdown import markdown_to_blocks
from datarights.model import Format, RawDocument
from datarights.report.review import review_json
from datarights.structure import build_document


def _review(text: str) -> dict[str, object]:
    blocks = tuple(markdown_to_blocks(text))
    document = build_document(RawDocument("case.md", Format.MARKDOWN, "0" * 64, blocks))
    return review_json(review_document(document))


def test_conflicting_general_clauses_are_flagged_with_both_as_evidence() -> None:
    output = _review(
        "Section 3. We may use Customer Content to train and improve our AI models.\n\n"
        "Section 9. We will not use Customer Content to train AI models.\n"
    )
    answers = output["answers"]
    assert isinstance(answers, dict)
    training = answers["training_use"]
    assert training["position"] == "permitted"
    assert training["needs_review"] is True
    cited = " ".join(e["text"] for e in training["evidence"])
    assert "may use Customer Content" in cited and "will not use Customer Content" in cited
    assert all(answer["needs_review"] is False for key, answer in answers.items() if key != "training_use")


def test_a_promise_stated_as_governing_is_not_flagged() -> None:
    output = _review(
        "We may use Customer Content to train and improve our AI models.\n\n"
        "Notwithstanding anything to the contrary, we will not use Customer Content to train AI models.\n"
    )
    answers = output["answers"]
    assert isinstance(answers, dict)
    assert answers["training_use"]["position"] == "prohibited"
    assert answers["training_use"]["needs_review"] is False
