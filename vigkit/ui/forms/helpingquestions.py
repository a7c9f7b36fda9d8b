"""Helping questions: the form of a case's one to three questions and their ratings.

The form composes ipywidgets and calls the store; what is not about widgets (which rating
to add, whether a question changed, the next occasion, the rating history) is a small pure
function here, tested directly. The widget helpers shared with the case details and consent
forms (:class:`Field`, :func:`labelled`) live here too and are re-exported by
:mod:`vigkit.ui.forms.case`. Every problem is shown in plain words beside its field, nothing is
saved while any remains, and what was typed stays on the form. Stored text is only ever
shown in an input widget (as text) or through :func:`html.escape`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TypeVar

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core import clock
from vigkit.core.errors import VigkitError
from vigkit.core.records import HelpingQuestion, Rating, problems
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.store.cases import MAX_HELPING_QUESTIONS
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML, is_shared, labelled_input

__all__ = [
    "QuestionSlot",
    "HelpingQuestionsForm",
    "check_question",
    "rating_to_add",
    "question_changed",
    "next_occasion",
    "rating_history",
    "Field",
    "labelled",
    "full_width",
    "not_saved",
    "say_html",
    "OCCASIONS",
]

# The case forms' logger, as before the helping questions had a module of their own.
log = logging.getLogger("vigkit.ui.forms.case")
W = TypeVar("W", bound=w.DOMWidget)

OCCASIONS = ["start", "review 1", "review 2", "review 3", "end"]
_RATINGS = [(str(i), str(i)) for i in range(11)]


# -- widget helpers (the house style of vigkit.ui.forms.questionset), shared with the case forms ----------


def full_width() -> w.Layout:
    """A layout as wide as its container."""
    return w.Layout(width="100%")


def labelled(widget: W, label: str) -> W:
    """``widget`` with ``label`` as its own <label>, above it, wrapping."""
    widget.description = label
    if not is_shared(widget):  # made without labelled_input: give it the look itself
        widget.style = {"description_width": "initial"}
        widget.layout = w.Layout(width="100%", flex_flow="column", align_items="stretch")
    widget.add_class("vk-labelled")
    return widget


class Field:
    """An input with its help line and, beside it, the place for its problem."""

    def __init__(self, widget: w.Widget, help_text: str = "") -> None:
        self.input = widget
        self.error = StaticHTML("")
        # Under its own field: the field's label is drawn inside the widget, so a help line
        # put before it sat under the field above.
        parts: list[w.Widget] = [widget]
        if help_text:
            parts.append(StaticHTML(f'<div class="vk-help">{html.escape(help_text)}</div>'))
        parts.append(self.error)
        self.box = w.VBox(parts, layout=full_width())
        self.box.add_class("vk-field")

    def show(self, text: str | None) -> None:
        """Show ``text`` as this field's problem (None or '' clears it)."""
        self.error.value = message_html(text, "error") if text else ""


def not_saved(found: Mapping[str, str], shown_beside: int, ui: Interface | None = None) -> str:
    """The form-wide message when problems stop a save."""
    ui = ui or Interface()
    parts = [ui.say("case.not_saved")]
    parts += [text for key, text in found.items() if key == ""]
    if shown_beside == 1:
        parts.append(ui.say("case.not_saved.one"))
    elif shown_beside:
        parts.append(ui.say("case.not_saved.many", count=shown_beside))
    return " ".join([*parts, ui.say("case.not_saved.kept")])


def say_html(ui: Interface, key: str, **html_values: object) -> str:
    """The words of ``key`` as HTML: the words escaped, ``html_values`` put in as they are.

    Escape stored text (html.escape) before passing it; links and markup pass as they are.
    The words' quotes stay as written (they are text, never in an attribute).
    """
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(html_values)}
    text = html.escape(ui.say(key, **marks), quote=False)
    for name, mark in marks.items():
        text = text.replace(mark, str(html_values[name]))
    return text


# -- pure logic ----------------------------------------------------------------------------


def check_question(
    case_code: str,
    position: int,
    existing: HelpingQuestion | None,
    *,
    words: str,
    now: int | None,
    hoped_for: int | None,
    occasion: str,
    rated_on: date | None,
    ui: Interface | None = None,
) -> tuple[HelpingQuestion | None, Rating | None, dict[str, str]]:
    """One slot of the form as records: (question, rating to add, problems by field).

    An empty slot with no saved question is ignored: (None, None, {}). Keys of problems:
    words, now, hoped_for, occasion, rated_on.
    """
    ui = ui or Interface()
    found: dict[str, str] = {}
    if not words.strip():
        if existing is not None:
            found["words"] = ui.say("case.hq.empty_saved")
        elif now is not None or hoped_for is not None:
            found["words"] = ui.say("case.hq.words_first")
        return None, None, found
    hq: HelpingQuestion | None = None
    rating: Rating | None = None
    try:
        hq = HelpingQuestion(
            id=existing.id if existing else None,
            case_code=case_code,
            position=position,
            words=words,
            hoped_for=hoped_for,
        )
    except ValidationError as err:
        found.update({("words" if k == "" else k): v for k, v in problems(err, ui.say).items()})
    if now is not None:
        if not occasion.strip():
            found["occasion"] = ui.say("case.hq.occasion_missing")
        try:
            rating = Rating(value=now, rated_on=rated_on, occasion=occasion)  # type: ignore[arg-type]
        except ValidationError as err:
            for key, text in problems(err, ui.say).items():
                found.setdefault("now" if key in ("value", "") else key, text)
        if rating is not None and existing is not None and not found:
            try:
                rating = rating_to_add(existing.ratings, rating, ui)
            except ValueError as err:
                found["now"] = ui.error(err)
    if found:
        known = ("words", "now", "hoped_for", "occasion", "rated_on")
        remapped: dict[str, str] = {}
        for key, text in found.items():
            remapped.setdefault(key if key in known else "words", text)
        return None, None, remapped
    return hq, rating, found


def rating_to_add(
    existing: Sequence[Rating], new: Rating | None, ui: Interface | None = None
) -> Rating | None:
    """``new`` unless already recorded; ValueError if its date and occasion have another value."""
    if new is None:
        return None
    for old in existing:
        if (old.rated_on, old.occasion) == (new.rated_on, new.occasion):
            if old.value == new.value:
                return None
            raise ValueError(
                (ui or Interface()).say(
                    "case.hq.rating_exists",
                    value=old.value,
                    occasion=old.occasion,
                    day=(ui or Interface()).date(old.rated_on),
                )
            )
    return new


def question_changed(stored: HelpingQuestion | None, hq: HelpingQuestion) -> bool:
    """True when ``hq`` differs from the stored question in position, words or hoped-for."""
    keep = {"position", "words", "hoped_for"}
    return stored is None or stored.model_dump(include=keep) != hq.model_dump(include=keep)


def next_occasion(ratings: Sequence[Rating]) -> str:
    """The occasion to suggest next: start, then review 1, review 2 and so on."""
    if not ratings:
        return "start"
    later = {r.occasion for r in ratings if r.occasion != "start"}
    return f"review {len(later) + 1}"


def rating_history(hq: HelpingQuestion | None, ui: Interface | None = None) -> str:
    """The question's ratings as a small escaped HTML list, oldest first."""
    if hq is None:
        return ""
    ui = ui or Interface()
    lines = [
        say_html(
            ui,
            "case.hq.history.line",
            occasion=html.escape(r.occasion),
            day=ui.date(r.rated_on),
            value=r.value,
        )
        for r in sorted(hq.ratings, key=lambda r: r.rated_on)
    ]
    hoped = (
        " " + say_html(ui, "case.hq.history.hoped", value=hq.hoped_for)
        if hq.hoped_for is not None
        else ""
    )
    if not lines:
        return f'<div class="vk-help">{say_html(ui, "case.hq.history.none")}{hoped}</div>'
    items = "".join(f"<li>{line}</li>" for line in lines)
    so_far = say_html(ui, "case.hq.history.so_far") + hoped
    return f'<div class="vk-help">{so_far}</div><ul class="vk-list">{items}</ul>'


# -- the helping questions form -----------------------------------------------------------


class QuestionSlot:
    """One helping question on the form: its words, ratings, occasion, date and history."""

    def __init__(self, position: int, ui: Interface | None = None) -> None:
        self.position = position
        self.ui = ui = ui or Interface()
        self.question: HelpingQuestion | None = None
        self.words = Field(
            labelled(
                labelled_input(w.Textarea, rows=3), ui.say("case.hq.question", position=position)
            ),
            ui.say("case.hq.question.help"),
        )
        now = labelled_input(
            w.ToggleButtons, options=[(ui.say("case.hq.now.none"), ""), *_RATINGS], value=""
        )
        self.now = Field(labelled(now, ui.say("case.hq.now")))
        hoped = labelled_input(
            w.ToggleButtons, options=[(ui.say("case.hq.hoped_for.none"), ""), *_RATINGS], value=""
        )
        self.hoped_for = Field(labelled(hoped, ui.say("case.hq.hoped_for")))
        # The occasions offered are what a rating keeps (data, like the parent's words).
        occasion = labelled_input(w.Combobox, options=OCCASIONS, value="start", ensure_option=False)
        self.occasion = Field(
            labelled(occasion, ui.say("case.hq.occasion")), ui.say("case.hq.occasion.help")
        )
        self.rated_on = Field(
            labelled(labelled_input(w.DatePicker, value=clock.today()), ui.say("case.hq.rated_on"))
        )
        self.history = StaticHTML("")
        self.fields = {
            "words": self.words,
            "now": self.now,
            "hoped_for": self.hoped_for,
            "occasion": self.occasion,
            "rated_on": self.rated_on,
        }
        parts = [f.box for f in self.fields.values()]
        self.box = w.VBox([*parts, self.history], layout=full_width())
        self.box.add_class(f"vk-hq-{position}")

    def set_question(self, hq: HelpingQuestion | None) -> None:
        """Show a saved question, its hoped-for rating and its history."""
        self.question = hq
        self.words.input.value = hq.words if hq else ""
        hoped = hq.hoped_for if hq else None
        self.hoped_for.input.value = "" if hoped is None else str(hoped)
        self.occasion.input.value = next_occasion(hq.ratings if hq else [])
        self.history.value = rating_history(hq, self.ui)

    def check(self, case_code: str) -> tuple[HelpingQuestion | None, Rating | None, dict[str, str]]:
        """This slot's records (see :func:`check_question`), problems shown beside fields."""
        now, hoped = self.now.input.value, self.hoped_for.input.value
        result = check_question(
            case_code,
            self.position,
            self.question,
            words=self.words.input.value,
            now=int(now) if now else None,
            hoped_for=int(hoped) if hoped else None,
            occasion=self.occasion.input.value,
            rated_on=self.rated_on.input.value,
            ui=self.ui,
        )
        for key, field in self.fields.items():
            field.show(result[2].get(key))
        return result


class HelpingQuestionsForm:
    """Up to three helping questions of a case with their ratings; ``.widget`` to display."""

    def __init__(
        self,
        store: Store,
        case_code: str,
        *,
        on_saved: Callable[[list[HelpingQuestion]], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.case_code = case_code
        self.on_saved = on_saved
        self.ui = ui = ui or Interface()
        self.slots = tuple(QuestionSlot(i, ui) for i in range(1, MAX_HELPING_QUESTIONS + 1))
        self.message = StaticHTML("")
        self.save_button = w.Button(
            description=ui.say("case.hq.save"),
            button_style="primary",
            layout=w.Layout(width="auto"),
        )
        self.save_button.icon = "check"
        self.after_typing = on_save(self.save_button, self.save, self)
        intro = StaticHTML(f'<p class="vk-help">{say_html(ui, "case.hq.intro")}</p>')
        boxes = [s.box for s in self.slots]
        self.widget = w.VBox([intro, *boxes, self.save_button, self.message], layout=full_width())
        self.widget.add_class("vk-form")
        self.load()

    def load(self) -> None:
        """Show the saved questions, each in the slot of its position."""
        try:
            saved = self.store.cases.list_helping_questions(self.case_code)
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return
        by_slot: dict[int, HelpingQuestion] = {}
        for hq in saved:
            free = [p for p in range(1, len(self.slots) + 1) if p not in by_slot]
            if free:
                by_slot[hq.position if hq.position in free else free[0]] = hq
        for slot in self.slots:
            slot.set_question(by_slot.get(slot.position))

    def _save_one(
        self, slot: QuestionSlot, hq: HelpingQuestion, rating: Rating | None
    ) -> HelpingQuestion:
        """Save one slot's question if new or changed, and its rating if new."""
        stored = slot.question
        if hq.id is None:
            ratings = [rating] if rating is not None else []
            stored = self.store.cases.save_helping_question(
                hq.model_copy(update={"ratings": ratings})
            )
        else:
            if stored is None or question_changed(stored, hq):
                stored = self.store.cases.save_helping_question(hq)
            if rating is not None:
                stored = self.store.cases.add_rating(hq.id, rating)
        slot.question = stored
        slot.history.value = rating_history(stored, self.ui)
        return stored

    def save(self) -> list[HelpingQuestion] | None:
        """Save new or changed questions and new ratings; nothing is saved while any problem remains."""
        plans: list[tuple[QuestionSlot, HelpingQuestion, Rating | None]] = []
        bad = 0
        for slot in self.slots:
            hq, rating, found = slot.check(self.case_code)
            bad += bool(found)
            if hq is not None:
                plans.append((slot, hq, rating))
        if bad:
            self.message.value = message_html(not_saved({}, bad, self.ui), "error")
            return None
        if not plans:
            self.message.value = message_html(self.ui.say("case.hq.nothing"))
            return []
        try:
            saved = [self._save_one(slot, hq, rating) for slot, hq, rating in plans]
        except (VigkitError, ValueError) as exc:
            log.exception("helping questions not saved")
            text = self.ui.say("case.hq.error", error=self.ui.error(exc))
            self.message.value = message_html(text, "error")
            return None
        added = sum(rating is not None for _s, _h, rating in plans)
        say = self.ui.say
        count = (
            say("case.hq.questions.one")
            if len(saved) == 1
            else say("case.hq.questions.many", count=len(saved))
        )
        if added:
            ratings = (
                say("case.hq.ratings.one")
                if added == 1
                else say("case.hq.ratings.many", count=added)
            )
            done = say("case.hq.saved_with_ratings", questions=count, ratings=ratings)
        else:
            done = say("case.hq.saved", questions=count)
        self.message.value = message_html(done, "success")
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved
