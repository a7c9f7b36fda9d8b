"""The group session page: open a session for your supervision group, or join one by its code.

The live view itself is :class:`vigkit.sessionview.LiveSessionView`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import quote

import ipywidgets as w
from pydantic import ValidationError

from . import pages
from .errors import NotFound, VigkitError
from .forms import message_html
from .livesession import norm_session_code
from .records import LiveSession, Practitioner, SupervisionGroup, problems
from .sessionview import LiveSessionView
from .store import Store

__all__ = ["group_session_page", "find_person"]


def _msg(text: str, kind: str = "info") -> str:
    return message_html(text, kind)


def find_person(store: Store, typed: str) -> Practitioner:
    """The practitioner whose id or name (any letter case) is ``typed``; NotFound if none."""
    text = typed.strip()
    if not text:
        raise NotFound("Please give your name first.")
    people = store.list_practitioners()
    for person in people:
        if person.id == text:
            return person
    named = [p for p in people if p.display_name.casefold() == text.casefold()]
    if len(named) == 1:
        return named[0]
    raise NotFound(
        f"There is nobody called {text!r} in this workbook. "
        "Use the name the home page shows, or the practitioner id."
    )


def _new_group_form(store: Store, who: Practitioner, done: Callable[[], None]) -> w.Widget:
    """Start a supervision group: a name and its members (names or ids), you among them."""
    name = w.Text(description="Name", placeholder="e.g. Tuesday supervision group")
    name.add_class("vk-group-name")
    members = w.Text(description="Members", placeholder="names or ids, separated by commas")
    members.add_class("vk-group-members")
    for box in (name, members):
        box.layout = w.Layout(width="36rem")
    create = w.Button(description="Start the group", layout=w.Layout(width="max-content"))
    status = w.HTML("")

    def create_it(_b: w.Button) -> None:
        try:
            people = {who.id} | {
                find_person(store, typed).id for typed in members.value.split(",") if typed.strip()
            }
            store.add_supervision_group(
                SupervisionGroup(name=name.value, member_ids=sorted(people))
            )
        except ValidationError as exc:
            status.value = _msg(" ".join(problems(exc).values()), "error")
            return
        except VigkitError as exc:
            status.value = _msg(str(exc), "error")
            return
        done()

    create.on_click(create_it)
    return w.VBox([w.HTML("<h2>Start a supervision group</h2>"), name, members, create, status])


def _start_view(
    store: Store,
    who: Practitioner,
    open_view: Callable[[LiveSession], None],
    refresh: Callable[[], None],
) -> w.Widget:
    """No code given: open a session for one of your groups, or join one with its code."""
    groups = store.list_supervision_groups(member_id=who.id)
    status = w.HTML("")
    items: list[w.Widget] = []
    for group in groups:
        people = {p.id: p.display_name for p in store.list_practitioners()}
        names = ", ".join(people.get(m, m) for m in group.member_ids)
        button = w.Button(description=f"Open a session for {group.name}"[:60])
        button.add_class("vk-open-session")

        def open_it(_b: w.Button, gid: int = group.id or 0) -> None:
            try:
                open_view(store.open_live_session(gid, who.id))
            except VigkitError as exc:
                status.value = _msg(str(exc), "error")

        button.on_click(open_it)
        items.append(
            w.VBox(
                [
                    w.HTML(
                        f"<p><strong>{html.escape(group.name)}</strong>: {html.escape(names)}</p>"
                    ),
                    button,
                ]
            )
        )
    if not groups:
        items.append(w.HTML("<p>You are not in a supervision group yet.</p>"))
    code = w.Text(description="Session code", placeholder="e.g. KM4TXA")
    code.add_class("vk-code-input")
    join = w.Button(description="Join", button_style="primary")

    def join_it(_b: w.Button) -> None:
        try:
            open_view(store.join_live_session(norm_session_code(code.value), who.id))
        except VigkitError as exc:
            status.value = _msg(str(exc), "error")

    join.on_click(join_it)
    sessions = store.list_live_sessions(who.id)
    listed = "".join(
        f"<li>{pages.link(f'groupsession.ipynb?session={s.code}&me={quote(who.id)}', s.code)} "
        f"— {s.started_at:%d %b %Y %H:%M}" + (" (ended)" if s.ended_at else " (open)") + "</li>"
        for s in sessions[:30]
    )
    hours = store.supervision_hours_from_sessions(who.id).get(who.id, 0.0)
    return w.VBox(
        [
            w.HTML("<h2>Your supervision groups</h2>"),
            *items,
            w.HTML("<h2>Join a session</h2>"),
            w.HBox([code, join]),
            status,
            w.HTML(
                "<h2>Sessions of your groups</h2>"
                + (f'<ul class="vk-list">{listed}</ul>' if listed else "<p>None yet.</p>")
                + f"<p>Your group supervision from sessions here: {hours:.1f} hours.</p>"
            ),
            _new_group_form(store, who, refresh),
        ]
    )


def group_session_page(
    session: str = "",
    me: str = "",
    *,
    store: Store | None = None,
    start_polling: bool = True,
) -> w.Widget:
    """A live group supervision session (``?session=CODE&me=ID``), or where to open one."""
    store = store or pages.page_store()
    principles = pages.principles_template()
    page = w.VBox()
    page.add_class("vk-page")
    status = w.HTML("")

    def show_live(found: LiveSession, who: Practitioner) -> None:
        # An ended session shows as its record (the view says it ended and stops polling).
        view = LiveSessionView(store, found, who, principles)
        page.children = [pages.page_header("Group supervision", who), view.widget]
        page.view = view  # type: ignore[attr-defined]
        if start_polling and found.ended_at is None:
            view.start_polling()

    def as_person(typed: str, then: Callable[[Practitioner], None]) -> None:
        try:
            person = find_person(store, typed)
        except NotFound as exc:
            status.value = _msg(str(exc), "error")
            return
        then(person)

    def join(code: str, who: Practitioner) -> None:
        try:
            show_live(store.join_live_session(code, who.id), who)
        except VigkitError as exc:
            status.value = _msg(str(exc), "error")

    def start(who: Practitioner) -> None:
        page.children = [
            pages.page_header("Group supervision", who),
            _start_view(store, who, lambda s: show_live(s, who), lambda: start(who)),
        ]

    code = norm_session_code(session)
    if me:
        who = find_person(store, me)
        if code:
            show_live(store.join_live_session(code, who.id), who)
        else:
            start(who)
        return page
    # No name in the link: ask for it (on a shared server the page cannot know who is here).
    usual = pages.current_practitioner(store)
    name = w.Text(description="Your name", value=usual.display_name if usual else "")
    name.add_class("vk-name-input")
    code_box = w.Text(description="Session code", value=code)
    go = w.Button(description="Join the session" if code else "Continue", button_style="primary")
    go.add_class("vk-join")

    def pressed(_b: w.Button) -> None:
        wanted = norm_session_code(code_box.value)
        if wanted:
            as_person(name.value, lambda who: join(wanted, who))
        else:
            as_person(name.value, start)

    go.on_click(pressed)
    page.children = [
        pages.page_header("Group supervision", usual),
        w.HTML(
            "<p>A live session of your supervision group: a board everyone writes on, "
            "the clip the facilitator presents, and calibration.</p>"
        ),
        name,
        code_box,
        go,
        status,
    ]
    return page
