"""The case page's progress section: the next step, what needs attention, the plots of the
helping questions' ratings and of the principles per cycle, and the fidelity table."""

from __future__ import annotations

import html
from datetime import date

from vigkit.core import clock
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import (
    CaseSnapshot,
    attention,
    fidelity,
    next_step,
    principles_per_cycle,
    ratings_frame,
)
from vigkit.i18n.interface import Interface
from vigkit.media.plotcache import words_key
from vigkit.reports.plots import figure_png, plot_principles, plot_ratings
from vigkit.templates.principles import Principles
from vigkit.ui.runtime.later import LatePlots, plot_img
from vigkit.ui.runtime.pagehtml import say_html, say_text

__all__ = ["progress_html"]


def progress_html(
    snap: CaseSnapshot,
    principles: Principles,
    settings: ServiceSettings,
    ui: Interface | None = None,
    plots: LatePlots | None = None,
) -> str:
    """Next step, what needs attention, the plots and the fidelity table for one case
    (``plots``: which are drawn now; None: all of them)."""
    ui = ui or Interface()
    plots = plots or LatePlots(draw=True)
    today = clock.today()
    step = html.escape(next_step(snap, settings, say=ui.say))
    return (
        f"<h2>{say_text(ui, 'case.progress.next_step')}</h2><p><strong>{step}</strong></p>"
        f"<h2>{say_text(ui, 'case.progress.attention')}</h2>"
        f"{_attention_html(snap, settings, today, ui)}"
        f"<h2>{say_text(ui, 'case.progress.heading')}</h2>"
        f'<div class="vk-plots">{_plots_html(snap, principles, ui, plots)}</div>'
        f"{_fidelity_html(snap, settings, today, ui)}"
    )


def _attention_html(
    snap: CaseSnapshot, settings: ServiceSettings, today: date, ui: Interface
) -> str:
    """What needs attention, warnings marked; or a line saying nothing does."""
    items = attention(snap, settings, today, say=ui.say)
    if not items:
        return f"<p>{say_text(ui, 'case.progress.attention.none')}</p>"
    return (
        "<ul>"
        + "".join(
            f'<li class="vk-attn-{a.level}">{"⚠ " if a.level == "warning" else ""}'
            f"{html.escape(a.message)}</li>"
            for a in items
        )
        + "</ul>"
    )


def _plots_html(snap: CaseSnapshot, principles: Principles, ui: Interface, late: LatePlots) -> str:
    """The ratings plot and the principles plot (cached per case and wording), each when
    there is something to draw (a line saying it is being drawn while it is); or a line
    saying there is nothing yet."""
    say = ui.say
    ratings = ratings_frame(snap.helping_questions)
    order = [p.id for p in principles.headings]
    counts = principles_per_cycle(snap.films, snap.clips, order)
    headings = {p.id: p.heading for p in principles.headings}
    plots = ""
    words = words_key(ui.language, ui.words)
    if not ratings.empty:
        png = late.png(
            ("ratings", ratings.to_csv(), words),
            lambda: figure_png(plot_ratings(ratings, say=say)),
            case_code=snap.case.code,
        )
        plots += plot_img(png, say("case.progress.ratings_alt"), ui)
    if not counts.empty:
        png = late.png(
            ("principles", counts.to_csv(), repr(sorted(headings.items())), words),
            lambda: figure_png(plot_principles(counts, headings, say=say)),
            case_code=snap.case.code,
        )
        plots += plot_img(png, say("case.progress.principles_alt"), ui)
    return plots or f"<p>{say_text(ui, 'case.progress.no_plots')}</p>"


def _fidelity_html(
    snap: CaseSnapshot, settings: ServiceSettings, today: date, ui: Interface
) -> str:
    """The fidelity table: each measure, this case's value, the target and whether it is met."""
    say = ui.say
    table = fidelity(snap, settings, today, say=say)
    met = {True: say("case.yes"), False: say("case.no")}
    rows = "".join(
        f"<tr><td>{html.escape(str(r.measure))}</td><td>{html.escape(str(r.value))}</td>"
        f"<td>{html.escape(str(r.target))}</td>"
        f"<td>{html.escape(met.get(r.met, '—'))}</td></tr>"
        for r in table.itertuples()
    )
    head = "".join(
        f'<th scope="col">{say_html(ui, key)}</th>'
        for key in (
            "case.fidelity.measure",
            "case.fidelity.this_case",
            "case.fidelity.target",
            "case.fidelity.met",
        )
    )
    return (
        f'<table class="vk-table"><caption>{say_text(ui, "case.fidelity.caption")}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
