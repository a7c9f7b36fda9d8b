"""The supervision tables (migration 0004), on the shared ``metadata`` (schema_base).

A signed record is never updated: a later change is a row of ``supervision_amendments``
beside it (who, when, what changed, why).
"""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import PRACTITIONER_ID, WHEN, metadata

__all__ = ["supervisions", "supervision_amendments"]

supervisions = sa.Table(
    "supervisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("trainee_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("supervisor_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=True),
    sa.Column("template_id", sa.String(120), nullable=False),
    sa.Column("template_version", sa.String(40), nullable=False),
    sa.Column("held_on", sa.Date, nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("duration_minutes", sa.Integer, nullable=False),
    sa.Column("stage", sa.Integer, nullable=True),
    sa.Column("transition_meeting", sa.Boolean, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_by", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("created_at", WHEN, nullable=False),
    sa.Column("updated_at", WHEN, nullable=False),
    # Both NULL until the supervisor signs; afterwards the row is never updated.
    sa.Column("signed_by", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=True),
    sa.Column("signed_at", WHEN, nullable=True),
    sa.Index(None, "trainee_id"),
    sa.Index(None, "supervisor_id"),
)

supervision_amendments = sa.Table(
    "supervision_amendments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("supervision_id", sa.Integer, sa.ForeignKey("supervisions.id"), nullable=False),
    sa.Column("author_id", PRACTITIONER_ID, sa.ForeignKey("practitioners.id"), nullable=False),
    sa.Column("made_at", WHEN, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    # {question id: {"before": ..., "after": ...}} for each answer the amendment changes.
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Index(None, "supervision_id"),
)
