"""Outcome measures a trainer or service adds as templates: ``templates/measures/*.yaml``
(the service's own in ``<data>/templates/measures`` first).

A measure is one of three kinds:

- ``goals`` — Goal-Based Outcomes: the family's helping questions, rated 0–10, already
  are goals; nothing is entered, the report reads the ratings (``reliable_change``: the
  change in points that counts).
- ``items`` — a free scale whose items vigkit may show (PHQ-9, GAD-7; a scale that is
  free if unaltered, such as the Karitane Parenting Confidence Scale, cites its source):
  each item is scored, the total is their sum.
- ``score_only`` — a licensed scale (EPDS, WEMWBS, KIPS, CARE-Index): the service enters
  the total, and only the items named in ``entered_items`` (EPDS item 10); vigkit never
  holds their wording, and a ``score_only`` template with item wording is refused.

``risk`` names an item whose score above ``above`` must prompt the service's risk
procedure (a setting): vigkit flags, never decides. Pure: reading files is the caller's
(``load_measures`` reads them, like the other template loaders).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from vigkit.core.errors import TemplateProblem
from vigkit.templates.fields import Slug, TemplateModel, Version
from vigkit.templates.yamlsource import parse_yaml_model, read_template

__all__ = [
    "Measure",
    "MeasureItem",
    "Band",
    "Risk",
    "parse_measure",
    "load_measures",
    "total_of",
    "band_of",
    "risk_raised",
]


def _bad(message: str) -> PydanticCustomError:
    return PydanticCustomError("vigkit_measure", message)


class MeasureItem(TemplateModel):
    noun: ClassVar[str] = "item"
    hints: ClassVar[dict[str, str]] = {"id": "add `id:` a short name, e.g. `id: q1`"}

    id: Slug
    text: str = ""  # the item's wording (never for a score-only scale)
    label: str = ""  # what the score box is called when there is no wording


class Band(TemplateModel):
    noun: ClassVar[str] = "band"
    hints: ClassVar[dict[str, str]] = {"label": "add `label:` the band's name, e.g. mild"}

    low: float
    high: float
    label: Annotated[str, Field(min_length=1)]


class Risk(TemplateModel):
    noun: ClassVar[str] = "risk"
    hints: ClassVar[dict[str, str]] = {"item": "add `item:` the id of the item to watch"}

    item: Slug
    above: float = 0
    about: Annotated[str, Field(min_length=1)] = "a self-harm item above 0"


class Answer(TemplateModel):
    value: int
    label: Annotated[str, Field(min_length=1)]


class Measure(TemplateModel):
    noun: ClassVar[str] = "measure"
    hints: ClassVar[dict[str, str]] = {
        "schema_version": "add `schema_version: 1` at the top",
        "id": "add `id:` a short name, e.g. `id: phq9`",
        "version": 'add `version: "1.0"`',
        "title": "add `title:` the measure's name as people read it",
        "kind": "add `kind:` goals, items or score_only",
        "licence": "add `licence:` free, free_unaltered or score_only",
    }

    schema_version: Literal[1]
    id: Slug
    version: Version
    title: Annotated[str, Field(min_length=1)]
    about: str = ""
    kind: Literal["goals", "items", "score_only"]
    licence: Literal["free", "free_unaltered", "score_only"]
    citation: str = ""
    higher_is: Literal["better", "worse"] = "worse"
    item_min: float = 0
    item_max: float = 3
    total_min: float = 0
    total_max: float = 0
    decimals: Annotated[int, Field(ge=0, le=2)] = 0
    answers: list[Answer] = Field(default_factory=list)  # what each item score means
    items: list[MeasureItem] = Field(default_factory=list)
    entered_items: list[MeasureItem] = Field(default_factory=list)  # score-only: e.g. item 10
    bands: list[Band] = Field(default_factory=list)
    risk: Risk | None = None
    reliable_change: float = 2  # goals: the change in points that counts

    @model_validator(mode="after")
    def _consistent(self) -> Measure:
        if self.licence == "score_only" and self.kind != "score_only":
            raise _bad("a score_only licence is entered as kind: score_only")
        if self.kind == "score_only" and any(i.text for i in [*self.items, *self.entered_items]):
            raise _bad(
                "a licensed scale is score-only: vigkit never holds its items' wording "
                "(remove the `text:` lines)"
            )
        if self.kind == "score_only" and self.items:
            raise _bad("a score-only scale has no `items:`, only `entered_items:`")
        if self.kind == "items" and not self.items:
            raise _bad("a scale of kind items lists its `items:`")
        if self.licence == "free_unaltered" and not self.citation:
            raise _bad("a scale free if unaltered cites its source: add `citation:`")
        ids = [i.id for i in self.items] + [i.id for i in self.entered_items]
        if len(ids) != len(set(ids)):
            raise _bad("two items share an id")
        if self.risk is not None and self.risk.item not in ids:
            raise _bad(f"the risk item {self.risk.item!r} is not one of the items")
        if self.kind != "goals" and self.total_max <= self.total_min:
            raise _bad("`total_max` must be above `total_min`")
        for band in self.bands:
            if band.low > band.high:
                raise _bad(f"band {band.label!r}: `low` must not be above `high`")
        return self

    def item_ids(self) -> list[str]:
        return [i.id for i in (self.items if self.kind == "items" else self.entered_items)]


def parse_measure(text: str, source: str = "<measure>") -> Measure:
    """A measure from YAML text; TemplateProblem listing what is wrong, with lines."""
    return parse_yaml_model(text, source, Measure, first_lines="schema_version: 1\nid: phq9")


_READ: dict[tuple[tuple[str, int], ...], list[Measure]] = {}


def load_measures(folders: list[Path]) -> list[Measure]:
    """Every measure in ``folders`` (the first folder's wins for an id), by title; a broken
    file is skipped here — `vigkit templates check` names it. Read again only when a file
    changed (a page opens in a few milliseconds)."""
    files = [
        p for folder in folders for p in (sorted(folder.glob("*.yaml")) if folder.is_dir() else [])
    ]
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    if key not in _READ:
        _READ.clear()
        _READ[key] = _load(files)
    return list(_READ[key])


def _load(files: list[Path]) -> list[Measure]:
    found: dict[str, Measure] = {}
    for path in files:
        try:
            measure = parse_measure(read_template(path), str(path))
        except TemplateProblem:
            continue
        found.setdefault(measure.id, measure)
    return sorted(found.values(), key=lambda m: m.title.lower())


def total_of(measure: Measure, scores: dict[str, float]) -> float:
    """The total of an items scale: the sum of every item's score (ValueError naming a
    missing or out-of-range item)."""
    total = 0.0
    for item in measure.items:
        value = scores.get(item.id)
        if value is None:
            raise ValueError(f"item {item.id} has no score")
        if not measure.item_min <= value <= measure.item_max:
            raise ValueError(
                f"item {item.id}: {value:g} is outside {measure.item_min:g}–{measure.item_max:g}"
            )
        total += value
    return total


def band_of(measure: Measure, total: float) -> str:
    """The band a total falls in ('' when the measure has none that holds it)."""
    return next((b.label for b in measure.bands if b.low <= total <= b.high), "")


def risk_raised(measure: Measure, scores: dict[str, float]) -> bool:
    """Whether the risk item's score is above its threshold: the risk procedure is shown."""
    if measure.risk is None:
        return False
    value = scores.get(measure.risk.item)
    return value is not None and value > measure.risk.above
