"""The people seen in a film (this family's members, other families of a group, staff,
people unknown), whether they agree to be shown, and their face boxes over time.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "film_people",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("film_id", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("case_code", sa.String(16), nullable=True),
        sa.Column("label", sa.String(300), nullable=False),
        sa.Column("agrees", sa.Boolean, nullable=True),
        sa.Column("left_at_s", sa.Float, nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_film_people"),
        sa.ForeignKeyConstraint(["film_id"], ["films.id"], name="fk_film_people_film_id_films"),
    )
    op.create_index("ix_film_people_film_id", "film_people", ["film_id"])
    op.create_index("ix_film_people_case_code", "film_people", ["case_code"])
    op.create_table(
        "film_person_boxes",
        sa.Column("person_id", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("t_s", sa.Float, nullable=False),
        sa.Column("x", sa.Integer, nullable=False),
        sa.Column("y", sa.Integer, nullable=False),
        sa.Column("w", sa.Integer, nullable=False),
        sa.Column("h", sa.Integer, nullable=False),
        sa.Column("kept", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("person_id", "t_s", name="pk_film_person_boxes"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["film_people.id"],
            name="fk_film_person_boxes_person_id_film_people",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("film_person_boxes")
    op.drop_index("ix_film_people_case_code", table_name="film_people")
    op.drop_index("ix_film_people_film_id", table_name="film_people")
    op.drop_table("film_people")
