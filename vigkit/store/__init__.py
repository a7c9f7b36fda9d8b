"""vigkit's database: :class:`Store` reads and writes the records of :mod:`vigkit.records`."""

from __future__ import annotations

from vigkit.store.api import Store

__all__ = ["Store", "open_store"]

open_store = Store.open
