"""Accreditation requirements as data, and a trainee's progress against them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from vigkit.core.accreditationprogress import (
    CycleDone,
    MeetingDone,
    RequirementProgress,
    StatementDone,
    SupervisionDone,
    pathway_progress,
    stage_progress,
)
from vigkit.core.errors import TemplateProblem
from vigkit.templates.accreditation import Accreditation, parse_accreditation
from vigkit.templates.accreditationfile import accreditation_path, load_accreditation

SHIPPED = accreditation_path()


@pytest.fixture(scope="module")
def aviguk() -> Accreditation:
    return load_accreditation()


def problems_of(text: str) -> list[str]:
    with pytest.raises(TemplateProblem) as caught:
        parse_accreditation(text, "acc.yaml")
    return caught.value.problems


def line_of(text: str, fragment: str, nth: int = 1) -> int:
    """The 1-based line of the ``nth`` line containing ``fragment``."""
    found = [i + 1 for i, line in enumerate(text.splitlines()) if fragment in line]
    return found[nth - 1]


def cycles(stage: int, *families: str) -> list[CycleDone]:
    return [CycleDone(stage, family) for family in families]


def hours(stage: int, *lengths: float) -> list[SupervisionDone]:
    return [SupervisionDone(stage, length) for length in lengths]


def by_name(requirements: tuple[RequirementProgress, ...]) -> dict[str, RequirementProgress]:
    return {r.requirement: r for r in requirements}


# --- The requirements file ------------------------------------------------------------------
def test_shipped_requirements_are_the_aviguk_figures(aviguk: Accreditation) -> None:
    """The shipped file holds the primer's AVIGuk pathway (§4): 6/9/12 cycles, 2/3/3
    families, 7/8/8 hours, two transition meetings, then accreditation with a statement."""
    expected = [
        (1, 6, 2, 7.0, "transition meeting", False),
        (2, 9, 3, 8.0, "transition meeting", False),
        (3, 12, 3, 8.0, "accreditation meeting", True),
    ]
    actual = [
        (s.stage, s.cycles, s.new_families, s.supervision_hours, s.meeting, s.written_statement)
        for s in aviguk.stages
    ]
    assert expected == actual
    assert (27, 23.0, "accreditation") == (
        aviguk.total_cycles,
        aviguk.total_supervision_hours,
        aviguk.kind,
    )


def test_a_stage_without_a_label_is_named_by_its_number() -> None:
    """A stage with no `label:` is called "Stage N"."""
    text = SHIPPED.read_text().replace("    label: Stage 2\n", "")
    assert "Stage 2" == parse_accreditation(text).stage(2).label


def test_asking_for_a_stage_that_does_not_exist(aviguk: Accreditation) -> None:
    """An unknown stage number is a ValueError listing the stages."""
    with pytest.raises(ValueError) as caught:
        aviguk.stage(4)
    assert "There is no stage 4: the stages are 1, 2, 3." == str(caught.value)


def test_totals_that_are_not_the_sum_of_the_stages_are_located() -> None:
    """A total that no longer adds up is reported on its own line, with the right sum."""
    text = SHIPPED.read_text().replace("total_cycles: 27", "total_cycles: 26")
    line = line_of(text, "total_cycles: 26")
    assert [
        f"acc.yaml:{line}:15: total_cycles is 26 but the stages' cycles add up to 27 — "
        "write `total_cycles: 27`, or correct the stage that is wrong"
    ] == problems_of(text)


def test_a_figure_that_is_not_a_number_is_located() -> None:
    """`cycles: nine` is reported at its line and column, saying what to write."""
    text = SHIPPED.read_text().replace("cycles: 9", "cycles: nine")
    line = line_of(text, "cycles: nine")
    assert [
        f"acc.yaml:{line}:13: cycles must be a whole number of 0 or more, e.g. `cycles: 6`, "
        "not 'nine'"
    ] == problems_of(text)


def test_negative_hours_are_located_without_a_knock_on_total() -> None:
    """Negative hours are one problem; the total is not also blamed for them."""
    text = SHIPPED.read_text().replace("supervision_hours: 7", "supervision_hours: -1")
    line = line_of(text, "supervision_hours: -1")
    assert [
        f"acc.yaml:{line}:24: supervision_hours must be a number of hours of 0 or more, "
        "e.g. `supervision_hours: 7.5`, not -1"
    ] == problems_of(text)


def test_hours_may_have_a_fraction() -> None:
    """`supervision_hours: 7.5` is read as 7.5 hours (YAML text is turned into a number)."""
    text = (
        SHIPPED.read_text()
        .replace("supervision_hours: 7", "supervision_hours: 7.5")
        .replace("total_supervision_hours: 23", "total_supervision_hours: 23.5")
    )
    assert 7.5 == parse_accreditation(text).stage(1).supervision_hours


def test_stages_out_of_order_are_located() -> None:
    """A stage numbered out of order is reported at its number."""
    text = SHIPPED.read_text().replace("stage: 3", "stage: 4")
    line = line_of(text, "stage: 4")
    assert [
        f"acc.yaml:{line}:12: stage 3 is numbered 4 — number the stages 1, 2, 3 … in the "
        "order a trainee goes through them"
    ] == problems_of(text)


def test_a_missing_and_a_misspelt_field_are_both_located() -> None:
    """A misspelt field is reported where it is, with a suggestion, and as missing."""
    text = SHIPPED.read_text().replace("    new_families: 2\n", "    new_familes: 2\n", 1)
    stage_line = line_of(text, "- stage: 1")
    typo_line = line_of(text, "new_familes")
    assert [
        f"acc.yaml:{stage_line}:5: stage 1 has no 'new_families' — add `new_families:` how "
        "many families not seen in an earlier stage",
        f"acc.yaml:{typo_line}:5: 'new_familes' is not a field of stage 1 — did you mean "
        "'new_families'? (fields: stage, label, cycles, new_families, supervision_hours, "
        "meeting, written_statement)",
    ] == problems_of(text)


def test_an_empty_requirements_file_says_how_one_starts() -> None:
    """An empty file is reported with the lines a requirements file starts with."""
    assert [
        "acc.yaml:1:1: the file is empty, not a set of `name: value` lines — a file of "
        "accreditation requirements starts with `kind: accreditation`, `schema_version: 1`, "
        "`id: accreditation`, `version:`, `source:`, `stages:`, `total_cycles:` and "
        "`total_supervision_hours:`"
    ] == problems_of("")


def test_a_wrong_schema_version_is_located() -> None:
    """A schema_version this vigkit does not read is reported at its line."""
    text = SHIPPED.read_text().replace("schema_version: 1", "schema_version: 2")
    line = line_of(text, "schema_version: 2")
    assert [
        f"acc.yaml:{line}:17: 'schema_version' of the file of accreditation requirements "
        "must be 1, not 2 — write 1"
    ] == problems_of(text)


def test_a_broken_requirements_file_on_disk_names_the_file_and_line(tmp_path: Path) -> None:
    """load_accreditation reports a YAML mistake by file, line and column."""
    path = tmp_path / "accreditation.yaml"
    text = SHIPPED.read_text().replace("  - stage: 2", " - stage: 2")
    path.write_text(text)
    with pytest.raises(TemplateProblem) as caught:
        load_accreditation(path)
    [problem] = caught.value.problems
    assert problem.startswith(
        f"{path}:{line_of(text, ' - stage: 2')}:2: the file is not valid YAML"
    )


def test_a_missing_requirements_file_is_named(tmp_path: Path) -> None:
    """A requirements file that is not there is named in plain words."""
    with pytest.raises(TemplateProblem) as caught:
        load_accreditation(tmp_path / "nope.yaml")
    assert [f"{tmp_path / 'nope.yaml'}: no such file — check the name and folder"] == (
        caught.value.problems
    )


# --- What the trainee did -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CycleDone(0, "F1"), "A cycle needs a stage number of 1 or more, not 0."),
        (lambda: CycleDone(1, " "), "A cycle needs the family's case code"),
        (
            lambda: SupervisionDone(1, 0),
            "A supervision session lasts a number of hours above 0, not 0.",
        ),
        (lambda: SupervisionDone(1, float("inf")), "cannot last inf hours"),
        (lambda: MeetingDone(True), "A meeting needs a stage number of 1 or more, not True."),
    ],
)
def test_impossible_records_are_refused(make: Callable[[], object], message: str) -> None:
    """Input records that cannot be right are a ValueError in plain words."""
    with pytest.raises(ValueError) as caught:
        make()
    assert message in str(caught.value)


def test_a_record_in_a_stage_that_does_not_exist_is_refused(aviguk: Accreditation) -> None:
    """A cycle recorded in stage 5 of a three-stage pathway is named."""
    with pytest.raises(ValueError) as caught:
        stage_progress(aviguk, 1, cycles=cycles(5, "F1"))
    assert (
        "There is a cycle in stage 5, but the stages are 1, 2, 3: check the stage it was "
        "recorded in." == str(caught.value)
    )


# --- Progress in a stage --------------------------------------------------------------------
def test_nothing_done_yet_lists_everything(aviguk: Accreditation) -> None:
    """With nothing recorded, stage 1 lists all it needs, in plain words."""
    progress = stage_progress(aviguk, 1)
    assert (
        "Left for Stage 1: 6 more cycles, 2 more cycles with a different family, "
        "7 more hours of supervision and the transition meeting."
    ) == progress.summary
    assert (False, False) == (progress.complete, progress.ready_for_meeting)


def test_progress_per_requirement_gives_done_required_and_left(aviguk: Accreditation) -> None:
    """Each requirement says how much is done, how much is required and what is left."""
    done = cycles(1, "F1", "F1", "F1")
    progress = stage_progress(aviguk, 1, cycles=done, supervision=hours(1, 1, 1.5))
    expected = [
        RequirementProgress("cycles", "Cycles", 3, 6, "3 more cycles", False),
        RequirementProgress(
            "new_families",
            "Different families",
            1,
            2,
            "1 more cycle with a different family",
            False,
        ),
        RequirementProgress(
            "supervision_hours",
            "Hours of supervision",
            2.5,
            7,
            "4.5 more hours of supervision",
            False,
        ),
        RequirementProgress("meeting", "Transition meeting", 0, 1, "the transition meeting", False),
    ]
    assert expected == list(progress.requirements)


def test_everything_but_the_meeting_means_ready_for_it(aviguk: Accreditation) -> None:
    """Six cycles with two families and seven hours leave only the transition meeting."""
    progress = stage_progress(
        aviguk,
        1,
        cycles=cycles(1, "F1", "F1", "F1", "F2", "F2", "F2"),
        supervision=hours(1, *[1] * 7),
    )
    assert (True, False, "Left for Stage 1: the transition meeting.") == (
        progress.ready_for_meeting,
        progress.complete,
        progress.summary,
    )


def test_a_stage_with_its_meeting_held_is_complete(aviguk: Accreditation) -> None:
    """Once the meeting is held the stage is complete, and says so."""
    progress = stage_progress(
        aviguk,
        1,
        cycles=cycles(1, "F1", "F1", "F1", "F2", "F2", "F2"),
        supervision=hours(1, *[1] * 7),
        meetings=[MeetingDone(1)],
    )
    assert (True, False, "Stage 1 is complete.") == (
        progress.complete,
        progress.ready_for_meeting,
        progress.summary,
    )
    assert {"nothing left"} == {r.left for r in progress.requirements}


def test_families_from_an_earlier_stage_are_not_new(aviguk: Accreditation) -> None:
    """In stage 2, a family already filmed in stage 1 does not count as one of the 3 more."""
    done = cycles(1, "F1", "F2") + cycles(2, "F1", "F2", "F3")
    families = by_name(stage_progress(aviguk, 2, cycles=done).requirements)["new_families"]
    assert (
        1,
        3,
        "2 more cycles with a different family (not one from an earlier stage)",
    ) == (families.done, families.required, families.left)


def test_work_beyond_a_stage_does_not_carry_over(aviguk: Accreditation) -> None:
    """Ten cycles and twelve hours in stage 1 leave stage 2 still needing all of its own."""
    done = cycles(1, *[f"F{i}" for i in range(10)])
    progress = by_name(
        stage_progress(aviguk, 2, cycles=done, supervision=hours(1, *[1] * 12)).requirements
    )
    assert (0, 0) == (progress["cycles"].done, progress["supervision_hours"].done)


def test_ninety_minute_sessions_meet_the_hours(aviguk: Accreditation) -> None:
    """Six sessions of 90 minutes (9 hours) meet stage 2's 8 hours."""
    supervision = by_name(stage_progress(aviguk, 2, supervision=hours(2, *[1.5] * 6)).requirements)[
        "supervision_hours"
    ]
    assert (9.0, True, "nothing left") == (supervision.done, supervision.met, supervision.left)


def test_tenths_of_an_hour_add_up_without_rounding_noise(aviguk: Accreditation) -> None:
    """Seventy sessions of 0.1 hour are 7 hours, not 6.9999…, and meet stage 1."""
    supervision = by_name(
        stage_progress(aviguk, 1, supervision=hours(1, *[0.1] * 70)).requirements
    )["supervision_hours"]
    assert (7.0, True) == (supervision.done, supervision.met)


def test_one_hour_left_is_singular(aviguk: Accreditation) -> None:
    """ "1 more hour of supervision", "1 more cycle"."""
    progress = by_name(
        stage_progress(
            aviguk,
            1,
            cycles=cycles(1, "F1", "F2", "F3", "F4", "F5"),
            supervision=hours(1, *[1] * 6),
        ).requirements
    )
    assert ("1 more cycle", "1 more hour of supervision") == (
        progress["cycles"].left,
        progress["supervision_hours"].left,
    )


def test_the_last_stage_needs_the_written_statement(aviguk: Accreditation) -> None:
    """Stage 3 needs the written reflective statement before the accreditation meeting."""
    done = cycles(1, "A", "B") + cycles(2, "C", "D", "E") + cycles(3, *("F", "G", "H") * 4)
    without = stage_progress(aviguk, 3, cycles=done, supervision=hours(3, 2, 2, 2, 2))
    with_it = stage_progress(
        aviguk,
        3,
        cycles=done,
        supervision=hours(3, 2, 2, 2, 2),
        statements=[StatementDone(3)],
    )
    assert (
        "Left for Stage 3: the written reflective statement and the accreditation meeting.",
        False,
        True,
    ) == (without.summary, without.ready_for_meeting, with_it.ready_for_meeting)


# --- The whole pathway ----------------------------------------------------------------------
def test_pathway_totals_count_everything(aviguk: Accreditation) -> None:
    """Totals count every cycle, every different family and every hour against 27, 8, 23."""
    done = cycles(1, "A", "A", "B") + cycles(2, "B", "C")
    progress = pathway_progress(aviguk, cycles=done, supervision=hours(1, 1, 1) + hours(2, 1.5))
    expected = [
        RequirementProgress("cycles", "Cycles in all", 5, 27, "22 more cycles", False),
        RequirementProgress(
            "new_families",
            "Different families in all",
            3,
            8,
            "5 more different families",
            False,
        ),
        RequirementProgress(
            "supervision_hours",
            "Hours of supervision in all",
            3.5,
            23,
            "19.5 more hours of supervision",
            False,
        ),
    ]
    assert expected == list(progress.totals)
    assert ([1, 2, 3], False) == ([s.stage for s in progress.stages], progress.complete)


def test_a_finished_pathway_is_complete(aviguk: Accreditation) -> None:
    """All three stages with their meetings and the statement complete the pathway."""
    done = (
        cycles(1, "A", "A", "A", "B", "B", "B")
        + cycles(2, *("C", "D", "E") * 3)
        + cycles(3, *("F", "G", "H") * 4)
    )
    progress = pathway_progress(
        aviguk,
        cycles=done,
        supervision=hours(1, *[1] * 7) + hours(2, *[1.5] * 6) + hours(3, *[2] * 4),
        meetings=[MeetingDone(1), MeetingDone(2), MeetingDone(3)],
        statements=[StatementDone(3)],
    )
    assert (True, [True, True, True], {True}) == (
        progress.complete,
        [s.complete for s in progress.stages],
        {r.met for r in progress.totals},
    )
