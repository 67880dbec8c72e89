"""Canaries planted by `datarights gate --canaries N`: N secret records per customer whose records
were admitted, appended to the gate's output so a later `audit canaries` can measure whether the
model trained on that output memorised them.

The secrets go to their own owner-only manifest (the one `audit canaries --manifest` reads); the gate's
run manifest records only how many were planted and the secret manifest's path and sha256.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from datarights.audit.canaries import DEFAULT_FORMAT, plant_canaries, write_manifest
from datarights.audit.model import CanaryFormat
from datarights.enforce.model import Fields
from datarights.enforce.readers import file_sha256
from datarights.errors import ConfigError

PLACEMENT = "appended after the admitted records (shuffle the output before training, as for any data)"


@dataclass
class CanaryPlanter:
    """A gate planter (`enforce.manifest.GatePlanter`) that writes canary records and their secrets."""

    per_customer: int
    manifest: Path
    rng: random.Random | None = None  # tests pass a seeded generator; by default the OS's randomness
    fmt: CanaryFormat = DEFAULT_FORMAT
    name: str = "canaries"
    _summary: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.per_customer < 1:
            raise ConfigError(f"--canaries: must be at least 1 (got {self.per_customer})")

    def rows(self, customers: Sequence[str], fields: Fields) -> list[dict[str, Any]]:
        records, manifest = plant_canaries(customers, self.per_customer, self.rng, self.fmt)
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        write_manifest(manifest, self.manifest)
        self._summary = {
            "per_customer": self.per_customer,
            "customers": list(customers),
            "records": len(records),
            "space_bits": round(self.fmt.space_bits, 2),
            "placement": PLACEMENT,
            "secret_manifest": {
                "path": str(self.manifest),
                "sha256": file_sha256(self.manifest),
            },
        }
        record_id = fields.record_id or "id"
        return [
            {record_id: r.record_id, fields.customer: r.customer, fields.text[0]: r.text} for r in records
        ]

    def finish(self) -> dict[str, Any]:
        return self._summary or {"per_customer": self.per_customer, "customers": [], "records": 0}
