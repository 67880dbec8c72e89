"""Documents: upload or pick one, read it with its evidence, download what was made of it."""

from __future__ import annotations

import dataclasses
import logging
import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from datarights.errors import ConfigError, megabytes
from datarights.report.review import review_json
from datarights.web import components, view
from datarights.web.errors import ERROR_RESPONSES, NotFound, Unavailable
from datarights.web.jobs import Job, Stage
from datarights.web.pages import render, settings_of, workspace_of
from datarights.web.routers.versions import MAX_ID
from datarights.web.security import require_csrf
from datarights.web.workspace import Opened, StoredFile, Workspace

log = logging.getLogger(__name__)

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["documents"], responses=ERROR_RESPONSES)

REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


# ------------------------------------------------------------------ models


class DocumentLinks(BaseModel):
    page: str
    review: str
    assessment: str
    report: str
    redline: str


class DocumentSummary(BaseModel):
    sha256: str
    name: str
    size: int
    links: DocumentLinks


class VersionRef(BaseModel):
    id: int
    counterparty: str
    doc_type: str
    effective_date: date | None
    status: str
    alerts: list[str]  # severities of change alerts this version raised


class DocumentDetail(BaseModel):
    sha256: str
    name: str
    format: str
    doc_type: str
    chars: int
    grade: str | None
    review: dict[str, Any]  # datarights.review/1
    assessment: dict[str, Any] | None  # datarights.assessment/1, when the assessment engine is installed
    version: VersionRef | None = None
    links: DocumentLinks


class ReviewStatus(BaseModel):
    """A background review of a large upload: poll `links.status` until `stage` is done or failed."""

    sha256: str
    name: str
    size: int
    stage: Stage
    progress: float  # 0 … 1, by stage
    elapsed_seconds: float
    error: str = ""  # the error class when failed
    message: str = ""
    version_id: int | None = None  # set when it was also added to the register
    status_url: str
    page: str


def _status(job: Job) -> ReviewStatus:
    failure = job.failure
    return ReviewStatus(
        sha256=job.sha256,
        name=job.name,
        size=job.size,
        stage=job.stage,
        progress=job.progress,
        elapsed_seconds=round(job.elapsed, 2),
        error=type(failure).__name__ if failure else "",
        message=failure.message if failure else "",
        version_id=job.version_id,
        status_url=f"/api/documents/{job.sha256}/status",
        page=f"/documents/{job.sha256}/progress",
    )


def _in_background(
    request: Request, stored: StoredFile, counterparty: str, doc_type: str, effective: str
) -> Job | None:
    """Queue the review of a large upload; None when it is small enough to review now."""
    if stored.size <= settings_of(request).background_bytes:
        return None
    _effective(effective)  # a bad date fails now, not after minutes of reviewing
    workspace = workspace_of(request)

    def work(job: Job) -> None:
        try:
            opened = workspace.open(stored.sha256, on_stage=job.advance)
        except Exception:
            workspace.forget(stored.sha256)  # an unreadable upload is not kept
            raise
        if counterparty.strip():
            job.advance(Stage.REGISTERING)
            version = _add(workspace, opened, counterparty, doc_type, effective)
            job.version_id = version.id if version else None

    return workspace.jobs.submit(stored.sha256, stored.name, stored.size, work)


def _accepted(job: Job) -> JSONResponse:
    status = _status(job)
    return JSONResponse(
        status.model_dump(mode="json"), status_code=202, headers={"Location": status.status_url}
    )


def links(sha256: str) -> DocumentLinks:
    base = f"/api/documents/{sha256}"
    return DocumentLinks(
        page=f"/documents/{sha256}",
        review=f"{base}/review.json",
        assessment=f"{base}/assessment.json",
        report=f"{base}/report.html",
        redline=f"{base}/redline.docx",
    )


def _effective(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise ConfigError(f"effective date {raw!r} is not YYYY-MM-DD") from None


def _assessment_json(opened: Opened) -> dict[str, Any] | None:
    if opened.assessment is None:
        return None
    return _without_path(components.assessment_json(opened.assessment), opened)


def _without_path(payload: dict[str, Any], opened: Opened) -> dict[str, Any]:
    """Name the document by its file name: the path it was read from is where this server
    keeps uploads, which is nobody else's business."""
    document = payload.get("document")
    if isinstance(document, dict) and "path" in document:
        document["path"] = opened.name
    return payload


def public_review_json(opened: Opened) -> dict[str, Any]:
    """The review as `datarights.review/1`, without the server's upload path."""
    return _without_path(review_json(opened.review), opened)


def _detail(opened: Opened, version: VersionRef | None = None) -> DocumentDetail:
    document = opened.review.document
    return DocumentDetail(
        sha256=opened.sha256,
        name=opened.name,
        format=document.format.value,
        doc_type=opened.review.doc_type,
        chars=len(document.text),
        grade=opened.assessment.grade.letter if opened.assessment else None,
        review=public_review_json(opened),
        assessment=_assessment_json(opened),
        version=version,
        links=links(opened.sha256),
    )


def _accept(request: Request, stored: StoredFile) -> tuple[StoredFile, Opened]:
    workspace = workspace_of(request)
    try:
        return stored, workspace.open(stored.sha256)
    except Exception:
        workspace.forget(stored.sha256)  # an unreadable upload is not kept
        raise


def _add(
    request: Request | Workspace, opened: Opened, counterparty: str, doc_type: str, effective: str
) -> VersionRef | None:
    name = counterparty.strip()
    if not name:
        return None
    if len(name) > 200:
        raise ConfigError("a counterparty name is at most 200 characters")
    workspace = request if isinstance(request, Workspace) else workspace_of(request)
    result = workspace.add_to_register(opened, name, doc_type.strip() or None, _effective(effective))
    if result.version is None:
        message = result.failure.message if result.failure else "the register did not store it"
        raise ConfigError(f"could not add to the register: {message}")
    return VersionRef(
        id=result.version.id,
        counterparty=result.version.counterparty,
        doc_type=result.version.doc_type,
        effective_date=result.version.effective_date,
        status=str(result.status),
        alerts=[str(a.severity) for a in result.alerts],
    )


# ------------------------------------------------------------------- pages


@pages.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    workspace = workspace_of(request)
    counterparties = workspace.register.counterparties()
    return render(
        request,
        "home.html",
        files=workspace.files(),
        examples=workspace.examples(),
        counterparties=counterparties,
        max_mb=megabytes(settings_of(request).max_upload_bytes),
    )


@pages.post("/documents", dependencies=[Depends(require_csrf)])
def upload_page(
    request: Request,
    file: Annotated[UploadFile, File()],
    counterparty: Annotated[str, Form(max_length=200)] = "",
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    data = file.file.read()
    stored = workspace_of(request).save(file.filename or "", data)
    job = _in_background(request, stored, counterparty, doc_type, effective)
    if job is not None:
        return RedirectResponse(f"/documents/{stored.sha256}/progress", status_code=303)
    _, opened = _accept(request, stored)
    version = _add(request, opened, counterparty, doc_type, effective)
    target = f"/documents/{opened.sha256}" + (f"?version={version.id}" if version else "")
    return RedirectResponse(target, status_code=303)


@pages.post("/examples/{name}", dependencies=[Depends(require_csrf)])
def pick_example(request: Request, name: str) -> Response:
    stored = workspace_of(request).add_example(name)
    return RedirectResponse(f"/documents/{stored.sha256}", status_code=303)


@pages.get("/examples/{name}")
def example_link(request: Request, name: str) -> Response:
    """A bundled example opened from a plain link (the home page posts a form; a link or a
    bookmark GETs). Idempotent: it only ever stores one of the bundled files."""
    stored = workspace_of(request).add_example(name)
    return RedirectResponse(f"/documents/{stored.sha256}", status_code=303)


@pages.get("/documents/{sha256}/progress", response_class=HTMLResponse)
def progress_page(request: Request, sha256: str) -> Response:
    """A large upload's review in progress; the page refreshes itself until it is done."""
    job = workspace_of(request).jobs.get(sha256)
    if job is None or job.stage is Stage.DONE:
        suffix = f"?version={job.version_id}" if job is not None and job.version_id else ""
        return RedirectResponse(f"/documents/{sha256}{suffix}", status_code=303)
    if job.failure is not None:
        raise job.failure
    return render(request, "progress.html", job=_status(job))


@pages.get("/documents/{sha256}", response_class=HTMLResponse)
def document_page(
    request: Request, sha256: str, version: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None
) -> Response:
    if workspace_of(request).jobs.running(sha256):
        return RedirectResponse(f"/documents/{sha256}/progress", status_code=303)
    opened = workspace_of(request).open(sha256)
    items = view.items(opened.review, opened.assessment)
    stored_versions = workspace_of(request).register.find_sha256(sha256)
    return render(
        request,
        "document.html",
        opened=opened,
        document=opened.review.document,
        assessment=opened.assessment,
        questions=[i for i in items if i.kind == "question"],
        checks=[i for i in items if i.kind == "check"],
        paragraphs=view.paragraphs(opened.review.document, items),
        heading_tag=view.heading_tag,
        links=links(sha256),
        versions=stored_versions,
        new_version=version,
    )


@pages.post("/documents/{sha256}/register", dependencies=[Depends(require_csrf)])
def register_page(
    request: Request,
    sha256: str,
    counterparty: Annotated[str, Form(min_length=1, max_length=200)],
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    opened = workspace_of(request).open(sha256)
    version = _add(request, opened, counterparty, doc_type, effective)
    return RedirectResponse(f"/documents/{sha256}?version={version.id if version else ''}", status_code=303)


# --------------------------------------------------------------------- API


@api.get("/documents", summary="Uploaded documents, newest first")
def list_documents(request: Request) -> list[DocumentSummary]:
    return [
        DocumentSummary(sha256=f.sha256, name=f.name, size=f.size, links=links(f.sha256))
        for f in workspace_of(request).files()
    ]


@api.post(
    "/documents",
    status_code=201,
    summary="Upload, review and assess a document",
    response_model=DocumentDetail,
    responses={
        202: {"model": ReviewStatus, "description": "A large upload, being reviewed in the background"}
    },
)
def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    counterparty: Annotated[
        str, Form(max_length=200, description="Also add it to the register under this name")
    ] = "",
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20, description="YYYY-MM-DD")] = "",
) -> DocumentDetail | JSONResponse:
    data = file.file.read()
    stored = workspace_of(request).save(file.filename or "", data)
    job = _in_background(request, stored, counterparty, doc_type, effective)
    if job is not None:
        return _accepted(job)
    _, opened = _accept(request, stored)
    return _detail(opened, _add(request, opened, counterparty, doc_type, effective))


@api.get(
    "/documents/{sha256}",
    summary="A document's review and assessment",
    response_model=DocumentDetail,
    responses={202: {"model": ReviewStatus, "description": "Still being reviewed in the background"}},
)
def get_document(request: Request, sha256: str) -> DocumentDetail | JSONResponse:
    job = workspace_of(request).jobs.get(sha256)
    if job is not None and job.running:
        return _accepted(job)
    return _detail(workspace_of(request).open(sha256))


@api.get("/documents/{sha256}/status", summary="Progress of a large upload's background review")
def review_status(request: Request, sha256: str) -> ReviewStatus:
    workspace = workspace_of(request)
    job = workspace.jobs.get(sha256)
    if job is not None:
        return _status(job)
    stored = workspace.source(sha256)
    if stored is None:
        raise NotFound(f"no upload with sha256 {sha256[:12]}… is being or has been reviewed")
    # Reviewed in the request (small), or before a restart: readable now.
    done = Job(sha256, stored.name, stored.stat().st_size, Stage.DONE)
    done.finished = done.submitted
    return _status(done)


@api.get("/documents/{sha256}/review.json", summary="Download the review (datarights.review/1)")
def download_review(request: Request, sha256: str) -> JSONResponse:
    opened = workspace_of(request).open(sha256)
    return JSONResponse(public_review_json(opened), headers=_attachment(opened, "review.json"))


@api.get("/documents/{sha256}/assessment.json", summary="Download the assessment (datarights.assessment/1)")
def download_assessment(request: Request, sha256: str) -> JSONResponse:
    opened = _assessed(request, sha256)
    assert opened.assessment is not None
    data = _without_path(components.assessment_json(opened.assessment), opened)
    return JSONResponse(data, headers=_attachment(opened, "assessment.json"))


@api.get(
    "/documents/{sha256}/report.html",
    summary="The HTML assessment report",
    response_class=HTMLResponse,
)
def download_report(request: Request, sha256: str, download: bool = False) -> HTMLResponse:
    opened = _assessed(request, sha256)
    assert opened.assessment is not None
    # The report names the file, not the folder this server keeps uploads in.
    assessment = dataclasses.replace(opened.assessment, document_path=opened.name)
    page = components.assessment_html(assessment, opened.review.document.text)
    headers = {"Content-Security-Policy": REPORT_CSP}
    if download:
        headers |= _attachment(opened, "report.html")
    return HTMLResponse(page, headers=headers)


@api.get(
    "/documents/{sha256}/redline.docx",
    summary="The contract with the playbook's clauses as Word tracked changes",
    response_class=Response,
    responses={
        200: {"content": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document": {}}}
    },
)
def download_redline(request: Request, sha256: str) -> Response:
    opened = _assessed(request, sha256)
    assert opened.assessment is not None
    settings = settings_of(request)
    source = opened.source or workspace_of(request).original(opened)
    data = components.redline_docx(
        opened.review, opened.assessment, source, settings.playbook, settings.author
    )
    log.info(
        "redline sha256=%s bytes=%d from=%s",
        sha256[:12],
        len(data),
        "file" if opened.source else "original" if source else "text",
    )
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers=_attachment(opened, "redline.docx"),
    )


@api.post("/documents/{sha256}/register", status_code=201, summary="Add a document to the register")
def register_document(
    request: Request,
    sha256: str,
    counterparty: Annotated[str, Form(min_length=1, max_length=200)],
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20, description="YYYY-MM-DD")] = "",
) -> VersionRef:
    opened = workspace_of(request).open(sha256)
    version = _add(request, opened, counterparty, doc_type, effective)
    assert version is not None
    return version


def _assessed(request: Request, sha256: str) -> Opened:
    opened = workspace_of(request).open(sha256)
    if opened.assessment is None:
        raise Unavailable("this installation has no assessment engine, so there is no assessment to download")
    return opened


def _attachment(opened: Opened, suffix: str) -> dict[str, str]:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", opened.name.rsplit(".", 1)[0]) or "document"
    return {"Content-Disposition": f'attachment; filename="{stem}.{suffix}"'}
