"""The principles of attuned interaction and guidance, read from ``templates/principles.yaml``.

The wording is data a trainer may reword, translate or extend; records keep the ids
(``attentive``, ``attentive.waiting``), never the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from vigkit.paths import templates_dir
from vigkit.templates.fields import SLUG_PATTERN, Slug, TemplateModel, Version, suggest
from vigkit.templates.yamlsource import LineOf, Problems, parse_yaml_model, read_template

__all__ = [
    "Behaviour",
    "Group",
    "Principle",
    "Principles",
    "parse_principles",
    "load_principles",
    "principles_path",
]


class Behaviour(TemplateModel):
    """One observable behaviour under a heading, e.g. ``attentive.turning_towards``."""

    noun: ClassVar[str] = "behaviour"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` the heading's id, a dot and a short name, e.g. `id: attentive.waiting`",
        "label": "add `label:` the behaviour as people read it",
    }

    id: str
    label: Annotated[str, Field(min_length=1)]


class Group(TemplateModel):
    """Headings are shown in groups: attuned interaction (1–4) and guidance (5–6)."""

    noun: ClassVar[str] = "group"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name, e.g. `id: guidance`",
        "label": "add `label:` the group's name as people read it",
    }

    id: Slug
    label: Annotated[str, Field(min_length=1)]


class Principle(TemplateModel):
    """One heading (a building block) with its behaviours and its tagging key."""

    noun: ClassVar[str] = "heading"
    hints: ClassVar[dict[str, str]] = {
        "id": "add `id:` a short name in lower case, e.g. `id: attentive`",
        "key": "add `key:` the number key that tags a clip with it, 1 to 9",
        "heading": "add `heading:` the heading as people read it, e.g. Being attentive",
        "group": "add `group:` the id of one of the groups",
        "behaviours": "add `behaviours:` with one behaviour per line",
    }

    id: Slug
    key: Annotated[int, Field(ge=1, le=9)]
    heading: Annotated[str, Field(min_length=1)]
    group: str
    behaviours: Annotated[list[Behaviour], Field(min_length=1)]


class Principles(TemplateModel):
    """The whole taxonomy, with its source to cite."""

    noun: ClassVar[str] = "principles file"
    hints: ClassVar[dict[str, str]] = {
        "schema_version": "add `schema_version: 1` at the top",
        "id": "add `id: principles`",
        "version": 'add `version: "1.0"` and raise it whenever you change the wording',
        "source": "add `source:` the publication to cite",
        "groups": "add `groups:` (attuned_interaction, guidance)",
        "headings": "add `headings:` with the six headings",
    }

    schema_version: Literal[1]
    id: Literal["principles"]
    version: Version
    title: str = "Principles of attuned interaction and guidance"
    language: str = "en"
    source: Annotated[str, Field(min_length=1)]
    groups: Annotated[list[Group], Field(min_length=1)]
    headings: Annotated[list[Principle], Field(min_length=1)]

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _consistent(self) -> Principles:
        found = _principles_problems(self.model_dump(), lambda loc: None)
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    def ids(self) -> set[str]:
        """Every heading id and behaviour id."""
        return {p.id for p in self.headings} | {b.id for p in self.headings for b in p.behaviours}

    def by_id(self, ident: str) -> Principle | Behaviour:
        """The heading or behaviour with this id; ``KeyError`` when there is none."""
        for principle in self.headings:
            if principle.id == ident:
                return principle
            for behaviour in principle.behaviours:
                if behaviour.id == ident:
                    return behaviour
        raise KeyError(ident)

    def heading_of(self, ident: str) -> Principle:
        """The heading a behaviour id belongs to (a heading id gives the heading itself)."""
        for principle in self.headings:
            if principle.id == ident or any(b.id == ident for b in principle.behaviours):
                return principle
        raise KeyError(ident)

    def by_key(self, key: int) -> Principle:
        """The heading a number key tags; ``KeyError`` when no heading has that key."""
        for principle in self.headings:
            if principle.key == key:
                return principle
        raise KeyError(key)


def _principles_problems(data: Any, line_of: LineOf) -> Problems:
    """Ids and keys used twice, behaviour ids not under their heading, unknown groups."""
    out: Problems = []
    if not isinstance(data, dict):
        return out
    groups = data.get("groups")
    group_ids = (
        [g.get("id") for g in groups if isinstance(g, dict)] if isinstance(groups, list) else []
    )
    headings = data.get("headings")
    if not isinstance(headings, list):
        return out
    seen_ids: dict[str, tuple[Any, ...]] = {}
    seen_keys: dict[int, tuple[Any, ...]] = {}

    def once(ident: object, here: tuple[Any, ...], what: str) -> None:
        if not isinstance(ident, str):
            return
        if ident in seen_ids:
            first, second = line_of(seen_ids[ident]), line_of(here)
            lines = f", lines {first} and {second}" if first and second else ""
            out.append((here, f"{what} id {ident!r} is used twice{lines} — give each its own id"))
        seen_ids.setdefault(ident, here)

    for hi, heading in enumerate(headings):
        if not isinstance(heading, dict):
            continue
        loc = ("headings", hi)
        hid = heading.get("id")
        once(hid, loc + ("id",), "heading")
        key = heading.get("key")
        if isinstance(key, int) and not isinstance(key, bool):
            if key in seen_keys:
                out.append(
                    (
                        loc + ("key",),
                        f"key {key} is used by two headings — give each heading its own key",
                    )
                )
            seen_keys.setdefault(key, loc)
        out += _group_problems(loc, heading.get("group"), group_ids)
        behaviours = heading.get("behaviours")
        if not isinstance(behaviours, list):
            continue
        for bi, behaviour in enumerate(behaviours):
            if not isinstance(behaviour, dict):
                continue
            bid = behaviour.get("id")
            here = loc + ("behaviours", bi, "id")
            once(bid, here, "behaviour")
            out += _behaviour_id_problems(here, bid, hid)
    return out


def _group_problems(loc: tuple[Any, ...], group: object, group_ids: list[Any]) -> Problems:
    """A heading's group that is not one of the groups."""
    if isinstance(group, str) and group_ids and group not in group_ids:
        hint = suggest(group, [g for g in group_ids if isinstance(g, str)])
        return [
            (
                loc + ("group",),
                f"group {group!r} is not one of the groups — "
                + (hint + " " if hint else "")
                + f"(groups: {', '.join(str(g) for g in group_ids)})",
            )
        ]
    return []


def _behaviour_id_problems(here: tuple[Any, ...], bid: object, hid: object) -> Problems:
    """A behaviour id that is not its heading's id, a dot and a short lower-case name."""
    if isinstance(bid, str) and isinstance(hid, str):
        name = bid.split(".", 1)[-1]
        if not bid.startswith(hid + ".") or not SLUG_PATTERN.match(name):
            return [
                (
                    here,
                    f"behaviour id {bid!r} should be the heading's id, a dot and a short "
                    f"lower-case name — e.g. '{hid}.{_short(name)}'",
                )
            ]
    return []


def _short(name: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split()) or "waiting"


_START = "`schema_version: 1`, `id: principles`, `version:`, `source:`, `groups:` and `headings:`"


def parse_principles(text: str, source: str = "<string>") -> Principles:
    """The principles from YAML text; :class:`TemplateProblem` lists every problem found."""
    return parse_yaml_model(text, source, Principles, _principles_problems, _START)


def principles_path() -> Path:
    """The principles file vigkit uses: ``principles.yaml`` in the templates folder."""
    return templates_dir() / "principles.yaml"


_cache: dict[Path, tuple[int, int, Principles]] = {}


def load_principles(path: str | Path | None = None) -> Principles:
    """Read the principles file (default :func:`principles_path`), cached until it changes."""
    file = Path(path) if path is not None else principles_path()
    try:
        stat = file.stat()
    except OSError:
        stat = None
    key = file.resolve()
    if stat is not None:
        hit = _cache.get(key)
        if hit and hit[0] == stat.st_mtime_ns and hit[1] == stat.st_size:
            return hit[2]
    result = parse_principles(read_template(file), str(file))
    if stat is not None:
        _cache[key] = (stat.st_mtime_ns, stat.st_size, result)
    return result
