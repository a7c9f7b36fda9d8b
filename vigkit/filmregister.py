"""Register a film: choose a video file under the media folder, check consent, fingerprint it.

The :class:`FilmRegister` form is part of the micro-analysis page
(:mod:`vigkit.microanalysis`); nothing is saved when anything fails, and every problem
shows as a plain message.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

import ipywidgets as w

from . import paths
from .errors import ConsentRequired, MediaError, VigkitError
from .forms import message_html
from .media import register_film_file
from .records import Case, Film
from .store import Store

__all__ = ["FilmRegister", "films_list", "video_files", "CONTEXTS", "VIDEO_SUFFIXES"]

# The micro-analysis page's logger, as before the film register had a module of its own.
log = logging.getLogger("vigkit.microanalysis")

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v"}
CONTEXTS = ("play", "feeding", "bath", "nappy change", "other")
MAX_LISTED_FILES = 500


def video_files(data: Path) -> list[Path]:
    """Video files under the data directory's media folder (not its stills), by name."""
    root = paths.media_dir(data)
    found = [
        p
        for p in root.rglob("*")
        if p.suffix.lower() in VIDEO_SUFFIXES
        and p.is_file()
        and "stills" not in p.relative_to(root).parts[:1]
        and not p.name.startswith(".")
    ]
    return sorted(found)[:MAX_LISTED_FILES]


def labelled(widget: w.Widget, text: str) -> w.Widget:
    """The widget with ``text`` as its description, shown in full."""
    widget.description = text
    widget.style = {"description_width": "initial"}
    return widget


def msg(text: str, kind: str = "info") -> str:
    """A plain message, or nothing for no text."""
    return message_html(text, kind) if text else ""


def films_list(store: Store, case: Case) -> str:
    """The case's logged films as a list of links to their micro-analysis."""
    films = store.list_films(case.code)
    if not films:
        return "<p>No films logged for this case yet. Register one below.</p>"
    items = []
    for f in films:
        n = len(store.list_clips(film_id=f.id))
        href = f"microanalysis.ipynb?case={quote(case.code)}&film={f.id}"
        items.append(
            f'<li><a href="{html.escape(href, quote=True)}">Cycle {f.cycle_number}: '
            f"{html.escape(f.context or 'film')}, {f.filmed_on:%d %b %Y}</a> "
            f"({f.duration_s:.0f} s, {n} clip{'s' if n != 1 else ''}) — "
            f"{html.escape(Path(f.path).name)}</li>"
        )
    return f'<ul class="vk-list">{"".join(items)}</ul>'


class FilmRegister:
    """The "Register a film" form; ``on_registered`` runs after a film is logged."""

    def __init__(
        self,
        store: Store,
        case: Case,
        data: Path,
        on_registered: Callable[[Film], None] | None = None,
    ) -> None:
        self.store = store
        self.case = case
        self.data = data
        self.on_registered = on_registered
        self.widget = self._form()

    def _options(self) -> list[tuple[str, str]]:
        """(name under the media folder, full path) of each video file not logged yet."""
        root = paths.media_dir(self.data)
        logged = {Path(f.path) for f in self.store.list_films()}
        return [
            (str(p.relative_to(root)), str(p)) for p in video_files(self.data) if p not in logged
        ]

    def _form(self) -> w.Widget:
        root = paths.media_dir(self.data)
        options = self._options()
        first = options[0][1] if options else None
        self.reg_file = labelled(w.Dropdown(options=options, value=first), "Video file")
        self.reg_file.layout = w.Layout(width="100%")
        self.reg_context = labelled(w.Dropdown(options=CONTEXTS, value="play"), "What was filmed")
        self.reg_date = labelled(w.DatePicker(value=date.today()), "Filmed on")
        cycles = [c.number for c in self.store.list_cycles(self.case.code)]
        self.reg_cycle = labelled(
            w.BoundedIntText(value=max(cycles, default=0) + 1, min=1, max=50), "Cycle number"
        )
        self.reg_button = w.Button(description="Register film", button_style="primary")
        self.reg_button.on_click(lambda _b: self.register())
        self.reg_msg = w.HTML("")
        self.reg_help = w.HTML(self._help(root, options))
        box = w.VBox(
            [
                self.reg_help,
                self.reg_file,
                self.reg_context,
                self.reg_date,
                self.reg_cycle,
                self.reg_button,
                self.reg_msg,
            ]
        )
        box.add_class("vk-register")
        return box

    @staticmethod
    def _help(root: Path, options: list[tuple[str, str]]) -> str:
        where = html.escape(str(root))
        text = (
            f'<h3>Register a film</h3><p class="vk-help">Copy the film into {where} (any folder '
            "inside it), then choose it here. The film stays where it is; vigkit keeps its "
            "fingerprint so a changed or swapped file is noticed.</p>"
        )
        if not options:
            text += "<p>No video files (.mp4, .mov) there that are not logged yet.</p>"
        return text

    def register(self) -> Film | None:
        """Check, fingerprint and log the chosen file; nothing is saved when anything fails."""
        chosen = self.reg_file.value
        if not chosen:
            self.reg_msg.value = msg("Choose a video file first.", "error")
            return None
        if not isinstance(self.reg_date.value, date):
            self.reg_msg.value = msg("Give the date of filming.", "error")
            return None
        consent = self.store.get_consent(self.case.code)
        if consent is None or not consent.allows_filming:
            self.reg_msg.value = msg(
                "The family has not consented to filming, so a film cannot be logged. "
                "Record consent first.",
                "error",
            )
            return None
        self.reg_msg.value = msg(
            "Checking the film and taking its fingerprint… a long film takes a minute."
        )
        self.reg_button.disabled = True
        try:
            info, digest = register_film_file(chosen)
            film = self.store.add_film(
                Film(
                    case_code=self.case.code,
                    cycle_number=int(self.reg_cycle.value),
                    path=str(info.path),
                    sha256=digest,
                    duration_s=info.duration_s,
                    filmed_on=self.reg_date.value,
                    context=str(self.reg_context.value),
                )
            )
        except (ConsentRequired, MediaError) as exc:
            self.reg_msg.value = msg(str(exc), "error")
            return None
        except VigkitError as exc:
            log.warning("film not registered: %s", exc)
            self.reg_msg.value = msg(str(exc), "error")
            return None
        finally:
            self.reg_button.disabled = False
        notes = []
        if info.variable_frame_rate:
            notes.append("its frame rate varies (phone video), so frame steps are approximate")
        extra = f" Note: {'; '.join(notes)}." if notes else ""
        self.reg_msg.value = msg(
            f"Film {film.id} logged: cycle {film.cycle_number}, {info.duration_s:.0f} s.{extra}",
            "success",
        )
        # A logged film is not offered again; the next cycle is the one suggested.
        self.reg_file.options = self._options()
        self.reg_help.value = self._help(paths.media_dir(self.data), list(self.reg_file.options))
        self.reg_cycle.value = max(self.reg_cycle.value, film.cycle_number + 1)
        href = f"microanalysis.ipynb?case={quote(self.case.code)}&film={film.id}"
        self.reg_msg.value += (
            f'<p><a href="{html.escape(href, quote=True)}">Open film {film.id}</a></p>'
        )
        if self.on_registered is not None:
            self.on_registered(film)
        return film
