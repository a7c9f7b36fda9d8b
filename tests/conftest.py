"""Shared fixtures: stores on a temporary SQLite file, in memory, and on PostgreSQL.

A test marked ``both_databases`` that uses ``store``, ``memory_store``, ``store_url`` or
``empty_url`` runs once on SQLite and once on a PostgreSQL cluster started for the session
(:class:`vigkit.store.cluster.LocalPostgres`); the store's own suite (``test_store*.py``,
``test_accessfacts.py``) is marked so module by module. A test using a store must say which
it is: ``both_databases``, or ``sqlite_only`` (a page or a document tested over the store,
whose queries the store's suite covers on both) — an unmarked one stops the run before it
starts, so a store test can never run on SQLite alone unnoticed. ``make test`` sets
``VIGKIT_REQUIRE_POSTGRES=1``, so there a missing PostgreSQL fails rather than skips. On
PostgreSQL a migrated store is reached as the team's app role (vigkit/store/roles.py), so
every store test also checks that role's rights are enough.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from vigkit.store import Store
from vigkit.store.cluster import LocalPostgres, find_bin_dir
from vigkit.store.roles import APP_ROLE, OWNER_ROLE

ENGINES = ("sqlite", "postgresql")
_HEAD = "vigkit_head"
_names = itertools.count(1)


MARKS = ("both_databases", "sqlite_only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the tests marked ``both_databases`` on both databases."""
    marked = metafunc.definition.get_closest_marker("both_databases") is not None
    if "engine" in metafunc.fixturenames and marked:
        metafunc.parametrize("engine", ENGINES, indirect=True)


def unmarked_store_tests(items: list[pytest.Item]) -> list[str]:
    """The tests using a store (its ``engine``) that say neither which databases nor why."""
    return [
        item.nodeid
        for item in items
        if "engine" in getattr(item, "fixturenames", ())
        and not any(item.get_closest_marker(mark) for mark in MARKS)
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    unmarked = unmarked_store_tests(items)
    if unmarked:
        raise pytest.UsageError(
            "these tests use a store but are marked neither both_databases nor sqlite_only: "
            + ", ".join(unmarked)
        )


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """Which database a store test runs on: SQLite unless the store suite says otherwise."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[LocalPostgres]:
    """A throwaway PostgreSQL cluster for the session, with a migrated database to copy."""
    if find_bin_dir() is None:
        message = "PostgreSQL is not installed here (make test installs Debian's postgresql)"
        if os.environ.get("VIGKIT_REQUIRE_POSTGRES"):
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="vigkit-pg-"))
    cluster = LocalPostgres(folder, fast=True).start()
    try:
        cluster.team_roles(_HEAD)  # owned and migrated by the owner role, as a team's store
        yield cluster
    finally:
        cluster.destroy()


def _postgres_url(request: pytest.FixtureRequest, *, migrated: bool) -> Iterator[str]:
    """A database of the test's own: a migrated one is reached as the app role, as a team's
    servers reach theirs (not a superuser; the audit trail only read and added to)."""
    cluster: LocalPostgres = request.getfixturevalue("postgres")
    name = f"test_{os.getpid()}_{next(_names)}"
    url = cluster.create_database(name, template=_HEAD if migrated else "template0")
    if migrated:
        url = cluster.role_url(APP_ROLE, name)
    try:
        yield url
    finally:
        cluster.drop_database(name)


@pytest.fixture
def store_url(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database of the test's own: on PostgreSQL, or the SQLite file of the data
    directory ``tmp_path / "data"``."""
    if engine == "postgresql":
        yield from _postgres_url(request, migrated=True)
        return
    url = f"sqlite:///{tmp_path / 'data' / 'vigkit.sqlite'}"
    Store.open(tmp_path / "data").close()
    yield url


@pytest.fixture
def owner_url(store_url: str, request: pytest.FixtureRequest) -> str:
    """``store_url``'s database as the role that owns its tables (on SQLite, the same URL):
    for a test that does what only a migration may."""
    url = sa.make_url(store_url)
    if url.get_backend_name() != "postgresql":
        return store_url
    cluster: LocalPostgres = request.getfixturevalue("postgres")
    return cluster.role_url(OWNER_ROLE, str(url.database))


@pytest.fixture
def empty_url(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Like ``store_url``, but nothing in it yet: not even vigkit's tables."""
    if engine == "postgresql":
        yield from _postgres_url(request, migrated=False)
        return
    yield f"sqlite:///{tmp_path / 'empty.sqlite'}"


@pytest.fixture
def store(engine: str, store_url: str, tmp_path: Path) -> Iterator[Store]:
    """A fresh store: on a SQLite file in a temporary data directory (or PostgreSQL in the
    store suite), closed afterwards."""
    opened = Store.open(tmp_path / "data") if engine == "sqlite" else Store.open(url=store_url)
    yield opened
    opened.close()


@pytest.fixture
def memory_store(engine: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A fresh in-memory store (a fresh PostgreSQL database in the store suite), closed after."""
    if engine == "postgresql":
        opened = Store.open(url=request.getfixturevalue("store_url"))
    else:
        opened = Store.in_memory()
    yield opened
    opened.close()


def _demo_home(data: Path) -> Iterator[Path]:
    """The demo caseload in ``data``, used as $VIGKIT_HOME for the pages meanwhile."""
    import io

    from vigkit.demo.caseload import fill_demo
    from vigkit.ui.runtime import pagedata

    fill_demo(data, out=io.StringIO())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIGKIT_HOME", str(data))
        mp.delenv("VIGKIT_USER", raising=False)
        pagedata.page_store.cache_clear()
        yield data
        pagedata.page_store().close()
        pagedata.page_store.cache_clear()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the demo caseload, used as $VIGKIT_HOME for the pages."""
    yield from _demo_home(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def own_demo_home(tmp_path: Path) -> Iterator[Path]:
    """The demo caseload for one test of its own (one that changes or erases it)."""
    yield from _demo_home(tmp_path / "data")


@pytest.fixture
def in_test_language(demo_home: Path) -> Iterator[object]:
    """The demo's practitioner, with their pages in the test language for one test."""
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui.runtime import pagedata

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.settings.set(f"language:{who.id}", PSEUDO)
    try:
        yield who
    finally:
        store.settings.set(f"language:{who.id}", "en")
