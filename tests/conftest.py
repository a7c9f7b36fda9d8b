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
