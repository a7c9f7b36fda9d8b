"""The micro-analysis page's "Review clips" part: cut the film's saved clips for the review.

Widgets at the edge: one button, a progress bar over all the clips, and a plain message.
The cutting itself is :func:`vigkit.media.reviewclips.cut_clip`.
"""

from __future__ import annotations

import html
import logging
import threading
from pathlib import Path

import ipywidgets as w

from vigkit.core.access import Use, unconfirmed_group_film
from vigkit.core.errors import MediaError
from vigkit.core.records import Clip, Film
from vigkit.i18n.interface import Interface
from vigkit.media.renderings import hiding_for_use, muting_for
from vigkit.media.reviewclips import cut_clip, review_clip_path
from vigkit.store import Store
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["ReviewClipsPart"]

log = logging.getLogger(__name__)


class ReviewClipsPart:
    """Cut every saved clip of ``film`` into ``<data>/media/review/<CASE>/cycle-<N>/``.

    The button cuts them off the kernel's event loop (:class:`LongWork`): the page keeps
    answering, a second click starts nothing, Stop ends the cutting after the clip in hand
    (each clip is written whole or not at all)."""

    def __init__(self, store: Store, film: Film, data: Path, ui: Interface | None = None) -> None:
        self.store, self.film, self.data = store, film, data
        self.ui = ui or Interface()
        say = self.ui.say
        self.button = w.Button(description=say("film.review.button"), layout=w.Layout(width="auto"))
        self.button.on_click(lambda _b: self.cut_in_background())
        self.work = LongWork(self.ui)
        self.progress = self.work.bar
        self.progress.description = say("film.review.progress")
        self.message = StaticHTML("")
        self.widget = w.VBox(
            [
                StaticHTML(
                    f"<h3>{html.escape(say('film.review.heading'))}</h3>"
                    f'<p class="vk-help">{html.escape(say("film.review.help"))}</p>'
                ),
                self.button,
                self.work.widget,
                self.message,
            ]
        )
        self.widget.add_class("vk-review-clips")

    def _cut_all(
        self, clips: list[Clip], progress: Progress, cancel: threading.Event
    ) -> list[Path]:
        written: list[Path] = []
        for n, clip in enumerate(clips):
            if cancel.is_set():
                break
            out = review_clip_path(
                self.data, self.film.case_code, self.film.cycle_number, clip.id or 0
            )

            def step(share: float, n: int = n) -> None:
                progress((n + share) / len(clips))

            # The shared review is a use like any other: who must not be seen for it is
            # hidden, and the stretches marked to silence are silent.
            start, end = clip.start_s, clip.end_s
            hide, _who = hiding_for_use(self.store, self.film, Use.review, start, end)
            mute = muting_for(self.store, self.film, start, end)
            written.append(
                cut_clip(self.film.path, start, end, out, progress=step, hide=hide, mute=mute)
            )
        return written

    def _clips(self) -> list[Clip]:
        if unconfirmed_group_film(self.store.access.footage(self.film, Use.review)):
            self.message.value = message_html(self.ui.say("film.review.not_confirmed"), "error")
            return []
        clips = self.store.films.list_clips(film_id=self.film.id)
        if not clips:
            self.message.value = message_html(self.ui.say("film.review.none"), "info")
        return clips

    def cut(self) -> list[Path]:
        """Cut each saved clip here and now; the paths written. A failure stops with a
        plain message."""
        clips = self._clips()
        if not clips:
            return []
        try:
            written = self._cut_all(clips, self.work.show_progress, threading.Event())
        except MediaError as exc:
            self._failed(exc)
            return []
        self._done(written)
        return written

    def cut_in_background(self) -> bool:
        """The button: cut off the kernel's event loop, with progress and Stop."""
        clips = [] if self.work.busy else self._clips()
        if not clips:
            return False
        self.message.value = ""
        self.button.disabled = True
        return self.work.start(
            self.ui.say("film.review.progress"),
            lambda progress, cancel: self._cut_all(clips, progress, cancel),
            self._done,
            self._failed,
        )

    def _done(self, written: list[Path]) -> None:
        self.button.disabled = False
        self.progress.value = 1.0
        folder = written[0].parent if written else self.data
        self.message.value = message_html(
            self.ui.say("film.review.done", count=len(written), folder=folder), "success"
        )

    def _failed(self, exc: BaseException) -> None:
        self.button.disabled = False
        if isinstance(exc, MediaError):
            log.warning("review clip not cut from film %s: %s", self.film.id, exc)
            error = self.ui.error(exc)
        else:
            log.exception("review clips not cut from film %s", self.film.id, exc_info=exc)
            error = self.ui.say("film.copy.see_log")
        self.message.value = message_html(self.ui.say("film.review.failed", error=error), "error")
