"""Tests of vigkit.store: round trips, errors, consent, atomicity, concurrency, migrations."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from vigkit.core.errors import (
    CaseNotFound,
    ConsentRequired,
    DuplicateRecord,
    PractitionerNotFound,
    RecordNotFound,
    VigkitError,
)
from vigkit.core.records import (
    Case,
    CaseStatus,
    Clip,
    Consent,
    Cycle,
    Draft,
    Film,
    HelpingQuestion,
    Practitioner,
    Rating,
    Reflection,
    Role,
)
from vigkit.store import Store, tables

pytestmark = pytest.mark.both_databases

SHA = "ab" * 32
ODD_TEXT = (
    "Mae'r babi'n gwenu 😊👶🏽 — ماں بچے کو دیکھتی ہے — الأم تبتسم — "
    "<script>alert(1)</script> ' \" \\ %s ; DROP TABLE cases; --\n\ttabbed"
)


def _practitioner(store: Store, ident: str = "jo") -> Practitioner:
    """Add and return a practitioner."""
    return store.people.add(Practitioner(id=ident, display_name="Jo Guider"))


def _case(store: Store, code: str = "F017", practitioner: str = "jo") -> Case:
    """Add and return a case (adding its practitioner if needed)."""
    if practitioner not in {p.id for p in store.people.list()}:
        _practitioner(store, practitioner)
    return store.cases.add(
        Case(code=code, practitioner_id=practitioner, opened_on=date(2026, 1, 5))
    )


def _consent(store: Store, code: str = "F017", **changes: object) -> Consent:
    """Record and return consent to filming for a case."""
    values: dict[str, object] = {"case_code": code, "given_on": date(2026, 1, 6), "filming": True}
    return store.cases.set_consent(Consent.model_validate(values | changes))


def _film(store: Store, code: str = "F017", cycle: int = 1, duration: float = 60.0) -> Film:
    """Log and return a film for a case that has consent."""
    return store.films.add(
        Film(
            case_code=code,
            cycle_number=cycle,
            path="/media/f017/cycle1.mp4",
            sha256=SHA,
            duration_s=duration,
            filmed_on=date(2026, 1, 10),
        )
    )


def _reflection(author: str = "jo", **changes: object) -> Reflection:
    """A reflection not yet saved."""
    values: dict[str, object] = {
        "template_id": "after-shared-review",
        "template_version": "1.2",
        "author_id": author,
        "answers": {"what_went_well": "Mum followed baby's lead.", "rating": 7},
    }
    return Reflection.model_validate(values | changes)


# -- practitioners and settings ----------------------------------------------------------


def test_practitioner_round_trip(store: Store) -> None:
    """A practitioner comes back exactly as added, and is listed."""
    added = Practitioner(id="sam.t", display_name="Sam", roles=[Role.trainee], stage=2)
    store.people.add(added)
    assert added == store.people.get("sam.t")
    assert [added] == store.people.list()


def test_practitioner_duplicate_and_missing(store: Store) -> None:
    """A second practitioner with the same id and an unknown id both raise."""
    _practitioner(store)
    with pytest.raises(DuplicateRecord):
        _practitioner(store)
    with pytest.raises(PractitionerNotFound):
        store.people.get("nobody")


def test_settings(store: Store) -> None:
    """A setting returns its default until set, then its latest value."""
    assert "x" == store.settings.get("service", default="x")
    assert None is store.settings.get("service")
    store.settings.set("service", "Cardiff")
    store.settings.set("service", "Caerdydd")
    assert "Caerdydd" == store.settings.get("service")


# -- cases and consent -------------------------------------------------------------------


def test_case_round_trip_and_lookup(store: Store) -> None:
    """A case comes back exactly as added, whatever the letter case of the code asked for."""
    _practitioner(store)
    case = Case(
        code="f017",
        practitioner_id="jo",
        setting="home",
        age_months=9,
        referral_reason="Low mood after birth.",
        status=CaseStatus.active,
        opened_on=date(2026, 2, 1),
    )
    assert "F017" == store.cases.add(case).code
    assert case == store.cases.get("f017")
    assert case == store.cases.get(" F017 ")


def test_case_errors(store: Store) -> None:
    """Duplicate, unknown and practitioner-less cases raise with plain messages."""
    _case(store)
    with pytest.raises(DuplicateRecord) as err:
        _case(store)
    assert "There is already a case F017." == str(err.value)
    with pytest.raises(CaseNotFound):
        store.cases.get("Z999")
    with pytest.raises(PractitionerNotFound):
        store.cases.add(Case(code="G001", practitioner_id="ghost"))
    with pytest.raises(CaseNotFound):
        store.cases.update(Case(code="Z999", practitioner_id="jo"))


def test_update_and_list_cases(store: Store) -> None:
    """An updated case is returned; cases list by code and filter by practitioner."""
    _case(store, "F020")
    _case(store, "A010")
    _case(store, "B300", practitioner="kim")
    closed = store.cases.get("F020").model_copy(
        update={"status": CaseStatus.closed, "closed_on": date(2026, 5, 1)}
    )
    store.cases.update(closed)
    assert closed == store.cases.get("F020")
    assert ["A010", "B300", "F020"] == [c.code for c in store.cases.list()]
    assert ["A010", "F020"] == [c.code for c in store.cases.list(practitioner_id="jo")]


def test_consent_history(store: Store) -> None:
    """A new consent becomes current and the earlier one stays in the history."""
    _case(store)
    assert None is store.cases.get_consent("F017")
    first = _consent(store)
    second = _consent(store, training_events=True, withdrawn_on=date(2026, 3, 1))
    assert second == store.cases.get_consent("f017")
    assert [first, second] == store.cases.consent_history("F017")
    with pytest.raises(CaseNotFound):
        store.cases.get_consent("Z999")


# -- helping questions -------------------------------------------------------------------


def test_helping_questions(store: Store) -> None:
    """Helping questions round trip with ratings ordered by date; a fourth is refused."""
    _case(store)
    start = Rating(value=2, rated_on=date(2026, 1, 6))
    hq = store.cases.save_helping_question(
        HelpingQuestion(case_code="f017", position=1, words="Mwy o chwarae", ratings=[start])
    )
    assert hq.id is not None
    review = Rating(value=5, rated_on=date(2026, 2, 6), occasion="review")
    end = Rating(value=8, rated_on=date(2026, 3, 6), occasion="end")
    store.cases.add_rating(hq.id, end)
    got = store.cases.add_rating(hq.id, review)
    assert [start, review, end] == got.ratings
    changed = store.cases.save_helping_question(
        got.model_copy(update={"words": "More play", "position": 2, "hoped_for": 9})
    )
    expected = HelpingQuestion(
        id=hq.id,
        case_code="F017",
        position=2,
        words="More play",
        hoped_for=9,
        ratings=[start, review, end],
    )
    assert expected == changed
    assert [expected] == store.cases.list_helping_questions("F017")
    for position in (1, 3):
        store.cases.save_helping_question(
            HelpingQuestion(case_code="F017", position=position, words="w")
        )
    assert [1, 2, 3] == [h.position for h in store.cases.list_helping_questions("F017")]
    with pytest.raises(VigkitError) as err:
        store.cases.save_helping_question(
            HelpingQuestion(case_code="F017", position=3, words="four")
        )
    assert "A case has at most three helping questions." == str(err.value)


def test_helping_question_missing(store: Store) -> None:
    """Rating or updating an unknown helping question raises RecordNotFound."""
    _case(store)
    with pytest.raises(RecordNotFound):
        store.cases.add_rating(99, Rating(value=1, rated_on=date(2026, 1, 1)))
    with pytest.raises(RecordNotFound):
        store.cases.save_helping_question(
            HelpingQuestion(id=99, case_code="F017", position=1, words="w")
        )


# -- cycles, films and clips -------------------------------------------------------------


def test_cycles(store: Store) -> None:
    """Cycles round trip in number order; a repeated number is a DuplicateRecord."""
    _case(store)
    two = store.cases.add_cycle(Cycle(case_code="F017", number=2, started_on=date(2026, 2, 1)))
    one = store.cases.add_cycle(Cycle(case_code="F017", number=1, working_point="Turn-taking"))
    assert [one, two] == store.cases.list_cycles("F017")
    with pytest.raises(DuplicateRecord):
        store.cases.add_cycle(Cycle(case_code="F017", number=2))


@pytest.mark.parametrize(
    "consent",
    [None, {"filming": False}, {"withdrawn_on": date(2026, 2, 1)}],
    ids=["none", "no-filming", "withdrawn"],
)
def test_film_needs_consent(store: Store, consent: dict[str, object] | None) -> None:
    """Without current consent to filming a film is refused and nothing is written."""
    _case(store)
    if consent is not None:
        base: dict[str, object] = {
            "case_code": "F017",
            "given_on": date(2026, 1, 6),
            "filming": True,
        }
        store.cases.set_consent(Consent.model_validate(base | consent))
    with pytest.raises(ConsentRequired) as err:
        _film(store)
    assert (
        "The family has not consented to filming, so a film cannot be logged. Record consent first."
    ) == str(err.value)
    assert (0, 0) == (store.counts()["films"], store.counts()["cycles"])


def test_film_round_trip_creates_cycle(store: Store) -> None:
    """A logged film comes back as saved, and its missing cycle is created."""
    _case(store)
    _consent(store)
    film = _film(store, code="f017", cycle=1)
    assert film == store.films.get(film.id or 0)
    assert [film] == store.films.list("F017")
    assert [film] == store.films.list()
    assert [1] == [c.number for c in store.cases.list_cycles("F017")]
    assert date(2026, 1, 10) == store.cases.list_cycles("F017")[0].started_on
    with pytest.raises(RecordNotFound):
        store.films.get(999)


def test_film_failure_rolls_back_cycle(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """If inserting the film fails after its cycle was created, neither is saved."""
    _case(store)
    _consent(store)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tables.films, "insert", broken)
    with pytest.raises(RuntimeError):
        _film(store)
    monkeypatch.undo()
    assert [] == store.cases.list_cycles("F017")
    assert [] == store.films.list()


def test_clip_round_trip_update_delete(store: Store) -> None:
    """A clip round trips, updates, lists by film and case, and deletes."""
    _case(store)
    _consent(store)
    film = _film(store)
    hq = store.cases.save_helping_question(HelpingQuestion(case_code="F017", position=1, words="w"))
    clip = store.films.add_clip(
        Clip(
            film_id=film.id or 0,
            start_s=12.5,
            end_s=20.0,
            principle_ids=["attuned.looking", "receiving.initiatives"],
            what_i_see=ODD_TEXT,
            helping_question_ids=[hq.id or 0],
            still_times_s=[13.0, 19.5],
        )
    )
    assert [clip] == store.films.list_clips(film_id=film.id)
    assert [clip] == store.films.list_clips(case_code="f017")
    changed = clip.model_copy(
        update={"end_s": 60.0, "principle_ids": [], "better_than_usual": False}
    )
    store.films.update_clip(changed)
    assert [changed] == store.films.list_clips()
    store.films.delete_clip(clip.id or 0)
    assert [] == store.films.list_clips()
    with pytest.raises(RecordNotFound):
        store.films.delete_clip(clip.id or 0)
    with pytest.raises(RecordNotFound):
        store.films.update_clip(changed)


def test_clip_beyond_film(store: Store) -> None:
    """A clip ending after its film is refused with a plain message."""
    _case(store)
    _consent(store)
    film = _film(store, duration=60.0)
    with pytest.raises(VigkitError) as err:
        store.films.add_clip(Clip(film_id=film.id or 0, start_s=50.0, end_s=75.0))
    assert "The clip ends at 75.00 s but the film is only 60.00 s long." == str(err.value)
    with pytest.raises(RecordNotFound):
        store.films.add_clip(Clip(film_id=999, start_s=1.0, end_s=2.0))


def test_failed_clip_leaves_nothing(store: Store) -> None:
    """A clip whose check fails after its row was inserted leaves no row behind."""
    _case(store)
    _consent(store)
    film = _film(store)
    _case(store, "G002")
    other = store.cases.save_helping_question(
        HelpingQuestion(case_code="G002", position=1, words="w")
    )
    before = store.counts()
    with pytest.raises(VigkitError) as err:
        store.films.add_clip(
            Clip(film_id=film.id or 0, start_s=1.0, end_s=2.0, helping_question_ids=[other.id or 0])
        )
    assert f"Helping question {other.id} is not one of the helping questions of case F017." == str(
        err.value
    )
    assert before == store.counts()


# -- reflections and drafts ----------------------------------------------------------------


def test_reflection_round_trip_and_update(store: Store) -> None:
    """A reflection round trips; an update changes answers and updated_at only."""
    _case(store)
    old = datetime(2025, 12, 1, 9, 30, tzinfo=UTC)
    saved = store.reflections.save(
        _reflection(case_code="f017", cycle_number=1, created_at=old, updated_at=old)
    )
    assert saved == store.reflections.get(saved.id or 0)
    assert "F017" == saved.case_code
    edited = saved.model_copy(
        update={"answers": {"what_went_well": "Baby smiled."}, "template_version": "9.9"}
    )
    updated = store.reflections.save(edited)
    assert {"what_went_well": "Baby smiled."} == updated.answers
    assert ("after-shared-review", "1.2", old) == (
        updated.template_id,
        updated.template_version,
        updated.created_at,
    )
    assert updated.updated_at > old
    assert updated == store.reflections.get(saved.id or 0)


def test_reflection_errors(store: Store) -> None:
    """Unknown reflections, authors and cases raise their own errors."""
    _case(store)
    with pytest.raises(RecordNotFound):
        store.reflections.get(1)
    with pytest.raises(RecordNotFound):
        store.reflections.save(_reflection().model_copy(update={"id": 5}))
    with pytest.raises(PractitionerNotFound):
        store.reflections.save(_reflection(author="ghost"))
    with pytest.raises(CaseNotFound):
        store.reflections.save(_reflection(case_code="Z999"))


def test_list_reflections(store: Store) -> None:
    """Reflections list newest first and filter by author and case."""
    _case(store)
    _case(store, "G002", practitioner="kim")
    made = [
        store.reflections.save(
            _reflection(author=a, case_code=c, created_at=datetime(2026, 1, d, tzinfo=UTC))
        )
        for a, c, d in [("jo", "F017", 1), ("kim", "G002", 3), ("jo", None, 2)]
    ]
    assert [made[1], made[2], made[0]] == store.reflections.list()
    assert [made[2], made[0]] == store.reflections.list(author_id="jo")
    assert [made[0]] == store.reflections.list(author_id="jo", case_code="f017")


def test_drafts(memory_store: Store) -> None:
    """A draft upserts by key, comes back as saved, and deletes (idempotently)."""
    first = Draft(key="case/F017/reflect", template_id="t", template_version="1", author_id="jo")
    memory_store.reflections.save_draft(first)
    second = first.model_copy(update={"answers": {"q1": ODD_TEXT, "n": [1, 2.5, None]}})
    memory_store.reflections.save_draft(second)
    assert second == memory_store.reflections.get_draft("case/F017/reflect")
    assert 1 == memory_store.counts()["drafts"]
    memory_store.reflections.delete_draft("case/F017/reflect")
    memory_store.reflections.delete_draft("case/F017/reflect")
    assert None is memory_store.reflections.get_draft("case/F017/reflect")


def test_text_round_trip(store: Store) -> None:
    """Emoji, Welsh, Urdu, Arabic and markup come back exactly as given in every text field."""
    who = store.people.add(Practitioner(id="jo", display_name=ODD_TEXT[-120:]))
    store.cases.add(
        Case(code="F017", practitioner_id="jo", setting=ODD_TEXT, referral_reason=ODD_TEXT)
    )
    store.settings.set("note", ODD_TEXT)
    hq = store.cases.save_helping_question(
        HelpingQuestion(case_code="F017", position=1, words=ODD_TEXT)
    )
    saved = store.reflections.save(_reflection(answers={ODD_TEXT: ODD_TEXT, "list": [ODD_TEXT]}))
    assert ODD_TEXT[-120:] == who.display_name == store.people.get("jo").display_name
    assert (ODD_TEXT, ODD_TEXT) == (
        store.cases.get("F017").setting,
        store.cases.get("F017").referral_reason,
    )
    assert ODD_TEXT == store.settings.get("note")
    assert ODD_TEXT == store.cases.list_helping_questions("F017")[0].words == hq.words
    assert {ODD_TEXT: ODD_TEXT, "list": [ODD_TEXT]} == store.reflections.get(saved.id or 0).answers


def test_template_copies_first_version_wins(store: Store) -> None:
    """A template version is kept once; a changed file under the same version does not replace it."""
    first = {"id": "our_log", "version": "1.0", "title": "First"}
    assert store.templates.remember("our_log", "1.0", first)
    assert not store.templates.remember("our_log", "1.0", first | {"title": "Changed"})
    assert store.templates.remember("our_log", "1.1", first | {"version": "1.1"})
    assert first == store.templates.body("our_log", "1.0")
    assert ["1.0", "1.1"] == store.templates.versions("our_log")
    assert store.templates.body("our_log", "2.0") is None


def test_a_store_that_cannot_be_made_says_so_and_leaves_nothing(tmp_path) -> None:
    """A data directory that cannot exist (here under /proc), or a database path that is a
    folder: a plain vigkit error, never a raw OSError or OperationalError, no 0-byte file."""
    from vigkit.core.errors import StoreError

    with pytest.raises(StoreError) as raised:
        Store.open("/proc/vigkit-cannot-be-here")
    message = str(raised.value)
    assert "could not be opened or made" in message and "Nothing was saved there" in message
    assert "/proc/vigkit-cannot-be-here" in message
    assert not Path("/proc/vigkit-cannot-be-here").exists()

    data = tmp_path / "data"
    (data / "vigkit.sqlite").mkdir(parents=True)
    with pytest.raises(StoreError) as raised:
        Store.open(data)
    assert "could not be opened or made" in str(raised.value)
    assert str(data / "vigkit.sqlite") in str(raised.value)
    assert [] == [p.name for p in data.iterdir() if p.is_file() and p.stat().st_size == 0]


def test_the_cli_says_plainly_when_the_data_directory_cannot_be_made(capsys) -> None:
    from vigkit.cli import main

    assert 1 == main(["demo", "--data", "/proc/vigkit-cannot-be-here"])
    err = capsys.readouterr().err
    assert "could not be opened or made" in err and "Traceback" not in err


def test_snapshots_of_many_cases_are_each_cases_own(tmp_path: Path) -> None:
    """The caseload's one read gives, for every case, what reading it alone gives."""
    from vigkit.demo.caseload import fill_demo
    from vigkit.store.snapshot import snapshot_from_store, snapshots_from_store

    fill_demo(tmp_path / "demo", out=io.StringIO())
    with Store.open(tmp_path / "demo") as store:
        codes = [c.code for c in store.cases.list()]
        assert len(codes) >= 5
        many = snapshots_from_store(store, [*codes, "f017", "NOPE"])
        assert sorted(many) == sorted(codes)  # any letter case; no such case: left out
        for code in codes:
            assert snapshot_from_store(store, code) == many[code]
        assert any(s.clips and s.reflections and s.consent_history for s in many.values())
        assert {} == snapshots_from_store(store, [])
