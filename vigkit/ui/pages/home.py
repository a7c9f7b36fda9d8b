"""The home page: who is using the workbook (or a first-run form to say so), the
workbooks, the reflective models to write with, the caseload and the groups."""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from urllib.parse import quote

import ipywidgets as w

from vigkit.core.access import Action, People, ServiceReport
from vigkit.core.errors import VigkitError
from vigkit.core.records import Practitioner, Role
from vigkit.i18n.interface import ENGLISH, Interface
from vigkit.paths import is_team_mode
from vigkit.store import Store
from vigkit.ui.parts.lists import caseload_html, groups_html
from vigkit.ui.parts.retention import RetentionPanel
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagedata import (
    allowed,
    current_practitioner,
    page_store,
    reflection_models,
    service_settings,
)
from vigkit.ui.runtime.pagehtml import link, message_html, page_header, say_text
from vigkit.ui.runtime.pagelanguage import language_picker, page_interface
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["home_page", "WORKBOOKS"]

# Each workbook: its words' key ("home.workbook.<name>" is its name, ".about" what it is
# for, in vigkit/words/home.py). A value that is not a key is "Name: what it is for".
WORKBOOKS = {
    "home.ipynb": "home.workbook.home",
    "case.ipynb": "home.workbook.case",
    "reflection.ipynb": "home.workbook.reflection",
    "group.ipynb": "home.workbook.group",
    "groupsession.ipynb": "home.workbook.groupsession",
    "supervision.ipynb": "home.workbook.supervision",
    "preview.ipynb": "home.workbook.preview",
    "people.ipynb": "home.workbook.people",
    "audit.ipynb": "home.workbook.audit",
    "report.ipynb": "home.workbook.report",
}
# Kept by the service's administrators (alone: the one practitioner).
_ADMINS_ONLY = ("people.ipynb", "audit.ipynb")


def _setup_form(store: Store, on_done: Callable[[], None], ui: Interface) -> w.Widget:
    """First run: ask the practitioner's name (never a family's) and create them."""
    name = w.Text(description=ui.say("home.setup.name"))
    name.style = {"description_width": "initial"}
    name.layout = w.Layout(width="100%", flex_flow="column")
    name.add_class("vk-labelled")
    status = StaticHTML("")
    button = w.Button(description=ui.say("home.setup.start"), button_style="primary")

    def create(_b: w.Button) -> None:
        text = name.value.strip()
        if not text:
            status.value = message_html(ui.say("home.setup.no_name"), "error")
            return
        ident = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "me"
        try:
            store.people.add(Practitioner(id=ident, display_name=text[:120]))
            store.settings.set("current_practitioner", ident)
        except (VigkitError, ValueError) as exc:
            status.value = message_html(ui.error(exc), "error")
            return
        on_done()

    form = w.VBox(
        [StaticHTML(f"<p>{say_text(ui, 'home.setup.welcome')}</p>"), name, button, status]
    )
    on_save(button, lambda: create(button), form)  # waits for the last letters of the name
    return form


def _workbook_html(ui: Interface, name: str, words: str) -> str:
    """A workbook's link and what it is for (``words`` a key, else "Name: what it is for")."""
    if words in ENGLISH and f"{words}.about" in ENGLISH:
        title, about = ui.say(words), ui.say(f"{words}.about")
    else:
        title, _, about = words.partition(": ")
    return f"<li>{link(name, title)}: {html.escape(about)}</li>"


def home_page() -> Page:
    """Who you are, the workbooks, and the caseload."""
    store = page_store()
    page = page_box()

    def fill() -> None:
        person = current_practitioner(store)
        ui = page_interface(store, person)
        # What the policy lets this login do decides which workbooks are offered.
        keeps_people = bool(allowed(store, Action.edit, [People()]))
        reports = bool(allowed(store, Action.view, [ServiceReport()]))
        lead_only = is_team_mode() and person is not None and set(person.roles) == {Role.lead}
        workbooks = "".join(
            _workbook_html(ui, name, words)
            for name, words in WORKBOOKS.items()
            if name != "home.ipynb"
            and (name not in _ADMINS_ONLY or keeps_people)
            and (name != "report.ipynb" or reports)
            and (not lead_only or name == "report.ipynb")
        )
        models = "".join(
            f"<li>{link('reflection.ipynb?model=' + quote(q.id), q.title)}</li>"
            for q in reflection_models(service_settings(), ui.language)
        )
        children: list[w.Widget] = [page_header(ui.say("home.title"), person, ui)]
        if person is None and is_team_mode():
            # In a team the admin adds people; a login is never turned into a practitioner.
            login = os.environ.get("VIGKIT_USER", "")
            children.append(
                StaticHTML(message_html(ui.say("home.team.not_known", login=login), "info"))
            )
        elif person is None:
            children.append(_setup_form(store, fill, ui))
        elif lead_only:  # the service lead sees the report, and no family
            children.append(language_picker(store, person, ui))
            children.append(
                StaticHTML(f"<h2>{say_text(ui, 'home.workbooks')}</h2><ul>{workbooks}</ul>")
            )
        else:
            children.append(language_picker(store, person, ui))
            children.append(RetentionPanel(store, person, ui, service_settings()).widget)
            children.append(
                StaticHTML(
                    f"<h2>{say_text(ui, 'home.workbooks')}</h2><ul>{workbooks}</ul>"
                    f"<h2>{say_text(ui, 'home.write')}</h2><ul>{models}</ul>"
                    f"<h2>{say_text(ui, 'home.caseload')}</h2>{caseload_html(store, person, ui)}"
                    f"<h2>{say_text(ui, 'home.groups')}</h2>{groups_html(store, person, ui)}"
                    f'<p class="vk-help">{say_text(ui, "home.help.codes")}</p>'
                )
            )
        page.children = children

    fill()
    return Page(page)
