"""keep what was reviewed: document text, layout and (optionally) the original file

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00.000000

A new table, so existing rows are untouched: documents stored under 0001 simply
have no content row until they are added again (the register then fills it in,
and the web app says so instead of failing to find the file).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "document_contents",
        sa.Column("document_sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("layout", sa.JSON(), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("original_size", sa.Integer(), nullable=False),
        sa.Column("original", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["document_sha256"], ["documents.sha256"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_sha256"),
    )


def downgrade() -> None:
    op.drop_table("document_contents")
