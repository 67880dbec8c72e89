"""The local web app (`datarights serve`): pages and a JSON API over review,
assessment, redlines and the register."""

from __future__ import annotations

from datarights.web.app import create_app
from datarights.web.settings import Settings

__all__ = ["Settings", "create_app"]
