"""The review and eval commands, end to end through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from datarights.cli.main import main
from datarights.model.questions import NEUTRAL_POSITIONS, POSITIONS, QuestionId
from tests.conftest import EXAMPLES, SHARED

EXAMPLE_MD = EXAMPLES / "ai-services-agreement.md"


def _review(path: Path) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["review", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_review_json_follows_the_schema() -> None:
    payload = _review(EXAMPLE_MD)
    assert payload["schema"] == "datarights.review/1"
    assert payload["document"]["format"] == "markdown"
    assert re.fullmatch(r"[0-9a-f]{64}", payload["document"]["sha256"])
    assert set(payload["answers"]) == {q.value for q in QuestionId}
    text = CliRunner().invoke(main, ["text", str(EXAMPLE_MD)]).stdout
    for question, answer in payload["answers"].items():
        assert answer["position"] in {p.value for p in POSITIONS[QuestionId(question)]}
        assert 0.0 <= answer["confidence"] <= 1.0
        if answer["position"] not in NEUTRAL_POSITIONS:
            assert answer["evidence"], f"{question} claims {answer['position']} without evidence"
        for evidence in answer["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["text"]


def test_bundled_example_answers() -> None:
    """The example was written with known terms: opt-out training of general models, a de-identified
    carve-out, processor terms, SOC 2 reports but no audit, 30 days' notice of changes."""
    answers = {q: a["position"] for q, a in _review(EXAMPLE_MD)["answers"].items()}
    assert answers["training_use"] == "opt_out"
    assert answers["training_scope"] == "foundational"
    assert answers["deidentified_use"] == "yes"
    assert answers["feedback_license"] == "yes"
    assert answers["output_ownership"] == "customer"


def test_review_several_formats_returns_a_list() -> None:
    files = [str(EXAMPLES / f"ai-services-agreement.{suffix}") for suffix in ("md", "docx", "pdf")]
    result = CliRunner().invoke(main, ["review", *files, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [p["document"]["format"] for p in payload] == ["markdown", "docx", "pdf"]
    positions = [{q: a["position"] for q, a in p["answers"].items()} for p in payload]
    assert positions[0]["training_use"] == positions[1]["training_use"] == positions[2]["training_use"]


def test_review_batch_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    result = CliRunner().invoke(main, ["review", str(bad), str(EXAMPLE_MD), "--format", "json"])
    assert result.exit_code != 0
    assert "broken.pdf" in result.stderr
    payload = json.loads(result.stdout)
    assert len(payload) == 1 and payload[0]["document"]["path"].endswith("ai-services-agreement.md")


def test_review_markdown_format_cites_sections() -> None:
    result = CliRunner().invoke(main, ["review", str(EXAMPLE_MD), "--format", "md"])
    assert result.exit_code == 0
    assert "## training_use:" in result.stdout
    assert "§ " in result.stdout


def test_eval_command_scores_labels(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(
        "# Terms\n\n1. Content. We may use your Content to train our models. "
        "You can opt out at any time in your account settings.\n",
        encoding="utf-8",
    )
    answers = {q.value: {"position": "no", "evidence": []} for q in QuestionId}
    answers.update(
        training_use={"position": "opt_out", "evidence": ["We may use your Content to train our models."]},
        training_scope={"position": "foundational", "evidence": []},
        vendor_role={"position": "controller", "evidence": []},
        retention={"position": "unspecified", "evidence": []},
        audit_rights={"position": "none", "evidence": []},
        change_notice={"position": "silent", "evidence": []},
        output_ownership={"position": "unspecified", "evidence": []},
    )
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([{"file": "a.md", "answers": answers}]), encoding="utf-8")
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(main, ["eval", str(labels), "--corpus", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())["all"]
    assert figures["questions"]["training_use"]["accuracy"] == 1.0
    assert figures["questions"]["training_use"]["evidence_recall"] == 1.0
    assert figures["false_reassurance"] == 0


def test_eval_rejects_malformed_labels(tmp_path: Path) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps([{"file": "a.md", "answers": {"training_use": {"position": "maybe"}}}]))
    result = CliRunner().invoke(main, ["eval", str(labels), "--corpus", str(tmp_path)])
    assert result.exit_code == 20
    assert "labels.json" in result.stderr


def test_positions_match_the_spec_table() -> None:
    spec = SHARED / "spec" / "questions.md"
    if not spec.exists():
        import pytest

        pytest.skip(f"{spec} is absent")
    rows = re.findall(r"^\| `(\w+)` \|[^|]+\| (.+) \|$", spec.read_text(encoding="utf-8"), re.MULTILINE)
    table = {question: set(re.findall(r"`(\w+)`", positions)) for question, positions in rows}
    assert table == {q.value: {p.value for p in POSITIONS[q]} for q in QuestionId}
