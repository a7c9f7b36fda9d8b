"""Outcome measures on the case page: take a measure with the family (a free scale's items,
or a licensed scale's total only), see the scores so far with their bands.

When a measure's risk item (EPDS item 10, PHQ-9 item 9) is above its threshold, the page
shows the service's risk procedure (``risk_procedure`` in the settings) at once, as the
value is chosen, and the audit trail records that it was shown; the saved score keeps when.
vigkit flags; the practitioner follows the procedure and decides.
"""

from __future__ import annotations

import base64
import html
import logging
from typing import Any

import ipywidgets as w
import pandas as pd
from pydantic import ValidationError

from vigkit import paths
from vigkit.core import clock
from vigkit.core.access import CaseRef
from vigkit.core.errors import VigkitError
from vigkit.core.measurescores import OCCASIONS, MeasureScore
from vigkit.core.records import Case
from vigkit.core.settings import ServiceSettings
from vigkit.i18n.interface import Interface
from vigkit.media.plotcache import cached_png
from vigkit.reports.plots import figure_png
from vigkit.reports.reportplots import plot_measures
from vigkit.store import Store
from vigkit.templates.measures import Measure, band_of, load_measures, risk_raised, total_of
from vigkit.ui.runtime.pagedata import acting_login, audit_done
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import Submission, on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["MeasuresForm", "measure_dirs", "entered_measures", "scores_html"]

log = logging.getLogger("vigkit.ui.pages")


def measure_dirs() -> list[Any]:
    """The service's measures first, then the shipped ones."""
    return [paths.data_dir() / "templates" / "measures", paths.templates_dir() / "measures"]


def entered_measures() -> list[Measure]:
    """The measures a practitioner enters (goals are the helping questions' ratings)."""
    return [m for m in load_measures(measure_dirs()) if m.kind != "goals"]


def scores_html(scores: list[MeasureScore], measures: dict[str, Measure], ui: Interface) -> str:
    """The case's measures as a table: day, measure, occasion, total and band, risk."""
    say = ui.say
    if not scores:
        return f"<p>{html.escape(say('measures.none'))}</p>"
    head = "".join(
        f'<th scope="col">{html.escape(say(f"measures.col.{c}"))}</th>'
        for c in ("day", "measure", "occasion", "total", "risk")
    )
    rows = []
    for s in scores:
        measure = measures.get(s.measure_id)
        title = measure.title if measure else s.measure_id
        decimals = measure.decimals if measure else 0
        total = f"{s.total:.{decimals}f}"
        band = band_of(measure, s.total) if measure else ""
        risk = ""
        if s.risk_raised:
            when = s.risk_shown_at.astimezone().strftime("%H:%M") if s.risk_shown_at else ""
            risk = say("measures.risk.flagged", when=when)
        occasion = say(f"measures.occasion.{s.occasion}") if s.occasion in OCCASIONS else s.occasion
        cells = (ui.date(s.taken_on), title, occasion, f"{total} ({band})" if band else total, risk)
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return f'<table class="vk-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


class MeasuresForm:
    """Choose a measure, score it, save; the list of scores beneath."""

    def __init__(self, store: Store, case: Case, settings: ServiceSettings, ui: Interface) -> None:
        self.store = store
        self.case = case
        self.settings = settings
        self.ui = ui
        say = ui.say
        self.measures = {m.id: m for m in entered_measures()}
        self.pick = labelled_input(
            w.Dropdown,
            options=[(say("measures.pick.none"), "")]
            + [(m.title, m.id) for m in self.measures.values()],
            value="",
            description=say("measures.pick"),
        )
        self.taken_on = labelled_input(
            w.DatePicker, value=clock.today(), description=say("measures.taken_on")
        )
        self.occasion = labelled_input(
            w.Dropdown,
            options=[(say(f"measures.occasion.{o}"), o) for o in OCCASIONS],
            value="start",
            description=say("measures.occasion"),
        )
        self.about = StaticHTML("")
        self.fields: dict[str, w.Widget] = {}
        self.total = labelled_input(w.Text, description=say("measures.total"))
        self.scores = w.VBox()
        self.risk = StaticHTML("")
        self.risk_shown_at: Any = None
        self.message = StaticHTML("")
        self.save = w.Button(description=say("measures.save"), button_style="primary", icon="check")
        self.after_typing = on_save(self.save, self.keep, self)
        self.list = StaticHTML("")
        self.pick.observe(lambda _c: self._build(), names="value")
        # The save's identity: a second click stores nothing new; a change makes a new save.
        self.submission = Submission()
        for field in (self.pick, self.taken_on, self.occasion):
            field.observe(lambda _c: self.submission.changed(), names="value")
        self.widget = w.VBox(
            [
                self.pick,
                self.taken_on,
                self.occasion,
                self.about,
                self.scores,
                self.risk,
                self.save,
                self.message,
                self.list,
            ]
        )
        self._build()
        self.refresh()

    # -- the chosen measure's fields -------------------------------------------------------
    def _measure(self) -> Measure | None:
        return self.measures.get(self.pick.value)

    def _build(self) -> None:
        say = self.ui.say
        self.risk.value = ""
        self.risk_shown_at = None
        measure = self._measure()
        self.fields = {}
        if measure is None:
            self.about.value = ""
            self.scores.children = []
            self.save.disabled = True
            return
        self.save.disabled = False
        note = say("measures.score_only") if measure.kind == "score_only" else ""
        cite = say("measures.citation", citation=measure.citation) if measure.citation else ""
        self.about.value = "".join(
            f'<p class="vk-help">{html.escape(t)}</p>' for t in (measure.about, note, cite) if t
        )
        children: list[w.Widget] = []
        answers = {a.value: a.label for a in measure.answers}
        low, high = int(measure.item_min), int(measure.item_max)
        options = [(say("measures.item.none"), None)] + [
            (f"{v} — {answers[v]}" if v in answers else str(v), v) for v in range(low, high + 1)
        ]
        if measure.kind == "score_only":  # typed, never a default the practitioner forgot
            self.total = labelled_input(
                w.Text,
                value="",
                description=say(
                    "measures.total.range",
                    low=f"{measure.total_min:g}",
                    high=f"{measure.total_max:g}",
                ),
            )
            self.total.observe(lambda _c: self.submission.changed(), names="value")
            children.append(self.total)
        items = measure.items if measure.kind == "items" else measure.entered_items
        for number, item in enumerate(items, start=1):
            label = item.text or item.label or say("measures.item", number=number)
            field = labelled_input(
                w.Dropdown, options=options, value=None, description=f"{number}. {label}"
            )
            field.observe(lambda _c: self._watch_risk(), names="value")
            field.observe(lambda _c: self.submission.changed(), names="value")
            self.fields[item.id] = field
            children.append(field)
        self.scores.children = children

    def _item_scores(self) -> dict[str, float]:
        return {k: float(f.value) for k, f in self.fields.items() if f.value is not None}

    def _watch_risk(self) -> None:
        """The risk procedure at once when the risk item goes above its threshold."""
        measure = self._measure()
        if measure is None or not risk_raised(measure, self._item_scores()):
            return
        if self.risk_shown_at is None:
            self.risk_shown_at = clock.now()
            ref = CaseRef(self.case.code, self.case.practitioner_id)
            audit_done(self.store, "risk", ref, f"case page: {measure.id} risk procedure shown")
        text = self.ui.say("measures.risk.heading", what=measure.risk.about if measure.risk else "")
        self.risk.value = message_html(text + "\n\n" + self.settings.risk_procedure, "error")

    # -- saving --------------------------------------------------------------------------
    def keep(self) -> MeasureScore | None:
        """Save the score; a plain message says what is missing."""
        say = self.ui.say
        measure = self._measure()
        if measure is None:
            return None
        items = self._item_scores()
        typed: float | None = None
        if measure.kind == "score_only":
            typed = self._typed_total(measure)
            if typed is None:
                return None
        try:
            if any(f.value is None for f in self.fields.values()):
                raise ValueError("an item has no score")
            total = total_of(measure, items) if typed is None else typed
            score = MeasureScore(
                case_code=self.case.code,
                measure_id=measure.id,
                measure_version=measure.version,
                taken_on=self.taken_on.value,
                occasion=self.occasion.value,
                total=total,
                items=items,
                risk_raised=risk_raised(measure, items),
                risk_shown_at=self.risk_shown_at,
                entered_by=acting_login(self.store),
            )
            saved = self.store.measures.add_score(score, submission=self.submission.key)
        except ValidationError:
            self.message.value = message_html(say("measures.invalid"), "error")
            return None
        except ValueError:  # an item without a score
            self.message.value = message_html(say("measures.missing"), "error")
            return None
        except VigkitError as exc:
            log.exception("measure not saved")
            self.message.value = message_html(self.ui.error(exc), "error")
            return None
        if self.submission.went_through(saved.id):  # a second click: nothing new stored
            self.message.value = message_html(say("measures.already_saved"), "info")
            return saved
        band = band_of(measure, saved.total)
        words = say(
            "measures.saved",
            measure=measure.title,
            total=f"{saved.total:.{measure.decimals}f}",
            band=f" ({band})" if band else "",
        )
        self.message.value = message_html(words, "success")
        self.refresh()
        return saved

    def _typed_total(self, measure: Measure) -> float | None:
        """The total typed, within the measure's range; None (and a message) otherwise."""
        text = str(self.total.value).strip().replace(",", ".")
        try:
            total = float(text)
        except ValueError:
            total = float("nan")
        if not measure.total_min <= total <= measure.total_max:
            words = self.ui.say(
                "measures.total.missing",
                low=f"{measure.total_min:g}",
                high=f"{measure.total_max:g}",
            )
            self.message.value = message_html(words, "error")
            return None
        return round(total, measure.decimals)

    def refresh(self) -> None:
        scores = self.store.measures.list_scores(self.case.code)
        self.list.value = scores_html(scores, self.measures, self.ui) + self._plot(scores)

    def _plot(self, scores: list[MeasureScore]) -> str:
        """The case's measures over time (drawn once per change: the case's plot cache)."""
        if not scores:
            return ""
        frame = pd.DataFrame(
            [(s.measure_id, s.taken_on, s.total) for s in scores],
            columns=["measure_id", "taken_on", "total"],
        )
        titles = {k: m.title for k, m in self.measures.items()}
        ranges = {k: (m.total_min, m.total_max) for k, m in self.measures.items()}
        png = cached_png(
            (
                "measures",
                frame.to_csv(),
                repr(sorted(titles.items())),
                repr(sorted(ranges.items())),
            ),
            lambda: figure_png(plot_measures(frame, titles, ranges)),
            case_code=self.case.code,
        )
        data = base64.b64encode(png).decode()
        alt = html.escape(self.ui.say("measures.plot.alt"), quote=True)
        return f'<img class="vk-plot" alt="{alt}" src="data:image/png;base64,{data}">'
