"""Synthetic records for benchmarks, tests and the README example: realistic shapes, known truth.

Texts come from a fixed pool of Faker sentences; `pii_rate` of them carry PII of the kinds the
de-identifier detects (e-mail, phone, card, SSN, IP, IBAN, URL). Generation is vectorised with
numpy so a million records take a few seconds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from datarights.enforce.pii_eval import generate

_CATEGORY_VALUES = ("", "", "", "", "", "", "", "health", "payment", "children")


@dataclass(frozen=True, slots=True)
class SyntheticSpec:
    records: int
    customers: Sequence[str]
    start: date = date(2023, 1, 1)
    end: date = date(2024, 6, 30)
    pii_rate: float = 0.1
    subjects_per_customer: int = 1000
    seed: int = 7


def _pools(seed: int) -> tuple[list[str], list[str]]:
    samples = generate(2000, seed)
    clean = [s.text for s in samples if not s.spans]
    # Texts without PII but also without any digit, like most chat or document text.
    clean = [t.split(" (")[0] + "." for t in clean]
    pii = [s.text for s in samples if s.spans]
    return clean, pii


def synthetic_batch(spec: SyntheticSpec) -> pa.Table:
    rng = np.random.default_rng(spec.seed)
    clean, pii = _pools(spec.seed)
    n = spec.records
    customers = pa.array(list(spec.customers), pa.string())
    customer_idx = rng.integers(0, len(spec.customers), n)
    start = int(datetime(spec.start.year, spec.start.month, spec.start.day, tzinfo=UTC).timestamp())
    end = int(datetime(spec.end.year, spec.end.month, spec.end.day, tzinfo=UTC).timestamp())
    seconds = rng.integers(start, end, n) * 1_000_000
    has_pii = rng.random(n) < spec.pii_rate
    text_idx = np.where(has_pii, rng.integers(0, len(pii), n), rng.integers(0, len(clean), n))
    texts = pc.if_else(
        pa.array(has_pii),
        pc.take(pa.array(pii, pa.string()), pa.array(np.minimum(text_idx, len(pii) - 1))),
        pc.take(pa.array(clean, pa.string()), pa.array(np.minimum(text_idx, len(clean) - 1))),
    )
    subject = rng.integers(0, spec.subjects_per_customer, n)
    return pa.table(
        {
            "id": pc.binary_join_element_wise("r", pc.cast(pa.array(np.arange(n)), pa.string()), ""),
            "customer_id": pc.take(customers, pa.array(customer_idx)),
            "subject_id": pc.binary_join_element_wise("s", pc.cast(pa.array(subject), pa.string()), ""),
            "created_at": pc.strftime(
                pa.array(seconds, pa.timestamp("us", tz="UTC")), format="%Y-%m-%dT%H:%M:%SZ"
            ),
            "text": texts,
            "opt_in": pa.array(rng.random(n) < 0.5),
            "categories": pc.take(
                pa.array(_CATEGORY_VALUES, pa.string()), pa.array(rng.integers(0, len(_CATEGORY_VALUES), n))
            ),
        }
    )
