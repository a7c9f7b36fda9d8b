"""Supervision: a trainee's supervision records (signed off, then locked) and the amendments
saved beside a signed record.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def _create_supervisions_table() -> None:
    """Create the supervision records."""
    op.create_table(
        "supervisions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("trainee_id", sa.String(64), nullable=False),
        sa.Column("supervisor_id", sa.String(64), nullable=True),
        sa.Column("template_id", sa.String(120), nullable=False),
        sa.Column("template_version", sa.String(40), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("duration_minutes", sa.Integer, nullable=False),
        sa.Column("stage", sa.Integer, nullable=True),
        sa.Column("transition_meeting", sa.Boolean, nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_by", sa.String(64), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_supervisions"),
        sa.ForeignKeyConstraint(
            ["trainee_id"], ["practitioners.id"], name="fk_supervisions_trainee_id_practitioners"
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["practitioners.id"],
            name="fk_supervisions_supervisor_id_practitioners",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["practitioners.id"], name="fk_supervisions_created_by_practitioners"
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"], ["practitioners.id"], name="fk_supervisions_signed_by_practitioners"
        ),
    )
    op.create_index("ix_supervisions_trainee_id", "supervisions", ["trainee_id"])
    op.create_index("ix_supervisions_supervisor_id", "supervisions", ["supervisor_id"])


def _create_amendments_table() -> None:
    """Create the amendments to signed supervision records."""
    op.create_table(
        "supervision_amendments",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("supervision_id", sa.Integer, nullable=False),
        sa.Column("author_id", sa.String(64), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_supervision_amendments"),
        sa.ForeignKeyConstraint(
            ["supervision_id"],
            ["supervisions.id"],
            name="fk_supervision_amendments_supervision_id_supervisions",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["practitioners.id"],
            name="fk_supervision_amendments_author_id_practitioners",
        ),
    )
    op.create_index(
        "ix_supervision_amendments_supervision_id", "supervision_amendments", ["supervision_id"]
    )


def upgrade() -> None:
    """Add the supervision tables; nothing recorded before changes."""
    _create_supervisions_table()
    _create_amendments_table()


def downgrade() -> None:
    """Drop the supervision tables (cases, films and reflections stay)."""
    op.drop_table("supervision_amendments")
    op.drop_table("supervisions")
