"""`add`, `scan`, `portfolio`, `diff`, `versions` and `failures` through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from datarights.cli.main import main
from datarights.cli.store import CHANGE_EXIT_CODE
from tests.history import PERMITTED, PROHIBITED, SILENT, write


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_add_raises_the_alert_and_fail_on_change_exits(db_url: str, tmp_path: Path) -> None:
    old = write(tmp_path, "old.md", SILENT)
    new = write(tmp_path, "new.md", PERMITTED)
    code, out, err = _run("add", str(old), "-c", "Acme", "--type", "terms_of_service", "--db", db_url)
    assert code == 0, err
    assert "added Acme / terms_of_service / 2024-01-05" in out
    code, out, err = _run(
        "add",
        str(new),
        "-c",
        "Acme",
        "--type",
        "terms_of_service",
        "--db",
        db_url,
        "--fail-on-change",
        "high",
    )
    assert code == CHANGE_EXIT_CODE, err
    assert "ALERT (critical)" in out and "[CRITICAL] training_use: silent → permitted (widened)" in out
    assert "+1.2 We may use Customer Content to train" in out
    # adding it again changes nothing and raises nothing
    code, out, err = _run("add", str(new), "-c", "Acme", "--db", db_url, "--fail-on-change", "high")
    assert code == 0 and "ALERT" not in out and "0 added, 1 already stored" in err


def test_diff_of_files_and_of_stored_versions(db_url: str, tmp_path: Path) -> None:
    old = write(tmp_path, "old.md", PERMITTED)
    new = write(tmp_path, "new.md", PROHIBITED)
    code, out, _ = _run("diff", str(old), str(new), "--db", db_url, "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["schema"] == "datarights.diff/1"
    change = next(c for c in payload["changes"] if c["question"] == "training_use")
    assert (change["old_position"], change["new_position"], change["direction"]) == (
        "permitted",
        "prohibited",
        "narrowed",
    )
    assert _run("diff", str(old), str(new), "--db", db_url, "--fail-on-change", "high")[0] == 0
    assert _run("diff", str(new), str(old), "--db", db_url, "--fail-on-change", "high")[0] == CHANGE_EXIT_CODE
    for path in (old, new):
        assert _run("add", str(path), "-c", "Acme", "--type", "terms_of_service", "--db", db_url)[0] == 0
    code, out, _ = _run("versions", "Acme", "--db", db_url, "--format", "json")
    ids = [v["id"] for v in json.loads(out)]
    code, out, _ = _run("diff", str(ids[0]), str(ids[1]), "--db", db_url, "--format", "html")
    assert code == 0 and "<del>" in out and "training_use: permitted → prohibited" in out
    code, out, _ = _run("diff", str(ids[0]), str(ids[1]), "--db", db_url)
    assert "[MEDIUM] training_use: permitted → prohibited (narrowed)" in out
    code, _, err = _run("diff", "424242", str(ids[1]), "--db", db_url)
    assert code != 0 and "no stored version 424242" in err


def test_scan_portfolio_and_failures(db_url: str, tmp_path: Path) -> None:
    root = tmp_path / "contracts"
    write(root, "Alpha/2024-01-01.md", PERMITTED)
    write(root, "Bravo/2024-01-01.md", PROHIBITED)
    (root / "Bravo" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    code, out, err = _run("scan", str(root), "--db", db_url, "--jobs", "2")
    assert code == 15, err  # the one failure's exit code; the good files are stored
    assert "2 added, 0 already stored, 1 failed" in err and "broken.pdf" in err
    code, out, _ = _run("failures", "--db", db_url)
    assert "broken.pdf: CorruptDocument" in out
    code, out, _ = _run("portfolio", "--db", db_url, "--format", "json", "--where", "training_use=permitted")
    assert [r["counterparty"] for r in json.loads(out)] == ["Alpha"]
    code, out, _ = _run("portfolio", "--db", db_url, "--format", "csv", "--sort", "-counterparty")
    assert [line.split(",")[0] for line in out.splitlines()] == ["counterparty", "Bravo", "Alpha"]
    code, out, _ = _run("portfolio", "--db", db_url)
    assert code == 0 and "2 counterparties" in out
    target = tmp_path / "p.xlsx"
    assert _run("portfolio", "--db", db_url, "--format", "xlsx", "-o", str(target))[0] == 0
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.max_row == 3
    assert _run("portfolio", "--db", db_url, "--where", "bogus")[0] == 21


def test_add_keeps_originals_only_when_asked(db_url: str, tmp_path: Path) -> None:
    from datarights.store import Register

    first = write(tmp_path / "a", "terms.md", PERMITTED)
    second = write(tmp_path / "b", "terms.md", SILENT)
    runner = CliRunner()
    assert runner.invoke(main, ["add", str(first), "-c", "A", "--db", db_url]).exit_code == 0
    kept = runner.invoke(main, ["add", str(second), "-c", "B", "--db", db_url, "--keep-originals", "1"])
    assert kept.exit_code == 0, kept.output
    with Register(db_url) as register:
        text_only = register.document_text(register.versions("A")[0].sha256, original=True)
        with_bytes = register.document_text(register.versions("B")[0].sha256, original=True)
    assert text_only is not None and text_only.original is None
    assert with_bytes is not None and with_bytes.original == second.read_bytes()
