"""The supervision record form: a question set whose drafts autosave, with supervisor-only
questions, clips offered only as the families' consent allows, sign-off, and amendments.

Built on :class:`vigkit.forms.ReflectionForm`; the rules are :mod:`vigkit.supervisionrules`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from .answers import clean_answers, validate_answers
from .errors import VigkitError
from .forms import QuestionField, ReflectionForm, message_html
from .principles import Principles
from .records import (
    Consent,
    Practitioner,
    Supervision,
    SupervisionAmendment,
    SupervisionMode,
    problems,
)
from .store import Store
from .supervisionrules import (
    ClipOffer,
    ClipOption,
    amended_answers,
    answer_changes,
    keep_supervisor_answers,
    offer_clips,
    record_fields,
    supervisor_only,
)
from .templates import QuestionSet

__all__ = ["SupervisionForm", "AmendmentForm", "held_back_html", "CLIPS_QUESTION"]

log = logging.getLogger(__name__)
CLIPS_QUESTION = "clips_brought"


def held_back_html(offer: ClipOffer) -> str:
    """Why some clips are not offered, once per family, in plain words."""
    if not offer.held_back:
        return ""
    reasons: dict[str, tuple[str, int]] = {}
    for clip, reason in offer.held_back:
        text, count = reasons.get(clip.case_code, (reason, 0))
        reasons[clip.case_code] = (text, count + 1)
    items = "".join(
        f"<li>{html.escape(text)} ({count} clip{'s' if count != 1 else ''} not offered)</li>"
        for text, count in reasons.values()
    )
    return f'<div class="vk-help vk-held-back"><p>Not offered here:</p><ul>{items}</ul></div>'


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
    ) -> None:
        self.record = record
        self.user = user
        self.trainee = trainee
        self.supervisor_id = supervisor_id
        self.is_supervisor = "supervisor" in {str(r) for r in user.roles} and user.id != trainee.id
        self.clip_options = list(clip_options)
        self.consents = dict(consents or {})
        self.on_record_saved = on_saved
        self.held_back = w.HTML("")
        self._wanted_clips: Any = None
        self.offer = offer_clips(self.clip_options, self.consents, SupervisionMode.individual)
        super().__init__(
            qset,
            store,
            author_id=user.id,
            principles=principles,
            clips=[(c.clip_id, c.label) for c in self.offer.offered],
        )
        self.save_button.tooltip = "Save this record (your typing is also kept as a draft)"
        self.sign_button = w.Button(description="Sign and lock", icon="pencil")
        self.sign_button.tooltip = "Sign the record as its supervisor; it is then locked"
        self.sign_button.on_click(lambda _b: self.sign())
        self.sign_button.layout.display = None if self.is_supervisor else "none"
        self.signature = w.HTML("")
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
                draft = self.store.get_draft(self.draft_key)
            except VigkitError as exc:
                log.exception("could not read draft %s", self.draft_key)
                self.status.value = message_html(
                    f"Your earlier draft could not be read: {exc}", "error"
                )
        if draft is not None:
            answers.update(draft.answers)
        # The clips offered depend on the mode, read only once the form is filled.
        self._wanted_clips = answers.get(CLIPS_QUESTION)
        self.set_values(answers)
        if draft is not None:
            when = draft.updated_at.astimezone().strftime("%d %b %Y %H:%M")
            self.status.value = message_html(
                f"Restored what you typed on {when}. It is kept as a draft until you save.",
                "info",
            )

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
        offer = offer_clips(self.clip_options, self.consents, self._mode())
        new = [(c.clip_id, c.label) for c in offer.offered]
        self.offer = offer
        self.held_back.value = held_back_html(offer)
        if new == self.clips:
            self._wanted_clips = None
            return
        chosen = field.get()
        if self._wanted_clips is not None:
            chosen, self._wanted_clips = self._wanted_clips, None
        self.clips = new
        replacement = QuestionField(field.question, self.principles, new)
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
        when = (
            record.signed_at.astimezone().strftime("%d %b %Y at %H:%M") if record.signed_at else ""
        )
        name = self._name(record.signed_by)
        return (
            f'<div class="vk-msg vk-msg-success vk-signed" role="status">Signed by '
            f"<strong>{html.escape(name)}</strong> on {html.escape(when)}. This record is locked: "
            "a later change is an amendment, kept beside it.</div>"
        )

    def _name(self, ident: str | None) -> str:
        if not ident:
            return "the supervisor"
        try:
            return self.store.get_practitioner(ident).display_name
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
        found = validate_answers(self.qset, answers, principle_ids, clip_ids)
        if not everything:
            for qid in supervisor_only(self.qset):
                found.pop(qid, None)
        return found

    def save(self) -> Supervision | None:  # type: ignore[override]
        """Validate and save the record; problems are shown beside their questions."""
        return self._save(everything=self.is_supervisor)

    def _save(self, everything: bool) -> Supervision | None:
        if self.locked:
            self.status.value = message_html(
                "This record is signed and locked: add an amendment instead.", "error"
            )
            return None
        answers = self.values()
        found = self._problems(answers, everything)
        for qid, field in self.fields.items():
            field.show_problem(found.get(qid))
        if found:
            count = len(found)
            which = "1 question needs" if count == 1 else f"{count} questions need"
            self.status.value = message_html(
                f"Not saved yet: {which} attention (shown in red). Your draft is kept.", "error"
            )
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
            words = "; ".join(problems(exc).values())
            self.status.value = message_html(f"Not saved: {words}. Your draft is kept.", "error")
            return None
        try:
            saved = self.store.save_supervision(record)
            self.store.delete_draft(old_key)
        except VigkitError as exc:
            log.exception("supervision record not saved")
            self.status.value = message_html(
                f"Not saved: {exc} Your text is still here and kept as a draft.", "error"
            )
            return None
        self.record = saved
        when = saved.updated_at.astimezone().strftime("%H:%M")
        self.status.value = message_html(f"Saved at {when}.", "success")
        if self.on_record_saved is not None:
            self.on_record_saved(saved)
        return saved

    def sign(self) -> Supervision | None:
        """Save, then sign as the supervisor: the record shows who and when, and is locked."""
        if not self.is_supervisor:
            self.status.value = message_html(
                "Only the trainee's supervisor signs a supervision record.", "error"
            )
            return None
        saved = self._save(everything=True)
        if saved is None or saved.id is None:
            return None
        try:
            signed = self.store.sign_supervision(saved.id, self.user.id)
        except VigkitError as exc:
            log.exception("supervision record not signed")
            self.status.value = message_html(f"Saved but not signed: {exc}", "error")
            return None
        self.record = signed
        self.status.value = message_html("Signed. The record is now locked.", "success")
        self._apply_access()
        if self.on_record_saved is not None:
            self.on_record_saved(signed)
        return signed


def _show(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


class AmendmentForm:
    """Change one answer of a signed record, with the reason; saved beside the record."""

    def __init__(
        self,
        qset: QuestionSet,
        store: Store,
        record: Supervision,
        *,
        user: Practitioner,
        is_supervisor: bool,
        principles: Principles | None = None,
        clips: Sequence[tuple[int, str]] = (),
        on_saved: Callable[[SupervisionAmendment], None] | None = None,
    ) -> None:
        self.qset = qset
        self.store = store
        self.record = record
        self.user = user
        self.principles = principles
        self.clips = list(clips)
        self.on_saved = on_saved
        mine = supervisor_only(qset)
        choices = [
            (q.prompt[:90], q.id) for q in qset.questions() if is_supervisor or q.id not in mine
        ]
        self.question = w.Dropdown(options=choices, value=None, description="Answer to change")
        self.question.style = {"description_width": "initial"}
        self.question.layout = w.Layout(width="100%")
        self.slot = w.VBox()
        self.field: QuestionField | None = None
        self.reason = w.Textarea(description="Why it changed *", rows=3)
        self.reason.style = {"description_width": "initial"}
        self.reason.layout = w.Layout(width="100%", flex_flow="column")
        self.reason.add_class("vk-labelled")
        self.save_button = w.Button(description="Save amendment", button_style="primary")
        self.save_button.on_click(lambda _b: self.save())
        self.status = w.HTML("")
        self.question.observe(lambda _c: self._pick(), names="value")
        self.widget = w.VBox(
            [
                w.HTML(
                    "<h3>Add an amendment</h3>"
                    '<p class="vk-help">The signed record stays as it is; the amendment is kept '
                    "beside it with your name, the time, and why.</p>"
                ),
                self.question,
                self.slot,
                self.reason,
                w.HBox([self.save_button, self.status]),
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("vk-amend")

    def current(self) -> dict[str, Any]:
        return amended_answers(
            self.record, self.store.list_supervision_amendments(self.record.id or 0)
        )

    def _pick(self) -> None:
        qid = self.question.value
        if qid is None:
            self.slot.children = ()
            self.field = None
            return
        self.field = QuestionField(self.qset.question(qid), self.principles, self.clips)
        self.field.set(self.current().get(qid))
        self.slot.children = (self.field.box,)

    def save(self) -> SupervisionAmendment | None:
        """Save the change beside the record; nothing is saved without a change and a reason."""
        if self.field is None:
            self.status.value = message_html("Choose the answer to change first.", "error")
            return None
        qid = self.field.question.id
        changes = answer_changes(
            {qid: self.current().get(qid)},
            {qid: clean_answers(self.qset, {qid: self.field.get()}).get(qid)},
        )
        if not changes:
            self.status.value = message_html(
                "That is the same as before: nothing changed.", "error"
            )
            return None
        if not self.reason.value.strip():
            self.status.value = message_html("Please say why it changed.", "error")
            return None
        try:
            made = self.store.add_supervision_amendment(
                SupervisionAmendment(
                    supervision_id=self.record.id or 0,
                    author_id=self.user.id,
                    reason=self.reason.value,
                    changes=changes,
                )
            )
        except (VigkitError, ValidationError) as exc:
            log.exception("amendment not saved")
            self.status.value = message_html(f"Amendment not saved: {exc}", "error")
            return None
        self.status.value = message_html("Amendment saved beside the signed record.", "success")
        self.reason.value = ""
        self.question.value = None
        if self.on_saved is not None:
            self.on_saved(made)
        return made


def amendments_html(
    qset: QuestionSet, amendments: Sequence[SupervisionAmendment], names: Mapping[str, str]
) -> str:
    """Each amendment: who, when, what changed (before → after), why."""
    if not amendments:
        return "<p>No amendments.</p>"
    items = []
    for a in amendments:
        rows = []
        for qid, change in a.changes.items():
            try:
                prompt = qset.question(qid).prompt
            except KeyError:
                prompt = qid
            rows.append(
                f"<li><strong>{html.escape(prompt)}</strong>: "
                f"{html.escape(_show(change.get('before')))} → "
                f"{html.escape(_show(change.get('after')))}</li>"
            )
        when = a.made_at.astimezone().strftime("%d %b %Y at %H:%M")
        who = names.get(a.author_id, a.author_id)
        items.append(
            f'<li class="vk-amendment">Amended by <strong>{html.escape(who)}</strong> on '
            f"{html.escape(when)}<ul>{''.join(rows)}</ul>"
            f"<div>Why: {html.escape(a.reason)}</div></li>"
        )
    return f'<ol class="vk-list vk-amendments">{"".join(items)}</ol>'


__all__ += ["amendments_html"]
