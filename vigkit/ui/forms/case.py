"""Case details and helping questions: forms over the store, their logic in pure functions.

The helping-questions form, its logic and the shared widget helpers live in
:mod:`vigkit.ui.forms.helpingquestions` and are re-exported here, so
``from vigkit.ui.forms.case import HelpingQuestionsForm`` keeps working.

A form composes ipywidgets and calls the store; what is not about widgets (ages, closing
days) is a small pure function here, tested directly. Every problem is shown in plain words beside its field, nothing is saved while
any remains, and what was typed stays on the form. Stored text is only ever shown in an
input widget (as text) or through :func:`html.escape`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from vigkit.core import clock
from vigkit.core.errors import DuplicateRecord, VigkitError
from vigkit.core.records import Case, CaseStatus, problems
from vigkit.i18n.interface import Interface
from vigkit.store import Store
from vigkit.ui.forms.helpingquestions import (
    OCCASIONS,
    Field,
    HelpingQuestionsForm,
    QuestionSlot,
    check_question,
    full_width,
    labelled,
    next_occasion,
    not_saved,
    question_changed,
    rating_history,
    rating_to_add,
)
from vigkit.ui.runtime.pagehtml import message_html
from vigkit.ui.runtime.submission import on_save
from vigkit.ui.widgets.shared import StaticHTML, labelled_input

__all__ = [
    "CaseDetailsForm",
    "HelpingQuestionsForm",
    "age_fields",
    "age_choice",
    "closing_day",
    "check_case",
    "status_label",
    "check_question",
    "rating_to_add",
    "question_changed",
    "next_occasion",
    "rating_history",
    "QuestionSlot",
    "Field",
    "labelled",
    "OCCASIONS",
]

log = logging.getLogger(__name__)

NOT_GIVEN, PREGNANT, BORN = "", "pregnant", "born"
_AGE_KEYS = {
    NOT_GIVEN: "case.details.age.not_given",
    PREGNANT: "case.details.age.pregnant",
    BORN: "case.details.age.born",
}


def _age_choices(ui: Interface) -> list[tuple[str, str]]:
    """The age kinds as the radio buttons show them: label, value."""
    return [(ui.say(key), kind) for kind, key in _AGE_KEYS.items()]


def status_label(status: CaseStatus, ui: Interface | None = None) -> str:
    """A case status in the page's language, lower case ('active')."""
    return (ui or Interface()).say(f"case.status.{status.value}")


# -- pure logic ----------------------------------------------------------------------------


def age_fields(kind: str, number: int | None) -> dict[str, int | None]:
    """The Case's two age fields from the form's choice (NOT_GIVEN, PREGNANT, BORN)."""
    return {
        "age_weeks_pregnant": number if kind == PREGNANT else None,
        "age_months": number if kind == BORN else None,
    }


def age_choice(case: Case | None) -> tuple[str, int]:
    """The form's age choice and number for ``case`` (the inverse of :func:`age_fields`)."""
    if case is not None and case.age_weeks_pregnant is not None:
        return PREGNANT, case.age_weeks_pregnant
    if case is not None and case.age_months is not None:
        return BORN, case.age_months
    return NOT_GIVEN, 0


def _capitalized(text: str) -> str:
    """The first letter in capitals: 'Active'."""
    return text[:1].upper() + text[1:]


def closing_day(status: CaseStatus, before: date | None, today: date) -> date | None:
    """When the case closed: kept (or today) while closed, None once it is open again."""
    if status != CaseStatus.closed:
        return None
    return before or today


def check_case(
    data: Mapping[str, Any], say: Callable[..., str] | None = None
) -> tuple[Case | None, dict[str, str]]:
    """A valid Case from form values, or None and plain-words problems keyed by field
    (in the page's language with its ``say``, else English)."""
    try:
        return Case.model_validate(dict(data)), {}
    except ValidationError as err:
        return None, problems(err, say) if say else problems(err)


# -- the case details form -----------------------------------------------------------------


class CaseDetailsForm:
    """A new case (``case`` None) or the details of one; ``.widget`` is what to display."""

    def __init__(
        self,
        store: Store,
        practitioner_id: str,
        case: Case | None = None,
        *,
        on_saved: Callable[[Case], None] | None = None,
        ui: Interface | None = None,
    ) -> None:
        self.store = store
        self.practitioner_id = practitioner_id
        self.case = case
        self.on_saved = on_saved
        self.ui = ui = ui or Interface()
        say = ui.say
        self._make_fields(ui)
        self.fields: dict[str, Field] = {
            "code": self.code,
            "setting": self.setting,
            "age_weeks_pregnant": self.age,
            "age_months": self.age,
            "referral_reason": self.reason,
            "status": self.status,
            "eligible": self.eligible,
        }
        self.message = StaticHTML("")
        self.save_button = w.Button(description=say("case.details.save"), button_style="primary")
        self.save_button.icon = "check"
        self.after_typing = on_save(self.save_button, self.save, self)
        self.age_kind.observe(lambda _c: self._age_enabled(), names="value")
        shown = (self.code, self.setting, self.age, self.reason, self.status, self.eligible)
        parts = [f.box for f in shown]
        self.widget = w.VBox([*parts, self.save_button, self.message], layout=full_width())
        self.widget.add_class("vk-form")
        self.set_case(case)

    def _make_fields(self, ui: Interface) -> None:
        """The case's fields: code, setting, age, reason for referral, status, eligibility."""
        say = ui.say
        code = labelled(
            labelled_input(w.Text, placeholder=say("case.details.code.placeholder")),
            say("case.details.code"),
        )
        self.code = Field(code, say("case.details.code.help"))
        setting = labelled_input(w.Text, placeholder=say("case.details.setting.placeholder"))
        self.setting = Field(labelled(setting, say("case.details.setting")))
        ages = labelled_input(w.RadioButtons, options=_age_choices(ui), value=NOT_GIVEN)
        self.age_kind = labelled(ages, say("case.details.age"))
        self.age_number = labelled(
            labelled_input(w.IntText, value=0), say("case.details.age.number")
        )
        self.age = Field(
            w.VBox([self.age_kind, self.age_number], layout=full_width()),
            say("case.details.age.help"),
        )
        self.reason = Field(
            labelled(labelled_input(w.Textarea, rows=4), say("case.details.reason"))
        )
        statuses = [(_capitalized(status_label(s, ui)), s) for s in CaseStatus]
        self.status = Field(
            labelled(labelled_input(w.Dropdown, options=statuses), say("case.details.status"))
        )
        answers = [(say("case.details.eligible.unknown"), ""), (say("case.yes"), "yes")]
        answers.append((say("case.no"), "no"))
        self.eligible = Field(
            labelled(
                labelled_input(w.Dropdown, options=answers, value=""),
                say("case.details.eligible"),
            ),
            say("case.details.eligible.help"),
        )

    def _age_enabled(self) -> None:
        self.age_number.disabled = self.age_kind.value == NOT_GIVEN

    def set_case(self, case: Case | None) -> None:
        """Show ``case`` (or an empty form for a new case)."""
        self.case = case
        self.code.input.value = case.code if case else ""
        self.code.input.disabled = case is not None
        self.setting.input.value = case.setting if case else ""
        self.age_kind.value, self.age_number.value = age_choice(case)
        self.reason.input.value = case.referral_reason if case else ""
        self.status.input.value = case.status if case else CaseStatus.active
        eligible = case.eligible if case else None
        self.eligible.input.value = "" if eligible is None else ("yes" if eligible else "no")
        self._age_enabled()

    def values(self) -> dict[str, Any]:
        """What is on the form, as the fields of a Case."""
        base = self.case
        status = CaseStatus(self.status.input.value)
        return {
            "code": base.code if base else self.code.input.value,
            "practitioner_id": base.practitioner_id if base else self.practitioner_id,
            "setting": self.setting.input.value,
            **age_fields(self.age_kind.value, self.age_number.value),
            "referral_reason": self.reason.input.value,
            "status": status,
            "opened_on": base.opened_on if base else clock.today(),
            "closed_on": closing_day(status, base.closed_on if base else None, clock.today()),
            "eligible": {"yes": True, "no": False}.get(self.eligible.input.value),
        }

    def _show(self, found: Mapping[str, str]) -> int:
        """Show each problem beside its field; how many fields have one."""
        shown: set[int] = set()
        for field in self.fields.values():
            field.show(None)
        for key, field in self.fields.items():
            if key in found and id(field) not in shown:
                field.show(found[key])
                shown.add(id(field))
        return len(shown)

    def save(self) -> Case | None:
        """Validate and save; problems are shown beside their fields and nothing is saved."""
        case, found = check_case(self.values(), self.ui.say)
        beside = self._show(found)
        if case is None:
            self.message.value = message_html(not_saved(found, beside, self.ui), "error")
            return None
        try:
            saved = self.store.cases.update(case) if self.case else self.store.cases.add(case)
        except DuplicateRecord as exc:
            self.code.show(self.ui.say("case.details.code.taken", error=self.ui.error(exc)))
            self.message.value = message_html(
                not_saved({"": self.ui.error(exc)}, 0, self.ui), "error"
            )
            return None
        except (VigkitError, ValueError) as exc:
            log.exception("case not saved")
            self.message.value = message_html(
                not_saved({"": self.ui.error(exc)}, 0, self.ui), "error"
            )
            return None
        self.set_case(saved)
        self.message.value = message_html(
            self.ui.say("case.details.saved", code=saved.code), "success"
        )
        if self.on_saved is not None:
            self.on_saved(saved)
        return saved
