"""Plots for the case workbook: helping-question ratings and principles per cycle.

Pure: every function takes the pandas DataFrames built by :mod:`vigkit.core.summaries`
(:func:`~vigkit.core.summaries.ratings_frame`, :func:`~vigkit.core.summaries.principles_per_cycle`)
and returns a matplotlib Figure or PNG bytes. No widgets, no disk. Titles and axis labels
come through ``say`` (:meth:`vigkit.i18n.interface.Interface.say` of the page's language),
English when it is not given.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from vigkit.core.accreditationprogress import RequirementProgress
from vigkit.core.supervisionprogress import amount_words
from vigkit.i18n.interface import Interface

__all__ = ["OKABE_ITO", "plot_ratings", "plot_principles", "plot_requirements", "figure_png"]

# Okabe & Ito (2008), ordered so the first colours contrast best with white.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
_FONT = 11
_ENGLISH: Callable[..., str] = Interface().say


def _day(d: date, say: Callable[..., str] = _ENGLISH) -> str:
    """'3 Oct 2025': an occasion's date on the ratings axis (the month in ``say``'s words)."""
    return f"{d.day} {say(f'date.mon.{d.month}')} {d.year}"


def _label(text: object, limit: int = 40) -> str:
    """Data as a label: one line, at most ``limit`` characters, '$' kept literal."""
    words = " ".join(str(text).split())
    if len(words) > limit:
        words = words[: limit - 1].rstrip() + "…"
    return words.replace("$", r"\$")


def _finish(fig: Figure) -> Figure:
    """No TeX for any text, and no text smaller than 10 points."""
    for text in fig.findobj(Text):
        if not isinstance(text, Text):
            continue
        text.set_usetex(False)
        if float(text.get_fontsize()) < 10:
            text.set_fontsize(10)
    return fig


def _empty(fig: Figure, title: str, note: str) -> Figure:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_title(title, fontsize=_FONT + 2)
    ax.text(0.5, 0.5, note, ha="center", va="center", fontsize=_FONT, transform=ax.transAxes)
    return _finish(fig)


def plot_ratings(frame: pd.DataFrame, *, say: Callable[..., str] | None = None) -> Figure:
    """Helping-question ratings across occasions: a line per question, hoped-for dashed."""
    say = say or _ENGLISH
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    title = say("case.plot.ratings.title")
    if frame.empty:
        return _empty(fig, title, say("case.plot.ratings.none"))
    # Occasions in time order; on one day, in the order they were rated (start before review 1).
    seq = frame.groupby("position", sort=False).cumcount()
    first: dict[tuple[date, str], int] = {}
    for r, n in zip(frame.itertuples(), seq, strict=True):
        key = (r.rated_on, r.occasion)
        first[key] = min(first.get(key, n), n)
    keys = sorted(first, key=lambda k: (k[0], first[k]))
    where = {k: i for i, k in enumerate(keys)}
    ax = fig.add_subplot()
    for i, ((position, words), rows) in enumerate(frame.groupby(["position", "words"], sort=True)):
        colour = OKABE_ITO[i % len(OKABE_ITO)]
        xs = [where[(r.rated_on, r.occasion)] for r in rows.itertuples()]
        ax.plot(
            xs, list(rows["value"]), marker="o", linewidth=2.5, markersize=7, color=colour,
            label=_label(say("case.plot.ratings.question", position=position, words=words), 44),
        )  # fmt: skip
        hoped = rows["hoped_for"].dropna()
        if len(hoped):
            ax.axhline(
                int(hoped.iloc[0]), linestyle="--", linewidth=1.5, color=colour,
                label=say("case.plot.ratings.hoped", position=position),
            )  # fmt: skip
    ax.set_xticks(
        range(len(keys)), labels=[f"{_label(occ, 20)}\n{_day(day, say)}" for day, occ in keys]
    )
    ax.set_xlim(-0.5, len(keys) - 0.5)
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks(range(0, 11))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title, fontsize=_FONT + 2)
    ax.set_xlabel(say("case.plot.ratings.x"), fontsize=_FONT)
    ax.set_ylabel(say("case.plot.ratings.y"), fontsize=_FONT)
    ax.tick_params(labelsize=_FONT - 1)
    ax.legend(fontsize=_FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _finish(fig)


def plot_principles(
    frame: pd.DataFrame, headings: dict[str, str], *, say: Callable[..., str] | None = None
) -> Figure:
    """Grouped bars: for each cycle, how many clips show each principle heading."""
    say = say or _ENGLISH
    fig = Figure(figsize=(9, 4.8), layout="constrained")
    title = say("case.plot.principles.title")
    if frame.empty or not len(frame.columns):
        return _empty(fig, title, say("case.plot.principles.none"))
    ax = fig.add_subplot()
    width = 0.8 / len(frame.columns)
    hatches = ["", "//", "..", "xx"]
    for j, heading in enumerate(frame.columns):
        offsets = [i - 0.4 + width * (j + 0.5) for i in range(len(frame.index))]
        ax.bar(
            offsets, list(frame[heading]), width, color=OKABE_ITO[j % len(OKABE_ITO)],
            hatch=hatches[(j // len(OKABE_ITO)) % len(hatches)], edgecolor="white",
            label=_label(headings.get(str(heading), str(heading))),
        )  # fmt: skip
    ax.set_xticks(
        range(len(frame.index)),
        labels=[say("case.plot.principles.cycle", cycle=n) for n in frame.index],
    )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title, fontsize=_FONT + 2)
    ax.set_xlabel(say("case.plot.principles.x"), fontsize=_FONT)
    ax.set_ylabel(say("case.plot.principles.y"), fontsize=_FONT)
    ax.tick_params(labelsize=_FONT - 1)
    ax.legend(fontsize=_FONT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return _finish(fig)


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes. A character the font lacks (an emoji) shows as a box."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def _short(text: str, limit: int = 34) -> str:
    words = " ".join(text.split())
    return (words if len(words) <= limit else words[: limit - 1] + "…").replace("$", r"\$")


def plot_requirements(
    title: str,
    requirements: Sequence[RequirementProgress],
    *,
    say: Callable[..., str] | None = None,
) -> Figure:
    """One horizontal bar per requirement: the share done, with "done of required" beside it."""
    say = say or Interface().say
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
        done = say(
            "supervision.progress.plot.of",
            done=amount_words(r.done),
            required=amount_words(r.required),
        )
        ax.text(
            1.02, row, _short(done, 60) + (" ✓" if r.met else ""),
            va="center", fontsize=11,
        )  # fmt: skip
    ax.set_yticks(rows, labels=names, fontsize=11)
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.5, 1.0], labels=["0%", "50%", "100%"], fontsize=10)
    ax.set_title(_short(title, 60), fontsize=13)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return fig
