"""Footage due for deletion, on the home page: the practitioner's own films whose retention
has run out (and those due within four weeks), and one button that deletes what is due —
:func:`vigkit.media.governance.apply_retention`, the same as `vigkit retention --apply`.

A film kept outside vigkit is deleted by the practitioner, where it is; pressing the button
once it is gone records it, with who pressed it. Nothing is shown when nothing is due.
"""

from __future__ import annotations

import html
import logging
from datetime import date

import ipywidgets as w

from vigkit import paths
from vigkit.core import clock
from vigkit.core.errors import VigkitError
from vigkit.core.records import Practitioner
from vigkit.core.retention import Planned, coming, due
from vigkit.core.settings import ServiceSettings
from vigkit.i18n.interface import Interface
from vigkit.media.casefiles import film_path, is_vigkits
from vigkit.media.governance import RetentionDone, apply_retention, retention_plan
from vigkit.store import Store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["RetentionPanel"]

log = logging.getLogger("vigkit.ui.pages")


class RetentionPanel:
    """The list and the button (an empty box when nothing is due or coming)."""

    def __init__(
        self, store: Store, person: Practitioner, ui: Interface, settings: ServiceSettings
    ) -> None:
        self.store = store
        self.ui = ui
        self.settings = settings
        self.codes = {c.code for c in pagedata.visible_cases(store, person)}
        self.list = StaticHTML("")
        self.places: dict[int, int] = {}
        self.message = StaticHTML("")
        self.button = w.Button(
            description=ui.say("governance.retention.apply"), button_style="warning", icon="trash"
        )
        self.button.on_click(lambda _b: self.apply())
        self.widget = w.VBox()
        self.refresh()

    def _line(self, p: Planned) -> str:
        f = p.film
        text = self.ui.say(
            "governance.retention.due",
            code=f.case_code,
            number=self.places.get(f.id or 0, "?"),
            filmed=self.ui.date(f.filmed_on),
            due=self.ui.date(p.due_on),
            why=p.why,
        )
        data = paths.data_dir()
        where = film_path(f, data)
        if not is_vigkits(where, data) and where.exists():
            text += " " + self.ui.say("governance.retention.elsewhere", path=str(where))
        return f"<li>{html.escape(text)}</li>"

    def refresh(self, today: date | None = None) -> None:
        today = today or clock.today()
        plan = retention_plan(self.store, self.settings, self.codes) if self.codes else []
        now_due, soon = due(plan, today), coming(plan, today)
        if now_due or soon:  # films named "film 2 of F023": one read of the cases' films
            self.places = pagedata.film_places(self.store.films.list(codes=self.codes))
        if not now_due and not soon:
            self.widget.children = [self.message] if self.message.value else []
            return
        say = self.ui.say
        parts = f"<h2>{html.escape(say('governance.retention.title'))}</h2>"
        if now_due:
            parts += "<ul>" + "".join(self._line(p) for p in now_due) + "</ul>"
            parts += f'<p class="vk-help">{html.escape(say("governance.retention.apply.help"))}</p>'
        if soon:
            parts += f"<h3>{html.escape(say('governance.retention.coming'))}</h3>"
            parts += "<ul>" + "".join(self._line(p) for p in soon) + "</ul>"
        self.list.value = parts
        self.widget.children = [self.list, *([self.button] if now_due else []), self.message]

    def apply(self, today: date | None = None) -> list[RetentionDone]:
        """Delete what is due among the practitioner's own cases, and say what happened."""
        today = today or clock.today()
        say = self.ui.say
        self.places = pagedata.film_places(self.store.films.list(codes=self.codes))
        try:
            done = apply_retention(
                self.store,
                paths.data_dir(),
                self.settings,
                today,
                by=pagedata.acting_login(self.store),
                only=self.codes,
            )
        except (VigkitError, OSError) as exc:
            log.exception("retention not applied")
            self.message.value = message_html(
                say("governance.retention.failed", error=self.ui.error(exc)), "error"
            )
            return []
        text = ""
        for outcome in done:
            f = outcome.planned.film
            if outcome.gone:
                number = self.places.get(f.id or 0, "?")
                words = say("governance.retention.deleted", code=f.case_code, number=number)
                text += message_html(words, "success")
            elif outcome.waiting is not None:
                words = say("governance.retention.waiting", path=str(outcome.waiting))
                text += message_html(words, "warning")
        self.message.value = text
        self.refresh(today)
        return done
