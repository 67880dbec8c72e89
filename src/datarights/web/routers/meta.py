"""The API's own description: an offline endpoint list beside the OpenAPI document."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from datarights.web.pages import render

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


@api.get("", response_class=HTMLResponse)
def api_index(request: Request) -> Response:
    schema = request.app.openapi()
    endpoints = [
        (method.upper(), path, operation.get("summary", ""), operation.get("tags", [""])[0])
        for path, item in schema.get("paths", {}).items()
        for method, operation in item.items()
        if method in _METHODS
    ]
    return render(request, "api.html", endpoints=endpoints, title=schema["info"]["title"])
