"""Outages in plain words (issue 27): a team's PostgreSQL that stops, and a SQLite store on a
read-only disk. Each against the real thing: a PostgreSQL cluster of the test's own, stopped
and started again; a tmpfs mounted read-only (as root, where mounting is allowed).
"""

from __future__ import annotations

import asyncio
import html
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from groupfixture import fill_tuesday_group

from vigkit.core.errors import StoreError
from vigkit.core.records import Practitioner
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.store.cluster import LocalPostgres, find_bin_dir
from vigkit.store.engine import RETRY_DELAYS_S
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.groupsession import LiveSessionView

WORDS = (
    "The team's database cannot be reached just now; what you typed is kept on this page "
    "and will be saved when it is back"
)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[LocalPostgres]:
    """A PostgreSQL cluster of this test's own, to stop and start."""
    if find_bin_dir() is None:
        if os.environ.get("VIGKIT_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is not installed here")
        pytest.skip("PostgreSQL is not installed here")
    own = LocalPostgres(tmp_path / "pg", fast=True).start()
    try:
        yield own
    finally:
        own.destroy()


def test_a_post_while_postgresql_is_down_says_so_is_kept_and_sent_when_it_is_back(
    cluster: LocalPostgres,
) -> None:
    url = cluster.create_database("vigkit")
    one, two = fill_tuesday_group(Store.open(url=url)), Store.open(url=url)
    try:
        session = one.open_live_session(1, "sue")
        joined = two.join_live_session(session.code, "ann")
        member = LiveSessionView(two, joined, two.get_practitioner("ann"), load_principles())
        cluster.stop()
        member.text.value = "Her smile when he sings"
        started = time.monotonic()
        assert member.post() is None
        waited = time.monotonic() - started
        said = html.unescape(member.post_status.value)
        assert WORDS in said
        assert "connection" not in said.lower() and "127.0.0.1" not in said
        assert member.text.value == "Her smile when he sings"  # kept on the page
        assert waited >= sum(RETRY_DELAYS_S) * 0.9  # it tried again before giving up

        cluster.start()  # back (on the same port): the board's poll sends what was kept

        async def poll_until_sent() -> None:
            polling = asyncio.create_task(member._poll_loop(0.1, None))
            deadline = time.monotonic() + 30
            while member.text.value and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            member.ended = True  # stops the loop
            await polling

        # In a thread of its own: a test earlier in the run may leave a loop in this one.
        worker = threading.Thread(target=lambda: asyncio.run(poll_until_sent()))
        worker.start()
        worker.join()
        assert member.text.value == ""
        texts = [post.text for post in one.session_posts(session.id or 0)]
        assert texts.count("Her smile when he sings") == 1
        assert member.post_status.value == ""
    finally:
        one.close()
        two.close()


def test_a_save_waits_for_a_postgresql_that_comes_back_within_seconds(
    cluster: LocalPostgres,
) -> None:
    url = cluster.create_database("vigkit")
    with Store.open(url=url) as store:
        store.add_practitioner(Practitioner(id="ann", display_name="Ann"))
        cluster.stop()
        back = threading.Timer(1.0, cluster.start)
        back.start()
        try:
            store.add_practitioner(Practitioner(id="bob", display_name="Bob"))  # no error
        finally:
            back.join()
        assert ["ann", "bob"] == sorted(p.id for p in store.list_practitioners())


def test_a_read_while_postgresql_is_down_says_so_in_plain_words(cluster: LocalPostgres) -> None:
    url = cluster.create_database("vigkit")
    with Store.open(url=url) as store:
        store.add_practitioner(Practitioner(id="ann", display_name="Ann"))
        cluster.stop()
        with pytest.raises(StoreError) as refused:
            store.list_practitioners()
        words = Interface().error(refused.value)
        assert "cannot be reached just now" in words and "psycopg" not in words


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of its own, to mount read-only: a real read-only disk."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a read-only disk needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "vigkit-test", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_store_on_a_read_only_disk_opens_for_reading(read_only_disk: Path) -> None:
    data = read_only_disk / "data"
    with Store.open(data) as store:
        store.add_practitioner(Practitioner(id="ann", display_name="Ann"))
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_disk)], check=True)
    assert not os.access(data, os.W_OK)

    with Store.open(data) as store:  # cleanly closed, no WAL beside it: still opens
        assert ["ann"] == [p.id for p in store.list_practitioners()]
        with pytest.raises(StoreError) as refused:
            store.add_practitioner(Practitioner(id="bob", display_name="Bob"))
    words = Interface().error(refused.value)
    assert "may only read" in words and "nothing can be saved" in words
    assert sorted(p.name for p in data.iterdir()) == [".migrate.lock", "vigkit.sqlite"]
