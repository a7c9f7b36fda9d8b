"""Group VIG: groups, their member families (cases), sessions, attendance, and films filmed at
a session (each film still belongs to one family's case).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _create_group_tables() -> None:
    """Create the groups and their member families."""
    op.create_table(
        "groups",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("practitioner_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("setting", sa.String(300), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_groups"),
        sa.ForeignKeyConstraint(
            ["practitioner_id"],
            ["practitioners.id"],
            name="fk_groups_practitioner_id_practitioners",
        ),
    )
    op.create_index("ix_groups_practitioner_id", "groups", ["practitioner_id"])
    op.create_table(
        "group_members",
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("group_code", "case_code", name="pk_group_members"),
        sa.ForeignKeyConstraint(
            ["group_code"], ["groups.code"], name="fk_group_members_group_code_groups"
        ),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.code"], name="fk_group_members_case_code_cases"
        ),
    )
    op.create_index("ix_group_members_case_code", "group_members", ["case_code"])


def _create_group_session_tables() -> None:
    """Create the group sessions, who attended them and their films."""
    op.create_table(
        "group_sessions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("group_code", sa.String(16), nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_group_sessions"),
        sa.ForeignKeyConstraint(
            ["group_code"], ["groups.code"], name="fk_group_sessions_group_code_groups"
        ),
    )
    op.create_index("ix_group_sessions_group_code", "group_sessions", ["group_code"])
    op.create_table(
        "group_attendance",
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "case_code", name="pk_group_attendance"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["group_sessions.id"],
            name="fk_group_attendance_session_id_group_sessions",
        ),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.code"], name="fk_group_attendance_case_code_cases"
        ),
    )
    op.create_index("ix_group_attendance_case_code", "group_attendance", ["case_code"])
    op.create_table(
        "group_films",
        sa.Column("film_id", sa.Integer, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("film_id", name="pk_group_films"),
        sa.ForeignKeyConstraint(["film_id"], ["films.id"], name="fk_group_films_film_id_films"),
        sa.ForeignKeyConstraint(
            ["session_id"], ["group_sessions.id"], name="fk_group_films_session_id_group_sessions"
        ),
    )
    op.create_index("ix_group_films_session_id", "group_films", ["session_id"])


def upgrade() -> None:
    """Add the group tables; nothing recorded before changes."""
    _create_group_tables()
    _create_group_session_tables()


def downgrade() -> None:
    """Drop the group tables (the families' cases, films and clips stay)."""
    for table in ("group_films", "group_attendance", "group_sessions", "group_members", "groups"):
        op.drop_table(table)
