"""Signing in with the access token, and a health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from datarights.web.pages import render, settings_of
from datarights.web.security import SESSION_COOKIE, require_csrf, set_session_cookie, token_matches

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["meta"])


def _local(next_url: str) -> str:
    """Only same-site paths: never redirect to another host after signing in."""
    return next_url if next_url.startswith("/") and not next_url.startswith(("//", "/\\")) else "/"


@pages.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    if settings_of(request).token is None:
        return RedirectResponse(_local(next), status_code=303)
    return render(request, "login.html", next=_local(next), failed=False)


@pages.post("/login", dependencies=[Depends(require_csrf)])
def login(request: Request, token: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    settings = settings_of(request)
    if settings.token is None:
        return RedirectResponse(_local(next), status_code=303)
    if not token_matches(settings, token):
        return render(request, "login.html", status_code=401, next=_local(next), failed=True)
    response = RedirectResponse(_local(next), status_code=303)
    set_session_cookie(response, settings)
    return response


@pages.post("/logout", dependencies=[Depends(require_csrf)])
def logout() -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@pages.get("/healthz")
def healthz() -> dict[str, bool]:
    return {"ok": True}
