"""Leakage audits: did a trained model keep a customer's data?

- `scan` (verbatim regurgitation of records in model outputs, admitted and rejected records alike);
- `plant_canaries` / `load_manifest` / `audit_canaries` (secret canaries and their exposure,
  Carlini et al., "The Secret Sharer");
- `build_report` / `render` (`datarights.audit/1` JSON, Markdown, HTML).

Imports are light here; numpy and pyarrow load with the submodules that need them.
"""

from __future__ import annotations

from datarights.audit.model import (
    AuditReport,
    Canary,
    CanaryFormat,
    CanaryManifest,
    CanaryRecord,
    CanaryResult,
    Match,
    RecordFields,
    RecordSource,
    RecordStatus,
    RegurgitationResult,
)

__all__ = [
    "AuditReport",
    "Canary",
    "CanaryFormat",
    "CanaryManifest",
    "CanaryRecord",
    "CanaryResult",
    "Match",
    "RecordFields",
    "RecordSource",
    "RecordStatus",
    "RegurgitationResult",
]
