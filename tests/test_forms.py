"""Reflection forms without a browser: set values, save, and look in the store."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.errors import StoreError
from vigkit.core.records import Practitioner
from vigkit.store import Store
from vigkit.templates import QuestionSet, find_question_set
from vigkit.templates.principles import load_principles
from vigkit.ui.forms.questionset import ReflectionForm

pytestmark = pytest.mark.sqlite_only

AUTHOR = "p1"


@pytest.fixture
def people(store: Store) -> Store:
    store.people.add(Practitioner(id=AUTHOR, display_name="Test Guider"))
    return store


def _form(store: Store, template: str = "reflection_gibbs", **kw: object) -> ReflectionForm:
    return ReflectionForm(
        find_question_set(template), store, author_id=AUTHOR, principles=load_principles(), **kw
    )


def _answer_all(form: ReflectionForm) -> dict[str, object]:
    """Give every question a valid answer of its kind; returns what was given."""
    given: dict[str, object] = {}
    for qid, field in form.fields.items():
        q = field.question
        value: object
        if q.kind in ("short_text", "long_text"):
            value = f"Answer to {qid}: the parent smiled 🙂 <script>alert(1)</script>"
        elif q.kind == "scale":
            value = q.max
        elif q.kind == "single_choice":
            value = q.options[0].id
        elif q.kind == "multiple_choice":
            value = [q.options[0].id]
        elif q.kind == "principle_picker":
            value = [load_principles().headings[0].id]
        elif q.kind == "yes_no":
            value = True
        elif q.kind == "clip_picker":
            value = [ident for ident, _ in form.clips][::-1]
        else:
            value = date(2026, 11, 2).isoformat()
        field.set(value)
        given[qid] = value
    return given


def _shown(form: ReflectionForm, given: dict[str, object]) -> dict[str, object]:
    return {qid: v for qid, v in given.items() if form.fields[qid].box.layout.display != "none"}


def test_save_keeps_answers_with_template_id_and_version(people: Store) -> None:
    """Saving stores every shown answer, and the template's id and version."""
    form = _form(people)
    given = _answer_all(form)
    form._refresh_visibility()
    saved = form.save()
    assert saved is not None
    back = people.reflections.get(saved.id or 0)
    assert (form.qset.id, form.qset.version) == (back.template_id, back.template_version)
    assert _shown(form, given) == back.answers
    assert "Saved at" in form.status.value


def test_missing_required_answer_blocks_save_and_says_where(people: Store) -> None:
    """A required question left empty stops the save and shows a message beside it."""
    form = _form(people)
    required = [f for f in form.fields.values() if f.question.required]
    assert required, "the Gibbs template marks at least one question required"
    saved = form.save()
    assert saved is None
    assert [] == people.reflections.list(author_id=AUTHOR)
    assert "needs an answer" in required[0].error.value
    assert "Not saved yet" in form.status.value


def test_typing_is_kept_as_a_draft_and_restored(people: Store) -> None:
    """Each change is written as a draft; a new form for the same place restores it."""
    form = _form(people, case_code=None)
    first = next(f for f in form.fields.values() if f.question.kind == "long_text")
    first.input.value = "Half a thought, نصف فكرة"
    draft = people.reflections.get_draft(form.draft_key)
    assert draft is not None
    assert "Half a thought, نصف فكرة" == draft.answers[first.question.id]
    again = _form(people, case_code=None)
    assert "Half a thought, نصف فكرة" == again.fields[first.question.id].get()
    assert "Restored what you typed" in again.status.value


def test_a_megabyte_pasted_is_not_kept_whole_as_a_draft(people: Store) -> None:
    """A draft keeps no more than an answer may hold, and says so; the next visit restores
    that much, not the megabyte."""
    form = _form(people, case_code=None)
    first = next(f for f in form.fields.values() if f.question.kind == "long_text")
    first.input.value = "🙂" * 1_000_000
    draft = people.reflections.get_draft(form.draft_key)
    assert draft is not None and len(draft.answers[first.question.id]) == 20_000
    assert "only its first part is kept in the draft" in form.status.value
    again = _form(people, case_code=None)
    assert len(again.fields[first.question.id].get()) == 20_000
    first.input.value = "short again"
    assert "first part" not in form.status.value


def test_saving_clears_the_draft(people: Store) -> None:
    """Once saved, the draft for a new reflection is gone, so a fresh form starts empty."""
    form = _form(people)
    _answer_all(form)
    key = form.draft_key
    assert form.save() is not None
    assert people.reflections.get_draft(key) is None
    fresh = _form(people)
    assert all(f.get() in (None, "", []) for f in fresh.fields.values())


def test_html_in_answers_is_shown_as_text(people: Store) -> None:
    """Text that looks like HTML is stored as typed and escaped wherever the form shows it."""
    form = _form(people)
    field = next(f for f in form.fields.values() if f.question.kind == "long_text")
    field.show_problem("<img src=x onerror=alert(1)>")
    assert "<img" not in field.error.value and "&lt;img" in field.error.value


def test_store_failure_keeps_the_text_and_says_so(
    people: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the store cannot save, the form says so in plain words and keeps what was typed."""
    form = _form(people)
    _answer_all(form)
    before = form.values()

    def broken(*_a: object, **_k: object) -> None:
        raise StoreError("The database could not be written (disk full).")

    monkeypatch.setattr(people.reflections, "save", broken)
    assert form.save() is None
    assert "Not saved" in form.status.value and "disk full" in form.status.value
    assert before == form.values()


def test_every_shipped_reflection_model_builds(people: Store) -> None:
    """Gibbs, What?/So what?/Now what? and the 5Rs each build a form with their questions."""
    for template in ("reflection_gibbs", "reflection_what", "reflection_5rs"):
        qset: QuestionSet = find_question_set(template)
        form = _form(people, template)
        assert [q.id for q in qset.questions()] == list(form.fields)


def test_hiding_a_conditional_question_hides_only_that_question(people: Store) -> None:
    """A question whose show_if is not met is hidden; the form and the other questions stay shown."""
    form = _form(people, "reflection_what")
    form._refresh_visibility()
    hidden = {qid for qid, f in form.fields.items() if f.box.layout.display == "none"}
    assert {"helping_question_how"} == hidden
    assert form.widget.layout.display != "none"
    form.fields["helping_question_link"].input.value = True
    assert form.fields["helping_question_how"].box.layout.display != "none"


CLIPS = [(11, "0:02.0–0:05.0 · Being attentive"), (12, "0:20.0–0:24.5 · Receiving initiatives")]


def test_clip_picker_keeps_the_chosen_order(people: Store) -> None:
    """The shared review's clip picker saves clip ids in the order chosen, and shows them again."""
    form = _form(people, "shared_review", clips=CLIPS)
    given = _answer_all(form)
    assert [12, 11] == given["clips_chosen"]
    saved = form.save()
    assert saved is not None and [12, 11] == saved.answers["clips_chosen"]
    again = _form(people, "shared_review", clips=CLIPS, reflection=saved)
    assert [12, 11] == again.fields["clips_chosen"].get()
    labels = [slot.label for slot in again.fields["clips_chosen"].widgets()]
    assert [CLIPS[1][1], CLIPS[0][1]] == labels


def test_clip_picker_without_clips_says_where_to_mark_them(people: Store) -> None:
    """With no clips in the cycle the picker says to mark some first; saving still works."""
    form = _form(people, "shared_review")
    field = form.fields["clips_chosen"]
    assert "mark them on the micro-analysis page" in field.input.value
    assert [] == field.get()


def test_clip_picker_answers_are_checked() -> None:
    """A clip chosen twice, or one no longer in the cycle, is a plain problem."""
    from vigkit.core.answers import validate_answers

    qset = find_question_set("shared_review")
    base = {"review_date": "2026-11-02"}
    twice = validate_answers(qset, base | {"clips_chosen": [11, 11]}, None, {11, 12})
    gone = validate_answers(qset, base | {"clips_chosen": [13]}, None, {11, 12})
    fine = validate_answers(qset, base | {"clips_chosen": [12, 11]}, None, {11, 12})
    assert "Choose each clip once" in twice["clips_chosen"]
    assert "no longer in this cycle" in gone["clips_chosen"]
    assert "clips_chosen" not in fine


def test_an_answer_that_no_longer_fits_its_question_is_left_out(people: Store) -> None:
    """A draft from before a question's kind changed fills nothing and raises nothing."""
    form = _form(people, "reflection_gibbs")
    for field in form.fields.values():
        field.set("not a date, a number or a list")
        field.set(42)
    assert all(field.get() in (None, [], "42", 42) for field in form.fields.values())


def test_save_clicked_twice_and_a_reloaded_form_store_one_reflection(people: Store) -> None:
    """The save's identity travels with the draft: a second click, and the same form opened
    in another tab (or reloaded) before the first save was seen, store one reflection."""
    form = _form(people)
    _answer_all(form)
    other_tab = _form(people)  # opened from the draft: the same save on its way
    assert other_tab.submission.key == form.submission.key
    first = form.save()
    again = form.save()  # the second click
    from_other_tab = other_tab.save()
    assert first is not None and again is not None and from_other_tab is not None
    assert first.id == again.id == from_other_tab.id
    assert 1 == len(people.reflections.list(author_id=AUTHOR))


def test_a_save_that_fails_keeps_the_draft_and_a_retry_stores_once(
    people: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The record and the draft's removal are one transaction: when the database refuses,
    the draft is still there and the page says so; the retry stores one reflection."""
    form = _form(people)
    _answer_all(form)
    key = form.draft_key
    real = people.reflections.save
    calls = []

    def busy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError(key="error.store.not_written", detail="database is locked")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(people.reflections, "save", busy)
    assert form.save() is None
    assert "Not saved" in form.status.value
    assert people.reflections.get_draft(key) is not None
    assert form.save() is not None and form.save() is not None
    assert 1 == len(people.reflections.list(author_id=AUTHOR))
    assert people.reflections.get_draft(key) is None


def test_a_shared_review_offers_no_more_clip_slots_than_the_service_keeps(people: Store) -> None:
    """ "Up to three short clips": with five clips in the cycle there are three slots."""
    clips = [(n, f"Clip {n}") for n in range(1, 6)]
    form = _form(people, template="shared_review", clips=clips, most_clips=3)
    assert 3 == len(form.fields["clips_chosen"].widgets())
    assert 5 == len(
        _form(people, template="shared_review", clips=clips).fields["clips_chosen"].widgets()
    )
