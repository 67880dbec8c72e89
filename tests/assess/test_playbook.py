"""Playbooks load, validate against the schema, and reject broken files naming the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from datarights.assess.model import Severity
from datarights.assess.playbook import BUILT_IN, SILENCE, load_playbook, parse_playbook
from datarights.cli.main import main
from datarights.errors import ConfigError
from datarights.model.questions import POSITIONS, QuestionId

BUYER_YAML = (
    Path(__file__).resolve().parents[2] / "src" / "datarights" / "assess" / "playbooks" / "buyer.yaml"
)


def buyer_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BUYER_YAML.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", BUILT_IN)
def test_built_in_playbooks_load_and_cover_every_question(name: str) -> None:
    playbook = load_playbook(name)
    assert playbook.name == name
    assert set(playbook.questions) == set(QuestionId)
    for question, rule in playbook.questions.items():
        positions = {p.value for p in POSITIONS[question]}
        assert {rule.preferred, *rule.fallbacks, *rule.unacceptable} <= positions
        assert rule.why_it_matters and rule.guidance
        assert rule.model_clauses and all(m.startswith(f"{question.value}.") for m in rule.model_clauses)
        assert all(m.endswith("." + playbook.stance) for m in rule.model_clauses)


def test_playbooks_differ_where_the_parties_do() -> None:
    buyer, vendor, privacy = (load_playbook(n) for n in BUILT_IN)
    assert buyer.questions[QuestionId.TRAINING_USE].preferred == "prohibited"
    assert vendor.questions[QuestionId.TRAINING_USE].preferred == "opt_out"
    assert (
        vendor.questions[QuestionId.TRAINING_USE].silence_as is None
    )  # `null` clears what `extends` inherited
    assert privacy.questions[QuestionId.VENDOR_ROLE].unacceptable == ("both", "controller")
    assert privacy.questions[QuestionId.VENDOR_ROLE].severity is Severity.CRITICAL
    # inherited text survives a partial override
    assert (
        privacy.questions[QuestionId.TRAINING_USE].why_it_matters
        == buyer.questions[QuestionId.TRAINING_USE].why_it_matters
    )


def test_silence_positions_exist() -> None:
    for question, position in SILENCE.items():
        assert position in {p.value for p in POSITIONS[question]}


def _break(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node[key]
    if value is KeyError:
        del node[last]
    else:
        node[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "named"),
    [
        ("questions.training_use.preferred", "forbidden", "questions.training_use.preferred"),
        ("questions.training_use.severity", "severe", "questions.training_use.severity"),
        ("questions.retention.fallbacks", "fixed_period", "questions.retention.fallbacks"),
        ("questions.audit_rights.why_it_matters", KeyError, "why_it_matters"),
        ("questions.human_review", KeyError, "human_review"),
        ("questions.training_use.model_clauses", ["no_training"], "questions.training_use.model_clauses.0"),
        ("questions.training_use.colour", "red", "questions.training_use"),
        ("checks.gdpr_art28.applies", "sometimes", "checks.gdpr_art28.applies"),
        ("checks.eprivacy", {"severity": "high"}, "checks"),
        ("stance", "neutral", "stance"),
        ("schema", "datarights.playbook/2", "schema"),
        ("review_below_confidence", 1.5, "review_below_confidence"),
        ("questions.training_use.fallbacks", ["opt_out"], "unacceptable.0: 'opt_out' is already fallbacks"),
        ("questions.feedback_license.silence_as", "no", "questions.feedback_license.silence_as"),
        ("questions.training_use.silence_as", "silent", "questions.training_use.silence_as"),
        ("changes.right_broadened", {"severity": "high"}, "changes"),
        ("changes.right_widened.severity", "dire", "changes.right_widened.severity"),
        ("changes.promise_removed.by_action", {"teach": "high"}, "changes.promise_removed.by_action"),
    ],
)
def test_broken_playbook_names_the_field(path: str, value: Any, named: str) -> None:
    data = _break(buyer_data(), path, value)
    with pytest.raises(ConfigError) as raised:
        parse_playbook(data, "broken.yaml")
    message = str(raised.value)
    assert message.startswith("broken.yaml: ")
    assert named in message, message


def test_unknown_playbook_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no playbook named 'seller'"):
        load_playbook("seller")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nquestions: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_playbook(str(bad))
    scalar = tmp_path / "scalar.yaml"
    scalar.write_text("just text\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="a playbook is a YAML mapping"):
        load_playbook(str(scalar))


def test_user_playbook_extends_a_built_in(tmp_path: Path) -> None:
    custom = tmp_path / "strict.yaml"
    custom.write_text(
        "schema: datarights.playbook/1\nextends: buyer\nname: strict\n"
        "questions:\n  audit_rights:\n    fallbacks: []\n    unacceptable: [reports_only, none]\n",
        encoding="utf-8",
    )
    playbook = load_playbook(str(custom))
    assert playbook.name == "strict"
    assert playbook.questions[QuestionId.AUDIT_RIGHTS].unacceptable == ("reports_only", "none")
    assert playbook.questions[QuestionId.TRAINING_USE].preferred == "prohibited"


def test_cli_validate(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["playbook", "validate", str(BUYER_YAML)])
    assert ok.exit_code == 0, ok.output
    assert "ok: buyer" in ok.output
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        yaml.safe_dump(_break(buyer_data(), "questions.training_use.preferred", "forbidden")),
        encoding="utf-8",
    )
    bad = runner.invoke(main, ["playbook", "validate", str(broken)])
    assert bad.exit_code == ConfigError.exit_code
    assert "questions.training_use.preferred" in bad.output


def test_changes_table_rates_typed_changes_per_playbook(tmp_path: Path) -> None:
    from datarights.compare import ChangeType

    buyer, vendor, privacy = (load_playbook(n) for n in BUILT_IN)
    assert set(buyer.changes) == set(ChangeType)
    assert buyer.change_severity(ChangeType.RIGHT_WIDENED, "train_models") is Severity.CRITICAL
    assert buyer.change_severity(ChangeType.PROMISE_REMOVED, "train_models") is Severity.CRITICAL
    assert buyer.change_severity(ChangeType.RIGHT_WIDENED, "share") is Severity.HIGH
    assert buyer.change_severity(ChangeType.MOVED, "train_models") is Severity.INFO
    assert vendor.change_severity(ChangeType.RIGHT_WIDENED, "train_models") is Severity.MEDIUM
    assert (
        vendor.change_severity(ChangeType.RIGHT_WIDENED, "share") is Severity.LOW
    )  # by_action overrides merge
    assert privacy.change_severity(ChangeType.RETENTION_LENGTHENED, "retain") is Severity.HIGH
    assert (
        privacy.change_severity(ChangeType.PROMISE_REMOVED, "train_models") is Severity.CRITICAL
    )  # inherited
    bare = buyer_data()
    del bare["changes"]
    unrated = parse_playbook(bare, "bare.yaml")
    assert unrated.changes == {}
    assert unrated.change_severity(ChangeType.RIGHT_WIDENED, "train_models") is Severity.MEDIUM
