"""The micro-analysis page's "Review clips" part: cut the film's saved clips for the review.

Widgets at the edge: one button, a progress bar over all the clips, and a plain message.
The cutting itself is :func:`vigkit.media.reviewclips.cut_clip`.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

import ipywidgets as w

from vigkit.core.errors import MediaError
from vigkit.core.records import Film
from vigkit.i18n.interface import Interface
from vigkit.media.reviewclips import cut_clip, review_clip_path
from vigkit.store import Store
from vigkit.ui.forms import message_html
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["ReviewClipsPart"]

log = logging.getLogger(__name__)


class ReviewClipsPart:
    """Cut every saved clip of ``film`` into ``<data>/media/review/<CASE>/cycle-<N>/``."""

    def __init__(self, store: Store, film: Film, data: Path, ui: Interface | None = None) -> None:
        self.store, self.film, self.data = store, film, data
        self.ui = ui or Interface()
        say = self.ui.say
        self.button = w.Button(description=say("film.review.button"), layout=w.Layout(width="auto"))
        self.button.on_click(lambda _b: self.cut())
        self.progress = w.FloatProgress(
            value=0, min=0, max=1, description=say("film.review.progress")
        )
        self.progress.layout.visibility = "hidden"
        self.message = StaticHTML("")
        self.widget = w.VBox(
            [
                StaticHTML(
                    f"<h3>{html.escape(say('film.review.heading'))}</h3>"
                    f'<p class="vk-help">{html.escape(say("film.review.help"))}</p>'
                ),
                w.HBox([self.button, self.progress]),
                self.message,
            ]
        )
        self.widget.add_class("vk-review-clips")

    def cut(self) -> list[Path]:
        """Cut each saved clip; the paths written. A failure stops with a plain message."""
        clips = self.store.list_clips(film_id=self.film.id)
        if not clips:
            self.message.value = message_html(self.ui.say("film.review.none"), "info")
            return []
        written: list[Path] = []
        self.progress.value = 0
        self.progress.layout.visibility = "visible"
        self.button.disabled = True
        try:
            for n, clip in enumerate(clips):
                out = review_clip_path(
                    self.data, self.film.case_code, self.film.cycle_number, clip.id or 0
                )

                def step(share: float, n: int = n) -> None:
                    self.progress.value = (n + share) / len(clips)

                written.append(
                    cut_clip(self.film.path, clip.start_s, clip.end_s, out, progress=step)
                )
        except MediaError as exc:
            log.warning("review clip not cut from film %s: %s", self.film.id, exc)
            self.message.value = message_html(
                self.ui.say("film.review.failed", error=self.ui.error(exc)), "error"
            )
            return written
        finally:
            self.progress.layout.visibility = "hidden"
            self.button.disabled = False
        folder = written[0].parent if written else self.data
        self.message.value = message_html(
            self.ui.say("film.review.done", count=len(written), folder=folder), "success"
        )
        return written
