"""Documents: upload or pick one, read it with its evidence, download what was made of it."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from datarights.errors import ConfigError
from datarights.report.review import review_json
from datarights.web import components, view
from datarights.web.errors import ERROR_RESPONSES, Unavailable
from datarights.web.pages import render, settings_of, workspace_of
from datarights.web.security import require_csrf
from datarights.web.workspace import Opened, StoredFile

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
    try:
        return components.assessment_json(opened.assessment)
    except Unavailable:
        return None


def _detail(opened: Opened, version: VersionRef | None = None) -> DocumentDetail:
    document = opened.review.document
    return DocumentDetail(
        sha256=opened.sha256,
        name=opened.name,
        format=document.format.value,
        doc_type=opened.review.doc_type,
        chars=len(document.text),
        grade=opened.assessment.grade.letter if opened.assessment else None,
        review=review_json(opened.review),
        assessment=_assessment_json(opened),
        version=version,
        links=links(opened.sha256),
    )


def _accept(request: Request, upload: UploadFile, data: bytes) -> tuple[StoredFile, Opened]:
    workspace = workspace_of(request)
    stored = workspace.save(upload.filename or "", data)
    try:
        return stored, workspace.open(stored.sha256)
    except Exception:
        workspace.forget(stored.sha256)  # an unreadable upload is not kept
        raise


def _add(
    request: Request, opened: Opened, counterparty: str, doc_type: str, effective: str
) -> VersionRef | None:
    name = counterparty.strip()
    if not name:
        return None
    if len(name) > 200:
        raise ConfigError("a counterparty name is at most 200 characters")
    result = workspace_of(request).add_to_register(
        opened, name, doc_type.strip() or None, _effective(effective)
    )
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
        max_mb=settings_of(request).max_upload_bytes / 1e6,
    )


@pages.post("/documents", dependencies=[Depends(require_csrf)])
def upload_page(
    request: Request,
    file: Annotated[UploadFile, File()],
    counterparty: Annotated[str, Form(max_length=200)] = "",
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    _, opened = _accept(request, file, file.file.read())
    version = _add(request, opened, counterparty, doc_type, effective)
    target = f"/documents/{opened.sha256}" + (f"?version={version.id}" if version else "")
    return RedirectResponse(target, status_code=303)


@pages.post("/examples/{name}", dependencies=[Depends(require_csrf)])
def pick_example(request: Request, name: str) -> Response:
    stored = workspace_of(request).add_example(name)
    return RedirectResponse(f"/documents/{stored.sha256}", status_code=303)


@pages.get("/documents/{sha256}", response_class=HTMLResponse)
def document_page(request: Request, sha256: str, version: int | None = None) -> Response:
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


@api.post("/documents", status_code=201, summary="Upload, review and assess a document")
def upload(
    request: Request,
    file: Annotated[UploadFile, File(description="PDF, DOCX, HTML, Markdown or text")],
    counterparty: Annotated[
        str, Form(max_length=200, description="Also add it to the register under this name")
    ] = "",
    doc_type: Annotated[str, Form(max_length=50)] = "",
    effective: Annotated[str, Form(max_length=20, description="YYYY-MM-DD")] = "",
) -> DocumentDetail:
    _, opened = _accept(request, file, file.file.read())
    return _detail(opened, _add(request, opened, counterparty, doc_type, effective))


@api.get("/documents/{sha256}", summary="A document's review and assessment")
def get_document(request: Request, sha256: str) -> DocumentDetail:
    return _detail(workspace_of(request).open(sha256))


@api.get("/documents/{sha256}/review.json", summary="Download the review (datarights.review/1)")
def download_review(request: Request, sha256: str) -> JSONResponse:
    opened = workspace_of(request).open(sha256)
    return JSONResponse(review_json(opened.review), headers=_attachment(opened, "review.json"))


@api.get("/documents/{sha256}/assessment.json", summary="Download the assessment (datarights.assessment/1)")
def download_assessment(request: Request, sha256: str) -> JSONResponse:
    opened = _assessed(request, sha256)
    assert opened.assessment is not None
    data = components.assessment_json(opened.assessment)
    return JSONResponse(data, headers=_attachment(opened, "assessment.json"))


@api.get(
    "/documents/{sha256}/report.html",
    summary="The HTML assessment report",
    response_class=HTMLResponse,
)
def download_report(request: Request, sha256: str, download: bool = False) -> HTMLResponse:
    opened = _assessed(request, sha256)
    assert opened.assessment is not None
    page = components.assessment_html(opened.assessment, opened.review.document.text)
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
