"""Checks of a workbook notebook, for ``vigkit templates check``: metadata and thin cells.

A workbook is thin: a cell tagged ``parameters`` that sets the page's URL parameters to
plain values, then code cells that only import from vigkit and call into it
(``pages.warm_up()``, ``params = pages.request_params(...)``, ``pages.run_page(...)``).
Markdown cells — a trainer's guidance, with images pasted into them — are free.

Each problem names the file and the cell (counted from 1, as they appear), says what is
wrong and how to fix it. Pure: :func:`cell_problems` takes the notebook as data; only
:func:`check_notebook` reads a file.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import nbformat

from vigkit.templates.notebookmeta import WorkbookMeta, meta_of, meta_problems

__all__ = ["check_notebook", "cell_problems", "notebook_problems"]

_VALUES = (str, int, float, bool, type(None))
_ANY = "*"  # stands for "any name" once a cell could not be read
_THIN = (
    "a workbook only imports from vigkit and calls into it; put other code in the vigkit "
    "package, or explain things in a markdown cell"
)


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _first_line(text: str, node: ast.AST) -> str:
    segment = ast.get_source_segment(text, node) or ""
    line = segment.strip().splitlines()[0] if segment.strip() else ""
    return line if len(line) <= 60 else line[:57] + "…"


def _root(node: ast.AST) -> str | None:
    """The name a call starts from: ``pages`` in ``pages.run_page(...)``."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _parse(text: str, where: str) -> tuple[ast.Module | None, list[str]]:
    try:
        return ast.parse(text), []
    except SyntaxError as exc:
        return None, [
            f"{where}, line {exc.lineno}: the code is not valid Python ({exc.msg}) — "
            "copy the cell from the shipped notebook again"
        ]


def _parameter_cell(text: str, where: str) -> tuple[list[str], list[str]]:
    """The names the parameters cell sets, and its problems."""
    tree, problems = _parse(text, where)
    if tree is None:
        return [], problems
    names: list[str] = []
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, _VALUES)
        ):
            names.append(stmt.targets[0].id)
            continue
        problems.append(
            f"{where}, line {stmt.lineno}: `{_first_line(text, stmt)}` — the parameters cell "
            'only sets names to plain values, e.g. case = ""'
        )
    return names, problems


def _code_cell(text: str, where: str, vigkit_names: set[str]) -> tuple[list[str], list[str]]:
    """The keywords given to ``request_params`` in this cell, and the cell's problems."""
    tree, problems = _parse(text, where)
    if tree is None:
        # What this cell imports is unknown: do not blame later cells for using it.
        vigkit_names.add(_ANY)
        return [], problems
    requested: list[str] = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            modules = (
                [a.name for a in stmt.names]
                if isinstance(stmt, ast.Import)
                else [stmt.module or ""]
            )
            if all(m == "vigkit" or m.startswith("vigkit.") for m in modules):
                vigkit_names.update((a.asname or a.name).split(".")[0] for a in stmt.names)
                continue
            problems.append(
                f"{where}, line {stmt.lineno}: `{_first_line(text, stmt)}` imports from outside "
                f"vigkit — {_THIN}"
            )
            continue
        call: ast.expr | None = None
        if isinstance(stmt, ast.Expr):
            call = stmt.value
        elif (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            call = stmt.value
        if isinstance(call, ast.Call) and ({_root(call.func), _ANY} & vigkit_names):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else _root(call.func)
            if name == "request_params":
                requested += [k.arg for k in call.keywords if k.arg]
            continue
        problems.append(f"{where}, line {stmt.lineno}: `{_first_line(text, stmt)}` — {_THIN}")
    return requested, problems


def _compare(
    listed: tuple[str, ...],
    found: list[str],
    where: str,
    what: tuple[str, str],
    fix: tuple[str, str],
) -> list[str]:
    """Names found in the cell but not listed in the metadata, and the other way round."""
    does, does_not = what
    remove, add = fix
    out = [
        f"{where}: {does} {name!r}, which vigkit.parameters in the notebook metadata does not "
        f"list — add it there, or {remove}"
        for name in found
        if name not in listed
    ]
    out += [
        f"{where}: vigkit.parameters lists {name!r}, but {does_not} it — remove it from the "
        f"metadata, or {add}"
        for name in listed
        if name not in found
    ]
    return out


def cell_problems(
    nb: Mapping[str, Any], source: str = "<notebook>", meta: WorkbookMeta | None = None
) -> list[str]:
    """Problems with the notebook's cells: the parameters cell, then thin code cells.

    With ``meta``, the names the parameters cell sets and the URL parameters the page
    reads (``request_params``) are compared with ``meta.parameters``.
    """
    problems: list[str] = []
    cells = list(nb.get("cells") or [])
    code = [(i, c) for i, c in enumerate(cells, start=1) if c.get("cell_type") == "code"]
    tagged = [
        (i, c) for i, c in code if "parameters" in ((c.get("metadata") or {}).get("tags") or [])
    ]
    if not tagged:
        problems.append(
            f"{source}: no code cell is tagged 'parameters' — the first code cell sets the "
            "page's URL parameters; give it the tag 'parameters' (in JupyterLab: the gear "
            "icon on the right, then Add Tag)"
        )
    param_at = tagged[0][0] if tagged else None
    set_names: list[str] = []
    requested: list[str] = []
    request_cell: str | None = None
    vigkit_names: set[str] = set()
    for i, cell in code:
        where = f"{source}: cell {i}"
        text = _source(cell)
        if i == param_at:
            set_names, found = _parameter_cell(text, where)
        else:
            asked, found = _code_cell(text, where, vigkit_names)
            if asked:
                requested, request_cell = asked, where
        problems += found
    if meta is not None and meta.parameters is not None:
        if param_at is not None:
            problems += _compare(
                meta.parameters,
                set_names,
                f"{source}: cell {param_at}",
                ("the parameters cell sets", "the parameters cell does not set"),
                ("remove it from the cell", 'set it in the cell (e.g. name = "")'),
            )
        if request_cell is not None:
            problems += _compare(
                meta.parameters,
                requested,
                request_cell,
                ("the page reads", "the page does not read"),
                ("remove it from request_params(...)", "give it to request_params(...)"),
            )
    return problems


def notebook_problems(nb: Mapping[str, Any], source: str = "<notebook>") -> list[str]:
    """Every problem in a notebook given as data: its vigkit metadata, then its cells."""
    problems = meta_problems(nb, source)
    meta = None if problems else meta_of(nb, source)
    return problems + cell_problems(nb, source, meta)


def check_notebook(path: str | os.PathLike[str]) -> list[str]:
    """Every problem in a workbook notebook file (an empty list when it is valid)."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:  # nbformat's reading errors are ValueErrors
        return [
            f"{path}: cannot be read as a notebook ({str(exc).splitlines()[0][:120]}) — open it "
            "in JupyterLab to see what is wrong, or copy the shipped one again"
        ]
    return notebook_problems(nb, str(path))
