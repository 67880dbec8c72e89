"""A counterparty's document stack: its current documents read together, with the clause that
controls each question (`/counterparties/{name}/stack`, `/api/counterparties/{name}/stack`)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from datarights.stack.model import Stack
from datarights.web.errors import ERROR_RESPONSES, NotFound
from datarights.web.pages import render, workspace_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["stacks"], responses=ERROR_RESPONSES)


def _stack(request: Request, name: str) -> Stack:
    from datarights.store.stacks import register_stack

    register = workspace_of(request).register
    if name not in register.counterparties():
        raise NotFound(f"no counterparty named {name!r}")
    return register_stack(register, name)


@pages.get("/counterparties/{name:path}/stack", response_class=HTMLResponse)
def stack_page(request: Request, name: str) -> Response:
    stack = _stack(request, name)
    relations = [r for r in stack.references if r.pattern != "names a document"]
    return render(
        request,
        "stack.html",
        name=name,
        stack=stack,
        relations=relations,
        filename=lambda path: PurePath(path).name if path else "",
    )


@api.get(
    "/counterparties/{name:path}/stack",
    summary="A counterparty's current documents read together (datarights.stack/1)",
)
def stack_api(request: Request, name: str) -> dict[str, Any]:
    from datarights.report.stack import stack_json

    return stack_json(_stack(request, name))
