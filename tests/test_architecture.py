"""The house rules of vigkit's layout, held by tests rather than only by docs/design.md.

- the pure rooms (``core``, ``i18n``, ``templates``) import no widgets, plots, web server
  or store, checked in a fresh interpreter;
- only ``vigkit.ui`` imports ipywidgets or anywidget;
- no import cycle inside ``vigkit`` (lazy imports count) and no module over 500 lines;
- no cycle between rooms either (a room is a sub-package, or a top-level module), and the
  rooms' contracts in pyproject.toml's ``[tool.importlinter]`` hold (``lint-imports``).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vigkit"
PURE = ("core", "i18n", "templates")
HEAVY = ("ipywidgets", "anywidget", "matplotlib", "tornado")
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent)
        if "migrations" in rel.parts:
            continue
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(path: Path) -> list[tuple[str, ast.AST]]:
    """Every module named by an import in ``path`` (lazy ones too, not TYPE_CHECKING ones)."""
    tree = ast.parse(path.read_text("utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    names = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names += [(a.name, node) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert 0 == node.level, f"{path}: use absolute imports"
            names += [(f"{node.module}.{a.name}", node) for a in node.names]
    return names


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        graph[name]
        for target, _ in _imports(path):
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in modules and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected parts of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = set()
            while True:
                w = stack.pop()
                part.add(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(part)

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert [{"a", "b"}] == cycles(defaultdict(set, {"a": {"b"}, "b": {"a"}, "c": {"a"}}))


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert [] == [sorted(c) for c in found], "import cycles"


def room_of(module: str) -> str:
    """A module's room: ``vigkit.core.errors`` is in ``vigkit.core``; ``vigkit.paths`` is one."""
    return ".".join(module.split(".")[:2])


def room_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which room imports which, from the modules' imports."""
    rooms: dict[str, set[str]] = defaultdict(set)
    for module, targets in graph.items():
        rooms[room_of(module)] |= {room_of(t) for t in targets} - {room_of(module)}
    return rooms


def test_the_room_cycle_finder_finds_a_planted_room_cycle() -> None:
    graph = import_graph()
    planted = defaultdict(set, {m: set(targets) for m, targets in graph.items()})
    planted["vigkit.i18n.interface"].add("vigkit.templates.languages")
    assert {"vigkit.i18n", "vigkit.core", "vigkit.templates"} in cycles(room_graph(planted))


def test_no_room_cycles() -> None:
    """The rooms are layered: two rooms never import each other, even through a third."""
    found = cycles(room_graph(import_graph()))
    assert [] == [sorted(c) for c in found], "room cycles"


def test_the_rooms_keep_their_contracts() -> None:
    """pyproject.toml's [tool.importlinter] contracts: the rooms' layers and no cycle between
    rooms, the server imported only by the command line and ui/runtime/links.py, the server
    without the demo, the pure rooms without widgets or plots, core without disk paths, and
    ui's own layers with no page importing another (even through a part)."""
    lint = Path(sys.executable).parent / "lint-imports"
    root = PACKAGE.parent
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }
    run = subprocess.run(
        [str(lint), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    )
    assert "Contracts:" in run.stdout, run.stderr  # it ran
    assert 0 == run.returncode, run.stdout


def test_modules_stay_short() -> None:
    long = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_LINES:
            long[rel] = lines
    assert {} == long, f"over {MAX_LINES} lines (split them by what they are for)"


def test_only_ui_imports_widgets() -> None:
    offenders = []
    for name, path in _modules().items():
        if name.startswith("vigkit.ui"):
            continue
        for target, node in _imports(path):
            if target.split(".")[0] in ("ipywidgets", "anywidget"):
                offenders.append(f"{name}:{getattr(node, 'lineno', '?')}")
    assert [] == offenders


@pytest.mark.parametrize("room", PURE)
def test_pure_rooms_import_no_widgets_plots_server_or_store(room: str) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"import vigkit.{room} as room\n"
        f"for m in pkgutil.walk_packages(room.__path__, 'vigkit.{room}.'):\n"
        "    importlib.import_module(m.name)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len([m for m in loaded if m.startswith(f"vigkit.{room}.")]) > 2
    bad = sorted(
        m
        for m in loaded
        if m.split(".")[0] in HEAVY or m.startswith(("vigkit.store", "vigkit.ui", "vigkit.server"))
    )
    assert [] == bad


def _clock_calls(tree: ast.AST) -> list[int]:
    """Lines calling ``date.today()``, ``datetime.now()`` or ``datetime.utcnow()``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
            if (name, node.func.attr) in {
                ("date", "today"),
                ("datetime", "now"),
                ("datetime", "utcnow"),
            }:
                found.append(node.lineno)
    return found


def test_the_clock_call_finder_finds_both_spellings() -> None:
    assert _clock_calls(ast.parse("from datetime import date\nx = date.today()\n")) == [2]
    assert _clock_calls(ast.parse("import datetime\nx = datetime.datetime.now()\n")) == [2]


def test_dates_and_times_come_only_from_core_clock() -> None:
    """A test pins the day with ``clock.today``; a call elsewhere would not follow it."""
    calls = {
        name: lines
        for name, path in _modules().items()
        if name != "vigkit.core.clock"
        and (lines := _clock_calls(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert not calls, calls


_DISK = {"open", "read_text", "read_bytes", "write_text", "write_bytes", "glob", "rglob", "iterdir"}


def test_core_touches_no_disk() -> None:
    """Pure rules are given what they need: core neither opens a file nor asks where data is."""
    found = []
    for name, path in _modules().items():
        if not name.startswith("vigkit.core."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = node.func
                called_name = (
                    called.id if isinstance(called, ast.Name) else getattr(called, "attr", "")
                )
                if called_name in _DISK:
                    found.append((name, node.lineno, called_name))
        found += [(name, 0, mod) for mod, _node in _imports(path) if mod == "vigkit.paths"]
    assert not found, found


PAGES = {name for name in _modules() if name.startswith("vigkit.ui.pages.")}

# ui's layers, top to bottom: a module imports only from its own layer or those below it.
UI_LAYERS = ("pages", "parts", "forms", "runtime", "widgets")


def _ui_layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) > 2 and parts[:2] == ["vigkit", "ui"] and parts[2] in UI_LAYERS:
        return UI_LAYERS.index(parts[2])
    return None


def test_ui_is_its_layers_and_nothing_else() -> None:
    """Every ui module sits in a layer (the package's own ``__init__`` keeps the old names)."""
    loose = [n for n in _modules() if n.startswith("vigkit.ui.") and _ui_layer(n) is None]
    assert not loose, loose


def test_ui_layers_import_only_downwards() -> None:
    """pages → parts → forms → runtime → widgets: a part never imports a page, a form never a
    part, the runtime nothing above it, a widget nothing but widgets."""
    graph = import_graph()
    upwards = [
        (name, target)
        for name, targets in graph.items()
        for target in targets
        if (here := _ui_layer(name)) is not None
        and (there := _ui_layer(target)) is not None
        and there < here
    ]
    assert not upwards, upwards


def test_ui_reaches_the_server_only_through_its_links() -> None:
    """The pages link to vigkit's routes through ``ui/runtime/links.py`` alone."""
    graph = import_graph()
    doors = {
        name
        for name, targets in graph.items()
        if name.startswith("vigkit.ui.") and any(t.startswith("vigkit.server") for t in targets)
    }
    assert doors == {"vigkit.ui.runtime.links"}, doors


def test_old_flat_page_names_still_import_as_the_same_module() -> None:
    """A service's copy of a workbook written before the layers imports ``vigkit.ui.casepage``."""
    code = (
        "import vigkit.ui.casepage as old, vigkit.ui.pages.case as new, vigkit.ui.pagedata as d\n"
        "from vigkit.ui.homepage import home_page\n"
        "import vigkit.ui.runtime.pagedata as data, vigkit.ui.pages.home as home\n"
        "assert old is new and d is data and home_page is home.home_page\n"
        "assert new.__spec__.name == 'vigkit.ui.pages.case', new.__spec__\n"
        "print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "ok" in done.stdout, done.stderr


def test_no_page_imports_another_page() -> None:
    """What two pages show alike is a part (``ui/parts/lists.py`` and the like), not a page's."""
    assert len(PAGES) == 11, PAGES
    graph = import_graph()
    found = {page: sorted(graph.get(page, set()) & (PAGES - {page})) for page in PAGES}
    assert not {page: others for page, others in found.items() if others}


def test_no_module_imports_another_modules_private_names() -> None:
    """A name another module needs is public: an ``_underscore`` import across modules was
    the trace of a file split to stay short rather than by concern."""
    found = [
        (name, target)
        for name, path in _modules().items()
        for target, _node in _imports(path)
        if target.rsplit(".", 1)[-1].startswith("_")
        and not target.rsplit(".", 1)[-1].startswith("__")
        and target.startswith("vigkit.")
    ]
    assert not found, found


def test_every_page_returns_a_typed_page_object() -> None:
    """Tests and a service's workbook read a page through typed fields, never attributes hung
    on widgets: every page function returns a Page (or a subclass naming its parts)."""
    import typing

    from vigkit.ui import pages
    from vigkit.ui.runtime.page import Page

    returns = {name: typing.get_type_hints(getattr(pages, name))["return"] for name in pages.PAGES}
    assert all(isinstance(r, type) and issubclass(r, Page) for r in returns.values()), returns
    hung = [
        (name, line)
        for name, path in _modules().items()
        if name.startswith("vigkit.ui.pages.")
        for line in path.read_text("utf-8").splitlines()
        if "tests reach" in line or "tests wait on it" in line
    ]
    assert not hung, hung


MAX_FUNCTION_LINES = 80  # issue 28: every function under 80 lines...
LONG_FUNCTION_LINES = 60  # ...and at most MAX_LONG_FUNCTIONS over 60
MAX_LONG_FUNCTIONS = 10


def function_lengths(path: Path) -> list[tuple[int, str]]:
    """Each function's length in lines (methods and nested functions too), with its name."""
    tree = ast.parse(path.read_text("utf-8"))
    return [
        ((node.end_lineno or node.lineno) - node.lineno + 1, node.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def test_the_function_measure_counts_nested_functions(tmp_path: Path) -> None:
    code = tmp_path / "m.py"
    code.write_text("def outer():\n    def inner():\n        pass\n    return inner\n")
    assert [(4, "outer"), (2, "inner")] == function_lengths(code)


def test_functions_stay_short() -> None:
    """A long function mixes concerns: split it into named steps (issue 28)."""
    lengths = sorted(
        (
            (n, f"{path.relative_to(PACKAGE).as_posix()} {name}")
            for path in PACKAGE.rglob("*.py")
            for n, name in function_lengths(path)
        ),
        reverse=True,
    )
    too_long = [f"{n} {where}" for n, where in lengths if n >= MAX_FUNCTION_LINES]
    long = [f"{n} {where}" for n, where in lengths if n > LONG_FUNCTION_LINES]
    assert not too_long, f"functions of {MAX_FUNCTION_LINES} lines or more: {too_long}"
    assert len(long) <= MAX_LONG_FUNCTIONS, (
        f"{len(long)} functions over {LONG_FUNCTION_LINES} lines, at most "
        f"{MAX_LONG_FUNCTIONS} may be: {long}"
    )


def test_the_design_document_names_every_module() -> None:
    """docs/design.md's layout is the folders': a module it does not name is one a new
    maintainer cannot find from the document (migrations and package files aside)."""
    design = (PACKAGE.parent / "docs" / "design.md").read_text("utf-8")
    unnamed = [
        name
        for name, path in _modules().items()
        if path.stem not in ("__init__", "__main__")
        and not re.search(rf"\b{re.escape(path.stem)}\b", design)
    ]
    assert not unnamed, unnamed
    rooms = {
        path.name for path in PACKAGE.iterdir() if path.is_dir() and path.name != "__pycache__"
    }
    assert all(f"vigkit/{room}/" in design for room in rooms), rooms


def test_ui_hangs_no_attribute_the_type_checker_cannot_see() -> None:
    """A page is read through its typed page object: no ``type: ignore[attr-defined]`` in ui."""
    hidden = [
        f"{name}:{n}"
        for name, path in _modules().items()
        if name.startswith("vigkit.ui")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if "ignore[attr-defined" in line
    ]
    assert not hidden, hidden
