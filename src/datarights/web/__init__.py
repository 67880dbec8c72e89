"""The local web app (`datarights serve`): pages and a JSON API over review,
assessment, redlines and the register."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datarights.web.app import create_app
    from datarights.web.settings import Settings

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so the CLI can read `datarights.web.settings` without starting FastAPI.
    if name == "create_app":
        from datarights.web.app import create_app

        return create_app
    if name == "Settings":
        from datarights.web.settings import Settings

        return Settings
    raise AttributeError(name)
