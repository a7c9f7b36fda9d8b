"""From YAML text to a pydantic model, with every problem named by file, line and column.

Generic: nothing here knows about question sets. :func:`parse_yaml_model` reads with
safe_load semantics (minus two trainer traps), finds duplicate keys, turns pydantic's
errors into plain located messages, and adds the caller's own cross-field checks.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vigkit.core.errors import TemplateProblem
from vigkit.templates.fields import suggest

Loc = tuple[Any, ...]
Problems = list[tuple[Loc, str]]
LineOf = Callable[[Loc], int | None]


# --- YAML: safe_load semantics, with two trainer traps removed --------------------------------
class LineLoader(yaml.SafeLoader):
    """SafeLoader (plain data only), except that ``yes``/``no``/``on``/``off`` stay words and
    numbers with a dot stay text: YAML 1.1 reads ``language: no`` as false, an option
    ``- No`` as false and ``version: 1.10`` as 1.1, and a trainer cannot be expected to know."""


LineLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _node_at(root: Node, loc: Loc) -> Node:
    """The deepest node on ``loc``; ``'[key]'`` after a mapping key means the key itself."""
    node = root
    for i, part in enumerate(loc):
        if part == "[key]":
            continue
        if isinstance(node, MappingNode):
            found = None
            for key, value in node.value:  # the last one wins, as when the YAML is loaded
                if isinstance(key, ScalarNode) and key.value == str(part):
                    found = (key, value)
            if found is None:
                return node
            if i + 1 < len(loc) and loc[i + 1] == "[key]":
                return found[0]
            node = found[1]
        elif (
            isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value)
        ):
            node = node.value[part]
        else:
            return node
    return node


def _duplicate_keys(root: Node) -> Problems:
    """YAML silently keeps the last of two equal keys; a trainer would lose the first."""
    out: Problems = []
    stack: list[tuple[Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        out.append(
                            (
                                ("@node", key),
                                f"{key.value!r} is written twice here, lines {seen[key.value]} "
                                f"and {_mark(key)[0]} — keep one (only the last would count)",
                            )
                        )
                    seen.setdefault(key.value, _mark(key)[0])
                    stack.append((value, loc + (key.value,)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, loc + (i,)) for i, child in enumerate(node.value))
    return out


def _strip(tp: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` to ``X``."""
    while True:
        origin = typing.get_origin(tp)
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if origin is Annotated or (origin in (typing.Union, types.UnionType) and len(args) == 1):
            tp = args[0]
        else:
            return tp


def _model_at(root: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    tp: Any = root
    for part in loc:
        tp = _strip(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) is list and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    tp = _strip(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _raw_at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _describe(root: type[BaseModel], data: Any, loc: Loc) -> str:
    """Plain words for a place in the file: "question 'noticed'", "'help' of section 2", …"""
    if not loc:
        return f"the {getattr(root, 'noun', 'file')}"
    if loc[-1] == "[key]":
        return f"the key {loc[-2]!r} of {_describe(root, data, loc[:-2])}"
    model = _model_at(root, loc)
    raw = _raw_at(data, loc)
    if model is not None:
        noun = getattr(model, "noun", "item")
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            return f"{noun} {raw['id']!r}"
        if isinstance(loc[-1], int):
            parent = _describe(root, data, loc[:-2]) if len(loc) > 2 else ""
            return f"{noun} {loc[-1] + 1}" + (f" of {parent}" if parent else "")
        return f"the {noun} of {_describe(root, data, loc[:-1])}"
    if isinstance(loc[-1], int) and isinstance(_raw_at(data, loc[:-1]), list):
        return f"item {loc[-1] + 1} of {_describe(root, data, loc[:-1])}"
    if isinstance(loc[-1], int):
        return f"{loc[-2]} {loc[-1]} of {_describe(root, data, loc[:-2])}"
    return f"{loc[-1]!r} of {_describe(root, data, loc[:-1])}"


_TYPE_FIX: dict[str, tuple[str, str]] = {
    "string_type": ("must be text", "write the words after the colon"),
    "int_type": ("must be a whole number", "write a number such as 0 or 10"),
    "int_parsing": ("must be a whole number", "write a number such as 0 or 10"),
    "int_from_float": ("must be a whole number", "write a number such as 0 or 10"),
    "bool_type": ("must be true or false", "write `true` or `false`"),
    "bool_parsing": ("must be true or false", "write `true` or `false`"),
    "list_type": ("must be a list", "put each item on its own line, starting with `- `"),
    "dict_type": ("must be a set of `name: value` lines", "indent them under it"),
    "model_type": ("must be a set of `name: value` lines", "indent them under it"),
    "model_attributes_type": ("must be a set of `name: value` lines", "indent them under it"),
    "string_too_short": ("cannot be empty", "write something, or remove the line"),
    "too_short": ("cannot be empty", "add at least one item"),
}


def _pydantic_problem(err: Any, root: type[BaseModel], data: Any) -> tuple[Loc, str] | None:
    typ = err["type"]
    loc: Loc = tuple(err["loc"])
    if typ == "vigkit_cross":
        return None  # reported with better places by the raw-data checks
    if typ == "vigkit":
        return loc, err["msg"]
    field = loc[-1] if loc else ""
    if typ == "missing":
        owner = _model_at(root, loc[:-1])
        fix = (getattr(owner, "hints", {}) or {}).get(field) or f"add `{field}:`"
        return loc[:-1], f"{_describe(root, data, loc[:-1])} has no {field!r} — {fix}"
    if typ == "extra_forbidden":
        owner = _model_at(root, loc[:-1])
        known = list(owner.model_fields) if owner else []
        hint = suggest(field, known)
        return (
            loc + ("[key]",),
            f"{field!r} is not a field of {_describe(root, data, loc[:-1])} — "
            + (hint + " " if hint else "remove it, or check the spelling ")
            + f"(fields: {', '.join(known)})",
        )
    where = _describe(root, data, loc)
    value = err.get("input")
    shown = (
        f", not {value!r}" if isinstance(value, str | int | float | bool) and value != "" else ""
    )
    if typ == "literal_error":
        expected = (err.get("ctx") or {}).get("expected", "")
        return loc, f"{where} must be {expected}{shown} — write {expected}"
    what, fix = _TYPE_FIX.get(typ, (err.get("msg", "is not valid"), "check it"))
    return loc, f"{where} {what}{shown} — {fix}"


OPENINGS = {
    "while scanning a quoted scalar": "close the quote that opens here",
    "while parsing a flow sequence": "close the square bracket that opens here",
    "while parsing a flow mapping": "close the curly brace that opens here",
}


def _yaml_error(source: str, exc: yaml.YAMLError, text: str) -> str:
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    opening = OPENINGS.get(str(getattr(exc, "context", "")))
    if opening and context_mark is not None and problem_mark is not None:
        # An unclosed quote or bracket is found only where the reader gives up, often the
        # end of the file: point at where it opens, and say where the reader stopped.
        line, col = context_mark.line + 1, context_mark.column + 1
        gave_up = f"line {problem_mark.line + 1}, column {problem_mark.column + 1}"
        return (
            f"{source}:{line}:{col}: the file is not valid YAML: {opening} "
            f"(the reader gave up at {gave_up}: {exc.problem})"  # type: ignore[attr-defined]
        )
    mark = problem_mark or context_mark
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    elif isinstance(position := getattr(exc, "position", None), int):  # ReaderError
        before = text[:position]
        line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    else:
        line, col = 1, 1
    problem = (
        " ".join(
            str(part)
            for part in (getattr(exc, "context", None), getattr(exc, "problem", None))
            if part
        )
        or str(exc).splitlines()[0]
    )
    if "'\\t'" in problem:
        fix = "indent with spaces, not tabs"
    elif "special characters" in problem:
        fix = "remove the invisible character (often pasted from another program)"
    elif "mapping values are not allowed" in problem:
        fix = "text that contains ': ' must be in quotes, e.g. prompt: \"Now: what next?\""
    elif "single document" in problem:
        fix = "remove the `---` line: one template per file"
    else:
        fix = (
            "check the indentation (spaces only, lined up with the lines around it) "
            "and that quotes open and close, on this line and the one before"
        )
    return f"{source}:{line}:{col}: the file is not valid YAML: {problem} — {fix}"


M = typing.TypeVar("M", bound=BaseModel)
ExtraChecks = Callable[[Any, LineOf], Problems]


def parse_yaml_model(
    text: str,
    source: str,
    model: type[M],
    checks: ExtraChecks | None = None,
    first_lines: str = "",
    prepare: Callable[[Any], Any] | None = None,
) -> M:
    """Parse YAML ``text`` into ``model``, raising :class:`TemplateProblem` with every problem.

    ``checks`` looks at the raw data for problems across fields (its own and pydantic's
    per-field problems are all reported); ``first_lines`` says how such a file begins;
    ``prepare`` turns the raw data into what is validated (e.g. one language of it),
    keeping its shape so problems are still found on their lines.
    """
    try:
        loader = LineLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise TemplateProblem(source, [_yaml_error(source, exc, text)]) from None

    def at(loc: Loc) -> tuple[int, int]:
        if loc and loc[0] == "@node":
            return _mark(loc[1])
        return _mark(_node_at(root, loc)) if root is not None else (1, 1)

    if not isinstance(data, dict):
        what = {type(None): "empty", list: "a list", str: "a line of text"}.get(
            type(data), "a single value"
        )
        line, col = at(())
        raise TemplateProblem(
            source,
            [
                f"{source}:{line}:{col}: the file is {what}, not a set of `name: value` lines — "
                f"a {getattr(model, 'noun', 'template')} starts with {first_lines}"
            ],
        )
    if prepare is not None:
        data = prepare(data)
    assert root is not None  # data is a mapping, so the file had a node
    found: Problems = _duplicate_keys(root)
    model_only: Problems = []  # the model's own cross checks, in case ``checks`` saw nothing
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        result = None
        for err in exc.errors():
            problem = _pydantic_problem(err, model, data)
            if problem:
                found.append(problem)
            else:
                model_only.append((tuple(err["loc"]), err["msg"]))
    if checks is not None:
        found.extend(checks(data, lambda loc: at(loc)[0]))
    if result is not None and not found:
        return result
    found = found or model_only
    lines: list[str] = []
    for (line, col), msg in sorted(((at(loc), msg) for loc, msg in found), key=lambda p: p[0]):
        entry = f"{source}:{line}:{col}: {msg}"
        if entry not in lines:
            lines.append(entry)
    raise TemplateProblem(source, lines)


def located(text: str, source: str, locs: list[tuple[Loc, str]]) -> list[str]:
    """``source:line:col: message`` for each (location in the YAML data, message)."""
    try:
        root = yaml.compose(text, Loader=LineLoader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError:
        return [f"{source}: {msg}" for _, msg in locs]
    out = []
    for loc, msg in locs:
        line, col = _mark(_node_at(root, loc)) if root is not None else (1, 1)
        out.append(f"{source}:{line}:{col}: {msg}")
    return out


def read_template(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateProblem(
            str(path), [f"{path}: no such file — check the name and folder"]
        ) from None
    except IsADirectoryError:
        raise TemplateProblem(str(path), [f"{path}: is a folder, not a file"]) from None
    except UnicodeDecodeError as exc:
        raise TemplateProblem(
            str(path),
            [f"{path}: is not UTF-8 text ({exc.reason}) — save it as UTF-8 text in your editor"],
        ) from None
    except OSError as exc:
        raise TemplateProblem(str(path), [f"{path}: cannot be read ({exc.strerror})"]) from None
