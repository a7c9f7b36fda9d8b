"""One person's view of a live group supervision session: board, presented clip, calibration.

Each visitor has their own kernel, so nothing is shared through widgets: every page polls
the store about twice a second (an asyncio task on the kernel's own event loop, which is
where ipywidgets expects changes to come from) and shows what is new: posts after the last
one it has, who joined, the facilitator's player position, the calibration's state.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.clock import precise_now
from vigkit.core.errors import VigkitError
from vigkit.core.livesession import (
    STYLE,
    board_html,
    minutes_words,
    record_html,
    reveal_html,
)
from vigkit.core.records import Practitioner, problems
from vigkit.core.supervisionrecords import NUL, LiveSession, SessionPost
from vigkit.i18n.interface import Interface, clip_time
from vigkit.paths import is_team_mode
from vigkit.store import Store
from vigkit.store.listening import SessionNudges, listen_for_session
from vigkit.store.sessions import SessionPoll
from vigkit.templates.principles import Principles
from vigkit.ui.parts.presentedclip import PresentedClipPart
from vigkit.ui.runtime import pagehtml
from vigkit.ui.runtime.pagedata import film_named, film_places
from vigkit.ui.runtime.pagehtml import message_html, say_html
from vigkit.ui.runtime.submission import Submission, on_save
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["LiveSessionView", "POLL_SECONDS"]

log = logging.getLogger("vigkit.ui.parts.sessionview")
UNREACHABLE = "error.store.unreachable"  # the store's words when it cannot be reached

#: How often a page asks the store what is new. Posts show in other pages within about this.
POLL_SECONDS = 0.5
# With PostgreSQL's LISTEN a change wakes the page at once; the plain poll is the fallback
# for a notification lost on the way (a lost connection is noticed at once, and the page
# then polls every POLL_SECONDS). Each poll is a few reads: 20 idle pages at 3 s cost 3% of
# a core.
LISTENING_FALLBACK_SECONDS = 10.0


def _msg(text: str, kind: str = "info") -> str:
    return message_html(text, kind)


def _checkboxes(principles: Principles) -> list[w.Checkbox]:
    boxes = []
    for heading in principles.headings:
        box = w.Checkbox(value=False, description=f"{heading.key} {heading.heading}", indent=False)
        box.layout = w.Layout(width="auto", margin="0 1rem 0 0")
        box.add_class("vk-heading-box")
        boxes.append(box)
    return boxes


class LiveSessionView:
    """One person's view of a live session: board, presented clip, calibration.

    Programmatic actions (``post``, ``clip.present``, ``save_tags``, ``reveal``, ``end``) let
    tests drive it without a browser; :meth:`poll_once` is what the background task runs.
    """

    def __init__(
        self,
        store: Store,
        session: LiveSession,
        who: Practitioner,
        principles: Principles,
        *,
        now: Callable[[], datetime] = precise_now,
        ui: Interface | None = None,
    ) -> None:
        self.ui = ui or Interface()
        say = self.ui.say
        self.store = store
        self.session = session
        self.session_id = session.id or 0
        self.who = who
        self.principles = principles
        self.heading_ids = [h.id for h in principles.headings]
        self.lead = session.facilitator_id == who.id
        self.names = {p.id: p.display_name for p in store.people.list()}
        self.posts: list[SessionPost] = []
        self.ended = False
        self._calibration_seen: int | None = None
        self._revealed_seen: int | None = None
        self.calibration_id: int | None = None
        self._task: asyncio.Task[None] | None = None
        self._poll_failed = False
        # A post the team's database could not take (it was unreachable): kept in the box,
        # and sent by the poll once the database answers again.
        self._resend = False
        self.submission = Submission()  # the identity of the post being written
        group = store.sessions.get_supervision_group(session.group_id)

        self.header = StaticHTML(self._header_html(group.name))
        self.attendees = StaticHTML("")
        self.clip = PresentedClipPart(
            store, self.session_id, who, lead=self.lead, now=now, ui=self.ui
        )
        self._places: dict[str, dict[int, int]] = {}  # each case's films' places, once read
        self.board = StaticHTML(board_html([], self.names, self._heading, say))
        self.board.add_class("vk-board-box")
        self.live_status = StaticHTML("")

        self._make_post_box(principles)
        facilitator_tools = self._make_calibration(principles)
        self.cal_status = StaticHTML("")
        self.ended_box = StaticHTML("")
        self.record_box = StaticHTML("")
        self.record_box.add_class("vk-record")
        self._lay_out(facilitator_tools)
        self.poll_once()

    def _make_post_box(self, principles: Principles) -> None:
        """The box to post on the board: the text, principles to tag it with, the clip's
        time, the button and its status."""
        say = self.ui.say
        self.text = w.Textarea(placeholder=say("session.board.placeholder"))
        self.text.layout = w.Layout(width="98%", height="5rem")
        self.text.add_class("vk-post-input")
        self.post_boxes = _checkboxes(principles)
        self.with_time = w.Checkbox(
            value=False, description=say("session.board.with_time"), indent=False
        )
        self.post_button = w.Button(description=say("session.board.post"), button_style="primary")
        self.post_button.add_class("vk-post-button")
        self.after_typing = on_save(self.post_button, self.post, self)
        self.post_status = StaticHTML("")

    def _make_calibration(self, principles: Principles) -> list[w.Widget]:
        """Each member's tagging of a calibration, what is tagged and revealed; and the
        facilitator's buttons (start, reveal, end), returning those to show together."""
        say = self.ui.say
        self.tag_boxes = _checkboxes(principles)
        self.tag_button = w.Button(description=say("session.cal.save"), button_style="primary")
        self.tag_button.add_class("vk-tag-button")
        self.tag_button.on_click(lambda _b: self.save_tags())
        self.tag_status = StaticHTML("")
        self.tagging = w.VBox(
            [
                StaticHTML(f"<p>{self._t('session.cal.help')}</p>"),
                w.HBox(self.tag_boxes, layout=w.Layout(flex_flow="row wrap")),
                self.tag_button,
                self.tag_status,
            ]
        )
        self.tagging.layout.display = "none"
        self.tagging.add_class("vk-tagging")
        self.tagged_line = StaticHTML("")
        self.reveal_out = StaticHTML("")
        self.reveal_out.add_class("vk-reveal-box")
        facilitator_tools: list[w.Widget] = []
        if self.lead:
            self.start_cal_button = w.Button(description=say("session.cal.start"))
            self.start_cal_button.on_click(lambda _b: self.start_calibration())
            self.reveal_button = w.Button(description=say("session.cal.reveal"))
            self.reveal_button.add_class("vk-reveal-button")
            self.reveal_button.on_click(lambda _b: self.reveal())
            self.end_button = w.Button(description=say("session.end"), button_style="warning")
            self.end_button.on_click(lambda _b: self.end())
            for button in (self.start_cal_button, self.reveal_button, self.end_button):
                button.layout = w.Layout(width="max-content")
            facilitator_tools = [w.HBox([self.start_cal_button, self.reveal_button])]
        return facilitator_tools

    def _lay_out(self, facilitator_tools: list[w.Widget]) -> None:
        """The page's view: the clip, the board, the calibration and the record, in order."""
        children: list[w.Widget] = [
            StaticHTML(STYLE),
            self.header,
            self.attendees,
            self.ended_box,
            StaticHTML(f"<h2>{self._t('session.clip.heading')}</h2>"),
            *self.clip.widgets,
            StaticHTML(f"<h2>{self._t('session.board.heading')}</h2>"),
            self.board,
            self.live_status,
            # The heading names the text box under it (vigkit.js: a field is named by the
            # .vk-prompt above it); its placeholder alone, an example, was its only name.
            StaticHTML(
                f'<h3><span class="vk-prompt">{self._t("session.board.add")}</span></h3>'
                f'<p class="vk-help">{self._t("session.board.no_names")}</p>'
            ),
            self.text,
            w.HBox(self.post_boxes, layout=w.Layout(flex_flow="row wrap")),
            self.with_time,
            self.post_button,
            self.post_status,
            StaticHTML(f"<h2>{self._t('session.cal.heading')}</h2>"),
            *facilitator_tools,
            self.tagged_line,
            self.tagging,
            self.cal_status,
            self.reveal_out,
        ]
        children += [StaticHTML(f"<h2>{self._t('session.record.heading')}</h2>")]
        if self.lead:
            children += [self.end_button]
        children += [self.record_box]
        self.widget = w.VBox(children)
        self.widget.add_class("vk-live")

    # -- wording ----------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        """The words for ``key`` as HTML text (escaped; no quotes changed)."""
        return html.escape(self.ui.say(key, **values), quote=False)

    def _heading(self, ident: str) -> str:
        try:
            return self.principles.heading_of(ident).heading
        except KeyError:  # a heading a trainer has since removed: show its id
            return ident

    def _name(self, ident: str) -> str:
        if ident not in self.names:
            self.names = {p.id: p.display_name for p in self.store.people.list()}
        return self.names.get(ident, ident)

    def _header_html(self, group_name: str) -> str:
        code = self.session.code
        role = self.ui.say("session.live.role.lead" if self.lead else "session.live.role.member")
        link = f"groupsession.ipynb?session={quote(code)}"
        header = say_html(
            self.ui,
            "session.live.header",
            group=f"<strong>{html.escape(group_name)}</strong>",
            facilitator=f"<strong>{html.escape(self._name(self.session.facilitator_id))}</strong>",
            role=html.escape(role, quote=False),
        )
        code_line = say_html(
            self.ui,
            "session.live.code_team" if is_team_mode() else "session.live.code",
            code=f'<span class="vk-code" data-code="{html.escape(code)}">{html.escape(code)}</span>',
            link=pagehtml.link(link, link),
        )
        return f"<p>{header}</p><p>{code_line}</p>"

    # -- everyone's actions -----------------------------------------------------------------

    def post(self) -> SessionPost | None:
        """Post what is typed, with the ticked headings (and the film time if asked)."""
        chosen = [h for h, box in zip(self.heading_ids, self.post_boxes, strict=True) if box.value]
        at = self.clip.position() if self.with_time.value else None
        try:
            saved = self.store.sessions.add_post(
                self.session_id,
                self.who.id,
                self.text.value,
                chosen,
                at,
                submission=self.submission.key,
            )
        except ValidationError as exc:
            self.post_status.value = _msg(" ".join(problems(exc, self.ui.say).values()), "error")
            return None
        except VigkitError as exc:
            self._resend = exc.key == UNREACHABLE
            said = self.ui.say("session.board.unreachable") if self._resend else self.ui.error(exc)
            self.post_status.value = _msg(said, "error")
            return None
        self._resend = False
        self.submission = Submission()  # the next post is a new one
        left_out = NUL in self.text.value
        self.text.value = ""
        for box in self.post_boxes:
            box.value = False
        self.post_status.value = _msg(self.ui.say("session.live.nul_left_out")) if left_out else ""
        self.poll_once()
        return saved

    def start_calibration(self) -> None:
        """Start a calibration on the presented clip (the facilitator's button)."""
        try:
            self.store.calibration.start(self.session_id, self.who.id)
        except VigkitError as exc:
            self.cal_status.value = _msg(self.ui.error(exc), "error")
            return
        self.cal_status.value = ""
        self.poll_once()

    def save_tags(self) -> None:
        """Save this person's ticked headings for the open calibration."""
        if self.calibration_id is None:
            self.tag_status.value = _msg(self.ui.say("session.cal.none_open"), "error")
            return
        chosen = [h for h, box in zip(self.heading_ids, self.tag_boxes, strict=True) if box.value]
        try:
            self.store.calibration.save_tags(self.calibration_id, self.who.id, chosen)
        except VigkitError as exc:
            self.tag_status.value = _msg(self.ui.error(exc), "error")
            return
        words = ", ".join(self._heading(h) for h in chosen) or self.ui.say(
            "session.cal.no_headings"
        )
        self.tag_status.value = _msg(self.ui.say("session.cal.saved", headings=words), "success")
        self.poll_once()

    def reveal(self) -> None:
        """Reveal everyone's tags and the agreement (the facilitator's button)."""
        if self.calibration_id is None:
            self.cal_status.value = _msg(self.ui.say("session.cal.start_first"), "error")
            return
        try:
            self.store.calibration.reveal(self.calibration_id, self.who.id)
        except VigkitError as exc:
            self.cal_status.value = _msg(self.ui.error(exc), "error")
            return
        self.poll_once()

    def end(self) -> None:
        """End the session (the facilitator's button); everyone's page shows the record."""
        try:
            self.store.sessions.end(self.session_id, self.who.id)
        except VigkitError as exc:
            self.cal_status.value = _msg(self.ui.error(exc), "error")
            return
        self.poll_once()

    def _film_place(self, film_id: int, case: str) -> int | None:
        """ "Film 2 of F023" for the board's lines, each case's films read once (a film
        logged since is found by reading again)."""
        if film_id not in self._places.get(case, {}):
            self._places[case] = film_places(self.store.films.list(case))
        return self._places[case].get(film_id)

    # -- polling ----------------------------------------------------------------------------

    def poll_once(self) -> SessionPoll:
        """Ask the store what is new and show it."""
        found = self.store.sessions.poll(
            self.session_id, (self.posts[-1].id or 0) if self.posts else 0
        )
        if found.posts:
            self.posts.extend(found.posts)
            self.board.value = board_html(
                self.posts, self._names_for(found), self._heading, self.ui.say, self._film_place
            )
        names = ", ".join(html.escape(self._name(p)) for p in found.attendees)
        here = say_html(self.ui, "session.live.here", names=names)
        self.attendees.value = f'<p class="vk-attendees">{here}</p>'
        self.clip.update(found.presented)
        self._show_calibration(found)
        if found.session.ended_at is not None and not self.ended:
            self._show_ended(found.session)
        return found

    def _names_for(self, found: SessionPoll) -> dict[str, str]:
        for post in found.posts:
            self._name(post.author_id)
        return self.names

    def _show_calibration(self, found: SessionPoll) -> None:
        cal = found.calibration
        if cal is None or cal.id is None:
            return
        if cal.id != self._calibration_seen:
            self._calibration_seen = cal.id
            self.calibration_id = cal.id
            mine = self.store.calibration.tags(cal.id, self.who.id).get(self.who.id, [])
            for heading, box in zip(self.heading_ids, self.tag_boxes, strict=True):
                box.value = heading in mine
            self.tag_status.value = ""
            self.reveal_out.value = ""
            self.tagging.layout.display = None
        who = ", ".join(html.escape(self._name(p)) for p in found.tagged) or self._t(
            "session.cal.nobody"
        )
        if cal.revealed_at is None:
            tagged = say_html(
                self.ui,
                "session.cal.tagged",
                start=clip_time(cal.start_s),
                end=clip_time(cal.end_s),
                count=str(len(found.tagged)),
                total=str(len(found.attendees)),
                names=who,
            )
            self.tagged_line.value = f'<p class="vk-tagged">{tagged}</p>'
        elif self._revealed_seen != cal.id:
            self._revealed_seen = cal.id
            self.tagging.layout.display = "none"
            self.tagged_line.value = ""
            reveal = self.store.calibration.result(cal.id, self.heading_ids)
            clip = self.ui.say(
                "session.cal.clip",
                **film_named(self.store, self.store.films.get(cal.film_id)),
                start=clip_time(cal.start_s),
                end=clip_time(cal.end_s),
            )
            self.reveal_out.value = reveal_html(reveal, self._heading, clip, self.ui.say)

    def _show_ended(self, session: LiveSession) -> None:
        self.ended = True
        minutes = minutes_words((session.duration_s or 0.0) / 60, self.ui.say)
        self.ended_box.value = _msg(
            self.ui.say("session.ended", time=f"{session.ended_at:%H:%M}", minutes=minutes),
            "success",
        )
        record = self.store.sessions.record(self.session_id)
        self.record_box.value = self.ended_box.value + record_html(
            session, record.joined, record.actions, self.names, self.ui.say
        )
        for control in (self.post_button, self.tag_button, self.text):
            control.disabled = True
        self.clip.end()
        if self.lead:
            for control in (self.start_cal_button, self.reveal_button):
                control.disabled = True
            self.end_button.disabled = True
        self.stop_polling()

    async def _poll_forever(self, every: float) -> None:
        """Re-read the session every ``every`` seconds, or at once when PostgreSQL says it
        changed (LISTEN): then the plain poll is only the fallback, every few seconds."""
        nudges = None
        try:
            nudges = await listen_for_session(self.store, self.session_id)
        except Exception:  # noqa: BLE001 - polling alone still works
            log.exception("cannot listen for the live session; polling instead")
        try:
            await self._poll_loop(every, nudges)
        finally:
            if nudges is not None:
                await nudges.close()

    async def _poll_loop(self, every: float, nudges: SessionNudges | None) -> None:
        while not self.ended:
            try:
                self.poll_once()
                if self._resend and not self.ended:  # the database is back: send what was kept
                    self.post()
                if self._poll_failed:
                    self._poll_failed = False
                    self.live_status.value = ""
            except Exception:  # noqa: BLE001 - keep polling; say so once, detail in the log
                if not self._poll_failed:
                    log.exception("the live board could not be refreshed")
                    self._poll_failed = True
                    self.live_status.value = _msg(
                        self.ui.say("session.board.not_refreshed"), "error"
                    )
            if nudges is not None and nudges.listening:
                await nudges.wait(max(every, LISTENING_FALLBACK_SECONDS))
            else:
                await asyncio.sleep(every)

    def start_polling(self, every: float = POLL_SECONDS) -> None:
        """Poll the store on the kernel's event loop until the session ends or the page closes."""
        if self._task is not None and not self._task.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in a kernel (a script): the page shows what was there
            log.warning("no running event loop: the live board will not refresh by itself")
            return
        self._task = loop.create_task(self._poll_forever(every))

    def stop_polling(self) -> None:
        """Stop the background poll (the session ended)."""
        if self._task is not None and not self._task.done():
            current = None
            try:
                current = asyncio.current_task()
            except RuntimeError:
                pass
            if current is not self._task:
                self._task.cancel()
