"""The service report's plots, pure (frames in, matplotlib Figures out): reach per quarter
and helping-question change per family as a slope chart. Both draw protected figures only:
a suppressed count ("*") is drawn as no bar with a "*" above the quarter, and the slope
chart is drawn only when enough families make it (the report decides)."""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from vigkit.reports.plots import OKABE_ITO

__all__ = ["plot_reach", "plot_slopes", "plot_measures"]

_FONT = 11


def plot_reach(reach: pd.DataFrame) -> Figure:
    """Families referred and started per quarter (bars side by side; "*" where hidden)."""
    fig = Figure(figsize=(9, 4.2), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Reach per quarter", fontsize=_FONT + 2)
    if reach.empty:
        ax.text(0.5, 0.5, "No quarter in the period.", ha="center", va="center")
        ax.set_axis_off()
        return fig
    xs = range(len(reach))
    numbers = [float(v) for c in ("referred", "started") for v in reach[c] if v != "*"]
    top = max([10.0, *numbers]) * 1.12
    ax.set_ylim(0, top)
    drawn = False
    for offset, column, colour, label in (
        (-0.2, "referred", OKABE_ITO[0], "Referred"),
        (0.2, "started", OKABE_ITO[1], "Started"),
    ):
        for x, value in zip(xs, reach[column], strict=True):
            if value == "*":  # hidden: fewer than the threshold
                ax.text(x + offset, top * 0.01, "*", ha="center", va="bottom", fontsize=_FONT + 2)
            else:
                ax.bar(x + offset, float(value), width=0.4, color=colour, label=label)
                label, drawn = "_nolegend_", True
    step = max(1, len(reach) // 12)
    ax.set_xticks(list(xs)[::step], labels=list(reach["quarter"])[::step], rotation=45, ha="right")
    ax.set_ylabel("Families (rounded to 5)", fontsize=_FONT)
    ax.grid(axis="y", alpha=0.3)
    if drawn:
        ax.legend(frameon=False, fontsize=_FONT - 1)
    return fig


def plot_slopes(per_family: pd.DataFrame) -> Figure:
    """Each family's mean first and latest helping-question rating, joined by a line."""
    fig = Figure(figsize=(6, 5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("Helping-question change per family", fontsize=_FONT + 2)
    for start, end in zip(per_family["start"], per_family["end"], strict=True):
        colour = OKABE_ITO[2] if end > start else OKABE_ITO[3] if end < start else "#777777"
        ax.plot([0, 1], [start, end], color=colour, alpha=0.35, linewidth=1.2)
    ax.plot(
        [0, 1],
        [per_family["start"].mean(), per_family["end"].mean()],
        color="black",
        linewidth=3,
        label="Mean",
    )
    ax.set_xticks([0, 1], labels=["First rating", "Latest rating"])
    ax.set_xlim(-0.2, 1.2)
    ax.set_ylim(-0.3, 10.3)
    ax.set_ylabel("Mean rating of the family's questions (0-10)", fontsize=_FONT)
    ax.legend(frameon=False)
    return fig


def plot_measures(
    scores: pd.DataFrame, titles: dict[str, str], ranges: dict[str, tuple[float, float]]
) -> Figure:
    """One small chart per measure: its totals on the days they were taken, on the
    measure's own scale."""
    ids = list(dict.fromkeys(scores["measure_id"]))[:4]
    fig = Figure(figsize=(9, 2.6 * max(1, len(ids))), layout="constrained")
    for n, ident in enumerate(ids, start=1):
        ax = fig.add_subplot(len(ids), 1, n)
        rows = scores[scores["measure_id"] == ident].sort_values("taken_on")
        days = pd.to_datetime(rows["taken_on"])
        ax.plot(days, rows["total"], marker="o", linewidth=2.5, color=OKABE_ITO[n - 1])
        ax.set_title(titles.get(ident, ident), fontsize=_FONT)
        low, high = ranges.get(ident, (float(rows["total"].min()), float(rows["total"].max())))
        ax.set_ylim(low - (high - low) * 0.05, high + (high - low) * 0.05 + 1e-9)
        pad = pd.Timedelta(days=14)
        ax.set_xlim(days.min() - pad, days.max() + pad)
        locator = mdates.AutoDateLocator(maxticks=6)  # type: ignore[no-untyped-call]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize=_FONT - 1)
    return fig
