"""One Store of parts (issue 28): ``store.cases``, ``store.films`` ... each with its own tables
and queries, sharing the store's one engine; the Store itself only opens, closes, migrates and
compacts. Nothing outside ``vigkit/store`` reads the store's tables or a private attribute of
a store: a report asks ``store.reports`` for its frames.
"""

from __future__ import annotations

import ast
from pathlib import Path

from vigkit.core.records import Case, Practitioner
from vigkit.store import Store
from vigkit.store.api import PARTS
from vigkit.store.part import Part

PACKAGE = Path(__file__).resolve().parents[1] / "vigkit"
# The store's insides: its tables, their columns and the queries over them.
INSIDES = (
    "vigkit.store.tables",
    "vigkit.store.schema_base",
    "vigkit.store.rows",
    "vigkit.store.session_rows",
    "vigkit.store.audit_tables",
    "vigkit.store.measure_tables",
    "vigkit.store.session_tables",
    "vigkit.store.supervision_tables",
    "vigkit.store.part",
)
LIFECYCLE = {
    "open",
    "in_memory",
    "close",
    "url",
    "read_only",
    "schema_revision",
    "counts",
    "is_empty",
    "compact",
}


def _is_store(node: ast.expr) -> bool:
    """Whether ``node`` names a store: ``store``, ``self._store``, ``page_store()`` ..."""
    if isinstance(node, ast.Call):
        node = node.func
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return name.lower().endswith("store")


def trespasses(source: str) -> list[str]:
    """What ``source`` does with a store's insides: imports of them, private attributes."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            named = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            found += [(node.lineno, f"imports {n}") for n in named if n in INSIDES]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"imports {a.name}") for a in node.names if a.name in INSIDES]
        elif isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if not node.attr.startswith("__") and _is_store(node.value):
                found += [(node.lineno, f"{ast.unparse(node)} (line {node.lineno})")]
    return [text for _line, text in sorted(found)]


def test_the_trespass_finder_finds_each_kind() -> None:
    source = (
        "from vigkit.store import tables as t\n"
        "import vigkit.store.rows\n"
        "from vigkit.store.schema_base import metadata\n"
        "with store._read() as conn: pass\n"
        "self._store._tx()\n"
        "page_store()._engine\n"
        "store.cases.add(case)\n"
        "self._store.films.list()\n"
    )
    assert trespasses(source) == [
        "imports vigkit.store.tables",
        "imports vigkit.store.rows",
        "imports vigkit.store.schema_base",
        "store._read (line 4)",
        "self._store._tx (line 5)",
        "page_store()._engine (line 6)",
    ]


def test_nothing_outside_the_store_touches_its_tables_or_private_attributes() -> None:
    found = {
        str(path.relative_to(PACKAGE.parent)): hits
        for path in sorted(PACKAGE.rglob("*.py"))
        if "store" != path.relative_to(PACKAGE).parts[0]
        for hits in [trespasses(path.read_text("utf-8"))]
        if hits
    }
    assert found == {}


def test_the_store_is_its_parts_and_its_lifecycle() -> None:
    with Store.in_memory() as store:
        public = {name for name in dir(store) if not name.startswith("_")}
        assert public == set(PARTS) | LIFECYCLE
        parts = [getattr(store, name) for name in PARTS]
        assert all(isinstance(part, Part) for part in parts)
        assert len({type(part) for part in parts}) == len(PARTS)


def test_parts_share_the_stores_transactions() -> None:
    """A save through one part is read through another, and one engine serves them all."""
    with Store.in_memory() as store:
        store.people.add(Practitioner(id="jo", display_name="Jo"))
        store.cases.add(Case(code="F017", practitioner_id="jo"))
        assert [c.code for c in store.cases.list("jo")] == ["F017"]
        assert store.settings.workbook_practitioner_id() == "jo"
        assert (1, 1) == (store.counts()["practitioners"], store.counts()["cases"])
        store.close()
        assert all(getattr(store, name)._store is store for name in PARTS)
