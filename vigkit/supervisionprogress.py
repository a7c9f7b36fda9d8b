"""A trainee's accreditation progress from their records, and its picture. Pure.

What counts (the rest of the rules are :mod:`vigkit.accreditation`'s):

- supervision hours come from **signed** supervision records only, in the stage each
  record names;
- a stage's ending meeting is a signed supervision record marked as a transition meeting;
- a cycle counts in the stage the trainee was in on the day of its film: stage 1 until the
  first transition meeting, then stage 2 until the next, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.figure import Figure

from .accreditation import (
    Accreditation,
    CycleDone,
    MeetingDone,
    PathwayProgress,
    RequirementProgress,
    SupervisionDone,
    pathway_progress,
)
from .records import Supervision

__all__ = [
    "CycleOn",
    "stage_on",
    "supervision_hours",
    "trainee_progress",
    "plot_requirements",
    "requirements_alt",
]


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
    requirements: Accreditation,
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


def _short(text: str, limit: int = 34) -> str:
    words = " ".join(text.split())
    return (words if len(words) <= limit else words[: limit - 1] + "…").replace("$", r"\$")


def plot_requirements(title: str, requirements: Sequence[RequirementProgress]) -> Figure:
    """One horizontal bar per requirement: the share done, with "done of required" beside it."""
    height = 1.2 + 0.55 * max(len(requirements), 1)
    fig = Figure(figsize=(8, height), layout="constrained")
    ax = fig.add_subplot()
    names = [_short(r.label) for r in requirements]
    shares = [min(r.done / r.required, 1.0) if r.required else 1.0 for r in requirements]
    colours = ["#009E73" if r.met else "#0072B2" for r in requirements]
    rows = list(range(len(requirements)))[::-1]
    ax.barh(rows, [1.0] * len(rows), color="#E8E8E8", height=0.6)
    ax.barh(rows, shares, color=colours, height=0.6)
    for row, r in zip(rows, requirements, strict=True):
        ax.text(
            1.02, row, f"{r.done:g} of {r.required:g}" + (" ✓" if r.met else ""),
            va="center", fontsize=11,
        )  # fmt: skip
    ax.set_yticks(rows, labels=names, fontsize=11)
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.5, 1.0], labels=["0%", "50%", "100%"], fontsize=10)
    ax.set_title(_short(title, 60), fontsize=13)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig


def requirements_alt(title: str, requirements: Sequence[RequirementProgress]) -> str:
    """The picture in words, for a screen reader: each requirement, done of required, left."""
    parts = [
        f"{r.label}: {r.done:g} of {r.required:g}" + ("" if r.met else f" (still to do: {r.left})")
        for r in requirements
    ]
    return f"{title}. " + "; ".join(parts) + "."
