"""Who is in this film: the micro-analysis page's part where the practitioner confirms and
corrects the people seen in a film and their face boxes.

A still of the film at a chosen time shows each person's box (:class:`FaceBoxes`), to move,
resize, add or remove by mouse and keyboard; below it, one row per person: who they are
(this family, another family of the group by its case, staff, unknown), a label, and whether
they agreed to be shown. "Find faces" scans the clip's seconds off the kernel's event loop
(:func:`vigkit.media.facetracks.propose_for_film`, with progress and Stop) and lists what it
proposes, unsaved. Nothing changes in the store until "Save who is in this film": every box
is checked against the film's picture first (a box outside it is refused in plain words and
nothing is saved), then the people are added, updated and removed, the film's renderings
are removed (made again with the right people hidden) and the film is marked confirmed.
"""

from __future__ import annotations

import html
import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.errors import MediaError, RecordNotFound, VigkitError
from vigkit.core.filmpeople import PersonInFilm, PersonKind
from vigkit.core.records import Film, problems
from vigkit.i18n.interface import Interface
from vigkit.media import casefiles
from vigkit.media.faces import Box
from vigkit.media.films import decoded_size
from vigkit.media.hiding import BoxOutsidePicture, check_box
from vigkit.store import Store
from vigkit.ui.forms.personinfilm import DrawnBox, PersonRow, at_time, other_families
from vigkit.ui.runtime.links import still_url
from vigkit.ui.runtime.longwork import LongWork
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.asktwice import AskTwice
from vigkit.ui.widgets.face_boxes import FaceBoxes, face_box_words
from vigkit.ui.widgets.shared import StaticHTML

if TYPE_CHECKING:
    from vigkit.media.facetracks import Proposal

__all__ = ["FilmPeoplePart", "FIRST_SECONDS"]

log = logging.getLogger("vigkit.ui.pages.microanalysis")

#: Scanned when no clip is set in the clip editor: the film's first seconds.
FIRST_SECONDS = 10.0


class FilmPeoplePart:
    """Who is in ``film`` (``widget``): the still with boxes, the people, find and save.

    ``clip_span`` gives the seconds of the clip set in the clip editor (None: none set);
    ``player_time`` the clip marker's time; ``who`` the practitioner who confirms."""

    def __init__(
        self,
        store: Store,
        data: Path,
        film: Film,
        ui: Interface,
        *,
        who: str,
        clip_span: Callable[[], tuple[float, float] | None] = lambda: None,
        player_time: Callable[[], float] = lambda: 0.0,
    ) -> None:
        self.store, self.data, self.film, self.ui, self.who = store, data, film, ui, who
        self.clip_span, self.player_time = clip_span, player_time
        self._keys = itertools.count(1)
        self._syncing = False
        self.rows: list[PersonRow] = []
        self.removed: list[int] = []
        self.work = LongWork(ui)
        self.faces = FaceBoxes(words=face_box_words(ui))
        self.faces.observe(self._on_boxes, ["boxes"])
        self.faces.observe(self._on_selected, ["selected"])
        self._make_controls()
        self.asking: AskTwice[str] = AskTwice("film.people.remove", self.message)
        self.widget = self._layout()
        self.size: tuple[int, int] | None = None
        self._size_problem = ""
        self._read_size()
        self._families = other_families(store, film.case_code)
        self.reload()
        self._show_confirmed()

    def _show_confirmed(self) -> None:
        """Who confirmed the film's people, and when; or that nobody has (and, for a group
        session's film, that none of it is shown to anyone else until then)."""
        say, ident = self.ui.say, self.film.id or 0
        mark = self.store.people_in_films.confirmed(ident)
        if mark is not None:
            said = say(
                "film.people.confirmed",
                who=mark.confirmed_by,
                when=self.ui.moment(mark.confirmed_at),
            )
            self.confirmed.value = f'<p class="vk-help">{html.escape(said)}</p>'
        elif self.store.access.footage(self.film).group_film:
            self.confirmed.value = message_html(say("film.people.not_confirmed_group"), "info")
        else:
            said = say("film.people.not_confirmed")
            self.confirmed.value = f'<p class="vk-help">{html.escape(said)}</p>'

    def _make_controls(self) -> None:
        """The time and its steps, the person new boxes are for, the buttons, the messages."""
        say = self.ui.say
        self.time = w.BoundedFloatText(
            value=0.0,
            min=0.0,
            max=self._last_moment(),
            step=0.04,
            description=say("film.people.time"),
        )
        self.time.style.description_width = "initial"
        self.time.observe(lambda c: self.go(float(c["new"])), "value")
        self.earlier_button = self._button("film.people.earlier", self.earlier)
        self.earlier_button.tooltip = say("film.people.earlier.tip")
        self.later_button = self._button("film.people.later", self.later)
        self.later_button.tooltip = say("film.people.later.tip")
        self.player_button = self._button("film.people.player_time", self.to_player)
        self.chosen = w.Dropdown(description=say("film.people.boxes_for"))
        self.chosen.style.description_width = "initial"
        self.chosen.observe(lambda c: self._choose(str(c["new"] or "")), "value")
        self.rows_box = w.VBox()
        self.rows_box.add_class("vk-people")
        self.add_button = self._button("film.people.add_person", lambda: self.add_person())
        self.find_button = self._button("film.people.find", self.find_faces)
        self.hand_button = self._button("film.people.mark_by_hand", self.mark_by_hand)
        self.hand_button.layout.display = "none"
        self.save_button = w.Button(description=say("film.people.save"), button_style="primary")
        self.message = StaticHTML("")
        self.after_typing = on_save(self.save_button, self.save, self)
        self.find_message = StaticHTML("")
        self.confirmed = StaticHTML("")

    def _layout(self) -> w.VBox:
        say = self.ui.say
        box = w.VBox(
            [
                StaticHTML(
                    f"<h3>{html.escape(say('film.people.heading'))}</h3>"
                    f'<p class="vk-help">{html.escape(say("film.people.help"))}</p>'
                ),
                self.confirmed,
                w.HBox(
                    [self.time, self.earlier_button, self.later_button, self.player_button],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.chosen,
                self.faces,
                self.rows_box,
                w.HBox([self.add_button]),
                w.HBox([self.find_button]),
                StaticHTML(
                    '<p class="vk-help">'
                    f"{html.escape(say('film.people.find.help', seconds=f'{FIRST_SECONDS:g}'))}"
                    "</p>"
                ),
                self.work.widget,
                self.find_message,
                w.HBox([self.hand_button]),
                w.HBox([self.save_button]),
                self.message,
            ]
        )
        box.add_class("vk-film-people")
        return box

    def _button(self, key: str, action: Callable[[], Any]) -> w.Button:
        button = w.Button(description=self.ui.say(key))
        button.on_click(lambda _b: action())
        return button

    def _last_moment(self) -> float:
        """The last time a still can be drawn at (the end itself may have no frame)."""
        return max(0.0, round(self.film.duration_s - 0.05, 2))

    def _read_size(self) -> None:
        try:
            self.size = decoded_size(self.film.path)
        except MediaError as exc:
            self._size_problem = self.ui.error(exc)
            return
        self.faces.width, self.faces.height = self.size

    # -- the people ----------------------------------------------------------------------

    def reload(self) -> None:
        """Show the people saved on the film, dropping what was not saved."""
        self.rows, self.removed = [], []
        self.asking.clear()
        for person in self.store.people_in_films.list(self.film.id or 0):
            self._add_row(person)
        first = min((t for row in self.rows for t in row.boxes), default=0.0)
        self._refresh_rows()
        self.go(first)

    def _add_row(self, person: PersonInFilm) -> PersonRow:
        row = PersonRow.make(person, f"p{next(self._keys)}", self.ui, self._families)
        row.label.observe(lambda _c: self._refresh_rows(), "value")
        row.kind.observe(lambda _c: self._refresh_rows(), "value")
        self.rows.append(row)
        say = self.ui.say
        self.asking.add(
            row.key, lambda k: say(k, name=self.name(row)), lambda: self.take_off(row), row.remove
        )
        return row

    def name(self, row: PersonRow) -> str:
        """The person's label, or their kind and place on the list."""
        if row.label.value.strip():
            return str(row.label.value.strip())
        kind = self.ui.say(f"film.people.kind.{row.kind.value}")
        said = self.ui.say("film.people.person_n", kind=kind, number=self.rows.index(row) + 1)
        return said[:1].upper() + said[1:]  # it may start a sentence

    def _refresh_rows(self) -> None:
        """The rows, their names and box counts, and the people the picture knows."""
        say = self.ui.say
        for row in self.rows:
            other = row.kind.value == str(PersonKind.other_family)
            row.family.layout.display = "" if other else "none"
            times = sorted(row.boxes)
            info = (
                say(
                    "film.people.boxes",
                    count=len(times),
                    first=f"{times[0]:.2f}",
                    last=f"{times[-1]:.2f}",
                )
                if times
                else say("film.people.no_boxes")
            )
            if row.id is None:
                info += " · " + say("film.people.unsaved")
            row.info.value = f'<span class="vk-help">{html.escape(info)}</span>'
        self.asking.show()
        none = [] if self.rows else [StaticHTML(f"<p>{html.escape(say('film.people.none'))}</p>")]
        self.rows_box.children = [*none, *(row.widget for row in self.rows)]
        people = [(self.name(row), row.key) for row in self.rows]
        self.faces.people = [{"key": key, "name": name} for name, key in people]
        keep = self.chosen.value if any(key == self.chosen.value for _, key in people) else None
        self.chosen.options = people or [(say("film.people.nobody"), "")]
        self.chosen.value = keep or (people[0][1] if people else "")
        self._draw()

    def add_person(self, kind: PersonKind = PersonKind.unknown) -> str:
        """A new, unsaved person on the list (chosen for new boxes); their key."""
        row = self._add_row(PersonInFilm(film_id=self.film.id or 0))
        row.kind.value = str(kind)
        self._refresh_rows()
        self.chosen.value = row.key
        self.message.value = message_html(
            self.ui.say("film.people.added_person", name=self.name(row)), "info"
        )
        return row.key

    def take_off(self, row: PersonRow) -> None:
        """Remove's second press (:class:`AskTwice`): off the list, removed from the film on save."""
        name = self.name(row)
        self.rows.remove(row)
        if row.id is not None:
            self.removed.append(row.id)
        self.asking.drop(row.key)
        self._refresh_rows()
        self.message.value = message_html(self.ui.say("film.people.removed", name=name), "info")

    def row(self, key: str) -> PersonRow:
        return next(row for row in self.rows if row.key == key)

    # -- the picture ---------------------------------------------------------------------

    @property
    def t(self) -> float:
        return at_time(self.faces.t)

    def go(self, t: float) -> None:
        """Show the still at ``t`` seconds with the boxes there."""
        t = min(max(0.0, at_time(t)), self._last_moment())
        film = self.film
        self.faces.t = t
        self.faces.src = still_url("/", film.id or 0, t)
        self.faces.alt = self.ui.say("film.still.alt", film=film.cycle_number, time=f"{t:.2f}")
        if abs(float(self.time.value) - t) > 0.001:
            self.time.value = t
        self._draw()

    def _times(self) -> list[float]:
        chosen = [row for row in self.rows if row.key == self.chosen.value]
        for rows in (chosen, self.rows):
            times = sorted({t for row in rows for t in row.boxes})
            if times:
                return times
        return []

    def earlier(self) -> None:
        """To the chosen person's box before this time (anyone's when they have none)."""
        before = [t for t in self._times() if t < self.t - 0.001]
        if before:
            self.go(before[-1])
        else:
            self.faces.status = self.ui.say("film.people.no_earlier", time=f"{self.t:.2f}")

    def later(self) -> None:
        """To the chosen person's box after this time (anyone's when they have none)."""
        after = [t for t in self._times() if t > self.t + 0.001]
        if after:
            self.go(after[0])
        else:
            self.faces.status = self.ui.say("film.people.no_later", time=f"{self.t:.2f}")

    def to_player(self) -> None:
        self.go(self.player_time())

    def _shown(self) -> list[dict[str, Any]]:
        shown = []
        for row in self.rows:
            found = row.shown_at(self.t)
            if found is not None:
                box, carried = found
                place = {"x": box.x, "y": box.y, "w": box.w, "h": box.h}
                shown.append({"person": row.key, **place, "carried": carried})
        return shown

    def _draw(self) -> None:
        shown = self._shown()
        if shown != self.faces.boxes:
            self._syncing = True
            try:
                self.faces.boxes = shown
            finally:
                self._syncing = False

    def _on_boxes(self, change: dict[str, Any]) -> None:
        """The picture's boxes changed (moved, resized, added or removed there)."""
        if self._syncing:
            return
        t = self.t
        self.message.value = ""  # a "saved" or a refusal no longer says how things are
        drawn = {str(b["person"]): b for b in change["new"]}
        for row in self.rows:
            box = drawn.get(row.key)
            if box is not None and not box.get("carried"):
                place = (int(box["x"]), int(box["y"]), int(box["w"]), int(box["h"]))
                row.boxes[t] = DrawnBox(t, *place)
            elif box is None and t in row.boxes:
                del row.boxes[t]
        self._refresh_rows()

    def _on_selected(self, change: dict[str, Any]) -> None:
        if any(row.key == change["new"] for row in self.rows):
            self.chosen.value = change["new"]

    def _choose(self, key: str) -> None:
        if self.faces.selected != key:
            self.faces.selected = key

    def put_box(self, key: str, x: int, y: int, w: int, h: int) -> None:
        """Give person ``key`` a box at this time, as a drag or a key in the picture does."""
        others = [b for b in self.faces.boxes if b["person"] != key]
        self.faces.boxes = [*others, {"person": key, "x": x, "y": y, "w": w, "h": h}]

    def mark_by_hand(self) -> None:
        """A box in the middle of the picture for the chosen person (a new one if nobody)."""
        key = str(self.chosen.value or "") or self.add_person()
        width, height = self.size or (self.faces.width, self.faces.height)
        side = max(8, min(width, height) // 5)
        self.put_box(key, (width - side) // 2, (height - side) // 2, side, side)
        self.faces.status = self.ui.say(
            "film.people.marked", name=self.name(self.row(key)), time=f"{self.t:.2f}"
        )

    # -- find faces ----------------------------------------------------------------------

    def scan_span(self) -> tuple[float, float]:
        """The clip's seconds, or the film's first seconds when no clip is set."""
        span = self.clip_span()
        if span is not None and span[1] > span[0]:
            return span
        return 0.0, min(self.film.duration_s, FIRST_SECONDS)

    def find_faces(self) -> bool:
        """Scan the clip's seconds for faces off the event loop; True when started."""
        if self.work.busy:
            self.find_message.value = message_html(self.ui.say("film.people.busy"), "info")
            return False
        from vigkit.media.facetracks import propose_for_film  # the detector: only when asked

        start, end = self.scan_span()
        film = self.film
        self.find_message.value = ""
        self.hand_button.layout.display = "none"
        return self.work.start(
            self.ui.say("film.people.finding", start=f"{start:.2f}", end=f"{end:.2f}"),
            lambda progress, cancel: propose_for_film(
                film.id or 0, film.path, start, end, progress=progress, cancel=cancel
            ),
            self._found,
            self._find_failed,
        )

    def _found(self, proposal: Proposal) -> None:
        say, scan = self.ui.say, proposal.scan
        for person in proposal.people:
            self._add_row(person)
        self._refresh_rows()
        count = len(proposal.people)
        times = {"start": f"{scan.start_s:.2f}", "end": f"{scan.end_s:.2f}"}
        if scan.stopped:
            said = say("film.people.stopped", reached=f"{scan.reached_s:.2f}", count=count)
        elif count:
            said = say("film.people.found", count=count, **times)
        else:
            said = say("film.people.found_none", **times)
        if not count:
            self.hand_button.layout.display = ""
        first = min((b.t for p in proposal.people for b in p.boxes), default=None)
        if first is not None:
            self.go(first)
        self.find_message.value = message_html(said, "success" if count else "info")

    def _find_failed(self, exc: BaseException) -> None:
        if isinstance(exc, VigkitError):
            problem = self.ui.error(exc)
        else:
            log.exception("faces not looked for in film %s", self.film.id, exc_info=exc)
            problem = self.ui.say("film.copy.see_log")
        said = self.ui.say("film.people.find_failed", problem=problem)
        self.find_message.value = message_html(said, "error")

    # -- save ----------------------------------------------------------------------------

    def _refuse(self, key: str, **values: object) -> None:
        self.message.value = message_html(self.ui.say(key, **values), "error")

    def _people(self) -> list[PersonInFilm] | None:
        """The rows as records, every box checked against the picture; None (and the
        reason said) when one is not right."""
        if self.size is None:
            self._refuse("film.people.no_size", problem=self._size_problem)
            return None
        width, height = self.size
        people = []
        for row in self.rows:
            for b in row.in_order():
                try:
                    check_box(Box(t=b.t, x=b.x, y=b.y, w=b.w, h=b.h), width, height)
                except BoxOutsidePicture:
                    where = {"width": width, "height": height, "time": f"{b.t:.2f}"}
                    self._refuse("film.people.box_outside", name=self.name(row), **where)
                    self.go(b.t)
                    return None
            try:
                people.append(row.record(self.film.id or 0))
            except ValidationError as err:
                problem = " ".join(problems(err, self.ui.say).values())
                self._refuse("film.people.not_saved", name=self.name(row), problem=problem)
                return None
        return people

    def save(self) -> bool:
        """Check every box and person, then save them all, remove the film's renderings and
        mark its people confirmed; nothing is saved when one is refused."""
        people = self._people()
        if people is None:
            return False
        store = self.store.people_in_films
        try:
            for ident in self.removed:
                try:
                    store.remove(ident)
                except RecordNotFound:
                    pass  # removed meanwhile (another page): gone either way
            self.removed = []
            for row, person in zip(self.rows, people, strict=True):
                if person.id is None:
                    row.id = store.add(person).id
                else:
                    store.update(person)
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return False
        casefiles.remove_renderings(self.data, [self.film])
        self.store.people_in_films.confirm(self.film.id or 0, self.who)
        self._show_confirmed()
        self._refresh_rows()
        said = self.ui.say("film.people.saved", count=len(people))
        self.message.value = message_html(said, "success")
        return True
