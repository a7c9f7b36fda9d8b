"""The service report page: the service lead picks a period (and a grouping), and reads
the report the commissioners will get — counts that never identify a family — with the
HTML, PDF, Word and CSV to download. In a team it is the lead's page (the access policy's
:class:`ServiceReport`); alone, the one practitioner may make it.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import ipywidgets as w

from vigkit import paths
from vigkit.core import clock
from vigkit.core.access import Action, ServiceReport
from vigkit.core.errors import VigkitError
from vigkit.i18n.interface import Interface
from vigkit.reports.servicereport import report_measures, write_report
from vigkit.store import Store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.longwork import LongWork
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagehtml import message_html, page_header
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["report_page", "ReportPage", "ReportPart", "last_quarter"]

log = logging.getLogger("vigkit.ui.pages")


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole quarter before ``today``: what a commissioner usually asks for."""
    start_month = (today.month - 1) // 3 * 3 + 1
    this_quarter = date(today.year, start_month, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


class ReportPart:
    """The period, the grouping, the button and the report."""

    def __init__(self, store: Store, ui: Interface) -> None:
        self.store = store
        self.ui = ui
        say = ui.say
        first, last = last_quarter(clock.today())
        self.first = labelled_input(w.DatePicker, value=first, description=say("report.from"))
        self.last = labelled_input(w.DatePicker, value=last, description=say("report.to"))
        self.by = labelled_input(
            w.Dropdown,
            options=[
                (say("report.by.none"), ""),
                (say("report.by.setting"), "setting"),
                (say("report.by.practitioner"), "practitioner"),
            ],
            value="",
            description=say("report.by"),
        )
        self.make = w.Button(description=say("report.make"), button_style="primary", icon="table")
        self.make.on_click(lambda _b: self.build_in_background())
        self.work = LongWork(ui, stoppable=False)
        self.message = StaticHTML("")
        self.shown = w.HTML("")
        self.widget = w.VBox(
            [
                StaticHTML(f"<p>{html.escape(say('report.intro'))}</p>"),
                w.HBox([self.first, self.last, self.by]),
                self.make,
                self.work.widget,
                self.message,
                self.shown,
            ]
        )

    def _period(self) -> tuple[date, date, str | None] | None:
        first, last, by = self.first.value, self.last.value, self.by.value or None
        if first is None or last is None or last < first:
            self.message.value = message_html(self.ui.say("report.period_order"), "error")
            return None
        return first, last, by

    @staticmethod
    def _folder(first: date, last: date, by: str | None) -> str:
        return f"report-{first.isoformat()}-{last.isoformat()}" + (f"-{by}" if by else "")

    def _write(self, first: date, last: date, by: str | None) -> list[Path]:
        pagedata.refuse_unless(self.store, Action.export, ServiceReport(), "error.access.report")
        data = paths.data_dir()
        titles, change = report_measures(data)
        return write_report(
            self.store, first, last, data / "exports" / self._folder(first, last, by), by=by,
            settings=pagedata.service_settings(), measure_titles=titles, reliable_change=change,
        )  # fmt: skip

    def build(self) -> list[str]:
        """Make the report for the chosen period here and now; the names of the files written."""
        period = self._period()
        if period is None:
            return []
        self.message.value = message_html(self.ui.say("report.making"), "info")
        try:
            written = self._write(*period)
        except (VigkitError, OSError) as exc:
            self._failed(exc)
            return []
        self._show(period, written)
        return [p.name for p in written]

    def build_in_background(self) -> bool:
        """The button: the report is made off the kernel's event loop, one at a time."""
        period = self._period()
        if period is None or self.work.busy:
            return False
        self.make.disabled = True
        self.message.value = ""

        def done(written: list[Path]) -> None:
            self._show(period, written)

        return self.work.start(
            self.ui.say("report.making"), lambda _p, _c: self._write(*period), done, self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self.make.disabled = False
        log.exception("service report not made", exc_info=exc)
        if isinstance(exc, VigkitError | OSError):
            said = self.ui.say("report.failed", error=self.ui.error(exc))
        else:
            said = self.ui.say("report.failed", error=self.ui.say("film.copy.see_log"))
        self.message.value = message_html(said, "error")

    def _show(self, period: tuple[date, date, str | None], written: list[Path]) -> None:
        self.make.disabled = False
        folder = self._folder(*period)
        links = " · ".join(
            f'<a href="../../vigkit/exports/{folder}/{p.name}" download>{html.escape(p.name)}</a>'
            for p in written
            if p.suffix in (".html", ".pdf", ".docx", ".csv")
        )
        self.message.value = (
            message_html(self.ui.say("report.ready"), "success") + f"<p>{links}</p>"
        )
        page = next((p for p in written if p.name == "report.html"), None)
        if page is not None:
            # The page has its own main landmark: the report's body goes in without its own.
            body = page.read_text(encoding="utf-8").split("<main>", 1)[-1].rsplit("</main>", 1)[0]
            self.shown.value = f'<div class="vk-report">{body}</div>'


@dataclass(eq=False)
class ReportPage(Page):
    """The service report page; ``report``: its period, grouping, button and report."""

    report: ReportPart


def report_page(*, store: Store | None = None) -> ReportPage:
    """The report page; in a team, refused in plain words to anyone but the service lead."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    pagedata.refuse_unless(store, Action.view, ServiceReport(), "error.access.report")
    built = ReportPart(store, ui)
    return ReportPage(page_box([page_header(ui.say("report.title"), who, ui), built.widget]), built)
