"""The register: every counterparty's documents and versions, their reviews,
assessments and findings, failures, and change alerts.

    with Register("sqlite:///datarights.db") as register:
        result = register.add_file("zoom-2023-08-07.md", counterparty="Zoom")
        for alert in result.alerts: ...
        rows = register.portfolio(where=["training_use=opt_out"], sort=["-score"])

The CLI and the web app both go through this class: the add-and-alert workflow over the
storage in `repository.Repository`. Each document is committed
in its own transaction, keyed by the sha256 of the file's bytes, so re-adding
is idempotent and an interrupted batch resumes where it stopped.

Every stored document keeps what was reviewed: its extracted text and paragraph
layout (`document_text`, `stored_document`), and, when `keep_originals` allows,
the file's bytes up to that many bytes. A document stored before schema 0002 has
no text until it is added again; `add_file` then reviews it once more to fill it in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from datarights.errors import DatarightsError
from datarights.ingest import IngestOptions
from datarights.model.review import Review
from datarights.report.review import review_json
from datarights.store.assessing import StoredAssessment
from datarights.store.batch import ErrorInfo, Reviewed, file_sha256, review_request, review_requests
from datarights.store.diff import Side, VersionDiff, diff_json, diff_reviews
from datarights.store.models import (
    AlertRow,
    Counterparty,
    DocumentRow,
    FailureRow,
    StackAlertRow,
    Version,
)
from datarights.store.repository import (
    KEEP_ORIGINALS_ENV,
    Repository,
    VersionNotFound,
    current_detectors,
    detectors_key,
    keep_originals_from_env,
    series_key,
)
from datarights.store.stack_alerts import StackAlert, change_json, stack_alert
from datarights.store.types import AddRequest, AddResult, AddStatus, VersionInfo
from datarights.structure.dates import date_from_name, date_from_text
from datarights.workers import Engine

log = logging.getLogger(__name__)

__all__ = [
    "KEEP_ORIGINALS_ENV",
    "Register",
    "VersionNotFound",
    "current_detectors",
    "detectors_key",
    "keep_originals_from_env",
]


class Register(Repository):
    """The register: `Repository` plus adding files — review and assess them through the
    pipeline, store each as soon as it is done, and raise alerts when terms change."""

    def add_file(
        self,
        path: Path | str,
        *,
        counterparty: str,
        doc_type: str | None = None,
        effective: date | None = None,
        options: IngestOptions | None = None,
    ) -> AddResult:
        """Review, assess and store one file; failures are recorded and returned, not raised."""
        request = AddRequest(Path(path), counterparty, doc_type, effective)
        return self.add_many([request], options=options)[0]

    def add_many(
        self,
        requests: Sequence[AddRequest],
        *,
        jobs: int = 1,
        options: IngestOptions | None = None,
        on_result: Callable[[AddResult], None] | None = None,
        engine: Engine = Engine.LOCAL,
    ) -> list[AddResult]:
        """Add every file, skipping those already stored; each is committed as soon as it is done.
        `on_result` is called once per request (for progress bars), in completion order.
        `engine` RAY reviews on a Ray cluster; the commits stay here, one per document."""
        options = options or IngestOptions()
        results: list[AddResult] = []

        def emit(result: AddResult) -> None:
            results.append(result)
            if on_result is not None:
                on_result(result)

        pending: list[AddRequest] = []
        for request in requests:
            sha256 = file_sha256(request.path)
            stored = self._stored_version(sha256, request) if sha256 else None
            if stored is not None:
                if self.keep_originals and sha256 is not None:
                    self._keep_original(sha256, request.path)
                emit(AddResult(str(request.path), AddStatus.UNCHANGED, stored))
            else:
                pending.append(request)
        for outcome in review_requests(pending, options, self.playbook, jobs, engine):
            emit(self._commit(outcome))
        return results

    def add_review(
        self,
        review: Review,
        *,
        counterparty: str,
        doc_type: str | None = None,
        effective: date | None = None,
        assessment: StoredAssessment | None = None,
    ) -> AddResult:
        """Store a review computed elsewhere (the web app's upload handler, for instance)."""
        request = AddRequest(Path(review.document.path), counterparty, doc_type, effective)
        return self._commit(Reviewed(request, review, assessment, None))

    def review_and_add(self, request: AddRequest, options: IngestOptions | None = None) -> AddResult:
        """Like `add_file` but always reviews (no skip), e.g. after the detectors changed."""
        return self._commit(review_request(request, options or IngestOptions(), self.playbook))

    def side_for_file(self, path: Path | str, options: IngestOptions | None = None) -> Side:
        """A file as one side of a diff; reuses the stored review when the content is known."""
        path = Path(path)
        sha256 = file_sha256(path)
        with self._sessions() as session:
            review = self._review_row(session, sha256) if sha256 else None
            assessment = self._assessment_row(session, sha256) if sha256 else None
            if review is not None and review.detectors_key == self._detectors_key:
                verdicts = {f.finding_id: f.verdict for f in assessment.findings} if assessment else None
                document = self._stored_document(session, review.document_sha256)
                return Side(
                    str(path), review.document_sha256, dict(review.review), verdicts, document=document
                )
        outcome = review_request(AddRequest(path, ""), options or IngestOptions(), self.playbook)
        if outcome.error is not None or outcome.review is None:
            error = outcome.error or ErrorInfo("DatarightsError", "no review", 1)
            raise DatarightsError(error.message, path=path)
        verdicts = outcome.assessment.verdicts if outcome.assessment else None
        return Side(
            str(path),
            outcome.review.document.sha256,
            review_json(outcome.review),
            verdicts,
            document=outcome.review.document,
        )

    def _stored_version(self, sha256: str, request: AddRequest) -> VersionInfo | None:
        """The version already holding this content for this counterparty, when nothing is left to do."""
        with self._sessions() as session:
            query = (
                select(Version)
                .join(Counterparty)
                .where(Counterparty.name == request.counterparty, Version.document_sha256 == sha256)
            )
            if request.doc_type is not None:
                query = query.where(Version.doc_type == request.doc_type)
            version = session.scalars(query.order_by(Version.id)).first()
            if version is None:
                return None
            review = self._review_row(session, sha256)
            if review is None or review.detectors_key != self._detectors_key:
                return None
            if not self._has_text(session, sha256):  # stored before 0002: review again for its text
                return None
            if self.assessing and self._assessment_row(session, sha256) is None:
                return None
            return self._version_info(session, version)

    def _commit(self, outcome: Reviewed) -> AddResult:
        request = outcome.request
        if outcome.review is None:
            error = outcome.error or ErrorInfo("DatarightsError", "no review", 1)
            failure = self.record_failure(request.path, error, counterparty=request.counterparty)
            return AddResult(str(request.path), AddStatus.FAILED, failure=failure)
        try:
            return self._store(outcome)
        except IntegrityError:  # another process stored the same content meanwhile: read theirs
            log.info("concurrent add sha256=%s; retrying", outcome.review.document.sha256[:12])
            return self._store(outcome)

    def _store(self, outcome: Reviewed) -> AddResult:
        request, review = outcome.request, outcome.review
        assert review is not None
        document = review.document
        doc_type = request.doc_type or review.doc_type
        effective = request.effective or date_from_name(request.path) or date_from_text(document.text)
        with self._sessions.begin() as session:
            counterparty = session.scalars(
                select(Counterparty).where(Counterparty.name == request.counterparty)
            ).first()
            if counterparty is None:
                counterparty = Counterparty(name=request.counterparty)
                session.add(counterparty)
            if session.get(DocumentRow, document.sha256) is None:
                session.add(
                    DocumentRow(
                        sha256=document.sha256,
                        format=document.format.value,
                        chars=len(document.text),
                        title=document.title[:500],
                        first_path=str(request.path),
                    )
                )
            session.flush()
            self._store_content(session, document, request.path)
            review_row = self._store_review(session, review)
            if outcome.assessment is not None:
                self._store_assessment(session, review_row, outcome.assessment)
            version = session.scalars(
                select(Version).where(
                    Version.counterparty_id == counterparty.id,
                    Version.doc_type == doc_type,
                    Version.document_sha256 == document.sha256,
                )
            ).first()
            created = version is None
            if version is None:
                version = Version(
                    counterparty=counterparty,
                    doc_type=doc_type,
                    document_sha256=document.sha256,
                    effective_date=effective,
                    path=str(request.path),
                )
                session.add(version)
                session.flush()
            alerts = self._refresh_alerts(session, version) if created else ()
            session.execute(
                update(FailureRow)
                .where(FailureRow.path == str(request.path), FailureRow.resolved_at.is_(None))
                .values(resolved_at=datetime.now(UTC))
            )
            session.flush()
            info = self._version_info(session, version)
        log.info(
            "stored sha256=%s version=%d doc_type=%s new=%s alerts=%s",
            document.sha256[:12],
            info.id,
            doc_type,
            created,
            ",".join(str(a.severity) for a in alerts) or "-",
        )
        status = AddStatus.ADDED if created else AddStatus.UNCHANGED
        stack = stack_alert(self, info) if created else None  # the deal read as a whole, after commit
        if stack is not None:
            self._store_stack_alert(stack)
        return AddResult(str(request.path), status, info, reviewed=True, alerts=alerts, stack_alert=stack)

    def _store_stack_alert(self, alert: StackAlert) -> None:
        """Keep the stack alert beside the per-document ones (the version raises it once)."""
        try:
            with self._sessions.begin() as session:
                version = session.get(Version, alert.version_id)
                if version is None:  # removed meanwhile: nothing to keep the alert against
                    return
                session.add(
                    StackAlertRow(
                        counterparty_id=version.counterparty_id,
                        version_id=alert.version_id,
                        documents_before=alert.documents_before,
                        documents_after=alert.documents_after,
                        changes=[change_json(c) for c in alert.changes],
                    )
                )
        except IntegrityError:
            # another add of the same version stored it first; the add itself has succeeded
            log.info("stack alert for version %d already stored", alert.version_id)

    def _refresh_alerts(self, session: Session, version: Version) -> tuple[VersionDiff, ...]:
        """Diff a new version against its neighbours in the series; the pair it now sits
        between loses its alert. Returns the diffs that changed something."""
        series = sorted(
            session.scalars(
                select(Version).where(
                    Version.counterparty_id == version.counterparty_id, Version.doc_type == version.doc_type
                )
            ),
            key=series_key,
        )
        at = series.index(version)
        before = series[at - 1] if at > 0 else None
        after = series[at + 1] if at + 1 < len(series) else None
        if before is not None and after is not None:
            session.execute(
                delete(AlertRow).where(
                    AlertRow.old_version_id == before.id, AlertRow.new_version_id == after.id
                )
            )
        diffs = []
        for old, new in ((before, version), (version, after)):
            if old is None or new is None:
                continue
            diff = diff_reviews(self._side(session, old), self._side(session, new), self.playbook)
            if diff.changed and diff.severity is not None:
                session.add(
                    AlertRow(
                        counterparty_id=version.counterparty_id,
                        old_version_id=old.id,
                        new_version_id=new.id,
                        severity=diff.severity.value,
                        diff=diff_json(diff),
                    )
                )
                diffs.append(diff)
        return tuple(diffs)
