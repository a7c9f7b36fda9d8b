"""The consent of a case: a separate yes/no for each use, its history, and withdrawal.

Consent is never edited in place: each save records a new version through
:meth:`Store.cases.set_consent` and the earlier ones stay as history. Withdrawal records a
version with ``withdrawn_on``; from then on the store refuses films, and the form shows
when the footage is to be deleted (:func:`deletion_due`).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from vigkit import paths
from vigkit.core import clock
from vigkit.core.access import CaseRef
from vigkit.core.errors import VigkitError
from vigkit.core.records import Consent, problems
from vigkit.core.settings import ServiceSettings
from vigkit.core.summaries import add_months
from vigkit.i18n.interface import Interface
from vigkit.media.governance import record_consent
from vigkit.store import Store
from vigkit.ui.forms.case import Field, labelled
from vigkit.ui.forms.helpingquestions import say_html
from vigkit.ui.runtime.pagedata import audit_done
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = [
    "ConsentForm",
    "CONSENT_USES",
    "deletion_due",
    "consent_text",
    "consent_defaults",
    "withdrawal",
    "history_html",
    "use_labels",
]

log = logging.getLogger(__name__)

# Each use the family says yes or no to, in the order of a common consent form; in English
# (the words are keyed ``case.consent.use.<name>`` for other languages: see use_labels).
CONSENT_USES: dict[str, str] = {
    name: Interface().say(f"case.consent.use.{name}")
    for name in (
        "filming",
        "supervisor_viewing",
        "intervision",
        "training_events",
        "group_viewing",
        "family_copy",
    )
}


def use_labels(ui: Interface | None = None) -> dict[str, str]:
    """Each use of :data:`CONSENT_USES`, in the page's language."""
    ui = ui or Interface()
    return {name: ui.say(f"case.consent.use.{name}") for name in CONSENT_USES}


# -- pure logic ----------------------------------------------------------------------------


def deletion_due(consent: Consent | None) -> date | None:
    """When footage is to be deleted after a withdrawal: withdrawal day + retention months.

    None when there is no consent or it was not withdrawn. (The case workbook also counts
    from the case's closing day; see :func:`vigkit.core.summaries.deletion_date`.)
    """
    if consent is None or consent.withdrawn_on is None:
        return None
    return add_months(consent.withdrawn_on, consent.retention_months)


def _months(n: int, ui: Interface) -> str:
    return ui.say("case.months.one") if n == 1 else ui.say("case.months.many", count=n)


def consent_text(consent: Consent, ui: Interface | None = None) -> str:
    """One consent version in plain words (plain text: escape it before putting it in HTML)."""
    ui = ui or Interface()
    yes, no = ui.say("case.yes"), ui.say("case.no")
    uses = "; ".join(
        ui.say(
            "case.consent.text.use", use=label.lower(), answer=yes if getattr(consent, name) else no
        )
        for name, label in use_labels(ui).items()
    )
    text = ui.say(
        "case.consent.text",
        day=ui.date(consent.given_on),
        uses=f"{uses[0].upper()}{uses[1:]}",
        months=_months(consent.retention_months, ui),
    )
    due = deletion_due(consent)
    if consent.withdrawn_on is not None and due is not None:
        text += " " + ui.say(
            "case.consent.text.withdrawn", day=ui.date(consent.withdrawn_on), due=ui.date(due)
        )
    return text


def consent_defaults(current: Consent | None, settings: ServiceSettings) -> dict[str, Any]:
    """What the form shows for a new version: the current answers, or all 'no' after a withdrawal."""
    keep = current is not None and current.withdrawn_on is None
    answers = {name: bool(keep and getattr(current, name)) for name in CONSENT_USES}
    months = current.retention_months if current is not None else settings.retention_months
    return answers | {"retention_months": months}


def withdrawal(current: Consent, on: date) -> Consent:
    """``current`` withdrawn on ``on``; ValidationError if that is before it was given."""
    return Consent.model_validate(current.model_dump() | {"withdrawn_on": on})


# -- the form ------------------------------------------------------------------------------


class ConsentForm:
    """Record consent (a new version each save), see its history, record a withdrawal."""

    def __init__(
        self,
        store: Store,
        case_code: str,
        settings: ServiceSettings,
        *,
        on_saved: Callable[[Consent], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.case_code = case_code
        self.settings = settings
        self.on_saved = on_saved
        self.ui = ui = ui or Interface()
        self.consent: Consent | None = None
        self.history_records: list[Consent] = []
        self.current = StaticHTML("")
        self.deletion = StaticHTML("")
        self._make_record_fields(settings)
        self._make_withdrawal()
        self.history = StaticHTML("")
        self.message = StaticHTML("")
        self.widget = w.VBox(
            [
                StaticHTML(f"<h3>{say_html(ui, 'case.consent.current')}</h3>"),
                self.current,
                self.deletion,
                StaticHTML(f"<h3>{say_html(ui, 'case.consent.record')}</h3>"),
                self.given_on.box,
                self.uses_field.box,
                self.retention.box,
                self.save_button,
                StaticHTML(f"<h3>{say_html(ui, 'case.consent.withdrawal')}</h3>"),
                self.withdraw_on.box,
                self.withdraw_button,
                self.message,
                StaticHTML(f"<h3>{say_html(ui, 'case.consent.earlier')}</h3>"),
                self.history,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("vk-form")
        self.load()

    def _make_record_fields(self, settings: ServiceSettings) -> None:
        """The fields of a new consent (the day, each use, how long footage is kept) and the
        button that saves it."""
        say = self.ui.say
        self.given_on = Field(
            labelled(
                labelled_input(w.DatePicker, value=clock.today()), say("case.consent.given_on")
            )
        )
        self.uses = {
            name: w.Checkbox(
                value=False, description=label, indent=False, layout=w.Layout(width="100%")
            )
            for name, label in use_labels(self.ui).items()
        }
        self.uses_field = Field(
            w.VBox(list(self.uses.values()), layout=w.Layout(width="100%")),
            say("case.consent.uses.help"),
        )
        self.retention = Field(
            labelled(
                labelled_input(w.IntText, value=settings.retention_months),
                say("case.consent.retention"),
            ),
            say("case.consent.retention.help"),
        )
        self.fields: dict[str, Field] = {
            "given_on": self.given_on,
            "retention_months": self.retention,
            **{name: self.uses_field for name in CONSENT_USES},
        }
        self.save_button = w.Button(description=say("case.consent.save"), button_style="primary")
        self.save_button.icon = "check"
        self.after_typing = on_save(self.save_button, self.save, self)

    def _make_withdrawal(self) -> None:
        """The day of a withdrawal and the button that records it."""
        say = self.ui.say
        self.withdraw_on = Field(
            labelled(
                labelled_input(w.DatePicker, value=clock.today()), say("case.consent.withdrawn_on")
            )
        )
        self.withdraw_button = w.Button(
            description=say("case.consent.withdraw"), button_style="danger"
        )
        self.withdraw_button.tooltip = say("case.consent.withdraw.tooltip")
        self.withdraw_button.on_click(lambda _b: self.withdraw(self.withdraw_on.input.value))

    def load(self) -> None:
        """Read the current consent and its history, and fill the form from them."""
        try:
            history = self.store.cases.consent_history(self.case_code)
        except VigkitError as exc:
            self.message.value = message_html(self.ui.error(exc), "error")
            return
        self.history_records = history
        self.consent = history[-1] if history else None
        self._show_records()
        defaults = consent_defaults(self.consent, self.settings)
        for name, box in self.uses.items():
            box.value = defaults[name]
        self.retention.input.value = defaults["retention_months"]

    def _show_records(self) -> None:
        consent = self.consent
        if consent is None:
            none = say_html(self.ui, "case.consent.none")
            self.current.value = f'<p class="vk-help">{none}</p>'
        else:
            self.current.value = f"<p>{html.escape(consent_text(consent, self.ui))}</p>"
        due = deletion_due(consent)
        self.deletion.value = (
            message_html(self.ui.say("case.consent.deletion", day=self.ui.date(due)), "info")
            if due
            else ""
        )
        self.history.value = history_html(self.history_records, self.ui)

    def values(self) -> dict[str, Any]:
        """What is on the form, as the fields of a Consent."""
        return {
            "case_code": self.case_code,
            "given_on": self.given_on.input.value,
            **{name: box.value for name, box in self.uses.items()},
            "retention_months": self.retention.input.value,
        }

    def save(self) -> Consent | None:
        """Record a new version of the consent; problems are shown beside their fields."""
        for field in self.fields.values():
            field.show(None)
        try:
            record = Consent.model_validate(self.values())
        except ValidationError as err:
            found = problems(err, self.ui.say)
            for key, text in found.items():
                self.fields.get(key, self.given_on).show(text)
            self.message.value = message_html(self.ui.say("case.consent.not_saved"), "error")
            return None
        current = self.consent
        if (
            current is not None
            and record.model_copy(update={"case_code": current.case_code}) == current
        ):
            self.message.value = message_html(self.ui.say("case.consent.unchanged"))
            return self.consent
        return self._record(record, self.ui.say("case.consent.saved"))

    def withdraw(self, on: date | None) -> Consent | None:
        """Record that consent was withdrawn on ``on``: no more filming from then on."""
        self.withdraw_on.show(None)
        current = self.consent
        if on is None:
            self.withdraw_on.show(self.ui.say("case.consent.withdraw.no_date"))
            return None
        if current is None:
            text = self.ui.say("case.consent.withdraw.nothing")
            self.message.value = message_html(text, "error")
            return None
        if current.withdrawn_on is not None:
            text = self.ui.say(
                "case.consent.withdraw.already", day=self.ui.date(current.withdrawn_on)
            )
            self.message.value = message_html(text)
            return current
        try:
            record = withdrawal(current, on)
        except ValidationError as err:
            check = self.ui.say("case.consent.withdraw.check_date")
            self.withdraw_on.show(next(iter(problems(err, self.ui.say).values()), check))
            return None
        return self._record(record, self.ui.say("case.consent.withdraw.done"))

    def _record(self, record: Consent, done: str) -> Consent | None:
        try:
            saved, _gone = record_consent(self.store, paths.data_dir(), record)
        except (VigkitError, ValueError, OSError) as exc:
            log.exception("consent not saved")
            text = self.ui.say("case.consent.error", error=self.ui.error(exc))
            self.message.value = message_html(text, "error")
            return None
        case = self.store.cases.get(saved.case_code)
        audit_done(self.store, "consent", CaseRef(case.code, case.practitioner_id), "case page")
        self.load()
        self.message.value = message_html(done, "success")
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved


def history_html(history: Sequence[Consent], ui: Interface | None = None) -> str:
    """The earlier versions (all but the last, the current one), oldest first, escaped."""
    ui = ui or Interface()
    earlier = list(history)[:-1]
    if not earlier:
        return f'<p class="vk-help">{say_html(ui, "case.consent.earlier.none")}</p>'
    items = "".join(f"<li>{html.escape(consent_text(c, ui))}</li>" for c in earlier)
    return f'<ol class="vk-list">{items}</ol>'
