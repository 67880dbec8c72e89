"""The register: stored documents, versions, reviews, assessments, alerts and failures.

`Register` is the one entry point for the CLI and the web app; see `register.py`.
"""

from __future__ import annotations

from datarights.store.content import StoredText, StoredTextMismatch, rebuild_document
from datarights.store.diff import VersionDiff, diff_html, diff_json, diff_reviews, diff_text
from datarights.store.portfolio import PortfolioRow
from datarights.store.register import Register, VersionNotFound
from datarights.store.types import AddRequest, AddResult, AddStatus, AlertInfo, FailureInfo, VersionInfo

__all__ = [
    "AddRequest",
    "AddResult",
    "AddStatus",
    "AlertInfo",
    "FailureInfo",
    "PortfolioRow",
    "Register",
    "StoredText",
    "StoredTextMismatch",
    "VersionDiff",
    "VersionInfo",
    "VersionNotFound",
    "diff_html",
    "diff_json",
    "diff_reviews",
    "diff_text",
    "rebuild_document",
]
