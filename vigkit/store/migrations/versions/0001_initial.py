"""Initial schema: practitioners, settings, cases, consent history, helping questions, ratings,
cycles, films, clips, reflections and drafts.

Revision ID: 0001
Revises:
Create Date: 2026-05-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

WHEN = sa.DateTime(timezone=True)


def _create_people_tables() -> None:
    """Create the practitioners, their settings and their drafts."""
    op.create_table(
        "practitioners",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("stage", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_practitioners"),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_settings"),
    )
    op.create_table(
        "drafts",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("template_id", sa.String(120), nullable=False),
        sa.Column("template_version", sa.String(40), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_drafts"),
    )


def _create_case_tables() -> None:
    """Create the cases and their consent history."""
    op.create_table(
        "cases",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("practitioner_id", sa.String(64), nullable=False),
        sa.Column("setting", sa.String(300), nullable=False),
        sa.Column("age_weeks_pregnant", sa.Integer, nullable=True),
        sa.Column("age_months", sa.Integer, nullable=True),
        sa.Column("referral_reason", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("opened_on", sa.Date, nullable=False),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.PrimaryKeyConstraint("code", name="pk_cases"),
        sa.ForeignKeyConstraint(
            ["practitioner_id"], ["practitioners.id"], name="fk_cases_practitioner_id_practitioners"
        ),
    )
    op.create_index("ix_cases_practitioner_id", "cases", ["practitioner_id"])
    op.create_table(
        "consents",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("given_on", sa.Date, nullable=False),
        sa.Column("filming", sa.Boolean, nullable=False),
        sa.Column("supervisor_viewing", sa.Boolean, nullable=False),
        sa.Column("intervision", sa.Boolean, nullable=False),
        sa.Column("training_events", sa.Boolean, nullable=False),
        sa.Column("group_viewing", sa.Boolean, nullable=False),
        sa.Column("withdrawn_on", sa.Date, nullable=True),
        sa.Column("retention_months", sa.Integer, nullable=False),
        sa.Column("recorded_at", WHEN, nullable=False),
        sa.Column("superseded_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
        sa.ForeignKeyConstraint(["case_code"], ["cases.code"], name="fk_consents_case_code_cases"),
    )
    op.create_index("ix_consents_case_code", "consents", ["case_code"])


def _create_helping_question_tables() -> None:
    """Create the helping questions and their ratings."""
    op.create_table(
        "helping_questions",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("words", sa.Text, nullable=False),
        sa.Column("hoped_for", sa.Integer, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_helping_questions"),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.code"], name="fk_helping_questions_case_code_cases"
        ),
    )
    op.create_index("ix_helping_questions_case_code", "helping_questions", ["case_code"])
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("helping_question_id", sa.Integer, nullable=False),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("rated_on", sa.Date, nullable=False),
        sa.Column("occasion", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ratings"),
        sa.ForeignKeyConstraint(
            ["helping_question_id"],
            ["helping_questions.id"],
            name="fk_ratings_helping_question_id_helping_questions",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_ratings_helping_question_id", "ratings", ["helping_question_id"])


def _create_film_tables() -> None:
    """Create the cycles, their films and the films' clips."""
    op.create_table(
        "cycles",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("working_point", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cycles"),
        sa.UniqueConstraint("case_code", "number", name="uq_cycles_case_code_number"),
        sa.ForeignKeyConstraint(["case_code"], ["cases.code"], name="fk_cycles_case_code_cases"),
    )
    op.create_table(
        "films",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("case_code", sa.String(16), nullable=False),
        sa.Column("cycle_number", sa.Integer, nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("duration_s", sa.Float, nullable=False),
        sa.Column("filmed_on", sa.Date, nullable=False),
        sa.Column("context", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_films"),
        sa.ForeignKeyConstraint(
            ["case_code", "cycle_number"],
            ["cycles.case_code", "cycles.number"],
            name="fk_films_case_code_cycle_number_cycles",
        ),
    )
    op.create_index("ix_films_case_code_cycle_number", "films", ["case_code", "cycle_number"])
    op.create_table(
        "clips",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("film_id", sa.Integer, nullable=False),
        sa.Column("start_s", sa.Float, nullable=False),
        sa.Column("end_s", sa.Float, nullable=False),
        sa.Column("principle_ids", sa.JSON, nullable=False),
        sa.Column("what_i_see", sa.Text, nullable=False),
        sa.Column("helping_question_ids", sa.JSON, nullable=False),
        sa.Column("better_than_usual", sa.Boolean, nullable=False),
        sa.Column("still_times_s", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clips"),
        sa.ForeignKeyConstraint(["film_id"], ["films.id"], name="fk_clips_film_id_films"),
    )
    op.create_index("ix_clips_film_id", "clips", ["film_id"])


def _create_reflection_tables() -> None:
    """Create the reflections."""
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("template_id", sa.String(120), nullable=False),
        sa.Column("template_version", sa.String(40), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=False),
        sa.Column("case_code", sa.String(16), nullable=True),
        sa.Column("cycle_number", sa.Integer, nullable=True),
        sa.Column("answers", sa.JSON, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reflections"),
        sa.ForeignKeyConstraint(
            ["author_id"], ["practitioners.id"], name="fk_reflections_author_id_practitioners"
        ),
        sa.ForeignKeyConstraint(
            ["case_code"], ["cases.code"], name="fk_reflections_case_code_cases"
        ),
    )
    op.create_index("ix_reflections_author_id", "reflections", ["author_id"])
    op.create_index("ix_reflections_case_code", "reflections", ["case_code"])


def upgrade() -> None:
    """Create every table of the first schema."""
    _create_people_tables()
    _create_case_tables()
    _create_helping_question_tables()
    _create_film_tables()
    _create_reflection_tables()


def downgrade() -> None:
    """Drop every table of the first schema."""
    for table in (
        "reflections",
        "clips",
        "films",
        "cycles",
        "ratings",
        "helping_questions",
        "consents",
        "cases",
        "drafts",
        "settings",
        "practitioners",
    ):
        op.drop_table(table)
