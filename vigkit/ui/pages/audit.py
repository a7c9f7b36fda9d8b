"""The audit trail page: who opened, played, exported, signed, changed or erased what.

In a team only an admin opens it (the access policy's :class:`AuditTrail`); alone, the one
practitioner reads their own workbook's trail. It shows ids and actions, never a family's
words, newest first, filtered by a case code, a login or a first day.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, time

import ipywidgets as w

from vigkit.core.access import Action, AuditTrail
from vigkit.core.audit import AuditEvent
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagehtml import page_header
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["audit_page", "AuditPage", "SHOWN"]

SHOWN = 500  # lines a page shows at most (the command prints them all)

_COLUMNS = ("when", "who", "outcome", "action", "what", "where", "why")


def _row(event: AuditEvent, ui: Interface) -> str:
    outcome = ui.say("governance.audit.allowed" if event.allowed else "governance.audit.refused")
    cells = (
        f"{event.at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
        event.login,
        outcome,
        event.action,
        f"{event.kind} {event.ident}".strip(),
        event.door,
        event.reason,
    )
    css = "" if event.allowed else ' class="vk-refused"'
    return f"<tr{css}>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>"


def trail_html(events: list[AuditEvent], ui: Interface) -> str:
    """The newest :data:`SHOWN` lines as a table, with how many there are."""
    if not events:
        return f"<p>{html.escape(ui.say('governance.audit.none'))}</p>"
    newest = sorted(events, key=lambda e: (e.at, e.id or 0), reverse=True)[:SHOWN]
    head = "".join(
        f'<th scope="col">{html.escape(ui.say(f"governance.audit.col.{c}"))}</th>' for c in _COLUMNS
    )
    count = ui.say("governance.audit.count", shown=len(newest), count=len(events))
    return (
        f"<p>{html.escape(count)}</p>"
        f'<table class="vk-table"><thead><tr>{head}</tr></thead><tbody>'
        + "".join(_row(e, ui) for e in newest)
        + "</tbody></table>"
    )


class AuditPage:
    """The filters and the table (tests reach it through ``page.audit``)."""

    def __init__(self, store: Store, ui: Interface) -> None:
        self.store = store
        self.ui = ui
        say = ui.say
        self.case = labelled_input(w.Text, description=say("governance.audit.case"))
        self.person = labelled_input(w.Text, description=say("governance.audit.person"))
        self.since = labelled_input(w.DatePicker, description=say("governance.audit.since"))
        self.show = w.Button(description=say("governance.audit.show"), icon="search")
        self.show.on_click(lambda _b: self.refresh())
        self.table = StaticHTML("")
        self.widget = w.VBox(
            [
                StaticHTML(f"<p>{html.escape(say('governance.audit.intro'))}</p>"),
                w.HBox([self.case, self.person, self.since, self.show]),
                self.table,
            ]
        )
        self.refresh()

    def refresh(self) -> list[AuditEvent]:
        code = self.case.value.strip().upper() or None
        login = self.person.value.strip() or None
        day = self.since.value
        since = datetime.combine(day, time(), tzinfo=UTC) if day else None
        events = self.store.audit_trail(ident=code, login=login, since=since)
        self.table.value = trail_html(events, self.ui)
        return events


def audit_page(*, store: Store | None = None) -> w.Widget:
    """The audit trail; in a team, refused in plain words to anyone but an admin."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    pagedata.refuse_unless(store, Action.view, AuditTrail(), "error.access.audit")
    built = AuditPage(store, ui)
    page = w.VBox([page_header(ui.say("governance.audit.title"), who, ui), built.widget])
    page.add_class("vk-page")
    page.audit = built  # tests reach the page object here
    return page
