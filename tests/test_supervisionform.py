"""The supervision form without a browser: drafts, supervisor-only answers, consent for
clips, sign-off that locks, and amendments beside the signed record."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.records import Consent, Practitioner, Role
from vigkit.core.supervisionrules import ClipOption
from vigkit.store import Store
from vigkit.templates import find_question_set
from vigkit.templates.principles import load_principles
from vigkit.ui.forms.amendments import AmendmentForm, amendments_html
from vigkit.ui.forms.supervision import SupervisionForm

pytestmark = pytest.mark.sqlite_only

ODD_TEXT = "Hunan-werthuso 👶🏽 — تقييم ذاتي — <script>alert(1)</script>"
TRAINEE = Practitioner(id="sam", display_name="Sam", roles=[Role.trainee], stage=2)
SUPERVISOR = Practitioner(id="ali", display_name="Ali <Supervisor>", roles=[Role.supervisor])
CLIPS = [ClipOption(11, "F001", "F001 clip"), ClipOption(12, "F002", "F002 clip")]
CONSENTS = {
    "F001": Consent(case_code="F001", given_on=date(2026, 1, 1), filming=True,
                    supervisor_viewing=True),
    "F002": Consent(case_code="F002", given_on=date(2026, 1, 1), filming=True,
                    supervisor_viewing=True, intervision=True),
}  # fmt: skip


@pytest.fixture
def people(memory_store: Store) -> Store:
    memory_store.add_practitioner(TRAINEE)
    memory_store.add_practitioner(SUPERVISOR)
    return memory_store


def _form(store: Store, user: Practitioner = TRAINEE, **kw: object) -> SupervisionForm:
    given: dict[str, object] = {"clip_options": CLIPS, "consents": CONSENTS} | kw
    return SupervisionForm(
        find_question_set("supervision"),
        store,
        user=user,
        trainee=TRAINEE,
        supervisor_id="ali",
        principles=load_principles(),
        **given,  # type: ignore[arg-type]
    )


def _fill(form: SupervisionForm) -> None:
    f = form.fields
    f["held_on"].input.value = date(2026, 5, 4)
    f["mode"].input.value = "individual"
    f["duration_minutes"].input.value = "90"
    f["self_evaluation"].input.value = ODD_TEXT


def test_trainee_sees_supervisor_questions_greyed(people: Store) -> None:
    """A trainee cannot type in supervisor-only questions and has no Sign button."""
    form = _form(people)
    disabled = {qid for qid, f in form.fields.items() if f.widgets()[0].disabled}
    expected = {"transition_meeting", "observed_principles", "observed_times", "observations"}
    assert (expected, "none") == (disabled, form.sign_button.layout.display)


def test_stage_starts_at_the_trainee_stage_and_drafts_come_back(people: Store) -> None:
    """Typing is kept as a draft; a new form for the same trainee restores it."""
    form = _form(people)
    assert "2" == form.fields["stage"].get()
    _fill(form)
    again = _form(people)
    assert ODD_TEXT == again.fields["self_evaluation"].get()
    assert "Restored what you typed" in again.status.value


def test_save_keeps_text_as_typed(people: Store) -> None:
    """Save writes the record with its fields read from the answers; the draft is dropped."""
    form = _form(people)
    _fill(form)
    saved = form.save()
    assert saved is not None
    stored = people.get_supervision(saved.id or 0)
    assert (ODD_TEXT, 90, date(2026, 5, 4), 2) == (
        stored.answers["self_evaluation"],
        stored.duration_minutes,
        stored.held_on,
        stored.stage,
    )
    assert people.get_draft(form.draft_key) is None


def test_clips_follow_the_mode_and_consent(people: Store) -> None:
    """Individual: both families agreed; group: only the one with intervision consent."""
    form = _form(people)
    assert [11, 12] == [ident for ident, _ in form.clips]
    form.fields["mode"].input.value = "group"
    assert [12] == [ident for ident, _ in form.clips]
    assert "Family F001 has not agreed to intervision" in form.held_back.value


def test_withdrawn_consent_removes_the_clip(people: Store) -> None:
    """A family that withdrew consent has no clip offered, and the page says why."""
    withdrawn = dict(CONSENTS)
    withdrawn["F002"] = CONSENTS["F002"].model_copy(update={"withdrawn_on": date(2026, 2, 1)})
    form = _form(people, consents=withdrawn)
    assert [11] == [ident for ident, _ in form.clips]
    assert "Family F002 withdrew consent on 01 Feb 2026" in form.held_back.value


def test_trainee_save_cannot_change_supervisor_answers(people: Store) -> None:
    """The supervisor's observation stays though a trainee's form tries to change it."""
    sup = _form(people, user=SUPERVISOR)
    _fill(sup)
    sup.fields["observations"].input.value = "Seen by the supervisor"
    record = sup.save()
    mine = _form(people, record=record)
    mine.fields["observations"].input.value = "Rewritten by the trainee"
    saved = mine.save()
    assert saved is not None
    assert "Seen by the supervisor" == saved.answers["observations"]


def test_sign_locks_the_form_and_shows_name_and_time(people: Store) -> None:
    """After signing, every input is disabled, Save is hidden and the signature is shown."""
    form = _form(people, user=SUPERVISOR)
    _fill(form)
    signed = form.sign()
    assert signed is not None and signed.signed_by == "ali"
    reopened = _form(people, user=SUPERVISOR, record=people.get_supervision(signed.id or 0))
    assert all(w.disabled for f in reopened.fields.values() for w in f.widgets())
    assert "none" == reopened.save_button.layout.display
    assert "Signed by <strong>Ali &lt;Supervisor&gt;</strong> on " in reopened.signature.value
    assert reopened.save() is None
    assert "signed and locked" in reopened.status.value


def test_trainee_cannot_sign(people: Store) -> None:
    """The trainee's sign() refuses in words and nothing is signed."""
    form = _form(people)
    _fill(form)
    assert form.sign() is None
    assert "Only the trainee&#x27;s supervisor signs" in form.status.value
    assert [] == people.list_supervisions(signed_only=True)


def test_amendment_is_saved_beside_and_listed(people: Store) -> None:
    """An amendment keeps who, what changed and why; the signed answers are untouched."""
    form = _form(people, user=SUPERVISOR)
    _fill(form)
    signed = form.sign()
    assert signed is not None
    qset = find_question_set("supervision")
    amend = AmendmentForm(qset, people, signed, user=SUPERVISOR, is_supervisor=True)
    amend.question.value = "self_evaluation"
    assert ODD_TEXT == amend.field.get() if amend.field else False
    assert amend.save() is None and "same as before" in amend.status.value
    amend.field.input.value = "Clearer ✓"  # type: ignore[union-attr]
    assert amend.save() is None and "say why" in amend.status.value
    amend.question.value = "self_evaluation"
    amend.field.input.value = "Clearer ✓"  # type: ignore[union-attr]
    amend.reason.value = "A typo"
    made = amend.save()
    assert made is not None
    assert {"self_evaluation": {"before": ODD_TEXT, "after": "Clearer ✓"}} == made.changes
    assert ODD_TEXT == people.get_supervision(signed.id or 0).answers["self_evaluation"]
    shown = amendments_html(qset, [made], {"ali": "Ali <Supervisor>"})
    assert "Amended by <strong>Ali &lt;Supervisor&gt;</strong>" in shown
    assert "&lt;script&gt;" in shown and "Why: A typo" in shown


def test_trainee_cannot_amend_supervisor_answers(people: Store) -> None:
    """A trainee's amendment form does not offer the supervisor-only questions."""
    form = _form(people, user=SUPERVISOR)
    _fill(form)
    signed = form.sign()
    assert signed is not None
    amend = AmendmentForm(
        find_question_set("supervision"), people, signed, user=TRAINEE, is_supervisor=False
    )
    offered = {value for _, value in amend.question.options}
    assert not offered & {"observations", "observed_times", "transition_meeting"}
    assert "self_evaluation" in offered
