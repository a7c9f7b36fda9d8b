"""The group workbook page (group VIG): the member families and their consent for group
viewing, the sessions with who attended, and the plan for a group review.

What may be shown is decided by :mod:`vigkit.core.groupreview` (pure); this module reads the
store and builds widgets. Stored text is shown only through :func:`html.escape`.

Every word the page shows is the practitioner's (:meth:`Interface.say`, keys ``group.…`` in
:mod:`vigkit.i18n.words.group`); :mod:`vigkit.core.groupreview` is given the page's ``say``, so why a
clip is not offered comes in the same words.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import ipywidgets as w

from vigkit.core import clock
from vigkit.core.access import Action, FamilyGroupRef
from vigkit.core.errors import VigkitError
from vigkit.core.groupreview import (
    GroupSnapshot,
    ReviewPlan,
    group_viewing_text,
    review_plan,
)
from vigkit.core.records import Case, Clip, Consent, GroupSession, Practitioner
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.ui.forms.helpingquestions import labelled
from vigkit.ui.parts.lists import groups_html
from vigkit.ui.runtime import pagedata, pagehtml
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagehtml import message_html, say_html
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = [
    "group_page",
    "group_snapshot_from_store",
    "members_html",
    "plan_html",
    "AttendanceForm",
    "NewSessionForm",
    "GroupPage",
    "GroupPart",
]

log = logging.getLogger(__name__)


def group_snapshot_from_store(store: Store, code: str) -> GroupSnapshot:
    """Read one group's records through the store's own methods; GroupNotFound if none."""
    group = store.groups.get(code)
    members = store.groups.list_members(group.code)
    films = store.groups.list_films(group.code)
    clips: dict[int, list[Clip]] = {}
    for session_films in films.values():
        for film in session_films:
            clips[film.id or 0] = store.films.list_clips(film_id=film.id)
    return GroupSnapshot(
        group=group,
        members=members,
        consents={m.code: store.cases.get_consent(m.code) for m in members},
        sessions=store.groups.list_sessions(group.code),
        films=films,
        clips=clips,
    )


# -- HTML pieces ---------------------------------------------------------------------------


def _case_link(code: str) -> str:
    return pagehtml.link("case.ipynb?case=" + quote(code), code)


def _t(ui: Interface, key: str, **values: object) -> str:
    """The words for ``key``, escaped as the text of an element."""
    return html.escape(ui.say(key, **values), quote=False)


def _viewing(ui: Interface, consent: Consent | None) -> str:
    """A family's answer on group viewing (:func:`group_viewing_text`) in ``ui``'s words."""
    return group_viewing_text(consent, ui.say)


def _table(ui: Interface, caption: str, columns: tuple[str, ...], rows: str) -> str:
    head = "".join(f'<th scope="col">{_t(ui, "group.col." + c)}</th>' for c in columns)
    return (
        f'<table class="vk-table"><caption>{_t(ui, caption)}</caption><thead><tr>'
        f"{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def members_html(snap: GroupSnapshot, ui: Interface | None = None) -> str:
    """The member families with their consent for filming and for group viewing."""
    ui = ui or Interface()
    if not snap.members:
        return f"<p>{_t(ui, 'group.members.none')}</p>"
    rows = []
    for case in snap.members:
        consent = snap.consents.get(case.code)
        filming = (
            "—"
            if consent is None
            else ui.say("group.yes" if consent.allows_filming else "group.no")
        )
        rows.append(
            f"<tr><td>{_case_link(case.code)}</td><td>{html.escape(case.setting)}</td>"
            f"<td>{html.escape(filming)}</td>"
            f"<td>{html.escape(_viewing(ui, consent))}</td></tr>"
        )
    columns = ("family", "setting", "filming", "viewing")
    return _table(ui, "group.members.caption", columns, "".join(rows))


def _session_name(
    snap: GroupSnapshot,
    session: GroupSession,
    *,
    lower: bool = False,
    ui: Interface | None = None,
) -> str:
    number = next((i for i, s in enumerate(snap.sessions, 1) if s.id == session.id), 0)
    key = "group.session.lower" if lower else "group.session"
    ui = ui or Interface()
    return ui.say(key, number=number, when=ui.date(session.held_on))


def _clips_count(n: int, ui: Interface | None = None) -> str:
    return (ui or Interface()).say("group.clips.one" if n == 1 else "group.clips.many", count=n)


def _clip_times(clip: Clip, ui: Interface | None = None) -> str:
    return (ui or Interface()).say(
        "group.clip_times", start=clip_time(clip.start_s), end=clip_time(clip.end_s)
    )


def plan_html(snap: GroupSnapshot, plan: ReviewPlan, ui: Interface | None = None) -> str:
    """The clips offered for the review and, for every clip left out, the reason.

    The reasons and notes are the plan's, in the words :func:`review_plan` was given.
    """
    ui = ui or Interface()
    notes = "".join(message_html(n, "info") for n in plan.notes)
    offered = ""
    if plan.offered:
        rows = "".join(
            f"<tr><td>{_case_link(item.family)}</td>"
            f"<td>{html.escape(_session_name(snap, item.session, ui=ui))}</td>"
            f'<td class="vk-nowrap">{pagehtml.link(f"microanalysis.ipynb?case={quote(item.family)}&film={item.film.id}", _clip_times(item.clip, ui))}</td>'
            f"<td>{html.escape(item.clip.what_i_see)}</td></tr>"
            for item in plan.offered
        )
        columns = ("family", "filmed_at", "clip", "what_i_see")
        offered = _table(ui, "group.plan.caption", columns, rows)
    elif plan.missing:
        offered = f"<p>{_t(ui, 'group.plan.nothing')}</p>"
    missing = ""
    if plan.missing:
        items = "".join(
            "<li>"
            + say_html(
                ui,
                "group.plan.missing_item",
                family=html.escape(item.family),
                times=html.escape(_clip_times(item.clip, ui)),
                session=html.escape(_session_name(snap, item.session, lower=True, ui=ui)),
                reason=f"<strong>{html.escape(item.reason)}.</strong>",
            )
            + "</li>"
            for item in plan.missing
        )
        missing = (
            f'<h3>{_t(ui, "group.plan.missing")}</h3><ul class="vk-list vk-missing">{items}</ul>'
        )
    return notes + offered + missing


# -- forms ---------------------------------------------------------------------------------


class AttendanceForm:
    """Tick the member families who came to one session; Save records it."""

    def __init__(
        self,
        store: Store,
        session: GroupSession,
        members: list[Case],
        *,
        on_saved: Callable[[GroupSession], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.on_saved = on_saved
        self.ui = ui or Interface()
        came = set(session.attended)
        self.boxes = {
            m.code: w.Checkbox(value=m.code in came, description=m.code, indent=False)
            for m in members
        }
        for box in self.boxes.values():
            box.layout = w.Layout(width="auto", margin="0 1.5rem 0 0")
        self.save_button = w.Button(
            description=self.ui.say("group.attendance.save"), button_style="primary"
        )
        self.save_button.icon = "check"
        self.save_button.on_click(lambda _b: self.save())
        self.message = StaticHTML("")
        self.widget = w.VBox(
            [
                StaticHTML(f'<div class="vk-help">{_t(self.ui, "group.attendance.help")}</div>'),
                w.HBox(list(self.boxes.values()), layout=w.Layout(flex_flow="row wrap")),
                self.save_button,
                self.message,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("vk-form")

    def ticked(self) -> list[str]:
        """The families ticked on the form."""
        return [code for code, box in self.boxes.items() if box.value]

    def save(self) -> GroupSession | None:
        """Record who came; on a problem, say so and keep the ticks."""
        try:
            saved = self.store.groups.set_attendance(self.session.id or 0, self.ticked())
        except (VigkitError, ValueError) as exc:
            log.exception("attendance not saved")
            self.message.value = message_html(
                self.ui.say("group.attendance.not_saved", error=self.ui.error(exc)), "error"
            )
            return None
        self.session = saved
        count = len(saved.attended)
        key = "group.attendance.saved.one" if count == 1 else "group.attendance.saved.many"
        self.message.value = message_html(self.ui.say(key, count=count), "success")
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved


class NewSessionForm:
    """Add a session of the group: its date and notes (attendance is ticked once it exists)."""

    def __init__(
        self,
        store: Store,
        group_code: str,
        *,
        on_saved: Callable[[GroupSession], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.group_code = group_code
        self.on_saved = on_saved
        self.ui = ui = ui or Interface()
        self.held_on = labelled(
            labelled_input(w.DatePicker, value=clock.today()), ui.say("group.new.date")
        )
        self.notes = labelled(labelled_input(w.Textarea, value=""), ui.say("group.new.notes"))
        self.add_button = w.Button(description=ui.say("group.new.add"))
        self.after_typing = on_save(self.add_button, self.save, self)
        self.message = StaticHTML("")
        self.widget = w.VBox(
            [self.held_on, self.notes, self.add_button, self.message],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("vk-form")

    def save(self) -> GroupSession | None:
        """Add the session; a missing date is said in plain words and nothing is saved."""
        if self.held_on.value is None:
            self.message.value = message_html(self.ui.say("group.new.no_date"), "error")
            return None
        try:
            saved = self.store.groups.add_session(
                GroupSession(
                    group_code=self.group_code, held_on=self.held_on.value, notes=self.notes.value
                )
            )
        except (VigkitError, ValueError) as exc:
            log.exception("group session not saved")
            self.message.value = message_html(
                self.ui.say("group.new.not_saved", error=self.ui.error(exc)), "error"
            )
            return None
        self.notes.value = ""
        self.message.value = message_html(
            self.ui.say("group.new.added", when=self.ui.date(saved.held_on)), "success"
        )
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved


# -- the page ------------------------------------------------------------------------------


class GroupPart:
    """The page of one group; :meth:`refresh` rebuilds it from the store after a save."""

    def __init__(
        self, store: Store, code: str, who: Practitioner | None, ui: Interface | None = None
    ) -> None:
        self.store = store
        self.ui = ui = ui or Interface()
        self.snap = group_snapshot_from_store(store, code)
        self.code = self.snap.group.code
        self.who = who
        self.attendance: dict[int, AttendanceForm] = {}
        self.members = StaticHTML("")
        self.sessions = w.VBox(layout=w.Layout(width="100%"))
        self.choose = w.Dropdown(description=ui.say("group.review_at"))
        self.choose.style = {"description_width": "initial"}
        self.choose.observe(lambda _c: self.show_plan(), names="value")
        self.plan = StaticHTML("")
        self.new_session = NewSessionForm(
            store, self.code, on_saved=lambda _s: self.refresh(), ui=ui
        )
        group = self.snap.group
        about = (
            f"<p><strong>{html.escape(group.title)}</strong>"
            + (f" · {html.escape(group.setting)}" if group.setting else "")
            + " · "
            + _t(ui, "group.opened", when=ui.date(group.opened_on))
            + (
                ", " + _t(ui, "group.closed", when=ui.date(group.closed_on))
                if group.closed_on
                else ""
            )
            + "</p>"
            f'<p class="vk-help">{_t(ui, "group.help")}</p>'
        )
        new_fold = w.Accordion(children=[self.new_session.widget], selected_index=None)
        new_fold.set_title(0, ui.say("group.add_session"))
        self.widget = w.VBox(
            [
                pagehtml.page_header(ui.say("group.title", code=self.code), who, ui),
                StaticHTML(about),
                StaticHTML(f"<h2>{_t(ui, 'group.families')}</h2>"),
                self.members,
                StaticHTML(f"<h2>{_t(ui, 'group.sessions')}</h2>"),
                self.sessions,
                new_fold,
                StaticHTML(f"<h2>{_t(ui, 'group.plan')}</h2>"),
                self.choose,
                self.plan,
            ]
        )
        self.widget.add_class("vk-page")
        self._fill()

    def refresh(self) -> None:
        """Read the group again and redraw members, sessions and the plan."""
        self.snap = group_snapshot_from_store(self.store, self.code)
        self._fill()

    def _fill(self) -> None:
        snap = self.snap
        ui = self.ui
        self.members.value = members_html(snap, ui)
        blocks: list[w.Widget] = []
        self.attendance = {}
        for session in snap.sessions:
            form = AttendanceForm(
                self.store, session, list(snap.members), on_saved=lambda _s: self._saved(), ui=ui
            )
            self.attendance[session.id or 0] = form
            films = snap.films.get(session.id or 0, ())
            filmed = (
                "<p>"
                + say_html(
                    ui,
                    "group.filmed",
                    films=", ".join(
                        f"{html.escape(f.case_code)} "
                        f"({_clips_count(len(snap.clips.get(f.id or 0, ())), ui)})"
                        for f in films
                    ),
                )
                + "</p>"
                if films
                else ""
            )
            notes = (
                f'<div class="vk-excerpt">{html.escape(session.notes)}</div>'
                if session.notes
                else ""
            )
            block = w.VBox(
                [
                    StaticHTML(
                        f"<h3>{html.escape(_session_name(snap, session, ui=ui))}</h3>"
                        f"{notes}{filmed}"
                    ),
                    form.widget,
                ],
                layout=w.Layout(width="100%"),
            )
            block.add_class("vk-session")
            blocks.append(block)
        self.sessions.children = blocks or [StaticHTML(f"<p>{_t(ui, 'group.sessions.none')}</p>")]
        options = [(_session_name(snap, s, ui=ui), s.id or 0) for s in snap.sessions]
        keep = self.choose.value
        self.choose.options = options
        ids = [ident for _, ident in options]
        if ids:
            self.choose.value = keep if keep in ids else ids[-1]
        self.show_plan()

    def _saved(self) -> None:
        # Attendance changes the plan; re-read so the plan and the other forms agree.
        self.snap = group_snapshot_from_store(self.store, self.code)
        self.show_plan()

    def show_plan(self) -> None:
        """Show the review plan for the session chosen."""
        if not self.snap.sessions or self.choose.value is None:
            self.plan.value = f"<p>{_t(self.ui, 'group.plan.add_first')}</p>"
            return
        plan = review_plan(self.snap, int(self.choose.value), self.ui.say)
        self.plan.value = plan_html(self.snap, plan, self.ui)


@dataclass(eq=False)
class GroupPage(Page):
    """A group's page (``group``: its parts), or the list of groups (``group`` None)."""

    group: GroupPart | None = None


def group_page(group: str = "", *, store: Store | None = None) -> GroupPage:
    """One group's page; without a code, the list of groups. GroupNotFound for an unknown code."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    if not group:
        listing = StaticHTML(
            f"<h2>{_t(ui, 'group.list.heading')}</h2>"
            + groups_html(store, who, ui)
            + f'<p class="vk-help">{_t(ui, "group.list.help")}</p>'
        )
        return GroupPage(
            page_box([pagehtml.page_header(ui.say("group.list.title"), who, ui), listing])
        )
    found = store.groups.get(group)
    pagedata.refuse_unless(
        store, Action.view, FamilyGroupRef(found.code, found.practitioner_id), "error.access.group"
    )
    built = GroupPart(store, group, who, ui)
    return GroupPage(built.widget, built)
