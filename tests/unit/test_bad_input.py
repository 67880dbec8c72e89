"""Bad files: each gives its own error class, names the file, and maps to its CLI exit code;
one bad file in a batch does not stop the good ones."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from datarights.cli.main import main
from datarights.errors import (
    ArchiveBomb,
    CorruptDocument,
    DatarightsError,
    EncryptedDocument,
    FileTooLarge,
    IngestError,
)
from datarights.ingest import IngestOptions, load

CLAUSE = "Provider will not use Customer Data to train its models."


def good_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("AI Terms", level=1)
    document.add_paragraph(CLAUSE)
    document.save(str(path))
    return path


def zip_bomb(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        # 12 MB of zeros deflates about 1000x: over the ratio guard, small on disk.
        package.writestr("word/document.xml", b"\0" * (12 * 1024 * 1024))
    path.write_bytes(buffer.getvalue())
    return path


def truncated_docx(path: Path) -> Path:
    data = good_docx(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def random_bytes(path: Path) -> Path:
    path.write_bytes(os.urandom(4096) + b"\0")
    return path


def empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def hostile_html(path: Path) -> Path:
    path.write_text("<html><body>" + "<div>" * 60_000 + "<script>alert(1)</script>" + "</div>" * 60_000)
    return path


Maker = Callable[[Path], Path]
CASES: list[tuple[str, Maker, type[IngestError], str]] = [
    ("bomb.docx", zip_bomb, ArchiveBomb, "inflates"),
    ("truncated.docx", truncated_docx, CorruptDocument, "truncated or corrupt"),
    ("random.docx", random_bytes, CorruptDocument, "not a valid DOCX"),
    ("random.pdf", random_bytes, CorruptDocument, "not a valid PDF"),
    ("random.html", random_bytes, CorruptDocument, "binary data"),
    ("empty.txt", empty, CorruptDocument, "empty"),
    ("hostile.html", hostile_html, CorruptDocument, "no readable text"),
]


@pytest.mark.parametrize(("name", "make", "error", "message"), CASES, ids=[c[0] for c in CASES])
def test_load_raises_the_specific_error(
    tmp_path: Path, name: str, make: Maker, error: type[IngestError], message: str
) -> None:
    path = make(tmp_path / name)
    with pytest.raises(error, match=message) as caught:
        load(path)
    assert type(caught.value) is error
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(("name", "make", "error", "message"), CASES, ids=[c[0] for c in CASES])
def test_cli_exit_code_and_message(
    tmp_path: Path, name: str, make: Maker, error: type[IngestError], message: str
) -> None:
    path = make(tmp_path / name)
    result = CliRunner().invoke(main, ["text", str(path)])
    assert result.exit_code == error.exit_code
    assert f"error: {path}:" in result.stderr
    assert message in result.stderr
    assert result.stdout == ""


def test_exit_codes_are_distinct() -> None:
    classes = [ArchiveBomb, CorruptDocument, EncryptedDocument, FileTooLarge]
    assert len({cls.exit_code for cls in classes}) == len(classes)
    assert all(cls.exit_code != DatarightsError.exit_code for cls in classes)


def test_over_size_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(CLAUSE * 100)
    with pytest.raises(FileTooLarge, match="over the") as caught:
        load(path, IngestOptions(max_bytes=1000))
    assert str(path) in str(caught.value)
    result = CliRunner().invoke(main, ["text", "--max-size", "0.001", str(path)])
    assert result.exit_code == FileTooLarge.exit_code == 12
    assert str(path) in result.stderr


def test_encrypted_docx_is_reported_by_the_reader(tmp_path: Path) -> None:
    from datarights.ingest.docx import read_docx

    path = tmp_path / "locked.docx"
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096
    with pytest.raises(EncryptedDocument) as caught:
        read_docx(path, data, "0" * 64, IngestOptions())
    assert str(path) in str(caught.value)


def test_encrypted_docx_through_load(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)
    with pytest.raises(EncryptedDocument):
        load(path)


@pytest.mark.parametrize(
    ("encoding", "text", "expected"),
    [
        ("utf-16", "Provider may not train on Customer Data — “never”.", "“never”"),
        ("utf-16-le", "Provider may not train on Customer Data without consent.", "without consent"),
        (
            "cp1252",
            "Provider’s licence to Customer’s café data ends on termination of the Agreement.",
            "Provider’s",
        ),
        (
            "latin-1",
            "Le fournisseur ne peut pas utiliser les données du client. Société générale.",
            "données",
        ),
    ],
)
def test_legacy_and_utf16_text_decodes(tmp_path: Path, encoding: str, text: str, expected: str) -> None:
    path = tmp_path / "terms.txt"
    path.write_bytes(text.encode(encoding))
    doc = load(path)
    assert expected in doc.blocks[0].text
    assert doc.blocks[0].text.startswith(text.split()[0])


def test_batch_keeps_going_past_a_bad_file(tmp_path: Path) -> None:
    good = good_docx(tmp_path / "a-good.docx")
    bad = zip_bomb(tmp_path / "b-bomb.docx")
    notes = tmp_path / "c-notes.md"
    notes.write_text("# Notes\n\nCustomer owns all Outputs.\n")
    result = CliRunner().invoke(main, ["text", str(good), str(bad), str(notes)])
    assert result.exit_code == ArchiveBomb.exit_code
    assert CLAUSE in result.stdout
    assert "Customer owns all Outputs." in result.stdout
    assert f"==> {good} <==" in result.stdout
    assert f"error: {bad}:" in result.stderr
    assert "1 of 3 files failed" in result.stderr
