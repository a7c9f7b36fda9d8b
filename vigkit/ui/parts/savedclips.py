"""The clips saved on a film: a table to read, and a Remove button for each.

The service keeps at most so many clips on a film (``max_clips_per_film``), so a practitioner
who has found a better moment removes one first. Removing asks twice (the first press turns
the button into "Press again to remove …"), so a stray click or key removes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

import ipywidgets as w

from vigkit.core.errors import VigkitError
from vigkit.core.records import Clip, Film
from vigkit.i18n.interface import Interface, clip_time
from vigkit.store import Store
from vigkit.templates.principles import Principles
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.asktwice import AskTwice
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["SavedClipsPart"]


class SavedClipsPart:
    """A film's saved clips (``widget``); ``on_removed`` runs after a clip is removed."""

    def __init__(
        self,
        store: Store,
        film: Film,
        principles: Principles,
        ui: Interface,
        on_removed: Callable[[], None] = lambda: None,
    ) -> None:
        self.store, self.film, self.principles, self.ui = store, film, principles, ui
        self.on_removed = on_removed
        self.html = StaticHTML("")
        self.removers = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.removers.add_class("vk-clip-removers")
        self.message = StaticHTML("")
        self.widget = w.VBox([self.html, self.removers, self.message])
        self.asking: AskTwice[int] = AskTwice("film.clip.remove", self.message)
        self.refresh()

    def _span(self, clip: Clip) -> str:
        return self.ui.say(
            "film.clips.span", start=clip_time(clip.start_s), end=clip_time(clip.end_s)
        )

    def _heading(self, ident: str) -> str:
        try:
            return self.principles.heading_of(ident).heading
        except KeyError:
            return ident

    def refresh(self) -> None:
        """Read the film's clips again and show them."""
        clips = self.store.films.list_clips(film_id=self.film.id)
        self.html.value = self._table(clips)
        self.asking.clear()
        for clip in clips:
            words = partial(self.ui.say, span=self._span(clip))
            self.asking.add(clip.id or 0, words, partial(self._remove, clip))
        self.removers.children = self.asking.buttons

    def _table(self, clips: list[Clip]) -> str:
        say = self.ui.say
        if not clips:
            return f"<p>{html.escape(say('film.clips.none'))}</p>"
        rows = "".join(
            f'<tr><td class="vk-nowrap">{html.escape(self._span(c))}</td>'
            f"<td>{html.escape(', '.join(self._heading(p) for p in c.principle_ids))}</td>"
            f"<td>{html.escape(c.what_i_see)}</td></tr>"
            for c in clips
        )
        columns = "".join(
            f'<th scope="col">{html.escape(say(f"film.clips.col.{name}"))}</th>'
            for name in ("clip", "principles", "what_i_see")
        )
        return (
            f'<table class="vk-table vk-clips"><thead><tr>{columns}</tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )

    def _remove(self, clip: Clip) -> None:
        """The second press on a clip's Remove (:class:`AskTwice`): remove it."""
        span = self._span(clip)
        try:
            self.store.films.delete_clip(clip.id or 0)
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return
        self.refresh()
        self.message.value = message_html(self.ui.say("film.clip.removed", span=span), "success")
        self.on_removed()
