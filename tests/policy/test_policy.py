"""Policy compile, YAML/JSON Schema round trip, validation errors, confirmation."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from datarights.detect.engine import Review, review_path
from datarights.errors import ConfigError
from datarights.policy.compile import compile_policy, days_in, read_stack
from datarights.policy.confirm import confirm_policy, is_confirmed
from datarights.policy.io import (
    all_terms,
    dump_policy,
    load_policies,
    load_policy,
    policy_from_dict,
    policy_sha256,
    policy_to_dict,
    write_policy,
)
from datarights.policy.model import Permission, Purpose, Source
from datarights.policy.schema import SCHEMA, shipped_schema
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "ai-services-agreement.md"


@pytest.fixture(scope="module")
def review() -> Review:
    return review_path(EXAMPLE)


def test_every_term_cites_the_contract_and_quotes_it_exactly(review: Review) -> None:
    policy = compile_policy("acme", [review])
    text = review.document.text
    for term_path, term in all_terms(policy):
        assert term.provenance, f"{term_path} has no provenance"
        for p in term.provenance:
            assert p.answer, term_path
            if p.quote:
                assert p.contract_sha256 == review.document.sha256
                assert text[p.start : p.end] == p.quote, term_path
        if term.source is Source.CONTRACT:
            assert any(p.quote for p in term.provenance), term_path


def test_what_the_contract_does_not_settle_is_restrictive_and_to_confirm(review: Review) -> None:
    policy = compile_policy("acme", [review])
    assert policy.rule(Purpose.EVALUATION).permission.to_confirm  # evaluation is never named
    for term_path, term in all_terms(policy):
        if term.source is Source.DEFAULT and term_path.endswith("permission"):
            assert term.value is Permission.FORBIDDEN or term.to_confirm, term_path
    assert policy.open_terms()
    assert not is_confirmed(policy)


@pytest.mark.parametrize(
    ("position", "scope", "foundational", "private"),
    [
        ("prohibited", "not_applicable", Permission.FORBIDDEN, Permission.FORBIDDEN),
        ("silent", "not_applicable", Permission.FORBIDDEN, Permission.FORBIDDEN),
        ("opt_out", "foundational", Permission.FORBIDDEN, Permission.FORBIDDEN),
        ("opt_in", "foundational", Permission.CONDITIONAL, Permission.CONDITIONAL),
        ("permitted", "foundational", Permission.CONDITIONAL, Permission.CONDITIONAL),
        ("permitted", "private", Permission.FORBIDDEN, Permission.CONDITIONAL),
        ("permitted", "unspecified", Permission.FORBIDDEN, Permission.CONDITIONAL),
    ],
)
def test_training_permissions_follow_the_review_answers(
    review: Review, position: str, scope: str, foundational: Permission, private: Permission
) -> None:
    from datarights.model.findings import Answer, Evidence
    from datarights.model.questions import QuestionId

    text = review.document.text
    cited = (Evidence(0, 40, "1", text[0:40]),)
    answers = dict(review.answers)
    answers[QuestionId.TRAINING_USE] = Answer(QuestionId.TRAINING_USE, position, 0.9, cited, "", "t@1")
    answers[QuestionId.TRAINING_SCOPE] = Answer(QuestionId.TRAINING_SCOPE, scope, 0.9, cited, "", "s@1")
    policy = compile_policy("acme", [replace(review, answers=answers)])
    assert policy.rule(Purpose.FOUNDATIONAL_TRAINING).permission.value is foundational
    assert policy.rule(Purpose.PRIVATE_TRAINING).permission.value is private
    opt_in = policy.rule(Purpose.PRIVATE_TRAINING).conditions.opt_in_required.value
    assert opt_in == (position == "opt_in")
    if position in {"silent", "opt_out"}:
        assert policy.rule(Purpose.FOUNDATIONAL_TRAINING).permission.to_confirm
    if private is Permission.CONDITIONAL:  # sensitive categories stay out until someone says otherwise
        assert policy.rule(Purpose.PRIVATE_TRAINING).conditions.exclude_categories.to_confirm


def test_a_later_document_of_the_stack_amends_and_the_conflict_is_to_confirm(review: Review) -> None:
    from datarights.model.findings import Answer
    from datarights.model.questions import QuestionId

    answer = review.answers[QuestionId.TRAINING_USE]
    other = "prohibited" if answer.position != "prohibited" else "permitted"
    evidence = answer.evidence or ()
    amended = replace(
        review,
        answers={
            **review.answers,
            QuestionId.TRAINING_USE: Answer(QuestionId.TRAINING_USE, other, 0.9, evidence, "", "test@1"),
        },
    )
    reading = read_stack([review, amended], QuestionId.TRAINING_USE)
    if answer.position in {"silent"}:
        assert reading.position == other and not reading.conflict
    else:
        assert reading.position == other and reading.conflict


def test_yaml_round_trip_and_schema_file_in_step(review: Review, tmp_path: Path) -> None:
    policy = compile_policy("acme", [review])
    path = tmp_path / "acme.yaml"
    write_policy(policy, path)
    assert load_policy(path) == policy
    assert policy_from_dict(yaml.safe_load(dump_policy(policy))) == policy
    assert shipped_schema() == SCHEMA, (
        "run: datarights policy schema > src/datarights/policy/policy.schema.json"
    )


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (
            lambda d: d["purposes"]["analytics"]["permission"].update(value="maybe"),
            "purposes.analytics.permission.value",
        ),
        (lambda d: d.pop("customer"), "customer"),
        (lambda d: d["retention"]["value"].update(max_age_days=-3), "retention.value.max_age_days"),
        (lambda d: d["effective"].update(value="2024-02-31"), "invalid value"),
        (lambda d: d["opt_out"]["provenance"][0].update(end=-1), "opt_out.provenance.0.end"),
    ],
)
def test_validation_errors_name_the_file_and_field(review: Review, tmp_path: Path, edit, field: str) -> None:  # type: ignore[no-untyped-def]
    data = policy_to_dict(compile_policy("acme", [review]))
    edit(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert str(path) in message and field in message


def test_confirmation_clears_open_terms_and_an_edit_voids_it(review: Review, tmp_path: Path) -> None:
    policy = compile_policy("acme", [review])
    confirmed = confirm_policy(policy, "A. Counsel")
    assert is_confirmed(confirmed) and not confirmed.open_terms()
    assert (
        confirmed.confirmation is not None and confirmed.confirmation.accepted_defaults == policy.open_terms()
    )
    assert policy_sha256(confirmed) != policy_sha256(policy)
    path = tmp_path / "acme.yaml"
    write_policy(confirmed, path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["purposes"]["foundational_training"]["permission"]["value"] = "allowed"
    edited = policy_from_dict(data)
    assert not is_confirmed(edited)


def test_two_policies_for_one_customer_are_an_error(review: Review, tmp_path: Path) -> None:
    policy = compile_policy("acme", [review])
    write_policy(policy, tmp_path / "a.yaml")
    write_policy(policy, tmp_path / "b.yaml")
    with pytest.raises(ConfigError, match="also has a policy"):
        load_policies(tmp_path)


def test_durations_are_read_in_days() -> None:
    assert days_in("within thirty (30) days of termination") == 30
    assert days_in("for 12 months") == 360
    assert days_in("one year after") == 365
    assert days_in("promptly") is None


def test_schema_is_json() -> None:
    json.dumps(SCHEMA)
