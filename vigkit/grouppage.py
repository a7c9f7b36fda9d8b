"""The group workbook page (group VIG): the member families and their consent for group
viewing, the sessions with who attended, and the plan for a group review.

What may be shown is decided by :mod:`vigkit.groupreview` (pure); this module reads the
store and builds widgets. Stored text is shown only through :func:`html.escape`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from urllib.parse import quote

import ipywidgets as w

from . import pages
from .errors import VigkitError
from .forms import message_html
from .groupreview import (
    GroupSnapshot,
    ReviewPlan,
    group_viewing_text,
    long_date,
    review_plan,
)
from .questionforms import labelled
from .records import Case, Clip, GroupSession, Practitioner
from .store import Store

__all__ = [
    "group_page",
    "group_snapshot_from_store",
    "groups_html",
    "members_html",
    "plan_html",
    "AttendanceForm",
    "NewSessionForm",
    "GroupPage",
]

log = logging.getLogger(__name__)


def group_snapshot_from_store(store: Store, code: str) -> GroupSnapshot:
    """Read one group's records through the store's own methods; GroupNotFound if none."""
    group = store.get_group(code)
    members = store.list_group_members(group.code)
    films = store.list_group_films(group.code)
    clips: dict[int, list[Clip]] = {}
    for session_films in films.values():
        for film in session_films:
            clips[film.id or 0] = store.list_clips(film_id=film.id)
    return GroupSnapshot(
        group=group,
        members=members,
        consents={m.code: store.get_consent(m.code) for m in members},
        sessions=store.list_group_sessions(group.code),
        films=films,
        clips=clips,
    )


# -- HTML pieces ---------------------------------------------------------------------------


def _case_link(code: str) -> str:
    return pages.link("case.ipynb?case=" + quote(code), code)


def groups_html(store: Store, who: Practitioner | None) -> str:
    """The groups (of ``who``, else everyone's) with a link to each, for the home page."""
    groups = store.list_groups(who.id if who else None)
    if not groups:
        return "<p>No groups yet.</p>"
    items = []
    for group in groups:
        count = len(store.list_group_members(group.code))
        setting = f" ({html.escape(group.setting)})" if group.setting else ""
        items.append(
            f"<li>{pages.link('group.ipynb?group=' + quote(group.code), group.code)}: "
            f"{html.escape(group.title)}{setting}, "
            f"{count} {'family' if count == 1 else 'families'}</li>"
        )
    return f'<ul class="vk-list">{"".join(items)}</ul>'


def members_html(snap: GroupSnapshot) -> str:
    """The member families with their consent for filming and for group viewing."""
    if not snap.members:
        return "<p>No member families yet.</p>"
    rows = []
    for case in snap.members:
        consent = snap.consents.get(case.code)
        filming = "—" if consent is None else ("yes" if consent.allows_filming else "no")
        rows.append(
            f"<tr><td>{_case_link(case.code)}</td><td>{html.escape(case.setting)}</td>"
            f"<td>{html.escape(filming)}</td>"
            f"<td>{html.escape(group_viewing_text(consent))}</td></tr>"
        )
    return (
        '<table class="vk-table"><caption>Member families</caption><thead><tr>'
        '<th scope="col">Family</th><th scope="col">Setting</th><th scope="col">Filming</th>'
        '<th scope="col">Other group members may see their clips</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _session_name(snap: GroupSnapshot, session: GroupSession, *, lower: bool = False) -> str:
    number = next((i for i, s in enumerate(snap.sessions, 1) if s.id == session.id), 0)
    return f"{'s' if lower else 'S'}ession {number}, {long_date(session.held_on)}"


def _clips_count(n: int) -> str:
    return "1 clip" if n == 1 else f"{n} clips"


def _clip_times(clip: Clip) -> str:
    return f"{clip.start_s:.1f}–{clip.end_s:.1f} s"


def plan_html(snap: GroupSnapshot, plan: ReviewPlan) -> str:
    """The clips offered for the review and, for every clip left out, the reason."""
    notes = "".join(message_html(n, "info") for n in plan.notes)
    offered = ""
    if plan.offered:
        rows = "".join(
            f"<tr><td>{_case_link(item.family)}</td>"
            f"<td>{html.escape(_session_name(snap, item.session))}</td>"
            f'<td class="vk-nowrap">{pages.link(f"microanalysis.ipynb?case={quote(item.family)}&film={item.film.id}", _clip_times(item.clip))}</td>'
            f"<td>{html.escape(item.clip.what_i_see)}</td></tr>"
            for item in plan.offered
        )
        offered = (
            '<table class="vk-table"><caption>Clips offered for the group review</caption>'
            '<thead><tr><th scope="col">Family</th><th scope="col">Filmed at</th>'
            '<th scope="col">Clip</th><th scope="col">What I see</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    elif plan.missing:
        offered = "<p>No clip may be shown at this review.</p>"
    missing = ""
    if plan.missing:
        items = "".join(
            f"<li>{html.escape(item.family)}, clip {html.escape(_clip_times(item.clip))} "
            f"filmed at {html.escape(_session_name(snap, item.session, lower=True))}: "
            f"<strong>{html.escape(item.reason)}.</strong></li>"
            for item in plan.missing
        )
        missing = f'<h4>Not offered, and why</h4><ul class="vk-list vk-missing">{items}</ul>'
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
    ) -> None:
        self.store = store
        self.session = session
        self.on_saved = on_saved
        came = set(session.attended)
        self.boxes = {
            m.code: w.Checkbox(value=m.code in came, description=m.code, indent=False)
            for m in members
        }
        for box in self.boxes.values():
            box.layout = w.Layout(width="auto", margin="0 1.5rem 0 0")
        self.save_button = w.Button(description="Save attendance", button_style="primary")
        self.save_button.icon = "check"
        self.save_button.on_click(lambda _b: self.save())
        self.message = w.HTML("")
        self.widget = w.VBox(
            [
                w.HTML('<div class="vk-help">Tick each family who came.</div>'),
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
            saved = self.store.set_attendance(self.session.id or 0, self.ticked())
        except (VigkitError, ValueError) as exc:
            log.exception("attendance not saved")
            self.message.value = message_html(
                f"Not saved: {exc} Your ticks are still here.", "error"
            )
            return None
        self.session = saved
        count = len(saved.attended)
        self.message.value = message_html(
            f"Attendance saved: {count} {'family' if count == 1 else 'families'} came.", "success"
        )
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
    ) -> None:
        self.store = store
        self.group_code = group_code
        self.on_saved = on_saved
        self.held_on = labelled(w.DatePicker(value=date.today()), "Date of the session *")
        self.notes = labelled(w.Textarea(value=""), "Notes (no names: “the parents”)")
        self.add_button = w.Button(description="Add session")
        self.add_button.on_click(lambda _b: self.save())
        self.message = w.HTML("")
        self.widget = w.VBox(
            [self.held_on, self.notes, self.add_button, self.message],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("vk-form")

    def save(self) -> GroupSession | None:
        """Add the session; a missing date is said in plain words and nothing is saved."""
        if self.held_on.value is None:
            self.message.value = message_html("Give the date of the session.", "error")
            return None
        try:
            saved = self.store.add_group_session(
                GroupSession(
                    group_code=self.group_code, held_on=self.held_on.value, notes=self.notes.value
                )
            )
        except (VigkitError, ValueError) as exc:
            log.exception("group session not saved")
            self.message.value = message_html(f"Not saved: {exc}", "error")
            return None
        self.notes.value = ""
        self.message.value = message_html(
            f"Session of {long_date(saved.held_on)} added.", "success"
        )
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved


# -- the page ------------------------------------------------------------------------------


class GroupPage:
    """The page of one group; :meth:`refresh` rebuilds it from the store after a save."""

    def __init__(self, store: Store, code: str, who: Practitioner | None) -> None:
        self.store = store
        self.snap = group_snapshot_from_store(store, code)
        self.code = self.snap.group.code
        self.who = who
        self.attendance: dict[int, AttendanceForm] = {}
        self.members = w.HTML("")
        self.sessions = w.VBox(layout=w.Layout(width="100%"))
        self.choose = w.Dropdown(description="Review at")
        self.choose.style = {"description_width": "initial"}
        self.choose.observe(lambda _c: self.show_plan(), names="value")
        self.plan = w.HTML("")
        self.new_session = NewSessionForm(store, self.code, on_saved=lambda _s: self.refresh())
        group = self.snap.group
        about = (
            f"<p><strong>{html.escape(group.title)}</strong>"
            + (f" · {html.escape(group.setting)}" if group.setting else "")
            + f" · opened {long_date(group.opened_on)}"
            + (f", closed {long_date(group.closed_on)}" if group.closed_on else "")
            + "</p>"
            '<p class="vk-help">Each family has its own case and its own consent. A group review '
            "offers only the clips of families who agreed that other group members may see "
            "them, and who are there.</p>"
        )
        new_fold = w.Accordion(children=[self.new_session.widget], selected_index=None)
        new_fold.set_title(0, "Add a session")
        self.widget = w.VBox(
            [
                pages.page_header(f"Group {self.code}", who),
                w.HTML(about),
                w.HTML("<h2>Families</h2>"),
                self.members,
                w.HTML("<h2>Sessions and attendance</h2>"),
                self.sessions,
                new_fold,
                w.HTML("<h2>Group review plan</h2>"),
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
        self.members.value = members_html(snap)
        blocks: list[w.Widget] = []
        self.attendance = {}
        for session in snap.sessions:
            form = AttendanceForm(
                self.store, session, list(snap.members), on_saved=lambda _s: self._saved()
            )
            self.attendance[session.id or 0] = form
            films = snap.films.get(session.id or 0, ())
            filmed = (
                "<p>Filmed: "
                + ", ".join(
                    f"{html.escape(f.case_code)} ({_clips_count(len(snap.clips.get(f.id or 0, ())))})"
                    for f in films
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
                    w.HTML(f"<h3>{html.escape(_session_name(snap, session))}</h3>{notes}{filmed}"),
                    form.widget,
                ],
                layout=w.Layout(width="100%"),
            )
            block.add_class("vk-session")
            blocks.append(block)
        self.sessions.children = blocks or [w.HTML("<p>No sessions yet.</p>")]
        options = [(_session_name(snap, s), s.id or 0) for s in snap.sessions]
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
            self.plan.value = "<p>Add a session to plan a group review.</p>"
            return
        plan = review_plan(self.snap, int(self.choose.value))
        self.plan.value = plan_html(self.snap, plan)


def group_page(group: str = "", *, store: Store | None = None) -> w.Widget:
    """One group's page; without a code, the list of groups. GroupNotFound for an unknown code."""
    store = store or pages.page_store()
    who = pages.current_practitioner(store)
    if not group:
        page = w.VBox(
            [
                pages.page_header("Groups", who),
                w.HTML(
                    "<h2>Your groups</h2>"
                    + groups_html(store, who)
                    + '<p class="vk-help">Open a group to see its families, sessions and the '
                    "plan for a group review.</p>"
                ),
            ]
        )
        page.add_class("vk-page")
        return page
    built = GroupPage(store, group, who)
    built.widget.group = built  # type: ignore[attr-defined]  # tests reach the page object here
    return built.widget
