"""vigkit.core.disclosure: small counts, rounding, means, percentages, secondary suppression.

The tables are checked by two attackers that know the totals' equations: one counts the
``*`` in every row, column and total equation (never exactly one), the other solves the
equations by linear algebra (no ``*`` cell is worked out by adding and subtracting them).
"""

from __future__ import annotations

import dataclasses
import random

import numpy as np
import pandas as pd
import pytest

from vigkit.core import disclosure
from vigkit.core.disclosure import (
    SUPPRESSED,
    DisclosureRule,
    protect_count,
    protect_mean,
    protect_median,
    protect_percentage,
    protect_series,
    protect_statistic,
    protect_table,
)

RULE = DisclosureRule()
TEN = DisclosureRule(threshold=10)


# --- the attackers ---------------------------------------------------------------------


def equations(shape: tuple[int, int], rows: bool, cols: bool) -> list[list[tuple[int, int]]]:
    """The cells of every equation of a grid that includes its totals (last row / column)."""
    n_rows, n_cols = shape
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)] if rows else []
    if cols:
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return lines


def hidden_cells(shown: list[list[object]]) -> set[tuple[int, int]]:
    return {(i, j) for i, row in enumerate(shown) for j, v in enumerate(row) if v == SUPPRESSED}


def lone_unknowns(shown: list[list[object]], rows: bool, cols: bool) -> list[list[tuple[int, int]]]:
    """Equations with exactly one ``*``: each gives that cell away."""
    hidden = hidden_cells(shown)
    shape = (len(shown), len(shown[0]))
    return [ln for ln in equations(shape, rows, cols) if sum(c in hidden for c in ln) == 1]


def worked_out(shown: list[list[object]], rows: bool, cols: bool) -> set[tuple[int, int]]:
    """The ``*`` cells fixed by the equations (the unit vector lies in their row space)."""
    hidden = sorted(hidden_cells(shown))
    if not hidden:
        return set()
    shape = (len(shown), len(shown[0]))
    lines = equations(shape, rows, cols)
    a = np.array([[1.0 if c in ln else 0.0 for c in hidden] for ln in lines]).reshape(
        len(lines), len(hidden)
    )
    rank = np.linalg.matrix_rank(a) if len(lines) else 0
    found = set()
    for k, cell in enumerate(hidden):
        unit = np.zeros((1, len(hidden)))
        unit[0, k] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(cell)
    return found


def grid_of(frame: pd.DataFrame) -> list[list[object]]:
    return [list(row) for row in frame.itertuples(index=False, name=None)]


def with_totals(raw: list[list[int]], rows: bool, cols: bool) -> list[list[int]]:
    grid = [row + [sum(row)] if rows else list(row) for row in raw]
    if cols:
        grid.append([sum(col) for col in zip(*grid, strict=True)])
    return grid


def check_protected(
    raw: list[list[int]], shown: list[list[object]], rows: bool, cols: bool
) -> None:
    """Every figure is either ``*`` or the rounded raw count, and no attacker finds a ``*``."""
    full = with_totals(raw, rows, cols)
    assert len(shown) == len(full) and all(
        len(a) == len(b) for a, b in zip(shown, full, strict=True)
    )
    for raw_row, shown_row in zip(full, shown, strict=True):
        for n, v in zip(raw_row, shown_row, strict=True):
            if 0 < n < RULE.threshold:
                assert v == SUPPRESSED
            elif v != SUPPRESSED:
                assert type(v) is int and v == protect_count(n, RULE)
    assert lone_unknowns(shown, rows, cols) == []
    assert worked_out(shown, rows, cols) == set()
    # A known zero protects nothing: consistent totals never need a zero hidden.
    assert all(full[i][j] > 0 for i, j in hidden_cells(shown))


# --- single counts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, 0), (1, "*"), (2, "*"), (7, "*"), (8, 10), (10, 10), (12, 10), (13, 15), (15, 15)]
    + [(17, 15), (18, 20), (22, 20), (23, 25), (100, 100), (102, 100), (103, 105)],
)
def test_counts_are_suppressed_or_rounded_to_five(n: int, shown: int | str) -> None:
    assert protect_count(n, RULE) == shown


@pytest.mark.parametrize(
    ("n", "shown"), [(0, 0), (1, "*"), (8, "*"), (9, "*"), (10, 10), (12, 10), (13, 15)]
)
def test_a_threshold_of_ten(n: int, shown: int | str) -> None:
    assert protect_count(n, TEN) == shown


def test_rounding_is_half_up_and_a_setting() -> None:
    by_ten = DisclosureRule(threshold=8, rounding=10)
    assert [protect_count(n, by_ten) for n in (8, 14, 15, 24, 25)] == [10, 10, 20, 20, 30]
    assert [protect_count(n, DisclosureRule(rounding=1)) for n in (8, 12, 13)] == [8, 12, 13]
    # With no small-count suppression, a non-zero count is never rounded down to 0.
    assert [protect_count(n, DisclosureRule(threshold=1)) for n in (0, 1, 2, 3)] == [0, 5, 5, 5]


def test_counts_must_be_whole_and_not_negative() -> None:
    assert protect_count(np.int64(13), RULE) == 15  # type: ignore[arg-type]
    assert protect_count(8.0, RULE) == 10  # type: ignore[arg-type]
    for bad in (-1, 2.5, True, "3", float("nan")):
        with pytest.raises(ValueError):
            protect_count(bad, RULE)  # type: ignore[arg-type]


def test_the_rule_is_a_frozen_setting_of_whole_numbers() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULE.threshold = 10  # type: ignore[misc]
    for bad in ({"threshold": 0}, {"rounding": 0}, {"threshold": 2.0}, {"rounding": True}):
        with pytest.raises(ValueError):
            DisclosureRule(**bad)  # type: ignore[arg-type]


# --- means, medians, percentages -------------------------------------------------------


def test_a_mean_over_fewer_than_the_threshold_is_not_shown() -> None:
    assert protect_mean([2.0] * 7, RULE) == SUPPRESSED
    assert protect_mean([1, 2, 3, 4, 5, 6, 7, 8], RULE) == 4.5
    assert protect_mean([], RULE) == SUPPRESSED
    assert protect_mean([3.0] * 9, TEN) == SUPPRESSED
    assert protect_mean([3.0] * 10, TEN) == 3.0
    assert protect_median([1, 2, 3, 4, 5, 6, 7], RULE) == SUPPRESSED
    assert protect_median([1, 2, 3, 4, 5, 6, 7, 100], RULE) == 4.5


def test_a_figure_worked_out_elsewhere_is_held_to_the_same_rule() -> None:
    assert protect_statistic(2.25, 7, RULE) == SUPPRESSED
    assert protect_statistic(2.25, 8, RULE) == 2.3  # half up, where round() gives 2.2
    assert protect_statistic(2.25, 0, DisclosureRule(threshold=1)) == SUPPRESSED
    assert protect_statistic(2.0 / 3, 8, RULE, digits=2) == 0.67
    with pytest.raises(ValueError):
        protect_statistic(float("nan"), 8, RULE)


def test_percentages_come_from_the_rounded_counts() -> None:
    assert protect_percentage(13, 27, RULE) == 60.0  # 15 of 25, not 48%
    assert protect_percentage(12, 28, RULE) == 33.0  # 10 of 30
    assert protect_percentage(10, 30, RULE, digits=1) == 33.3
    assert protect_percentage(10, 80, RULE) == 13.0  # 12.5 half up
    assert protect_percentage(0, 40, RULE) == 0.0
    assert protect_percentage(40, 40, RULE) == 100.0


def test_a_percentage_with_a_suppressed_part_is_suppressed() -> None:
    assert protect_percentage(5, 40, RULE) == SUPPRESSED  # numerator 1-7
    assert protect_percentage(3, 7, RULE) == SUPPRESSED  # denominator 1-7: over 7 families
    assert protect_percentage(0, 7, RULE) == SUPPRESSED
    assert protect_percentage(0, 0, RULE) == SUPPRESSED  # no families: nothing to show
    assert protect_percentage(9, 40, TEN) == SUPPRESSED
    with pytest.raises(ValueError):
        protect_percentage(41, 40, RULE)


# --- the footnote ----------------------------------------------------------------------


def test_the_footnote_says_the_rule() -> None:
    assert RULE.footnote() == (
        "Counts of 1 to 7 are shown as *; other counts are rounded to the nearest 5; means "
        "and percentages over fewer than 8 families are not shown; percentages are worked "
        "out from the rounded counts; a figure that could be worked out from a total and "
        "other figures is also shown as *."
    )
    ten = DisclosureRule(threshold=10, rounding=10).footnote()
    assert "1 to 9" in ten and "nearest 10" in ten and "fewer than 10 families" in ten
    assert DisclosureRule(threshold=2).footnote().startswith("Counts of 1 are shown as *;")
    plain = DisclosureRule(threshold=1, rounding=1).footnote()
    assert "1 to" not in plain and "rounded to" not in plain and "fewer than" not in plain


# --- 1-D: groups and a total -----------------------------------------------------------


def test_one_small_group_takes_the_next_smallest_with_it() -> None:
    shown = protect_series({"A": 40, "B": 3, "C": 22}, RULE)
    assert shown == {"A": 40, "B": "*", "C": "*", "Total": 65}
    # 65 - 40 leaves B + C = 25: B cannot be told.


def test_a_known_zero_does_not_protect() -> None:
    assert protect_series({"A": 3, "B": 0, "C": 40}, RULE) == {
        "A": "*",
        "B": 0,
        "C": "*",
        "Total": 45,
    }
    # No non-zero cell left (a given total, e.g. families in no group): the total goes.
    assert protect_series({"A": 3, "B": 0, "Total": 12}, RULE) == {"A": "*", "B": 0, "Total": "*"}
    # A total of 1-7 is itself suppressed, which protects its only cell.
    assert protect_series({"A": 3, "B": 0}, RULE) == {"A": "*", "B": 0, "Total": "*"}


def test_series_without_small_counts_or_without_a_total() -> None:
    assert protect_series({"A": 8, "B": 0, "C": 13}, RULE) == {
        "A": 10,
        "B": 0,
        "C": 15,
        "Total": 20,
    }
    assert protect_series({"A": 40, "B": 3}, RULE, total=False) == {"A": 40, "B": "*"}
    assert protect_series({}, RULE) == {"Total": 0}
    assert protect_series({"A": 3, "B": 4, "C": 30}, TEN) == {
        "A": "*",
        "B": "*",
        "C": 30,
        "Total": 35,
    }


# --- 2-D tables ------------------------------------------------------------------------


def test_a_small_cell_in_a_row_and_a_column() -> None:
    raw = pd.DataFrame(
        {"home": [20, 3, 30], "clinic": [15, 25, 40], "school": [9, 50, 11]},
        index=pd.Index(["2023", "2024", "2025"], name="year"),
    )
    shown = protect_table(raw, RULE)
    assert list(shown.index) == ["2023", "2024", "2025", "Total"] and shown.index.name == "year"
    assert list(shown.columns) == ["home", "clinic", "school", "Total"]
    assert shown.loc["2024", "home"] == SUPPRESSED
    # One 2x2 block: the row and the column of the small cell each lose one more.
    assert hidden_cells(grid_of(shown)) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert shown.loc["Total", "Total"] == 205 and shown.loc["2025", "school"] == 10
    check_protected(raw.to_numpy().tolist(), grid_of(shown), rows=True, cols=True)


def test_totals_left_out_or_given() -> None:
    raw = pd.DataFrame({"a": [3, 40], "b": [30, 50]}, index=["x", "y"])
    rows_only = protect_table(raw, RULE, total_row=None)
    assert grid_of(rows_only) == [["*", "*", 35], [40, 50, 90]]
    cols_only = protect_table(raw, RULE, total_col=None)
    assert grid_of(cols_only) == [["*", 30], ["*", 50], [45, 80]]
    bare = protect_table(raw, RULE, total_row=None, total_col=None)
    assert grid_of(bare) == [["*", 30], [40, 50]]
    # A total column already there (distinct families) is used as given.
    given = raw.assign(Total=[30, 85])
    assert grid_of(protect_table(given, RULE, total_row=None)) == [["*", "*", 30], [40, 50, 85]]


def test_a_bridge_between_two_blocks_is_protected() -> None:
    # Small cells in two 2x2 blocks joined by one cell: every equation has 0 or 2+ unknowns,
    # but adding and subtracting them gives the joining cell away.
    raw = [[90] * 5 for _ in range(5)]
    for i, j in [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3), (3, 2), (3, 3)]:
        raw[i][j] = 2 + (i + j) % 5
    primary_only = [
        [SUPPRESSED if 0 < n < 8 else n for n in row] for row in with_totals(raw, True, True)
    ]
    assert lone_unknowns(primary_only, True, True) == []
    assert worked_out(primary_only, True, True) == {(1, 2)}  # the attacker sees the leak
    shown = grid_of(protect_table(pd.DataFrame(raw), RULE))
    check_protected(raw, shown, rows=True, cols=True)
    assert len(hidden_cells(shown)) == 10


def test_a_protected_table_is_plain_values() -> None:
    shown = protect_table(pd.DataFrame({"a": [np.int64(9), 0], "b": [2.0, 12]}), RULE)
    assert all(type(v) is int or v == SUPPRESSED for row in grid_of(shown) for v in row)
    assert shown.dtypes.tolist() == [object] * 3
    with pytest.raises(ValueError):
        protect_table(pd.DataFrame({"a": [1.5]}), RULE)
    with pytest.raises(ValueError):
        protect_table(pd.DataFrame({"a": [-2]}), RULE)


# --- many generated tables -------------------------------------------------------------


def small_heavy(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.2:
        return 0
    if roll < 0.6:
        return rng.randint(1, 7)
    return rng.randint(8, 60)


def test_generated_series_never_leak() -> None:
    rng = random.Random(20240611)
    for _ in range(400):
        counts = {f"g{k}": small_heavy(rng) for k in range(rng.randint(1, 9))}
        shown = protect_series(counts, RULE)
        check_protected([list(counts.values())], [list(shown.values())], rows=True, cols=False)


@pytest.mark.parametrize(("rows", "cols"), [(True, True), (True, False), (False, True)])
def test_generated_tables_never_leak(rows: bool, cols: bool) -> None:
    rng = random.Random(7 + 2 * rows + cols)
    for _ in range(300):
        n_rows, n_cols = rng.randint(1, 6), rng.randint(1, 6)
        raw = [[small_heavy(rng) for _ in range(n_cols)] for _ in range(n_rows)]
        frame = pd.DataFrame(raw, columns=[f"c{j}" for j in range(n_cols)])
        shown = protect_table(
            frame, RULE, total_row="Total" if cols else None, total_col="Total" if rows else None
        )
        check_protected(raw, grid_of(shown), rows=rows, cols=cols)


def test_the_module_stays_pure() -> None:
    source = disclosure.__file__
    with open(source, encoding="utf-8") as handle:
        text = handle.read()
    imports = {ln.split()[1] for ln in text.splitlines() if ln.startswith(("import ", "from "))}
    assert imports <= {
        "__future__",
        "math",
        "statistics",
        "collections.abc",
        "dataclasses",
        "decimal",
        "numbers",
        "pandas",
    }
    assert len(text.splitlines()) < 400
