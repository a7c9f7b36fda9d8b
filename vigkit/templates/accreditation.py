"""Accreditation requirements: what each stage of the pathway asks for.

The requirements are data, ``templates/accreditation.yaml`` (defaults: the AVIGuk pathway
in the VIG primer §4), read and checked like the other templates: every problem is named
by file, line and column (:class:`~vigkit.core.errors.TemplateProblem`). What a trainee
has done against them is :mod:`vigkit.core.accreditationprogress`, which asks only for their
shape (:class:`~vigkit.core.accreditationprogress.Requirements`), not for this model.
Reading the file is :mod:`vigkit.templates.accreditationfile`'s.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from vigkit.core.accreditationprogress import stage_numbers
from vigkit.templates.fields import TemplateModel, Version, field_error
from vigkit.templates.yamlsource import LineOf, Problems, parse_yaml_model

__all__ = [
    "StageRequirement",
    "Accreditation",
    "parse_accreditation",
]


def _whole(field: str, value: object) -> int:
    example = f"must be a whole number of 0 or more, e.g. `{field}: 6`"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise field_error(f"{field} {example}")
    try:
        number = int(value)
    except ValueError:
        raise field_error(f"{field} {example}, not {value!r}") from None
    if number < 0:
        raise field_error(f"{field} {example}, not {number}")
    return number


def _hours(field: str, value: object) -> float:
    example = f"must be a number of hours of 0 or more, e.g. `{field}: 7.5`"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise field_error(f"{field} {example}")
    try:
        number = float(value)
    except ValueError:
        raise field_error(f"{field} {example}, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise field_error(f"{field} {example}, not {value}")
    return number


class StageRequirement(TemplateModel):
    """What one stage asks for: cycles, new families, supervision, its ending meeting."""

    noun: ClassVar[str] = "stage"
    hints: ClassVar[dict[str, str]] = {
        "stage": "add `stage:` its number, 1 for the first stage",
        "cycles": "add `cycles:` how many cycles this stage needs, e.g. `cycles: 6`",
        "new_families": "add `new_families:` how many families not seen in an earlier stage",
        "supervision_hours": "add `supervision_hours:` the hours of supervision, e.g. 8",
    }

    stage: int
    label: str = ""
    cycles: int
    new_families: int
    supervision_hours: float
    meeting: Annotated[str, Field(min_length=1)] | None = None
    written_statement: bool = False

    @field_validator("stage", "cycles", "new_families", mode="before")
    @classmethod
    def _check_whole(cls, value: object, info: ValidationInfo) -> int:
        return _whole(str(info.field_name), value)

    @field_validator("supervision_hours", mode="before")
    @classmethod
    def _check_hours(cls, value: object, info: ValidationInfo) -> float:
        return _hours(str(info.field_name), value)

    @model_validator(mode="before")
    @classmethod
    def _default_label(cls, data: Any) -> Any:
        if isinstance(data, dict) and not str(data.get("label") or "").strip():
            return {**data, "label": f"Stage {data.get('stage')}"}
        return data


class Accreditation(TemplateModel):
    """The whole pathway: its stages in order and the totals people quote."""

    noun: ClassVar[str] = "file of accreditation requirements"
    hints: ClassVar[dict[str, str]] = {
        "schema_version": "add `schema_version: 1` at the top",
        "id": "add `id: accreditation`",
        "version": 'add `version: "1.0"` and raise it whenever you change a figure',
        "source": "add `source:` where the figures come from",
        "stages": "add `stages:` with one entry per stage",
        "total_cycles": "add `total_cycles:` the cycles of all stages added up",
        "total_supervision_hours": "add `total_supervision_hours:` the stages' hours added up",
    }

    kind: Literal["accreditation"] = "accreditation"
    schema_version: Literal[1]
    id: Literal["accreditation"]
    version: Version
    title: str = "Accreditation"
    source: Annotated[str, Field(min_length=1)]
    stages: Annotated[list[StageRequirement], Field(min_length=1)]
    total_cycles: int
    total_supervision_hours: float

    @field_validator("total_cycles", mode="before")
    @classmethod
    def _check_whole(cls, value: object, info: ValidationInfo) -> int:
        return _whole(str(info.field_name), value)

    @field_validator("total_supervision_hours", mode="before")
    @classmethod
    def _check_hours(cls, value: object, info: ValidationInfo) -> float:
        return _hours(str(info.field_name), value)

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _consistent(self) -> Accreditation:
        found = _accreditation_problems(self.model_dump(), lambda loc: None)
        if found:
            raise PydanticCustomError("vigkit_cross", "; ".join(msg for _, msg in found))
        return self

    def stage(self, number: int) -> StageRequirement:
        """The requirements of stage ``number``; ``ValueError`` in plain words if none."""
        for stage in self.stages:
            if stage.stage == number:
                return stage
        raise ValueError(
            f"There is no stage {number}: the stages are {stage_numbers(self.stages)}."
        )


def _accreditation_problems(data: Any, line_of: LineOf) -> Problems:
    """Stages not numbered 1, 2, 3 … in order; totals that are not the stages' sums."""
    out: Problems = []
    if not isinstance(data, dict) or not isinstance(data.get("stages"), list):
        return out
    stages = [s if isinstance(s, dict) else {} for s in data["stages"]]
    for i, stage in enumerate(stages):
        number = stage.get("stage")
        if isinstance(number, int) and not isinstance(number, bool) and number != i + 1:
            out.append(
                (
                    ("stages", i, "stage"),
                    f"stage {i + 1} is numbered {number} — number the stages 1, 2, 3 … "
                    "in the order a trainee goes through them",
                )
            )

    def total(field: str, per_stage: str, words: str) -> None:
        summed = 0.0
        try:
            for stage in stages:
                value = stage.get(per_stage)
                if isinstance(value, bool) or not isinstance(value, int | float | str):
                    return  # missing or not a number: reported as such by the model
                if float(value) < 0:
                    return
                summed += float(value)
            given = data.get(field)
            if isinstance(given, bool) or not isinstance(given, int | float | str):
                return
            stated = float(given)
        except ValueError:
            return
        if not math.isclose(summed, stated):
            out.append(
                (
                    (field,),
                    f"{field} is {stated:g} but the stages' {words} add up to {summed:g} — "
                    f"write `{field}: {summed:g}`, or correct the stage that is wrong",
                )
            )

    total("total_cycles", "cycles", "cycles")
    total("total_supervision_hours", "supervision_hours", "supervision hours")
    return out


_START = (
    "`kind: accreditation`, `schema_version: 1`, `id: accreditation`, `version:`, "
    "`source:`, `stages:`, `total_cycles:` and `total_supervision_hours:`"
)


def parse_accreditation(text: str, source: str = "<string>") -> Accreditation:
    """The requirements from YAML text; :class:`TemplateProblem` lists every problem found."""
    return parse_yaml_model(text, source, Accreditation, _accreditation_problems, _START)
