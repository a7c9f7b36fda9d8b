"""Every test that uses a store says which databases it runs on (conftest's collection guard):
a store test added to any file runs on PostgreSQL too only if it is marked ``both_databases``,
and one that is marked neither way stops the run before it starts."""

from __future__ import annotations

from dataclasses import dataclass, field

from conftest import unmarked_store_tests


@dataclass
class _Item:
    nodeid: str
    fixturenames: tuple[str, ...]
    marks: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str) -> object | None:
        return name if name in self.marks else None


def test_a_store_test_without_a_mark_is_named_and_marked_ones_are_not() -> None:
    items = [
        _Item("test_pages.py::test_a_page", ("tmp_path", "store", "engine")),
        _Item("test_store.py::test_a_query", ("store", "engine"), {"both_databases"}),
        _Item("test_forms.py::test_a_form", ("memory_store", "engine"), {"sqlite_only"}),
        _Item("test_words.py::test_words", ("tmp_path",)),
    ]
    assert unmarked_store_tests(items) == ["test_pages.py::test_a_page"]  # type: ignore[arg-type]
