"""The service report page: the service lead picks a period (and a grouping), and reads
the report the commissioners will get — counts that never identify a family — with the
HTML, PDF, Word and CSV to download. In a team it is the lead's page (the access policy's
:class:`ServiceReport`); alone, the one practitioner may make it.
"""

from __future__ import annotations

import html
import logging
from datetime import date, timedelta

import ipywidgets as w

from vigkit import paths
from vigkit.core import clock
from vigkit.core.access import Action, ServiceReport
from vigkit.core.errors import VigkitError
from vigkit.i18n.interface import Interface
from vigkit.reports.servicereport import report_measures, write_report
from vigkit.store import Store
from vigkit.ui import pagedata
from vigkit.ui.forms import message_html
from vigkit.ui.pagehtml import page_header
from vigkit.ui.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["report_page", "ReportPage", "last_quarter"]

log = logging.getLogger("vigkit.ui.pages")


def last_quarter(today: date) -> tuple[date, date]:
    """The last whole quarter before ``today``: what a commissioner usually asks for."""
    start_month = (today.month - 1) // 3 * 3 + 1
    this_quarter = date(today.year, start_month, 1)
    end = this_quarter - timedelta(days=1)
    return date(end.year, (end.month - 1) // 3 * 3 + 1, 1), end


class ReportPage:
    """The period, the grouping, the button and the report (tests reach it as ``page.report``)."""

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
        self.make.on_click(lambda _b: self.build())
        self.message = StaticHTML("")
        self.shown = w.HTML("")
        self.widget = w.VBox(
            [
                StaticHTML(f"<p>{html.escape(say('report.intro'))}</p>"),
                w.HBox([self.first, self.last, self.by]),
                self.make,
                self.message,
                self.shown,
            ]
        )

    def build(self) -> list[str]:
        """Make the report for the chosen period; the names of the files written."""
        say = self.ui.say
        first, last, by = self.first.value, self.last.value, self.by.value or None
        if first is None or last is None or last < first:
            self.message.value = message_html(say("report.period_order"), "error")
            return []
        self.message.value = message_html(say("report.making"), "info")
        folder = f"report-{first.isoformat()}-{last.isoformat()}" + (f"-{by}" if by else "")
        data = paths.data_dir()
        try:
            pagedata.refuse_unless(
                self.store, Action.export, ServiceReport(), "error.access.report"
            )
            titles, change = report_measures(data)
            written = write_report(
                self.store, first, last, data / "exports" / folder, by=by,
                settings=pagedata.service_settings(), measure_titles=titles,
                reliable_change=change,
            )  # fmt: skip
        except (VigkitError, OSError) as exc:
            log.exception("service report not made")
            self.message.value = message_html(
                say("report.failed", error=self.ui.error(exc)), "error"
            )
            return []
        links = " · ".join(
            f'<a href="../../vigkit/exports/{folder}/{p.name}" download>{html.escape(p.name)}</a>'
            for p in written
            if p.suffix in (".html", ".pdf", ".docx", ".csv")
        )
        self.message.value = message_html(say("report.ready"), "success") + f"<p>{links}</p>"
        page = (data / "exports" / folder / "report.html").read_text(encoding="utf-8")
        body = page.split("<body>", 1)[-1].rsplit("</body>", 1)[0]
        self.shown.value = f'<div class="vk-report">{body}</div>'
        return [p.name for p in written]


def report_page(*, store: Store | None = None) -> w.Widget:
    """The report page; in a team, refused in plain words to anyone but the service lead."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    pagedata.refuse_unless(store, Action.view, ServiceReport(), "error.access.report")
    built = ReportPage(store, ui)
    page = w.VBox([page_header(ui.say("report.title"), who, ui), built.widget])
    page.add_class("vk-page")
    page.report = built  # type: ignore[attr-defined]  # tests reach the page object here
    return page
