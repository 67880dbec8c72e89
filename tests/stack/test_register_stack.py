"""`stack` on a register counterparty's current versions, and portfolio rows per stack."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from datarights.cli.main import main
from datarights.model.questions import QuestionId
from datarights.store import Register
from datarights.store.stacks import current_reviews, register_stack, stack_rows

FIXTURES = Path(__file__).parent / "fixtures"
TERMS = FIXTURES / "brightloom-online-terms.md"
ADDENDUM = FIXTURES / "brightloom-negotiated-addendum.md"


def _db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'register.db'}"
    with Register(url) as register:
        register.add_file(TERMS, counterparty="Brightloom")
        # The addendum's title names the terms it amends, so it is typed like them; it is still its own document.
        register.add_file(ADDENDUM, counterparty="Brightloom")
    return url


def test_register_stack_reads_the_current_versions(tmp_path: Path) -> None:
    url = _db(tmp_path)
    with Register(url) as register:
        assert len(current_reviews(register, "Brightloom")) == 2
        stack = register_stack(register, "Brightloom")
        rows = stack_rows(register)
    assert stack.counterparty == "Brightloom"
    training = stack.answers[QuestionId.TRAINING_USE]
    assert training.position == "prohibited" and training.controlling_document.endswith(
        "negotiated-addendum.md"
    )
    assert [r.counterparty for r in rows] == ["Brightloom"]
    assert rows[0].positions[QuestionId.TRAINING_USE] == "prohibited"


def test_cli_stack_counterparty_and_portfolio(tmp_path: Path) -> None:
    url = _db(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["stack", "--counterparty", "Brightloom", "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["counterparty"] == "Brightloom" and len(payload["documents"]) == 2
    result = runner.invoke(main, ["stack", "--portfolio", "--db", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["answers"]["training_use"]["position"] == "prohibited"
    result = runner.invoke(main, ["stack", "--counterparty", "Nobody", "--db", url])
    assert result.exit_code == 21 and "Nobody" in result.output
