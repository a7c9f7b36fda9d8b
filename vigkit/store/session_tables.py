"""The live group supervision tables (migration 0005), on the shared ``metadata`` (schema_base).

A supervision group is practitioners (not families: see ``groups`` for group VIG). A live
session belongs to one supervision group; its board is ``live_session_posts``, read by each
open page as "posts after id N", which the index on (session_id, id) answers from the index.
"""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import PRACTITIONER_ID, SHORT, WHEN, metadata

__all__ = [
    "supervision_groups",
    "supervision_group_members",
    "live_sessions",
    "live_session_attendees",
    "live_session_posts",
    "live_calibrations",
    "live_calibration_tags",
]

supervision_groups = sa.Table(
    "supervision_groups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", SHORT, nullable=False),
    sa.Column("created_on", sa.Date, nullable=False),
)

supervision_group_members = sa.Table(
    "supervision_group_members",
    metadata,
    sa.Column("group_id", sa.Integer, sa.ForeignKey("supervision_groups.id"), primary_key=True),
    sa.Column(
        "practitioner_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), primary_key=True
    ),
    sa.Index(None, "practitioner_id"),
)

# The presented clip and the facilitator's player live on the session row: a member's page
# reads them with the posts, in one read, and compares lead_seq to what it last applied.
live_sessions = sa.Table(
    "live_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(12), nullable=False, unique=True),
    sa.Column("group_id", sa.Integer, sa.ForeignKey("supervision_groups.id"), nullable=False),
    sa.Column("facilitator_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("started_at", WHEN, nullable=False),
    sa.Column("ended_at", WHEN, nullable=True),
    sa.Column("film_id", sa.Integer, sa.ForeignKey("films.id"), nullable=True),
    sa.Column("clip_start_s", sa.Float, nullable=False),
    sa.Column("clip_end_s", sa.Float, nullable=False),
    sa.Column("lead_position_s", sa.Float, nullable=False),
    sa.Column("lead_playing", sa.Boolean, nullable=False),
    sa.Column("lead_seq", sa.Integer, nullable=False),
    sa.Column("lead_moved_at", WHEN, nullable=True),
    sa.Index(None, "group_id"),
)

live_session_attendees = sa.Table(
    "live_session_attendees",
    metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("live_sessions.id"), primary_key=True),
    sa.Column(
        "practitioner_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), primary_key=True
    ),
    sa.Column("joined_at", WHEN, nullable=False),
    sa.Index(None, "practitioner_id"),
)

live_session_posts = sa.Table(
    "live_session_posts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("live_sessions.id"), nullable=False),
    sa.Column("author_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("principle_ids", sa.JSON, nullable=False),
    sa.Column("clip_time_s", sa.Float, nullable=True),
    sa.Column("posted_at", WHEN, nullable=False),
    sa.Index(None, "session_id", "id"),
)

live_calibrations = sa.Table(
    "live_calibrations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("live_sessions.id"), nullable=False),
    sa.Column("film_id", sa.Integer, sa.ForeignKey("films.id"), nullable=False),
    sa.Column("start_s", sa.Float, nullable=False),
    sa.Column("end_s", sa.Float, nullable=False),
    sa.Column("opened_at", WHEN, nullable=False),
    sa.Column("revealed_at", WHEN, nullable=True),
    sa.Index(None, "session_id"),
)

live_calibration_tags = sa.Table(
    "live_calibration_tags",
    metadata,
    sa.Column(
        "calibration_id", sa.Integer, sa.ForeignKey("live_calibrations.id"), primary_key=True
    ),
    sa.Column(
        "practitioner_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), primary_key=True
    ),
    sa.Column("principle_ids", sa.JSON, nullable=False),
    sa.Column("tagged_at", WHEN, nullable=False),
)
