"""Read the opt-out file: one opt-out per line, CSV or JSONL, with `customer_id`, an optional
`subject_id` (empty: the whole customer) and the `date` it was made (YYYY-MM-DD).

Unlike data records, a bad opt-out line stops the run with an error naming the file and line:
skipping it would mean using data of someone who asked us not to.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from datarights.enforce.model import OptOuts
from datarights.errors import ConfigError


def _row(raw: Any, path: Path, line: int) -> tuple[str, str, date]:
    if not isinstance(raw, dict):
        raise ConfigError(f"line {line}: an opt-out is an object with customer_id and date", path=path)
    customer = str(raw.get("customer_id") or "").strip()
    subject = str(raw.get("subject_id") or "").strip()
    when = str(raw.get("date") or "").strip()
    if not customer:
        raise ConfigError(f"line {line}: customer_id is missing", path=path)
    try:
        day = date.fromisoformat(when[:10])
    except ValueError:
        raise ConfigError(f"line {line}: date {when!r} is not YYYY-MM-DD", path=path) from None
    return customer, subject, day


def load_opt_outs(path: Path | str) -> OptOuts:
    """Opt-outs by customer and by (customer, subject); of two for the same party, the earlier wins."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such opt-out file", path=path)
    rows: list[tuple[str, str, date]] = []
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in {".jsonl", ".ndjson"}:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError as error:
                raise ConfigError(f"line {number}: not JSON ({error})", path=path) from None
            rows.append(_row(raw, path, number))
    elif path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if (
            reader.fieldnames is None
            or "customer_id" not in reader.fieldnames
            or "date" not in reader.fieldnames
        ):
            raise ConfigError("header: needs customer_id and date columns (subject_id optional)", path=path)
        for number, raw in enumerate(reader, start=2):
            rows.append(_row(raw, path, number))
    else:
        raise ConfigError("opt-outs are read from .csv or .jsonl", path=path)
    customers: dict[str, date] = {}
    subjects: dict[tuple[str, str], date] = {}
    for customer, subject, day in rows:
        if subject:
            key = (customer, subject)
            subjects[key] = min(day, subjects.get(key, day))
        else:
            customers[customer] = min(day, customers.get(customer, day))
    return OptOuts(customers, subjects)
