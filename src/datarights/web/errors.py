"""One JSON error shape for the API and one HTML error page for people.

    {"ok": false, "status": 413, "error": "FileTooLarge", "message": "…", "hint": "…"}

`datarights.errors` classes map to HTTP statuses here (the CLI maps the same
tree to exit codes). Messages never carry server paths: an `IngestError`'s
`message` is used, not its `str()`, which starts with the path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from html import escape
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from datarights import errors
from datarights.web.headers import add_security_headers

log = logging.getLogger(__name__)

_CRASHED = "something went wrong; the server log has details"
FILE_TOO_LARGE_HINT = "raise the limit with `datarights serve --max-upload MB` if the file is genuine"

STATUS: tuple[tuple[type[errors.DatarightsError], int], ...] = (
    (errors.FileNotFound, 404),
    (errors.UnsupportedFormat, 415),
    (errors.FileTooLarge, 413),
    (errors.ArchiveBomb, 413),
    (errors.IngestError, 422),  # encrypted, no text layer, corrupt, undecodable
    (errors.LabelError, 400),
    (errors.ConfigError, 400),
    (errors.InternalError, 500),  # a bug met on one document (the pipeline wraps it)
)


class ErrorBody(BaseModel):
    """The body of every error the API returns."""

    ok: bool = False
    status: int
    error: str  # the error class ("FileTooLarge") or HTTP reason ("NotFound")
    message: str
    hint: str = ""


ErrorPage = Callable[[Request, ErrorBody, str], str]  # request, error, title → the HTML page


class UploadTooLarge(HTTPException):
    """The request body ran past the upload limit while it was being received.

    An HTTP exception (not a `FileTooLarge`) because FastAPI passes those through
    its body parsing unchanged; it reports itself as `FileTooLarge` all the same."""

    error = "FileTooLarge"
    hint = FILE_TOO_LARGE_HINT

    def __init__(self, message: str) -> None:
        super().__init__(413, message)


class Unavailable(errors.DatarightsError):
    """A component the request needs (assessment report, redline writer) is not installed."""


class NotFound(errors.DatarightsError, LookupError):
    """No document, version or example by that name."""


class TextNotStored(errors.DatarightsError):
    """A register version stored before the register kept document text, whose file is gone."""

    hint = (
        "add the file again (`datarights add FILE --counterparty NAME`, or upload it here) "
        "and the register will keep its text"
    )


def status_for(error: errors.DatarightsError) -> int:
    if isinstance(error, Unavailable):
        return 501
    if isinstance(error, TextNotStored):
        return 410
    if isinstance(error, (NotFound, LookupError)):
        return 404
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 400


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/api":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_response(
    request: Request,
    status: int,
    error: str,
    message: str,
    hint: str = "",
    headers: Mapping[str, str] | None = None,
) -> Response:
    body = ErrorBody(status=status, error=error, message=message, hint=hint)
    response: Response
    if wants_json(request):
        response = JSONResponse(body.model_dump(), status_code=status, headers=headers)
    else:
        title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        # The page is drawn by whoever built the app (`app.state.error_page`, set by `create_app`):
        # errors sit below the pages, which need the workspace and the templates.
        page: ErrorPage | None = getattr(request.app.state, "error_page", None)
        html = (
            page(request, body, title)
            if page is not None
            else f"<h1>{escape(title)}</h1><p>{escape(message)}</p>"
        )
        response = HTMLResponse(html, status_code=status, headers=headers)
    # Here and not only in the middleware: a 500 is rendered outside every middleware.
    add_security_headers(response.headers)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return "Error"


def install(app: FastAPI) -> None:
    """Route every error through `error_response`."""

    @app.exception_handler(errors.DatarightsError)
    async def _ours(request: Request, error: errors.DatarightsError) -> Response:
        status = status_for(error)
        log.info("error %s status=%d path=%s", type(error).__name__, status, request.url.path)
        hint = FILE_TOO_LARGE_HINT if isinstance(error, errors.FileTooLarge) else error.hint
        if isinstance(error, errors.InternalError):  # a bug's own words may name server paths
            log.error("internal error path=%s: %s", request.url.path, error.message)
            return error_response(request, status, "InternalError", _CRASHED, hint)
        return error_response(request, status, type(error).__name__, error.message, hint)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else _reason(error.status_code)
        name = getattr(error, "error", None) or _reason(error.status_code)
        hint = getattr(error, "hint", "")
        return error_response(request, error.status_code, name, message, hint, headers=error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(_problem(p) for p in error.errors())
        return error_response(request, 422, "InvalidRequest", problems or "invalid request")

    @app.exception_handler(Exception)
    async def _crash(request: Request, error: Exception) -> Response:
        log.exception("unhandled %s path=%s", type(error).__name__, request.url.path)
        return error_response(request, 500, "InternalError", _CRASHED)


def _problem(problem: Any) -> str:
    where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body")
    return f"{where}: {problem.get('msg', 'invalid')}" if where else str(problem.get("msg", "invalid"))


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "Bad filter, sort or option"),
        (401, "Missing or wrong access token"),
        (403, "Cross-site request or CSRF token missing"),
        (404, "No such document or version"),
        (410, "A version stored before the register kept text, whose file is gone"),
        (413, "Upload over the size limit"),
        (415, "Not a supported document type"),
        (422, "The file could not be read, or the request is malformed"),
    )
}
