"""Saves made once: a form sends the same identity with every try of one save.

A second click, a retry after a reported failure or a page reloaded with its draft sends the
identity again; :func:`made_before` finds the record the first try made, and the caller returns
it instead of storing a second one. :func:`remember` writes the identity in the same
transaction as the record, so both are kept or neither is.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core.records import now
from vigkit.store import rows as q
from vigkit.store.submission_tables import submissions

__all__ = ["made_before", "remember"]


def made_before(conn: Connection, key: str | None, kind: str) -> int | None:
    """The id of the ``kind`` record an earlier try of the save ``key`` made, or None."""
    if key is None:
        return None
    s = submissions
    row = conn.execute(sa.select(s.c.kind, s.c.record_id).where(s.c.key == key)).first()
    if row is None or row.kind != kind:
        return None
    return int(row.record_id)


def remember(conn: Connection, key: str | None, kind: str, record_id: int) -> None:
    """Keep ``key`` as the save that made the ``kind`` record ``record_id`` (in the caller's
    transaction); nothing when the save has no identity."""
    if key is not None:  # replaces a key whose record was since erased (nothing else can)
        q.upsert(
            conn, submissions, {"key": key}, {"kind": kind, "record_id": record_id, "at": now()}
        )
