"""Every save happens once: the same submission stores one record, on both databases.

A second click, a retry after a reported failure and a page reloaded with its draft send the
save's identity again; the store returns what the first try stored and stores nothing new.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.test_store import _case, _consent, _film, _reflection
from tests.test_store_sessions import make_group
from vigkit.core.errors import VigkitError
from vigkit.core.measurescores import MeasureScore
from vigkit.core.records import Clip, Draft
from vigkit.core.supervisionrecords import Supervision
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

KEY = "k3y-0f-0ne-save"


def test_a_clip_saved_twice_with_one_identity_is_stored_once(store: Store) -> None:
    _case(store)
    _consent(store)
    film = _film(store)
    clip = Clip(film_id=film.id or 0, start_s=1.0, end_s=5.0, what_i_see="Mum waits.")
    first = store.films.add_clip(clip, submission=KEY)
    again = store.films.add_clip(clip.model_copy(update={"what_i_see": ""}), submission=KEY)
    assert first == again
    assert [first] == store.films.list_clips(film_id=film.id)
    other = store.films.add_clip(clip, submission=KEY + "-2")  # a new save: a new clip
    assert other.id != first.id


def test_the_service_limit_of_clips_on_a_film_is_enforced(store: Store) -> None:
    _case(store)
    _consent(store)
    film = _film(store)
    for start in (1.0, 10.0, 20.0):
        store.films.add_clip(Clip(film_id=film.id or 0, start_s=start, end_s=start + 4), most=3)
    with pytest.raises(VigkitError) as refused:
        store.films.add_clip(Clip(film_id=film.id or 0, start_s=30.0, end_s=34.0), most=3)
    assert "error.clip.too_many" == refused.value.key
    assert 3 == len(store.films.list_clips(film_id=film.id))
    # A retry of a save that went through is not a fourth clip.
    store.films.delete_clip(store.films.list_clips(film_id=film.id)[0].id or 0)
    kept = store.films.add_clip(
        Clip(film_id=film.id or 0, start_s=40.0, end_s=44.0), most=3, submission=KEY
    )
    assert kept == store.films.add_clip(
        Clip(film_id=film.id or 0, start_s=40.0, end_s=44.0), most=3, submission=KEY
    )


def test_a_reflection_and_its_draft_removal_are_one_save(store: Store) -> None:
    _case(store)
    key = "reflection:new:after-shared-review:jo:F017:1"
    draft = Draft(key=key, template_id="t", template_version="1", author_id="jo", submission=KEY)
    store.reflections.save_draft(draft)
    assert KEY == (store.reflections.get_draft(key) or draft).submission
    record = _reflection(case_code="F017")
    saved = store.reflections.save(record, draft_key=key, submission=KEY)
    assert store.reflections.get_draft(key) is None
    # The same save again (the page said "not saved" and the practitioner pressed Save):
    # nothing new, and the same record back.
    assert saved == store.reflections.save(record, draft_key=key, submission=KEY)
    assert [saved] == store.reflections.list(author_id="jo")
    assert 2 == len({saved.id, store.reflections.save(record, submission="an0ther-save").id})


def test_a_failed_save_keeps_the_draft(store: Store) -> None:
    """The record and the draft's removal are one transaction: a refused record leaves the
    draft where it was."""
    _case(store)
    key = "reflection:new:x:jo:F017:1"
    store.reflections.save_draft(
        Draft(key=key, template_id="t", template_version="1", author_id="jo")
    )
    with pytest.raises(VigkitError):
        store.reflections.save(_reflection(author="nobody"), draft_key=key, submission=KEY)
    assert store.reflections.get_draft(key) is not None
    assert [] == store.reflections.list()


def test_supervision_records_posts_and_measures_are_stored_once(store: Store) -> None:
    group = make_group(store)
    record = Supervision(trainee_id="ann", supervisor_id="sue", held_on=date(2026, 3, 2))
    first = store.supervision.save(record, submission=KEY)
    assert first == store.supervision.save(record, submission=KEY)
    assert 1 == len(store.supervision.list(trainee_id="ann"))

    session = store.sessions.open(group.id or 0, "sue")
    store.sessions.join(session.code, "ann")
    post = store.sessions.add_post(session.id or 0, "ann", "Lovely turn", submission="p0st-key")
    again = store.sessions.add_post(session.id or 0, "ann", "Lovely turn", submission="p0st-key")
    assert post.id == again.id
    said = [p.id for p in store.sessions.posts(session.id or 0) if p.text == "Lovely turn"]
    assert [post.id] == said

    _case(store, "F020", practitioner="ann")
    score = MeasureScore(
        case_code="F020", measure_id="epds", measure_version="1", total=9, taken_on=date(2026, 3, 2)
    )
    kept = store.measures.add_score(score, submission="m3asure")
    assert kept == store.measures.add_score(score, submission="m3asure")
    assert [kept] == store.measures.list_scores("F020")


def test_a_key_of_another_kind_is_not_taken_for_this_one(store: Store) -> None:
    """A submission key belongs to the kind of record it made: never mixed up."""
    _case(store)
    _consent(store)
    film = _film(store)
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=1.0, end_s=2.0), submission=KEY)
    saved = store.reflections.save(_reflection(case_code="F017"), submission=KEY)
    assert [saved] == store.reflections.list()  # a reflection, not the clip taken for one
