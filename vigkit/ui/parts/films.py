"""Two parts of the micro-analysis page around its clip marker, each doing its long work
off the kernel's event loop (:class:`vigkit.ui.runtime.longwork.LongWork`):

- :class:`StillsPart` draws the stills the marker asks for (the S key) from the film file
  itself, one by one with a progress bar, and shows them;
- :class:`PlaybackCopyPart` makes the film's playback copy when this browser says it cannot
  show the film's pictures, and then plays the copy in the marker.
"""

from __future__ import annotations

import base64
import html
import logging
import threading
from pathlib import Path
from typing import Any

import ipywidgets as w

from vigkit.core.errors import MediaError, VigkitError
from vigkit.core.records import Film
from vigkit.i18n.interface import Interface
from vigkit.media.footage import FootageFiles
from vigkit.media.playback import copy_film, playback_path
from vigkit.media.stills import still_at
from vigkit.ui.runtime.links import film_url
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.widgets import ClipMarker
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["PlaybackCopyPart", "StillsPart"]

log = logging.getLogger("vigkit.ui.pages.microanalysis")


class StillsPart:
    """The film's stills: those taken before, and those the marker asks for."""

    def __init__(self, data: Path, film: Film, marker: ClipMarker, ui: Interface) -> None:
        self.data, self.film, self.marker, self.ui = data, film, marker, ui
        self.work = LongWork(ui)
        self.box = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.box.add_class("vk-stills")
        folder = FootageFiles(data).still(film.case_code, film.id or 0, 0).parent
        for png in sorted(folder.glob(f"film{film.id}-*.png")):
            self._show(png)
        self.widget = w.VBox([self.work.widget, self.box])
        marker.observe(self._on_requests, ["still_requests"])

    def times(self) -> list[float]:
        """The times (seconds) of the stills shown."""
        times = (getattr(child, "still_time", None) for child in self.box.children)
        return [float(t) for t in times if t is not None]  # a still at 0.00 s counts too

    def _on_requests(self, change: dict[str, Any]) -> None:
        """The marker asked for stills: drawn off the kernel's event loop, one by one; asked
        again while drawing, they wait (the marker keeps its requests until these are done)."""
        wanted = [float(t) for t in change["new"]]
        if not wanted or self.work.busy:
            return

        def draw(progress: Progress, cancel: threading.Event) -> list[Path]:
            drawn = []
            for n, t in enumerate(wanted):
                if cancel.is_set():
                    break
                out = self.take(t)
                if out is not None:
                    drawn.append(out)
                progress((n + 1) / len(wanted))
            return drawn

        def done(_drawn: list[Path]) -> None:
            self.marker.still_requests = []

        def failed(exc: BaseException) -> None:
            log.exception("stills not drawn", exc_info=exc)
            self.marker.still_requests = []
            self.marker.status = self.ui.say("film.copy.see_log")

        self.work.start(self.ui.say("film.stills.progress"), draw, done, failed)

    def take(self, t: float) -> Path | None:
        """Write the still at ``t`` seconds and show it; a plain message when that fails."""
        out = FootageFiles(self.data).still(self.film.case_code, self.film.id or 0, t)
        try:
            still_at(self.film.path, t, out)
        except MediaError as exc:
            self.marker.status = self.ui.error(exc)
            return None
        self._show(out)
        self.marker.status = self.ui.say("film.still.taken", time=f"{t:.2f}")
        return out

    def _show(self, png: Path) -> None:
        try:
            t = float(png.stem.rsplit("-", 1)[1])
            data = png.read_bytes()
        except (IndexError, ValueError, OSError):
            return
        # An <img> with words for a screen reader (ipywidgets' Image has no alt text).
        alt = html.escape(
            self.ui.say("film.still.alt", film=self.film.cycle_number, time=f"{t:.2f}")
        )
        source = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        image = StaticHTML(f'<img class="vk-still" src="{source}" alt="{alt}" width="160">')
        label = html.escape(self.ui.say("film.still.time", time=f"{t:.2f}"))
        box = w.VBox([image, StaticHTML(f'<div class="vk-help">{label}</div>')])
        box.still_time = t
        self.box.children = (*self.box.children, box)


class PlaybackCopyPart:
    """A progress bar that shows only while the film's playback copy is made."""

    def __init__(self, data: Path, film: Film, marker: ClipMarker, ui: Interface) -> None:
        self.data, self.film, self.marker, self.ui = data, film, marker, ui
        self.work = LongWork(ui)
        self.widget = self.work.widget
        marker.observe(self._on_cannot_play, ["cannot_play"])

    @property
    def path(self) -> Path:
        return playback_path(self.data, self.film.case_code, self.film.id or 0)

    def _on_cannot_play(self, change: dict[str, Any]) -> None:
        if change["new"] and not self.work.busy:
            self.make()

    def make(self) -> bool:
        """Make the copy (off the kernel's event loop), then play it; True when started."""
        if self.path.is_file():
            self._play_copy(self.path)  # made meanwhile (by the register, or another page)
            return False
        film = self.film
        return self.work.start(
            self.ui.say("film.copy.making_here"),
            lambda progress, cancel: copy_film(self.data, film, progress=progress, cancel=cancel),
            self._play_copy,
            self._failed,
        )

    def _play_copy(self, _copy: Path) -> None:
        marker, film = self.marker, self.film
        marker.codec = "h264"
        marker.cannot_play = ""
        marker.src = f"{film_url('/', film.id or 0)}?copy={film.id}"
        marker.status = self.ui.say("film.copy.made_here")

    def _failed(self, exc: BaseException) -> None:
        say = self.ui.say
        if isinstance(exc, VigkitError):
            problem = self.ui.error(exc)
        else:
            log.exception("no playback copy of film %s", self.film.id, exc_info=exc)
            problem = say("film.copy.see_log")
        self.marker.status = say("film.copy.failed_here", problem=problem)
