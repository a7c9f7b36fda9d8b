"""Who confirmed the people seen in a film, and when: a group session's film is shown to
nobody else (rendered or stilled for any use) until its people are confirmed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision: str | None = "0011"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "film_people_confirmed",
        sa.Column("film_id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_by", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("film_id", name="pk_film_people_confirmed"),
        sa.ForeignKeyConstraint(
            ["film_id"], ["films.id"], name="fk_film_people_confirmed_film_id_films"
        ),
    )


def downgrade() -> None:
    op.drop_table("film_people_confirmed")
