"""The saves already made, by their identity (migration 0009), on the shared ``metadata``."""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import WHEN, metadata

__all__ = ["submissions"]

#: One row per save that went through: the identity its form sent, what kind of record it
#: made and that record's id. A second click, a retry or a reloaded page sending the same
#: identity gets the record back instead of a second one.
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("record_id", sa.Integer, nullable=False),
    sa.Column("at", WHEN, nullable=False),
    sa.Index(None, "kind", "record_id"),
)
