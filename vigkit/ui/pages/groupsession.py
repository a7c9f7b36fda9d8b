"""The group session page: open a session for your supervision group, or join one by its code.

The live view itself is :class:`vigkit.ui.parts.sessionview.LiveSessionView`.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.errors import NotFound, VigkitError
from vigkit.core.livesession import norm_session_code
from vigkit.core.records import Practitioner, problems
from vigkit.core.supervisionrecords import LiveSession, SupervisionGroup
from vigkit.i18n.interface import Interface, moment_words
from vigkit.paths import is_team_mode
from vigkit.store import Store
from vigkit.ui.parts.sessionview import LiveSessionView
from vigkit.ui.runtime import pagedata, pagehtml
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["group_session_page", "find_person"]


def _msg(text: str, kind: str = "info") -> str:
    return message_html(text, kind)


def find_person(store: Store, typed: str, ui: Interface | None = None) -> Practitioner:
    """The practitioner whose id or name (any letter case) is ``typed``; NotFound if none."""
    ui = ui or Interface()
    text = typed.strip()
    if not text:
        raise _not_found(ui, "session.person.none")
    people = store.people.list()
    for person in people:
        if person.id == text:
            return person
    named = [p for p in people if p.display_name.casefold() == text.casefold()]
    if len(named) == 1:
        return named[0]
    raise _not_found(ui, "session.person.unknown", name=repr(text))


def _not_found(ui: Interface, key: str, **values: object) -> NotFound:
    """NotFound in ``ui``'s language, keeping its key so another page's interface can say it."""
    err = NotFound(ui.say(key, **values))
    err.key, err.values = key, values
    return err


def _t(ui: Interface, key: str, **values: object) -> str:
    return html.escape(ui.say(key, **values), quote=False)


def _new_group_form(
    store: Store, who: Practitioner, done: Callable[[], None], ui: Interface | None = None
) -> w.Widget:
    """Start a supervision group: a name and its members (names or ids), you among them."""
    ui = ui or Interface()
    say = ui.say
    name = w.Text(
        description=say("session.group.name"), placeholder=say("session.group.name_example")
    )
    name.add_class("vk-group-name")
    members = w.Text(
        description=say("session.group.members"), placeholder=say("session.group.members_help")
    )
    members.add_class("vk-group-members")
    for box in (name, members):
        box.layout = w.Layout(width="36rem")
    create = w.Button(description=say("session.group.create"), layout=w.Layout(width="max-content"))
    status = StaticHTML("")

    def create_it(_b: w.Button) -> None:
        try:
            people = {who.id} | {
                find_person(store, typed, ui).id
                for typed in members.value.split(",")
                if typed.strip()
            }
            store.sessions.add_supervision_group(
                SupervisionGroup(name=name.value, member_ids=sorted(people))
            )
        except ValidationError as exc:
            status.value = _msg(" ".join(problems(exc, ui.say).values()), "error")
            return
        except VigkitError as exc:
            status.value = _msg(ui.error(exc), "error")
            return
        done()

    create.on_click(create_it)
    heading = StaticHTML(f"<h2>{_t(ui, 'session.group.heading')}</h2>")
    return w.VBox([heading, name, members, create, status])


def _start_view(
    store: Store,
    who: Practitioner,
    open_view: Callable[[LiveSession], None],
    refresh: Callable[[], None],
    ui: Interface | None = None,
) -> w.Widget:
    """No code given: open a session for one of your groups, or join one with its code."""
    ui = ui or Interface()
    say = ui.say
    status = StaticHTML("")
    items = _group_openers(store, who, open_view, status, ui)
    code = w.Text(
        description=say("session.page.code"), placeholder=say("session.start.code_example")
    )
    code.add_class("vk-code-input")
    join = w.Button(description=say("session.start.join"), button_style="primary")

    def join_it(_b: w.Button) -> None:
        try:
            open_view(store.sessions.join(norm_session_code(code.value), who.id))
        except VigkitError as exc:
            status.value = _msg(ui.error(exc), "error")

    join.on_click(join_it)
    return w.VBox(
        [
            StaticHTML(f"<h2>{_t(ui, 'session.start.groups')}</h2>"),
            *items,
            StaticHTML(f"<h2>{_t(ui, 'session.start.join_heading')}</h2>"),
            w.HBox([code, join]),
            StaticHTML(f'<p class="vk-help">{_t(ui, "session.start.code_help")}</p>'),
            status,
            StaticHTML(_sessions_html(store, who, ui)),
            _new_group_form(store, who, refresh, ui),
        ]
    )


def _group_openers(
    store: Store,
    who: Practitioner,
    open_view: Callable[[LiveSession], None],
    status: w.HTML,
    ui: Interface,
) -> list[w.Widget]:
    """Each of your groups with its members and a button that opens a session for it."""
    groups = store.sessions.list_supervision_groups(member_id=who.id)
    items: list[w.Widget] = []
    for group in groups:
        people = {p.id: p.display_name for p in store.people.list()}
        names = ", ".join(people.get(m, m) for m in group.member_ids)
        button = w.Button(description=ui.say("session.start.open", group=group.name)[:60])
        button.add_class("vk-open-session")

        def open_it(_b: w.Button, gid: int = group.id or 0) -> None:
            try:
                open_view(store.sessions.open(gid, who.id))
            except VigkitError as exc:
                status.value = _msg(ui.error(exc), "error")

        button.on_click(open_it)
        items.append(
            w.VBox(
                [
                    StaticHTML(
                        f"<p><strong>{html.escape(group.name)}</strong>: {html.escape(names)}</p>"
                    ),
                    button,
                ]
            )
        )
    if not groups:
        items.append(StaticHTML(f"<p>{_t(ui, 'session.start.no_groups')}</p>"))
    return items


def _sessions_html(store: Store, who: Practitioner, ui: Interface) -> str:
    """Your last 30 live sessions, open or ended, and your hours of supervision in them."""
    sessions = store.sessions.list(who.id)
    listed = "".join(
        f"<li>{pagehtml.link(f'groupsession.ipynb?session={s.code}&me={quote(who.id)}', s.code)} "
        f"— {html.escape(moment_words(s.started_at, ui.say))} "
        f"{_t(ui, 'session.start.ended' if s.ended_at else 'session.start.open_now')}</li>"
        for s in sessions[:30]
    )
    hours = store.sessions.supervision_hours(who.id).get(who.id, 0.0)
    return (
        f"<h2>{_t(ui, 'session.start.sessions')}</h2>"
        + (
            f'<ul class="vk-list">{listed}</ul>'
            if listed
            else f"<p>{_t(ui, 'session.start.none')}</p>"
        )
        + f"<p>{_t(ui, 'session.start.hours', hours=f'{hours:.1f}')}</p>"
    )


def _who_is_here(store: Store, me: str) -> tuple[Practitioner | None, str]:
    """Who uses the page, and the id they go by (empty when the page must ask): in a team the
    hub's login, never a name in the link or typed in the page; else ``me``, or the usual
    practitioner."""
    if is_team_mode():
        usual = pagedata.current_practitioner(store)
        return usual, usual.id if usual else ""
    return (find_person(store, me) if me else pagedata.current_practitioner(store)), me


def _ask_who(
    usual: Practitioner | None, code: str, go_on: Callable[[str, str], None], ui: Interface
) -> tuple[w.Text, w.Text, w.Button]:
    """The name and code boxes and the button that goes on with them: ``go_on(name, code)``,
    the code as typed made plain (empty to open a session rather than join one)."""
    name = w.Text(
        description=ui.say("session.page.your_name"), value=usual.display_name if usual else ""
    )
    name.add_class("vk-name-input")
    code_box = w.Text(description=ui.say("session.page.code"), value=code)
    go = w.Button(
        description=ui.say("session.page.join" if code else "session.page.continue"),
        button_style="primary",
    )
    go.add_class("vk-join")
    go.on_click(lambda _b: go_on(name.value, norm_session_code(code_box.value)))
    return name, code_box, go


@dataclass(eq=False)
class GroupSessionPage(Page):
    """The group session page; ``view``: the live session shown, once one is joined."""

    view: LiveSessionView | None = None


def group_session_page(
    session: str = "",
    me: str = "",
    *,
    store: Store | None = None,
    start_polling: bool = True,
) -> GroupSessionPage:
    """A live group supervision session (``?session=CODE&me=ID``), or where to open one."""
    store = store or pagedata.page_store()
    principles = pagedata.principles_template()
    shown = GroupSessionPage(page_box())
    page = shown.widget
    status = StaticHTML("")
    usual, me = _who_is_here(store, me)
    # The page's language: the named person's, else the usual practitioner's (chosen once).
    ui = page_interface(store, usual)
    title = ui.say("session.page.title")
    if usual is None and is_team_mode():
        login = os.environ.get("VIGKIT_USER", "")
        page.children = [
            pagehtml.page_header(title, None, ui),
            StaticHTML(_msg(ui.say("home.team.not_known", login=login), "info")),
        ]
        return shown

    def show_live(found: LiveSession, who: Practitioner) -> None:
        # An ended session shows as its record (the view says it ended and stops polling).
        view = LiveSessionView(store, found, who, principles, ui=ui)
        page.children = [pagehtml.page_header(title, who, ui), view.widget]
        shown.view = view
        if start_polling and found.ended_at is None:
            view.start_polling()

    def as_person(typed: str, then: Callable[[Practitioner], None]) -> None:
        try:
            person = find_person(store, typed, ui)
        except NotFound as exc:
            status.value = _msg(ui.error(exc), "error")
            return
        then(person)

    def join(code: str, who: Practitioner) -> None:
        try:
            show_live(store.sessions.join(code, who.id), who)
        except VigkitError as exc:
            status.value = _msg(ui.error(exc), "error")

    def start(who: Practitioner) -> None:
        page.children = [
            pagehtml.page_header(title, who, ui),
            _start_view(store, who, lambda s: show_live(s, who), lambda: start(who), ui),
        ]

    code = norm_session_code(session)
    if me:
        assert usual is not None  # found above, or NotFound was raised
        who = usual
        if code:
            show_live(store.sessions.join(code, who.id), who)
        else:
            start(who)
        return shown

    # No name in the link: ask for it (on a shared server the page cannot know who is here).
    def go_on(typed: str, wanted: str) -> None:
        as_person(typed, (lambda who: join(wanted, who)) if wanted else start)

    name, code_box, go = _ask_who(usual, code, go_on, ui)
    page.children = [
        pagehtml.page_header(title, usual, ui),
        StaticHTML(f"<p>{_t(ui, 'session.page.intro')}</p>"),
        name,
        code_box,
        StaticHTML(f'<p class="vk-help">{_t(ui, "session.start.code_help")}</p>'),
        go,
        status,
    ]
    return shown
