"""The stretches of a film to silence: seconds in which a name or an address is spoken,
silenced in every rendering of the film for any use.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision: str | None = "0012"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "film_muted",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("film_id", sa.Integer, nullable=False),
        sa.Column("start_s", sa.Float, nullable=False),
        sa.Column("end_s", sa.Float, nullable=False),
        sa.Column("marked_by", sa.String(64), nullable=False),
        sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_film_muted"),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_film_muted_film_id_films", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_film_muted_film_id", "film_muted", ["film_id"])


def downgrade() -> None:
    op.drop_index("ix_film_muted_film_id", table_name="film_muted")
    op.drop_table("film_muted")
