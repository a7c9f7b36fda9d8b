"""The audit trail in the store: append an event, read the trail. There is no update or
delete here, and the database's triggers refuse both (migration 0006)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from vigkit.core.audit import AuditEvent
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Audit"]


class Audit(Part):
    """``store.audit``: the audit trail."""

    def record(self, event: AuditEvent) -> AuditEvent:
        """Append ``event`` to the trail; returns it with its id."""
        values = {
            "at": q.utc(event.at),
            "login": event.login[:64],
            "action": event.action[:16],
            "kind": event.kind[:32],
            "ident": event.ident[:64],
            "allowed": event.allowed,
            "reason": event.reason[:300],
            "door": event.door[:300],
        }
        with self._tx() as conn:
            ident = q.new_id(conn.execute(t.audit_events.insert().values(**values)))
        return AuditEvent(**{**values, "id": ident, "at": event.at})  # type: ignore[arg-type]

    def trail(
        self,
        *,
        ident: str | None = None,
        login: str | None = None,
        since: datetime | None = None,
    ) -> list[AuditEvent]:
        """The trail, oldest first: about one resource id (a case code…), one login, or since."""
        a = t.audit_events
        query = sa.select(a).order_by(a.c.at, a.c.id)
        if ident is not None:
            query = query.where(a.c.ident == ident)
        if login is not None:
            query = query.where(a.c.login == login)
        if since is not None:
            query = query.where(a.c.at >= q.utc(since))
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [AuditEvent(**(row._asdict() | {"at": q.utc(row.at)})) for row in rows]
