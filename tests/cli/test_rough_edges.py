"""A malformed DOCX never costs a batch its good files, and the rough edges a new user hit:
failures reported once, unsupported files mentioned, list items cited under their clause,
each passage quoted once, no `&amp;` in Markdown, a portfolio readable at 80 columns."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from datarights.cli.main import main
from datarights.detect.resolve import verify
from datarights.model.findings import Answer, Evidence
from datarights.model.questions import QuestionId
from datarights.report.assessment import _md
from datarights.store import Register
from datarights.structure import read_document
from tests.conftest import EXAMPLES
from tests.fuzz.harness import _FIELD_VALUES, Kind, Op, apply

GOOD = EXAMPLES / "ai-services-agreement.md"


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """A folder with a good contract, a DOCX whose zip says 'version 9.9', and an RTF."""
    folder = tmp_path / "acme"
    folder.mkdir()
    shutil.copy(GOOD, folder / "good.md")
    docx = (EXAMPLES / "ai-services-agreement.docx").read_bytes()
    (folder / "bad.docx").write_bytes(apply(docx, Op(Kind.ZIP_FIELD, 0, _FIELD_VALUES.index(99), 2), []))
    (folder / "notes.rtf").write_text("{\\rtf1 notes}")
    (folder / ".DS_Store").write_bytes(b"\x00")
    return folder


@pytest.mark.parametrize("command", ["review", "assess", "text"])
def test_a_malformed_docx_never_aborts_the_batch(batch: Path, command: str) -> None:
    args = [command, str(batch)] + (["--format", "json"] if command != "text" else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 15, result.output  # CorruptDocument, the one failure's code
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    if command == "text":
        assert "AI Services Agreement" in result.stdout
    else:
        payload = json.loads(result.stdout)
        assert len(payload) == 1 and payload[0]["document"]["path"].endswith("good.md")
    assert result.stderr.count("bad.docx") == 1, result.stderr  # reported once
    assert "zip file version 9.9" in result.stderr
    assert "notes.rtf" in result.stderr and ".DS_Store" not in result.stderr


def test_scan_records_a_corrupt_document_and_reports_it_once(batch: Path, tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    result = CliRunner().invoke(main, ["scan", str(batch.parent), "--db", str(db)])
    assert result.exit_code == 15, result.output
    assert result.stderr.count("bad.docx") == 1, result.stderr
    assert "notes.rtf" in result.stderr
    assert "1 added, 0 already stored, 1 failed" in result.stderr
    with Register(f"sqlite:///{db}") as register:
        (failure,) = register.failures()
        assert failure.error == "CorruptDocument" and "internal error" not in failure.message
        assert register.counterparties() == ["acme"]


def test_list_items_are_cited_under_their_clause(tmp_path: Path) -> None:
    path = tmp_path / "contract.md"
    path.write_text(
        "# Agreement\n\n## 4. Data\n\n4.3 Use of Customer Data. Provider may use Customer Data:\n\n"
        "(a) to provide the Services;\n\n(b) to train its models, unless Customer opts out.\n\n"
        "(i) which Customer may do at any time.\n",
        encoding="utf-8",
    )
    document = read_document(path)
    assert document.section_label(document.text.index("to train")) == "4.3(b)"
    assert document.section_label(document.text.index("which Customer")) == "4.3(b)(i)"


def test_each_passage_is_quoted_once() -> None:
    text = "x" * 1000
    inner, outer = Evidence(549, 735, "1.4", text[549:735]), Evidence(545, 735, "1.4", text[545:735])
    answer = Answer(QuestionId.TRAINING_USE, "permitted", 0.8, (inner, outer, outer), "", "test", ())
    assert [(e.start, e.end) for e in verify(answer, text).evidence] == [(545, 735)]


def test_markdown_escapes_markup_not_ampersands() -> None:
    assert _md("Terms & Conditions") == "Terms & Conditions"
    assert (
        _md("a < b and <script>x</script> and &copy;") == "a < b and &lt;script>x&lt;/script> and &amp;copy;"
    )
    assert _md("cost | *bold*") == "cost \\| \\*bold\\*"


def test_portfolio_table_fits_80_columns(tmp_path: Path) -> None:
    db = tmp_path / "register.db"
    with Register(f"sqlite:///{db}") as register:
        register.add_file(GOOD, counterparty="Quillstone Analytics")
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["portfolio", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), result.stdout
    header = next(line for line in lines if "counterparty" in line)
    assert "may train" in header and "grade" in header  # whole words, not one letter per line
    assert "not shown at 80 columns" in result.stderr
    wide = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["portfolio", "--db", str(db)])
    assert "not shown" not in wide.stderr and "reviewed" in wide.stdout
