"""Counterparties, their versions, change alerts, and the diff between two versions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel

from datarights.errors import DatarightsError
from datarights.web import view
from datarights.web.errors import ERROR_RESPONSES, NotFound
from datarights.web.pages import render, workspace_of

# Register ids are 32-bit integers (PostgreSQL INTEGER); a bigger number is a bad request,
# not a lookup (it used to overflow SQLite's binding with a 500).
MAX_ID = 2**31 - 1
VersionId = Annotated[int, Path(ge=1, le=MAX_ID, description="A version's id")]
OldId = Annotated[int, Query(ge=1, le=MAX_ID, description="The earlier version's id")]
NewId = Annotated[int, Query(ge=1, le=MAX_ID, description="The later version's id")]

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["versions"], responses=ERROR_RESPONSES)


class Version(BaseModel):
    id: int
    counterparty: str
    doc_type: str
    sha256: str
    effective_date: date | None
    path: str  # the file name it was added as (without the server's folders)
    added_at: datetime
    reviewed_at: datetime | None
    positions: dict[str, str]
    grade: str | None
    score: float | None
    text_stored: bool  # False: stored before the register kept text; add the file again to fill it in


class Alert(BaseModel):
    id: int
    counterparty: str
    old_version_id: int
    new_version_id: int
    severity: str
    created_at: datetime
    changes: list[str]
    meaning: list[str] = []  # typed changes of meaning in document order, "[severity] summary"


class StackAnswerChange(BaseModel):
    question: str
    old_position: str
    new_position: str
    old_controlling: str  # the controlling document's file name; "" when none governed the question
    new_controlling: str
    why: str


class StackAlert(BaseModel):
    """A new version changed its counterparty's combined answers (the documents read together)."""

    id: int
    counterparty: str
    version_id: int  # the version whose arrival changed the stack
    documents_before: int
    documents_after: int
    created_at: datetime
    changes: list[StackAnswerChange]


def _file_name(path: str) -> str:
    return PurePath(path).name if path else ""


def _version(info: Any) -> Version:
    data = asdict(info)
    data.pop("review_id", None)
    data["path"] = PurePath(str(data["path"])).name  # the file's name; the server's folders stay private
    return Version(**data)


def _versions(request: Request, name: str) -> list[Any]:
    versions = workspace_of(request).register.versions(name)
    if not versions:
        raise NotFound(f"no counterparty {name!r} in the register")
    return versions


# ------------------------------------------------------------------- pages


@pages.get("/counterparties/{name:path}", response_class=HTMLResponse)
def counterparty_page(request: Request, name: str) -> Response:
    versions = _versions(request, name)
    register = workspace_of(request).register
    return render(
        request,
        "counterparty.html",
        name=name,
        versions=versions,
        alerts=register.alerts(name),
        stack_alerts=register.stack_alerts(name),
    )


@pages.get("/versions/{version_id}")
def version_page(request: Request, version_id: VersionId) -> Response:
    info = workspace_of(request).register.version(version_id)
    return RedirectResponse(f"/documents/{info.sha256}?version={info.id}", status_code=303)


def _clause_links(request: Request, info: Any) -> Callable[[Any], str]:
    """Where a clause of this version is in its document page, found in the stored text:
    the section holding the clause's start; "" when the version has no stored text."""
    try:
        document = workspace_of(request).register.stored_document(info.sha256)
    except DatarightsError:
        document = None
    page = f"/documents/{info.sha256}?version={info.id}"

    def link(clause: Any) -> str:
        if document is None or not 0 <= clause.start < len(document.text):
            return ""
        section = document.section_at(clause.start)
        return page + (f"#sec-{section.index}" if section is not None else "")

    return link


@pages.get("/diff", response_class=HTMLResponse)
def diff_page(request: Request, old: OldId, new: NewId) -> Response:
    register = workspace_of(request).register
    diff = register.diff_versions(old, new)
    old_info, new_info = register.version(old), register.version(new)
    changes = [
        (
            change,
            view.word_diff(
                " ".join(c.text for c in change.old_clauses), " ".join(c.text for c in change.new_clauses)
            ),
        )
        for change in diff.changes
    ]
    meaning = [
        (
            typed,
            view.word_diff(typed.change.old.text, typed.change.new.text)
            if typed.change.old is not None and typed.change.new is not None
            else [],
        )
        for typed in diff.meaning
    ]
    return render(
        request,
        "diff.html",
        diff=diff,
        changes=changes,
        meaning=meaning,
        old=old_info,
        new=new_info,
        old_link=_clause_links(request, old_info),
        new_link=_clause_links(request, new_info),
    )


# --------------------------------------------------------------------- API


@api.get("/counterparties", summary="Counterparties in the register")
def counterparties(request: Request) -> list[str]:
    return workspace_of(request).register.counterparties()


@api.get("/counterparties/{name:path}/versions", summary="A counterparty's versions, oldest first")
def versions(request: Request, name: str) -> list[Version]:
    return [_version(v) for v in _versions(request, name)]


@api.get("/versions/{version_id}", summary="One stored version")
def version(request: Request, version_id: VersionId) -> Version:
    return _version(workspace_of(request).register.version(version_id))


@api.get("/diff", summary="What changed between two versions (datarights.diff/1)")
def diff(request: Request, old: OldId, new: NewId) -> dict[str, Any]:
    from datarights.store import diff_json

    return diff_json(workspace_of(request).register.diff_versions(old, new))


@api.get("/alerts", summary="Change alerts, newest first")
def alerts(request: Request, counterparty: str | None = None) -> list[Alert]:
    return [
        Alert(
            id=a.id,
            counterparty=a.counterparty,
            old_version_id=a.old_version_id,
            new_version_id=a.new_version_id,
            severity=a.severity,
            created_at=a.created_at,
            changes=[c.summary for c in a.diff.changes],
            meaning=[f"[{m.severity.value}] {m.summary}" for m in a.diff.meaning],
        )
        for a in workspace_of(request).register.alerts(counterparty)
    ]


@api.get("/stack-alerts", summary="Stack alerts (a new version changed the combined answers), newest first")
def stack_alerts(request: Request, counterparty: str | None = None) -> list[StackAlert]:
    return [
        StackAlert(
            id=stored.id,
            counterparty=stored.alert.counterparty,
            version_id=stored.alert.version_id,
            documents_before=stored.alert.documents_before,
            documents_after=stored.alert.documents_after,
            created_at=stored.created_at,
            changes=[
                StackAnswerChange(
                    question=c.question.value,
                    old_position=c.old_position,
                    new_position=c.new_position,
                    old_controlling=_file_name(c.old_controlling),  # the server's folders stay private
                    new_controlling=_file_name(c.new_controlling),
                    why=c.why,
                )
                for c in stored.alert.changes
            ],
        )
        for stored in workspace_of(request).register.stack_alerts(counterparty)
    ]
