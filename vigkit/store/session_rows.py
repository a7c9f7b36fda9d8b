"""Queries the live session methods share, run on an open connection; and their errors."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core import clock
from vigkit.core.errors import NotFound, RecordNotFound, VigkitError
from vigkit.core.records import now
from vigkit.core.supervisionrecords import (
    LiveSession,
    PostKind,
    PresentedClip,
    SessionCalibration,
    SessionPost,
    SupervisionGroup,
)
from vigkit.store import rows as q
from vigkit.store import tables as t

__all__ = [
    "SessionNotFound",
    "NotInSupervisionGroup",
    "NotTheFacilitator",
    "SessionEnded",
    "TagsHidden",
    "precise_now",
    "group_members",
    "group_record",
    "need_member",
    "session_record",
    "presented_record",
    "session_row",
    "open_row",
    "need_facilitator",
    "attendees",
    "need_attendee",
    "add_event",
    "posts_after",
    "calibration_record",
    "latest_calibration",
    "calibration_row",
    "tags_of",
]


class SessionNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(key="error.session.not_found", code=repr(code))
        self.code = code


class NotInSupervisionGroup(VigkitError):
    """Someone asked for a session of a supervision group they do not belong to."""

    def __init__(self, who: str) -> None:
        super().__init__(key="error.session.not_member")
        self.who = who


class NotTheFacilitator(VigkitError):
    def __init__(self) -> None:
        super().__init__(key="error.session.facilitator_only")


class SessionEnded(VigkitError):
    def __init__(self) -> None:
        super().__init__(key="error.session.ended")


class TagsHidden(VigkitError):
    """Others' calibration tags are asked for before the facilitator revealed them."""

    def __init__(self) -> None:
        super().__init__(key="error.session.tags_hidden")


def precise_now() -> datetime:
    """Now, to the microsecond: who joined first must sort first within a second."""
    return clock.precise_now()


def group_members(conn: Connection, group_id: int) -> list[str]:
    m = t.supervision_group_members
    query = sa.select(m.c.practitioner_id).where(m.c.group_id == group_id)
    return sorted(conn.execute(query.order_by(m.c.practitioner_id)).scalars())


def group_record(conn: Connection, group_id: int) -> SupervisionGroup:
    row = conn.execute(
        t.supervision_groups.select().where(t.supervision_groups.c.id == group_id)
    ).first()
    if row is None:
        raise RecordNotFound("supervision group", group_id)
    return SupervisionGroup.model_validate(
        row._asdict() | {"member_ids": group_members(conn, group_id)}
    )


def need_member(conn: Connection, group_id: int, who: str) -> None:
    if who not in group_members(conn, group_id):
        raise NotInSupervisionGroup(who)


def session_record(row: sa.Row[Any]) -> LiveSession:
    return LiveSession(
        id=row.id,
        code=row.code,
        group_id=row.group_id,
        facilitator_id=row.facilitator_id,
        started_at=q.utc(row.started_at),
        ended_at=None if row.ended_at is None else q.utc(row.ended_at),
    )


def presented_record(row: sa.Row[Any]) -> PresentedClip:
    return PresentedClip(
        film_id=row.film_id,
        start_s=row.clip_start_s,
        end_s=row.clip_end_s,
        position_s=row.lead_position_s,
        playing=row.lead_playing,
        seq=row.lead_seq,
        moved_at=None if row.lead_moved_at is None else q.utc(row.lead_moved_at),
    )


def session_row(conn: Connection, session_id: int) -> sa.Row[Any]:
    row = conn.execute(t.live_sessions.select().where(t.live_sessions.c.id == session_id)).first()
    if row is None:
        raise RecordNotFound("session", session_id)
    return row


def open_row(conn: Connection, session_id: int) -> sa.Row[Any]:
    row = session_row(conn, session_id)
    if row.ended_at is not None:
        raise SessionEnded()
    return row


def need_facilitator(conn: Connection, session_id: int, who: str) -> sa.Row[Any]:
    row = open_row(conn, session_id)
    if row.facilitator_id != who:
        raise NotTheFacilitator()
    return row


def attendees(conn: Connection, session_id: int) -> dict[str, datetime]:
    a = t.live_session_attendees
    rows = conn.execute(
        sa.select(a.c.practitioner_id, a.c.joined_at)
        .where(a.c.session_id == session_id)
        .order_by(a.c.joined_at, a.c.practitioner_id)
    ).all()
    return {r.practitioner_id: q.utc(r.joined_at) for r in rows}


def need_attendee(conn: Connection, session_id: int, who: str) -> None:
    a = t.live_session_attendees
    query = sa.select(a.c.session_id).where(
        a.c.session_id == session_id, a.c.practitioner_id == who
    )
    if conn.execute(query).first() is None:
        raise VigkitError(key="error.session.join_first")


def insert_post(conn: Connection, session_id: int, values: dict[str, Any]) -> int:
    """Add a line to the session's board; every line is added here.

    Pages read the board as "posts after the last id I have", so ids must become visible in
    the order they are given. The session's row is locked first (PostgreSQL's ``FOR NO KEY
    UPDATE``, which the posts' foreign keys do not wait on; SQLite's write transaction holds
    the database already), so a post takes its id only after the previous post committed.
    """
    lock = sa.select(t.live_sessions.c.id).where(t.live_sessions.c.id == session_id)
    conn.execute(lock.with_for_update(key_share=True))
    inserted = conn.execute(t.live_session_posts.insert().values(session_id=session_id, **values))
    nudge(conn, session_id)
    return q.new_id(inserted)


def session_channel(session_id: int) -> str:
    """The PostgreSQL channel pages LISTEN on for a session's changes."""
    return f"vigkit_session_{int(session_id)}"


def nudge(conn: Connection, session_id: int) -> None:
    """On PostgreSQL, tell the pages listening that the session changed (NOTIFY is sent when
    the transaction commits, so they re-read what is there); SQLite pages poll."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            sa.text("SELECT pg_notify(:channel, '')"), {"channel": session_channel(session_id)}
        )


def add_event(conn: Connection, session_id: int, who: str, kind: PostKind, text: str) -> None:
    values = {"author_id": who, "kind": str(kind), "text": text, "principle_ids": []}
    insert_post(conn, session_id, values | {"clip_time_s": None, "posted_at": now()})


def posts_after(conn: Connection, session_id: int, after_id: int, limit: int) -> list[SessionPost]:
    p = t.live_session_posts
    rows = conn.execute(
        p.select()
        .where(p.c.session_id == session_id, p.c.id > after_id)
        .order_by(p.c.id)
        .limit(limit)
    ).all()
    return [
        SessionPost.model_validate(r._asdict() | {"posted_at": q.utc(r.posted_at)}) for r in rows
    ]


def calibration_record(row: sa.Row[Any]) -> SessionCalibration:
    data = row._asdict()
    data["opened_at"] = q.utc(data["opened_at"])
    if data["revealed_at"] is not None:
        data["revealed_at"] = q.utc(data["revealed_at"])
    return SessionCalibration.model_validate(data)


def latest_calibration(conn: Connection, session_id: int) -> SessionCalibration | None:
    c = t.live_calibrations
    row = conn.execute(
        c.select().where(c.c.session_id == session_id).order_by(c.c.id.desc()).limit(1)
    ).first()
    return None if row is None else calibration_record(row)


def calibration_row(conn: Connection, calibration_id: int) -> sa.Row[Any]:
    c = t.live_calibrations
    row = conn.execute(c.select().where(c.c.id == calibration_id)).first()
    if row is None:
        raise RecordNotFound("calibration", calibration_id)
    return row


def tags_of(conn: Connection, calibration_id: int) -> dict[str, list[str]]:
    tg = t.live_calibration_tags
    rows = conn.execute(
        sa.select(tg.c.practitioner_id, tg.c.principle_ids)
        .where(tg.c.calibration_id == calibration_id)
        .order_by(tg.c.practitioner_id)
    ).all()
    return {r.practitioner_id: list(r.principle_ids) for r in rows}


def forget_sessions_of(conn: Connection, ident: str) -> None:
    """Remove a practitioner from live supervision: their memberships, posts, tags and
    attendance, the sessions they facilitated, and groups left without members.

    Must run before the practitioner is deleted (foreign keys). Others' posts in sessions
    someone else facilitated are kept."""
    s, m = t.live_sessions, t.supervision_group_members
    p, a = t.live_session_posts, t.live_session_attendees
    c, tags = t.live_calibrations, t.live_calibration_tags
    conn.execute(m.delete().where(m.c.practitioner_id == ident))
    empty = sa.select(t.supervision_groups.c.id).where(
        ~t.supervision_groups.c.id.in_(sa.select(m.c.group_id))
    )
    gone = sa.select(s.c.id).where((s.c.facilitator_id == ident) | s.c.group_id.in_(empty))
    gone_ids = list(conn.execute(gone).scalars())
    calibrations = sa.select(c.c.id).where(c.c.session_id.in_(gone_ids))
    conn.execute(tags.delete().where(tags.c.calibration_id.in_(calibrations)))
    conn.execute(tags.delete().where(tags.c.practitioner_id == ident))
    conn.execute(c.delete().where(c.c.session_id.in_(gone_ids)))
    conn.execute(p.delete().where(p.c.session_id.in_(gone_ids) | (p.c.author_id == ident)))
    conn.execute(a.delete().where(a.c.session_id.in_(gone_ids) | (a.c.practitioner_id == ident)))
    conn.execute(s.delete().where(s.c.id.in_(gone_ids)))
    conn.execute(t.supervision_groups.delete().where(t.supervision_groups.c.id.in_(empty)))


WITHDRAWN_EVENT = "took the clip off the board: the family's consent no longer allows it."


def off_the_board(conn: Connection, case_code: str) -> None:
    """Take case ``case_code``'s clip off every open session's board (its family no longer
    agrees to intervision): members' players stop at once, and the board says why."""
    s = t.live_sessions
    films = sa.select(t.films.c.id).where(t.films.c.case_code == case_code)
    showing = conn.execute(
        sa.select(s.c.id, s.c.facilitator_id).where(s.c.film_id.in_(films), s.c.ended_at.is_(None))
    ).all()
    clear_board(conn, [row.id for row in showing])
    for row in showing:
        add_event(conn, row.id, row.facilitator_id, PostKind.presented, WITHDRAWN_EVENT)


def clear_board(conn: Connection, session_ids: list[int]) -> None:
    """Nothing presented on these sessions' boards any more; members' players follow."""
    if not session_ids:
        return
    s = t.live_sessions
    conn.execute(
        s.update()
        .where(s.c.id.in_(session_ids))
        .values(
            film_id=None,
            clip_start_s=0.0,
            clip_end_s=0.0,
            lead_position_s=0.0,
            lead_playing=False,
            lead_seq=s.c.lead_seq + 1,
            lead_moved_at=precise_now(),
        )
    )


_PRESENTED = re.compile(r"^presented film (\d+) \(")


def posts_about(conn: Connection, film_ids: set[int]) -> list[SessionPost]:
    """The posts (and events) made while one of ``film_ids`` was on a session's board: from
    its presentation to the next one, or to its being taken off the board."""
    if not film_ids:
        return []
    s, p = t.live_sessions, t.live_session_posts
    sessions = set(
        conn.execute(sa.select(s.c.id).where(s.c.film_id.in_(film_ids))).scalars()
    ) | set(
        conn.execute(sa.select(p.c.session_id).where(p.c.text.like("presented film %"))).scalars()
    )
    found: list[SessionPost] = []
    for session_id in sorted(sessions):
        on_board = False
        for post in posts_after(conn, session_id, 0, 1_000_000):
            shown = _PRESENTED.match(post.text)
            if shown:
                on_board = int(shown.group(1)) in film_ids
            elif post.text == WITHDRAWN_EVENT:
                on_board = False
            if on_board:
                found.append(post)
    return found
