"""Forms built from question-set templates: every keystroke kept as a draft, saved as a record.

A form composes ipywidgets, reads and writes answers, and calls the store. Its callbacks
are a few lines over pure functions (:mod:`vigkit.core.answers`). Every callback catches
what can go wrong, shows it in plain words in the page, and keeps what was typed.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets as w

from vigkit.core import clock
from vigkit.core.answers import capped_for_draft, clean_answers, is_shown, validate_answers
from vigkit.core.errors import VigkitError
from vigkit.core.records import Draft, Reflection, now
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.templates import Question, QuestionSet
from vigkit.templates.principles import Principles
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import Submission, on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = ["QuestionField", "ReflectionForm"]

log = logging.getLogger(__name__)


def _full() -> w.Layout:
    """A fresh full-width layout: a shared Layout would hide every widget that used it."""
    return w.Layout(width="100%")


ClipChoice = tuple[int, str]  # a clip's id and how it is shown, e.g. "0:12–0:18 · Being attentive"


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def kept_answers_html(kept: dict[str, Any], ui: Interface | None = None) -> str:
    """Answers to questions a template no longer has, as escaped text, for reading only."""

    ui = ui or Interface()

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        return str(value)

    items = "".join(
        f"<dt>{html.escape(qid)}</dt><dd>{html.escape(shown(value))}</dd>"
        for qid, value in kept.items()
    )
    return (
        f'<div class="vk-kept" role="note"><h3>{html.escape(ui.say("kept.heading"))}</h3>'
        f'<p class="vk-help">{html.escape(ui.say("kept.help"))}</p>'
        f"<dl>{items}</dl></div>"
    )


class QuestionField:
    """One question: its label, help, input widget(s) and the place for its problem."""

    def __init__(
        self,
        question: Question,
        principles: Principles | None = None,
        clips: Sequence[ClipChoice] = (),
        ui: Interface | None = None,
        most_clips: int | None = None,
    ) -> None:
        self.ui = ui or Interface()
        self.question = question
        self._most_clips = most_clips
        self._checks: dict[str, w.Checkbox] = {}
        self._slots: list[w.Dropdown] = []
        self._clips = list(clips)
        self.input = self._build_input(question, principles)
        parts: list[w.Widget] = []
        help_line = (
            [StaticHTML(f'<div class="vk-help">{html.escape(question.help)}</div>')]
            if question.help
            else []
        )
        if question.kind in ("multiple_choice", "principle_picker", "clip_picker"):
            # Its prompt is a heading of its own: the help goes under it, above the choices.
            parts.append(StaticHTML(f'<div class="vk-prompt">{html.escape(question.prompt)}</div>'))
            parts += [*help_line, self.input]
        else:
            # The prompt is the input's own label, drawn inside it: help put before the input
            # sat above the prompt, under the question before (issue 30). It goes under its own.
            parts += [self.input, *help_line]
        if question.kind == "scale" and question.anchors:
            anchors = " · ".join(
                f"{k} = {v}" for k, v in sorted(question.anchors.items(), key=lambda kv: int(kv[0]))
            )
            parts.append(StaticHTML(f'<div class="vk-help">{html.escape(anchors)}</div>'))
        self.error = StaticHTML("")
        parts.append(self.error)
        self.box = w.VBox(parts, layout=_full())
        self.box.add_class("vk-field")
        self.box.add_class(f"vk-q-{question.id}")

    def _labelled(self, widget: w.Widget) -> w.Widget:
        widget.description = self.question.prompt + (" *" if self.question.required else "")
        widget.add_class("vk-labelled")
        return widget

    def _build_input(self, q: Question, principles: Principles | None) -> w.Widget:
        kind = q.kind
        if kind == "short_text":
            return self._labelled(labelled_input(w.Text, continuous_update=True))
        if kind == "long_text":
            return self._labelled(labelled_input(w.Textarea, rows=6, continuous_update=True))
        if kind == "scale":
            low, high = q.scale_range
            options = [str(i) for i in range(low, high + 1)]
            return self._labelled(labelled_input(w.ToggleButtons, options=options, index=None))
        if kind == "single_choice":
            pairs = [(o.label, o.id) for o in q.options or []]
            return self._labelled(labelled_input(w.RadioButtons, options=pairs, index=None))
        if kind == "yes_no":
            return self._labelled(
                labelled_input(
                    w.RadioButtons,
                    options=[(self.ui.say("yes"), True), (self.ui.say("no"), False)],
                    index=None,
                )
            )
        if kind == "date":
            return self._labelled(labelled_input(w.DatePicker, value=None))
        if kind == "clip_picker":
            return self._clip_slots()
        if kind == "multiple_choice":
            pairs = [(o.id, o.label) for o in q.options or []]
        elif principles is not None:
            pairs = [(p.id, f"{p.key}. {p.heading}") for p in principles.headings]
        else:
            pairs = []
        for ident, label in pairs:
            self._checks[ident] = w.Checkbox(value=False, description=label, indent=False)
        return w.VBox(list(self._checks.values()))

    def _clip_slots(self) -> w.Widget:
        """One drop-down per place in the order: the 1st clip shown, the 2nd, …"""
        if not self._clips:
            return StaticHTML(f'<p class="vk-help">{html.escape(self.ui.say("clip.none_yet"))}</p>')
        options: list[tuple[str, int | None]] = [(self.ui.say("none"), None)]
        options += [(label, ident) for ident, label in self._clips]
        # One slot per clip there is, up to the service's most (the help says "up to three").
        slots = len(self._clips)
        if self._most_clips is not None:
            slots = min(slots, self._most_clips)
        for n in range(1, slots + 1):
            label = self.ui.say("clip.slot", ordinal=_ordinal(n))
            slot = w.Dropdown(options=options, value=None, description=label)
            slot.style = {"description_width": "initial"}
            slot.layout = w.Layout(width="100%")
            self._slots.append(slot)
        return w.VBox(self._slots)

    def widgets(self) -> list[w.Widget]:
        """The widgets whose ``value`` changes when the person answers."""
        if self.question.kind == "clip_picker":
            return list(self._slots)
        return list(self._checks.values()) if self._checks else [self.input]

    def get(self) -> Any:
        """The answer as stored: text, int, bool, list of ids, or an ISO date."""
        kind = self.question.kind
        if kind == "clip_picker":
            chosen = [slot.value for slot in self._slots if slot.value is not None]
            return list(dict.fromkeys(chosen))
        if self._checks or kind in ("multiple_choice", "principle_picker"):
            return [ident for ident, box in self._checks.items() if box.value]
        value = self.input.value
        if kind == "scale":
            return None if value is None else int(value)
        if kind == "date":
            return value.isoformat() if isinstance(value, date) else None
        return value

    def set(self, value: Any) -> None:
        """Show a stored answer; one that no longer fits the widget is left out, not lost."""
        kind = self.question.kind
        if kind in ("clip_picker", "multiple_choice", "principle_picker") and not isinstance(
            value, list
        ):
            value = []  # an answer from before the question's kind changed: not shown here
        if kind == "clip_picker":
            known = {ident for ident, _ in self._clips}
            ids = [v for v in (value or []) if v in known]
            for i, slot in enumerate(self._slots):
                slot.value = ids[i] if i < len(ids) else None
        elif self._checks:
            chosen = set(value or [])
            for ident, box in self._checks.items():
                box.value = ident in chosen
        elif kind == "scale":
            fits = str(value) in self.input.options
            self.input.value = str(value) if fits else None
        elif kind == "date":
            try:
                self.input.value = date.fromisoformat(value) if value else None
            except (TypeError, ValueError):
                self.input.value = None
        elif kind in ("single_choice", "yes_no"):
            allowed = [v for _, v in self.input.options]
            self.input.value = value if value in allowed else None
        else:
            self.input.value = "" if value is None else str(value)

    def show_problem(self, text: str | None) -> None:
        self.error.value = message_html(text, "error") if text else ""


class ReflectionForm:
    """A reflection (or any question set) that autosaves a draft and saves a Reflection."""

    def __init__(
        self,
        qset: QuestionSet,
        store: Store,
        *,
        author_id: str,
        principles: Principles | None = None,
        case_code: str | None = None,
        cycle_number: int | None = None,
        reflection: Reflection | None = None,
        on_saved: Callable[[Reflection], None] | None = None,
        clips: Sequence[ClipChoice] = (),
        ui: Interface | None = None,
        most_clips: int | None = None,
    ) -> None:
        self.ui = ui or Interface()
        self.qset = qset
        self.clips = list(clips)
        self.store = store
        self.author_id = author_id
        self.principles = principles
        self.case_code = case_code
        self.cycle_number = cycle_number
        self.reflection = reflection
        self.on_saved = on_saved
        self._loading = False
        self.submission = Submission()
        self.fields = {
            q.id: QuestionField(q, principles, self.clips, self.ui, most_clips)
            for q in qset.questions()
        }
        self.status = StaticHTML("")
        self.save_button = w.Button(
            description=self.ui.say("save"), button_style="primary", icon="check"
        )
        self.save_button.tooltip = self.ui.say("save.tooltip")
        self.after_typing = on_save(self.save_button, self.save, self)
        sections: list[w.Widget] = [StaticHTML(f"<h2>{html.escape(qset.title)}</h2>")]
        if qset.description:
            sections.append(StaticHTML(f'<p class="vk-help">{html.escape(qset.description)}</p>'))
        for section in qset.sections:
            parts: list[w.Widget] = [StaticHTML(f"<h3>{html.escape(section.title)}</h3>")]
            if section.intro:
                parts.append(StaticHTML(f'<p class="vk-help">{html.escape(section.intro)}</p>'))
            parts += [self.fields[q.id].box for q in section.questions]
            sections.append(w.VBox(parts, layout=_full()))
        # Answers to questions this version of the template does not have: shown, and kept
        # with the record when it is saved again, never dropped silently.
        known = set(self.fields)
        self.kept = {
            k: v for k, v in (reflection.answers if reflection else {}).items() if k not in known
        }
        if self.kept:
            sections.append(StaticHTML(kept_answers_html(self.kept, self.ui)))
        sections.append(w.HBox([self.save_button, self.status]))
        self.widget = w.VBox(sections, layout=_full())
        self.widget.add_class("vk-form")
        for field in self.fields.values():
            for widget in field.widgets():
                widget.observe(self._changed, names="value")
        self._start()

    # -- state -------------------------------------------------------------------
    @property
    def draft_key(self) -> str:
        if self.reflection is not None and self.reflection.id is not None:
            return f"reflection:{self.reflection.id}"
        where = f"{self.case_code or '-'}:{self.cycle_number or '-'}"
        return f"reflection:new:{self.qset.id}:{self.author_id}:{where}"

    def values(self) -> dict[str, Any]:
        """Everything on the form now, shown or not."""
        return {qid: field.get() for qid, field in self.fields.items()}

    def set_values(self, answers: dict[str, Any]) -> None:
        """Fill the form without treating it as typing (no draft is written)."""
        self._loading = True
        try:
            for qid, field in self.fields.items():
                field.set(answers.get(qid))
        finally:
            self._loading = False
        self._refresh_visibility()

    def _start(self) -> None:
        answers: dict[str, Any] = dict(self.reflection.answers) if self.reflection else {}
        try:
            draft = self.store.reflections.get_draft(self.draft_key)
        except VigkitError as exc:
            log.exception("could not read draft %s", self.draft_key)
            self.status.value = message_html(
                self.ui.say("draft.unreadable", error=self.ui.error(exc)), "error"
            )
            draft = None
        if draft is not None:
            answers.update(draft.answers)
            # The save this draft was on its way to: if it went through before the page was
            # reloaded, saving again gives it back rather than storing a second one.
            self.submission = Submission(draft.submission)
        self.set_values(answers)
        if draft is not None:
            when = self.ui.moment(draft.updated_at)
            self.status.value = message_html(
                self.ui.say("draft.restored", when=when),
                "info",
            )

    def _refresh_visibility(self) -> None:
        answers = self.values()
        for field in self.fields.values():
            field.box.layout.display = None if is_shown(field.question, answers) else "none"

    # -- callbacks ---------------------------------------------------------------
    def _changed(self, _change: dict[str, Any]) -> None:
        if self._loading:
            return
        self.submission.changed()
        self._refresh_visibility()
        self.autosave()

    def autosave(self) -> bool:
        """Keep what is on the form as a draft (each text cut to what an answer may hold);
        True when it was kept."""
        answers, cut = capped_for_draft(self.qset, self.values())
        draft = Draft(
            key=self.draft_key,
            template_id=self.qset.id,
            template_version=self.qset.version,
            author_id=self.author_id,
            answers=answers,
            submission=self.submission.key,
        )
        try:
            self.store.reflections.save_draft(draft)
        except VigkitError as exc:
            log.exception("draft not kept for %s", self.draft_key)
            self.status.value = message_html(
                self.ui.say("draft.not_kept", error=self.ui.error(exc)),
                "error",
            )
            return False
        kept = self.ui.say("draft.kept", time=f"{clock.local_now():%H:%M:%S}")
        if cut:
            kept += " " + self.ui.say("draft.cut")
        self.status.value = f'<span class="vk-draft" role="status">{html.escape(kept)}</span>'
        return True

    def save(self) -> Reflection | None:
        """Validate and save; problems are shown beside their questions and nothing is saved."""
        answers = self.values()
        principle_ids = {p.id for p in self.principles.headings} if self.principles else None
        clip_ids = {ident for ident, _ in self.clips}
        problems = validate_answers(self.qset, answers, principle_ids, clip_ids, self.ui.say)
        for qid, field in self.fields.items():
            field.show_problem(problems.get(qid))
        if problems:
            count = len(problems)
            which = (
                self.ui.say("not_saved.one")
                if count == 1
                else self.ui.say("not_saved.many", count=count)
            )
            self.status.value = message_html(self.ui.say("not_saved.count", which=which), "error")
            return None
        old_key = self.draft_key
        base = self.reflection
        record = Reflection(
            id=base.id if base else None,
            template_id=self.qset.id,
            template_version=self.qset.version,
            author_id=self.author_id,
            case_code=self.case_code,
            cycle_number=self.cycle_number,
            answers=clean_answers(self.qset, answers) | self.kept,
            created_at=base.created_at if base else now(),
        )
        try:
            saved = self.store.reflections.save(
                record,
                template_body=self.qset.model_dump(mode="json"),
                draft_key=old_key,
                submission=self.submission.key,
            )
        except VigkitError as exc:
            log.exception("reflection not saved")
            self.status.value = message_html(
                self.ui.say("not_saved.error", error=self.ui.error(exc)), "error"
            )
            return None
        self.reflection = saved
        self.submission.went_through(saved.id)
        when = saved.updated_at.astimezone().strftime("%H:%M")
        self.status.value = message_html(self.ui.say("saved_at", when=when), "success")
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved
