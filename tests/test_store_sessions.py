"""Live group supervision in the store: boards, membership, presented clips, calibration, hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from vigkit.core.errors import ConsentRequired, VigkitError
from vigkit.core.livesession import looks_like_session_code
from vigkit.core.records import Case, Consent, Film, Practitioner, Role
from vigkit.core.supervisionrecords import PostKind, SupervisionGroup
from vigkit.store import NotInSupervisionGroup, SessionNotFound, Store
from vigkit.store import tables as t
from vigkit.store.sessions import NotTheFacilitator, SessionEnded, TagsHidden

pytestmark = pytest.mark.both_databases

HEADINGS = ["attentive", "encouraging", "receiving", "developing", "guiding", "deepening"]


def make_people(store: Store, *idents: str) -> None:
    for ident in idents:
        roles = [Role.supervisor] if ident == "sue" else [Role.trainee]
        store.people.add(Practitioner(id=ident, display_name=ident.title(), roles=roles))


def make_group(store: Store, members: tuple[str, ...] = ("sue", "ann", "bob")) -> SupervisionGroup:
    make_people(store, *[m for m in members if m not in {p.id for p in store.people.list()}])
    return store.sessions.add_supervision_group(
        SupervisionGroup(name="Tuesday group", member_ids=members)
    )


def make_film(store: Store, intervision: bool = True) -> Film:
    store.cases.add(Case(code="F101", practitioner_id="ann"))
    store.cases.set_consent(
        Consent(case_code="F101", given_on=date(2026, 1, 5), filming=True, intervision=intervision)
    )
    return store.films.add(
        Film(
            case_code="F101",
            cycle_number=1,
            path="/nowhere/film.mp4",
            sha256="0" * 64,
            duration_s=30.0,
            filmed_on=date(2026, 1, 6),
        )
    )


@pytest.fixture
def opened(store: Store) -> tuple[Store, int]:
    """A group of three (sue facilitates), a session with everyone joined."""
    group = make_group(store)
    assert group.id is not None
    session = store.sessions.open(group.id, "sue")
    for who in ("ann", "bob"):
        store.sessions.join(session.code, who)
    assert session.id is not None
    return store, session.id


def test_group_round_trip(store: Store) -> None:
    """A supervision group comes back with its members, once each and sorted."""
    make_people(store, "sue", "ann", "bob")
    saved = store.sessions.add_supervision_group(
        SupervisionGroup(name="Tuesday group", member_ids=["sue", "bob", "ann", "bob"])
    )
    assert ["ann", "bob", "sue"] == store.sessions.get_supervision_group(saved.id or 0).member_ids
    assert [saved] == store.sessions.list_supervision_groups(member_id="bob")
    assert [] == store.sessions.list_supervision_groups(member_id="nobody")


def test_session_code_is_short_and_unambiguous(opened: tuple[Store, int]) -> None:
    """A session gets a six-character code without look-alike letters or digits."""
    store, session_id = opened
    code = store.sessions.poll(session_id).session.code
    assert (6, True) == (len(code), looks_like_session_code(code))


def test_posts_come_in_order_and_newer_than(opened: tuple[Store, int]) -> None:
    """Posts come back in the order posted, and "after id N" gives only the newer ones."""
    store, session_id = opened
    first = store.sessions.add_post(
        session_id, "ann", "She waits for the baby.", ["attentive"], 3.5
    )
    store.sessions.add_post(session_id, "bob", "Lovely turn-taking.")
    store.sessions.add_post(session_id, "sue", "What did the parent feel?")
    posts = [p for p in store.sessions.posts(session_id) if p.kind is PostKind.post]
    assert ["ann", "bob", "sue"] == [p.author_id for p in posts]
    assert (["attentive"], 3.5) == (posts[0].principle_ids, posts[0].clip_time_s)
    newer = store.sessions.posts(session_id, after_id=first.id or 0)
    assert ["Lovely turn-taking.", "What did the parent feel?"] == [p.text for p in newer]
    assert [] == store.sessions.posts(session_id, after_id=newer[-1].id or 0)


def test_poll_gives_posts_after_n_and_who_joined(opened: tuple[Store, int]) -> None:
    """One poll gives the posts after N, who joined, and the presented clip's counter."""
    store, session_id = opened
    seen = store.sessions.poll(session_id)
    store.sessions.add_post(session_id, "bob", "<script>alert(1)</script>")
    later = store.sessions.poll(session_id, after_id=seen.posts[-1].id or 0)
    assert ["<script>alert(1)</script>"] == [p.text for p in later.posts]
    assert ["sue", "ann", "bob"] == later.attendees
    assert 0 == later.presented.seq


def test_non_member_with_the_code_is_refused(opened: tuple[Store, int]) -> None:
    """Someone outside the group cannot join, find or post to its session, even with the code."""
    store, session_id = opened
    make_people(store, "eve")
    code = store.sessions.poll(session_id).session.code
    with pytest.raises(NotInSupervisionGroup, match="not a member"):
        store.sessions.join(code, "eve")
    with pytest.raises(NotInSupervisionGroup):
        store.sessions.find(code, "eve")
    with pytest.raises(VigkitError, match="Join the session first"):
        store.sessions.add_post(session_id, "eve", "hello")
    assert [] == store.sessions.list("eve")
    assert ["sue", "ann", "bob"] == store.sessions.poll(session_id).attendees


def test_unknown_code(store: Store) -> None:
    """A code nobody was given says so."""
    make_people(store, "ann")
    with pytest.raises(SessionNotFound, match="no session with the code 'QQQQQQ'"):
        store.sessions.join("qqq-qqq", "ann")


def test_joining_twice_is_recorded_once(opened: tuple[Store, int]) -> None:
    """A member who reloads the page joins once."""
    store, session_id = opened
    code = store.sessions.poll(session_id).session.code
    store.sessions.join(code.lower(), "ann")
    joined = [p.author_id for p in store.sessions.posts(session_id) if p.kind is PostKind.joined]
    assert ["sue", "ann", "bob"] == joined


def test_only_the_facilitator_presents_and_leads(opened: tuple[Store, int]) -> None:
    """The facilitator presents a clip and moves the lead; a member cannot."""
    store, session_id = opened
    film = make_film(store)
    shown = store.sessions.present_clip(session_id, "sue", film.id or 0, 2.0, 6.0)
    assert (film.id, 2.0, 6.0, 2.0, False, 1) == (
        shown.film_id,
        shown.start_s,
        shown.end_s,
        shown.position_s,
        shown.playing,
        shown.seq,
    )
    moved = store.sessions.set_lead_position(session_id, "sue", 4.25, True)
    assert (4.25, True, 2) == (moved.position_s, moved.playing, moved.seq)
    assert moved == store.sessions.poll(session_id).presented
    with pytest.raises(NotTheFacilitator):
        store.sessions.set_lead_position(session_id, "ann", 1.0, False)


def test_presenting_needs_intervision_consent(opened: tuple[Store, int]) -> None:
    """A film whose family did not agree to intervision cannot be shown to the group."""
    store, session_id = opened
    film = make_film(store, intervision=False)
    with pytest.raises(ConsentRequired, match="intervision"):
        store.sessions.present_clip(session_id, "sue", film.id or 0, 2.0, 6.0)


def test_calibration_tags_hidden_until_reveal(opened: tuple[Store, int]) -> None:
    """Before the reveal each person sees only their own tags; after it, everyone's."""
    store, session_id = opened
    film = make_film(store)
    store.sessions.present_clip(session_id, "sue", film.id or 0, 2.0, 6.0)
    cal = store.calibration.start(session_id, "sue")
    assert cal.id is not None
    store.calibration.save_tags(cal.id, "ann", ["attentive", "receiving"])
    store.calibration.save_tags(cal.id, "bob", ["attentive"])
    assert {"ann": ["attentive", "receiving"]} == store.calibration.tags(cal.id, "ann")
    assert {} == store.calibration.tags(cal.id, "sue")
    assert ["ann", "bob"] == store.sessions.poll(session_id).tagged
    with pytest.raises(TagsHidden):
        store.calibration.result(cal.id, HEADINGS)
    with pytest.raises(NotTheFacilitator):
        store.calibration.reveal(cal.id, "ann")
    store.calibration.reveal(cal.id, "sue")
    assert {"ann": ["attentive", "receiving"], "bob": ["attentive"]} == store.calibration.tags(
        cal.id, "sue"
    )
    with pytest.raises(VigkitError, match="revealed"):
        store.calibration.save_tags(cal.id, "bob", ["guiding"])


def test_calibration_result_matches_agreement(opened: tuple[Store, int]) -> None:
    """The reveal is vigkit.core.agreement's: two people give Cohen's kappa over the six headings."""
    store, session_id = opened
    film = make_film(store)
    store.sessions.present_clip(session_id, "sue", film.id or 0, 2.0, 6.0)
    cal = store.calibration.start(session_id, "sue")
    assert cal.id is not None
    store.calibration.save_tags(cal.id, "ann", ["attentive", "receiving"])
    store.calibration.save_tags(cal.id, "bob", ["attentive", "guiding"])
    store.calibration.reveal(cal.id, "sue")
    reveal = store.calibration.result(cal.id, HEADINGS)
    # Over six yes/no answers: both yes 1, both no 3, differ 2 -> p_o 4/6; p_e = (2*2 + 4*4)/36.
    p_o, p_e = 4 / 6, (2 * 2 + 4 * 4) / 36
    assert ("Cohen's", 6, pytest.approx((p_o - p_e) / (1 - p_e))) == (
        reveal.overall.kappa_kind,
        reveal.overall.subjects,
        reveal.overall.kappa,
    )
    assert {"attentive": 2, "receiving": 1, "guiding": 1} == {
        h.heading: sum(h.tagged_by.values()) for h in reveal.headings if sum(h.tagged_by.values())
    }


def _age_session(store: Store, session_id: int, minutes: float) -> None:
    """Move a session's start back so it lasted ``minutes`` when it ended just now."""
    s = t.live_sessions
    with store._tx() as conn:  # noqa: SLF001 - the test sets a time the clock would take an hour for
        ended = conn.execute(sa.select(s.c.ended_at).where(s.c.id == session_id)).scalar_one()
        conn.execute(
            s.update()
            .where(s.c.id == session_id)
            .values(started_at=ended.replace(tzinfo=UTC) - timedelta(minutes=minutes))
        )


def test_hours_from_sessions(opened: tuple[Store, int]) -> None:
    """An ended session's length counts for everyone who joined; an open one counts nothing."""
    store, session_id = opened
    assert {} == store.sessions.supervision_hours()
    store.sessions.end(session_id, "sue")
    _age_session(store, session_id, 90)
    group = store.sessions.list_supervision_groups(member_id="ann")[0]
    second = store.sessions.open(group.id or 0, "sue")
    store.sessions.join(second.code, "ann")
    store.sessions.end(second.id or 0, "sue")
    _age_session(store, second.id or 0, 60)
    store.sessions.open(group.id or 0, "sue")  # still open: not counted
    assert {"ann": 2.5, "bob": 1.5, "sue": 2.5} == store.sessions.supervision_hours()
    assert {"bob": 1.5} == store.sessions.supervision_hours("bob")


def test_ended_session_takes_nothing_more(opened: tuple[Store, int]) -> None:
    """After the facilitator ends it, nobody can post or join, and only they could end it."""
    store, session_id = opened
    with pytest.raises(NotTheFacilitator):
        store.sessions.end(session_id, "ann")
    ended = store.sessions.end(session_id, "sue")
    assert ended.ended_at is not None and ended.duration_s is not None
    with pytest.raises(SessionEnded):
        store.sessions.add_post(session_id, "ann", "too late")


def test_session_record(opened: tuple[Store, int]) -> None:
    """The record keeps who joined, the posts, and each person's actions."""
    store, session_id = opened
    film = make_film(store)
    store.sessions.add_post(session_id, "ann", "one")
    store.sessions.add_post(session_id, "ann", "two")
    store.sessions.present_clip(session_id, "sue", film.id or 0, 2.0, 6.0)
    cal = store.calibration.start(session_id, "sue")
    store.calibration.save_tags(cal.id or 0, "bob", ["guiding"])
    store.sessions.end(session_id, "sue")
    record = store.sessions.record(session_id)
    assert ("Tuesday group", ["sue", "ann", "bob"]) == (record.group_name, list(record.joined))
    assert {
        "sue": {"posts": 0, "calibration tags": 0, "clips presented": 1},
        "ann": {"posts": 2, "calibration tags": 0, "clips presented": 0},
        "bob": {"posts": 0, "calibration tags": 1, "clips presented": 0},
    } == record.actions
    assert record.hours is not None and record.hours < 0.1
    assert isinstance(record.session.started_at, datetime)


def test_member_sees_only_their_groups_sessions(store: Store) -> None:
    """list_live_sessions gives the sessions of the groups a person belongs to, no others."""
    make_people(store, "sue", "ann", "bob", "cat")
    one = store.sessions.add_supervision_group(
        SupervisionGroup(name="One", member_ids=["sue", "ann"])
    )
    two = store.sessions.add_supervision_group(
        SupervisionGroup(name="Two", member_ids=["sue", "bob"])
    )
    first = store.sessions.open(one.id or 0, "sue")
    second = store.sessions.open(two.id or 0, "sue")
    assert [first.code] == [s.code for s in store.sessions.list("ann")]
    assert {first.code, second.code} == {s.code for s in store.sessions.list("sue")}
    assert [] == store.sessions.list("cat")
