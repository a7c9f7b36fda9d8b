"""Tests of the store's group VIG records: groups, member families, sessions, attendance, films."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from vigkit.core.errors import CaseNotFound, DuplicateRecord, NotFound, RecordNotFound, StoreError
from vigkit.core.records import Case, Clip, Consent, Film, Group, GroupSession, Practitioner
from vigkit.store import GroupNotFound, NotAMember, Store, engine, tables

pytestmark = pytest.mark.both_databases

SHA = "cd" * 32
ODD_TEXT = "Grŵp babanod 👶🏽 — مجموعة الأمهات — <b>not bold</b> & 'quotes'"


def _group(store: Store, code: str = "G001", families: tuple[str, ...] = ("F031", "F032")) -> Group:
    """Add practitioner jo, a group and its member families (each with filming consent)."""
    if not store.people.list():
        store.people.add(Practitioner(id="jo", display_name="Jo"))
    group = store.groups.add(
        Group(
            code=code, practitioner_id="jo", title="Baby bonding group", opened_on=date(2026, 3, 1)
        )
    )
    for family in families:
        store.cases.add(Case(code=family, practitioner_id="jo", opened_on=date(2026, 3, 1)))
        store.cases.set_consent(
            Consent(case_code=family, given_on=date(2026, 3, 1), filming=True, group_viewing=True)
        )
        store.groups.add_member(code, family)
    return group


def _session(store: Store, attended: list[str] | None = None, day: int = 8) -> GroupSession:
    """Add and return a session of G001."""
    return store.groups.add_session(
        GroupSession(group_code="G001", held_on=date(2026, 3, day), attended=attended or [])
    )


def _film(store: Store, code: str = "F031") -> Film:
    """Log and return a 60-second film of a family."""
    return store.films.add(
        Film(
            case_code=code,
            cycle_number=1,
            path=f"/media/{code}.mp4",
            sha256=SHA,
            duration_s=60.0,
            filmed_on=date(2026, 3, 8),
        )
    )


def test_group_round_trip_and_update(store: Store) -> None:
    """A group comes back as saved, by any letter case, and an update replaces it."""
    saved = _group(store)
    assert saved == store.groups.get("g001")
    changed = saved.model_copy(update={"setting": ODD_TEXT, "closed_on": date(2026, 6, 1)})
    store.groups.update(changed)
    assert changed == store.groups.get("G001")
    assert [changed] == store.groups.list()


def test_group_errors(store: Store) -> None:
    """Unknown groups, taken codes and unknown practitioners raise specific errors."""
    _group(store)
    with pytest.raises(GroupNotFound, match="no group with the code 'G404'"):
        store.groups.get("G404")
    assert issubclass(GroupNotFound, NotFound)
    with pytest.raises(DuplicateRecord):
        store.groups.add(Group(code="G001", practitioner_id="jo", title="Again"))
    with pytest.raises(GroupNotFound):
        store.groups.update(Group(code="G002", practitioner_id="jo", title="Never added"))
    with pytest.raises(NotFound):
        store.groups.add(Group(code="G003", practitioner_id="nobody", title="Orphan"))


def test_members_are_cases(store: Store) -> None:
    """Members are the families' own cases; adding one twice or an unknown case is refused."""
    _group(store)
    assert ["F031", "F032"] == [c.code for c in store.groups.list_members("G001")]
    with pytest.raises(DuplicateRecord):
        store.groups.add_member("G001", "f031")
    with pytest.raises(CaseNotFound):
        store.groups.add_member("G001", "F999")
    with pytest.raises(GroupNotFound):
        store.groups.add_member("G404", "F031")


def test_list_groups_by_practitioner_and_case(store: Store) -> None:
    """Groups can be listed for one practitioner or for the groups a family belongs to."""
    _group(store)
    store.people.add(Practitioner(id="sam", display_name="Sam"))
    store.groups.add(Group(code="G002", practitioner_id="sam", title="Second"))
    store.groups.add_member("G002", "F032")
    assert ["G001"] == [g.code for g in store.groups.list(practitioner_id="jo")]
    assert ["G001", "G002"] == [g.code for g in store.groups.list(case_code="F032")]
    assert ["G001"] == [g.code for g in store.groups.list(case_code="F031")]


def test_session_with_attendance_round_trip(store: Store) -> None:
    """A session keeps its date, notes (as typed) and who attended, each code once."""
    _group(store)
    saved = store.groups.add_session(
        GroupSession(
            group_code="g001",
            held_on=date(2026, 3, 8),
            attended=["f032", "F031", "F031"],
            notes=ODD_TEXT,
        )
    )
    expected = GroupSession(
        id=saved.id,
        group_code="G001",
        held_on=date(2026, 3, 8),
        attended=["F031", "F032"],
        notes=ODD_TEXT,
    )
    assert expected == saved
    assert expected == store.groups.get_session(saved.id or 0)
    assert [expected] == store.groups.list_sessions("G001")


def test_sessions_listed_by_date(store: Store) -> None:
    """Sessions come back in date order, whatever order they were added in."""
    _group(store)
    _session(store, day=20)
    _session(store, day=6)
    assert [date(2026, 3, 6), date(2026, 3, 20)] == [
        s.held_on for s in store.groups.list_sessions("G001")
    ]


def test_set_attendance_replaces_and_is_kept(store: Store, store_url: str) -> None:
    """Setting attendance replaces what was recorded, and a store opened later reads it."""
    _group(store)
    session = _session(store, ["F031"])
    assert ["F032"] == store.groups.set_attendance(session.id or 0, ["F032"]).attended
    with Store.open(url=store_url) as again:
        assert ["F032"] == again.groups.get_session(session.id or 0).attended
    assert [] == store.groups.set_attendance(session.id or 0, []).attended


def test_attendance_of_a_non_member_is_refused_and_changes_nothing(store: Store) -> None:
    """Only member families can attend; a refused save leaves attendance as it was."""
    _group(store)
    store.cases.add(Case(code="F099", practitioner_id="jo"))
    session = _session(store, ["F031"])
    with pytest.raises(NotAMember, match="F099 is not a member family of group G001"):
        store.groups.set_attendance(session.id or 0, ["F032", "F099"])
    assert ["F031"] == store.groups.get_session(session.id or 0).attended
    with pytest.raises(NotAMember):
        _session(store, ["F099"])
    assert 1 == len(store.groups.list_sessions("G001"))
    with pytest.raises(RecordNotFound):
        store.groups.set_attendance(999, [])


def test_update_session(store: Store) -> None:
    """Updating a session replaces its date, notes and attendance."""
    _group(store)
    session = _session(store, ["F031"])
    changed = session.model_copy(
        update={"held_on": date(2026, 3, 9), "notes": "Moved a day", "attended": ["F032"]}
    )
    assert changed == store.groups.update_session(changed)
    assert changed == store.groups.get_session(session.id or 0)


def test_film_belongs_to_a_session_and_one_family(store: Store) -> None:
    """A film filmed at a session keeps its own case; the group lists it under its session."""
    _group(store)
    session = _session(store, ["F031", "F032"])
    film = _film(store, "F031")
    store.groups.add_film_to_session(film.id or 0, session.id or 0)
    store.groups.add_film_to_session(
        film.id or 0, session.id or 0
    )  # saying it again changes nothing
    assert {session.id: [film]} == store.groups.list_films("G001")
    assert "F031" == store.films.get(film.id or 0).case_code
    store.groups.remove_film_from_session(film.id or 0)
    assert {} == store.groups.list_films("G001")


def test_film_links_refused(store: Store) -> None:
    """A non-member's film, a second session, or unknown ids are refused with specific errors."""
    _group(store)
    first, second = _session(store), _session(store, day=15)
    store.cases.add(Case(code="F099", practitioner_id="jo"))
    store.cases.set_consent(Consent(case_code="F099", given_on=date(2026, 3, 1), filming=True))
    outsider = _film(store, "F099")
    with pytest.raises(NotAMember):
        store.groups.add_film_to_session(outsider.id or 0, first.id or 0)
    film = _film(store, "F031")
    store.groups.add_film_to_session(film.id or 0, first.id or 0)
    with pytest.raises(DuplicateRecord, match="already belongs to group session"):
        store.groups.add_film_to_session(film.id or 0, second.id or 0)
    with pytest.raises(RecordNotFound):
        store.groups.add_film_to_session(999, first.id or 0)
    with pytest.raises(RecordNotFound):
        store.groups.add_film_to_session(film.id or 0, 999)


def test_delete_case_leaves_the_group(store: Store) -> None:
    """Erasing a member family's case removes it from the group, its attendance and film links."""
    _group(store)
    session = _session(store, ["F031", "F032"])
    film = _film(store, "F031")
    store.films.add_clip(Clip(film_id=film.id or 0, start_s=1, end_s=8))
    store.groups.add_film_to_session(film.id or 0, session.id or 0)
    store.cases.delete("F031")
    assert ["F032"] == [c.code for c in store.groups.list_members("G001")]
    assert ["F032"] == store.groups.get_session(session.id or 0).attended
    assert {} == store.groups.list_films("G001")


def test_delete_group_keeps_the_families(store: Store) -> None:
    """Deleting a group removes its sessions and links; the families' cases and films stay."""
    _group(store)
    session = _session(store, ["F031"])
    film = _film(store)
    store.groups.add_film_to_session(film.id or 0, session.id or 0)
    store.groups.delete("G001")
    counts = store.counts()
    group_tables = ("groups", "group_members", "group_sessions", "group_attendance", "group_films")
    assert dict.fromkeys(group_tables, 0) == {n: counts[n] for n in group_tables}
    assert (2, 1) == (counts["cases"], counts["films"])
    with pytest.raises(GroupNotFound):
        store.groups.delete("G001")


def test_database_at_0001_upgrades_keeping_cases(empty_url: str) -> None:
    """A database written before group VIG (0001) opens at head, with group tables, cases kept."""
    eng = engine.make_engine(empty_url)
    engine.upgrade(eng, "0001")
    with eng.begin() as conn:
        conn.execute(sa.text("INSERT INTO practitioners VALUES ('jo', 'Jo', '[]', NULL)"))
        conn.execute(
            sa.text(
                "INSERT INTO cases VALUES ('F017', 'jo', '', NULL, 4, '', 'active', "
                "'2026-01-05', NULL)"
            )
        )
    eng.dispose()
    with Store.open(url=empty_url) as store:
        assert tables.HEAD_REVISION == store.schema_revision()
        assert ["F017"] == [c.code for c in store.cases.list()]
        assert [] == store.groups.list()


def test_downgrade_to_0001_drops_only_group_tables(owner_url: str) -> None:
    """Migration 0002 undoes cleanly: the group tables go, the case tables stay."""
    from alembic import command

    eng = engine.make_engine(owner_url)  # as the tables' owner: only it migrates
    try:
        with eng.begin() as conn:
            config = engine.alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, "0001")
        names = set(sa.inspect(eng).get_table_names())
    finally:
        eng.dispose()
    assert {"cases", "films"} <= names
    assert not names & {
        "groups",
        "group_members",
        "group_sessions",
        "group_attendance",
        "group_films",
    }


def test_refused_write_is_a_store_error_not_a_crash(store: Store) -> None:
    """A raw conflicting insert in a group table surfaces as StoreError (one transaction)."""
    _group(store)
    with pytest.raises(StoreError), store._tx() as conn:
        conn.execute(tables.group_members.insert().values(group_code="G001", case_code="F031"))


def test_group_record_checks_its_code_and_dates() -> None:
    """A group code that looks like a name, or a group closing before it opened, is refused."""
    from pydantic import ValidationError

    from vigkit.core.records import problems

    with pytest.raises(ValidationError) as bad_code:
        Group(code="Riverside hostel", practitioner_id="jo", title="Group")
    assert "such as G001" in problems(bad_code.value)["code"]
    with pytest.raises(ValidationError, match="cannot close before it opened"):
        Group(
            code="G001",
            practitioner_id="jo",
            title="Group",
            opened_on=date(2026, 3, 1),
            closed_on=date(2026, 2, 1),
        )
