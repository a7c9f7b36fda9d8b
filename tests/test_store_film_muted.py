"""Tests of the stretches of a film to silence: the record (pure) and ``store.people_in_films``'s
``mute``, ``muted`` and ``unmute`` on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from peoplefixture import two_families
from pydantic import ValidationError

from vigkit.core import clock
from vigkit.core.errors import RecordNotFound
from vigkit.core.filmpeople import MutedStretch
from vigkit.core.records import problems
from vigkit.store import Store

_AT = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("start, end", [(2.0, 2.0), (3.0, 2.5), (-1.0, 2.0)])
def test_a_stretch_ends_after_it_starts_inside_a_day(start: float, end: float) -> None:
    """No stretch of no length, backwards, or before the film starts; plain words."""
    with pytest.raises(ValidationError) as refused:
        MutedStretch(film_id=1, start_s=start, end_s=end, marked_by="jo", marked_at=_AT)
    if start >= 0:
        assert "ends after it starts" in str(problems(refused.value))


def test_a_stretch_overlaps_the_seconds_it_shares() -> None:
    stretch = MutedStretch(film_id=1, start_s=2.0, end_s=3.0, marked_by="jo", marked_at=_AT)
    assert stretch.overlaps(2.5, 10.0) and stretch.overlaps(0.0, 2.1)
    assert not stretch.overlaps(3.0, 4.0) and not stretch.overlaps(0.0, 2.0)


@pytest.mark.both_databases
def test_stretches_are_marked_listed_in_time_order_and_removed(store: Store) -> None:
    """``mute`` saves who marked it and when; ``muted`` lists a film's stretches by time;
    ``unmute`` removes one; a film not logged or a stretch not there is RecordNotFound."""
    own, other = two_families(store)
    film = own.id or 0
    before = clock.now()
    late = store.people_in_films.mute(film, 20.0, 21.5, "jo")
    early = store.people_in_films.mute(film, 0.5, 1.0, "jo")
    assert [(0.5, 1.0), (20.0, 21.5)] == [
        (m.start_s, m.end_s) for m in store.people_in_films.muted(film)
    ]
    assert [early.id, late.id] == [m.id for m in store.people_in_films.muted(film)]
    assert before <= early.marked_at and "jo" == early.marked_by
    assert [] == store.people_in_films.muted(other.id or 0)
    gone = store.people_in_films.unmute(late.id or 0)
    assert (20.0, 21.5) == (gone.start_s, gone.end_s)
    assert [early.id] == [m.id for m in store.people_in_films.muted(film)]
    with pytest.raises(RecordNotFound):
        store.people_in_films.unmute(late.id or 0)
    with pytest.raises(RecordNotFound):
        store.people_in_films.mute(9999, 1.0, 2.0, "jo")
    with pytest.raises(ValidationError):
        store.people_in_films.mute(film, 2.0, 1.0, "jo")
    assert 1 == len(store.people_in_films.muted(film))


@pytest.mark.both_databases
def test_an_erasure_takes_the_films_stretches(store: Store) -> None:
    """A family's erasure removes the stretches to silence of its films, and no other's."""
    own, other = two_families(store)
    store.people_in_films.mute(own.id or 0, 1.0, 2.0, "jo")
    store.people_in_films.mute(other.id or 0, 1.0, 2.0, "jo")
    erased = store.erasure.erase_case("F031", by="jo", reason="family's request")
    assert 1 == erased.rows["film_muted"]
    assert [] == store.people_in_films.muted(own.id or 0)
    assert 1 == len(store.people_in_films.muted(other.id or 0))
