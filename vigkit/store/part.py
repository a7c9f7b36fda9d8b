"""One part of the store (``store.cases``, ``store.films`` ...): its own tables and queries,
over the store's one engine and transaction machinery (:class:`vigkit.store.engine.StoreBase`)."""

from __future__ import annotations

from contextlib import AbstractContextManager

from sqlalchemy import Connection

from vigkit.store.engine import StoreBase

__all__ = ["Part"]


class Part:
    """A part of a :class:`vigkit.store.Store`; it shares the store's transactions."""

    def __init__(self, store: StoreBase) -> None:
        """Read and write through ``store``'s engine (parts hold no connection of their own)."""
        self._store = store

    def _tx(self) -> AbstractContextManager[Connection]:
        """One write transaction of the store: everything in it is saved, or nothing is."""
        return self._store._tx()

    def _read(self) -> AbstractContextManager[Connection]:
        """One read transaction of the store, so several queries see the same state."""
        return self._store._read()

    def __repr__(self) -> str:
        """Name the part and its store."""
        return f"{type(self).__name__}({self._store!r})"
