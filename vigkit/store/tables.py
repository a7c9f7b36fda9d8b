"""The schema as SQLAlchemy Core tables, portable types only (SQLite now, PostgreSQL later).

This module holds the tables of migrations 0001-0003 and 0010 (the people seen in films) and imports the later eras'
(``supervision_tables``, ``session_tables``), so ``tables.metadata`` has every table and
``tables.<name>`` is any table. The shared ``metadata`` and column types are in
``schema_base``, which the era modules import (they never import ``tables``).

Keep this in step with ``migrations/versions``: ``tests/test_store.py`` compares the two.
"""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import CODE, PRACTITIONER_ID, SHORT, WHEN, metadata

__all__ = [
    "HEAD_REVISION",
    "metadata",
    "practitioners",
    "settings",
    "cases",
    "consents",
    "helping_questions",
    "ratings",
    "cycles",
    "films",
    "clips",
    "reflections",
    "drafts",
    "groups",
    "group_members",
    "group_sessions",
    "group_attendance",
    "group_films",
    "template_versions",
]

# The newest migration in ``migrations/versions``; opening a store compares the database to this
# without loading alembic, so an up-to-date database opens fast.
HEAD_REVISION = "0013"

practitioners = sa.Table(
    "practitioners",
    metadata,
    sa.Column("id", PRACTITIONER_ID, primary_key=True),
    sa.Column("display_name", sa.String(120), nullable=False),
    sa.Column("roles", sa.JSON, nullable=False),
    sa.Column("stage", sa.Integer, nullable=True),
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("code", CODE, primary_key=True),
    sa.Column(
        "practitioner_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False
    ),
    sa.Column("setting", SHORT, nullable=False),
    sa.Column("age_weeks_pregnant", sa.Integer, nullable=True),
    sa.Column("age_months", sa.Integer, nullable=True),
    sa.Column("referral_reason", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    # migration 0008: whether the family was eligible for a video feedback programme
    sa.Column("eligible", sa.Boolean, nullable=True),
    sa.Index(None, "practitioner_id"),
)

consents = sa.Table(
    "consents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), nullable=False),
    sa.Column("given_on", sa.Date, nullable=False),
    sa.Column("filming", sa.Boolean, nullable=False),
    sa.Column("supervisor_viewing", sa.Boolean, nullable=False),
    sa.Column("intervision", sa.Boolean, nullable=False),
    sa.Column("training_events", sa.Boolean, nullable=False),
    sa.Column("group_viewing", sa.Boolean, nullable=False),
    # migration 0011: a copy of the family's clips for them to keep
    sa.Column("family_copy", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("withdrawn_on", sa.Date, nullable=True),
    sa.Column("retention_months", sa.Integer, nullable=False),
    sa.Column("recorded_at", WHEN, nullable=False),
    # NULL for the current consent of a case; set when a later consent replaces it.
    sa.Column("superseded_at", WHEN, nullable=True),
    sa.Index(None, "case_code"),
)

helping_questions = sa.Table(
    "helping_questions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("words", sa.Text, nullable=False),
    sa.Column("hoped_for", sa.Integer, nullable=True),
    sa.Index(None, "case_code"),
)

ratings = sa.Table(
    "ratings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "helping_question_id",
        sa.Integer,
        sa.ForeignKey("helping_questions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("value", sa.Integer, nullable=False),
    sa.Column("rated_on", sa.Date, nullable=False),
    sa.Column("occasion", SHORT, nullable=False),
    sa.Index(None, "helping_question_id"),
)

cycles = sa.Table(
    "cycles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), nullable=False),
    sa.Column("number", sa.Integer, nullable=False),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("working_point", sa.Text, nullable=False),
    sa.UniqueConstraint("case_code", "number"),
)

films = sa.Table(
    "films",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_code", CODE, nullable=False),
    sa.Column("cycle_number", sa.Integer, nullable=False),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("duration_s", sa.Float, nullable=False),
    sa.Column("filmed_on", sa.Date, nullable=False),
    sa.Column("context", SHORT, nullable=False),
    # migration 0007: when the footage is due to go, when it went and who deleted it
    sa.Column("footage_due_on", sa.Date, nullable=True),
    sa.Column("footage_deleted_on", sa.Date, nullable=True),
    sa.Column("footage_deleted_by", PRACTITIONER_ID, nullable=True),
    sa.ForeignKeyConstraint(["case_code", "cycle_number"], ["cycles.case_code", "cycles.number"]),
    sa.Index(None, "case_code", "cycle_number"),
)

clips = sa.Table(
    "clips",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("film_id", sa.Integer, sa.ForeignKey("films.id"), nullable=False),
    sa.Column("start_s", sa.Float, nullable=False),
    sa.Column("end_s", sa.Float, nullable=False),
    sa.Column("principle_ids", sa.JSON, nullable=False),
    sa.Column("what_i_see", sa.Text, nullable=False),
    sa.Column("helping_question_ids", sa.JSON, nullable=False),
    sa.Column("better_than_usual", sa.Boolean, nullable=False),
    sa.Column("still_times_s", sa.JSON, nullable=False),
    sa.Index(None, "film_id"),
)

reflections = sa.Table(
    "reflections",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("template_id", sa.String(120), nullable=False),
    sa.Column("template_version", sa.String(40), nullable=False),
    sa.Column("author_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), nullable=True),
    sa.Column("cycle_number", sa.Integer, nullable=True),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.Index(None, "author_id"),
    sa.Index(None, "case_code"),
)

drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("key", sa.String(300), primary_key=True),
    sa.Column("template_id", sa.String(120), nullable=False),
    sa.Column("template_version", sa.String(40), nullable=False),
    sa.Column("author_id", PRACTITIONER_ID, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.Column("submission", sa.String(64), nullable=True),  # migration 0009
)


# -- group VIG (migration 0002) -------------------------------------------------------------

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("code", CODE, primary_key=True),
    sa.Column(
        "practitioner_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False
    ),
    sa.Column("title", SHORT, nullable=False),
    sa.Column("setting", SHORT, nullable=False),
    sa.Column("opened_on", sa.Date, nullable=False),
    sa.Column("closed_on", sa.Date, nullable=True),
    sa.Index(None, "practitioner_id"),
)

# A member family is an ordinary case, with its own consent.
group_members = sa.Table(
    "group_members",
    metadata,
    sa.Column("group_code", CODE, sa.ForeignKey("groups.code"), primary_key=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), primary_key=True),
    sa.Index(None, "case_code"),
)

group_sessions = sa.Table(
    "group_sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("group_code", CODE, sa.ForeignKey("groups.code"), nullable=False),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Index(None, "group_code"),
)

group_attendance = sa.Table(
    "group_attendance",
    metadata,
    sa.Column("session_id", sa.Integer, sa.ForeignKey("group_sessions.id"), primary_key=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), primary_key=True),
    sa.Index(None, "case_code"),
)

# A film filmed at a group session. The film keeps its one case (so each clip belongs to one
# family); film_id as the key means a film belongs to at most one session.
group_films = sa.Table(
    "group_films",
    metadata,
    sa.Column(
        "film_id", sa.Integer, sa.ForeignKey("films.id"), primary_key=True, autoincrement=False
    ),
    sa.Column("session_id", sa.Integer, sa.ForeignKey("group_sessions.id"), nullable=False),
    sa.Index(None, "session_id"),
)

# A copy of each question set as first saved with (migration 0003): id + version -> body.
template_versions = sa.Table(
    "template_versions",
    metadata,
    sa.Column("template_id", sa.String(120), primary_key=True),
    sa.Column("version", sa.String(40), primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("body", sa.JSON, nullable=False),
    sa.Column("saved_at", WHEN, nullable=False),
)

# The supervision tables (migration 0004) live in their own module, on the same metadata;
# imported after the tables above, so the metadata lists every table in migration order.
from vigkit.store.supervision_tables import supervision_amendments, supervisions  # noqa: E402

__all__ += ["supervisions", "supervision_amendments"]

# The live group supervision tables (migration 0005), likewise.
from vigkit.store.session_tables import (  # noqa: E402
    live_calibration_tags,
    live_calibrations,
    live_session_attendees,
    live_session_posts,
    live_sessions,
    supervision_group_members,
    supervision_groups,
)

__all__ += [
    "supervision_groups",
    "supervision_group_members",
    "live_sessions",
    "live_session_attendees",
    "live_session_posts",
    "live_calibrations",
    "live_calibration_tags",
]

# The audit trail (migration 0006), likewise.
from vigkit.store.audit_tables import audit_erasures, audit_events  # noqa: E402

__all__ += ["audit_events", "audit_erasures"]

# The outcome measures (migration 0008), likewise.
from vigkit.store.measure_tables import measure_scores  # noqa: E402

__all__ += ["measure_scores"]

# -- saves made once (migration 0009) --------------------------------------------------------
from vigkit.store.submission_tables import submissions  # noqa: E402

__all__ += ["submissions"]

# -- the people seen in films and their face boxes (migration 0010) -------------------------
# ``case_code`` names another family of the group (kind ``other_family``) and is not a
# foreign key: a family's erasure makes the person unknown
# (:func:`vigkit.store.filmpeople.forget_case_in_films`), it does not remove them.

__all__ += ["film_people", "film_person_boxes"]

film_people = sa.Table(
    "film_people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("film_id", sa.Integer, sa.ForeignKey("films.id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("case_code", CODE, nullable=True),
    sa.Column("label", SHORT, nullable=False),
    sa.Column("agrees", sa.Boolean, nullable=True),
    sa.Column("left_at_s", sa.Float, nullable=True),
    sa.Column("updated_at", WHEN, nullable=False),
    sa.Index(None, "film_id"),
    sa.Index(None, "case_code"),
)

film_person_boxes = sa.Table(
    "film_person_boxes",
    metadata,
    sa.Column(
        "person_id",
        sa.Integer,
        sa.ForeignKey("film_people.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    sa.Column("t_s", sa.Float, primary_key=True),
    sa.Column("x", sa.Integer, nullable=False),
    sa.Column("y", sa.Integer, nullable=False),
    sa.Column("w", sa.Integer, nullable=False),
    sa.Column("h", sa.Integer, nullable=False),
    sa.Column("kept", sa.Boolean, nullable=False),
)

# -- who confirmed a film's people, and when (migration 0012) --------------------------------
# One row per film whose people the practitioner saved ("Save who is in this film"); a group
# session's film without one is shown to nobody else (:func:`vigkit.core.access.decide`).

__all__ += ["film_people_confirmed"]

film_people_confirmed = sa.Table(
    "film_people_confirmed",
    metadata,
    sa.Column(
        "film_id", sa.Integer, sa.ForeignKey("films.id"), primary_key=True, autoincrement=False
    ),
    sa.Column("confirmed_at", WHEN, nullable=False),
    sa.Column("confirmed_by", PRACTITIONER_ID, nullable=False),
)

# -- the stretches of a film to silence (migration 0013) -------------------------------------
# Seconds in which a name or an address is spoken: silenced in every rendering of the film for
# any use (:mod:`vigkit.media.renderings`). They go with the film's people.

__all__ += ["film_muted"]

film_muted = sa.Table(
    "film_muted",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("film_id", sa.Integer, sa.ForeignKey("films.id", ondelete="CASCADE"), nullable=False),
    sa.Column("start_s", sa.Float, nullable=False),
    sa.Column("end_s", sa.Float, nullable=False),
    sa.Column("marked_by", PRACTITIONER_ID, nullable=False),
    sa.Column("marked_at", WHEN, nullable=False),
    sa.Index(None, "film_id"),
)
