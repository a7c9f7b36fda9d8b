"""A page's ear on its live session: on PostgreSQL a post, or the facilitator moving the
presented clip, wakes the listening pages as soon as it commits; on SQLite there is nothing
to listen to and pages poll, as they always can."""

from __future__ import annotations

import pytest

from tests.ownloop import run_on_own_loop
from tests.test_store_sessions import opened  # noqa: F401 - the fixture
from vigkit.store import Store
from vigkit.store.listening import listen_for_session

pytestmark = pytest.mark.both_databases


def test_a_post_and_a_move_wake_a_listening_page(
    opened: tuple[Store, int],  # noqa: F811
    store_url: str,
    engine: str,
) -> None:
    store, session_id = opened

    async def listen() -> list[bool]:
        nudges = await listen_for_session(store, session_id)
        if engine == "sqlite":
            assert nudges is None
            return []
        assert nudges is not None and nudges.listening
        heard = [await nudges.wait(0.2)]  # nothing changed: the wait times out
        with Store.open(url=store_url) as writer:  # another member's kernel
            writer.sessions.add_post(session_id, "ann", "what the baby does next")
            heard.append(await nudges.wait(10))
            heard.append(await nudges.wait(0.2))  # one change, one wake
            writer.sessions.set_lead_position(session_id, "sue", 12.5, True)
            heard.append(await nudges.wait(10))
        await nudges.close()
        return heard

    heard = run_on_own_loop(listen)
    assert heard == ([] if engine == "sqlite" else [False, True, False, True])


def test_a_page_on_another_session_is_not_woken(
    opened: tuple[Store, int],  # noqa: F811
    store_url: str,
    engine: str,
) -> None:
    store, session_id = opened
    if engine == "sqlite":  # nothing to listen to: the page polls
        assert run_on_own_loop(lambda: listen_for_session(store, session_id)) is None
        return

    async def listen() -> bool:
        nudges = await listen_for_session(store, session_id + 1000)
        assert nudges is not None
        store.sessions.add_post(session_id, "ann", "for the other session")
        heard = await nudges.wait(0.5)
        await nudges.close()
        return heard

    assert run_on_own_loop(listen) is False


def test_a_lost_connection_stops_the_listening_and_the_page_polls(
    opened: tuple[Store, int],  # noqa: F811
    store_url: str,
    engine: str,
) -> None:
    """The server ends the listening connection: the page knows at once (and polls)."""
    import asyncio

    import pytest
    import sqlalchemy as sa

    if engine == "sqlite":
        pytest.skip("SQLite has nothing to listen to")
    store, session_id = opened

    async def lose() -> tuple[bool, bool]:
        nudges = await listen_for_session(store, session_id)
        assert nudges is not None
        before = nudges.listening
        pid = nudges._conn.pgconn.backend_pid  # noqa: SLF001
        with Store.open(url=store_url) as other, other._engine.connect() as conn:  # noqa: SLF001
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        for _ in range(100):
            if not nudges.listening:
                break
            await asyncio.sleep(0.05)
        after = nudges.listening
        await nudges.close()
        return before, after

    assert (True, False) == run_on_own_loop(lose)
