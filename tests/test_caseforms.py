"""Case details, consent and helping-question forms without a browser, and their pure logic."""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as w
import pytest

from vigkit.core.errors import ConsentRequired, VigkitError
from vigkit.core.records import (
    Case,
    CaseStatus,
    Consent,
    Film,
    HelpingQuestion,
    Practitioner,
    Rating,
)
from vigkit.core.settings import ServiceSettings
from vigkit.store import Store
from vigkit.ui.forms.case import (
    BORN,
    NOT_GIVEN,
    PREGNANT,
    CaseDetailsForm,
    HelpingQuestionsForm,
    age_choice,
    age_fields,
    check_case,
    check_question,
    closing_day,
    next_occasion,
    question_changed,
    rating_history,
    rating_to_add,
)
from vigkit.ui.forms.consent import (
    ConsentForm,
    consent_defaults,
    consent_text,
    deletion_due,
    history_html,
)

pytestmark = pytest.mark.sqlite_only

WHO = "p1"
SCRIPT = "<script>alert(1)</script>"
MANY_TONGUES = [
    "Mae'r babi'n crio'n aml 👶🏽",
    "Zażółć gęślą jaźń: jak uspokoić dziecko?",
    "میں اپنے بچے کو کیسے پرسکون کروں؟",
    "كيف أساعد طفلي على النوم؟",
    f"Calm bedtimes {SCRIPT} & <b>bold</b>",
]
SHA = "0" * 64


@pytest.fixture
def people(store: Store) -> Store:
    """A store with one practitioner."""
    store.people.add(Practitioner(id=WHO, display_name="Test Guider"))
    return store


@pytest.fixture
def case(people: Store) -> Store:
    """A store with one practitioner and case F017."""
    people.cases.add(Case(code="F017", practitioner_id=WHO))
    return people


def _html_values(widget: w.Widget) -> list[str]:
    """The values of every HTML widget inside ``widget``."""
    found: list[str] = []
    if isinstance(widget, w.HTML):
        found.append(widget.value)
    for child in getattr(widget, "children", ()):
        found += _html_values(child)
    return found


def _film(store: Store) -> Film:
    return store.films.add(
        Film(
            case_code="F017",
            cycle_number=1,
            path="/media/f017.mp4",
            sha256=SHA,
            duration_s=600,
            filmed_on=date(2026, 1, 10),
        )
    )


# -- case details --------------------------------------------------------------------------


def test_new_case_saved_with_each_field(people: Store) -> None:
    """A new case keeps its code, setting, age, referral reason and status."""
    seen: list[Case] = []
    form = CaseDetailsForm(people, WHO, on_saved=seen.append)
    form.code.input.value = "f017"
    form.setting.input.value = "Home visits"
    form.age_kind.value = BORN
    form.age_number.value = 7
    form.reason.input.value = "Feeding is hard"
    form.status.input.value = CaseStatus.referred
    saved = form.save()
    stored = people.cases.get("F017")
    expected = ("F017", WHO, "Home visits", None, 7, "Feeding is hard", CaseStatus.referred)
    actual = (
        stored.code,
        stored.practitioner_id,
        stored.setting,
        stored.age_weeks_pregnant,
        stored.age_months,
        stored.referral_reason,
        stored.status,
    )
    assert expected == actual
    assert [stored] == seen
    assert stored == saved
    assert form.code.input.disabled
    assert "Saved case F017" in form.message.value


def test_a_name_as_code_is_refused_beside_the_code(people: Store) -> None:
    """A name such as 'Jane Smith' is shown as a problem beside the code, and nothing is saved."""
    form = CaseDetailsForm(people, WHO)
    form.code.input.value = "Jane Smith"
    form.reason.input.value = "kept as typed"
    assert form.save() is None
    assert "never use a name" in form.code.error.value
    assert "" == form.setting.error.value
    assert [] == people.cases.list()
    assert "Jane Smith" == form.code.input.value
    assert "kept as typed" == form.reason.input.value
    assert "Not saved yet" in form.message.value


def test_weeks_out_of_range_shown_beside_age(people: Store) -> None:
    """Two weeks of pregnancy is out of range and is shown beside the age."""
    form = CaseDetailsForm(people, WHO)
    form.code.input.value = "F017"
    form.age_kind.value = PREGNANT
    form.age_number.value = 2
    assert form.save() is None
    assert "Weeks of pregnancy must be at least 4" in form.age.error.value
    assert [] == people.cases.list()


def test_both_ages_given_is_a_problem() -> None:
    """Weeks of pregnancy and months together give one plain message for the case."""
    data = {"code": "F017", "practitioner_id": WHO, "age_weeks_pregnant": 20, "age_months": 3}
    case, found = check_case(data)
    assert case is None
    assert {"": "Give the child's age either as weeks of pregnancy or as months, not both"} == found


def test_age_fields_and_choice_round_trip() -> None:
    """The form's age choice maps to one Case field and back."""
    assert {"age_weeks_pregnant": 30, "age_months": None} == age_fields(PREGNANT, 30)
    assert {"age_weeks_pregnant": None, "age_months": 0} == age_fields(BORN, 0)
    assert {"age_weeks_pregnant": None, "age_months": None} == age_fields(NOT_GIVEN, 12)
    born = Case(code="F017", practitioner_id=WHO, age_months=5)
    assert (BORN, 5) == age_choice(born)
    assert (NOT_GIVEN, 0) == age_choice(None)


def test_closing_day_kept_set_or_cleared() -> None:
    """Closing sets today, keeps an earlier closing day, and reopening clears it."""
    today, before = date(2026, 5, 1), date(2026, 4, 1)
    assert today == closing_day(CaseStatus.closed, None, today)
    assert before == closing_day(CaseStatus.closed, before, today)
    assert closing_day(CaseStatus.active, before, today) is None


def test_duplicate_code_is_a_plain_message(case: Store) -> None:
    """A code already in use is shown beside the code; the first case is unchanged."""
    form = CaseDetailsForm(case, WHO)
    form.code.input.value = "F017"
    form.setting.input.value = "Clinic"
    assert form.save() is None
    assert "There is already a case F017" in form.code.error.value
    assert "" == case.cases.get("F017").setting


def test_edit_case(case: Store) -> None:
    """Editing keeps the code and saves the changed details."""
    form = CaseDetailsForm(case, WHO, case.cases.get("F017"))
    assert form.code.input.disabled
    form.setting.input.value = "Children's centre"
    form.age_kind.value = PREGNANT
    form.age_number.value = 30
    form.status.input.value = CaseStatus.closed
    assert form.save() is not None
    stored = case.cases.get("F017")
    expected = ("Children's centre", 30, None, CaseStatus.closed, date.today())
    actual = (
        stored.setting,
        stored.age_weeks_pregnant,
        stored.age_months,
        stored.status,
        stored.closed_on,
    )
    assert expected == actual


def test_case_text_round_trips_in_any_language(people: Store) -> None:
    """Welsh, Polish, Urdu, Arabic, emoji and markup are stored exactly as typed."""
    for i, text in enumerate(MANY_TONGUES):
        form = CaseDetailsForm(people, WHO)
        form.code.input.value = f"U{i:03d}"
        form.setting.input.value = text[:300]
        form.reason.input.value = text
        assert form.save() is not None
        stored = people.cases.get(f"U{i:03d}")
        assert (text[:300], text) == (stored.setting, stored.referral_reason)
        again = CaseDetailsForm(people, WHO, stored)
        assert text == again.reason.input.value
        assert all(SCRIPT not in value for value in _html_values(again.widget))


def test_unknown_practitioner_is_a_plain_message(store: Store) -> None:
    """Saving for a practitioner who is not in the store says so and keeps the form."""
    form = CaseDetailsForm(store, "nobody")
    form.code.input.value = "F017"
    assert form.save() is None
    assert "no practitioner" in form.message.value
    assert "F017" == form.code.input.value


# -- consent -------------------------------------------------------------------------------


def test_consent_defaults_to_today_and_service_retention(case: Store) -> None:
    """A first consent form shows today, all 'no', and the service's retention months."""
    form = ConsentForm(case, "F017", ServiceSettings(retention_months=6))
    assert date.today() == form.given_on.input.value
    assert 6 == form.retention.input.value
    assert [False] * 6 == [box.value for box in form.uses.values()]
    assert "No consent recorded yet" in form.current.value


def test_consent_save_and_history_kept(case: Store) -> None:
    """Each save is a new version; the earlier one is shown with its date."""
    form = ConsentForm(case, "F017", ServiceSettings())
    form.given_on.input.value = date(2026, 1, 6)
    form.uses["filming"].value = True
    form.uses["supervisor_viewing"].value = True
    first = form.save()
    assert first is not None
    form.given_on.input.value = date(2026, 2, 3)
    form.uses["training_events"].value = True
    second = form.save()
    assert [first, second] == case.cases.consent_history("F017")
    assert second == case.cases.get_consent("F017")
    assert second is not None and second.training_events and second.filming
    assert "Given on 6 January 2026" in form.history.value
    assert "Given on 3 February 2026" in form.current.value
    assert "Given on 3 February 2026" not in form.history.value


def test_consent_unchanged_is_not_a_new_version(case: Store) -> None:
    """Saving the same answers twice keeps one version."""
    form = ConsentForm(case, "f017", ServiceSettings())
    form.uses["filming"].value = True
    form.save()
    form.save()
    assert "Nothing has changed" in form.message.value
    assert 1 == len(case.cases.consent_history("F017"))


def test_consent_retention_out_of_range_shown_beside(case: Store) -> None:
    """Retention over 120 months is shown beside its field, and nothing is saved."""
    form = ConsentForm(case, "F017", ServiceSettings())
    form.retention.input.value = 500
    assert form.save() is None
    assert "at most 120" in form.retention.error.value
    assert [] == case.cases.consent_history("F017")


def test_withdraw_stops_filming_and_shows_deletion_date(case: Store) -> None:
    """After withdrawal the store refuses films and the form shows the deletion date."""
    form = ConsentForm(case, "F017", ServiceSettings())
    form.given_on.input.value = date(2026, 1, 6)
    form.uses["filming"].value = True
    form.retention.input.value = 1
    form.save()
    _film(case)
    withdrawn = form.withdraw(date(2026, 1, 31))
    assert withdrawn is not None and date(2026, 1, 31) == withdrawn.withdrawn_on
    with pytest.raises(ConsentRequired):
        _film(case)
    assert "Footage to be deleted by 28 February 2026" in form.deletion.value
    assert [False] * 6 == [box.value for box in form.uses.values()]
    assert 2 == len(case.cases.consent_history("F017"))


def test_withdraw_before_consent_given_is_refused(case: Store) -> None:
    """A withdrawal dated before the consent is shown beside the date, and nothing changes."""
    form = ConsentForm(case, "F017", ServiceSettings())
    form.given_on.input.value = date(2026, 1, 6)
    form.uses["filming"].value = True
    form.save()
    assert form.withdraw(date(2026, 1, 1)) is None
    assert "cannot be withdrawn before it was given" in form.withdraw_on.error.value
    assert 1 == len(case.cases.consent_history("F017"))


def test_withdraw_without_consent_or_date_says_so(case: Store) -> None:
    """Withdrawing with no consent, or with no date, gives a plain message."""
    form = ConsentForm(case, "F017", ServiceSettings())
    assert form.withdraw(date(2026, 1, 1)) is None
    assert "no consent to withdraw" in form.message.value
    assert form.withdraw(None) is None
    assert "Give the date" in form.withdraw_on.error.value


def test_consent_form_for_unknown_case_says_so(people: Store) -> None:
    """A case code that is not in the store is a plain message, not a crash."""
    form = ConsentForm(people, "Z999", ServiceSettings())
    assert "no case with the code" in form.message.value


def _consent(**changes: object) -> Consent:
    values: dict[str, object] = {"case_code": "F017", "given_on": date(2026, 1, 6)}
    return Consent.model_validate(values | {"filming": True} | changes)


@pytest.mark.parametrize(
    ("withdrawn_on", "months", "expected"),
    [
        (None, 2, None),
        (date(2026, 3, 14), 0, date(2026, 3, 14)),
        (date(2026, 3, 14), 2, date(2026, 5, 14)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 11, 30), 14, date(2028, 1, 30)),
        (date(2026, 1, 6), 120, date(2036, 1, 6)),
    ],
)
def test_deletion_due(withdrawn_on: date | None, months: int, expected: date | None) -> None:
    """Withdrawal day plus the retention months, kept within a shorter month."""
    assert expected == deletion_due(_consent(withdrawn_on=withdrawn_on, retention_months=months))


def test_deletion_due_without_consent() -> None:
    """No consent means no deletion date."""
    assert deletion_due(None) is None


def test_consent_text_and_defaults() -> None:
    """Consent reads as plain words; a withdrawn consent leaves every box unticked."""
    given = _consent(intervision=True)
    text = consent_text(given)
    assert "filming: yes" in text.lower()
    assert "intervision with other trainees: yes" in text
    assert "training events or presentations: no" in text
    gone = _consent(withdrawn_on=date(2026, 2, 1))
    assert "Footage to be deleted by 1 April 2026" in consent_text(gone)
    settings = ServiceSettings(retention_months=4)
    assert consent_defaults(gone, settings)["filming"] is False
    assert consent_defaults(given, settings)["filming"] is True
    assert 4 == consent_defaults(None, settings)["retention_months"]
    assert "No earlier versions" in history_html([given])


# -- helping questions ---------------------------------------------------------------------


def _fill(form: HelpingQuestionsForm, position: int, words: str, **ratings: object) -> None:
    slot = form.slots[position - 1]
    slot.words.input.value = words
    if "now" in ratings:
        slot.now.input.value = str(ratings["now"])
    if "hoped" in ratings:
        slot.hoped_for.input.value = str(ratings["hoped"])
    if "occasion" in ratings:
        slot.occasion.input.value = str(ratings["occasion"])
    slot.rated_on.input.value = ratings.get("on", date(2026, 1, 6))


def test_helping_questions_saved_with_ratings(case: Store) -> None:
    """Questions are saved by slot, with a rating when one is given; empty slots ignored."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 1, "How can I help my baby settle?", now=3, hoped=8)
    _fill(form, 3, "How can we enjoy bath time?")
    saved = form.save()
    assert saved is not None
    stored = case.cases.list_helping_questions("F017")
    expected = [
        (1, "How can I help my baby settle?", 8, [(3, date(2026, 1, 6), "start")]),
        (3, "How can we enjoy bath time?", None, []),
    ]
    actual = [
        (h.position, h.words, h.hoped_for, [(r.value, r.rated_on, r.occasion) for r in h.ratings])
        for h in stored
    ]
    assert expected == actual
    assert "start, 6 January 2026: 3 out of 10" in form.slots[0].history.value
    assert "Hoped for: 8 out of 10" in form.slots[0].history.value
    assert "Saved 2 helping questions and 1 new rating" in form.message.value


def test_resave_does_not_duplicate_ratings(case: Store) -> None:
    """Saving again with the same rating, date and occasion adds nothing."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 1, "How can I help my baby settle?", now=3)
    form.save()
    form.save()
    assert 1 == len(case.cases.list_helping_questions("F017")[0].ratings)
    _fill(form, 1, "How can I help my baby settle?", now=6, occasion="review 1")
    form.save()
    values = [(r.value, r.occasion) for r in case.cases.list_helping_questions("F017")[0].ratings]
    assert [(3, "start"), (6, "review 1")] == values


def test_changed_rating_for_same_occasion_is_refused(case: Store) -> None:
    """A different value for a date and occasion already rated is shown beside the rating."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 1, "How can I help my baby settle?", now=3)
    form.save()
    form.slots[0].occasion.input.value = "start"
    form.slots[0].now.input.value = "5"
    assert form.save() is None
    assert "already a rating of 3 for start" in form.slots[0].now.error.value
    assert [3] == [r.value for r in case.cases.list_helping_questions("F017")[0].ratings]


def test_reloaded_form_shows_questions_and_suggests_next_occasion(case: Store) -> None:
    """A new form shows saved words in their slots and suggests the next occasion."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 2, "How can I play with my toddler?", now=4, hoped=9)
    form.save()
    again = HelpingQuestionsForm(case, "F017")
    slot = again.slots[1]
    expected = ("How can I play with my toddler?", "9", "", "review 1")
    actual = (
        slot.words.input.value,
        slot.hoped_for.input.value,
        slot.now.input.value,
        slot.occasion.input.value,
    )
    assert expected == actual
    assert "" == again.slots[0].words.input.value


def test_a_fourth_question_is_impossible(case: Store) -> None:
    """The form has three slots; with three saved, the store refuses a fourth."""
    form = HelpingQuestionsForm(case, "F017")
    assert 3 == len(form.slots)
    for i in range(1, 4):
        _fill(form, i, f"Question {i}")
    assert form.save() is not None
    assert 3 == len(case.cases.list_helping_questions("F017"))
    assert 3 == len(HelpingQuestionsForm(case, "F017").slots)
    with pytest.raises(VigkitError):
        case.cases.save_helping_question(
            HelpingQuestion(case_code="F017", position=3, words="Four")
        )


def test_emptying_a_saved_question_is_refused(case: Store) -> None:
    """A saved question cannot be blanked; the message is beside it and nothing changes."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 1, "How can I help my baby settle?")
    form.save()
    form.slots[0].words.input.value = "   "
    assert form.save() is None
    assert "cannot be left empty" in form.slots[0].words.error.value
    assert ["How can I help my baby settle?"] == [
        h.words for h in case.cases.list_helping_questions("F017")
    ]


def test_rating_without_words_is_refused(case: Store) -> None:
    """A rating in an empty slot asks for the question first."""
    form = HelpingQuestionsForm(case, "F017")
    form.slots[1].now.input.value = "4"
    assert form.save() is None
    assert "Write the helping question before rating it" in form.slots[1].words.error.value
    assert [] == case.cases.list_helping_questions("F017")


def test_helping_questions_unicode_and_html_round_trip(case: Store) -> None:
    """Every language and markup is stored as typed and escaped wherever it is shown as HTML."""
    form = HelpingQuestionsForm(case, "F017")
    _fill(form, 1, MANY_TONGUES[0], now=2, occasion=f"start {SCRIPT}")
    _fill(form, 2, MANY_TONGUES[2] + " " + MANY_TONGUES[3], now=5)
    _fill(form, 3, MANY_TONGUES[1] + " " + MANY_TONGUES[4], now=7)
    form.save()
    stored = case.cases.list_helping_questions("F017")
    expected = [
        MANY_TONGUES[0],
        MANY_TONGUES[2] + " " + MANY_TONGUES[3],
        MANY_TONGUES[1] + " " + MANY_TONGUES[4],
    ]
    assert expected == [h.words for h in stored]
    assert f"start {SCRIPT}" == stored[0].ratings[0].occasion
    again = HelpingQuestionsForm(case, "F017")
    assert expected == [s.words.input.value for s in again.slots]
    shown = _html_values(again.widget)
    assert all(SCRIPT not in value for value in shown)
    assert any(html.escape(f"start {SCRIPT}") in value for value in shown)


# -- pure helping-question logic -----------------------------------------------------------


def test_rating_to_add() -> None:
    """Same rating again is skipped; another value for that date and occasion is refused."""
    old = Rating(value=3, rated_on=date(2026, 1, 6), occasion="start")
    assert rating_to_add([old], old.model_copy()) is None
    assert rating_to_add([old], None) is None
    later = Rating(value=5, rated_on=date(2026, 2, 6), occasion="start")
    assert later == rating_to_add([old], later)
    with pytest.raises(ValueError, match="already a rating of 3"):
        rating_to_add([old], old.model_copy(update={"value": 4}))


def test_check_question_problems_by_field() -> None:
    """Empty slots are ignored; bad values come back keyed by the field to show them beside."""
    blank = {"now": None, "hoped_for": None, "occasion": "start", "rated_on": None}
    assert (None, None, {}) == check_question("F017", 1, None, words="  ", **blank)
    hq, rating, found = check_question(
        "F017", 1, None, words="Settle?", now=3, hoped_for=None, occasion="", rated_on=None
    )
    assert (None, None) == (hq, rating)
    assert {"occasion", "rated_on"} == set(found)
    hq, rating, found = check_question(
        "F017", 2, None, words="x" * 1001, now=None, hoped_for=None, occasion="start", rated_on=None
    )
    assert {"words": "The parent's words: too long (at most 1000 characters)"} == found


def test_next_occasion_and_history() -> None:
    """The next occasion follows the ratings; history escapes the occasion."""
    start = Rating(value=3, rated_on=date(2026, 1, 6), occasion="start")
    review = Rating(value=5, rated_on=date(2026, 2, 6), occasion="<i>review 1</i>")
    assert "start" == next_occasion([])
    assert "review 1" == next_occasion([start])
    assert "review 2" == next_occasion([start, review])
    hq = HelpingQuestion(case_code="F017", position=1, words="w", ratings=[review, start])
    shown = rating_history(hq)
    assert shown.index("start, 6 January 2026") < shown.index("review 1")
    assert "&lt;i&gt;review 1&lt;/i&gt;, 6 February 2026: 5 out of 10" in shown
    assert "" == rating_history(None)


def test_question_changed() -> None:
    """Only a new question or new words, position or hoped-for rating counts as a change."""
    stored = HelpingQuestion(id=1, case_code="F017", position=1, words="Settle?", hoped_for=8)
    rated = stored.model_copy(update={"ratings": [Rating(value=3, rated_on=date(2026, 1, 6))]})
    assert question_changed(None, stored)
    assert not question_changed(rated, stored.model_copy(update={"case_code": "f017"}))
    assert question_changed(stored, stored.model_copy(update={"words": "Settle at night?"}))
    assert question_changed(stored, stored.model_copy(update={"hoped_for": None}))


def test_eligibility_is_recorded_when_the_service_decides_it(case: Store) -> None:
    """Not recorded, yes or no: what the report's QS133 proportion counts."""
    form = CaseDetailsForm(case, WHO, case.cases.get("F017"))
    assert form.eligible.input.value == ""
    form.eligible.input.value = "yes"
    assert form.save() is not None and case.cases.get("F017").eligible is True
    again = CaseDetailsForm(case, WHO, case.cases.get("F017"))
    assert again.eligible.input.value == "yes"
    again.eligible.input.value = ""
    assert again.save() is not None and case.cases.get("F017").eligible is None
