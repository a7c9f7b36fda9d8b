"""Question sets: the reflective templates trainers write in YAML, validated with line numbers.

A trainer is not a programmer, so every problem names the file, the line and the
column, says what is wrong and how to fix it, and all problems come at once:
``reflection.yaml:14:11: kind 'longtext' is not known — did you mean 'long_text'? …``.

Parsing is pure (:func:`parse_question_set` takes text); the loaders around it read
files. Nothing here knows about widgets.
"""

from __future__ import annotations

import difflib
import re
import sys
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TextIO

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vigkit.errors import TemplateNotFound, TemplateProblem
from vigkit.paths import templates_dir

if TYPE_CHECKING:
    from vigkit.principles import Principles

__all__ = [
    "KINDS",
    "Kind",
    "Option",
    "ShowIf",
    "Question",
    "Section",
    "QuestionSet",
    "parse_question_set",
    "load_question_set",
    "find_question_set",
    "list_question_sets",
    "check_path",
    "check_command",
    "parse_yaml_model",
]

Kind = Literal[
    "short_text",
    "long_text",
    "scale",
    "single_choice",
    "multiple_choice",
    "yes_no",
    "date",
    "principle_picker",
]
KINDS: tuple[str, ...] = typing.get_args(Kind)
CHOICE_KINDS = ("single_choice", "multiple_choice")
SCALE_DEFAULT = (0, 10)

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
_SET_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_OPTION_ID = re.compile(r"^\w[\w.-]*$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


# --- YAML: safe_load semantics, with two trainer traps removed --------------------------------
class _Loader(yaml.SafeLoader):
    """SafeLoader (plain data only), except that ``yes``/``no``/``on``/``off`` stay words and
    numbers with a dot stay text: YAML 1.1 reads ``language: no`` as false, an option
    ``- No`` as false and ``version: 1.10`` as 1.1, and a trainer cannot be expected to know."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _slug(text: str) -> str:
    return re.sub(r"[^\w.]+", "_", text.strip().lower()).strip("_")


def _suggest(word: object, choices: Iterable[str]) -> str:
    """`` — did you mean 'x'?`` style fragment, or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    choices = list(choices)
    for candidate in (word, _slug(word).replace(".", "_")):
        if candidate in choices and candidate != word:
            return f"did you mean {candidate!r}?"
        close = difflib.get_close_matches(candidate, choices, n=1, cutoff=0.6)
        if close:
            return f"did you mean {close[0]!r}?"
    return ""


def _fail(message: str) -> PydanticCustomError:
    # No context: pydantic only substitutes {names} present in the context, so braces a
    # trainer wrote inside the message come through untouched.
    return PydanticCustomError("vigkit", message)


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        example = _slug(value).replace(".", "_") or "what_i_noticed"
        if not example[0].isalpha():
            example = "q_" + example
        raise _fail(
            f"id {value!r} is not a usable id — use lower-case letters, digits and _ only, "
            f"starting with a letter, e.g. {example!r}"
        )
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]


def _version(value: object) -> object:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and not _VERSION.match(value.strip()):
        raise _fail(
            f"version {value!r} is not a version number — write numbers with dots, "
            'e.g. version: "1.0", and raise it whenever you change the questions'
        )
    return value.strip() if isinstance(value, str) else value


Version = Annotated[str, BeforeValidator(_version)]


class _Model(BaseModel):
    """Templates are data read once and shared: frozen, and unknown fields are mistakes."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    noun: ClassVar[str] = "item"
    # How to fix a missing field, for the practitioner reading the message.
    hints: ClassVar[dict[str, str]] = {}


# --- The question set model ------------------------------------------------------------------
def _option_dict(raw: object) -> object:
    """Plain strings and numbers become ``{id, label}``; a label without an id gets one."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str | int | float):
        text = str(raw)
        return {"id": _slug(text), "label": text}
    if isinstance(raw, dict) and "id" not in raw and isinstance(raw.get("label"), str):
        return {"id": _slug(raw["label"]), **raw}
    return raw


class Option(_Model):
    """One choice. ``id`` is what records keep; ``label`` is what people read."""

    noun: ClassVar[str] = "option"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name that records keep, e.g. `id: shared_review`",
        "label": "add `label:` the words people see",
    }

    id: str
    label: Annotated[str, Field(min_length=1)]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _OPTION_ID.match(value):
            raise _fail(
                f"option id {value!r} is not usable — use letters, digits and _ only, "
                f"e.g. {(_slug(value) or 'option_1')!r}"
            )
        return value


class ShowIf(_Model):
    """Show a question only when an earlier question was answered with ``equals``."""

    noun: ClassVar[str] = "show_if"
    hints: ClassVar[dict[str, str]] = {
        "question": "add `question:` the id of the earlier question this one depends on",
        "equals": "add `equals:` the answer that makes this question appear (e.g. true)",
    }

    question: str
    equals: bool | int | str


class Question(_Model):
    noun: ClassVar[str] = "question"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name in lower case that records keep, e.g. `id: what_i_noticed`",
        "prompt": "add `prompt:` the question the practitioner reads",
        "kind": f"add `kind:` one of {', '.join(KINDS)}",
    }

    id: Slug
    prompt: Annotated[str, Field(min_length=1)]
    help: str | None = None
    kind: Kind
    required: bool = False
    options: list[Option] | None = None
    min: int | None = None
    max: int | None = None
    anchors: dict[int, str] | None = None
    show_if: ShowIf | None = None

    @model_validator(mode="before")
    @classmethod
    def _scale_defaults(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("kind") == "scale":
            data = {"min": SCALE_DEFAULT[0], "max": SCALE_DEFAULT[1], **data}
            for end in ("min", "max"):
                if data[end] is None:
                    data[end] = SCALE_DEFAULT[0 if end == "min" else 1]
        return data

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, value: Any) -> Any:
        if isinstance(value, str) and value not in KINDS:
            hint = _suggest(value, KINDS)
            raise _fail(
                f"kind {value!r} is not known — {hint + ' ' if hint else ''}"
                f"(known kinds: {', '.join(KINDS)})"
            )
        return value

    @field_validator("options", mode="before")
    @classmethod
    def _options(cls, value: Any) -> Any:
        return [_option_dict(o) for o in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _fits_kind(self) -> Question:
        found = _question_problems(self.model_dump())
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options or ()]


class Section(_Model):
    noun: ClassVar[str] = "section"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name in lower case, e.g. `id: description`",
        "title": "add `title:` the heading people see",
        "questions": "add `questions:` with at least one question under it",
    }

    id: Slug
    title: Annotated[str, Field(min_length=1)]
    intro: str | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


class QuestionSet(_Model):
    """A reflective template: sections of questions, with an id and version records keep."""

    noun: ClassVar[str] = "question set"
    hints: ClassVar[dict[str, str]] = {
        "schema_version": "add `schema_version: 1` at the top",
        "id": "add `id:` a short name in lower case, e.g. `id: reflection_gibbs`",
        "version": 'add `version: "1.0"` and raise it whenever you change the questions',
        "title": "add `title:` the name people see",
        "sections": "add `sections:` with at least one section of questions",
    }

    schema_version: Literal[1]
    id: str
    version: Version
    title: Annotated[str, Field(min_length=1)]
    description: str | None = None
    language: str = "en"
    sections: Annotated[list[Section], Field(min_length=1)]

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _SET_ID.match(value):
            raise _fail(
                f"id {value!r} is not usable — use lower-case letters, digits, _ and - only, "
                f"e.g. {(_slug(value).replace('.', '_') or 'my_reflection')!r}"
            )
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not _LANGUAGE.match(value):
            raise _fail(
                f"language {value!r} is not a language code — write a code such as "
                "en, cy (Welsh) or pl (Polish)"
            )
        return value

    @model_validator(mode="after")
    def _cross_references(self) -> QuestionSet:
        found = _set_problems(self.model_dump(), lambda loc: None)
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    def questions(self) -> Iterator[Question]:
        """Every question, section by section."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` when there is none."""
        for q in self.questions():
            if q.id == question_id:
                return q
        raise KeyError(question_id)


# --- Checks that need more than one field: on the raw data, so they run even when other ---------
# --- parts of the file are broken and every problem is reported at once. -----------------------
Loc = tuple[Any, ...]
Problems = list[tuple[Loc, str]]
LineOf = Callable[[Loc], int | None]


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _question_problems(q: dict[str, Any]) -> Problems:
    """What does not fit the question's kind; locations are relative to the question."""
    out: Problems = []
    kind = q.get("kind")
    if kind not in KINDS:
        return out
    options = q.get("options")
    if kind in CHOICE_KINDS:
        if not isinstance(options, list) or len(options) < 2:
            out.append(
                (
                    ("options",) if options is not None else ("kind",),
                    f"a {kind} question needs at least two options — add `options:` with "
                    "one choice per line, e.g. `- Initial meeting`",
                )
            )
    elif options is not None and kind != "principle_picker":
        out.append(
            (
                ("options",),
                f"options do not apply to a {kind} question — remove `options:`, or make it "
                "single_choice or multiple_choice",
            )
        )
    if isinstance(options, list):
        seen: dict[str, int] = {}
        for i, raw in enumerate(options):
            opt = _option_dict(raw)
            oid = opt.get("id") if isinstance(opt, dict) else None
            if isinstance(oid, str):
                if oid in seen:
                    out.append(
                        (
                            ("options", i),
                            f"option {oid!r} is listed twice (options {seen[oid] + 1} and "
                            f"{i + 1}) — give each option its own id",
                        )
                    )
                seen.setdefault(oid, i)
    if kind == "scale":
        low = q.get("min", SCALE_DEFAULT[0])
        high = q.get("max", SCALE_DEFAULT[1])
        low = SCALE_DEFAULT[0] if low is None else low
        high = SCALE_DEFAULT[1] if high is None else high
        if _is_int(low) and _is_int(high):
            if low >= high:
                out.append(
                    (
                        ("max",) if "max" in q else ("min",),
                        f"the scale goes from {low} to {high}, but min must be less than max "
                        "— e.g. `min: 0` and `max: 10`",
                    )
                )
            anchors = q.get("anchors")
            if isinstance(anchors, dict):
                for point in anchors:
                    if _is_int(point) and not low <= point <= high:
                        out.append(
                            (
                                ("anchors", point, "[key]"),
                                f"anchor {point} is outside the scale {low}–{high} — anchor "
                                "points must lie between min and max",
                            )
                        )
    else:
        for name in ("min", "max", "anchors"):
            if q.get(name) is not None:
                out.append(
                    (
                        (name,),
                        f"{name} only applies to a scale question — remove `{name}:`, "
                        "or make it `kind: scale`",
                    )
                )
    return out


def _lines(line_of: LineOf, *locs: Loc) -> str:
    found = [line_of(loc) for loc in locs]
    if any(n is None for n in found):
        return ""
    return ", lines " + " and ".join(str(n) for n in found)


def _set_problems(
    data: Any,
    line_of: LineOf,
    principles: Principles | None = None,
    principles_problem: str | None = None,
) -> Problems:
    """Duplicate ids, show_if references, kind fit, and principle ids, across the whole set."""
    out: Problems = []
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return out
    section_ids: dict[str, Loc] = {}
    question_ids: dict[str, tuple[Loc, dict[str, Any]]] = {}
    ordered: list[tuple[Loc, dict[str, Any]]] = []
    for si, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        sid = section.get("id")
        if isinstance(sid, str):
            here = ("sections", si, "id")
            if sid in section_ids:
                out.append(
                    (
                        here,
                        f"section id {sid!r} is used twice{_lines(line_of, section_ids[sid], here)}"
                        " — give each section its own id",
                    )
                )
            section_ids.setdefault(sid, here)
        questions = section.get("questions")
        if not isinstance(questions, list):
            continue
        for qi, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            loc = ("sections", si, "questions", qi)
            out.extend((loc + sub, msg) for sub, msg in _question_problems(q))
            qid = q.get("id")
            if isinstance(qid, str):
                if qid in question_ids:
                    first = question_ids[qid][0] + ("id",)
                    out.append(
                        (
                            loc + ("id",),
                            f"question id {qid!r} is used twice"
                            f"{_lines(line_of, first, loc + ('id',))}"
                            " — give each question its own id",
                        )
                    )
                question_ids.setdefault(qid, (loc, q))
            ordered.append((loc, q))

    before: set[str] = set()
    for loc, q in ordered:
        out.extend(_show_if_problems(loc, q, question_ids, before))
        if isinstance(q.get("id"), str):
            before.add(q["id"])
        if q.get("kind") == "principle_picker":
            out.extend(_picker_problems(loc, q, principles, principles_problem))
    return out


def _show_if_problems(
    loc: Loc,
    q: dict[str, Any],
    question_ids: dict[str, tuple[Loc, dict[str, Any]]],
    before: set[str],
) -> Problems:
    cond = q.get("show_if")
    if not isinstance(cond, dict) or not isinstance(cond.get("question"), str):
        return []
    target = cond["question"]
    at = loc + ("show_if", "question")
    if target == q.get("id"):
        return [
            (at, f"show_if refers to the question itself ({target!r}) — name an earlier question")
        ]
    if target not in question_ids:
        hint = _suggest(target, question_ids)
        return [
            (
                at,
                f"show_if refers to {target!r}, which no question has — "
                + (hint or "write the id of an earlier question"),
            )
        ]
    if target not in before:
        return [
            (at, f"show_if refers to {target!r}, which comes later — move this question after it")
        ]
    if "equals" not in cond:
        return []
    other = question_ids[target][1]
    equals = cond["equals"]
    at = loc + ("show_if", "equals")
    kind = other.get("kind")
    if kind == "yes_no" and not isinstance(equals, bool):
        return [
            (
                at,
                f"{target!r} is a yes/no question, so equals must be true or false, not "
                f"{equals!r} — write `equals: true` or `equals: false`",
            )
        ]
    if kind in CHOICE_KINDS and isinstance(other.get("options"), list):
        opts = [_option_dict(o) for o in other["options"]]
        ids = [o["id"] for o in opts if isinstance(o, dict) and isinstance(o.get("id"), str)]
        if equals not in ids:
            by_label = {o.get("label"): o.get("id") for o in opts if isinstance(o, dict)}
            hint = (
                f"did you mean {by_label[equals]!r}?"
                if isinstance(equals, str) and equals in by_label
                else _suggest(equals, ids)
            )
            return [
                (
                    at,
                    f"{equals!r} is not an option of {target!r} — "
                    + (hint + " " if hint else "")
                    + f"(its options: {', '.join(ids)})",
                )
            ]
    if kind == "scale":
        low, high = other.get("min", 0), other.get("max", 10)
        if not _is_int(equals) or (_is_int(low) and _is_int(high) and not low <= equals <= high):
            return [
                (
                    at,
                    f"{target!r} is a scale from {low} to {high}, so equals must be a number in it",
                )
            ]
    return []


def _picker_problems(
    loc: Loc, q: dict[str, Any], principles: Principles | None, principles_problem: str | None
) -> Problems:
    if principles_problem:
        return [(loc + ("kind",), principles_problem)]
    options = q.get("options")
    if principles is None or not isinstance(options, list):
        return []
    known = principles.ids()
    out: Problems = []
    for i, raw in enumerate(options):
        opt = _option_dict(raw)
        oid = opt.get("id") if isinstance(opt, dict) else None
        if isinstance(oid, str) and oid not in known:
            hint = _suggest(oid, known)
            out.append(
                (
                    loc + ("options", i),
                    f"{oid!r} is not a principle — {hint + ' ' if hint else ''}"
                    "(use the ids in principles.yaml, e.g. attentive or attentive.waiting)",
                )
            )
    return out


# --- From YAML text to a model, with every problem located ----------------------------------
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
        hint = _suggest(field, known)
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


def _yaml_error(source: str, exc: yaml.YAMLError, text: str) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
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
) -> M:
    """Parse YAML ``text`` into ``model``, raising :class:`TemplateProblem` with every problem.

    ``checks`` looks at the raw data for problems across fields (its own and pydantic's
    per-field problems are all reported); ``first_lines`` says how such a file begins.
    """
    try:
        loader = _Loader(text)
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


_QS_START = "`schema_version: 1`, then `id:`, `version:`, `title:` and `sections:`"


def parse_question_set(
    text: str, source: str = "<string>", principles: Principles | None = None
) -> QuestionSet:
    """A question set from YAML text; :class:`TemplateProblem` lists every problem found.

    With ``principles``, the options of ``principle_picker`` questions are checked against it.
    """
    return _parse_question_set(text, source, principles, None)


def _parse_question_set(
    text: str, source: str, principles: Principles | None, principles_problem: str | None
) -> QuestionSet:
    def checks(data: Any, line_of: LineOf) -> Problems:
        return _set_problems(data, line_of, principles, principles_problem)

    return parse_yaml_model(text, source, QuestionSet, checks, _QS_START)


# --- Files ------------------------------------------------------------------------------------
def _read(path: Path) -> str:
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


def _default_principles() -> Principles | None:
    from vigkit.principles import load_principles

    try:
        return load_principles()
    except TemplateProblem:
        return None  # reported by check_path; pickers then fall back to no option check


def load_question_set(path: str | Path, principles: Principles | None = None) -> QuestionSet:
    """Read and validate one question set file (principle ids checked against the principles)."""
    path = Path(path)
    return parse_question_set(_read(path), str(path), principles or _default_principles())


def _dirs(search_dirs: Iterable[str | Path] | str | Path | None) -> list[Path]:
    if search_dirs is None:
        return [templates_dir() / "question_sets"]
    if isinstance(search_dirs, str | Path):
        return [Path(search_dirs)]
    return [Path(d) for d in search_dirs]


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def find_question_set(
    template_id: str, search_dirs: Iterable[str | Path] | str | Path | None = None
) -> QuestionSet:
    """The question set with this id, from the first folder that has it.

    ``search_dirs`` (default: the shipped ``templates/question_sets``) are searched in order,
    so a folder of a service's own templates put first overrides the shipped ones. A file
    named ``<template_id>.yaml`` that is broken raises :class:`TemplateProblem` rather than
    being passed over; other broken files are skipped.
    """
    principles = _default_principles()
    for folder in _dirs(search_dirs):
        for path in _yaml_files(folder):
            try:
                qs = parse_question_set(_read(path), str(path), principles)
            except TemplateProblem:
                if path.stem == template_id:
                    raise
                continue
            if qs.id == template_id:
                return qs
    raise TemplateNotFound(template_id)


def list_question_sets(
    search_dirs: Iterable[str | Path] | str | Path | None = None,
) -> list[QuestionSet]:
    """Every valid question set, the first of each id; :func:`check_path` reports broken ones."""
    principles = _default_principles()
    found: dict[str, QuestionSet] = {}
    for folder in _dirs(search_dirs):
        for path in _yaml_files(folder):
            try:
                qs = parse_question_set(_read(path), str(path), principles)
            except TemplateProblem:
                continue
            found.setdefault(qs.id, qs)
    return list(found.values())


def _is_principles(text: str) -> bool:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and (data.get("id") == "principles" or "headings" in data)


def _check_files(path: str | Path) -> dict[str, list[str]]:
    """Problems per file checked (an empty list for a valid file)."""
    from vigkit.principles import parse_principles, principles_path

    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
        if not files:
            return {str(path): [f"{path}: no templates (*.yaml) here — check the folder"]}
    elif path.exists():
        files = [path]
    else:
        return {str(path): [f"{path}: no such file or folder — check the path"]}

    results: dict[str, list[str]] = {}
    texts: dict[Path, str] = {}
    for file in files:
        try:
            texts[file] = _read(file)
        except TemplateProblem as exc:
            results[str(file)] = exc.problems

    principles: Principles | None = None
    principles_file: Path | None = None
    for file, text in texts.items():
        if _is_principles(text):
            results[str(file)] = []
            try:
                parsed = parse_principles(text, str(file))
            except TemplateProblem as exc:
                results[str(file)] = exc.problems
                principles_file = principles_file or file
                continue
            if principles is None:
                principles, principles_file = parsed, file
    principles_problem = None
    if principles_file is None:
        principles_file = principles_path()
        principles = _default_principles()
    if principles is None:
        principles_problem = (
            f"a principle_picker question needs a valid principles file, and {principles_file} "
            "is missing or has problems — fix that file, or use another kind"
        )

    set_ids: dict[str, str] = {}
    for file, text in texts.items():
        if str(file) in results:
            continue
        try:
            qs = _parse_question_set(text, str(file), principles, principles_problem)
        except TemplateProblem as exc:
            results[str(file)] = exc.problems
            continue
        results[str(file)] = []
        if qs.id in set_ids:
            results[str(file)].append(
                f"{file}: id {qs.id!r} is also the id of {set_ids[qs.id]} — give each "
                "question set its own id (only the first would be found)"
            )
        set_ids.setdefault(qs.id, str(file))
    return {str(f): results[str(f)] for f in files if str(f) in results}


def check_path(path: str | Path) -> list[str]:
    """Every problem in a template file, or in all ``*.yaml``/``*.yml`` under a folder."""
    return [p for problems in _check_files(path).values() for p in problems]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def check_command(paths: list[str], out: TextIO | None = None) -> int:
    """``vigkit templates check``: print each problem and a summary; 0 when all are valid."""
    out = out or sys.stdout
    results: dict[str, list[str]] = {}
    for path in paths or [str(templates_dir())]:
        results.update(_check_files(path))
    problems = [p for found in results.values() for p in found]
    for line in problems:
        print(line, file=out)
    bad = sum(1 for found in results.values() if found)
    if not problems:
        print(f"{_plural(len(results), 'template')} checked: all valid.", file=out)
        return 0
    print(
        f"{_plural(len(problems), 'problem')} in {bad} of {_plural(len(results), 'template')}.",
        file=out,
    )
    return 1
