from __future__ import annotations

import pytest

from datarights.model.questions import QuestionId
from datarights.redline.clauses import Variant, document_variables, load_library, period_from
from datarights.structure import read_document
from tests.redline.conftest import EXAMPLES

TOPICS = (
    "no_training",
    "opt_in",
    "private_models",
    "deidentification",
    "retention",
    "deletion",
    "audit",
    "transparency",
    "change_notice",
    "feedback",
    "output_ownership",
    "flow_down",
)


def test_every_topic_has_three_variants_and_every_question_a_topic() -> None:
    library = load_library()
    for topic in TOPICS:
        for variant in Variant:
            clause = library.clauses[f"{topic}.{variant}"]
            assert clause.heading and len(clause.text) > 80
    for question in QuestionId:
        assert library.get(f"{question.value}.buyer") is not None, question


def test_deidentification_meets_the_three_prongs() -> None:
    text = load_library().clauses["deidentification.buyer"].text
    for words in (
        "reasonable technical and organisational measures",
        "publicly commits",
        "contractually obliges",
        "re-identify",
    ):
        assert words in text


def test_variables_are_known() -> None:
    library = load_library()
    for clause in library.clauses.values():
        assert set(clause.variables) <= set(library.defaults), clause.id


@pytest.mark.parametrize(
    ("check", "topic"),
    [
        ("gdpr_28_3_h", "audit"),
        ("model_deletion", "deletion"),
        ("deid_flow_down", "deidentification"),
        ("model_provider_flow_down", "flow_down"),
        ("transparency_reports", "transparency"),
        ("terms_changes_data_use", "change_notice"),
        ("gdpr_28_3_a", "purpose_limitation"),
    ],
)
def test_checks_reach_topics(check: str, topic: str) -> None:
    assert load_library().topic_for(check) == topic


def test_variables_come_from_the_document() -> None:
    values = document_variables(read_document(EXAMPLES / "ai-services-agreement.docx"))
    assert values["provider"] == "Provider" and values["customer_data"] == "Customer Data"
    assert values["subprocessor"] == "Sub-processor"
    assert period_from("Within 60 days after this Agreement ends") == "60"


def test_playbook_choice_beats_the_variant() -> None:
    library = load_library()
    clause = library.choose("training_use", ("training_use.vendor",), Variant.BUYER)
    assert clause is not None and clause.id == "no_training.vendor"
