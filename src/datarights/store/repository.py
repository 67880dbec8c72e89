"""The register's storage: counterparties, documents and their text, versions, reviews,
assessments and findings, failures and alerts, and the queries over them.

`Register` (register.py) adds the workflow that fills it: review, assess, store, alert.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from datarights.detect.registry import DETECTORS
from datarights.errors import ConfigError, DatarightsError
from datarights.model import Document, Format
from datarights.model.review import Review
from datarights.report.review import review_json
from datarights.store import db
from datarights.store.assessing import StoredAssessment
from datarights.store.batch import ErrorInfo, file_sha256
from datarights.store.content import StoredText, layout_json, rebuild_document, text_sha256
from datarights.store.diff import Side, VersionDiff, diff_from_json, diff_reviews
from datarights.store.models import (
    AlertRow,
    AnswerRow,
    AssessmentRow,
    Counterparty,
    DocumentContent,
    DocumentRow,
    FailureRow,
    FindingRow,
    ReviewRow,
    StackAlertRow,
    Version,
)
from datarights.store.portfolio import PortfolioRow, build_rows, filter_rows, sort_rows
from datarights.store.stack_alerts import StackAlert, change_from_json
from datarights.store.types import AlertInfo, FailureInfo, StackAlertInfo, VersionInfo

log = logging.getLogger(__name__)

KEEP_ORIGINALS_ENV = "DATARIGHTS_KEEP_ORIGINALS"  # MB of a file's bytes to keep; 0 or unset: none


def keep_originals_from_env() -> int:
    """The size cap for kept originals, in bytes, from $DATARIGHTS_KEEP_ORIGINALS (MB)."""
    raw = os.environ.get(KEEP_ORIGINALS_ENV, "").strip()
    if not raw:
        return 0
    try:
        megabytes = float(raw)
    except ValueError:
        raise ConfigError(f"{KEEP_ORIGINALS_ENV}={raw!r} is not a size in MB") from None
    if megabytes < 0:
        raise ConfigError(f"{KEEP_ORIGINALS_ENV} must not be negative")
    return int(megabytes * 1024 * 1024)


class VersionNotFound(DatarightsError, LookupError):
    exit_code = 22
    hint = "list stored versions with `datarights versions COUNTERPARTY`"


def current_detectors() -> list[str]:
    return sorted(d.name for d in DETECTORS)


def detectors_key(names: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def series_key(version: Version) -> tuple[date, datetime, int]:
    added = _aware(version.added_at) or datetime.now(UTC)
    return (version.effective_date or added.date(), added, version.id)


class Repository:
    """A register database, migrated to the current schema on open: what is stored, and how
    it is written and read. Adding files (review, assess, store, alert) is `Register`'s work."""

    def __init__(
        self,
        url: str | None = None,
        *,
        playbook: str | None = "buyer",
        migrate: bool = True,
        keep_originals: int | None = None,
    ) -> None:
        """`playbook`: the playbook versions are graded by (None: store reviews only, ungraded).
        `keep_originals`: keep each file's bytes when it is at most this many bytes
        (0: keep none; None: $DATARIGHTS_KEEP_ORIGINALS in MB, else none)."""
        self.url = db.resolve_url(url)
        self.playbook = playbook
        self.keep_originals = keep_originals_from_env() if keep_originals is None else max(0, keep_originals)
        self.engine = db.create(self.url)
        if migrate:
            db.migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._detectors_key = detectors_key(current_detectors())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def assessing(self) -> bool:
        """Whether grades and verdicts are being filled and read (there is a playbook)."""
        return self.playbook is not None

    def record_failure(
        self, path: Path | str, error: ErrorInfo | DatarightsError, *, counterparty: str | None = None
    ) -> FailureInfo:
        if isinstance(error, DatarightsError):
            error = ErrorInfo(type(error).__name__, error.message, error.exit_code)
        sha256 = file_sha256(Path(path))
        with self._sessions.begin() as session:
            row = session.scalars(  # the same file failing again stays one open failure
                select(FailureRow).where(
                    FailureRow.path == str(path),
                    FailureRow.resolved_at.is_(None),
                    FailureRow.sha256.is_(None) if sha256 is None else FailureRow.sha256 == sha256,
                )
            ).first()
            if row is None:
                row = FailureRow(path=str(path), sha256=sha256)
                session.add(row)
            row.counterparty = counterparty
            row.error = error.error
            row.message = error.message
            row.exit_code = error.exit_code
            session.flush()
            info = _failure_info(row)
        # INFO, not WARNING: the caller reports the failure to the user (the CLI prints it once).
        log.info(
            "failed file=%s sha256=%s error=%s exit=%d",
            Path(path).name,
            (sha256 or "")[:12],
            error.error,
            error.exit_code,
        )
        return info

    # --------------------------------------------------------------- reading

    def counterparties(self) -> list[str]:
        with self._sessions() as session:
            return list(session.scalars(select(Counterparty.name).order_by(Counterparty.name)))

    def versions(self, counterparty: str, doc_type: str | None = None) -> list[VersionInfo]:
        """A counterparty's versions, oldest first (by effective date, then when added)."""
        with self._sessions() as session:
            query = select(Version).join(Counterparty).where(Counterparty.name == counterparty)
            if doc_type is not None:
                query = query.where(Version.doc_type == doc_type)
            rows = sorted(session.scalars(query), key=lambda v: (v.doc_type, *series_key(v)))
            return [self._version_info(session, v) for v in rows]

    def version(self, version_id: int) -> VersionInfo:
        with self._sessions() as session:
            return self._version_info(session, self._get_version(session, version_id))

    def get_review(self, version_id: int) -> dict[str, Any]:
        """The version's review as `datarights.review/1` (current detectors when available)."""
        with self._sessions() as session:
            version = self._get_version(session, version_id)
            row = self._review_row(session, version.document_sha256)
            if row is None:
                raise VersionNotFound(f"version {version_id} has no review", path=version.path)
            return dict(row.review)

    def get_assessment(self, version_id: int) -> dict[str, Any] | None:
        """The version's assessment as `datarights.assessment/1`, or None when not assessed."""
        with self._sessions() as session:
            version = self._get_version(session, version_id)
            row = self._assessment_row(session, version.document_sha256)
            return dict(row.assessment) if row is not None else None

    def find_sha256(self, sha256: str) -> list[VersionInfo]:
        """Every version whose document has this content (or sha256 prefix of 8+ characters)."""
        with self._sessions() as session:
            query = select(Version).where(Version.document_sha256.startswith(sha256.lower()))
            return [self._version_info(session, v) for v in session.scalars(query)]

    def document_text(self, sha256: str, *, original: bool = False) -> StoredText | None:
        """What was reviewed for this content: its text and layout (and the file's bytes when
        `original` and kept). None when the document was stored before the register kept text."""
        with self._sessions() as session:
            return self._stored_text(session, sha256, original=original)

    def _stored_text(self, session: Session, sha256: str, *, original: bool = False) -> StoredText | None:
        row = session.get(DocumentContent, sha256)
        document = session.get(DocumentRow, sha256)
        if row is None or document is None:
            return None
        if text_sha256(row.text) != row.text_sha256:
            log.warning("stored text does not match its hash sha256=%s", sha256[:12])
            return None
        return StoredText(
            sha256=sha256,
            format=Format(document.format),
            path=document.first_path,
            text=row.text,
            layout=dict(row.layout),
            original_name=row.original_name,
            original_size=row.original_size,
            original=row.original if original else None,
        )

    def _stored_document(self, session: Session, sha256: str) -> Document | None:
        """The document for a diff of meaning; None before the register kept text (schema 0001)."""
        if not self._has_text(session, sha256):
            return None
        stored = self._stored_text(session, sha256)
        return rebuild_document(stored) if stored is not None else None

    def stored_document(self, sha256: str) -> Document | None:
        """The structured document rebuilt from its stored text (offsets as when it was reviewed)."""
        stored = self.document_text(sha256)
        return rebuild_document(stored) if stored is not None else None

    def without_text(self) -> list[VersionInfo]:
        """Versions whose document has no stored text (added before schema 0002); add their
        files again to fill it in."""
        with self._sessions() as session:
            query = (
                select(Version)
                .outerjoin(DocumentContent, DocumentContent.document_sha256 == Version.document_sha256)
                .where(DocumentContent.document_sha256.is_(None))
                .order_by(Version.id)
            )
            return [self._version_info(session, v) for v in session.scalars(query)]

    def portfolio(self, where: Sequence[str] = (), sort: Sequence[str] = ()) -> list[PortfolioRow]:
        """One row per counterparty from its current documents (latest version of each type).
        `where`: "field=value[,value]" or "field!=value"; `sort`: "field" or "-field"."""
        with self._sessions() as session:
            latest: dict[str, list[VersionInfo]] = {}
            for counterparty in session.scalars(select(Counterparty).order_by(Counterparty.name)):
                series: dict[str, Version] = {}
                for version in sorted(counterparty.versions, key=series_key):
                    series[version.doc_type] = version
                latest[counterparty.name] = [self._version_info(session, v) for v in series.values()]
            alerts = {
                name: severity
                for name, severity in session.execute(
                    select(Counterparty.name, AlertRow.severity).join(AlertRow).order_by(AlertRow.id)
                )
            }
        rows = build_rows(latest, alerts)
        return sort_rows(filter_rows(rows, where), sort)

    def failures(self, *, include_resolved: bool = False) -> list[FailureInfo]:
        with self._sessions() as session:
            query = select(FailureRow).order_by(FailureRow.id)
            if not include_resolved:
                query = query.where(FailureRow.resolved_at.is_(None))
            return [_failure_info(row) for row in session.scalars(query)]

    def alerts(self, counterparty: str | None = None) -> list[AlertInfo]:
        """Stored change alerts, newest first."""
        with self._sessions() as session:
            query = select(AlertRow, Counterparty.name).join(Counterparty).order_by(AlertRow.id.desc())
            if counterparty is not None:
                query = query.where(Counterparty.name == counterparty)
            return [
                AlertInfo(
                    row.id,
                    name,
                    row.old_version_id,
                    row.new_version_id,
                    row.severity,
                    _aware(row.created_at) or row.created_at,
                    self._alert_diff(session, row),
                )
                for row, name in session.execute(query)
            ]

    def stack_alerts(self, counterparty: str | None = None) -> list[StackAlertInfo]:
        """Stored stack alerts (a new version changed the combined answers), newest first."""
        with self._sessions() as session:
            query = (
                select(StackAlertRow, Counterparty.name).join(Counterparty).order_by(StackAlertRow.id.desc())
            )
            if counterparty is not None:
                query = query.where(Counterparty.name == counterparty)
            return [
                StackAlertInfo(
                    row.id,
                    _aware(row.created_at) or row.created_at,
                    StackAlert(
                        name,
                        row.version_id,
                        row.documents_before,
                        row.documents_after,
                        tuple(change_from_json(c) for c in row.changes),
                    ),
                )
                for row, name in session.execute(query)
            ]

    # ----------------------------------------------------------------- diffs

    def diff_versions(self, old_id: int, new_id: int) -> VersionDiff:
        with self._sessions() as session:
            return diff_reviews(
                self._side(session, self._get_version(session, old_id)),
                self._side(session, self._get_version(session, new_id)),
                self.playbook,
            )

    def side_for_version(self, version_id: int) -> Side:
        """A stored version as one side of a diff."""
        with self._sessions() as session:
            return self._side(session, self._get_version(session, version_id))

    # ------------------------------------------------------------- internals

    def _get_version(self, session: Session, version_id: int) -> Version:
        version = session.get(Version, version_id)
        if version is None:
            raise VersionNotFound(f"no stored version {version_id}")
        return version

    def _review_row(self, session: Session, sha256: str) -> ReviewRow | None:
        rows = list(
            session.scalars(
                select(ReviewRow).where(ReviewRow.document_sha256 == sha256).order_by(ReviewRow.id.desc())
            )
        )
        current = [r for r in rows if r.detectors_key == self._detectors_key]
        return next(iter(current or rows), None)

    def _assessment_row(self, session: Session, sha256: str) -> AssessmentRow | None:
        review = self._review_row(session, sha256)
        if review is None:
            return None
        return next((a for a in review.assessments if a.playbook == self.playbook), None)

    def _version_info(self, session: Session, version: Version) -> VersionInfo:
        review = self._review_row(session, version.document_sha256)
        assessment = self._assessment_row(session, version.document_sha256)
        return VersionInfo(
            id=version.id,
            counterparty=version.counterparty.name,
            doc_type=version.doc_type,
            sha256=version.document_sha256,
            effective_date=version.effective_date,
            path=version.path,
            added_at=_aware(version.added_at) or version.added_at,
            review_id=review.id if review else None,
            reviewed_at=_aware(review.created_at) if review else None,
            positions={a.question: a.position for a in review.answers} if review else {},
            grade=assessment.grade if assessment else None,
            score=assessment.score if assessment else None,
            text_stored=self._has_text(session, version.document_sha256),
        )

    def _has_text(self, session: Session, sha256: str) -> bool:
        query = select(DocumentContent.document_sha256).where(DocumentContent.document_sha256 == sha256)
        return session.scalar(query) is not None

    def _original_bytes(self, path: Path, sha256: str) -> bytes | None:
        """The file's bytes when the register keeps originals, the file still holds this
        content and it is under the cap; None otherwise."""
        if not self.keep_originals:
            return None
        try:
            if path.stat().st_size > self.keep_originals:
                log.info("original not kept sha256=%s (over the size cap)", sha256[:12])
                return None
            data = path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha256 else None

    def _store_content(self, session: Session, document: Document, path: Path) -> None:
        """Keep the text reviewed (once per content) and, when asked, the file's bytes."""
        row = session.get(DocumentContent, document.sha256)
        if row is None:
            original = self._original_bytes(path, document.sha256)
            try:
                size = path.stat().st_size
            except OSError:
                size = len(original) if original is not None else 0
            session.add(
                DocumentContent(
                    document_sha256=document.sha256,
                    text=document.text,
                    text_sha256=text_sha256(document.text),
                    layout=layout_json(document),
                    original_name=path.name[:255],
                    original_size=size,
                    original=original,
                )
            )
            session.flush()
            log.info(
                "kept text sha256=%s chars=%d original=%s",
                document.sha256[:12],
                len(document.text),
                "yes" if original is not None else "no",
            )
        elif self.keep_originals and row.original is None:
            self._attach_original(row, path)

    def _attach_original(self, row: DocumentContent, path: Path) -> None:
        original = self._original_bytes(path, row.document_sha256)
        if original is not None:
            row.original = original
            row.original_name = path.name[:255]
            row.original_size = len(original)
            log.info("kept original sha256=%s bytes=%d", row.document_sha256[:12], len(original))

    def _keep_original(self, sha256: str, path: Path) -> None:
        """Add the file's bytes to an already stored document that has its text but not them."""
        with self._sessions.begin() as session:
            missing = select(DocumentContent.document_sha256).where(
                DocumentContent.document_sha256 == sha256, DocumentContent.original.is_(None)
            )
            if session.scalar(missing) is None:
                return
            row = session.get(DocumentContent, sha256)
            if row is not None:
                self._attach_original(row, path)

    def _side(self, session: Session, version: Version) -> Side:
        info = self._version_info(session, version)
        review = self._review_row(session, version.document_sha256)
        assessment = self._assessment_row(session, version.document_sha256)
        return Side(
            label=info.label,
            sha256=version.document_sha256,
            review=dict(review.review) if review else {"answers": {}},
            verdicts={f.finding_id: f.verdict for f in assessment.findings} if assessment else None,
            version_id=version.id,
            effective_date=version.effective_date.isoformat() if version.effective_date else None,
            document=self._stored_document(session, version.document_sha256),
        )

    def _alert_diff(self, session: Session, row: AlertRow) -> VersionDiff:
        return diff_from_json(row.diff)

    def _store_review(self, session: Session, review: Review) -> ReviewRow:
        existing = session.scalars(
            select(ReviewRow).where(
                ReviewRow.document_sha256 == review.document.sha256,
                ReviewRow.detectors_key == self._detectors_key,
            )
        ).first()
        if existing is not None:
            return existing
        row = ReviewRow(
            document_sha256=review.document.sha256,
            detectors_key=self._detectors_key,
            detectors=current_detectors(),
            doc_type=review.doc_type,
            review=review_json(review),
            elapsed_ms=review.elapsed_ms,
            answers=[
                AnswerRow(
                    question=question.value,
                    position=answer.position,
                    confidence=answer.confidence,
                    detector=answer.detector,
                )
                for question, answer in review.answers.items()
            ],
        )
        session.add(row)
        session.flush()
        return row

    def _store_assessment(self, session: Session, review: ReviewRow, assessment: StoredAssessment) -> None:
        if any(a.playbook == assessment.playbook for a in review.assessments):
            return
        review.assessments.append(
            AssessmentRow(
                playbook=assessment.playbook,
                grade=assessment.grade,
                score=assessment.score,
                assessment=assessment.json,
                findings=[
                    FindingRow(
                        finding_id=f.id,
                        kind=f.kind,
                        position=f.position,
                        verdict=f.verdict,
                        severity=f.severity,
                        confidence=f.confidence,
                    )
                    for f in assessment.findings
                ],
            )
        )
        session.flush()


def _failure_info(row: FailureRow) -> FailureInfo:
    return FailureInfo(
        id=row.id,
        path=row.path,
        sha256=row.sha256,
        counterparty=row.counterparty,
        error=row.error,
        message=row.message,
        exit_code=row.exit_code,
        created_at=_aware(row.created_at) or row.created_at,
        resolved_at=_aware(row.resolved_at),
    )
