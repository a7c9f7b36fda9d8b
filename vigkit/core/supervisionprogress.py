"""A trainee's accreditation progress from their records, in numbers and words. Pure (its picture is
:func:`vigkit.reports.plots.plot_requirements`).

What counts (the rest of the rules are :mod:`vigkit.core.accreditationprogress`'s):

- supervision hours come from **signed** supervision records only, in the stage each
  record names;
- a stage's ending meeting is a signed supervision record marked as a transition meeting;
- a cycle counts in the stage the trainee was in on the day of its film: stage 1 until the
  first transition meeting, then stage 2 until the next, and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from vigkit.core.accreditationprogress import (
    CycleDone,
    MeetingDone,
    Pathway,
    PathwayProgress,
    RequirementProgress,
    StageProgress,
    SupervisionDone,
    pathway_progress,
)
from vigkit.core.supervisionrecords import Supervision
from vigkit.i18n.interface import Interface

__all__ = [
    "CycleOn",
    "stage_on",
    "supervision_hours",
    "trainee_progress",
    "requirements_alt",
    "progress_in_words",
]

# The words of the page's language (Interface.say); English unless the page passes its own.
_ENGLISH: Callable[..., str] = Interface().say


@dataclass(frozen=True)
class CycleOn:
    """A finished cycle: the family's case code and the day of its film."""

    family: str
    day: date


def _transitions(records: Sequence[Supervision]) -> list[Supervision]:
    return sorted(
        (r for r in records if r.signed and r.transition_meeting),
        key=lambda r: (r.held_on, r.id or 0),
    )


def stage_on(day: date, records: Sequence[Supervision], last_stage: int = 3) -> int:
    """The stage a trainee was in on ``day``: 1 plus the transition meetings held before it."""
    held = sum(1 for r in _transitions(records) if r.held_on < day)
    return min(1 + held, last_stage)


def supervision_hours(records: Sequence[Supervision], stage: int | None = None) -> float:
    """Hours of signed supervision (in one stage, or in all)."""
    return round(
        sum(r.hours for r in records if r.signed and (stage is None or r.stage == stage)), 2
    )


def trainee_progress(
    requirements: Pathway,
    cycles: Sequence[CycleOn],
    records: Sequence[Supervision],
    current_stage: int | None = None,
    group_hours: float = 0.0,
) -> PathwayProgress:
    """The trainee's progress in every stage and in all, from their cycles and supervision.

    A signed record without a stage counts in ``current_stage`` (else stage 1), as do
    ``group_hours``, the hours of ended live group supervision sessions they joined.
    """
    last = max(s.stage for s in requirements.stages)
    done_cycles = [CycleDone(stage_on(c.day, records, last), c.family) for c in cycles]
    signed = [r for r in records if r.signed]

    def stage_of(r: Supervision) -> int:
        return min(max(r.stage or current_stage or 1, 1), last)

    sessions = [SupervisionDone(stage_of(r), r.hours) for r in signed]
    if group_hours > 0:
        sessions.append(SupervisionDone(min(max(current_stage or 1, 1), last), group_hours))
    meetings = [MeetingDone(stage_of(r)) for r in signed if r.transition_meeting]
    return pathway_progress(
        requirements, cycles=done_cycles, supervision=sessions, meetings=meetings
    )


def amount_words(value: float) -> str:
    return f"{value:g}"


def _stage_label(label: str, number: int, say: Callable[..., str]) -> str:
    """A stage's label: the usual "Stage n" in the page's language, else as the trainer wrote it."""
    return say("supervision.progress.stage", stage=number) if label == f"Stage {number}" else label


def _join(parts: list[str], say: Callable[..., str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return say("supervision.progress.and", rest=", ".join(parts[:-1]), last=parts[-1])


def _more(short: float, one: str, many: str, say: Callable[..., str]) -> str:
    return say(
        f"supervision.progress.more.{one if short == 1 else many}", count=amount_words(short)
    )


def _in_words(
    r: RequirementProgress,
    say: Callable[..., str],
    stage: int | None,
    meeting: str,
) -> RequirementProgress:
    """One requirement's label and what is left, in the page's language (``stage`` None: totals)."""
    short = float(round(r.required - r.done, 2))
    label, left = r.label, r.left
    if r.requirement == "cycles":
        label = say("supervision.progress.label." + ("cycles" if stage else "cycles_all"))
        left = _more(short, "cycle", "cycles", say)
    elif r.requirement == "new_families":
        if stage is None:
            label = say("supervision.progress.label.families_all")
            left = _more(short, "family", "families", say)
        else:
            first = "families_first" if stage == 1 else "families_new"
            label = say(f"supervision.progress.label.{first}")
            left = _more(short, "family_cycle", "family_cycles", say)
            if stage > 1:
                left = say("supervision.progress.more.not_earlier", left=left)
    elif r.requirement == "supervision_hours":
        label = say("supervision.progress.label." + ("hours" if stage else "hours_all"))
        left = _more(short, "hour", "hours", say)
    elif r.requirement == "written_statement":
        label = say("supervision.progress.label.statement")
        left = say("supervision.progress.more.statement")
    elif r.requirement == "meeting":
        left = say("supervision.progress.more.meeting", meeting=meeting)
    if r.met:
        left = say("supervision.progress.nothing_left")
    return replace(r, label=label, left=left)


def progress_in_words(
    requirements: Pathway,
    progress: PathwayProgress,
    say: Callable[..., str] | None = None,
) -> PathwayProgress:
    """``progress`` with its labels, what is left and each stage's summary in ``say``'s language.

    The meeting that ends a stage and a stage's own label (other than "Stage n") are what the
    trainer wrote in the requirements, and stay as written.
    """
    say = say or _ENGLISH
    stages: list[StageProgress] = []
    for s in progress.stages:
        wanted = requirements.stage(s.stage)
        label = _stage_label(s.label, s.stage, say)
        found = tuple(_in_words(r, say, s.stage, wanted.meeting or "") for r in s.requirements)
        if s.complete:
            summary = say("supervision.progress.complete", stage=label)
        else:
            left = _join([r.left for r in found if not r.met], say)
            summary = say("supervision.progress.left_for", stage=label, left=left)
        stages.append(replace(s, label=label, requirements=found, summary=summary))
    totals = tuple(_in_words(r, say, None, "") for r in progress.totals)
    return replace(progress, stages=tuple(stages), totals=totals)


def requirements_alt(
    title: str,
    requirements: Sequence[RequirementProgress],
    *,
    say: Callable[..., str] | None = None,
) -> str:
    """The picture in words, for a screen reader: each requirement, done of required, left."""
    say = say or _ENGLISH
    parts = [
        say(
            "supervision.progress.alt.item" if r.met else "supervision.progress.alt.item_left",
            label=r.label,
            done=amount_words(r.done),
            required=amount_words(r.required),
            left=r.left,
        )
        for r in requirements
    ]
    return say("supervision.progress.alt", title=title, items="; ".join(parts))
