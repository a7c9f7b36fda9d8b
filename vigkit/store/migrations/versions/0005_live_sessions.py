"""Live group supervision: supervision groups (practitioners), their live sessions with a
board of posts, who joined, the presented clip and the facilitator's player position, and
calibration exercises with each member's tags.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

WHEN = sa.DateTime(timezone=True)
PERSON = sa.String(64)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    other, key = target.split(".")
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{other}")


def _create_supervision_group_tables() -> None:
    """Create the supervision groups and their members."""
    op.create_table(
        "supervision_groups",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_supervision_groups"),
    )
    t = "supervision_group_members"
    op.create_table(
        t,
        sa.Column("group_id", sa.Integer, nullable=False),
        sa.Column("practitioner_id", PERSON, nullable=False),
        sa.PrimaryKeyConstraint("group_id", "practitioner_id", name=f"pk_{t}"),
        _fk(t, "group_id", "supervision_groups.id"),
        _fk(t, "practitioner_id", "practitioners.id"),
    )
    op.create_index(f"ix_{t}_practitioner_id", t, ["practitioner_id"])


def _create_live_session_tables() -> None:
    """Create the live sessions, who joined them and their board's posts."""
    t = "live_sessions"
    op.create_table(
        t,
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("group_id", sa.Integer, nullable=False),
        sa.Column("facilitator_id", PERSON, nullable=False),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("ended_at", WHEN, nullable=True),
        sa.Column("film_id", sa.Integer, nullable=True),
        sa.Column("clip_start_s", sa.Float, nullable=False),
        sa.Column("clip_end_s", sa.Float, nullable=False),
        sa.Column("lead_position_s", sa.Float, nullable=False),
        sa.Column("lead_playing", sa.Boolean, nullable=False),
        sa.Column("lead_seq", sa.Integer, nullable=False),
        sa.Column("lead_moved_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("code", name=f"uq_{t}_code"),
        _fk(t, "group_id", "supervision_groups.id"),
        _fk(t, "facilitator_id", "practitioners.id"),
        _fk(t, "film_id", "films.id"),
    )
    op.create_index(f"ix_{t}_group_id", t, ["group_id"])
    t = "live_session_attendees"
    op.create_table(
        t,
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("practitioner_id", PERSON, nullable=False),
        sa.Column("joined_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("session_id", "practitioner_id", name=f"pk_{t}"),
        _fk(t, "session_id", "live_sessions.id"),
        _fk(t, "practitioner_id", "practitioners.id"),
    )
    op.create_index(f"ix_{t}_practitioner_id", t, ["practitioner_id"])
    t = "live_session_posts"
    op.create_table(
        t,
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("author_id", PERSON, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("principle_ids", sa.JSON, nullable=False),
        sa.Column("clip_time_s", sa.Float, nullable=True),
        sa.Column("posted_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "session_id", "live_sessions.id"),
        _fk(t, "author_id", "practitioners.id"),
    )
    op.create_index(f"ix_{t}_session_id_id", t, ["session_id", "id"])


def _create_calibration_tables() -> None:
    """Create the calibration exercises and each member's tags."""
    t = "live_calibrations"
    op.create_table(
        t,
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("film_id", sa.Integer, nullable=False),
        sa.Column("start_s", sa.Float, nullable=False),
        sa.Column("end_s", sa.Float, nullable=False),
        sa.Column("opened_at", WHEN, nullable=False),
        sa.Column("revealed_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        _fk(t, "session_id", "live_sessions.id"),
        _fk(t, "film_id", "films.id"),
    )
    op.create_index(f"ix_{t}_session_id", t, ["session_id"])
    t = "live_calibration_tags"
    op.create_table(
        t,
        sa.Column("calibration_id", sa.Integer, nullable=False),
        sa.Column("practitioner_id", PERSON, nullable=False),
        sa.Column("principle_ids", sa.JSON, nullable=False),
        sa.Column("tagged_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("calibration_id", "practitioner_id", name=f"pk_{t}"),
        _fk(t, "calibration_id", "live_calibrations.id"),
        _fk(t, "practitioner_id", "practitioners.id"),
    )


def upgrade() -> None:
    """Add the live session tables; nothing recorded before changes."""
    _create_supervision_group_tables()
    _create_live_session_tables()
    _create_calibration_tables()


def downgrade() -> None:
    """Drop the live session tables (practitioners, films and clips stay)."""
    for table in (
        "live_calibration_tags",
        "live_calibrations",
        "live_session_posts",
        "live_session_attendees",
        "live_sessions",
        "supervision_group_members",
        "supervision_groups",
    ):
        op.drop_table(table)
