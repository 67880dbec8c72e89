"""The register keeps what it reviewed: text, layout, optionally the file; and databases
made under schema 0001 migrate to head with their data, filling in text on the next add."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from datarights.detect.engine import review_document, review_path
from datarights.report.review import review_json
from datarights.store import AddStatus, Register, StoredTextMismatch, rebuild_document
from datarights.store import db as store_db
from datarights.store.models import AlertRow, AnswerRow, DocumentRow, ReviewRow, Version
from tests.conftest import EXAMPLES
from tests.history import PERMITTED, PROHIBITED, SILENT, write


def _count(register: Register, model: type) -> int:
    with register.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.mark.parametrize(
    "name", ["ai-services-agreement.md", "ai-services-agreement.docx", "ai-services-agreement.pdf"]
)
def test_the_stored_text_rebuilds_the_reviewed_document(
    register: Register, tmp_path: Path, name: str
) -> None:
    path = shutil.copy(EXAMPLES / name, tmp_path / name)
    result = register.add_file(path, counterparty="Example AI")
    assert result.version is not None and result.version.text_stored
    original = review_path(path)
    stored = register.document_text(result.version.sha256)
    assert stored is not None
    assert stored.text == original.document.text  # what `datarights text` prints
    assert (
        stored.original is None and stored.original_size == Path(path).stat().st_size
    )  # bytes: off by default
    rebuilt = rebuild_document(stored)
    assert rebuilt.sections == original.document.sections and rebuilt.pages == original.document.pages
    assert review_json(review_document(rebuilt))["answers"] == review_json(original)["answers"]
    assert register.get_review(result.version.id)["answers"] == review_json(original)["answers"]


def test_a_damaged_layout_is_refused_not_shown_wrong(register: Register, tmp_path: Path) -> None:
    result = register.add_file(write(tmp_path, "a.md", SILENT), counterparty="Acme")
    assert result.version is not None
    stored = register.document_text(result.version.sha256)
    assert stored is not None
    stored.layout["paragraphs"] = stored.layout["paragraphs"][1:]
    with pytest.raises(StoredTextMismatch):
        rebuild_document(stored)


def test_originals_are_kept_under_the_cap_and_added_later_when_asked(db_url: str, tmp_path: Path) -> None:
    docx = Path(shutil.copy(EXAMPLES / "ai-services-agreement.docx", tmp_path / "msa.docx"))
    small = write(tmp_path, "small.md", SILENT)
    with Register(db_url, keep_originals=4096) as register:
        kept = register.add_file(small, counterparty="Acme")
        too_big = register.add_file(docx, counterparty="Example AI")
        assert kept.version is not None and too_big.version is not None
        small_text = register.document_text(kept.version.sha256, original=True)
        assert small_text is not None and small_text.original == small.read_bytes()
        big_text = register.document_text(too_big.version.sha256, original=True)
        assert big_text is not None and big_text.original is None and big_text.text  # text kept regardless
    with Register(db_url, keep_originals=10 * 1024 * 1024) as register:
        again = register.add_file(docx, counterparty="Example AI")
        assert again.status is AddStatus.UNCHANGED and not again.reviewed  # no re-review for the bytes
        stored = register.document_text(too_big.version.sha256, original=True)
        assert stored is not None and stored.original == docx.read_bytes()
        assert register.document_text(too_big.version.sha256) is not None
        assert register.document_text(too_big.version.sha256).original is None  # type: ignore[union-attr]


def test_keep_originals_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from datarights.errors import ConfigError
    from datarights.store.register import keep_originals_from_env

    monkeypatch.setenv("DATARIGHTS_KEEP_ORIGINALS", "2.5")
    assert keep_originals_from_env() == int(2.5 * 1024 * 1024)
    with Register(f"sqlite:///{tmp_path / 'r.db'}") as register:
        assert register.keep_originals == int(2.5 * 1024 * 1024)
    monkeypatch.setenv("DATARIGHTS_KEEP_ORIGINALS", "lots")
    with pytest.raises(ConfigError):
        keep_originals_from_env()
    monkeypatch.delenv("DATARIGHTS_KEEP_ORIGINALS")
    assert keep_originals_from_env() == 0


def populate_at_0001(db_url: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A register as the 0001 code left it: migrated to 0001 only, and filled through the
    register's own add path with the content table (which 0001 lacks) switched off."""
    engine = store_db.create(db_url)
    store_db.migrate(engine, "0001")
    assert store_db.current_revision(engine) == "0001"
    engine.dispose()
    with monkeypatch.context() as patch:
        patch.setattr(Register, "_store_content", lambda *_args: None)
        patch.setattr(Register, "_has_text", lambda *_args: False)
        with Register(db_url, migrate=False) as old:
            ids = []
            for name, text in (
                ("v-2024-01-05.md", SILENT),
                ("v-2024-06-01.md", PERMITTED),
                ("v-2024-09-01.md", PROHIBITED),
            ):
                result = old.add_file(write(folder, name, text), counterparty="VideoCo")
                assert result.version is not None
                ids.append(result.version.id)
            assert store_db.current_revision(old.engine) == "0001"
    return ids


def test_a_0001_database_with_data_migrates_to_head_and_keeps_it(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = populate_at_0001(db_url, tmp_path / "files", monkeypatch)
    with Register(db_url) as register:  # opening migrates 0001 → head
        assert store_db.current_revision(register.engine) == store_db.head_revision() != "0001"
        counts = {
            m.__name__: _count(register, m) for m in (Version, DocumentRow, ReviewRow, AnswerRow, AlertRow)
        }
        assert counts == {"Version": 3, "DocumentRow": 3, "ReviewRow": 3, "AnswerRow": 33, "AlertRow": 2}
        versions = register.versions("VideoCo")
        assert [v.id for v in versions] == ids
        assert [v.positions["training_use"] for v in versions] == ["silent", "permitted", "prohibited"]
        assert not any(v.text_stored for v in versions)
        assert [v.id for v in register.without_text()] == ids
        assert register.document_text(versions[0].sha256) is None
        assert len(register.alerts("VideoCo")) == 2

        # The next add of the same file reviews it again to fill in its text; nothing else changes.
        again = register.add_file(tmp_path / "files" / "v-2024-01-05.md", counterparty="VideoCo")
        assert again.status is AddStatus.UNCHANGED and again.reviewed
        assert again.version is not None and again.version.id == ids[0] and again.version.text_stored
        assert register.document_text(versions[0].sha256) is not None
        assert [v.id for v in register.without_text()] == ids[1:]
        assert _count(register, Version) == 3 and _count(register, ReviewRow) == 3
        assert (
            register.add_file(tmp_path / "files" / "v-2024-01-05.md", counterparty="VideoCo").reviewed
            is False
        )


def test_downgrade_to_0001_and_back(db_url: str, tmp_path: Path) -> None:
    with Register(db_url) as register:
        register.add_file(write(tmp_path, "a.md", SILENT), counterparty="Acme")
        store_db.downgrade(register.engine, "0001")
        assert store_db.current_revision(register.engine) == "0001"
        assert _count(register, Version) == 1
    with Register(db_url) as register:
        assert store_db.current_revision(register.engine) == store_db.head_revision()
        assert [v.text_stored for v in register.versions("Acme")] == [False]
