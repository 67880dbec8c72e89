"""Review commands (registered onto the main group)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add the review-stage commands to `group`."""
