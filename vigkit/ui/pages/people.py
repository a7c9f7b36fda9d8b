"""The people page: an admin keeps the team's people, their roles and supervision groups.

vigkit's own people table is what the access policy reads (:mod:`vigkit.core.access`), the
same under any login (the team's own accounts or a service's single sign-on): a login the
table does not know has no role and opens nothing. In a team only an admin opens this page,
and every save is asked of the policy again and written in the audit trail; alone, the one
practitioner keeps it (to add a supervisor, say). It never shows or touches a family.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.access import Action, People
from vigkit.core.errors import VigkitError
from vigkit.core.records import Practitioner, Role, problems
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.i18n.interface import Interface
from vigkit.paths import ENV_HUB_ACCOUNTS, NATIVE_ACCOUNTS
from vigkit.store import Store
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.page import Page
from vigkit.ui.runtime.pagehtml import message_html, page_header
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["people_page", "PeoplePage", "PeoplePart"]

log = logging.getLogger("vigkit.ui.pages")


def _role_words(ui: Interface, roles: list[Role]) -> str:
    return ", ".join(ui.say(f"home.role.{role.value}") for role in roles)


class PeoplePart:
    """The page's parts and callbacks."""

    def __init__(self, store: Store, who: Practitioner | None, ui: Interface) -> None:
        self.store = store
        self.ui = ui
        say = ui.say
        self.table = StaticHTML("")
        self.pick = labelled_input(w.Dropdown, description=say("people.form.pick"))
        self.login = labelled_input(w.Text, description=say("people.form.login"))
        self.name = labelled_input(w.Text, description=say("people.form.name"))
        self.roles = {
            role: w.Checkbox(description=say(f"home.role.{role.value}"), indent=False)
            for role in Role
        }
        stages = [(say("people.form.no_stage"), 0), ("1", 1), ("2", 2), ("3", 3)]
        self.stage = labelled_input(
            w.Dropdown, options=stages, value=0, description=say("people.form.stage")
        )
        self.save_button = w.Button(description=say("people.form.save"), button_style="primary")
        self.after_typing = on_save(self.save_button, self.save_person, self)
        self.message = StaticHTML("")
        self.group_pick = labelled_input(w.Dropdown, description=say("people.groups.pick"))
        self.group_name = labelled_input(w.Text, description=say("people.groups.name"))
        self.members = labelled_input(w.SelectMultiple, description=say("people.groups.members"))
        self.group_button = w.Button(description=say("people.groups.save"), button_style="primary")
        self.group_typing = on_save(self.group_button, self.save_group, self)
        self.group_message = StaticHTML("")
        self.groups = StaticHTML("")
        self._refresh()
        self._show_person()
        self.pick.observe(lambda _c: self._show_person(), names="value")
        self.group_pick.observe(lambda _c: self._show_group(), names="value")
        roles_box = w.VBox(
            [StaticHTML(f"<p><strong>{html.escape(say('people.form.roles'))}</strong></p>")]
            + list(self.roles.values())
        )
        roles_box.add_class("vk-roles")
        self.widget = w.VBox(
            [
                page_header(say("people.title"), who, ui),
                StaticHTML(f'<p class="vk-help">{html.escape(say("people.intro"))}</p>'),
                StaticHTML(f"<h2>{html.escape(say('people.list.heading'))}</h2>"),
                self.table,
                StaticHTML(f"<h3>{html.escape(say('people.form.heading'))}</h3>"),
                self.pick,
                self.login,
                self.name,
                roles_box,
                self.stage,
                self.save_button,
                self.message,
                StaticHTML(f"<h2>{html.escape(say('people.groups.heading'))}</h2>"),
                self.groups,
                self.group_pick,
                self.group_name,
                self.members,
                self.group_button,
                self.group_message,
            ]
        )
        self.widget.add_class("vk-page")
        self.widget.add_class("vk-people")

    # -- what the page shows -------------------------------------------------------------

    def _refresh(self) -> None:
        """The list of people, the groups and the choices, from one read of each."""
        people = self.store.people.list()
        groups = self.store.sessions.list_supervision_groups()
        self.table.value = self._table(people, groups)
        self.groups.value = self._groups(people, groups)
        self._fill_choices(people, groups)

    def _table(self, people: list[Practitioner], all_groups: list[SupervisionGroup]) -> str:
        say = self.ui.say
        if not people:
            return f"<p>{html.escape(say('people.none'))}</p>"
        groups: dict[str, list[str]] = {}
        for group in all_groups:
            for member in group.member_ids:
                groups.setdefault(member, []).append(group.name)
        heads = ("login", "name", "roles", "stage", "groups")
        head = "".join(f'<th scope="col">{html.escape(say(f"people.col.{h}"))}</th>' for h in heads)
        rows = "".join(
            "<tr>"
            f"<td>{html.escape(p.id)}</td><td>{html.escape(p.display_name)}</td>"
            f"<td>{html.escape(_role_words(self.ui, p.roles))}</td>"
            f"<td>{p.stage or ''}</td>"
            f"<td>{html.escape(', '.join(groups.get(p.id, [])))}</td>"
            "</tr>"
            for p in people
        )
        return (
            f'<table class="vk-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
        )

    def _groups(self, people: list[Practitioner], groups: list[SupervisionGroup]) -> str:
        names = {p.id: p.display_name for p in people}
        if not groups:
            return f"<p>{html.escape(self.ui.say('people.groups.none'))}</p>"
        items = "".join(
            f"<li><strong>{html.escape(g.name)}</strong>: "
            f"{html.escape(', '.join(names.get(m, m) for m in g.member_ids))}</li>"
            for g in groups
        )
        return f'<ul class="vk-list">{items}</ul>'

    def _fill_choices(self, people: list[Practitioner], groups: list[SupervisionGroup]) -> None:
        say = self.ui.say
        self.pick.options = [(say("people.form.new"), "")] + [
            (f"{p.display_name} ({p.id})", p.id) for p in people
        ]
        self.members.options = [(f"{p.display_name} ({p.id})", p.id) for p in people]
        self.members.rows = min(max(len(people), 3), 10)
        self.group_pick.options = [(say("people.groups.new"), 0)] + [
            (g.name, g.id or 0) for g in groups
        ]
        # New options leave nothing chosen: show "a new person" and "a new group" instead.
        if self.pick.value is None:
            self.pick.value = ""
        if self.group_pick.value is None:
            self.group_pick.value = 0

    def _show_person(self) -> None:
        self.message.value = ""
        login = self.pick.value
        if not login:
            self.login.value, self.name.value, self.login.disabled = "", "", False
            for role, box in self.roles.items():
                box.value = role is Role.practitioner
            self.stage.value = 0
            return
        person = self.store.people.get(login)
        self.login.value, self.name.value, self.login.disabled = (
            person.id,
            person.display_name,
            True,
        )
        for role, box in self.roles.items():
            box.value = role in person.roles
        self.stage.value = person.stage or 0

    def _show_group(self) -> None:
        self.group_message.value = ""
        ident = self.group_pick.value
        if not ident:
            self.group_name.value, self.members.value = "", ()
            return
        group = self.store.sessions.get_supervision_group(ident)
        self.group_name.value = group.name
        choices = {login for _, login in self.members.options}
        self.members.value = tuple(m for m in group.member_ids if m in choices)

    # -- saving --------------------------------------------------------------------------

    def _allowed(self, message: w.HTML) -> bool:
        """In a team, the policy is asked again at every save (and the trail records it)."""
        try:
            pagedata.refuse_unless(self.store, Action.edit, People(), "error.access.people")
        except VigkitError as exc:
            message.value = message_html(self.ui.error(exc), "error")
            return False
        return True

    def save_person(self) -> Practitioner | None:
        """Add the person, or change the one picked; nothing is saved when anything is wrong."""
        say = self.ui.say
        if not self._allowed(self.message):
            return None
        login = (self.pick.value or self.login.value).strip()
        roles = [role for role, box in self.roles.items() if box.value]
        problem = None
        if not login:
            problem = say("people.form.no_login")
        elif not re.fullmatch(r"[a-z0-9_.-]{1,64}", login):  # the hub lower-cases logins
            problem = say("people.form.bad_login", login=login[:64])
        elif not roles:
            problem = say("people.form.no_role")
        elif self._last_admin(login, roles):
            problem = say("people.form.last_admin")
        if problem:
            self.message.value = message_html(problem, "error")
            return None
        try:
            person = Practitioner(
                id=login,
                display_name=self.name.value.strip(),
                roles=roles,
                stage=self.stage.value or None,
            )
        except ValidationError as err:
            said = " ".join(problems(err, say).values())
            self.message.value = message_html(said, "error")
            return None
        try:
            if self.pick.value:
                self.store.people.update(person)
                key = "people.form.saved"
            else:
                self.store.people.add(person)
                key = "people.form.added"
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return None
        log.info("people: %s saved %s", os.environ.get("VIGKIT_USER", ""), person.id)
        words = say(
            key, name=person.display_name, login=person.id, roles=_role_words(self.ui, roles)
        )
        if key == "people.form.added" and os.environ.get(ENV_HUB_ACCOUNTS) == NATIVE_ACCOUNTS:
            words += " " + say(
                "people.form.first_password", login=person.id, password=self._first_password(person)
            )
        self._refresh()
        self.pick.value = person.id
        self.message.value = message_html(words, "success")
        return person

    def _first_password(self, person: Practitioner) -> str:
        """A first password for the hub's own accounts; only its hash is kept."""
        import secrets

        import bcrypt

        password = secrets.token_urlsafe(9)
        hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt()).decode()
        self.store.people.set_first_password(person.id, hashed)
        return password

    def _last_admin(self, login: str, roles: list[Role]) -> bool:
        """Whether saving would take the admin role from the only admin."""
        if Role.admin in roles or not self.pick.value:
            return False
        held = self.store.people.get(login).roles
        return Role.admin in held and self.store.people.count_admins() <= 1

    def save_group(self) -> SupervisionGroup | None:
        """Add the group, or rename the one picked and make its members those chosen."""
        say = self.ui.say
        if not self._allowed(self.group_message):
            return None
        name = self.group_name.value.strip()
        if not name:
            self.group_message.value = message_html(say("people.groups.no_name"), "error")
            return None
        try:
            group = SupervisionGroup(
                id=self.group_pick.value or None, name=name, member_ids=list(self.members.value)
            )
            saved = (
                self.store.sessions.update_supervision_group(group)
                if group.id
                else self.store.sessions.add_supervision_group(group)
            )
        except ValidationError as err:
            said = " ".join(problems(err, say).values())
            self.group_message.value = message_html(said, "error")
            return None
        except VigkitError as exc:
            self.group_message.value = message_html(self.ui.error(exc), "error")
            return None
        self._refresh()
        self.group_pick.value = saved.id or 0
        words = say("people.groups.saved", name=saved.name, count=len(saved.member_ids))
        self.group_message.value = message_html(words, "success")
        return saved


@dataclass(eq=False)
class PeoplePage(Page):
    """The people page; ``people``: its lists, forms and callbacks."""

    people: PeoplePart


def people_page(*, store: Store | None = None) -> PeoplePage:
    """The people page; in a team, refused in plain words to anyone but an admin."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    pagedata.refuse_unless(store, Action.edit, People(), "error.access.people")
    built = PeoplePart(store, who, ui)
    return PeoplePage(built.widget, built)
