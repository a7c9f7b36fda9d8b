"""From YAML text to a pydantic model, with every problem named by file, line and column.

Generic: nothing here knows about question sets. :func:`parse_yaml_model` reads the text
with ruamel.yaml, which keeps the line and column of every key and item: YAML 1.2, so
``yes``/``no``/``on``/``off`` stay words, and here numbers with a dot stay text too. It
notes keys written twice, places pydantic's errors (worded by :mod:`.modelerrors`) on
their lines, and adds the caller's own cross-field checks.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import ScalarEvent
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.parser import Parser
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scanner import Scanner
from ruamel.yaml.tokens import ValueToken

from vigkit.core.errors import TemplateProblem
from vigkit.templates.modelerrors import Loc, model_problem

Problems = list[tuple[Loc, str]]
LineOf = Callable[[Loc], int | None]
Place = tuple[int, int]  # line and column, from 1


class _Resolver(VersionedResolver):
    """YAML 1.2, where ``language: no`` and an option ``- No`` stay words, except that numbers
    with a dot stay text too: ``version: 1.10`` is "1.10", not 1.1 (no trainer expects that)."""

    def add_version_implicit_resolver(
        self, version: Any, tag: Any, regexp: Any, first: Any
    ) -> None:
        if tag != "tag:yaml.org,2002:float":
            super().add_version_implicit_resolver(version, tag, regexp, first)


class _Parser(Parser):
    """Places an empty value (``key:`` and nothing after it) just after its colon, on the key's
    line; ruamel.yaml would place it at whatever comes next, often the next key."""

    def parse_block_mapping_value(self) -> Any:
        colon = self.scanner.peek_token() if self.scanner.check_token(ValueToken) else None
        event = super().parse_block_mapping_value()
        empty = isinstance(event, ScalarEvent) and event.value == "" and event.style is None
        if colon is not None and empty and event.tag is None and event.anchor is None:
            event.start_mark = event.end_mark = colon.end_mark
        return event


class _Reader(RoundTripConstructor):
    """Reads plain data, no tags but YAML's own, and tells where each key and item is. A key
    written twice is noted: YAML silently keeps one, and a trainer would lose the other
    (the last counts, as in other YAML readers)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.doc: Any = None  # as read, each mapping and list knowing its lines
        self.start: Place = (1, 1)
        self.twice: list[tuple[Place, str]] = []
        self.first: dict[tuple[int, Any], int] = {}  # the line of a key written twice, first

    def construct_document(self, node: Any) -> Any:
        self.start = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.doc = super().construct_document(node)
        return self.doc

    def construct_unknown(self, node: Any) -> Any:
        tag = f"could not determine a constructor for the tag {node.tag!r}"
        raise ConstructorError(None, None, tag, node.start_mark)

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        mark = key_node.start_mark
        if not isinstance(key_node, ScalarNode):
            where = "while constructing a mapping"
            raise ConstructorError(where, node.start_mark, "found unhashable key", mark)
        if key in mapping:
            first = self.first.setdefault((id(mapping), key), mapping.lc.key(key)[0] + 1)
            self.twice.append(
                (
                    (mark.line + 1, mark.column + 1),
                    f"{key_node.value!r} is written twice here, lines {first} "
                    f"and {mark.line + 1} — keep one (only the last would count)",
                )
            )
            del mapping[key]
        return True

    def place(self, loc: Loc) -> Place:
        """Where the deepest item on ``loc`` is; ``'[key]'`` after a mapping key means the key."""
        place, node = self.start, self.doc
        for i, part in enumerate(loc):
            if part == "[key]":
                continue
            if isinstance(node, CommentedMap):
                if part not in node:
                    break
                on_key = loc[i + 1 : i + 2] == ("[key]",)
                line, col = (node.lc.key if on_key else node.lc.value)(part)
                place, node = (line + 1, col + 1), node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line, col = node.lc.item(part)
                place, node = (line + 1, col + 1), node[part]
            else:
                break
        return place


_Reader.add_constructor(None, _Reader.construct_unknown)  # an error, not a tagged value
for _tag in ("str", "bool"):  # ``!!str 5`` is "5", and a bool with an &anchor is a bool
    _Reader.add_constructor(
        f"tag:yaml.org,2002:{_tag}", getattr(SafeConstructor, f"construct_yaml_{_tag}")
    )


@functools.lru_cache(maxsize=32)
def _read(text: str) -> _Reader:
    """What ruamel.yaml read of ``text``; :class:`YAMLError` when it is not valid YAML.

    Kept for the next few texts: checking a file reads it four times (for its kind, its
    problems and its notes), and what was read is only looked at, never changed."""
    yaml = YAML()  # round trip: its mappings and lists know their lines
    yaml.Scanner = Scanner  # not the round trip one: comments are not needed, and slow it down
    yaml.Parser, yaml.Resolver, yaml.Constructor = _Parser, _Resolver, _Reader
    yaml.load(text)
    reader: _Reader = yaml.constructor
    return reader


def _plain(data: Any) -> Any:
    """Plain dicts, lists, str, int, bool and float, as the models and checks expect."""
    if isinstance(data, dict):
        return {_plain(key): _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(item) for item in data]
    for kind in (str, bool, int, float):
        if isinstance(data, kind):
            return kind(data)
    return data


def read_data(text: str) -> Any:
    """The data in YAML ``text``, read as :func:`parse_yaml_model` reads it; None when the
    text is not valid YAML."""
    try:
        return _plain(_read(text).doc)
    except YAMLError:
        return None


OPENINGS = {
    "while scanning a quoted scalar": "close the quote that opens here",
    "while parsing a flow sequence": "close the square bracket that opens here",
    "while parsing a flow mapping": "close the curly brace that opens here",
}


def _yaml_error(source: str, exc: YAMLError, text: str) -> str:
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
    parts = (getattr(exc, "context", None), getattr(exc, "problem", None))
    problem = " ".join(str(part) for part in parts if part) or str(exc).splitlines()[0]
    problem = re.sub(r"\('(<[a-z ]+>)',\)", r"'\1'", problem)  # ruamel.yaml writes ('<x>',)
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
        read = _read(text)
    except YAMLError as exc:
        raise TemplateProblem(source, [_yaml_error(source, exc, text)]) from None
    data = _plain(read.doc)
    if not isinstance(data, dict):
        what = {type(None): "empty", list: "a list", str: "a line of text"}.get(
            type(data), "a single value"
        )
        raise TemplateProblem(
            source,
            [
                f"{source}:{read.start[0]}:{read.start[1]}: the file is {what}, not a set of "
                f"`name: value` lines — a {getattr(model, 'noun', 'template')} starts with "
                f"{first_lines}"
            ],
        )
    if prepare is not None:
        data = prepare(data)
    at = read.place
    found = list(read.twice)
    model_only = []  # the model's own cross checks, in case ``checks`` saw nothing
    try:
        result = model.model_validate(data)
    except ValidationError as exc:
        result = None
        for err in exc.errors():
            problem = model_problem(err, model, data)
            if problem:
                found.append((at(problem[0]), problem[1]))
            else:
                model_only.append((at(tuple(err["loc"])), err["msg"]))
    if checks is not None:
        found.extend((at(loc), msg) for loc, msg in checks(data, lambda loc: at(loc)[0]))
    if result is not None and not found:
        return result
    lines = [
        f"{source}:{line}:{col}: {msg}"
        for (line, col), msg in sorted(found or model_only, key=lambda p: p[0])
    ]
    raise TemplateProblem(source, list(dict.fromkeys(lines)))


def located(text: str, source: str, locs: list[tuple[Loc, str]]) -> list[str]:
    """``source:line:col: message`` for each (location in the YAML data, message)."""
    try:
        at = _read(text).place
    except YAMLError:
        return [f"{source}: {msg}" for _, msg in locs]
    return [f"{source}:{at(loc)[0]}:{at(loc)[1]}: {msg}" for loc, msg in locs]


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
