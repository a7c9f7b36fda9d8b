"""The supervision record form: a question set whose drafts autosave, with supervisor-only
questions, clips offered only as the families' consent allows, and sign-off that locks it.

Built on :class:`vigkit.ui.forms.questionset.ReflectionForm`; the rules are :mod:`vigkit.core.supervisionrules`.
A signed record is changed only by amendments beside it (:mod:`vigkit.ui.forms.amendments`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.access import SupervisionRef
from vigkit.core.answers import clean_answers, validate_answers
from vigkit.core.errors import VigkitError
from vigkit.core.records import Consent, Practitioner, Role, problems
from vigkit.core.supervisionrecords import Supervision, SupervisionMode
from vigkit.core.supervisionrules import (
    ClipOffer,
    ClipOption,
    keep_supervisor_answers,
    offer_clips,
    record_fields,
    supervisor_only,
)
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.templates import QuestionSet
from vigkit.templates.principles import Principles
from vigkit.ui.forms.helpingquestions import say_html
from vigkit.ui.forms.questionset import QuestionField, ReflectionForm
from vigkit.ui.runtime.pagedata import audit_done
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["SupervisionForm", "held_back_html", "when_words", "CLIPS_QUESTION"]

log = logging.getLogger(__name__)
CLIPS_QUESTION = "clips_brought"


def when_words(moment: Any, ui: Interface) -> str:
    """A day and time, as "14 Mar 2026 at 10:30" in the page's language."""
    local = moment.astimezone()
    return ui.say("supervision.when", day=ui.date(local, short=True), time=f"{local:%H:%M}")


def held_back_html(offer: ClipOffer, ui: Interface | None = None) -> str:
    """Why some clips are not offered, once per family, in plain words.

    The reasons are the offer's (:func:`vigkit.core.supervisionrules.offer_clips`, given the
    page's ``say``); ``ui`` says the rest.
    """
    ui = ui or Interface()
    if not offer.held_back:
        return ""
    reasons: dict[str, tuple[str, int]] = {}
    for clip, reason in offer.held_back:
        text, count = reasons.get(clip.case_code, (reason, 0))
        reasons[clip.case_code] = (text, count + 1)
    items = "".join(
        "<li>"
        + (
            say_html(ui, "supervision.held_back.one", reason=html.escape(text))
            if count == 1
            else say_html(
                ui, "supervision.held_back.many", reason=html.escape(text), count=str(count)
            )
        )
        + "</li>"
        for text, count in reasons.values()
    )
    heading = say_html(ui, "supervision.held_back.heading")
    return f'<div class="vk-help vk-held-back"><p>{heading}</p><ul>{items}</ul></div>'


class SupervisionForm(ReflectionForm):
    """One supervision record: autosaved drafts, Save, and Sign (for the supervisor)."""

    def __init__(
        self,
        qset: QuestionSet,
        store: Store,
        *,
        user: Practitioner,
        trainee: Practitioner,
        supervisor_id: str | None,
        principles: Principles | None = None,
        record: Supervision | None = None,
        clip_options: Sequence[ClipOption] = (),
        consents: Mapping[str, Consent | None] | None = None,
        on_saved: Callable[[Supervision], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.record = record
        self.user = user
        self.trainee = trainee
        self.supervisor_id = supervisor_id
        self.is_supervisor = Role.supervisor in user.roles and user.id != trainee.id
        self.clip_options = list(clip_options)
        self.consents = dict(consents or {})
        self.on_record_saved = on_saved
        self.held_back = StaticHTML("")
        self._wanted_clips: Any = None
        mode = SupervisionMode.individual
        self.offer = offer_clips(self.clip_options, self.consents, mode, (ui or Interface()).say)
        super().__init__(
            qset,
            store,
            author_id=user.id,
            principles=principles,
            clips=[(c.clip_id, c.label) for c in self.offer.offered],
            ui=ui,
        )
        say = self.ui.say
        self.save_button.tooltip = say("supervision.form.save.tooltip")
        self.sign_button = w.Button(description=say("supervision.form.sign"), icon="pencil")
        self.sign_button.tooltip = say("supervision.form.sign.tooltip")
        self.signing = on_save(self.sign_button, self.sign, self)
        self.sign_button.layout.display = None if self.is_supervisor else "none"
        self.signature = StaticHTML("")
        buttons = self.widget.children[-1]
        if isinstance(buttons, w.HBox):
            buttons.children = (self.save_button, self.sign_button, self.status)
        self.widget.children = (self.signature, *self.widget.children)
        self._place_held_back()
        self._refresh_offer()
        self._apply_access()

    # -- where the form is ---------------------------------------------------------------
    @property
    def draft_key(self) -> str:
        record = getattr(self, "record", None)
        if record is not None and record.id is not None:
            return f"supervision:{record.id}:{self.author_id}"
        return f"supervision:new:{self.trainee.id}:{self.author_id}"

    @property
    def locked(self) -> bool:
        return self.record is not None and self.record.signed

    def _start(self) -> None:
        answers: dict[str, Any] = dict(self.record.answers) if self.record else {}
        if not answers:
            # A new record starts as individual supervision in the trainee's current stage.
            answers["mode"] = "individual"
            if self.trainee.stage:
                answers["stage"] = str(self.trainee.stage)
        draft = None
        if not self.locked:
            try:
                draft = self.store.reflections.get_draft(self.draft_key)
            except VigkitError as exc:
                log.exception("could not read draft %s", self.draft_key)
                self.status.value = message_html(
                    self.ui.say("draft.unreadable", error=self.ui.error(exc)), "error"
                )
        if draft is not None:
            answers.update(draft.answers)
        # The clips offered depend on the mode, read only once the form is filled.
        self._wanted_clips = answers.get(CLIPS_QUESTION)
        self.set_values(answers)
        if draft is not None:
            when = self.ui.moment(draft.updated_at)
            self.status.value = message_html(self.ui.say("draft.restored", when=when), "info")

    # -- consent and access ------------------------------------------------------------
    def _place_held_back(self) -> None:
        field = self.fields.get(CLIPS_QUESTION)
        if field is not None:
            field.box.children = (*field.box.children, self.held_back)

    def _mode(self) -> SupervisionMode:
        field = self.fields.get("mode")
        value = field.get() if field else None
        return (
            SupervisionMode(value)
            if value in ("individual", "group")
            else SupervisionMode.individual
        )

    def _refresh_offer(self) -> None:
        """Offer the clips the families' consent allows in the chosen mode of supervision."""
        field = self.fields.get(CLIPS_QUESTION)
        if field is None:
            return
        offer = offer_clips(self.clip_options, self.consents, self._mode(), self.ui.say)
        new = [(c.clip_id, c.label) for c in offer.offered]
        self.offer = offer
        self.held_back.value = held_back_html(offer, self.ui)
        if new == self.clips:
            self._wanted_clips = None
            return
        chosen = field.get()
        if self._wanted_clips is not None:
            chosen, self._wanted_clips = self._wanted_clips, None
        self.clips = new
        replacement = QuestionField(field.question, self.principles, new, self.ui)
        replacement.box.children = (*replacement.box.children, self.held_back)
        for section in self.widget.children:
            if isinstance(section, w.VBox) and field.box in section.children:
                section.children = tuple(
                    replacement.box if c is field.box else c for c in section.children
                )
        self.fields[CLIPS_QUESTION] = replacement
        for widget in replacement.widgets():
            widget.observe(self._changed, names="value")
        loading, self._loading = self._loading, True
        try:
            replacement.set(chosen)
        finally:
            self._loading = loading
        self._apply_access()

    def _apply_access(self) -> None:
        """Lock everything once signed; otherwise only supervisor-only questions for others."""
        mine = supervisor_only(self.qset)
        for qid, field in self.fields.items():
            off = self.locked or (qid in mine and not self.is_supervisor)
            for widget in field.widgets():
                widget.disabled = off
        self.save_button.layout.display = "none" if self.locked else None
        if self.locked or not self.is_supervisor:
            self.sign_button.layout.display = "none"
        if self.locked and self.record is not None:
            self.signature.value = self.signature_html(self.record)

    def signature_html(self, record: Supervision) -> str:
        when = when_words(record.signed_at, self.ui) if record.signed_at else ""
        name = self._name(record.signed_by)
        words = say_html(
            self.ui,
            "supervision.form.signature",
            name=f"<strong>{html.escape(name)}</strong>",
            when=html.escape(when),
        )
        return f'<div class="vk-msg vk-msg-success vk-signed" role="status">{words}</div>'

    def _name(self, ident: str | None) -> str:
        if not ident:
            return self.ui.say("supervision.form.the_supervisor")
        try:
            return self.store.people.get(ident).display_name
        except VigkitError:
            return ident

    def _changed(self, change: dict[str, Any]) -> None:
        if self._loading or self.locked:
            return
        super()._changed(change)
        mode = self.fields.get("mode")
        if mode is not None and change.get("owner") in mode.widgets():
            self._refresh_offer()

    def autosave(self) -> bool:
        if self.locked:
            return False
        return super().autosave()

    # -- save and sign -----------------------------------------------------------------
    def _problems(self, answers: dict[str, Any], everything: bool) -> dict[str, str]:
        principle_ids = {p.id for p in self.principles.headings} if self.principles else None
        clip_ids = {ident for ident, _ in self.clips}
        found = validate_answers(self.qset, answers, principle_ids, clip_ids, self.ui.say)
        if not everything:
            for qid in supervisor_only(self.qset):
                found.pop(qid, None)
        return found

    def save(self) -> Supervision | None:  # type: ignore[override]
        """Validate and save the record; problems are shown beside their questions."""
        return self._save(everything=self.is_supervisor)

    def _save(self, everything: bool) -> Supervision | None:
        if self.locked:
            self.status.value = message_html(self.ui.say("supervision.form.locked"), "error")
            return None
        answers = self.values()
        found = self._problems(answers, everything)
        for qid, field in self.fields.items():
            field.show_problem(found.get(qid))
        if found:
            count = len(found)
            which = (
                self.ui.say("not_saved.one")
                if count == 1
                else self.ui.say("not_saved.many", count=count)
            )
            self.status.value = message_html(self.ui.say("not_saved.count", which=which), "error")
            return None
        stored = self.record.answers if self.record else {}
        kept = keep_supervisor_answers(self.qset, stored, answers, self.is_supervisor)
        cleaned = clean_answers(self.qset, kept)
        old_key = self.draft_key
        try:
            record = Supervision(
                id=self.record.id if self.record else None,
                trainee_id=self.trainee.id,
                supervisor_id=self.supervisor_id,
                template_id=self.qset.id,
                template_version=self.qset.version,
                answers=cleaned,
                created_by=self.record.created_by if self.record else self.user.id,
                **record_fields(cleaned, self.trainee.stage),
            )
        except ValidationError as exc:
            words = "; ".join(problems(exc, self.ui.say).values())
            self.status.value = message_html(
                self.ui.say("supervision.form.not_saved", problems=words), "error"
            )
            return None
        try:
            saved = self.store.supervision.save(
                record, draft_key=old_key, submission=self.submission.key
            )
        except VigkitError as exc:
            log.exception("supervision record not saved")
            self.status.value = message_html(
                self.ui.say("not_saved.error", error=self.ui.error(exc)), "error"
            )
            return None
        self.record = saved
        self.submission.went_through(saved.id)
        when = saved.updated_at.astimezone().strftime("%H:%M")
        self.status.value = message_html(self.ui.say("saved_at", when=when), "success")
        if self.on_record_saved is not None:
            self.on_record_saved(saved)
        return saved

    def sign(self) -> Supervision | None:
        """Save, then sign as the supervisor: the record shows who and when, and is locked."""
        if not self.is_supervisor:
            self.status.value = message_html(
                self.ui.say("supervision.form.only_supervisor"), "error"
            )
            return None
        saved = self._save(everything=True)
        if saved is None or saved.id is None:
            return None
        try:
            signed = self.store.supervision.sign(saved.id, self.user.id)
        except VigkitError as exc:
            log.exception("supervision record not signed")
            self.status.value = message_html(
                self.ui.say("supervision.form.not_signed", error=self.ui.error(exc)), "error"
            )
            return None
        self.record = signed
        audit_done(
            self.store,
            "sign",
            SupervisionRef(signed.trainee_id, signed.supervisor_id),
            "supervision page",
        )
        self.status.value = message_html(self.ui.say("supervision.form.signed"), "success")
        self._apply_access()
        if self.on_record_saved is not None:
            self.on_record_saved(signed)
        return signed
