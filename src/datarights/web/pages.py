"""Rendering helpers shared by the page routers."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from datarights.web.errors import ErrorBody
from datarights.web.settings import Settings
from datarights.web.workspace import Workspace


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def workspace_of(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def page_html(request: Request, template: str, **context: Any) -> str:
    """The template with the request, its CSRF token and the settings."""
    settings = settings_of(request)
    page: str = request.app.state.templates.get_template(template).render(
        request=request,
        csrf_token=getattr(request.state, "csrf", ""),
        signed_in=getattr(request.state, "signed_in", False),
        token_required=settings.token is not None,
        playbook=settings.playbook,
        **context,
    )
    return page


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(page_html(request, template, **context), status_code=status_code)


def error_page(request: Request, error: ErrorBody, title: str) -> str:
    """The HTML error page (`errors.error_response` calls it through `app.state.error_page`)."""
    return page_html(request, "error.html", error=error, title=title)
