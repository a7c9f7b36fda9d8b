"""Accreditation progress: what a trainee has done in a stage against what it requires.

The requirements are data, ``templates/accreditation.yaml`` (defaults: the AVIGuk pathway
in the VIG primer §4), read and checked like the other templates: every problem is named
by file, line and column (:class:`~vigkit.core.errors.TemplateProblem`).

Pure: :func:`stage_progress` and :func:`pathway_progress` take the requirements and plain
lists of what the trainee did (:class:`CycleDone`, :class:`SupervisionDone`,
:class:`MeetingDone`, :class:`StatementDone`) and return frozen dataclasses with words a
trainee can read. Conventions:

- A cycle, a supervision session, a meeting or a statement counts towards the stage it is
  recorded in, and only that one: six cycles more than stage 1 asks for do not carry over.
- "New families" in a stage are the different families among that stage's cycles that
  do not appear in any cycle of an earlier stage ("at least 3 more clients").
- Supervision counts in hours, whatever the pattern (8 × 1 h, 6 × 90 min, 4 × 2 h).
- A stage is complete when everything is met, its ending meeting included;
  ``ready_for_meeting`` says whether only the meeting is left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from vigkit.paths import templates_dir
from vigkit.templates.fields import Version, _fail, _Model
from vigkit.templates.yamlsource import LineOf, Problems, _read, parse_yaml_model

__all__ = [
    "StageRequirement",
    "Accreditation",
    "CycleDone",
    "SupervisionDone",
    "MeetingDone",
    "StatementDone",
    "RequirementProgress",
    "StageProgress",
    "PathwayProgress",
    "parse_accreditation",
    "load_accreditation",
    "accreditation_path",
    "stage_progress",
    "pathway_progress",
]


# --- The requirements file ------------------------------------------------------------------
def _whole(field: str, value: object) -> int:
    example = f"must be a whole number of 0 or more, e.g. `{field}: 6`"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _fail(f"{field} {example}")
    try:
        number = int(value)
    except ValueError:
        raise _fail(f"{field} {example}, not {value!r}") from None
    if number < 0:
        raise _fail(f"{field} {example}, not {number}")
    return number


def _hours(field: str, value: object) -> float:
    example = f"must be a number of hours of 0 or more, e.g. `{field}: 7.5`"
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _fail(f"{field} {example}")
    try:
        number = float(value)
    except ValueError:
        raise _fail(f"{field} {example}, not {value!r}") from None
    if not math.isfinite(number) or number < 0:
        raise _fail(f"{field} {example}, not {value}")
    return number


class StageRequirement(_Model):
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


class Accreditation(_Model):
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
        raise ValueError(f"There is no stage {number}: the stages are {_numbers(self.stages)}.")


def _numbers(stages: Sequence[StageRequirement]) -> str:
    return ", ".join(str(s.stage) for s in stages)


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


def accreditation_path() -> Path:
    """The requirements file vigkit uses: ``accreditation.yaml`` in the templates folder."""
    return templates_dir() / "accreditation.yaml"


def load_accreditation(path: str | Path | None = None) -> Accreditation:
    """Read and check the requirements file (default :func:`accreditation_path`)."""
    file = Path(path) if path is not None else accreditation_path()
    return parse_accreditation(_read(file), str(file))


# --- What the trainee did -------------------------------------------------------------------
def _check_stage(stage: object, what: str) -> None:
    if isinstance(stage, bool) or not isinstance(stage, int) or stage < 1:
        raise ValueError(f"A {what} needs a stage number of 1 or more, not {stage!r}.")


@dataclass(frozen=True)
class CycleDone:
    """One cycle (film, micro-analysis, shared review) in a stage, with the family's code."""

    stage: int
    family: str

    def __post_init__(self) -> None:
        _check_stage(self.stage, "cycle")
        if not isinstance(self.family, str) or not self.family.strip():
            raise ValueError("A cycle needs the family's case code, so families can be counted.")


@dataclass(frozen=True)
class SupervisionDone:
    """One supervision session in a stage and how long it lasted, in hours."""

    stage: int
    hours: float

    def __post_init__(self) -> None:
        _check_stage(self.stage, "supervision session")
        hours = self.hours
        if isinstance(hours, bool) or not isinstance(hours, int | float) or not hours > 0:
            raise ValueError(
                f"A supervision session lasts a number of hours above 0, not {hours!r}."
            )
        if not math.isfinite(hours):
            raise ValueError(f"A supervision session cannot last {hours!r} hours.")


@dataclass(frozen=True)
class MeetingDone:
    """The meeting that ends a stage (a transition or accreditation meeting) took place."""

    stage: int

    def __post_init__(self) -> None:
        _check_stage(self.stage, "meeting")


@dataclass(frozen=True)
class StatementDone:
    """The written reflective statement of a stage is written."""

    stage: int

    def __post_init__(self) -> None:
        _check_stage(self.stage, "written statement")


# --- Progress -------------------------------------------------------------------------------
Requirement = Literal["cycles", "new_families", "supervision_hours", "meeting", "written_statement"]


@dataclass(frozen=True)
class RequirementProgress:
    """One requirement: how much is done, how much is required, what is left in words."""

    requirement: Requirement
    label: str
    done: float
    required: float
    left: str
    met: bool


@dataclass(frozen=True)
class StageProgress:
    """Every requirement of one stage, whether it is complete, and one sentence."""

    stage: int
    label: str
    requirements: tuple[RequirementProgress, ...]
    ready_for_meeting: bool
    complete: bool
    summary: str


@dataclass(frozen=True)
class PathwayProgress:
    """Every stage, and the totals over the whole pathway (cycles, families, hours)."""

    stages: tuple[StageProgress, ...]
    totals: tuple[RequirementProgress, ...]
    complete: bool


def _more(n: float, one: str, many: str) -> str:
    amount = f"{n:g}"
    return f"{amount} more {one if n == 1 else many}"


def _hours_text(value: float) -> float:
    return float(round(value, 2))


def _requirement(
    requirement: Requirement, label: str, done: float, required: float, short: str
) -> RequirementProgress:
    met = done >= required - 1e-9
    return RequirementProgress(
        requirement, label, done, required, "nothing left" if met else short, met
    )


def _check_stages(requirements: Accreditation, *records: Sequence[Any]) -> None:
    known = {s.stage for s in requirements.stages}
    for record in (r for group in records for r in group):
        if record.stage not in known:
            what = {
                CycleDone: "a cycle",
                SupervisionDone: "a supervision session",
                MeetingDone: "a meeting",
                StatementDone: "a written statement",
            }.get(type(record), "a record")
            raise ValueError(
                f"There is {what} in stage {record.stage}, but the stages are "
                f"{_numbers(requirements.stages)}: check the stage it was recorded in."
            )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def stage_progress(
    requirements: Accreditation,
    stage: int,
    *,
    cycles: Sequence[CycleDone] = (),
    supervision: Sequence[SupervisionDone] = (),
    meetings: Sequence[MeetingDone] = (),
    statements: Sequence[StatementDone] = (),
) -> StageProgress:
    """How far a trainee is in ``stage``: done, required and what is left per requirement.

    ``cycles`` may include earlier stages' cycles (they decide which families are new);
    everything else from other stages is ignored here.
    """
    wanted = requirements.stage(stage)
    _check_stages(requirements, cycles, supervision, meetings, statements)
    in_stage = [c for c in cycles if c.stage == stage]
    earlier = {c.family.strip() for c in cycles if c.stage < stage}
    new = {c.family.strip() for c in in_stage} - earlier
    hours = _hours_text(sum(s.hours for s in supervision if s.stage == stage))

    family_words = "cycle with a different family", "cycles with a different family"
    short_families = wanted.new_families - len(new)
    families_left = _more(short_families, *family_words)
    if stage > 1:
        families_left += " (not one from an earlier stage)"
    found = [
        _requirement(
            "cycles",
            "Cycles",
            len(in_stage),
            wanted.cycles,
            _more(wanted.cycles - len(in_stage), "cycle", "cycles"),
        ),
        _requirement(
            "new_families",
            "Different families" if stage == 1 else "Families new in this stage",
            len(new),
            wanted.new_families,
            families_left,
        ),
        _requirement(
            "supervision_hours",
            "Hours of supervision",
            hours,
            wanted.supervision_hours,
            _more(
                _hours_text(wanted.supervision_hours - hours),
                "hour of supervision",
                "hours of supervision",
            ),
        ),
    ]
    if wanted.written_statement:
        written = sum(1 for s in statements if s.stage == stage)
        found.append(
            _requirement(
                "written_statement",
                "Written reflective statement",
                min(written, 1),
                1,
                "the written reflective statement",
            )
        )
    before_meeting = all(r.met for r in found)
    if wanted.meeting:
        held = sum(1 for m in meetings if m.stage == stage)
        found.append(
            _requirement(
                "meeting", wanted.meeting.capitalize(), min(held, 1), 1, f"the {wanted.meeting}"
            )
        )
    complete = all(r.met for r in found)
    if complete:
        summary = f"{wanted.label} is complete."
    else:
        summary = f"Left for {wanted.label}: {_join([r.left for r in found if not r.met])}."
    return StageProgress(
        stage, wanted.label, tuple(found), before_meeting and not complete, complete, summary
    )


def pathway_progress(
    requirements: Accreditation,
    *,
    cycles: Sequence[CycleDone] = (),
    supervision: Sequence[SupervisionDone] = (),
    meetings: Sequence[MeetingDone] = (),
    statements: Sequence[StatementDone] = (),
) -> PathwayProgress:
    """Every stage's progress, and the totals against the whole pathway."""
    stages = tuple(
        stage_progress(
            requirements,
            s.stage,
            cycles=cycles,
            supervision=supervision,
            meetings=meetings,
            statements=statements,
        )
        for s in requirements.stages
    )
    families = len({c.family.strip() for c in cycles})
    all_families = sum(s.new_families for s in requirements.stages)
    hours = _hours_text(sum(s.hours for s in supervision))
    totals = (
        _requirement(
            "cycles",
            "Cycles in all",
            len(cycles),
            requirements.total_cycles,
            _more(requirements.total_cycles - len(cycles), "cycle", "cycles"),
        ),
        _requirement(
            "new_families",
            "Different families in all",
            families,
            all_families,
            _more(all_families - families, "different family", "different families"),
        ),
        _requirement(
            "supervision_hours",
            "Hours of supervision in all",
            hours,
            requirements.total_supervision_hours,
            _more(
                _hours_text(requirements.total_supervision_hours - hours),
                "hour of supervision",
                "hours of supervision",
            ),
        ),
    )
    return PathwayProgress(stages, totals, all(s.complete for s in stages))
