"""Disclosure control for the service report: no small count may identify a family.

Pure: the standard library and pandas only, no widgets, no disk, no store. The rules are
NHS Digital's disclosure control for sub-national figures; the two numbers are settings
(:class:`DisclosureRule`; some services use a threshold of 10):

1. A count of 1 to ``threshold - 1`` is shown as ``*`` (:data:`SUPPRESSED`); 0 is shown as 0.
2. Other counts are rounded to the nearest multiple of ``rounding``, **half up**
   (with 5: 8 -> 10, 12 -> 10, 13 -> 15; with 10: 15 -> 20). A non-zero count is never
   shown as 0: it is shown as at least ``rounding`` (only possible when ``threshold`` is
   below half of ``rounding``).
3. A mean, median or percentage over fewer than ``threshold`` values is ``*``. So is one
   over no values at all (there is no figure to show).
4. Percentages are worked out from the rounded counts (13 of 27 -> 15 of 25 -> 60%); one
   whose numerator or denominator is ``*`` is ``*``. Means and percentages are rounded
   half up to ``digits`` decimals.
5. Secondary suppression (:func:`protect_table`, :func:`protect_series`): a cell that could
   be worked out from a total and the other shown cells is also ``*``.

API::

    DisclosureRule(threshold: int = 8, rounding: int = 5)   # frozen; .footnote() -> str
    SUPPRESSED = "*"
    protect_count(n: int, rule) -> int | str
    protect_mean(values: Sequence[float], rule, *, digits=1) -> float | str
    protect_median(values: Sequence[float], rule, *, digits=1) -> float | str
    protect_statistic(value: float, n: int, rule, *, digits=1) -> float | str
    protect_percentage(numerator: int, denominator: int, rule, *, digits=0) -> float | str
    protect_table(table: DataFrame, rule, *, total_row="Total", total_col="Total") -> DataFrame
    protect_series(counts: Mapping[str, int], rule, *, total=True, total_label="Total")
        -> dict[str, int | str]

**Tables.** :func:`protect_table` takes raw counts and returns what may be shown (ints or
``*``), with a total row and a total column appended (``None`` leaves one out). A total row
or column already in the table under that label is used as given (e.g. distinct families,
when a family can be in two settings) and protected as though it were the exact sum: the
cautious reading. Every row of the table with its totals is an equation "row total = sum of
the row" when there is a total column, and every column one when there is a total row; the
total row and total column are equations too, meeting at the grand total.

**Secondary suppression** starts from the primary ``*`` cells (totals included) and repeats:

a. an equation with exactly one ``*`` would give it away: hide the smallest non-zero shown
   cell of that equation too (its total is the largest, so it goes only when the other cells
   are zeros), preferring one whose other equation also has a single ``*``. A shown zero
   protects nothing, so zeros are never chosen while a non-zero cell is left.
b. when every equation has none or at least two ``*``, equations can still be combined:
   the ``*`` cells are the edges of a graph whose nodes are the equations, and a cell is
   worked out exactly by adding and subtracting equations iff it is a bridge of that graph
   (it lies on no cycle; e.g. two 2x2 blocks of ``*`` joined through one cell). For such a
   cell, hide the smallest non-zero shown cell that closes a cycle through it.

until neither applies. Each step hides one more cell, so it ends. The choice is greedy (the
smallest cell), not the least loss of information overall. Rounding to 5 also blurs
differencing, but the rule is applied as stated, on the raw counts.

Not covered: a percentage near 100% tells the small complement (30 of 33 says 3 did not);
show the complement as a count in a protected table if that matters.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral

import pandas as pd

__all__ = [
    "SUPPRESSED",
    "DisclosureRule",
    "protect_count",
    "protect_mean",
    "protect_median",
    "protect_percentage",
    "protect_series",
    "protect_statistic",
    "protect_table",
]

SUPPRESSED = "*"

Cell = tuple[int, int]
Node = tuple[str, int]
_GROUND: Node = ("free", 0)  # the end of a cell whose row or column is not an equation


@dataclass(frozen=True)
class DisclosureRule:
    """The service's disclosure settings: both whole numbers of at least 1.

    ``threshold``: counts from 1 to ``threshold - 1`` are suppressed, and means, medians and
    percentages over fewer than ``threshold`` values. ``rounding``: other counts are rounded
    to the nearest multiple of it (1: not rounded).
    """

    threshold: int = 8
    rounding: int = 5

    def __post_init__(self) -> None:
        for name in ("threshold", "rounding"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"the disclosure {name} must be a whole number of 1 or more")

    def footnote(self) -> str:
        """The rule in plain words, for the report's footnote."""
        t, parts = self.threshold, []
        if t == 2:
            parts.append(f"Counts of 1 are shown as {SUPPRESSED}")
        elif t > 2:
            parts.append(f"Counts of 1 to {t - 1} are shown as {SUPPRESSED}")
        if self.rounding > 1:
            other = "other counts" if parts else "counts"
            parts.append(f"{other} are rounded to the nearest {self.rounding}")
        if t > 1:
            families = "family" if t == 2 else "families"
            parts.append(f"means and percentages over fewer than {t} {families} are not shown")
        parts.append("percentages are worked out from the rounded counts")
        parts.append(
            f"a figure that could be worked out from a total and other figures is also shown as {SUPPRESSED}"
        )
        text = "; ".join(parts)
        return text[0].upper() + text[1:] + "."


def _whole(n: object, what: str = "a count") -> int:
    """``n`` as an int, or ValueError when it is not a whole number of 0 or more."""
    if isinstance(n, bool):
        raise ValueError(f"{what} must be a whole number, not {n!r}")
    if isinstance(n, Integral):
        value = int(n)
    elif isinstance(n, float) and n.is_integer():
        value = int(n)
    else:
        raise ValueError(f"{what} must be a whole number, not {n!r}")
    if value < 0:
        raise ValueError(f"{what} cannot be negative ({value})")
    return value


def _round_count(n: int, rounding: int) -> int:
    """``n`` to the nearest multiple of ``rounding``, half up; a non-zero ``n`` never to 0."""
    if n == 0:
        return 0
    return max(rounding, (2 * n + rounding) // (2 * rounding) * rounding)


def _round_half_up(value: float, digits: int) -> float:
    if not math.isfinite(value):
        raise ValueError(f"cannot show {value!r}")
    step = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def protect_count(n: int, rule: DisclosureRule) -> int | str:
    """A count as it may be shown: 0, ``*`` (1 to threshold - 1), or rounded."""
    value = _whole(n)
    if 0 < value < rule.threshold:
        return SUPPRESSED
    return _round_count(value, rule.rounding)


def protect_statistic(
    value: float, n: int, rule: DisclosureRule, *, digits: int = 1
) -> float | str:
    """A mean, median or other figure worked out over ``n`` values: ``*`` when ``n`` is below
    the threshold (or 0), else ``value`` rounded half up to ``digits`` decimals."""
    if _whole(n, "the number of values") < max(1, rule.threshold):
        return SUPPRESSED
    return _round_half_up(float(value), digits)


def protect_mean(values: Sequence[float], rule: DisclosureRule, *, digits: int = 1) -> float | str:
    """The mean of ``values``, or ``*`` over fewer than ``threshold`` values."""
    if len(values) < rule.threshold or not values:
        return SUPPRESSED
    return protect_statistic(statistics.fmean(values), len(values), rule, digits=digits)


def protect_median(
    values: Sequence[float], rule: DisclosureRule, *, digits: int = 1
) -> float | str:
    """The median of ``values``, or ``*`` over fewer than ``threshold`` values."""
    if len(values) < rule.threshold or not values:
        return SUPPRESSED
    return protect_statistic(statistics.median(values), len(values), rule, digits=digits)


def protect_percentage(
    numerator: int, denominator: int, rule: DisclosureRule, *, digits: int = 0
) -> float | str:
    """``numerator`` as a percentage of ``denominator``, worked out from the rounded counts.

    ``*`` when either count is suppressed or the denominator is 0; ValueError when the
    numerator is larger than the denominator.
    """
    top, bottom = _whole(numerator, "a numerator"), _whole(denominator, "a denominator")
    if top > bottom:
        raise ValueError(f"a numerator ({top}) cannot be larger than its denominator ({bottom})")
    shown_top, shown_bottom = protect_count(top, rule), protect_count(bottom, rule)
    if not isinstance(shown_top, int) or not isinstance(shown_bottom, int) or shown_bottom == 0:
        return SUPPRESSED
    return _round_half_up(100 * shown_top / shown_bottom, digits)


def _equations(n_rows: int, n_cols: int, rows: bool, cols: bool) -> list[list[Cell]]:
    """The cells of every equation of the grid (rows when ``rows``, columns when ``cols``)."""
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)] if rows else []
    if cols:
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    return lines


def _smallest(
    candidates: Iterable[Cell],
    grid: list[list[int]],
    lines: list[list[Cell]],
    hidden: set[Cell],
    gap: list[Cell] | None = None,
) -> Cell | None:
    """The smallest non-zero cell of ``candidates``, preferring one that also sits in another
    equation (than ``gap``) with a single ``*``, closing two gaps at once; a zero only when
    there is no other."""

    def key(c: Cell) -> tuple[bool, bool, int, Cell]:
        value = grid[c[0]][c[1]]
        helps = any(ln is not gap and c in ln and sum(x in hidden for x in ln) == 1 for ln in lines)
        return (value == 0, not helps, value, c)

    return min(candidates, key=key, default=None)


def _bridge_candidates(
    grid: list[list[int]], hidden: set[Cell], rows: bool, cols: bool
) -> list[Cell] | None:
    """The shown cells that would close a cycle through a bridge of the hidden cells' graph,
    or None when there is no bridge (no hidden cell can be worked out exactly)."""

    def ends(cell: Cell) -> tuple[Node, Node]:
        return (("row", cell[0]) if rows else _GROUND, ("col", cell[1]) if cols else _GROUND)

    edges = [(cell, *ends(cell)) for cell in sorted(hidden)]
    edges = [e for e in edges if e[1] != e[2]]  # a cell in no equation is never worked out

    def reach(start: Node, without: Cell) -> set[Node]:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for cell, a, b in edges:
                if cell != without and node in (a, b):
                    other = b if node == a else a
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
        return seen

    for cell, a, b in edges:
        side_a = reach(a, cell)
        if b in side_a:
            continue
        side_b = reach(b, cell)
        return [
            shown
            for i, row in enumerate(grid)
            for j in range(len(row))
            if (shown := (i, j)) not in hidden
            and (
                (ends(shown)[0] in side_a and ends(shown)[1] in side_b)
                or (ends(shown)[0] in side_b and ends(shown)[1] in side_a)
            )
        ]
    return None


def _secondary(grid: list[list[int]], primary: set[Cell], rows: bool, cols: bool) -> set[Cell]:
    """The primary cells and the complementary cells hidden to protect them (see module doc)."""
    hidden = set(primary)
    n_rows = len(grid)
    lines = _equations(n_rows, len(grid[0]) if n_rows else 0, rows, cols)
    while True:
        lone = next((ln for ln in lines if sum(c in hidden for c in ln) == 1), None)
        if lone is not None:
            choice = _smallest((c for c in lone if c not in hidden), grid, lines, hidden, lone)
            if choice is None:  # a one-cell equation: nothing else to hide
                lines.remove(lone)
                continue
        else:
            candidates = _bridge_candidates(grid, hidden, rows, cols)
            if candidates is None:
                return hidden
            choice = _smallest(candidates, grid, lines, hidden)
            if choice is None:  # pragma: no cover - a bridge always has a cell to close it
                raise RuntimeError("no cell can protect a suppressed figure")
        hidden.add(choice)


def _protect_grid(
    grid: list[list[int]], rule: DisclosureRule, rows: bool, cols: bool
) -> list[list[int | str]]:
    primary = {
        (i, j) for i, row in enumerate(grid) for j, n in enumerate(row) if 0 < n < rule.threshold
    }
    hidden = _secondary(grid, primary, rows, cols)
    return [
        [
            SUPPRESSED if (i, j) in hidden else _round_count(n, rule.rounding)
            for j, n in enumerate(row)
        ]
        for i, row in enumerate(grid)
    ]


def protect_table(
    table: pd.DataFrame,
    rule: DisclosureRule,
    *,
    total_row: str | None = "Total",
    total_col: str | None = "Total",
) -> pd.DataFrame:
    """Raw counts in; the values that may be shown out (ints or ``*``, object dtype).

    A total row labelled ``total_row`` and a total column labelled ``total_col`` are added
    last, unless the table has them already (then used as given) or the label is None.
    Primary suppression, secondary suppression (see the module doc), then rounding.
    """
    counts = [[_whole(v) for v in row] for row in table.itertuples(index=False, name=None)]
    index: list[Hashable] = list(table.index)
    columns: list[Hashable] = list(table.columns)
    if total_col is not None and total_col not in columns:
        columns.append(total_col)
        counts = [row + [sum(row)] for row in counts]
    if total_row is not None and total_row not in index:
        index.append(total_row)
        counts.append(
            [sum(col) for col in zip(*counts, strict=True)] if counts else [0] * len(columns)
        )
    shown = _protect_grid(counts, rule, rows=total_col is not None, cols=total_row is not None)
    return pd.DataFrame(
        shown,
        index=pd.Index(index, name=table.index.name),
        columns=pd.Index(columns, name=table.columns.name),
        dtype=object,
    )


def protect_series(
    counts: Mapping[str, int],
    rule: DisclosureRule,
    *,
    total: bool = True,
    total_label: str = "Total",
) -> dict[str, int | str]:
    """Counts by group, protected; with ``total``, a ``total_label`` entry last (the sum,
    or the one given in ``counts``) and secondary suppression against it."""
    labels = [label for label in counts if not (total and label == total_label)]
    row = [_whole(counts[label]) for label in labels]
    if total:
        labels.append(total_label)
        row.append(_whole(counts[total_label]) if total_label in counts else sum(row))
    shown = _protect_grid([row], rule, rows=total, cols=False)[0]
    return dict(zip(labels, shown, strict=True))
