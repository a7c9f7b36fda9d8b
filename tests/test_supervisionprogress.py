"""Tests of a trainee's accreditation progress from their records, and its picture."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from vigkit.core.records import problems
from vigkit.core.supervisionprogress import (
    CycleOn,
    requirements_alt,
    stage_on,
    supervision_hours,
    trainee_progress,
)
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment
from vigkit.reports.plots import plot_requirements
from vigkit.templates.accreditationfile import load_accreditation

SIGNED = datetime(2026, 1, 1, tzinfo=UTC)


def _sup(day: date, minutes: int = 60, stage: int | None = 1, **more: object) -> Supervision:
    values: dict[str, object] = {
        "trainee_id": "sam",
        "held_on": day,
        "duration_minutes": minutes,
        "stage": stage,
        "signed_by": "ali",
        "signed_at": SIGNED,
    }
    return Supervision.model_validate(values | more)


def test_hours_count_only_signed_records() -> None:
    """An unsigned record adds no hours; a stage's hours are that stage's records only."""
    records = [
        _sup(date(2026, 1, 5), 90),
        _sup(date(2026, 1, 6), 60, stage=2),
        _sup(date(2026, 1, 7), 120, signed_by=None, signed_at=None),
    ]
    assert (2.5, 1.5, 1.0) == (
        supervision_hours(records),
        supervision_hours(records, 1),
        supervision_hours(records, 2),
    )


def test_stage_of_a_day_follows_transition_meetings() -> None:
    """Stage 1 until the first signed transition meeting, then stage 2, never past the last."""
    meeting = _sup(date(2026, 3, 1), transition_meeting=True)
    unsigned = _sup(date(2026, 2, 1), transition_meeting=True, signed_by=None, signed_at=None)
    records = [meeting, unsigned]
    assert [1, 1, 2] == [
        stage_on(d, records) for d in (date(2026, 2, 15), date(2026, 3, 1), date(2026, 3, 2))
    ]
    many = [_sup(date(2026, m, 1), transition_meeting=True) for m in range(1, 6)]
    assert 3 == stage_on(date(2026, 12, 1), many)


def test_trainee_progress_counts_cycles_families_hours_and_meeting() -> None:
    """Cycles before the transition meeting count in stage 1, later ones in stage 2."""
    requirements = load_accreditation()
    cycles = [CycleOn(f"F00{i % 2}", date(2026, 1, 10 + i)) for i in range(6)]
    cycles.append(CycleOn("F009", date(2026, 4, 1)))
    records = [_sup(date(2026, 1, d)) for d in range(1, 8)]
    records.append(_sup(date(2026, 3, 1), transition_meeting=True))
    progress = trainee_progress(requirements, cycles, records, 1)
    stage1, stage2 = progress.stages[0], progress.stages[1]
    assert (True, "Stage 1 is complete.") == (stage1.complete, stage1.summary)
    assert [1.0, 1.0, 0.0, 0.0] == [r.done for r in stage2.requirements]
    assert [7.0, 3.0, 8.0] == [r.done for r in progress.totals]


def test_group_session_hours_count_in_the_current_stage() -> None:
    """Hours of ended live group sessions add to the current stage's supervision hours."""
    requirements = load_accreditation()
    records = [_sup(date(2026, 1, 1))]
    before = trainee_progress(requirements, [], records, 1).stages[0]
    after = trainee_progress(requirements, [], records, 1, group_hours=1.5).stages[0]
    hours = [r.done for r in before.requirements if "hour" in r.label.lower()]
    more = [r.done for r in after.requirements if "hour" in r.label.lower()]
    assert [hours[0] + 1.5] == more


def test_picture_has_a_bar_per_requirement_and_words() -> None:
    """The plot draws one done-bar per requirement; the alt text says what is left."""
    requirements = load_accreditation()
    stage = trainee_progress(requirements, [], [_sup(date(2026, 1, 1))]).stages[0]
    fig = plot_requirements("Stage 1", stage.requirements)
    bars = fig.axes[0].patches
    assert 2 * len(stage.requirements) == len(bars)
    alt = requirements_alt("Stage 1", stage.requirements)
    assert alt.startswith("Stage 1. Cycles: 0 of 6 (still to do: 6 more cycles);")
    assert "Hours of supervision: 1 of 7 (still to do: 6 more hours of supervision)" in alt


def test_signed_record_needs_who_and_when() -> None:
    """A record signed without a time (or a time without a name) is refused in words."""
    with pytest.raises(ValidationError) as err:
        Supervision(trainee_id="sam", held_on=date(2026, 1, 1), signed_by="ali")
    assert {"": "A signed record needs both who signed it and when"} == problems(err.value)


def test_amendment_needs_a_reason_and_a_change() -> None:
    """An amendment without a reason or without a change is refused in words."""
    with pytest.raises(ValidationError) as err:
        SupervisionAmendment(supervision_id=1, author_id="ali", reason="", changes={"a": {}})
    assert {"reason": "Why it changed: this cannot be empty"} == problems(err.value)
    with pytest.raises(ValidationError) as err:
        SupervisionAmendment(supervision_id=1, author_id="ali", reason="r", changes={})
    assert {"": "An amendment needs at least one change"} == problems(err.value)
