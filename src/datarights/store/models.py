"""The register's tables (SQLAlchemy 2 ORM). Alembic migrations in `migrations/` create them.

    counterparties ─< versions >─ documents ─< reviews ─< answers
                                     │            └─< assessments ─< findings
                                     └── document_contents (the text reviewed; optionally the file)
    failures (per file, with the reason)   alerts (a newer version changed terms)
    stack_alerts (a new version changed the counterparty's combined answers)

A document is its content: the sha256 of the file's bytes, so adding the same
file twice (under any name) is a no-op. A version places a document in a
counterparty's series for one document type, ordered by effective date.
A document's content row keeps what was reviewed (its extracted text, which every
stored offset refers to, and its paragraph layout), so a version can be shown
after its file is gone; documents stored before revision 0002 have none until
they are added again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Counterparty(Base):
    __tablename__ = "counterparties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    versions: Mapped[list[Version]] = relationship(back_populates="counterparty")


class DocumentRow(Base):
    __tablename__ = "documents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    format: Mapped[str] = mapped_column(String(20))
    chars: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(500), default="")
    first_path: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentContent(Base):
    """What was reviewed: the extracted text (as `datarights text` prints it), the paragraph
    layout that rebuilds the structured document from it, and optionally the file's bytes."""

    __tablename__ = "document_contents"

    document_sha256: Mapped[str] = mapped_column(
        ForeignKey("documents.sha256", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[str] = mapped_column(String(64))  # checked when the text is read back
    layout: Mapped[dict[str, Any]] = mapped_column(JSON)  # datarights.layout/1
    original_name: Mapped[str] = mapped_column(String(255), default="")
    original_size: Mapped[int] = mapped_column(Integer)  # bytes of the file, kept or not
    # The file itself, when the register keeps originals and it is under the size cap.
    original: Mapped[bytes | None] = deferred(mapped_column(LargeBinary, nullable=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Version(Base):
    __tablename__ = "versions"
    __table_args__ = (
        UniqueConstraint(
            "counterparty_id", "doc_type", "document_sha256", name="uq_versions_series_document"
        ),
        Index("ix_versions_series", "counterparty_id", "doc_type", "effective_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(ForeignKey("counterparties.id", ondelete="CASCADE"))
    doc_type: Mapped[str] = mapped_column(String(50))
    document_sha256: Mapped[str] = mapped_column(ForeignKey("documents.sha256"))
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    path: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    counterparty: Mapped[Counterparty] = relationship(back_populates="versions")
    document: Mapped[DocumentRow] = relationship()


class ReviewRow(Base):
    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("document_sha256", "detectors_key", name="uq_reviews_document_detectors"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_sha256: Mapped[str] = mapped_column(
        ForeignKey("documents.sha256", ondelete="CASCADE"), index=True
    )
    detectors_key: Mapped[str] = mapped_column(String(64))  # sha256 of the sorted detector names
    detectors: Mapped[list[Any]] = mapped_column(JSON)  # ["training_use@2", ...]
    doc_type: Mapped[str] = mapped_column(String(50))
    review: Mapped[dict[str, Any]] = mapped_column(JSON)  # datarights.review/1
    elapsed_ms: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    answers: Mapped[list[AnswerRow]] = relationship(cascade="all, delete-orphan")
    assessments: Mapped[list[AssessmentRow]] = relationship(cascade="all, delete-orphan")


class AnswerRow(Base):
    """One question's position, copied out of the review JSON so SQL can filter on it."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("review_id", "question", name="uq_answers_review_question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(50))
    position: Mapped[str] = mapped_column(String(50), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    detector: Mapped[str] = mapped_column(String(60))


class AssessmentRow(Base):
    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("review_id", "playbook", name="uq_assessments_review_playbook"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("reviews.id", ondelete="CASCADE"))
    playbook: Mapped[str] = mapped_column(String(100))
    grade: Mapped[str] = mapped_column(String(4))
    score: Mapped[float] = mapped_column(Float)
    assessment: Mapped[dict[str, Any]] = mapped_column(JSON)  # datarights.assessment/1
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    findings: Mapped[list[FindingRow]] = relationship(cascade="all, delete-orphan")


class FindingRow(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    finding_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[str] = mapped_column(String(50))
    verdict: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)


class FailureRow(Base):
    """A file that could not be added, and why; cleared once the same path succeeds."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text, index=True)
    sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    counterparty: Mapped[str | None] = mapped_column(String(200), nullable=True)
    error: Mapped[str] = mapped_column(String(100))  # the error class, e.g. "CorruptDocument"
    message: Mapped[str] = mapped_column(Text)
    exit_code: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AlertRow(Base):
    """A newer version of a series changed data-use terms (a stored `VersionDiff`)."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("old_version_id", "new_version_id", name="uq_alerts_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    old_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    new_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    severity: Mapped[str] = mapped_column(String(20))
    diff: Mapped[dict[str, Any]] = mapped_column(JSON)  # datarights.diff/1
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class StackAlertRow(Base):
    """A new version changed its counterparty's combined answers (a stored `StackAlert`), one per
    version whose arrival raised it."""

    __tablename__ = "stack_alerts"
    __table_args__ = (UniqueConstraint("version_id", name="uq_stack_alerts_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    counterparty_id: Mapped[int] = mapped_column(
        ForeignKey("counterparties.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"))
    documents_before: Mapped[int] = mapped_column(Integer)
    documents_after: Mapped[int] = mapped_column(Integer)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # datarights.stack-alert/1 changes
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RunRow(Base):
    """A gate run recorded under a runs folder (`datarights.run/1`), indexed for reporting."""

    __tablename__ = "runs"

    run_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the OpenLineage run id
    gate_run_id: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(200), index=True)
    purpose: Mapped[str] = mapped_column(String(40))
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    engine: Mapped[str] = mapped_column(String(20))
    tool_version: Mapped[str] = mapped_column(String(40))
    input_path: Mapped[str] = mapped_column(Text)
    input_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    input_records: Mapped[int | None] = mapped_column(Integer, nullable=True)
    output_path: Mapped[str | None] = mapped_column(Text, nullable=True)
    output_records: Mapped[int | None] = mapped_column(Integer, nullable=True)
    folder: Mapped[str] = mapped_column(Text)  # where run.json and lineage.jsonl are
    indexed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    counts: Mapped[list[RunCustomerCount]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class RunCustomerCount(Base):
    """Records of one customer in one run, per decision and reason."""

    __tablename__ = "run_customer_counts"

    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"), primary_key=True)
    customer: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    decision: Mapped[str] = mapped_column(String(20), primary_key=True)
    reason: Mapped[str] = mapped_column(String(30), primary_key=True)
    records: Mapped[int] = mapped_column(Integer)

    run: Mapped[RunRow] = relationship(back_populates="counts")
