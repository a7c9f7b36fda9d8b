"""The outcome measures' table (migration 0008), on the shared ``metadata`` (schema_base)."""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import CODE, PRACTITIONER_ID, SHORT, WHEN, metadata

__all__ = ["measure_scores"]

measure_scores = sa.Table(
    "measure_scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("case_code", CODE, sa.ForeignKey("cases.code"), nullable=False),
    sa.Column("measure_id", sa.String(60), nullable=False),
    sa.Column("measure_version", sa.String(40), nullable=False),
    sa.Column("taken_on", sa.Date, nullable=False),
    sa.Column("occasion", SHORT, nullable=False),
    sa.Column("total", sa.Float, nullable=False),
    sa.Column("items", sa.JSON, nullable=False),
    sa.Column("risk_raised", sa.Boolean, nullable=False),
    sa.Column("risk_shown_at", WHEN, nullable=True),
    sa.Column("entered_by", PRACTITIONER_ID, nullable=False),
    sa.Column("entered_at", WHEN, nullable=False),
    sa.Index(None, "case_code"),
)
