"""Accreditation progress: what a trainee has done in a stage against what it requires.

The requirements are :mod:`vigkit.templates.accreditation` (``templates/accreditation.yaml``);
what this module asks of them is their shape, :class:`Pathway` and :class:`StageNeeds`.

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
from typing import Any, Literal, Protocol

__all__ = [
    "CycleDone",
    "SupervisionDone",
    "MeetingDone",
    "StatementDone",
    "RequirementProgress",
    "StageProgress",
    "PathwayProgress",
    "stage_progress",
    "pathway_progress",
    "StageNeeds",
    "Pathway",
    "stage_numbers",
]


# --- What the pathway asks for (its shape: the model is the templates room's) ----------------
class StageNeeds(Protocol):
    """What one stage asks for, as :class:`vigkit.templates.accreditation.StageRequirement`."""

    @property
    def stage(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def cycles(self) -> int: ...
    @property
    def new_families(self) -> int: ...
    @property
    def supervision_hours(self) -> float: ...
    @property
    def meeting(self) -> str | None: ...
    @property
    def written_statement(self) -> bool: ...


class Pathway(Protocol):
    """The whole pathway, as :class:`vigkit.templates.accreditation.Accreditation`."""

    @property
    def stages(self) -> Sequence[StageNeeds]: ...
    @property
    def total_cycles(self) -> int: ...
    @property
    def total_supervision_hours(self) -> float: ...
    def stage(self, number: int) -> StageNeeds: ...


def stage_numbers(stages: Sequence[StageNeeds]) -> str:
    return ", ".join(str(s.stage) for s in stages)


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


def _check_stages(requirements: Pathway, *records: Sequence[Any]) -> None:
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
                f"{stage_numbers(requirements.stages)}: check the stage it was recorded in."
            )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _counted_requirements(
    wanted: StageNeeds, stage: int, in_stage: int, new: int, hours: float
) -> list[RequirementProgress]:
    """Progress on the stage's counted requirements: cycles (``in_stage`` done), families new
    to the trainee (``new``) and hours of supervision (``hours``)."""
    family_words = "cycle with a different family", "cycles with a different family"
    short_families = wanted.new_families - new
    families_left = _more(short_families, *family_words)
    if stage > 1:
        families_left += " (not one from an earlier stage)"
    return [
        _requirement(
            "cycles",
            "Cycles",
            in_stage,
            wanted.cycles,
            _more(wanted.cycles - in_stage, "cycle", "cycles"),
        ),
        _requirement(
            "new_families",
            "Different families" if stage == 1 else "Families new in this stage",
            new,
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


def stage_progress(
    requirements: Pathway,
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
    found = _counted_requirements(wanted, stage, len(in_stage), len(new), hours)
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
    requirements: Pathway,
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
