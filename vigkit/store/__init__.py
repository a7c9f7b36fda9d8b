"""vigkit's database: :class:`Store` reads and writes the records of :mod:`vigkit.core.records`
and :mod:`vigkit.core.supervisionrecords`, through its parts (``store.cases``, ``store.films``,
``store.sessions`` ...: :data:`vigkit.store.api.PARTS`)."""

from __future__ import annotations

from vigkit.store.api import Store
from vigkit.store.groups import GroupNotFound, NotAMember
from vigkit.store.sessions import NotInSupervisionGroup, SessionNotFound
from vigkit.store.supervision import NotASupervisor, RecordLocked

__all__ = ["Store", "open_store", "GroupNotFound", "NotAMember", "RecordLocked", "NotASupervisor"]
__all__ += ["NotInSupervisionGroup", "SessionNotFound"]

open_store = Store.open
