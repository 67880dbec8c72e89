"""The register: stored documents, versions, reviews, assessments, alerts and failures.

`Register` is the one entry point for the CLI and the web app; see `register.py`.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datarights.store.content import StoredText, StoredTextMismatch, rebuild_document
    from datarights.store.diff import VersionDiff, diff_html, diff_json, diff_reviews, diff_text
    from datarights.store.portfolio import PortfolioRow
    from datarights.store.register import Register, VersionNotFound
    from datarights.store.types import AddRequest, AddResult, AddStatus, AlertInfo, FailureInfo, VersionInfo

# Where each public name lives; loaded on first use so that commands which never open the
# database (and `datarights.store.diff` users) do not pay for SQLAlchemy and Alembic.
_HOMES = {
    "StoredText": "content",
    "StoredTextMismatch": "content",
    "rebuild_document": "content",
    "VersionDiff": "diff",
    "diff_html": "diff",
    "diff_json": "diff",
    "diff_reviews": "diff",
    "diff_text": "diff",
    "PortfolioRow": "portfolio",
    "Register": "register",
    "VersionNotFound": "register",
    "AddRequest": "types",
    "AddResult": "types",
    "AddStatus": "types",
    "AlertInfo": "types",
    "FailureInfo": "types",
    "VersionInfo": "types",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(name)
    return getattr(import_module(f"datarights.store.{home}"), name)


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
