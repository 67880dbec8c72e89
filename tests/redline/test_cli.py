from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner

from datarights.cli.main import main
from tests.redline.conftest import EXAMPLES


def test_redline_command_writes_docx_diff_and_memo(tmp_path: Path) -> None:
    runner = CliRunner()
    out, memo = tmp_path / "out.docx", tmp_path / "memo.md"
    source = str(EXAMPLES / "ai-services-agreement.docx")
    result = runner.invoke(
        main,
        [
            "redline",
            source,
            "--playbook",
            "buyer",
            "-o",
            str(out),
            "--author",
            "Jane Counsel",
            "--memo",
            str(memo),
        ],
    )
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as package:
        document = package.read("word/document.xml").decode()
        assert 'w:author="Jane Counsel"' in document and "<w:del " in document and "<w:ins " in document
        assert "word/comments.xml" in package.namelist()
    assert memo.read_text().startswith("# Negotiation memo")
    diff = runner.invoke(main, ["redline", source, "--format", "md"])
    assert diff.exit_code == 0 and "```diff" in diff.output
    html = runner.invoke(main, ["redline", str(EXAMPLES / "ai-services-agreement.md"), "--format", "html"])
    assert html.exit_code == 0 and "<ins>" in html.output
