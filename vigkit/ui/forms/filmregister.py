"""Register a film: choose a video file under the media folder, check consent, fingerprint it.

The :class:`FilmRegister` form is part of the micro-analysis page
(:mod:`vigkit.ui.pages.microanalysis`); nothing is saved when anything fails, and every problem
shows as a plain message.
"""

from __future__ import annotations

import html
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from urllib.parse import quote

import ipywidgets as w

from vigkit import paths
from vigkit.core import clock
from vigkit.core.errors import ConsentRequired, MediaError, VigkitError
from vigkit.core.records import REVIEW_FILM_CONTEXT, Case, Film
from vigkit.i18n.interface import Interface
from vigkit.i18n.words.film import CONTEXT_KEYS
from vigkit.media import footage
from vigkit.media.filmcheck import playback_need
from vigkit.media.films import VideoInfo, register_film_file
from vigkit.media.fingerprint import remember_unchanged
from vigkit.media.opening import PathLike
from vigkit.media.playback import copy_film
from vigkit.media.uploads import UploadError, completed_upload, discard_upload
from vigkit.paths import is_team_mode
from vigkit.store import Store
from vigkit.ui.runtime.longwork import LongWork, Progress
from vigkit.ui.runtime.pagedata import film_named, film_places
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.widgets.browser_formats import BrowserFormats
from vigkit.ui.widgets.film_upload import FilmUpload, upload_words
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = [
    "FilmRegister",
    "films_list",
    "video_files",
    "context_words",
    "CONTEXTS",
    "VIDEO_SUFFIXES",
]

# The micro-analysis page's logger, as before the film register had a module of its own.
log = logging.getLogger("vigkit.ui.pages.microanalysis")

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v"}
CONTEXTS = ("play", "feeding", "bath", "nappy change", "other", REVIEW_FILM_CONTEXT)
MAX_LISTED_FILES = 500


#: media/ folders vigkit writes itself (stills, review clips, playback copies, renderings):
#: never films to register.
MADE_BY_VIGKIT = footage.MADE_BY_VIGKIT


def video_files(data: Path) -> list[Path]:
    """Video files under the data directory's media folder (not what vigkit made), by name."""
    root = paths.media_dir(data)
    found = [
        p
        for p in root.rglob("*")
        if p.suffix.lower() in VIDEO_SUFFIXES
        and p.is_file()
        and not MADE_BY_VIGKIT & set(p.relative_to(root).parts[:1])
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


def context_words(context: str, ui: Interface | None = None) -> str:
    """What was filmed, in ``ui``'s words when it is one of :data:`CONTEXTS` (else as kept)."""
    ui = ui or Interface()
    if not context:
        return ui.say("film.context.none")
    return ui.say(CONTEXT_KEYS[context]) if context in CONTEXT_KEYS else context


def films_list(store: Store, case: Case, ui: Interface | None = None) -> str:
    """The case's logged films as a list of links to their micro-analysis."""
    ui = ui or Interface()
    films = store.films.list(case.code)
    if not films:
        return f"<p>{html.escape(ui.say('film.list.none'))}</p>"
    items = []
    places = film_places(films)  # "film 2 of F023", as everywhere else
    counts = Counter(c.film_id for c in store.films.list_clips(case_code=case.code))  # one read
    for f in films:
        n = counts[f.id or 0]
        href = f"microanalysis.ipynb?case={quote(case.code)}&film={f.id}"
        link = ui.say(
            "film.list.link",
            number=places[f.id or 0],
            cycle=f.cycle_number,
            context=context_words(f.context, ui),
            date=ui.date(f.filmed_on, short=True),
        )
        clips = ui.say("film.list.clips.one" if n == 1 else "film.list.clips.many", count=n)
        details = ui.say("film.list.details", seconds=f"{f.duration_s:.0f}", clips=clips)
        items.append(
            f'<li><a href="{html.escape(href, quote=True)}">{html.escape(link)}</a> '
            f"{html.escape(details)} — "
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
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.case = case
        self.data = data
        self.on_registered = on_registered
        self.ui = ui or Interface()
        self.widget = self._form()

    def _options(self) -> list[tuple[str, str]]:
        """(name under the media folder, full path) of each video file not logged yet."""
        root = paths.media_dir(self.data)
        logged = {Path(f.path) for f in self.store.films.list()}
        return [
            (str(p.relative_to(root)), str(p)) for p in video_files(self.data) if p not in logged
        ]

    def _form(self) -> w.Widget:
        root = paths.media_dir(self.data)
        options = self._options()
        first = options[0][1] if options else None
        say = self.ui.say
        self.reg_file = labelled(
            labelled_input(w.Dropdown, options=options, value=first), say("film.register.file")
        )
        contexts = [(context_words(c, self.ui), c) for c in CONTEXTS]
        self.reg_context = labelled(
            labelled_input(w.Dropdown, options=contexts, value="play"), say("film.register.context")
        )
        self.reg_date = labelled(
            labelled_input(w.DatePicker, value=clock.today()), say("film.register.date")
        )
        cycles = [c.number for c in self.store.cases.list_cycles(self.case.code)]
        self.reg_cycle = labelled(
            labelled_input(w.BoundedIntText, value=max(cycles, default=0) + 1, min=1, max=50),
            say("film.register.cycle"),
        )
        self.reg_button = w.Button(description=say("film.register.button"), button_style="primary")
        self.reg_button.on_click(lambda _b: self.register_in_background())
        self.reg_msg = StaticHTML("")
        self.work = LongWork(self.ui)
        self.formats = BrowserFormats()
        self.reg_help = StaticHTML(self._help(root, options))
        self.upload = FilmUpload(case_code=self.case.code, words=upload_words(self.ui))
        self.upload.observe(self._on_uploaded, names="uploaded")
        if is_team_mode():
            # A team's server is not the practitioner's computer: films are sent to it.
            children = [self.reg_help, self.reg_context, self.reg_date, self.reg_cycle]
            children += [self.upload, self.work.widget, self.reg_msg, self.formats]
        else:
            or_send = say("film.register.or_send", where=paths.media_dir(self.data) / "uploads")
            children = [self.reg_help, self.reg_file, self.reg_context, self.reg_date]
            children += [self.reg_cycle, self.reg_button, self.work.widget, self.reg_msg]
            children += [StaticHTML(f'<p class="vk-help">{html.escape(or_send)}</p>'), self.upload]
            children += [self.formats]
        box = w.VBox(children)
        box.add_class("vk-register")
        return box

    def _help(self, root: Path, options: list[tuple[str, str]]) -> str:
        say = self.ui.say
        if is_team_mode():
            heading = html.escape(say("film.register.heading"))
            helping = html.escape(say("film.register.team_help"))
            return f'<h3>{heading}</h3><p class="vk-help">{helping}</p>'
        text = (
            f"<h3>{html.escape(say('film.register.heading'))}</h3>"
            f'<p class="vk-help">{html.escape(say("film.register.help", where=root))}</p>'
        )
        if not options:
            none = say("film.register.no_files", suffixes=".mp4, .mov")
            text += f"<p>{html.escape(none)}</p>"
        return text

    def _on_uploaded(self, change: dict[str, object]) -> None:
        """The browser sent a whole film: register it, or remove it when it cannot be used."""
        sent = change.get("new")
        ident = str(sent.get("id", "")) if isinstance(sent, dict) else ""
        if not ident:
            return
        owner = os.environ.get("VIGKIT_USER", "") if is_team_mode() else ""
        try:
            path = completed_upload(self.data, ident, owner, self.case.code)
        except UploadError as exc:
            self.reg_msg.value = msg(self.ui.error(exc), "error")
            self.upload.result = self.ui.error(exc)
            return
        film = self.register(str(path))
        if film is not None:
            discard_upload(self.data, ident, owner, keep_film=True)
            self.upload.result = self.ui.say(
                "film.register.logged",
                **self.named(film),
                cycle=film.cycle_number,
                seconds=f"{film.duration_s:.0f}",
            )
            return
        # Not registered: a film that cannot be read goes; one refused for another reason
        # (a date missing) stays on the server, to register once the form is put right.
        if isinstance(self._last_problem, MediaError):
            discard_upload(self.data, ident, owner, keep_film=False)
            problem = self.ui.error(self._last_problem)
            said = self.ui.say("film.register.sent_unreadable", problem=problem)
            self.reg_msg.value = msg(said, "error")
        self.upload.result = self.ui.say("film.upload.failed")
        self.upload.uploaded = {}  # the same film can be sent again once put right

    _last_problem: Exception | None = None

    def _ready(self, path: str | None) -> str | None:
        """The file to register when the form is complete (else a message, and None)."""
        self._last_problem = None
        chosen = path or self.reg_file.value
        if not chosen:
            self.reg_msg.value = msg(self.ui.say("film.register.choose_file"), "error")
            return None
        if not isinstance(self.reg_date.value, date):
            self.reg_msg.value = msg(self.ui.say("film.register.give_date"), "error")
            return None
        consent = self.store.cases.get_consent(self.case.code)
        if consent is None or not consent.allows_filming:
            self.reg_msg.value = msg(self.ui.say("film.register.no_consent"), "error")
            return None
        return str(chosen)

    def register(self, path: str | None = None) -> Film | None:
        """Check, fingerprint and log the chosen file (or the sent film at ``path``);
        nothing is saved when anything fails."""
        chosen = self._ready(path)
        if chosen is None:
            return None
        self.reg_msg.value = msg(self.ui.say("film.register.checking"))
        try:
            found = register_film_file(chosen)
        except MediaError as exc:
            self._failed(exc)
            return None
        return self._log(found)

    def register_in_background(self) -> bool:
        """The button: read the film off the kernel's event loop (a 1 GB film takes a
        while), with a progress bar and Stop; the page keeps answering meanwhile."""
        if self.work.busy:
            self.reg_msg.value = msg(self.ui.say("film.work.busy"), "info")
            return False
        chosen = self._ready(None)
        if chosen is None:
            return False
        self.reg_msg.value = ""
        self.reg_button.disabled = True

        def read(progress: Progress, cancel: threading.Event) -> tuple[VideoInfo, str, str | None]:
            info, digest = register_film_file(chosen, progress=progress, cancel=cancel)
            return info, digest, self._need(info.path)  # judged here, before it is logged

        def done(found: tuple[VideoInfo, str, str | None]) -> None:
            self.reg_button.disabled = False
            info, digest, need = found
            self._log((info, digest), need=need)

        def failed(exc: BaseException) -> None:
            self.reg_button.disabled = False
            self._failed(exc)

        return self.work.start(
            self.ui.say("film.register.checking"),
            read,
            done,
            failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._last_problem = exc if isinstance(exc, Exception) else None
        if isinstance(exc, VigkitError):
            self.reg_msg.value = msg(self.ui.error(exc), "error")
        else:
            log.exception("film not registered", exc_info=exc)
            self.reg_msg.value = msg(self.ui.say("film.register.failed"), "error")

    def _log(self, found: tuple[VideoInfo, str], need: str | None | bool = True) -> Film | None:
        """Log a film read and fingerprinted; a refusal is a message and nothing is saved."""
        info, digest = found
        try:
            film = self.store.films.add(
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
            self._last_problem = exc
            self.reg_msg.value = msg(self.ui.error(exc), "error")
            return None
        except VigkitError as exc:
            self._last_problem = exc
            log.warning("film not registered: %s", exc)
            self.reg_msg.value = msg(self.ui.error(exc), "error")
            return None
        remember_unchanged(self.data, film)  # just read whole: its first playback need not
        notes = []
        if info.variable_frame_rate:
            notes.append(self.ui.say("film.register.variable_rate"))
        logged = self.ui.say(
            "film.register.logged",
            **self.named(film),
            cycle=film.cycle_number,
            seconds=f"{info.duration_s:.0f}",
        )
        if notes:
            logged += " " + self.ui.say("film.register.note", notes="; ".join(notes))
        self.reg_msg.value = msg(logged, "success")
        # A logged film is not offered again; the next cycle is the one suggested.
        self.reg_file.options = self._options()
        self.reg_help.value = self._help(paths.media_dir(self.data), list(self.reg_file.options))
        self.reg_cycle.value = max(self.reg_cycle.value, film.cycle_number + 1)
        href = f"microanalysis.ipynb?case={quote(self.case.code)}&film={film.id}"
        opened = html.escape(self.ui.say("film.register.open", **self.named(film)))
        self.reg_msg.value += f'<p><a href="{html.escape(href, quote=True)}">{opened}</a></p>'

        if self.on_registered is not None:
            self.on_registered(film)
        self.copy_if_needed(film, need)
        return film

    def named(self, film: Film) -> dict[str, object]:
        """The words' ``{number}`` and ``{case}`` for ``film``: "film 2 of F023"."""
        return film_named(self.store, film)

    def _need(self, path: PathLike) -> str | None:
        """Why this browser needs a playback copy of the film (None: it shows it as it is)."""
        try:
            return playback_need(path, self.formats.answers())
        except MediaError:
            return None  # read a moment ago; a film that fails now is said when opened

    def copy_if_needed(self, film: Film, need: str | None | bool = True) -> bool:
        """Make the film's playback copy, off the kernel's event loop, when this page's
        browser cannot show it as it was recorded (``need``: why, None when it can, True:
        judge now; see :func:`playback_need`); True when a copy was started. The film stays
        logged whatever happens to its copy."""
        if need is True:
            need = self._need(film.path)
        if not need:
            return False
        log.info("film %s needs a playback copy: %s", film.id, need)
        said, named = self.ui.say, self.named(film)

        def done(_copy: Path) -> None:
            self.reg_msg.value += msg(said("film.copy.made", **named), "success")

        def failed(exc: BaseException) -> None:
            if isinstance(exc, VigkitError):
                problem = self.ui.error(exc)
            else:
                log.exception("no playback copy of film %s", film.id, exc_info=exc)
                problem = said("film.copy.see_log")
            self.reg_msg.value += msg(said("film.copy.failed", **named, problem=problem), "error")

        return self.work.start(
            said("film.copy.making", **named),
            lambda progress, cancel: copy_film(self.data, film, progress=progress, cancel=cancel),
            done,
            failed,
        )
