"""Governance: footage deleted when its retention ends, and a case's erasure.

- ``films`` gains when its footage is due to go, when it went and who deleted or confirmed
  deleting it (the film's record and its clips stay: they are the practitioner's notes).
- ``audit_erasures`` holds, only inside the transaction that erases a case, the case code
  whose earlier audit lines are folded into the one line "case … erased". The triggers that
  keep the audit trail append-only let a DELETE through for such a code and nothing else;
  UPDATE stays refused.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

_REFUSAL = "the audit trail is append-only"


def upgrade() -> None:
    with op.batch_alter_table("films") as batch:
        batch.add_column(sa.Column("footage_due_on", sa.Date, nullable=True))
        batch.add_column(sa.Column("footage_deleted_on", sa.Date, nullable=True))
        batch.add_column(sa.Column("footage_deleted_by", sa.String(64), nullable=True))
    op.create_table(
        "audit_erasures",
        sa.Column("ident", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("ident", name="pk_audit_erasures"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION vigkit_audit_append_only() RETURNS trigger "
            "LANGUAGE plpgsql AS $$ BEGIN "
            "IF TG_OP = 'DELETE' AND EXISTS "
            "(SELECT 1 FROM audit_erasures WHERE ident = OLD.ident) THEN RETURN OLD; END IF; "
            "RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
    else:
        op.execute("DROP TRIGGER audit_events_no_delete")
        op.execute(
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
            "WHEN NOT EXISTS (SELECT 1 FROM audit_erasures WHERE ident = OLD.ident) "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION vigkit_audit_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{_REFUSAL}'; END $$"
        )
    else:
        op.execute("DROP TRIGGER audit_events_no_delete")
        op.execute(
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
            "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )
    op.drop_table("audit_erasures")
    with op.batch_alter_table("films") as batch:
        batch.drop_column("footage_deleted_by")
        batch.drop_column("footage_deleted_on")
        batch.drop_column("footage_due_on")
