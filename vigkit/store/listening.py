"""A page's ear on its live session: PostgreSQL's LISTEN, so a post or a move of the
presented clip reaches the other members' pages as soon as it commits.

The writers NOTIFY (:func:`vigkit.store.session_rows.nudge`); a page's poll waits on
:meth:`SessionNudges.wait` instead of sleeping, and re-reads the board when nudged or when
the wait times out. Polling stays the fallback: a lost connection or a SQLite store just
means the page polls as before. A nudge carries nothing: the page reads what is there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from vigkit.store.session_rows import session_channel

if TYPE_CHECKING:
    from vigkit.store.engine import StoreBase

__all__ = ["SessionNudges", "listen_for_session"]

log = logging.getLogger(__name__)


class SessionNudges:
    """Set when the session changed since the last wait; one connection of its own.

    The connection's socket is watched by the event loop itself (``add_reader``): an idle
    page costs nothing until PostgreSQL sends something. (psycopg's own ``notifies()``
    wakes every tenth of a second to look, which twenty idle pages turned into 5% of a
    core.)"""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._changed = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        self._fd = conn.pgconn.socket
        self._open = True
        self._loop.add_reader(self._fd, self._readable)

    def _readable(self) -> None:
        """Something came from the server: read it, and note any notification."""
        pgconn = self._conn.pgconn
        try:
            pgconn.consume_input()
            while pgconn.notifies() is not None:
                self._changed.set()
        except Exception:  # noqa: BLE001 - the connection went: the page polls on its own
            log.info("the live session's notifications stopped; polling carries on")
            self._stop_reading()

    def _stop_reading(self) -> None:
        if self._open:
            self._open = False
            self._loop.remove_reader(self._fd)

    @property
    def listening(self) -> bool:
        return self._open

    async def wait(self, timeout: float) -> bool:
        """Wait until the session changes or ``timeout`` seconds pass; True when it changed."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)
        changed = self._changed.is_set()
        self._changed.clear()
        return changed

    async def close(self) -> None:
        self._stop_reading()
        with contextlib.suppress(Exception):
            await self._conn.close()


async def listen_for_session(store: StoreBase, session_id: int) -> SessionNudges | None:
    """Nudges for ``session_id`` on a PostgreSQL store; None on SQLite or when the store
    cannot be listened to (the page then polls, as it always can)."""
    url: sa.URL = store._engine.url  # noqa: SLF001 - the store's own package
    if url.get_backend_name() != "postgresql":
        return None
    import psycopg

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
        await conn.execute(f'LISTEN "{session_channel(session_id)}"')
    except psycopg.Error as exc:
        log.warning("cannot listen for the live session (%s); polling instead", exc)
        return None
    return SessionNudges(conn)
