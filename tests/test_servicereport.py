"""The service report's figures (pure): each count is the one a person would make by hand,
every figure has passed disclosure control (no count of 1 to 7 anywhere, percentages from
rounded numbers, no hidden cell recoverable from its total), and the slope chart is drawn
only over enough families."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from vigkit.core.disclosure import DisclosureRule
from vigkit.core.servicereport import ALL, ReportFrames, figures

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)


def _frames(groups: dict[str, int], *, closed_cycles: int = 3) -> ReportFrames:
    """Families per setting, each opened, consented, filmed in 2025 and closed after
    ``closed_cycles`` cycles, with two ratings of one helping question (3 → 6)."""
    cases, consents, cycles, films, clips, ratings = [], [], [], [], [], []
    n = 0
    for setting, count in groups.items():
        for _ in range(count):
            n += 1
            code = f"F{n:03d}"
            cases.append((code, "sam", setting, date(2025, 2, 1), date(2025, 11, 1), None))
            consents.append((code, date(2025, 2, 2)))
            for c in range(1, closed_cycles + 1):
                cycles.append((code, c, date(2025, 2, 10)))
                films.append((n * 10 + c, code, c, 600.0, date(2025, 3, c)))
                clips.append((n * 10 + c, 1.0, 9.0))
            ratings += [(code, n, date(2025, 2, 2), 3), (code, n, date(2025, 10, 1), 6)]
    empty = pd.DataFrame
    return ReportFrames(
        cases=empty(
            cases,
            columns=["code", "practitioner_id", "setting", "opened_on", "closed_on", "eligible"],
        ),
        consents=empty(consents, columns=["case_code", "given_on"]),
        cycles=empty(cycles, columns=["case_code", "number", "started_on"]),
        films=empty(films, columns=["id", "case_code", "cycle_number", "duration_s", "filmed_on"]),
        clips=empty(clips, columns=["film_id", "start_s", "end_s"]),
        ratings=empty(ratings, columns=["case_code", "helping_question_id", "rated_on", "value"]),
        reviews=empty(columns=["case_code", "cycle_number", "held_on"]),
        measures=empty(columns=["case_code", "measure_id", "taken_on", "occasion", "total"]),
        supervisions=empty(columns=["held_on", "duration_minutes"]),
        group_sessions=empty(columns=["id", "held_on"]),
        attendance=empty(columns=["session_id", "case_code"]),
    )


def _row(fig, measure: str, group: str = ALL):  # type: ignore[no-untyped-def]
    [row] = [r for r in fig.rows if r.measure == measure and r.group == group]
    return row


def test_counts_are_the_ones_made_by_hand_rounded_to_5() -> None:
    fig = figures(_frames({"Home visits": 23, "Children's centre": 12}), FIRST, LAST, by="setting")
    assert _row(fig, "families_referred").count == 35
    assert _row(fig, "families_referred", "Home visits").count == 25  # 23 → 25
    assert _row(fig, "families_referred", "Children's centre").count == 10  # 12 → 10
    assert _row(fig, "families_completed").count == 35
    assert _row(fig, "families_ended_early").count == 0
    assert _row(fig, "cycles_delivered").count == 105
    assert _row(fig, "hq_change_mean").value == 3.0
    assert _row(fig, "hq_reliable_change_pct").value == 100.0
    assert len(fig.slopes) == 35  # enough families for the slope chart
    assert "1 to 7" in fig.footnote


def test_a_small_group_is_hidden_and_so_is_one_that_would_reveal_it() -> None:
    fig = figures(
        _frames({"Home visits": 30, "Group VIG": 3, "Children's centre": 9}),
        FIRST,
        LAST,
        by="setting",
    )
    referred = {r.group: r.count for r in fig.rows if r.measure == "families_referred"}
    assert referred["Group VIG"] == "*"
    # The total minus the other shown groups must not give the hidden one away.
    hidden = [g for g, v in referred.items() if v == "*"]
    assert len(hidden) >= 2 or referred[ALL] == "*"
    # A mean over the 3 families of Group VIG is not shown either.
    assert _row(fig, "hq_change_mean", "Group VIG").value == "*"


def test_no_count_of_1_to_7_is_ever_shown_whatever_the_groups() -> None:
    for sizes in ([1, 2, 3], [7, 8, 9], [5, 40], [8], [2, 2, 2, 2, 30]):
        groups = {f"S{i}": n for i, n in enumerate(sizes)}
        fig = figures(_frames(groups, closed_cycles=2), FIRST, LAST, by="setting")
        for row in fig.rows:
            assert not (isinstance(row.count, int) and 1 <= row.count <= 7), row
            if isinstance(row.count, int) and row.count:
                assert row.count % 5 == 0, row
        assert fig.slopes.empty or len(fig.slopes) >= 8


def test_a_service_that_hides_counts_under_10() -> None:
    fig = figures(_frames({"Home visits": 9}), FIRST, LAST, rule=DisclosureRule(threshold=10))
    assert _row(fig, "families_referred").count == "*"
    assert "1 to 9" in fig.footnote


def test_families_closed_after_too_few_cycles_ended_early() -> None:
    fig = figures(_frames({"Home visits": 12}, closed_cycles=2), FIRST, LAST)
    assert _row(fig, "families_completed").count == 0
    assert _row(fig, "families_ended_early").count == 10
    with pytest.raises(ValueError):
        _row(fig, "families_completed", "Home visits")  # no grouping asked for


def test_eligible_families_offered_vig_from_rounded_counts() -> None:
    """NICE QS133: 12 of 20 eligible families offered → 10 of 20 after rounding → 50%."""
    frames = _frames({"Home visits": 25})
    frames.cases["eligible"] = [True] * 20 + [False] * 5
    offered = set(frames.cases["code"][:12])
    frames.consents = frames.consents[
        frames.consents["case_code"].isin(offered | set(frames.cases["code"][20:]))
    ]
    fig = figures(frames, FIRST, LAST)
    row = _row(fig, "eligible_offered_pct")
    assert (row.count, row.value) == (20, 50.0)
    nobody = _frames({"Home visits": 25})
    assert not [r for r in figures(nobody, FIRST, LAST).rows if r.measure == "eligible_offered_pct"]
