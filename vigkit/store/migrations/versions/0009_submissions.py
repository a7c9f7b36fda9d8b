"""Saves made once: the identity of each save that went through, and the identity a draft is
on its way to, so a second click, a retry or a reloaded page stores nothing new.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_submissions"),
    )
    op.create_index("ix_submissions_kind_record_id", "submissions", ["kind", "record_id"])
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("submission", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("submission")
    op.drop_index("ix_submissions_kind_record_id", table_name="submissions")
    op.drop_table("submissions")
