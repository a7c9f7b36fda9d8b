"""Sound to silence: the micro-analysis page's part, under "Who is in this film", where the
practitioner marks the seconds of a film in which a name or an address is spoken.

From and To (seconds), or the clip editor's start and end, then "Silence this stretch": the
stretch is saved (``store.people_in_films.mute``) and the film's renderings are removed, so
every rendering made from now on for any use is silent there (:mod:`vigkit.media.renderings`).
A stretch outside the film, or one that ends before it starts, is refused in plain words and
nothing is saved. Each marked stretch has a Remove button that asks twice (the first press
turns it into "Press again to …"), so a stray click or key removes nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial
from pathlib import Path

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.errors import VigkitError
from vigkit.core.filmpeople import MutedStretch
from vigkit.core.records import Film, problems
from vigkit.i18n.interface import Interface
from vigkit.media import casefiles
from vigkit.store import Store
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.asktwice import AskTwice
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["MutedSoundPart"]

#: A stretch may end this little past the film's stated length (its last frame's time).
_SLACK_S = 0.05


class MutedSoundPart:
    """The stretches of ``film`` to silence (``widget``); ``clip_span`` gives the clip
    editor's start and end (None: none set); ``who`` marks them."""

    def __init__(
        self,
        store: Store,
        data: Path,
        film: Film,
        ui: Interface,
        who: str,
        clip_span: Callable[[], tuple[float, float] | None] = lambda: None,
    ) -> None:
        self.store, self.data, self.film, self.ui, self.who = store, data, film, ui, who
        self.clip_span = clip_span
        say = ui.say
        # Unbounded: seconds typed outside the film are refused in words, not clamped unseen.
        self.start = w.FloatText(value=0.0, step=0.1, description=say("film.muted.from"))
        self.end = w.FloatText(value=0.0, step=0.1, description=say("film.muted.to"))
        self.clip_button = w.Button(description=say("film.muted.use_clip"))
        self.clip_button.on_click(lambda _b: self.use_clip())
        self.mute_button = w.Button(description=say("film.muted.silence"))
        self.mute_button.on_click(lambda _b: self.silence())
        self.listing = StaticHTML("")
        self.removers = w.VBox()
        self.message = StaticHTML("")
        heading = f"<h3>{html.escape(say('film.muted.heading'))}</h3>"
        helptext = f'<p class="vk-help">{html.escape(say("film.muted.help"))}</p>'
        self.widget = w.VBox(
            [
                StaticHTML(heading + helptext),
                w.HBox([self.start, self.end, self.clip_button, self.mute_button]),
                self.listing,
                self.removers,
                self.message,
            ]
        )
        self.widget.add_class("vk-muted")
        self.asking: AskTwice[int] = AskTwice("film.muted.remove", self.message)
        self.refresh()

    def _span(self, stretch: MutedStretch) -> str:
        return self.ui.say(
            "film.muted.span", start=f"{stretch.start_s:.2f}", end=f"{stretch.end_s:.2f}"
        )

    def refresh(self) -> None:
        """Read the film's stretches again and show them, each with its Remove button."""
        stretches = self.store.people_in_films.muted(self.film.id or 0)
        say = self.ui.say
        if not stretches:
            self.listing.value = f"<p>{html.escape(say('film.muted.none'))}</p>"
        else:
            items = "".join(f"<li>{html.escape(self._span(s))}</li>" for s in stretches)
            self.listing.value = f"<ul>{items}</ul>"
        self.asking.clear()
        for stretch in stretches:
            words = partial(say, span=self._span(stretch))
            self.asking.add(stretch.id or 0, words, partial(self.remove, stretch))
        self.removers.children = self.asking.buttons

    def use_clip(self) -> None:
        """From and To take the clip editor's start and end (or say that none is set)."""
        span = self.clip_span()
        if span is None or span[1] <= span[0]:
            self.message.value = message_html(self.ui.say("film.muted.no_clip"), "info")
            return
        self.start.value, self.end.value = span
        self.message.value = ""

    def silence(self) -> bool:
        """Save From–To as a stretch to silence and remove the film's renderings; refused in
        plain words (nothing saved) outside the film or ending before it starts."""
        start, end = float(self.start.value), float(self.end.value)
        if start < 0 or end > self.film.duration_s + _SLACK_S:
            said = self.ui.say("film.muted.outside", seconds=f"{self.film.duration_s:.2f}")
            self.message.value = message_html(said, "error")
            return False
        try:
            stretch = self.store.people_in_films.mute(self.film.id or 0, start, end, self.who)
        except ValidationError as err:
            problem = " ".join(problems(err, self.ui.say).values())
            self.message.value = message_html(problem, "error")
            return False
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return False
        casefiles.remove_renderings(self.data, [self.film])
        self.refresh()
        said = self.ui.say("film.muted.saved", span=self._span(stretch))
        self.message.value = message_html(said, "success")
        return True

    def remove(self, stretch: MutedStretch) -> None:
        """The second press on a stretch's Remove (:class:`AskTwice`): remove it (its sound
        is heard again in renderings made from now on)."""
        span = self._span(stretch)
        try:
            self.store.people_in_films.unmute(stretch.id or 0)
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return
        casefiles.remove_renderings(self.data, [self.film])
        self.refresh()
        self.message.value = message_html(self.ui.say("film.muted.removed", span=span), "success")
