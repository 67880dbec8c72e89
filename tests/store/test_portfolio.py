"""Portfolio rows, filters, sorting and exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from datarights.errors import ConfigError
from datarights.store import Register
from datarights.store.portfolio import COLUMNS, portfolio_csv, portfolio_json, write_xlsx
from tests.history import PERMITTED, PROHIBITED, SILENT, write


@pytest.fixture
def filled(register: Register, tmp_path: Path) -> Register:
    register.add_file(write(tmp_path, "a.md", PERMITTED), counterparty="Alpha", doc_type="terms_of_service")
    register.add_file(write(tmp_path, "b.md", PROHIBITED), counterparty="Bravo", doc_type="terms_of_service")
    register.add_file(write(tmp_path, "c.md", SILENT), counterparty="Charlie", doc_type="terms_of_service")
    # Charlie's newer version (with training) replaces the older one in its row
    register.add_file(
        write(tmp_path, "c2.md", PERMITTED.replace("June 1", "July 1")),
        counterparty="Charlie",
        doc_type="terms_of_service",
    )
    return register


def test_one_row_per_counterparty_from_the_latest_version(filled: Register) -> None:
    rows = {r.counterparty: r for r in filled.portfolio()}
    assert set(rows) == {"Alpha", "Bravo", "Charlie"}
    assert rows["Alpha"].may_train == "yes" and rows["Alpha"].training_use == "permitted"
    assert rows["Bravo"].may_train == "no" and rows["Bravo"].training_scope == "not_applicable"
    assert rows["Charlie"].training_use == "permitted"
    assert rows["Charlie"].last_alert == "critical"  # silent → permitted
    assert rows["Alpha"].controller_risk in {"yes", "no", "unclear"}
    assert rows["Alpha"].last_reviewed is not None


def test_filters_and_sorting(filled: Register) -> None:
    assert [r.counterparty for r in filled.portfolio(where=["training_use=permitted"])] == [
        "Alpha",
        "Charlie",
    ]
    assert [r.counterparty for r in filled.portfolio(where=["training_use!=permitted"])] == ["Bravo"]
    assert [r.counterparty for r in filled.portfolio(where=["may_train=no,yes"], sort=["-counterparty"])] == [
        "Charlie",
        "Bravo",
        "Alpha",
    ]
    # answer columns sort by risk: prohibited before permitted
    assert filled.portfolio(sort=["training_use", "counterparty"])[0].counterparty == "Bravo"
    assert [r.counterparty for r in filled.portfolio(sort=["-training_use", "-counterparty"])][:2] == [
        "Charlie",
        "Alpha",
    ]
    with pytest.raises(ConfigError):
        filled.portfolio(where=["nonsense=1"])
    with pytest.raises(ConfigError):
        filled.portfolio(sort=["nonsense"])


def test_exports(filled: Register, tmp_path: Path) -> None:
    rows = filled.portfolio(sort=["counterparty"])
    table = list(csv.reader(io.StringIO(portfolio_csv(rows))))
    assert tuple(table[0]) == COLUMNS and [r[0] for r in table[1:]] == ["Alpha", "Bravo", "Charlie"]
    payload = json.loads(json.dumps(portfolio_json(rows)))
    assert payload[0]["counterparty"] == "Alpha" and payload[0]["training_use"] == "permitted"
    target = tmp_path / "portfolio.xlsx"
    write_xlsx(rows, target)
    sheet = load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "counterparty" and [v[0] for v in values[1:]] == ["Alpha", "Bravo", "Charlie"]
