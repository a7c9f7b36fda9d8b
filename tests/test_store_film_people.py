"""Tests of who is in a film: the records (pure) and ``store.people_in_films`` on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from peoplefixture import two_families
from pydantic import ValidationError

from vigkit.core.access import Use, must_hide
from vigkit.core.errors import CaseNotFound, RecordNotFound
from vigkit.core.filmpeople import FaceBox, PersonInFilm, PersonKind
from vigkit.core.records import Consent, problems
from vigkit.store import Store


def _box(t: float, x: int = 100, kept: bool = False) -> FaceBox:
    return FaceBox(t=t, x=x, y=50, w=80, h=90, kept=kept)


# -- the records, pure -------------------------------------------------------------------------


def test_another_family_is_named_by_its_case_and_only_they_are() -> None:
    """A person of another family needs that family's case code (stored upper case); nobody
    else may carry one; the refusals are plain words."""
    person = PersonInFilm(film_id=1, kind=PersonKind.other_family, case_code=" f032 ")
    assert "F032" == person.case_code
    with pytest.raises(ValidationError) as missing:
        PersonInFilm(film_id=1, kind=PersonKind.other_family)
    assert "another family needs that family's case code" in str(problems(missing.value))
    with pytest.raises(ValidationError) as extra:
        PersonInFilm(film_id=1, kind=PersonKind.staff, case_code="F032")
    assert "Only a person of another family" in str(problems(extra.value))


@pytest.mark.parametrize(
    "boxes",
    [
        [
            {"t": 1.0, "x": 0, "y": 0, "w": 10, "h": 10},
            {"t": 1.0, "x": 5, "y": 0, "w": 10, "h": 10},
        ],
        [
            {"t": 2.0, "x": 0, "y": 0, "w": 10, "h": 10},
            {"t": 1.0, "x": 5, "y": 0, "w": 10, "h": 10},
        ],
        [{"t": 1.0, "x": -1, "y": 0, "w": 10, "h": 10}],
        [{"t": 1.0, "x": 0, "y": 0, "w": 0, "h": 10}],
        [{"t": -0.5, "x": 0, "y": 0, "w": 10, "h": 10}],
    ],
)
def test_boxes_out_of_order_or_shapeless_are_refused(boxes: list[dict[str, float]]) -> None:
    """Boxes come in time order, one at a moment, at a place in the picture with a size."""
    with pytest.raises(ValidationError):
        PersonInFilm.model_validate({"film_id": 1, "boxes": boxes})


def test_who_is_seen_in_some_seconds() -> None:
    """A box holds until the next; the last holds to the end unless they were confirmed to
    have left; the boxes for some seconds carry one on each side."""
    person = PersonInFilm(film_id=1, boxes=[_box(2.0), _box(4.0), _box(6.0, kept=True)])
    assert not person.seen_between(0.0, 1.9)
    assert person.seen_between(0.0, 2.0)
    assert person.seen_between(50.0, 55.0)  # lost, never dropped
    gone = person.model_copy(update={"left_at": 7.0})
    assert gone.seen_between(6.5, 8.0) and not gone.seen_between(7.5, 9.0)
    assert [4.0, 6.0] == [b.t for b in person.boxes_between(4.5, 5.5)]
    assert [2.0, 4.0, 6.0] == [b.t for b in person.boxes_between(3.0, 4.0)]
    with pytest.raises(ValidationError) as early:
        PersonInFilm.model_validate(person.model_dump() | {"left_at": 5.0})
    assert "before their last face box" in str(problems(early.value))


def test_nobody_is_seen_without_boxes() -> None:
    assert not PersonInFilm(film_id=1, kind=PersonKind.staff).seen_between(0.0, 100.0)


# -- the store, on both databases ----------------------------------------------------------------


@pytest.mark.both_databases
def test_people_round_trip_update_and_remove(store: Store) -> None:
    """A person and their boxes come back as saved, in the order added; an update replaces
    every box; a removal takes the boxes with it."""
    own, other = two_families(store)
    assert own.id is not None
    mum = store.people_in_films.add(
        PersonInFilm(
            film_id=own.id,
            kind=PersonKind.parent,
            label="Mum — 👶🏽 'quotes' <b>",
            agrees=True,
            boxes=[_box(0.0), _box(0.2, x=104), _box(0.4, x=104, kept=True)],
        )
    )
    visitor = store.people_in_films.add(
        PersonInFilm(film_id=own.id, kind=PersonKind.other_family, case_code="f032")
    )
    assert mum.id is not None and visitor.id is not None
    assert [mum, visitor] == store.people_in_films.list(own.id)
    assert "F032" == store.people_in_films.get(visitor.id).case_code
    assert [] == store.people_in_films.list(other.id or 0)

    moved = mum.model_copy(update={"boxes": [_box(1.0, x=300)], "left_at": 9.5})
    assert moved == store.people_in_films.update(moved)
    assert moved == store.people_in_films.get(mum.id)

    store.people_in_films.remove(mum.id)
    assert [visitor] == store.people_in_films.list(own.id)
    with pytest.raises(RecordNotFound):
        store.people_in_films.get(mum.id)
    with pytest.raises(RecordNotFound):
        store.people_in_films.remove(mum.id)
    with pytest.raises(RecordNotFound):
        store.people_in_films.update(moved)


@pytest.mark.both_databases
def test_a_person_needs_a_logged_film_and_a_known_family(store: Store) -> None:
    """No person in a film that is not logged, nor of a family vigkit does not know; a
    failed save leaves nothing."""
    own, _ = two_families(store)
    with pytest.raises(RecordNotFound):
        store.people_in_films.add(PersonInFilm(film_id=999, boxes=[_box(0.0)]))
    with pytest.raises(CaseNotFound):
        store.people_in_films.add(
            PersonInFilm(film_id=own.id or 0, kind=PersonKind.other_family, case_code="F099")
        )
    assert [] == store.people_in_films.list(own.id or 0)


@pytest.mark.both_databases
def test_a_family_that_goes_leaves_an_unknown_person_in_others_films(store: Store) -> None:
    """Deleting a case removes the people of its films; where one of that family was seen in
    another family's film, they stay as someone unknown with no say (hidden), boxes kept."""
    own, other = two_families(store)
    store.people_in_films.add(PersonInFilm(film_id=other.id or 0, boxes=[_box(0.0)]))
    seen = store.people_in_films.add(
        PersonInFilm(
            film_id=own.id or 0,
            kind=PersonKind.other_family,
            case_code="F032",
            label="Sam",
            agrees=True,
            boxes=[_box(1.0)],
        )
    )
    assert [own] == store.people_in_films.films_showing("f032")
    assert [] == store.people_in_films.films_showing("F031")
    store.cases.delete("F032")
    assert [] == store.people_in_films.films_showing("F032")
    left = store.people_in_films.list(own.id or 0)
    assert 1 == len(left)
    assert (PersonKind.unknown, None, "", None) == (
        left[0].kind,
        left[0].case_code,
        left[0].label,
        left[0].agrees,
    )
    assert seen.boxes == left[0].boxes


@pytest.mark.both_databases
def test_an_erasure_takes_the_familys_people_and_unnames_them_elsewhere(store: Store) -> None:
    """A family's erasure (one transaction) removes the people of its films and unnames its
    members seen in another family's film."""
    own, other = two_families(store)
    store.people_in_films.add(PersonInFilm(film_id=other.id or 0, boxes=[_box(0.0)]))
    store.people_in_films.add(
        PersonInFilm(film_id=own.id or 0, kind=PersonKind.other_family, case_code="F032")
    )
    erased = store.erasure.erase_case("F032", by="jo", reason="family's request")
    assert (1, 1) == (erased.rows["film_people"], erased.rows["film_person_boxes"])
    assert [PersonKind.unknown] == [p.kind for p in store.people_in_films.list(own.id or 0)]


@pytest.mark.both_databases
def test_the_policy_hears_who_is_visible_with_their_familys_consent(store: Store) -> None:
    """``store.access.footage`` lists the people seen in the seconds asked for, each with
    their family's current consent (staff and unknown people with none), and must_hide
    then hides the family that did not consent to the use."""
    own, _ = two_families(store)
    store.cases.set_consent(
        Consent(case_code="F031", given_on=date(2026, 3, 2), filming=True, group_viewing=True)
    )
    film = own.id or 0
    add = store.people_in_films.add
    mum = add(PersonInFilm(film_id=film, kind=PersonKind.parent, boxes=[_box(0.0)]))
    other = add(
        PersonInFilm(
            film_id=film, kind=PersonKind.other_family, case_code="F032", boxes=[_box(0.0)]
        )
    )
    helper = add(PersonInFilm(film_id=film, kind=PersonKind.staff, boxes=[_box(0.0)]))
    add(PersonInFilm(film_id=film, kind=PersonKind.unknown, boxes=[_box(30.0)], left_at=31.0))
    seen = store.access.footage(own, Use.group_review, (5.0, 9.0))
    assert [mum.id, other.id, helper.id] == [p.id for p in seen.people]
    assert ["F031", "F032", None] == [p.consent and p.consent.case_code for p in seen.people]
    assert {other.id, helper.id} == must_hide(seen)
    store.cases.set_consent(
        Consent(case_code="F032", given_on=date(2026, 3, 2), filming=True, group_viewing=True)
    )
    assert {helper.id} == must_hide(store.access.footage(own, Use.group_review, (5.0, 9.0)))


@pytest.mark.both_databases
def test_a_films_people_are_confirmed_by_someone_at_a_time_and_the_policy_hears_it(
    store: Store,
) -> None:
    """``confirm`` records who confirmed a film's people and when (the latest counts); the
    policy hears whether the film was made at a group session and whether it is confirmed;
    the mark goes with the family's films on erasure."""
    from vigkit.core import clock
    from vigkit.core.records import Group, GroupSession

    own, other = two_families(store)
    film = own.id or 0
    assert store.people_in_films.confirmed(film) is None
    facts = store.access.footage(own, Use.group_review, (1.0, 2.0))
    assert (False, False) == (facts.group_film, facts.people_confirmed)
    store.groups.add(Group(code="G001", practitioner_id="jo", title="Baby bonding"))
    for code in ("F031", "F032"):
        store.groups.add_member("G001", code)
    session = store.groups.add_session(GroupSession(group_code="G001", held_on=date(2026, 3, 8)))
    store.groups.add_film_to_session(film, session.id or 0)
    facts = store.access.footage(own, Use.group_review, (1.0, 2.0))
    assert (True, False) == (facts.group_film, facts.people_confirmed)

    before = clock.now()
    first = store.people_in_films.confirm(film, "jo")
    again = store.people_in_films.confirm(film, "sam")
    mark = store.people_in_films.confirmed(film)
    assert mark is not None and (film, "sam") == (mark.film_id, mark.confirmed_by)
    assert before <= first.confirmed_at <= mark.confirmed_at == again.confirmed_at
    assert store.access.footage(own, Use.group_review, (1.0, 2.0)).people_confirmed
    assert store.people_in_films.confirmed(other.id or 0) is None
    with pytest.raises(RecordNotFound):
        store.people_in_films.confirm(9999, "jo")

    erased = store.erasure.erase_case("F031", by="jo", reason="family's request")
    assert 1 == erased.rows["film_people_confirmed"]
    assert store.people_in_films.confirmed(film) is None
