"""Tests of vigkit.core.summaries and vigkit.core.settings: attention rules, next step, fidelity, plots."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from vigkit.core.records import (
    Case,
    CaseStatus,
    Clip,
    Consent,
    Film,
    HelpingQuestion,
    Practitioner,
    Rating,
    Reflection,
)
from vigkit.core.settings import ServiceSettings, SettingsProblem, load_settings
from vigkit.core.summaries import (
    Attention,
    CaseSnapshot,
    add_months,
    attention,
    deletion_date,
    fidelity,
    next_step,
    principles_per_cycle,
    ratings_frame,
)
from vigkit.reports.plots import figure_png, plot_principles, plot_ratings
from vigkit.store import Store
from vigkit.store.snapshot import snapshot_from_store

pytestmark = pytest.mark.sqlite_only

SHA = "ab" * 32
D = date(2025, 10, 3)
S = ServiceSettings()
PNG = b"\x89PNG\r\n\x1a\n"
ORDER = ["attentive", "encouraging", "receiving", "developing", "guiding", "deepening"]


def _case(**changes: object) -> Case:
    """A case opened a week before D."""
    values: dict[str, object] = {"code": "F017", "practitioner_id": "jo"}
    return Case.model_validate(values | {"opened_on": D - timedelta(days=7)} | changes)


def _consent(given: date = D, **changes: object) -> Consent:
    """Consent to filming given on ``given``."""
    values: dict[str, object] = {"case_code": "F017", "given_on": given, "filming": True}
    return Consent.model_validate(values | changes)


def _film(ident: int = 1, cycle: int = 1, on: date = D, minutes: float = 10) -> Film:
    """A film of ``minutes`` minutes, filmed on ``on``."""
    return Film(
        id=ident,
        case_code="F017",
        cycle_number=cycle,
        path=f"/films/{ident}.mp4",
        sha256=SHA,
        duration_s=minutes * 60,
        filmed_on=on,
    )


def _clip(ident: int, film: int = 1, start: float = 10, length: float = 8, tags: str = "") -> Clip:
    """A clip of ``length`` seconds tagged with the space-separated principle ids."""
    return Clip(
        id=ident, film_id=film, start_s=start, end_s=start + length, principle_ids=tags.split()
    )


def _review(cycle: int = 1, on: date = D, **changes: object) -> Reflection:
    """A shared review of ``cycle`` on ``on`` (template_id convention)."""
    values: dict[str, object] = {
        "template_id": "shared_review",
        "template_version": "1.0",
        "author_id": "jo",
        "case_code": "F017",
        "cycle_number": cycle,
        "answers": {"session_date": on.isoformat()},
        "created_at": datetime(2030, 1, 1, tzinfo=UTC),
    }
    return Reflection.model_validate(values | changes)


def _snap(**changes: object) -> CaseSnapshot:
    """A snapshot of an active case with consent on D and nothing else, with changes."""
    values: dict[str, object] = {"case": _case(), "consent": _consent()}
    return CaseSnapshot(**(values | changes))  # type: ignore[arg-type]


def _codes(snap: CaseSnapshot, today: date = D, settings: ServiceSettings = S) -> list[str]:
    """The codes of what needs attention."""
    return [a.code for a in attention(snap, settings, today)]


# -- settings ---------------------------------------------------------------------------


def test_settings_defaults_follow_the_primer() -> None:
    """The defaults are the primer's numbers."""
    expected = (3, 10.0, (5, 20), 10, 14, 2, 3)
    s = load_settings(None)
    actual = (
        s.max_clips_per_film,
        s.max_clip_seconds,
        s.film_minutes_range,
        s.target_film_minutes,
        s.days_film_to_review_warn,
        s.retention_months,
        s.min_cycles,
    )
    assert expected == actual


def test_settings_from_yaml() -> None:
    """YAML text overrides the defaults it names and keeps the rest."""
    expected = ServiceSettings(max_clips_per_film=4, film_minutes_range=(8, 15), retention_months=6)
    text = "max_clips_per_film: 4\nfilm_minutes_range: [8, 15]\nretention_months: 6\n"
    assert expected == load_settings(text)


def test_settings_empty_text_gives_defaults() -> None:
    """Blank text or a comment alone gives the defaults."""
    assert [S, S] == [load_settings("  \n"), load_settings("# nothing yet\n")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "clips_per_film: 4",
            "'clips_per_film' is not a setting. Did you mean 'max_clips_per_film'?",
        ),
        ("min_cycles: 0", "The least number of cycles must be at least 1."),
        ("min_cycles: lots", "The least number of cycles must be a whole number."),
        ("film_minutes_range: [20, 5]", "put the shorter length first"),
        ("film_minutes_range: 5", "needs two numbers, such as [5, 20]"),
        ("target_film_minutes: 30", "lies outside the range of film lengths"),
        ("min_cycles: 3\n  bad: [", "could not be read on line"),
        ("- 3\n- 4", "lines of `name: value`"),
        ("templates:\n  reflecton: x", "'reflecton' is not a template setting"),
        ("templates:\n  reflection: My Model", "must be a template id"),
        ("templates: 3", "should be lines of `name: template id`"),
        ("templates:\n  reflection_models: 3", "should be a list of template ids"),
    ],
)
def test_settings_problems_are_plain_words(text: str, expected: str) -> None:
    """Each mistake gives a plain-words message."""
    with pytest.raises(SettingsProblem) as caught:
        load_settings(text)
    assert expected in str(caught.value)


# -- helpers ----------------------------------------------------------------------------


def test_add_months_keeps_to_the_end_of_a_short_month() -> None:
    """31 Jan plus one month is 28 Feb; 30 Nov plus two months is 30 Jan."""
    expected = [date(2025, 2, 28), date(2026, 1, 30), date(2024, 2, 29)]
    actual = [
        add_months(date(2025, 1, 31), 1),
        add_months(date(2025, 11, 30), 2),
        add_months(date(2023, 12, 31), 2),
    ]
    assert expected == actual


# -- attention: consent -----------------------------------------------------------------


def test_nothing_needs_attention_for_a_tidy_case() -> None:
    """A reviewed film of normal length with three short clips raises nothing."""
    clips = [_clip(i, start=10 * i) for i in (1, 2, 3)]
    snap = _snap(films=[_film()], clips=clips, reflections=[_review(on=D + timedelta(days=7))])
    assert [] == attention(snap, S, D + timedelta(days=60))


def test_consent_missing_is_info_without_films_and_a_warning_with_them() -> None:
    """No consent: info before filming, a warning once a film exists."""
    expected = [
        [
            Attention(
                "info",
                "consent_missing",
                "No consent is recorded. Record consent before any filming.",
            )
        ],
        ["warning"],
    ]
    bare = attention(_snap(consent=None), S, D)
    filmed = [a.level for a in attention(_snap(consent=None, films=[_film()]), S, D)]
    assert expected == [bare, filmed]


@pytest.mark.parametrize(("days", "fires"), [(-1, True), (0, False), (1, False)])
def test_filmed_before_consent_fires_only_before_the_consent_date(days: int, fires: bool) -> None:
    """A film the day before consent fires; on the day or after it does not."""
    snap = _snap(films=[_film(on=D + timedelta(days=days))])
    assert fires == ("filmed_before_consent" in _codes(snap))


def test_filmed_before_consent_message() -> None:
    """The message names the film and the consent date."""
    snap = _snap(films=[_film(on=date(2025, 10, 1))])
    found = [a for a in attention(snap, S, D) if a.code == "filmed_before_consent"]
    expected = [
        ("Film of 1 Oct (cycle 1) is dated before consent to filming was given (3 Oct).", 1)
    ]
    assert expected == [(a.message, a.film_id) for a in found]


def test_an_earlier_consent_in_the_history_covers_earlier_films() -> None:
    """Changing consent later (a new record) does not make earlier films 'before consent'."""
    first = _consent(D)
    second = _consent(D + timedelta(days=30), intervision=True)
    snap = _snap(consent=second, consent_history=[first, second], films=[_film(on=D)])
    assert "filmed_before_consent" not in _codes(snap)


@pytest.mark.parametrize(("days", "fires"), [(0, False), (1, True)])
def test_filmed_after_withdrawal_fires_after_the_withdrawal_day(days: int, fires: bool) -> None:
    """A film on the day consent was withdrawn is covered; the day after is not."""
    withdrawn = D + timedelta(days=20)
    snap = _snap(
        consent=_consent(withdrawn_on=withdrawn),
        films=[_film(on=withdrawn + timedelta(days=days))],
    )
    assert fires == ("filmed_after_withdrawal" in _codes(snap, today=withdrawn))


def test_consent_given_again_after_withdrawal_covers_later_films() -> None:
    """Withdrawn, then given again: a film after the new consent is covered."""
    old = _consent(D, withdrawn_on=D + timedelta(days=5))
    new = _consent(D + timedelta(days=10))
    films = [_film(1, on=D + timedelta(days=7)), _film(2, on=D + timedelta(days=12))]
    snap = _snap(consent=new, consent_history=[old, new], films=films)
    found = [(a.code, a.film_id) for a in attention(snap, S, D + timedelta(days=12))]
    assert [("filmed_after_withdrawal", 1)] == [f for f in found if f[0].startswith("filmed")]


def test_consent_without_filming_does_not_cover_films() -> None:
    """Consent that says no to filming leaves a film uncovered."""
    snap = _snap(consent=_consent(filming=False), films=[_film()])
    assert "filmed_before_consent" in _codes(snap)


def test_consent_withdrawn_is_info_only_when_withdrawn() -> None:
    """Withdrawal gives an info pointer; consent still in force gives none."""
    withdrawn = _snap(consent=_consent(withdrawn_on=D + timedelta(days=3)))
    expected = [
        [
            Attention(
                "info", "consent_withdrawn", "Consent was withdrawn on 6 Oct: no more filming."
            )
        ],
        [],
    ]
    assert expected == [attention(withdrawn, S, D + timedelta(days=3)), attention(_snap(), S, D)]


# -- attention: reviews, clips, films ---------------------------------------------------


@pytest.mark.parametrize(("days", "fires"), [(13, False), (14, False), (15, True)])
def test_no_review_fires_after_the_setting_days(days: int, fires: bool) -> None:
    """No shared review: quiet for 14 days, a warning from the 15th."""
    snap = _snap(films=[_film()])
    assert fires == ("no_review" in _codes(snap, today=D + timedelta(days=days)))


def test_no_review_message() -> None:
    """The message names the film, its cycle and the days waited."""
    snap = _snap(films=[_film(2, cycle=2)])
    found = attention(snap, S, D + timedelta(days=16))
    expected = [
        Attention(
            "warning", "no_review", "Film of 3 Oct (cycle 2) has no shared review after 16 days.", 2
        )
    ]
    assert expected == found


def test_settings_choose_the_templates() -> None:
    """`templates:` names the reflective model, the models offered and the shared review."""
    text = "templates:\n  reflection: reflection_what\n  reflection_models: reflection_what\n"
    chosen = load_settings(text + "  shared_review: our_review\n").templates
    assert ("reflection_what", ("reflection_what",), "our_review") == (
        chosen.reflection,
        chosen.reflection_models,
        chosen.shared_review,
    )


def test_the_services_review_template_counts_with_its_review_date() -> None:
    """A review made with the service's own template counts, dated by its review_date."""
    ours = ServiceSettings.model_validate({"templates": {"shared_review": "our_review"}})
    late = D + timedelta(days=20)
    review = _review(template_id="our_review", answers={"review_date": late.isoformat()})
    snap = _snap(films=[_film()], reflections=[review])
    assert "no_review" in _codes(snap, D + timedelta(days=30), S)
    assert "no_review" not in _codes(snap, D + timedelta(days=30), ours)
    days = fidelity(snap, ours, D + timedelta(days=30)).set_index("code").loc["days_to_review"]
    assert "median 20" == days["value"]


def test_no_review_respects_the_setting() -> None:
    """With days_film_to_review_warn=7 the warning comes after 7 days."""
    snap = _snap(films=[_film()])
    week = ServiceSettings(days_film_to_review_warn=7)
    assert ["no_review"] == _codes(snap, D + timedelta(days=8), week)


@pytest.mark.parametrize(
    "reflection",
    [
        _review(),
        _review(template_id="shared_review_v2"),
        _review(answers={"session_date": datetime(2025, 10, 9, 14, 0, tzinfo=UTC)}),
        _review(template_id="reflection_what", answers={"session_kind": "shared_review"}),
        _review(template_id="reflection_what", answers={"session_kind": "Shared review"}),
    ],
)
def test_a_shared_review_of_the_cycle_silences_no_review(reflection: Reflection) -> None:
    """Both conventions count as a shared review: template id or session_kind answer."""
    snap = _snap(films=[_film()], reflections=[reflection])
    assert "no_review" not in _codes(snap, D + timedelta(days=30))


@pytest.mark.parametrize(
    "reflection",
    [
        _review(cycle=2),
        _review(case_code="F018"),
        _review(template_id="reflection_what", answers={"session_kind": "filming"}),
        _review(cycle_number=None),
    ],
)
def test_other_reflections_do_not_count_as_a_review(reflection: Reflection) -> None:
    """A review of another cycle or case, or another kind of session, does not count."""
    snap = _snap(films=[_film()], reflections=[reflection])
    assert "no_review" in _codes(snap, D + timedelta(days=30))


def test_no_review_is_quiet_for_closed_cases_and_withdrawn_consent() -> None:
    """Closed case or withdrawn consent: no nagging about reviews."""
    closed = _snap(case=_case(status=CaseStatus.closed, closed_on=D), films=[_film()])
    withdrawn = _snap(consent=_consent(withdrawn_on=D), films=[_film()])
    today = D + timedelta(days=20)
    assert [False, False] == ["no_review" in _codes(s, today) for s in (closed, withdrawn)]


@pytest.mark.parametrize(("count", "fires"), [(3, False), (4, True)])
def test_too_many_clips_fires_above_the_setting(count: int, fires: bool) -> None:
    """Three clips on a film are fine; four are pointed out."""
    clips = [_clip(i, start=10 * i) for i in range(1, count + 1)]
    snap = _snap(films=[_film()], clips=clips, reflections=[_review()])
    assert fires == ("too_many_clips" in _codes(snap))


@pytest.mark.parametrize(("length", "fires"), [(9.9, False), (10.0, False), (10.1, True)])
def test_clip_too_long_fires_above_the_setting(length: float, fires: bool) -> None:
    """A clip of 10 seconds is fine; 10.1 seconds is pointed out."""
    snap = _snap(films=[_film()], clips=[_clip(1, length=length)], reflections=[_review()])
    assert fires == ("clip_too_long" in _codes(snap))


def test_clip_too_long_message() -> None:
    """The message names the clip's start, its length and the usual length."""
    snap = _snap(films=[_film()], clips=[_clip(1, start=42, length=14)], reflections=[_review()])
    expected = [
        "A clip at 42.00 s of the film of 3 Oct (cycle 1) is 14.0 seconds; clips are usually 10 seconds or less."
    ]
    assert expected == [a.message for a in attention(snap, S, D)]


@pytest.mark.parametrize(
    ("minutes", "fires"), [(4.9, True), (5, False), (10, False), (20, False), (20.1, True)]
)
def test_film_length_fires_outside_the_range(minutes: float, fires: bool) -> None:
    """Films of 5 to 20 minutes are fine; shorter or longer is pointed out."""
    snap = _snap(films=[_film(minutes=minutes)], reflections=[_review()])
    assert fires == ("film_length" in _codes(snap))


# -- attention: retention ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "fires"), [(date(2025, 3, 30), False), (date(2025, 3, 31), True)]
)
def test_deletion_due_two_months_after_closing(today: date, fires: bool) -> None:
    """Closed on 31 Jan: footage due for deletion on 31 Mar, not before."""
    case = _case(opened_on=date(2024, 9, 1), status=CaseStatus.closed, closed_on=date(2025, 1, 31))
    snap = _snap(case=case, consent=_consent(date(2024, 9, 2)), films=[_film(on=date(2024, 9, 9))])
    assert fires == ("deletion_due" in _codes(snap, today))


def test_deletion_due_message_and_withdrawal() -> None:
    """After withdrawal the date counts from the withdrawal, with a plain message."""
    snap = _snap(consent=_consent(withdrawn_on=date(2025, 10, 10)), films=[_film()])
    found = [a for a in attention(snap, S, date(2025, 12, 10)) if a.code == "deletion_due"]
    expected = [
        "Footage was due for deletion on 10 Dec (2 months after consent was withdrawn). "
        "Delete the 1 film and note the date."
    ]
    assert expected == [a.message for a in found]


def test_deletion_date_uses_the_shorter_retention() -> None:
    """The consent's promise (1 month) wins over a longer service setting; no end, no date."""
    case = _case(status=CaseStatus.closed, closed_on=D)
    short = _snap(case=case, consent=_consent(retention_months=1))
    expected = [(date(2025, 11, 3), "1 month after the case closed"), None]
    assert expected == [
        deletion_date(short, ServiceSettings(retention_months=6)),
        deletion_date(_snap(), S),
    ]


def test_deletion_due_needs_footage() -> None:
    """Past the date with no films left: nothing to delete, nothing said."""
    snap = _snap(case=_case(status=CaseStatus.closed, closed_on=D))
    assert [] == _codes(snap, D + timedelta(days=365))


def test_warnings_come_before_info() -> None:
    """Warnings are listed first."""
    snap = _snap(films=[_film(minutes=30)])
    assert ["warning", "info"] == [a.level for a in attention(snap, S, D + timedelta(days=20))]


# -- next step --------------------------------------------------------------------------


def _hq() -> HelpingQuestion:
    """A helping question with a start rating."""
    rating = Rating(value=3, rated_on=D, occasion="start")
    return HelpingQuestion(id=1, case_code="F017", position=1, words="Settle", ratings=[rating])


def _cycles(done: int, then: str = "") -> CaseSnapshot:
    """A case with ``done`` complete cycles, and then a film ('film') or film and clips ('clips')."""
    films, clips, reviews = [], [], []
    for n in range(1, done + 1 + (1 if then else 0)):
        on = D + timedelta(days=14 * (n - 1))
        films.append(_film(n, cycle=n, on=on))
        if n <= done or then == "clips":
            clips.append(_clip(n, film=n))
        if n <= done:
            reviews.append(_review(n, on + timedelta(days=7)))
    return _snap(helping_questions=[_hq()], films=films, clips=clips, reflections=reviews)


@pytest.mark.parametrize(
    ("snap", "expected"),
    [
        (_snap(consent=None), "Record consent before filming"),
        (
            _snap(consent=_consent(filming=False)),
            "Talk with the family about consent to filming before any filming",
        ),
        (
            _snap(consent=_consent(withdrawn_on=D)),
            "Consent was withdrawn: do not film, and plan the deletion of footage",
        ),
        (_snap(), "Agree the helping questions with the parent"),
        (_cycles(0), "Film cycle 1"),
        (_cycles(0, "film"), "Micro-analyse film of 3 Oct: pick up to 3 clips"),
        (_cycles(0, "clips"), "Shared review of cycle 1"),
        (_cycles(1), "Film cycle 2"),
        (_cycles(1, "film"), "Micro-analyse film of 17 Oct: pick up to 3 clips"),
        (_cycles(2, "clips"), "Shared review of cycle 3"),
        (_cycles(3), "Close the case and make the record of strengths"),
        (
            _snap(case=_case(status=CaseStatus.closed, closed_on=D)),
            "Nothing more to do: the case is closed",
        ),
    ],
)
def test_next_step_for_each_stage(snap: CaseSnapshot, expected: str) -> None:
    """Each stage of the cycle gives its own next step."""
    assert expected == next_step(snap, S)


def test_next_step_goes_back_to_an_unreviewed_earlier_cycle() -> None:
    """Cycle 2 filmed while cycle 1 still lacks its review: review cycle 1 first."""
    snap = _cycles(1, "film")
    snap = _snap(helping_questions=[_hq()], films=snap.films, clips=snap.clips)
    assert "Shared review of cycle 1" == next_step(snap, S)


def test_next_step_follows_min_cycles() -> None:
    """With min_cycles=2, two complete cycles are enough to close."""
    expected = "Close the case and make the record of strengths"
    assert expected == next_step(_cycles(2), ServiceSettings(min_cycles=2))


# -- fidelity ---------------------------------------------------------------------------


def test_fidelity_on_a_hand_built_case() -> None:
    """Values, targets and whether each was met, for a case with two films."""
    films = [
        _film(1, cycle=1, on=D, minutes=12),
        _film(2, cycle=2, on=D + timedelta(days=21), minutes=25),
    ]
    clips = [
        _clip(1, film=1, length=6),
        _clip(2, film=1, start=30, length=8),
        _clip(3, film=2, length=9),
        _clip(4, film=2, start=30, length=12),
        _clip(5, film=2, start=60, length=4),
        _clip(6, film=2, start=90, length=7),
    ]
    snap = _snap(films=films, clips=clips, reflections=[_review(1, D + timedelta(days=9))])
    frame = fidelity(snap, S, D + timedelta(days=30))
    expected = [
        ("consent_before_filming", "Consent before filming", "yes", "yes", True),
        ("films_in_range", "Films in length range", "1 of 2", "5–20 minutes", False),
        ("clips_per_film", "Clips per film", "mean 3.0, max 4", "up to 3", False),
        ("clip_length", "Clip length", "median 7.5 s, max 12.0 s", "10 s or less", False),
        ("days_to_review", "Days from film to review", "median 9", "within 14 days", True),
        ("cycles_done", "Cycles done", "1 of 3", "at least 3", False),
    ]
    assert expected == list(frame.itertuples(index=False, name=None))


def test_fidelity_before_anything_is_filmed() -> None:
    """No consent, no films: plain 'no ... yet' values and no verdict where none applies."""
    frame = fidelity(_snap(consent=None), S, D)
    expected = [
        ("no", False),
        ("no films yet", None),
        ("no films yet", None),
        ("no clips yet", None),
        ("no review yet", None),
        ("0 of 3", False),
    ]
    assert expected == list(zip(frame["value"], frame["met"], strict=True))


def test_fidelity_overdue_review_is_not_met() -> None:
    """An unreviewed film past the setting days marks 'days to review' not met."""
    frame = fidelity(_snap(films=[_film()]), S, D + timedelta(days=15))
    row = frame.set_index("code").loc["days_to_review"]
    assert ("no review yet", False) == (row["value"], row["met"])


# -- frames -----------------------------------------------------------------------------


def _questions() -> list[HelpingQuestion]:
    """Two helping questions, rated at the start and at a review; one hoped-for."""
    return [
        HelpingQuestion(
            id=8,
            case_code="F017",
            position=2,
            words="Play together",
            ratings=[Rating(value=5, rated_on=D, occasion="start")],
        ),
        HelpingQuestion(
            id=7,
            case_code="F017",
            position=1,
            words="How can I help my baby settle?",
            hoped_for=8,
            ratings=[
                Rating(value=6, rated_on=D + timedelta(days=14), occasion="review 1"),
                Rating(value=3, rated_on=D, occasion="start"),
            ],
        ),
    ]


def test_ratings_frame_has_one_row_per_rating() -> None:
    """Rows by position then date, with the hoped-for value on each row."""
    frame = ratings_frame(_questions())
    words = "How can I help my baby settle?"
    expected = [
        (7, 1, words, "start", D, 3, 8),
        (7, 1, words, "review 1", D + timedelta(days=14), 6, 8),
        (8, 2, "Play together", "start", D, 5, None),
    ]
    rows = [
        tuple(None if pd.isna(v) else v for v in r)
        for r in frame.astype(object).itertuples(index=False)
    ]
    assert expected == rows


def test_ratings_frame_empty_keeps_its_columns() -> None:
    """No questions: an empty frame with the usual columns."""
    expected = ["question_id", "position", "words", "occasion", "rated_on", "value", "hoped_for"]
    assert expected == list(ratings_frame([]).columns)


def test_principles_per_cycle_counts_headings() -> None:
    """Behaviour ids count under their heading, once per clip; unknown headings come last."""
    films = [_film(1, cycle=1), _film(2, cycle=2), _film(3, cycle=3)]
    clips = [
        _clip(1, film=1, tags="attentive attentive.waiting receiving"),
        _clip(2, film=1, tags="attentive"),
        _clip(3, film=2, tags="guiding mystery"),
        _clip(4, film=9, tags="attentive"),
    ]
    frame = principles_per_cycle(films, clips, ORDER)
    expected = {
        "columns": [*ORDER, "mystery"],
        "index": [1, 2, 3],
        "data": [[2, 0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 0, 0, 0, 0]],
    }
    actual = {k: v for k, v in frame.to_dict(orient="split").items() if k != "index_names"}
    assert expected == actual


# -- plots ------------------------------------------------------------------------------


def _legend(fig: Figure) -> list[str]:
    """The legend's texts of the figure's first axes."""
    legend = fig.axes[0].get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]


def _texts(fig: Figure) -> list[Text]:
    """Every visible text in a figure."""
    return [t for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


def test_plot_ratings_draws_a_line_per_question_and_hoped_for() -> None:
    """Two questions, one with a hoped-for value: three lines, one of them dashed."""
    fig = plot_ratings(ratings_frame(_questions()))
    ax = fig.axes[0]
    styles = sorted(line.get_linestyle() for line in ax.lines)
    assert (["-", "-", "--"], PNG) == (styles, figure_png(fig)[:8])


def test_plot_principles_draws_grouped_bars() -> None:
    """Three cycles by six headings: eighteen bars, headings in the legend."""
    films = [_film(1, cycle=1), _film(2, cycle=2), _film(3, cycle=3)]
    frame = principles_per_cycle(films, [_clip(1, tags="attentive")], ORDER)
    headings = {p: p.title() for p in ORDER}
    fig = plot_principles(frame, headings)
    legend = _legend(fig)
    assert (18, [p.title() for p in ORDER], PNG) == (
        len(fig.axes[0].patches),
        legend,
        figure_png(fig)[:8],
    )


def test_plots_are_readable() -> None:
    """Every text is at least 10 points, never TeX; each plot has a title and axis labels."""
    figs = [
        plot_ratings(ratings_frame(_questions())),
        plot_principles(principles_per_cycle([_film()], [], ORDER), {}),
    ]
    sizes = [float(t.get_fontsize()) >= 10 and not t.get_usetex() for f in figs for t in _texts(f)]
    labelled = [
        bool(a.get_title() and a.get_xlabel() and a.get_ylabel()) for f in figs for a in f.axes
    ]
    assert (True, [True, True]) == (all(sizes), labelled)


def test_odd_text_renders_as_text() -> None:
    """'$', emoji and Arabic in the parent's words render, with '$' kept literal, not mathtext."""
    words = "Buy the $5 toy and the $10 one 😊 الأم تبتسم للطفل"
    hq = HelpingQuestion(
        id=1, case_code="F017", position=1, words=words, ratings=[Rating(value=4, rated_on=D)]
    )
    fig = plot_ratings(ratings_frame([hq]))
    heading = plot_principles(
        principles_per_cycle([_film()], [_clip(1, tags="x")], []), {"x": "Costs $5 😊 مرحبا"}
    )
    legend = _legend(fig)[0]
    pngs = [figure_png(fig)[:8], figure_png(heading)[:8]]
    assert (r"Q1: Buy the \$5 toy and the \$10 one 😊 الأم ت…", [PNG, PNG]) == (legend, pngs)


def test_empty_plots_say_so() -> None:
    """No ratings or no clips: a figure that says so, still a PNG."""
    figs = [plot_ratings(ratings_frame([])), plot_principles(principles_per_cycle([], [], []), {})]
    notes = [[t.get_text() for t in _texts(f) if t.get_text().startswith("No ")] for f in figs]
    assert ([["No ratings yet"], ["No clips tagged yet"]], [PNG, PNG]) == (
        notes,
        [figure_png(f)[:8] for f in figs],
    )


# -- the store --------------------------------------------------------------------------


def test_snapshot_from_store(store: Store) -> None:
    """The snapshot holds what the store holds for the case, and summaries read it."""
    store.people.add(Practitioner(id="jo", display_name="Jo Guider"))
    store.cases.add(_case(opened_on=D))
    store.cases.set_consent(_consent())
    store.cases.save_helping_question(_hq().model_copy(update={"id": None}))
    film = store.films.add(_film(ident=0).model_copy(update={"id": None}))
    store.films.add_clip(_clip(0, film=film.id or 0).model_copy(update={"id": None}))
    store.reflections.save(_review(on=D + timedelta(days=5)))
    snap = snapshot_from_store(store, "f017")
    sizes = [
        len(snap.consent_history),
        len(snap.helping_questions),
        len(snap.films),
        len(snap.clips),
        len(snap.reflections),
    ]
    expected: tuple[str, list[int], str, list[Attention]] = ("F017", [1] * 5, "Film cycle 2", [])
    assert expected == (
        snap.case.code,
        sizes,
        next_step(snap, S),
        attention(snap, S, D + timedelta(days=30)),
    )


def test_ratings_on_one_day_plot_in_the_order_given() -> None:
    """Start, review 1, review 2 on the same day are plotted in that order, not by name."""
    hq = HelpingQuestion(
        id=1,
        case_code="F017",
        position=1,
        words="Settle",
        ratings=[
            Rating(value=3, rated_on=D, occasion="start"),
            Rating(value=5, rated_on=D, occasion="review 1"),
            Rating(value=7, rated_on=D, occasion="review 2"),
        ],
    )
    fig = plot_ratings(ratings_frame([hq]))
    labels = [t.get_text().split("\n")[0] for t in fig.axes[0].get_xticklabels()]
    assert ["start", "review 1", "review 2"] == labels


def test_a_film_of_the_review_itself_is_not_part_of_the_familys_cycle(store: Store) -> None:
    """A review film (for supervision) is left out of the case's summaries and the record."""
    from vigkit.core.records import REVIEW_FILM_CONTEXT
    from vigkit.reports.strengths import gather

    store.people.add(Practitioner(id="jo", display_name="Jo Guider"))
    store.cases.add(_case(opened_on=D))
    store.cases.set_consent(_consent())
    family = store.films.add(_film(ident=0).model_copy(update={"id": None}))
    review = store.films.add(
        _film(ident=0).model_copy(update={"id": None, "context": REVIEW_FILM_CONTEXT})
    )
    store.films.add_clip(_clip(0, film=family.id or 0).model_copy(update={"id": None}))
    store.films.add_clip(_clip(0, film=review.id or 0).model_copy(update={"id": None}))
    snap = snapshot_from_store(store, "F017")
    assert [family.id] == [f.id for f in snap.films]
    assert 1 == len(gather(store, "F017").moments)  # the family film's clip only
    assert 2 == len(store.films.list("F017"))
