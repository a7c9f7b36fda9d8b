"""The live session's presented clip: the facilitator's controls to present a film from/to,
and the player every member's page keeps in step with the facilitator's.

The facilitator's player reports where it is (its browser moves it); that position goes to
the store, and each member's page reads it on its next poll and moves its own player there.
Part of :class:`vigkit.ui.parts.sessionview.LiveSessionView`.

Every player plays a *rendering* of the presented seconds for intervision
(:func:`vigkit.server.urls.clip_url`), never the film: a member cannot seek outside the
clip the family agreed to show, and the film's route refuses them. The rendering's time 0
is the clip's start; positions in the store stay in film time, so posts keep the film's
time. The facilitator's page makes the rendering as it presents (off the event loop, with
a progress bar); a member's server makes it on its first request if it is not there yet.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

import ipywidgets as w

from vigkit import paths
from vigkit.core.access import Use
from vigkit.core.errors import VigkitError
from vigkit.core.livesession import lead_position_now
from vigkit.core.records import Practitioner
from vigkit.core.supervisionrecords import PresentedClip
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.ui.runtime.links import clip_url
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.pagedata import film_named, film_places
from vigkit.ui.runtime.pagehtml import message_html, say_text
from vigkit.ui.widgets.session_player import SessionPlayer, player_words
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["PresentedClipPart"]

# The log lines keep the name they had before this part was split from the session view.
log = logging.getLogger("vigkit.ui.parts.sessionview")


class PresentedClipPart:
    """The clip presented to everyone: ``present`` (the facilitator's button) and the player.

    ``widgets`` go on the page, in order; :meth:`update` is given what each poll found.
    """

    def __init__(
        self,
        store: Store,
        session_id: int,
        who: Practitioner,
        *,
        lead: bool,
        now: Callable[[], datetime],
        ui: Interface,
    ) -> None:
        self.store = store
        self.session_id = session_id
        self.who = who
        self.lead = lead
        self.ui = ui
        self._now = now
        self.presented = PresentedClip()
        self.ended = False
        self._seq_seen = -1
        self._film_seen: int | None = None
        self._last_lead: tuple[float, bool] | None = None
        self.work = LongWork(ui, stoppable=False)
        self.player = SessionPlayer(mode="lead" if lead else "follow", words=player_words(ui))
        self.player.add_class("vk-session-player")
        self.present_box = self._present_controls() if lead else w.VBox()
        self.nothing_shown = StaticHTML(
            f'<p class="vk-help">{say_text(ui, "session.clip.choose" if lead else "session.clip.nothing")}</p>'
        )
        self.widgets: list[w.Widget] = [self.present_box, self.nothing_shown, self.player]
        if lead:
            self.player.observe(self._lead_moved, names=["current_time", "playing"])

    def _present_controls(self) -> w.Widget:
        choices: list[tuple[str, int]] = []
        films = self.store.films.list()
        places = film_places(films)  # "film 2 of F023", never the film's id
        for film in films:
            consent = self.store.cases.get_consent(film.case_code)
            if consent is None or consent.withdrawn_on is not None or not consent.intervision:
                continue
            label = self.ui.say(
                "session.clip.film_option",
                number=places[film.id or 0],
                case=film.case_code,
                cycle=film.cycle_number,
                seconds=f"{film.duration_s:.0f}",
            )
            choices.append((label, film.id or 0))
        self.film_choice = w.Dropdown(options=choices, description=self.ui.say("session.clip.film"))
        self.film_choice.add_class("vk-film-choice")
        self.clip_start = w.BoundedFloatText(value=0.0, min=0, max=6 * 3600, step=0.1)
        self.clip_start.description = self.ui.say("session.clip.from")
        self.clip_end = w.BoundedFloatText(value=10.0, min=0, max=6 * 3600, step=0.1)
        self.clip_end.description = self.ui.say("session.clip.to")
        self.clip_start.add_class("vk-clip-start")
        self.clip_end.add_class("vk-clip-end")
        self.present_button = w.Button(
            description=self.ui.say("session.clip.present"), button_style="primary"
        )
        self.present_button.layout = w.Layout(width="max-content")
        self.present_button.on_click(lambda _b: self.present())
        self.present_status = StaticHTML(
            "" if choices else message_html(self.ui.say("session.clip.no_consent"), "info")
        )
        return w.VBox(
            [
                w.HBox([self.film_choice, self.clip_start, self.clip_end]),
                self.present_button,
                self.work.widget,
                self.present_status,
            ]
        )

    def present(self) -> PresentedClip | None:
        """Present the chosen film from/to to everyone (the facilitator's button)."""
        if self.film_choice.value is None:
            self.present_status.value = message_html(
                self.ui.say("session.clip.choose_first"), "error"
            )
            return None
        try:
            shown = self.store.sessions.present_clip(
                self.session_id,
                self.who.id,
                int(self.film_choice.value),
                float(self.clip_start.value),
                float(self.clip_end.value),
            )
        except VigkitError as exc:
            self.present_status.value = message_html(self.ui.error(exc), "error")
            return None
        self.present_status.value = message_html(
            self.ui.say(
                "session.clip.presented",
                start=clip_time(shown.start_s),
                end=clip_time(shown.end_s),
            ),
            "success",
        )
        self._prepare(shown)
        self._show(shown)
        return shown

    def _prepare(self, shown: PresentedClip) -> None:
        """Make the clip's rendering now, in a thread with a progress bar, so that members'
        players find it made; a failure is said in plain words."""
        if shown.film_id is None:
            return
        film_id, start_s, end_s = shown.film_id, shown.start_s, shown.end_s

        def work(progress: Progress, _cancel: threading.Event) -> None:
            from vigkit.media.renderings import render_for  # PyAV: only when presenting

            film = self.store.films.get(film_id)
            data = paths.data_dir()
            seconds = (start_s, end_s)
            render_for(self.store, data, film, Use.intervision, seconds, progress=progress)

        def failed(exc: BaseException) -> None:
            log.warning("the presented clip could not be rendered: %s", exc)
            self.present_status.value = message_html(
                self.ui.say("session.clip.not_rendered"), "error"
            )

        self.work.start(self.ui.say("session.clip.rendering"), work, lambda _r: None, failed)

    def _lead_moved(self, _change: dict[str, Any]) -> None:
        """The facilitator's browser moved its player: tell the store (members follow)."""
        if self.ended or self.presented.film_id is None:
            return
        # The rendering starts at the clip's start: the store keeps film time.
        film_time = self.presented.start_s + self.player.current_time
        now = (round(film_time, 2), bool(self.player.playing))
        if now == self._last_lead:
            return
        self._last_lead = now
        try:
            moved = self.store.sessions.set_lead_position(self.session_id, self.who.id, *now)
            self._seq_seen = moved.seq
        except VigkitError as exc:
            log.warning("could not save the facilitator's position: %s", exc)

    def position(self) -> float | None:
        """Where the presented film is now on this page (None while nothing is presented)."""
        if self.presented.film_id is None:
            return None
        if self.lead:
            return self.presented.start_s + self.player.current_time
        lead_t = self.player.lead.get("t")
        if lead_t is None:
            return self.presented.position_s
        return self.presented.start_s + float(lead_t)

    def update(self, shown: PresentedClip) -> None:
        """Show what a poll found presented, if it changed since this page last looked."""
        if shown.seq != self._seq_seen:
            self._seq_seen = shown.seq
            self._show(shown)

    def _show(self, shown: PresentedClip) -> None:
        self.presented = shown
        if shown.film_id is None:  # nothing presented (or taken off the board): players stop
            if self.player.src:
                self.player.src = ""
                self.player.caption = ""
                self._film_seen = None
                self.nothing_shown.value = (
                    f'<p class="vk-help">{say_text(self.ui, "session.clip.nothing")}</p>'
                )
            return
        self.nothing_shown.value = ""
        src = clip_url("/", shown.film_id, Use.intervision, shown.start_s, shown.end_s)
        if src != self.player.src:
            self._film_seen = shown.film_id
            self.player.caption = self.ui.say(
                "session.clip.caption",
                **film_named(self.store, self.store.films.get(shown.film_id)),
                start=clip_time(shown.start_s),
                end=clip_time(shown.end_s),
            )
            # The rendering holds the clip's seconds only: its time 0 is the clip's start.
            self.player.offset_s = shown.start_s
            self.player.start_s = 0.0
            self.player.end_s = round(shown.end_s - shown.start_s, 3)
            self.player.src = src
        if not self.lead:
            where = lead_position_now(
                shown.position_s, shown.playing, shown.moved_at, self._now(), shown.end_s
            )
            at = round(max(0.0, where - shown.start_s), 3)
            self.player.lead = {"t": at, "playing": shown.playing, "seq": shown.seq}

    def end(self) -> None:
        """The session ended: the facilitator's controls are off, the player stops reporting."""
        self.ended = True
        if self.lead:
            self.present_button.disabled = True
