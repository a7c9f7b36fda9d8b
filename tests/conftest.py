"""Shared fixtures: stores on a temporary SQLite file and in memory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vigkit.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh store on a SQLite file in a temporary data directory, closed afterwards."""
    opened = Store.open(tmp_path / "data")
    yield opened
    opened.close()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """A fresh in-memory store, closed afterwards."""
    opened = Store.in_memory()
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the demo caseload, used as $VIGKIT_HOME for the pages."""
    import io

    from vigkit.demo.caseload import fill_demo
    from vigkit.ui import pagedata

    data = tmp_path_factory.mktemp("demo")
    fill_demo(data, out=io.StringIO())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIGKIT_HOME", str(data))
        mp.delenv("VIGKIT_USER", raising=False)
        pagedata.page_store.cache_clear()
        yield data
        pagedata.page_store().close()
        pagedata.page_store.cache_clear()


@pytest.fixture
def in_test_language(demo_home: Path) -> Iterator[object]:
    """The demo's practitioner, with their pages in the test language for one test."""
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui import pagedata

    store = pagedata.page_store()
    who = pagedata.current_practitioner(store)
    assert who is not None
    store.set_setting(f"language:{who.id}", PSEUDO)
    try:
        yield who
    finally:
        store.set_setting(f"language:{who.id}", "en")
