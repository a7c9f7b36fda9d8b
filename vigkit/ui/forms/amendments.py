"""Amendments to a signed supervision record: the form that changes one answer with a
reason, and the list of amendments beside the record (who, when, before → after, why).

A signed record itself never changes; :func:`vigkit.core.supervisionrules.amended_answers`
reads it with its amendments.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core.access import SupervisionRef
from vigkit.core.answers import clean_answers
from vigkit.core.errors import VigkitError
from vigkit.core.records import Practitioner
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment
from vigkit.core.supervisionrules import amended_answers, answer_changes, supervisor_only
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.templates import QuestionSet
from vigkit.templates.principles import Principles
from vigkit.ui.forms.helpingquestions import say_html
from vigkit.ui.forms.questionset import QuestionField
from vigkit.ui.forms.supervision import when_words
from vigkit.ui.runtime.pagedata import audit_done
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML

__all__ = ["AmendmentForm", "amendments_html"]

# The log lines keep the name they had before this module was split from supervisionform.
log = logging.getLogger("vigkit.ui.forms.supervision")


def _show(value: Any, ui: Interface | None = None) -> str:
    ui = ui or Interface()
    if value is None or value == "" or value == []:
        return ui.say("supervision.amend.empty")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is True:
        return ui.say("yes")
    if value is False:
        return ui.say("no")
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
        ui: Interface | None = None,
    ) -> None:
        self.ui = ui or Interface()
        say = self.ui.say
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
        self.question = w.Dropdown(
            options=choices, value=None, description=say("supervision.amend.question")
        )
        self.question.style = {"description_width": "initial"}
        self.question.layout = w.Layout(width="100%")
        self.slot = w.VBox()
        self.field: QuestionField | None = None
        self.reason = w.Textarea(description=say("supervision.amend.reason"), rows=3)
        self.reason.style = {"description_width": "initial"}
        self.reason.layout = w.Layout(width="100%", flex_flow="column")
        self.reason.add_class("vk-labelled")
        self.save_button = w.Button(
            description=say("supervision.amend.save"), button_style="primary"
        )
        self.after_typing = on_save(self.save_button, self.save, self)
        self.status = StaticHTML("")
        self.question.observe(lambda _c: self._pick(), names="value")
        self.widget = w.VBox(
            [
                StaticHTML(
                    f"<h3>{say_html(self.ui, 'supervision.amend.heading')}</h3>"
                    f'<p class="vk-help">{say_html(self.ui, "supervision.amend.help")}</p>'
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
            self.record, self.store.supervision.list_amendments(self.record.id or 0)
        )

    def _pick(self) -> None:
        qid = self.question.value
        if qid is None:
            self.slot.children = ()
            self.field = None
            return
        self.field = QuestionField(self.qset.question(qid), self.principles, self.clips, self.ui)
        self.field.set(self.current().get(qid))
        self.slot.children = (self.field.box,)

    def save(self) -> SupervisionAmendment | None:
        """Save the change beside the record; nothing is saved without a change and a reason."""
        if self.field is None:
            self.status.value = message_html(self.ui.say("supervision.amend.choose_first"), "error")
            return None
        qid = self.field.question.id
        changes = answer_changes(
            {qid: self.current().get(qid)},
            {qid: clean_answers(self.qset, {qid: self.field.get()}).get(qid)},
        )
        if not changes:
            self.status.value = message_html(self.ui.say("supervision.amend.unchanged"), "error")
            return None
        if not self.reason.value.strip():
            self.status.value = message_html(self.ui.say("supervision.amend.why_needed"), "error")
            return None
        try:
            made = self.store.supervision.add_amendment(
                SupervisionAmendment(
                    supervision_id=self.record.id or 0,
                    author_id=self.user.id,
                    reason=self.reason.value,
                    changes=changes,
                )
            )
        except (VigkitError, ValidationError) as exc:
            log.exception("amendment not saved")
            self.status.value = message_html(
                self.ui.say("supervision.amend.failed", error=self.ui.error(exc)), "error"
            )
            return None
        ref = SupervisionRef(self.record.trainee_id, self.record.supervisor_id)
        audit_done(self.store, "amend", ref, "supervision page")
        self.status.value = message_html(self.ui.say("supervision.amend.saved"), "success")
        self.reason.value = ""
        self.question.value = None
        if self.on_saved is not None:
            self.on_saved(made)
        return made


def amendments_html(
    qset: QuestionSet,
    amendments: Sequence[SupervisionAmendment],
    names: Mapping[str, str],
    ui: Interface | None = None,
) -> str:
    """Each amendment: who, when, what changed (before → after), why."""
    ui = ui or Interface()
    if not amendments:
        return f"<p>{say_html(ui, 'supervision.amend.none')}</p>"
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
                f"{html.escape(_show(change.get('before'), ui))} → "
                f"{html.escape(_show(change.get('after'), ui))}</li>"
            )
        who = names.get(a.author_id, a.author_id)
        by = say_html(
            ui,
            "supervision.amend.by",
            name=f"<strong>{html.escape(who)}</strong>",
            when=html.escape(when_words(a.made_at, ui)),
        )
        why = say_html(ui, "supervision.amend.why", reason=html.escape(a.reason))
        items.append(f'<li class="vk-amendment">{by}<ul>{"".join(rows)}</ul><div>{why}</div></li>')
    return f'<ol class="vk-list vk-amendments">{"".join(items)}</ol>'
