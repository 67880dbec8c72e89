"""One row per counterparty: what its current documents let it do with our data.

A counterparty's current documents are the latest version of each document type
it has (terms of service, DPA, …). Where they answer a question differently, the
row takes an answer that claims something over a neutral one (`silent`,
`unspecified`, …) and, among those, the one that lets the provider do most: the
conservative reading for a buyer.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from datarights.errors import ConfigError
from datarights.model.questions import NEUTRAL_POSITIONS
from datarights.store.diff import RISK_RANK, SEVERITY_ORDER
from datarights.store.types import VersionInfo

MAY_TRAIN = {
    "permitted": "yes",
    "opt_out": "yes, unless we opt out",
    "opt_in": "only if we opt in",
    "prohibited": "no",
    "silent": "not addressed",
}
CONTROLLER_RISK = {"controller": "yes", "both": "yes", "processor": "no", "unspecified": "unclear"}


@dataclass(frozen=True, slots=True)
class PortfolioRow:
    counterparty: str
    documents: int  # current documents (latest version of each type)
    doc_types: str
    effective: date | None  # the latest effective date among them
    may_train: str  # plain answer: may the provider train on our data, and how
    training_use: str
    training_scope: str  # foundational / private / unspecified / not_applicable
    deidentified_use: str  # de-identified / aggregated data carve-out
    vendor_role: str
    controller_risk: str  # yes / no / unclear
    retention: str
    audit_rights: str
    change_notice: str
    grade: str | None  # worst grade among current documents; None until assessed
    score: float | None
    last_reviewed: datetime | None
    last_alert: str | None  # severity of the most recent change alert
    version_ids: tuple[int, ...]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["version_ids"] = list(self.version_ids)
        return data


COLUMNS = tuple(f.name for f in fields(PortfolioRow))


def _combine(question: str, positions: list[str]) -> str:
    if not positions:
        return ""
    claims = [p for p in positions if p not in NEUTRAL_POSITIONS] or positions
    ranks = RISK_RANK.get(question, {})
    return max(claims, key=lambda p: ranks.get(p, 0))


def build_rows(latest: Mapping[str, list[VersionInfo]], alerts: Mapping[str, str]) -> list[PortfolioRow]:
    rows = []
    for name, versions in latest.items():
        if not versions:
            continue

        def position(question: str, versions: list[VersionInfo] = versions) -> str:
            return _combine(question, [v.positions[question] for v in versions if question in v.positions])

        graded = [v for v in versions if v.score is not None]
        worst = min(graded, key=lambda v: v.score or 0.0) if graded else None
        dates = [v.effective_date for v in versions if v.effective_date]
        reviewed = [v.reviewed_at for v in versions if v.reviewed_at]
        training_use = position("training_use")
        vendor_role = position("vendor_role")
        rows.append(
            PortfolioRow(
                counterparty=name,
                documents=len(versions),
                doc_types=", ".join(sorted(v.doc_type for v in versions)),
                effective=max(dates) if dates else None,
                may_train=MAY_TRAIN.get(training_use, training_use),
                training_use=training_use,
                training_scope=position("training_scope"),
                deidentified_use=position("deidentified_use"),
                vendor_role=vendor_role,
                controller_risk=CONTROLLER_RISK.get(vendor_role, vendor_role),
                retention=position("retention"),
                audit_rights=position("audit_rights"),
                change_notice=position("change_notice"),
                grade=worst.grade if worst else None,
                score=worst.score if worst else None,
                last_reviewed=max(reviewed) if reviewed else None,
                last_alert=alerts.get(name),
                version_ids=tuple(v.id for v in versions),
            )
        )
    return rows


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def filter_rows(rows: list[PortfolioRow], where: Sequence[str]) -> list[PortfolioRow]:
    """Keep rows matching every condition: `field=a,b` (any of) or `field!=a,b` (none of)."""
    for condition in where:
        negate = "!=" in condition
        field, sep, raw = condition.partition("!=" if negate else "=")
        field = field.strip()
        if not sep or field not in COLUMNS:
            raise ConfigError(
                f"bad filter {condition!r}: use FIELD=VALUE with FIELD one of {', '.join(COLUMNS)}"
            )
        wanted = {v.strip().lower() for v in raw.split(",")}
        rows = [r for r in rows if (_text(getattr(r, field)).lower() in wanted) != negate]
    return rows


def _sort_key(field: str) -> Any:
    ranks = RISK_RANK.get(field)

    def key(row: PortfolioRow) -> tuple[int, Any]:
        value = getattr(row, field)
        if value is None or value == "":
            return (1, "")
        if ranks is not None:
            return (0, ranks.get(value, -1))
        if field == "grade":
            return (0, -(row.score or 0.0))  # A (high score) first
        if field == "last_alert":
            return (0, [s.value for s in SEVERITY_ORDER].index(value) if value in SEVERITY_ORDER else -1)
        return (0, value)

    return key


def sort_rows(rows: list[PortfolioRow], sort: Sequence[str]) -> list[PortfolioRow]:
    """Stable multi-key sort: `field` ascending, `-field` descending; empty values last.
    Answer columns sort by risk (least risky first), grades best first."""
    for spec in reversed(sort):
        descending = spec.startswith("-")
        field = spec.lstrip("-+")
        if field not in COLUMNS:
            raise ConfigError(f"bad sort {spec!r}: use one of {', '.join(COLUMNS)}")
        key = _sort_key(field)
        present = [r for r in rows if key(r)[0] == 0]
        missing = [r for r in rows if key(r)[0] == 1]
        rows = sorted(present, key=key, reverse=descending) + missing
    return rows


# ---------------------------------------------------------------- exports


def portfolio_json(rows: Sequence[PortfolioRow]) -> list[dict[str, Any]]:
    return [
        {k: _text(v) if isinstance(v, date | datetime) else v for k, v in r.as_dict().items()} for r in rows
    ]


def portfolio_csv(rows: Sequence[PortfolioRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                " ".join(map(str, v)) if isinstance(v, tuple) else _text(v)
                for v in (getattr(row, c) for c in COLUMNS)
            ]
        )
    return buffer.getvalue()


def write_xlsx(rows: Sequence[PortfolioRow], path: Path) -> None:
    from openpyxl import Workbook  # imported here: only this export needs it

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "portfolio"
    sheet.append(list(COLUMNS))
    for row in rows:
        values: list[Any] = []
        for column in COLUMNS:
            value = getattr(row, column)
            if isinstance(value, tuple):
                value = " ".join(map(str, value))
            elif isinstance(value, datetime):
                value = value.replace(tzinfo=None)  # Excel has no time zones; stored in UTC
            values.append(value)
        sheet.append(values)
    sheet.freeze_panes = "B2"
    workbook.save(path)


def portfolio_dumps(rows: Sequence[PortfolioRow]) -> str:
    return json.dumps(portfolio_json(rows), indent=2, ensure_ascii=False)
