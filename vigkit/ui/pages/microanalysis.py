"""The micro-analysis page: register a film, mark "better than usual" clips, take stills.

The "Register a film" form lives in :mod:`vigkit.ui.forms.filmregister`.

A film is played from the server's media route by the :class:`~vigkit.ui.widgets.ClipMarker`;
the clip editor below it fills from the marker (or by hand) and saves clips to the store.
Every problem shows as a plain message; what a person typed is always shown as text.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ipywidgets as w
from pydantic import ValidationError

from vigkit import paths
from vigkit.core.access import Action, CaseRef
from vigkit.core.errors import MediaError, NotFound, RecordNotFound, VigkitError
from vigkit.core.records import Case, Clip, Film, problems
from vigkit.i18n.interface import Interface, clip_time
from vigkit.media.fingerprint import check_unchanged
from vigkit.media.playback import playback_path
from vigkit.store import Store
from vigkit.templates.principles import Principles
from vigkit.ui.forms.filmregister import (
    CONTEXTS,
    FilmRegister,
    context_words,
    films_list,
    video_files,
)
from vigkit.ui.forms.filmregister import labelled as _labelled
from vigkit.ui.forms.filmregister import msg as _msg
from vigkit.ui.parts.filmpeople import FilmPeoplePart
from vigkit.ui.parts.films import PlaybackCopyPart, StillsPart
from vigkit.ui.parts.mutedsound import MutedSoundPart
from vigkit.ui.parts.reviewclips import ReviewClipsPart
from vigkit.ui.parts.savedclips import SavedClipsPart
from vigkit.ui.runtime import pagedata, pagehtml
from vigkit.ui.runtime.links import film_url
from vigkit.ui.runtime.page import Page, page_box
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.pagelanguage import page_interface
from vigkit.ui.runtime.submission import Submission, on_save
from vigkit.ui.widgets import ClipMarker
from vigkit.ui.widgets.clip_marker import marker_words
from vigkit.ui.widgets.shared import StaticHTML

__all__ = [
    "microanalysis_page",
    "MicroanalysisPage",
    "MicroanalysisPart",
    "video_files",
    "CONTEXTS",
]

MIN_CLIP_SECONDS = 0.04  # one frame at 25 frames a second
USUAL_CLIP_SECONDS = 10.0


class MicroanalysisPart:
    """The page's parts and callbacks (the page object names it ``micro``)."""

    def __init__(
        self,
        store: Store,
        case: Case,
        data: Path,
        principles: Principles,
        film_id: str = "",
        ui: Interface | None = None,
        who: str = "",
    ) -> None:
        self.store = store
        self.who = who or case.practitioner_id
        self.case = case
        self.data = data
        self.principles = principles
        self.ui = ui or Interface()
        self.settings = pagedata.service_settings()
        self.submission = Submission()
        self.film: Film | None = None
        self.marker: ClipMarker | None = None
        self.people: FilmPeoplePart | None = None
        self.stills: StillsPart | None = None
        self.films_html = StaticHTML(self._films_list())
        self.registrar = FilmRegister(
            store, case, data, on_registered=self._on_registered, ui=self.ui
        )
        self.register_box = self.registrar.widget
        # The register form's widgets, reached as before through the page.
        self.reg_file = self.registrar.reg_file
        self.reg_context = self.registrar.reg_context
        self.reg_date = self.registrar.reg_date
        self.reg_cycle = self.registrar.reg_cycle
        self.reg_button = self.registrar.reg_button
        self.reg_msg = self.registrar.reg_msg
        self.film_box = w.VBox()
        self.film_msg = StaticHTML("")
        children: list[w.Widget] = [
            StaticHTML(f"<h2>{self._words('film.films.heading')}</h2>"),
            self.films_html,
            self.film_msg,
            self.film_box,
            self.register_box,
        ]
        self.widget = w.VBox(children)
        if film_id:
            self.open_film(film_id)

    def _words(self, key: str, **values: object) -> str:
        """The words of ``key`` in the page's language, escaped for HTML."""
        return html.escape(self.ui.say(key, **values))

    # -- films ---------------------------------------------------------------------------

    def _films_list(self) -> str:
        return films_list(self.store, self.case, self.ui)

    def _on_registered(self, _film: Film) -> None:
        self.films_html.value = self._films_list()

    def register(self) -> Film | None:
        """Check, fingerprint and log the chosen file (see :class:`FilmRegister`)."""
        return self.registrar.register()

    def open_film(self, film_id: str) -> None:
        """Show the marker and editor for one film, after checking its file is unchanged."""
        self.film_box.children = ()
        say = self.ui.say
        if not film_id.isdigit():
            self.film_msg.value = _msg(say("film.open.not_a_number", film=repr(film_id)), "error")
            return
        try:
            film = self.store.films.get(int(film_id))
        except RecordNotFound as exc:
            self.film_msg.value = _msg(say("film.open.not_found", film=repr(exc.ident)), "error")
            return
        except NotFound as exc:
            self.film_msg.value = _msg(self.ui.error(exc), "error")
            return
        if film.case_code != self.case.code:
            self.film_msg.value = _msg(
                say("film.open.other_case", film=film_id, case=self.case.code), "error"
            )
            return
        try:
            check_unchanged(self.data, film)
        except MediaError as exc:
            self.film_msg.value = _msg(self.ui.error(exc), "error")
            return
        self.film = film
        self.film_msg.value = ""
        self.film_box.children = self._film_parts(film)

    # -- one film: marker, stills, clip editor -------------------------------------------

    def _film_parts(self, film: Film) -> list[w.Widget]:
        keys = {
            str(p.key): {"id": p.id, "label": p.heading}
            for p in self.principles.headings
            if 1 <= p.key <= 9
        }
        fps, codec = self._playback(film)
        self.marker = ClipMarker(
            src=film_url("/", film.id or 0),
            duration=film.duration_s,
            fps=fps,
            codec=codec,
            principle_keys=keys,
            marks=self._saved_marks(),
            words=marker_words(self.ui),
            help_line=self.ui.say("film.keys_help"),
        )
        self.marker.observe(
            self._on_pending, ["pending_start", "pending_end", "pending_principles"]
        )
        self.marker.observe(self._on_marks, ["marks"])
        self.stills = StillsPart(self.data, film, self.marker, self.ui)
        self.still_work = self.stills.work
        self.copy_part = PlaybackCopyPart(self.data, film, self.marker, self.ui)
        editor = self._clip_editor()
        self.saved = SavedClipsPart(
            self.store, film, self.principles, self.ui, on_removed=self._clip_removed
        )
        self.saved_html = self.saved.html
        self.people = FilmPeoplePart(
            self.store,
            self.data,
            film,
            self.ui,
            who=self.who,
            clip_span=lambda: (float(self.ed_start.value), float(self.ed_end.value)),
            player_time=lambda: self.marker.current_time if self.marker else 0.0,
        )
        heading = self._words(
            "film.title",
            cycle=film.cycle_number,
            context=context_words(film.context, self.ui),
            date=self.ui.date(film.filmed_on, short=True),
        )
        look_for = self._words(
            "film.look_for",
            most=self.settings.max_clips_per_film,
            seconds=f"{self.settings.max_clip_seconds:g}",
        )
        title = f'<h2>{heading}</h2><p class="vk-help">{look_for}</p>'
        return [
            StaticHTML(title),
            self.marker,
            self.copy_part.widget,
            StaticHTML(f"<h3>{self._words('film.stills.heading')}</h3>"),
            self.stills.widget,
            editor,
            StaticHTML(f"<h3>{self._words('film.clips.heading')}</h3>"),
            self.saved.widget,
            ReviewClipsPart(self.store, film, self.data, self.ui).widget,
            self.people.widget,
            MutedSoundPart(
                self.store, self.data, film, self.ui, self.who, self.people.clip_span
            ).widget,
        ]

    def _playback(self, film: Film) -> tuple[float, str]:
        """The film's frame rate (25 when unknown) and the codec the page is sent: H.264
        when it has a playback copy, else its own ("" when unknown)."""
        # probe() is cheap (headers, first and last second) and the film was just verified.
        from vigkit.media.films import probe_logged

        try:
            info = probe_logged(self.data, film)
        except MediaError:
            return 25.0, ""
        has_copy = playback_path(self.data, film.case_code, film.id or 0).is_file()
        return info.fps or 25.0, "h264" if has_copy else info.codec

    def _saved_marks(self) -> list[dict[str, Any]]:
        return [
            {"start": c.start_s, "end": c.end_s, "principles": c.principle_ids, "saved": True}
            for c in self.store.films.list_clips(film_id=self.film.id if self.film else None)
        ]

    def _clip_editor(self) -> w.Widget:
        """The clip editor: its fields under their prompts."""
        self._make_editor_fields()
        words = self._words
        hq_part: list[w.Widget] = [
            StaticHTML(f'<div class="vk-prompt">{words("film.clip.helping_questions")}</div>')
        ]
        hq_part += list(self.ed_hqs.values()) or [
            StaticHTML(f"<p>{words('film.clip.no_helping_questions')}</p>")
        ]
        box = w.VBox(
            [
                StaticHTML(f"<h3>{words('film.clip.heading')}</h3>"),
                w.HBox([self.ed_start, self.ed_end]),
                self.ed_warn,
                StaticHTML(f'<div class="vk-prompt">{words("film.clip.principles")}</div>'),
                *self.ed_principles.values(),
                StaticHTML(
                    f'<div class="vk-prompt">{words("film.clip.what_i_see")}</div>'
                    f'<div class="vk-help">{words("film.clip.what_i_see.help")}</div>'
                ),
                self.ed_seen,
                *hq_part,
                self.ed_better,
                self.ed_save,
                self.ed_msg,
            ]
        )
        box.add_class("vk-clip-editor")
        return box

    def _make_editor_fields(self) -> None:
        """The clip editor's fields: start and end (bounded by the film), principles, what I
        see, helping questions, better than usual; the save button and its messages."""
        say = self.ui.say
        # Bounded by the film, so a time typed past it (1e400 included) shows as the film's
        # end in the box, rather than quietly becoming 0.
        most = self.film.duration_s if self.film is not None else 1e7
        self.ed_start = _labelled(
            w.BoundedFloatText(value=0.0, min=0.0, max=most, step=0.04), say("film.clip.start")
        )
        self.ed_end = _labelled(
            w.BoundedFloatText(value=0.0, min=0.0, max=most, step=0.04), say("film.clip.end")
        )
        self.ed_principles = {
            p.id: w.Checkbox(
                value=False,
                description=f"{p.key}. {p.heading}",
                indent=False,
                layout=w.Layout(width="100%"),
            )
            for p in self.principles.headings
        }
        # Sent when the box loses focus, so before the click on "Save clip". Typing sent
        # keystroke by keystroke queues behind a busy kernel (ipywidgets holds a model's next
        # update until its last one is answered) while the click goes at once: the clip was
        # saved with the last words missing.
        self.ed_seen = w.Textarea(rows=4, continuous_update=False, layout=w.Layout(width="100%"))
        self.ed_seen.add_class("vk-what-i-see")
        # As wide as the page: a helping question is a sentence, and a cut one is unreadable.
        self.ed_hqs = {
            hq.id: w.Checkbox(
                value=False, description=hq.words, indent=False, layout=w.Layout(width="100%")
            )
            for hq in self.store.cases.list_helping_questions(self.case.code)
            if hq.id is not None
        }
        self.ed_better = w.Checkbox(value=True, description=say("film.clip.better"), indent=False)
        self.ed_save = w.Button(description=say("film.clip.save"), button_style="primary")
        self.after_typing = on_save(self.ed_save, self.save_clip, self)
        self.ed_msg = StaticHTML("")
        self.ed_warn = StaticHTML("")
        for box in (self.ed_start, self.ed_end):
            box.observe(lambda _c: self._update_warnings(), "value")
        # A change after a save makes the next save a new clip; clearing the form does not.
        self._clearing = False
        fields = [self.ed_start, self.ed_end, self.ed_seen, self.ed_better]
        for field in [*fields, *self.ed_principles.values(), *self.ed_hqs.values()]:
            field.observe(self._edited, "value")

    def _edited(self, _change: dict[str, Any]) -> None:
        if not self._clearing:
            self.submission.changed()

    def _on_pending(self, change: dict[str, Any]) -> None:
        if change["name"] == "pending_start" and change["new"] is not None:
            self.ed_start.value = round(float(change["new"]), 3)
        elif change["name"] == "pending_end" and change["new"] is not None:
            self.ed_end.value = round(float(change["new"]), 3)
        elif change["name"] == "pending_principles":
            chosen = set(change["new"])
            for ident, box in self.ed_principles.items():
                box.value = ident in chosen

    def _on_marks(self, change: dict[str, Any]) -> None:
        new = change["new"]
        if len(new) > len(change["old"]) and not new[-1].get("saved"):
            mark = new[-1]
            self.ed_start.value = round(float(mark["start"]), 3)
            self.ed_end.value = round(float(mark["end"]), 3)
            for ident, box in self.ed_principles.items():
                box.value = ident in set(mark.get("principles", []))

    def _update_warnings(self) -> list[str]:
        notes = []
        length = self.ed_end.value - self.ed_start.value
        if length > USUAL_CLIP_SECONDS:
            notes.append(
                self.ui.say(
                    "film.clip.too_long",
                    length=f"{length:.1f}",
                    usual=f"{USUAL_CLIP_SECONDS:g}",
                )
            )
        if self.film is not None:
            n = len(self.store.films.list_clips(film_id=self.film.id))
            if n >= self.settings.max_clips_per_film:
                notes.append(self.ui.say("film.clip.many", count=n))
        self.ed_warn.value = "".join(message_html(n, "info") for n in notes)
        return notes

    def save_clip(self) -> Clip | None:
        """Save the editor's clip; plain messages for times that do not fit the film."""
        if self.film is None:
            return None
        start, end = float(self.ed_start.value), float(self.ed_end.value)
        say = self.ui.say
        problem = ""
        if not (math.isfinite(start) and math.isfinite(end)):
            problem = say("film.clip.not_a_time")
        elif start < 0:
            problem = say("film.clip.before_start")
        elif end <= start:
            problem = say("film.clip.end_first", start=clip_time(start), end=clip_time(end))
        elif end > self.film.duration_s:  # the store says so too
            problem = say(
                "film.clip.past_end", end=clip_time(end), duration=clip_time(self.film.duration_s)
            )
        elif end - start < MIN_CLIP_SECONDS:
            problem = say("film.clip.too_short", length=f"{(end - start) * 1000:.0f}", least="0.04")
        if problem:
            self.ed_msg.value = _msg(problem, "error")
            return None
        stills = [t for t in self._still_times() if start <= t <= end]
        try:
            clip = self.store.films.add_clip(
                Clip(
                    film_id=self.film.id or 0,
                    start_s=start,
                    end_s=end,
                    principle_ids=[i for i, b in self.ed_principles.items() if b.value],
                    what_i_see=self.ed_seen.value.strip(),
                    helping_question_ids=[i for i, b in self.ed_hqs.items() if b.value],
                    better_than_usual=bool(self.ed_better.value),
                    still_times_s=stills,
                ),
                most=self.settings.max_clips_per_film,
                submission=self.submission.key,
            )
        except VigkitError as exc:
            self.ed_msg.value = _msg(self.ui.error(exc), "error")
            return None
        except ValidationError as err:  # a field the checks above do not know, in plain words
            said = " ".join(problems(err, say).values()) or say("film.clip.not_saved")
            self.ed_msg.value = _msg(said, "error")
            return None
        if self.submission.went_through(clip.id):  # a second click: nothing new stored
            times = {"start": clip_time(clip.start_s), "end": clip_time(clip.end_s)}
            self.ed_msg.value = _msg(say("film.clip.already_saved", **times), "info")
            return clip
        # The next clip starts blank: a link left ticked would quietly carry over to it.
        self._clearing = True
        try:
            self.ed_seen.value = ""
            for box in self.ed_hqs.values():
                box.value = False
        finally:
            self._clearing = False
        self.ed_msg.value = _msg(
            say("film.clip.saved", start=clip_time(start), end=clip_time(end)), "success"
        )
        if self.marker is not None:
            self.marker.marks = self._saved_marks()
        self.saved.refresh()
        self.films_html.value = self._films_list()
        self._update_warnings()
        return clip

    def _clip_removed(self) -> None:
        """A clip was removed: the player's marks, the films list and the warnings follow."""
        if self.marker is not None:
            self.marker.marks = self._saved_marks()
        self.films_html.value = self._films_list()
        self._update_warnings()

    # -- stills (see vigkit.ui.parts.films) ---------------------------------------------------

    def _still_times(self) -> list[float]:
        return self.stills.times() if self.stills is not None else []

    def take_still(self, t: float) -> Path | None:
        """Write the still at ``t`` seconds and show it; a plain message when that fails."""
        return self.stills.take(t) if self.stills is not None else None


@dataclass(eq=False)
class MicroanalysisPage(Page):
    """The micro-analysis page; ``micro``: its register form, clip marker, clips and stills
    (None on the page opened without a case)."""

    micro: MicroanalysisPart | None = None


def microanalysis_page(
    case: str = "",
    film: str = "",
    *,
    store: Store | None = None,
    data: Path | None = None,
    principles: Principles | None = None,
) -> MicroanalysisPage:
    """The micro-analysis page of one case (and one of its films, when ``film`` is given)."""
    store = store or pagedata.page_store()
    who = pagedata.current_practitioner(store)
    ui = page_interface(store, who)
    if not case:
        example = "microanalysis.ipynb?case=F017"
        said = StaticHTML(message_html(ui.say("film.page.open_from_case", example=example)))
        return MicroanalysisPage(
            page_box([pagehtml.page_header(ui.say("film.page.title"), who), said])
        )
    record = store.cases.get(case)
    case_ref = CaseRef(record.code, record.practitioner_id)
    pagedata.refuse_unless(store, Action.view, case_ref, "error.access.case", who)
    micro = MicroanalysisPart(
        store,
        record,
        data or paths.data_dir(),
        principles or pagedata.principles_template(),
        film,
        ui=ui,
        who=who.id if who is not None else "",
    )
    back_words = html.escape(ui.say("film.page.back", case=record.code))
    back = f'<p><a href="case.ipynb?case={quote(record.code)}">{back_words}</a></p>'
    header = pagehtml.page_header(ui.say("film.page.title_case", case=record.code), who)
    return MicroanalysisPage(page_box([header, StaticHTML(back), micro.widget]), micro)
