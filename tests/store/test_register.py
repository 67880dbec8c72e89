"""The register API: idempotent adds, versions, failures, alerts, migrations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from datarights.store import AddRequest, AddStatus, Register
from datarights.store import db as store_db
from datarights.store.models import AlertRow, ReviewRow
from datarights.store.register import VersionNotFound
from tests.conftest import EXAMPLES
from tests.history import PERMITTED, PROHIBITED, SILENT, write


def _count(register: Register, model: type) -> int:
    with register.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def test_open_migrates_to_head_and_reopening_is_a_no_op(db_url: str) -> None:
    with Register(db_url) as first:
        assert store_db.current_revision(first.engine) == store_db.head_revision()
    with Register(db_url) as second:
        assert store_db.current_revision(second.engine) == store_db.head_revision()
        assert second.counterparties() == []


def test_resolve_url_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATARIGHTS_DB", raising=False)
    assert store_db.resolve_url(None) == "sqlite:///datarights.db"
    assert store_db.resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("DATARIGHTS_DB", "postgresql+psycopg://u@h/d")
    assert store_db.resolve_url(None) == "postgresql+psycopg://u@h/d"


def test_adding_the_same_content_twice_redoes_nothing(register: Register, tmp_path: Path) -> None:
    example = EXAMPLES / "ai-services-agreement.md"
    first = register.add_file(example, counterparty="Example AI")
    assert first.status is AddStatus.ADDED and first.reviewed
    assert first.version is not None and first.version.positions["training_use"]
    copy = write(tmp_path, "renamed.md", example.read_text(encoding="utf-8"))
    again = register.add_file(copy, counterparty="Example AI")
    assert again.status is AddStatus.UNCHANGED and not again.reviewed
    assert again.version is not None and again.version.id == first.version.id
    assert _count(register, ReviewRow) == 1
    review = register.get_review(first.version.id)
    assert review["schema"] == "datarights.review/1"
    assert review["document"]["sha256"] == first.version.sha256
    # the same content for another counterparty is a new version, reusing the stored review
    other = register.add_file(example, counterparty="Someone else")
    assert other.status is AddStatus.ADDED
    assert _count(register, ReviewRow) == 1


def test_versions_are_ordered_by_effective_date_and_alerts_follow_inserts(
    register: Register, tmp_path: Path
) -> None:
    late = write(tmp_path, "late.md", PROHIBITED)
    early = write(tmp_path, "early.md", SILENT)
    middle = write(tmp_path, "middle.md", PERMITTED)
    register.add_file(late, counterparty="Acme", doc_type="terms_of_service")
    first_alert = register.add_file(early, counterparty="Acme", doc_type="terms_of_service")
    # early precedes late: the alert compares early → late even though late was added first
    assert [a.new.version_id for a in first_alert.alerts] == [1]
    result = register.add_file(middle, counterparty="Acme", doc_type="terms_of_service")
    versions = register.versions("Acme")
    assert [v.effective_date for v in versions] == [date(2024, 1, 5), date(2024, 6, 1), date(2024, 9, 1)]
    assert [v.positions["training_use"] for v in versions] == ["silent", "permitted", "prohibited"]
    assert result.version is not None
    # the new middle version sits between the others: two alerts, and the old early → late pair is gone
    pairs = {(a.old_version_id, a.new_version_id) for a in register.alerts("Acme")}
    assert pairs == {(versions[0].id, versions[1].id), (versions[1].id, versions[2].id)}
    assert _count(register, AlertRow) == 2
    widened = next(a for a in result.alerts if a.new.version_id == result.version.id)
    change = widened.change("training_use")
    assert change is not None and (change.old_position, change.new_position) == ("silent", "permitted")
    assert widened.at_least("high")
    # the alert carries the typed change of meaning, and keeps it when read back from the register
    typed = [(m.change.type.value, m.change.action.value, m.severity.value) for m in widened.meaning]
    assert typed == [("right_widened", "train_models", "critical")]
    stored = next(a for a in register.alerts("Acme") if a.new_version_id == result.version.id)
    assert [m.change for m in stored.diff.meaning] == [m.change for m in widened.meaning]
    narrowed = next(a for a in register.alerts("Acme") if a.old_version_id == result.version.id)
    assert [m.change.type.value for m in narrowed.diff.meaning] == ["promise_added"]


def test_explicit_effective_date_wins(register: Register, tmp_path: Path) -> None:
    path = write(tmp_path, "2020-02-02-terms.md", SILENT)
    assert register.add_file(path, counterparty="A").version.effective_date == date(2020, 2, 2)  # type: ignore[union-attr]
    other = write(tmp_path, "terms.md", PERMITTED)
    result = register.add_file(other, counterparty="B", effective=date(2021, 3, 4))
    assert result.version is not None and result.version.effective_date == date(2021, 3, 4)
    text_dated = write(tmp_path, "undated.md", PROHIBITED)
    assert register.add_file(text_dated, counterparty="C").version.effective_date == date(2024, 9, 1)  # type: ignore[union-attr]


def test_bad_files_are_recorded_and_never_cost_the_others(register: Register, tmp_path: Path) -> None:
    good = write(tmp_path, "good.md", SILENT)
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n\x00\x01garbage that is not a pdf")
    missing = tmp_path / "missing.md"
    requests = [AddRequest(p, "Acme") for p in (corrupt, missing, good)]
    seen: list[str] = []
    results = register.add_many(requests, on_result=lambda r: seen.append(r.status.value))
    assert [r.status for r in results] == [AddStatus.FAILED, AddStatus.FAILED, AddStatus.ADDED]
    assert seen == ["failed", "failed", "added"]
    failures = register.failures()
    assert [(Path(f.path).name, f.error) for f in failures] == [
        ("corrupt.pdf", "CorruptDocument"),
        ("missing.md", "FileNotFound"),
    ]
    assert failures[0].exit_code == 15 and failures[0].sha256 is not None
    # once the file is fixed, the next run adds it and resolves the failure
    missing.write_text(PERMITTED, encoding="utf-8")
    assert register.add_file(missing, counterparty="Acme").status is AddStatus.ADDED
    assert [Path(f.path).name for f in register.failures()] == ["corrupt.pdf"]
    assert len(register.failures(include_resolved=True)) == 2


def test_unknown_version_raises(register: Register) -> None:
    with pytest.raises(VersionNotFound):
        register.get_review(999)


def test_without_a_playbook_reviews_are_stored_ungraded(db_url: str, tmp_path: Path) -> None:
    with Register(db_url, playbook=None) as register:
        assert not register.assessing
        result = register.add_file(write(tmp_path, "a.md", PERMITTED), counterparty="Acme")
        assert result.status is AddStatus.ADDED and result.version is not None
        assert result.version.grade is None and result.version.score is None
        assert register.get_assessment(result.version.id) is None
        row = register.portfolio()[0]
        assert row.grade is None and row.training_use == "permitted"
        # re-adding is still a no-op without the engine
        assert (
            register.add_file(write(tmp_path, "b.md", PERMITTED), counterparty="Acme").status
            is AddStatus.UNCHANGED
        )


def test_with_a_playbook_versions_are_graded(register: Register, tmp_path: Path) -> None:
    assert register.assessing
    old = register.add_file(write(tmp_path, "a.md", SILENT), counterparty="Acme", doc_type="terms_of_service")
    result = register.add_file(
        write(tmp_path, "b.md", PERMITTED), counterparty="Acme", doc_type="terms_of_service"
    )
    assert old.version is not None and result.version is not None
    assert result.version.grade and result.version.score is not None
    assert register.get_assessment(result.version.id) is not None
    assert register.portfolio()[0].grade == result.version.grade
    change = register.diff_versions(old.version.id, result.version.id).change("training_use")
    assert change is not None and change.new_verdict is not None  # verdicts come from the stored findings


def test_migrations_match_the_models(register: Register) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from datarights.store.models import Base

    with register.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
