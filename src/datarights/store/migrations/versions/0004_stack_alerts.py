"""store stack alerts: one row per version whose arrival changed its counterparty's combined answers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 21:15:00.000000

A new table only; stack alerts raised before this revision were printed by `add` and not kept.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stack_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("documents_before", sa.Integer(), nullable=False),
        sa.Column("documents_after", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["counterparty_id"], ["counterparties.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["version_id"], ["versions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", name="uq_stack_alerts_version"),
    )
    op.create_index(
        op.f("ix_stack_alerts_counterparty_id"), "stack_alerts", ["counterparty_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_stack_alerts_counterparty_id"), table_name="stack_alerts")
    op.drop_table("stack_alerts")
