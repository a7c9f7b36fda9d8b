"""Pydantic's validation errors in a trainer's words, each with the place it is about.

Generic: nothing here knows about question sets or YAML. :func:`model_problem` turns one
error of a model's validation into (where in the data, message), naming the place in plain
words ("question 'noticed'", "'help' of section 2") from the models' own ``noun`` and
``hints``; :mod:`vigkit.templates.yamlsource` finds the line and column of that place.
"""

from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from pydantic import BaseModel

from vigkit.templates.fields import suggest

Loc = tuple[Any, ...]


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


def model_problem(err: Any, root: type[BaseModel], data: Any) -> tuple[Loc, str] | None:
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
    if typ in ("extra_forbidden", "invalid_key"):  # invalid_key: `1:` or `true:` as a name
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
