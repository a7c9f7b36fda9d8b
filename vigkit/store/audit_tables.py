"""The audit trail's table (migration 0006), on the shared ``metadata`` (schema_base).

Append-only: the store has no update or delete for it, and database triggers (made by the
migration, on SQLite and PostgreSQL) refuse both. It holds logins, actions, ids and the
policy's reason — never a family's words.
"""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.store.schema_base import PRACTITIONER_ID, SHORT, WHEN, metadata

__all__ = ["audit_events", "audit_erasures"]

audit_events = sa.Table(
    "audit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", WHEN, nullable=False),
    sa.Column("login", PRACTITIONER_ID, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("ident", sa.String(64), nullable=False),
    sa.Column("allowed", sa.Boolean, nullable=False),
    sa.Column("reason", SHORT, nullable=False),
    sa.Column("door", SHORT, nullable=False),
    sa.Index(None, "ident"),
    sa.Index(None, "login"),
)

# Only inside the transaction erasing a case (migration 0007): the code whose earlier audit
# lines the triggers then let go, folded into the one line of the erasure.
audit_erasures = sa.Table(
    "audit_erasures",
    metadata,
    sa.Column("ident", sa.String(64), primary_key=True),
)
