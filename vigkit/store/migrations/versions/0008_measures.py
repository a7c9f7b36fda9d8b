"""Outcome measures taken with families, and whether a family was eligible for a video
feedback programme (NICE QS133's proportion offered, when the service records it).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "measure_scores",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("measure_id", sa.String(60), nullable=False),
        sa.Column("measure_version", sa.String(40), nullable=False),
        sa.Column("taken_on", sa.Date, nullable=False),
        sa.Column("occasion", sa.String(300), nullable=False),
        sa.Column("total", sa.Float, nullable=False),
        sa.Column("items", sa.JSON, nullable=False),
        sa.Column("risk_raised", sa.Boolean, nullable=False),
        sa.Column("risk_shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("entered_by", sa.String(64), nullable=False),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_measure_scores"),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.code"], name="fk_measure_scores_case_code_cases"
        ),
    )
    op.create_index("ix_measure_scores_case_code", "measure_scores", ["case_code"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("eligible", sa.Boolean, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("eligible")
    op.drop_index("ix_measure_scores_case_code", table_name="measure_scores")
    op.drop_table("measure_scores")
