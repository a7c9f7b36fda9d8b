"""Tests of vigkit.store as a database: the SQLite file, migrations, many processes at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from vigkit.core.errors import StoreError
from vigkit.core.records import Case, Draft, Practitioner, Reflection
from vigkit.store import Store, engine, open_store, tables

pytestmark = pytest.mark.both_databases


def _case(store: Store) -> None:
    """Add practitioner jo and case F017."""
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    store.cases.add(Case(code="F017", practitioner_id="jo"))


def _reflection(answers: dict[str, object]) -> Reflection:
    """An unsaved reflection by jo."""
    return Reflection(template_id="t", template_version="1", author_id="jo", answers=answers)


# -- summaries, modes and lifecycle --------------------------------------------------------


def test_counts_and_is_empty(memory_store: Store) -> None:
    """An empty store is empty; counts follow what is added."""
    assert memory_store.is_empty()
    assert set(tables.metadata.tables) == set(memory_store.counts())
    _case(memory_store)
    assert not memory_store.is_empty()
    assert (1, 1) == (memory_store.counts()["practitioners"], memory_store.counts()["cases"])


def test_in_memory_stores_are_separate() -> None:
    """Two in-memory stores share nothing, and each is at the head revision."""
    with Store.in_memory() as one, Store.in_memory() as two:
        _case(one)
        assert [] == two.people.list()
        assert tables.HEAD_REVISION == one.schema_revision()


def test_open_store_file_and_pragmas(tmp_path: Path) -> None:
    """open_store makes vigkit.sqlite in the data dir with WAL, foreign keys and a busy timeout."""
    with open_store(tmp_path) as store:
        assert (tmp_path / "vigkit.sqlite").is_file()
        with store._engine.connect() as conn:
            pragmas = [
                conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            ]
    assert ["wal", 1, 10_000, 1] == pragmas


def test_reopen_keeps_data(tmp_path: Path) -> None:
    """What one store saved, a store opened later on the same directory reads."""
    with Store.open(tmp_path) as store:
        _case(store)
    with Store.open(str(tmp_path)) as store:
        assert ["F017"] == [c.code for c in store.cases.list()]


def test_reopen_by_url_keeps_data(store_url: str) -> None:
    """What one store saved, a store opened later on the same database reads."""
    with Store.open(url=store_url) as store:
        _case(store)
    with Store.open(url=store_url) as store:
        assert ["F017"] == [c.code for c in store.cases.list()]


# -- migrations --------------------------------------------------------------------------


def test_head_revision_matches_migrations() -> None:
    """HEAD_REVISION names the newest migration script."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(engine.alembic_config())
    assert [tables.HEAD_REVISION] == list(script.get_heads())


def test_database_made_by_alembic_opens(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A DB migrated to head by alembic opens without migrating again and reports its revision."""
    eng = engine.make_engine(empty_url)
    engine.upgrade(eng, tables.HEAD_REVISION)
    eng.dispose()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("migrated an up-to-date database")

    monkeypatch.setattr(engine, "upgrade", refuse)
    with Store.open(url=empty_url) as store:
        assert tables.HEAD_REVISION == store.schema_revision()
        assert store.is_empty()


def test_migrated_schema_matches_tables(store: Store) -> None:
    """The schema the migrations build is the schema tables.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store._engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), tables.metadata)
    assert [] == diff


def test_newer_database_is_refused(store_url: str, owner_url: str) -> None:
    """A database at a revision this vigkit does not know raises StoreError on open."""
    eng = engine.make_engine(owner_url)  # the app role may not write the revision
    with eng.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    eng.dispose()
    with pytest.raises(StoreError):
        Store.open(url=store_url)


# -- many processes at once --------------------------------------------------------------


def _open_and_report(url: str) -> str | None:
    """Open the store at ``url`` and return its revision (runs in a child process)."""
    with Store.open(url=url) as store:
        return store.schema_revision()


def _save_many(url: str, worker: int, count: int) -> int:
    """Save ``count`` reflections and drafts from one process; return how many were saved."""
    with Store.open(url=url) as store:
        for i in range(count):
            store.reflections.save(_reflection(answers={"worker": worker, "i": i}))
            store.reflections.save_draft(
                Draft(key=f"w{worker}", template_id="t", template_version="1", author_id="jo")
            )
    return count


def test_concurrent_first_opens(empty_url: str) -> None:
    """Several processes opening a brand-new database at once all reach head."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(6) as pool:
        revisions = pool.map(_open_and_report, [empty_url] * 6)
    assert [tables.HEAD_REVISION] * 6 == revisions


def test_concurrent_saves(store: Store, store_url: str) -> None:
    """Four processes saving 50 times each all land, with no "database is locked"."""
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        saved = pool.starmap(_save_many, [(store_url, w, 50) for w in range(4)])
    assert [50] * 4 == saved
    assert (200, 4) == (store.counts()["reflections"], store.counts()["drafts"])
    answers = {(r.answers["worker"], r.answers["i"]) for r in store.reflections.list()}
    assert {(w, i) for w in range(4) for i in range(50)} == answers
