"""The portfolio: one row per counterparty, filtered and sorted."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from datarights.model.questions import POSITIONS, QuestionId
from datarights.web.errors import ERROR_RESPONSES
from datarights.web.pages import render, workspace_of

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["portfolio"], responses=ERROR_RESPONSES)

# The dashboard's filter menus: a column and the values it can take.
FILTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("training_use", "May train on our data", tuple(p.value for p in POSITIONS[QuestionId.TRAINING_USE])),
    ("training_scope", "Which models", tuple(p.value for p in POSITIONS[QuestionId.TRAINING_SCOPE])),
    ("deidentified_use", "De-identified carve-out", ("yes", "no")),
    ("controller_risk", "Controller risk", ("yes", "no", "unclear")),
    ("retention", "Retention", tuple(p.value for p in POSITIONS[QuestionId.RETENTION])),
    ("audit_rights", "Audit", tuple(p.value for p in POSITIONS[QuestionId.AUDIT_RIGHTS])),
    ("change_notice", "Change notice", tuple(p.value for p in POSITIONS[QuestionId.CHANGE_NOTICE])),
    ("grade", "Grade", ("A", "B", "C", "D", "F")),
)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("counterparty", "Counterparty"),
    ("may_train", "May train?"),
    ("training_scope", "Models"),
    ("deidentified_use", "De-identified"),
    ("controller_risk", "Controller risk"),
    ("retention", "Retention"),
    ("audit_rights", "Audit"),
    ("change_notice", "Change notice"),
    ("grade", "Grade"),
    ("last_reviewed", "Last reviewed"),
    ("last_alert", "Last alert"),
)


def _where(request: Request) -> list[str]:
    return [f"{name}={value}" for name, _, _ in FILTERS if (value := request.query_params.get(name))]


@pages.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(request: Request, sort: str = "counterparty") -> Response:
    where = _where(request)
    rows = workspace_of(request).register.portfolio(where=where, sort=[sort] if sort else [])
    chosen = {name: request.query_params.get(name, "") for name, _, _ in FILTERS}
    return render(
        request,
        "portfolio.html",
        rows=rows,
        filters=FILTERS,
        columns=COLUMNS,
        chosen=chosen,
        sort=sort,
        where=where,
    )


@api.get("/portfolio", summary="One row per counterparty, filtered and sorted")
def portfolio(
    request: Request,
    where: Annotated[
        list[str], Query(description="FIELD=VALUE[,VALUE] or FIELD!=VALUE, e.g. training_use=opt_out")
    ] = [],  # noqa: B006
    sort: Annotated[list[str], Query(description="FIELD or -FIELD, e.g. -score")] = [],  # noqa: B006
) -> list[dict[str, Any]]:
    from datarights.store.portfolio import portfolio_json

    return portfolio_json(workspace_of(request).register.portfolio(where=where, sort=sort))
