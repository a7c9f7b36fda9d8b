"""Tests of the store's supervision records: save, sign-off that locks, amendments beside."""

from __future__ import annotations

from datetime import date

import pytest

from vigkit.core.errors import RecordNotFound, VigkitError
from vigkit.core.records import Case, Clip, Consent, Film, Practitioner, Reflection, Role
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment, SupervisionMode
from vigkit.store import NotASupervisor, RecordLocked, Store, tables
from vigkit.store.supervision import TraineeCycle

pytestmark = pytest.mark.both_databases

SHA = "ab" * 32
ODD_TEXT = "Goruchwyliaeth 👶🏽 — الإشراف — <b>not bold</b> & 'quotes'"


def _people(store: Store) -> None:
    """A trainee in stage 1 and a supervisor."""
    store.people.add(Practitioner(id="sam", display_name="Sam", roles=[Role.trainee], stage=1))
    store.people.add(Practitioner(id="ali", display_name="Ali Supervisor", roles=[Role.supervisor]))


def _record(store: Store, **changes: object) -> Supervision:
    values: dict[str, object] = {
        "trainee_id": "sam",
        "supervisor_id": "ali",
        "held_on": date(2026, 5, 4),
        "duration_minutes": 90,
        "stage": 1,
        "answers": {"self_evaluation": ODD_TEXT, "held_on": "2026-05-04"},
    }
    return store.supervision.save(Supervision.model_validate(values | changes))


def test_supervision_round_trip_and_update(store: Store) -> None:
    """A record comes back as saved, text as typed, and an unsigned one can be replaced."""
    _people(store)
    saved = _record(store)
    assert saved.id is not None
    assert ODD_TEXT == store.supervision.get(saved.id).answers["self_evaluation"]
    assert "sam" == saved.created_by
    again = store.supervision.save(saved.model_copy(update={"mode": SupervisionMode.group}))
    assert (SupervisionMode.group, saved.created_at) == (again.mode, again.created_at)
    assert [again] == store.supervision.list(trainee_id="sam")


def test_sign_off_locks_the_record(store: Store) -> None:
    """Once signed, the record keeps who signed and when, and an update is refused in words."""
    _people(store)
    saved = _record(store)
    signed = store.supervision.sign(saved.id or 0, "ali")
    assert ("ali", True) == (signed.signed_by, signed.signed_at is not None)
    with pytest.raises(RecordLocked) as err:
        store.supervision.save(signed.model_copy(update={"answers": {"self_evaluation": "x"}}))
    assert str(err.value).startswith("This supervision record was signed by Ali Supervisor on ")
    assert "add an amendment saying what changed and why" in str(err.value)
    assert ODD_TEXT == store.supervision.get(saved.id or 0).answers["self_evaluation"]


def test_saving_cannot_sign(store: Store) -> None:
    """A record given to save as signed is saved unsigned: only sign_supervision signs."""
    _people(store)
    saved = _record(store, signed_by="ali", signed_at="2026-05-04T10:00:00Z")
    assert (None, None) == (saved.signed_by, saved.signed_at)


def test_only_a_supervisor_signs(store: Store) -> None:
    """The trainee cannot sign; nor can a supervisor the record does not name; nor twice."""
    _people(store)
    store.people.add(Practitioner(id="kim", display_name="Kim", roles=[Role.supervisor]))
    saved = _record(store)
    with pytest.raises(NotASupervisor):
        store.supervision.sign(saved.id or 0, "sam")
    with pytest.raises(VigkitError, match="names Ali Supervisor as the supervisor"):
        store.supervision.sign(saved.id or 0, "kim")
    store.supervision.sign(saved.id or 0, "ali")
    with pytest.raises(RecordLocked):
        store.supervision.sign(saved.id or 0, "ali")


def test_amendment_is_kept_beside_the_signed_record(store: Store) -> None:
    """An amendment is saved beside the record; the signed answers stay as they were."""
    _people(store)
    saved = _record(store)
    store.supervision.sign(saved.id or 0, "ali")
    change = {"self_evaluation": {"before": ODD_TEXT, "after": "Clearer now ✓"}}
    made = store.supervision.add_amendment(
        SupervisionAmendment(
            supervision_id=saved.id or 0, author_id="ali", reason="typo", changes=change
        )
    )
    assert [made] == store.supervision.list_amendments(saved.id or 0)
    assert (change, "ali", "typo") == (made.changes, made.author_id, made.reason)
    assert ODD_TEXT == store.supervision.get(saved.id or 0).answers["self_evaluation"]


def test_amendment_needs_a_signed_record(store: Store) -> None:
    """An unsigned record is changed directly, not amended; a missing one is not found."""
    _people(store)
    saved = _record(store)
    amendment = SupervisionAmendment(
        supervision_id=saved.id or 0, author_id="sam", reason="r", changes={"a": {"after": 1}}
    )
    with pytest.raises(VigkitError, match="not signed yet"):
        store.supervision.add_amendment(amendment)
    with pytest.raises(RecordNotFound):
        store.supervision.get(999)


def test_list_supervisions_signed_only(store: Store) -> None:
    """signed_only lists only signed records, by date."""
    _people(store)
    first = _record(store, held_on=date(2026, 6, 1))
    second = _record(store, held_on=date(2026, 5, 1))
    store.supervision.sign(first.id or 0, "ali")
    assert [second.id, first.id] == [r.id for r in store.supervision.list("sam")]
    assert [first.id] == [r.id for r in store.supervision.list("sam", signed_only=True)]
    assert [] == store.supervision.list(supervisor_id="sam")


def _cycle(store: Store, code: str, cycle: int, *, clip: bool, review: str | None) -> None:
    """A film in the trainee's case, with a clip and a shared review when asked."""
    if code not in {c.code for c in store.cases.list()}:
        store.cases.add(Case(code=code, practitioner_id="sam", opened_on=date(2026, 1, 1)))
        store.cases.set_consent(Consent(case_code=code, given_on=date(2026, 1, 1), filming=True))
    film = store.films.add(
        Film(
            case_code=code,
            cycle_number=cycle,
            path="/m.mp4",
            sha256=SHA,
            duration_s=60,
            filmed_on=date(2026, 2, cycle),
        )
    )
    if clip:
        store.films.add_clip(Clip(film_id=film.id or 0, start_s=1, end_s=5))
    if review:
        answers = {"session_kind": "shared_review"} if review == "kind" else {}
        store.reflections.save(
            Reflection(
                template_id="shared_review" if review == "template" else "reflection_what",
                template_version="1.1",
                author_id="sam",
                case_code=code,
                cycle_number=cycle,
                answers=answers,
            )
        )


def test_trainee_cycles_need_film_clips_and_review(store: Store) -> None:
    """Only cycles with a film, a clip and a shared review count as done."""
    _people(store)
    _cycle(store, "F001", 1, clip=True, review="template")
    _cycle(store, "F001", 2, clip=True, review="kind")
    _cycle(store, "F001", 3, clip=False, review="template")
    _cycle(store, "F002", 1, clip=True, review=None)
    _cycle(store, "F002", 2, clip=True, review="other")
    expected = [
        TraineeCycle("F001", 1, date(2026, 2, 1)),
        TraineeCycle("F001", 2, date(2026, 2, 2)),
    ]
    assert expected == store.supervision.trainee_cycles("sam")
    assert ["F001", "F001", "F002", "F002"] == [
        c.film.case_code for c in store.supervision.trainee_clips("sam")
    ]


def test_head_revision_is_at_least_supervision(store: Store) -> None:
    """The store opens with the supervision tables in place."""
    assert store.schema_revision() == tables.HEAD_REVISION
    assert {"supervisions", "supervision_amendments"} <= set(tables.metadata.tables)


def test_a_trainee_with_records_can_be_removed_after_their_supervision(store: Store) -> None:
    """delete_supervisions_of clears a trainee's records and amendments, so they can go."""
    _people(store)
    saved = _record(store)
    store.supervision.sign(saved.id or 0, "ali")
    store.supervision.add_amendment(
        SupervisionAmendment(
            supervision_id=saved.id or 0, author_id="ali", reason="r", changes={"a": {"after": 1}}
        )
    )
    store.supervision.delete_of("sam")
    store.people.delete("sam")
    assert (["ali"], []) == ([p.id for p in store.people.list()], store.supervision.list())
