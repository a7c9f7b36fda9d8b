"""Live group supervision in the store: supervision groups, live sessions, their boards, the
facilitator's presented clip and player position, and calibration tags.

Every open page polls :meth:`Sessions.poll` about twice a second: one read
transaction that returns the session row (which carries the presented clip and the
facilitator's position) and the posts after the last id the page has. That never skips a
post committed late because ids are given in commit order: on SQLite every write takes the
write lock first (BEGIN IMMEDIATE); on PostgreSQL every post first locks its session's row
(:func:`vigkit.store.session_rows.insert_post`), so posts to one session commit one by one.

:class:`Sessions` is ``store.sessions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from vigkit.core.errors import ConsentRequired, RecordNotFound, VigkitError
from vigkit.core.livesession import hours_by_practitioner, new_session_code, norm_session_code
from vigkit.core.records import now
from vigkit.core.supervisionrecords import (
    LiveSession,
    PostKind,
    PresentedClip,
    SessionCalibration,
    SessionPost,
    SupervisionGroup,
)
from vigkit.store import once
from vigkit.store import rows as q
from vigkit.store import session_rows as sr
from vigkit.store import tables as t
from vigkit.store.part import Part
from vigkit.store.session_rows import (
    NotInSupervisionGroup,
    NotTheFacilitator,
    SessionEnded,
    SessionNotFound,
    TagsHidden,
    posts_about,
)

__all__ = [
    "Sessions",
    "SessionPoll",
    "LiveSessionRecord",
    "SessionNotFound",
    "NotInSupervisionGroup",
    "NotTheFacilitator",
    "SessionEnded",
    "TagsHidden",
]


@dataclass(frozen=True)
class SessionPoll:
    """What a page needs each poll: the session, the presented clip, and posts after N."""

    session: LiveSession
    presented: PresentedClip
    posts: list[SessionPost]
    attendees: list[str]
    calibration: SessionCalibration | None
    tagged: list[str]


@dataclass(frozen=True)
class LiveSessionRecord:
    """The saved record of a session: who came, when, for how long, what was said and done."""

    session: LiveSession
    group_name: str
    joined: dict[str, datetime]
    posts: list[SessionPost]
    actions: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def hours(self) -> float | None:
        """The session's length in hours (None while it is open)."""
        seconds = self.session.duration_s
        return None if seconds is None else seconds / 3600.0


class Sessions(Part):
    """``store.sessions``: supervision groups and their live sessions, posts and the board."""

    # -- supervision groups --------------------------------------------------------------

    def add_supervision_group(self, group: SupervisionGroup) -> SupervisionGroup:
        """Save a new supervision group with its members (each must be a practitioner)."""
        if not group.member_ids:
            raise VigkitError(key="error.session.group_needs_member")
        with self._tx() as conn:
            for person in group.member_ids:
                q.need_practitioner(conn, person)
            ident = q.new_id(
                conn.execute(
                    t.supervision_groups.insert().values(
                        name=group.name, created_on=group.created_on
                    )
                )
            )
            for person in group.member_ids:
                conn.execute(
                    t.supervision_group_members.insert().values(
                        group_id=ident, practitioner_id=person
                    )
                )
            return sr.group_record(conn, ident)

    def get_supervision_group(self, ident: int) -> SupervisionGroup:
        """The supervision group with id ``ident``, with its members; RecordNotFound if none."""
        with self._read() as conn:
            return sr.group_record(conn, ident)

    def list_supervision_groups(self, member_id: str | None = None) -> list[SupervisionGroup]:
        """Every supervision group (or those ``member_id`` belongs to), by name."""
        g, m = t.supervision_groups, t.supervision_group_members
        query = sa.select(g.c.id).order_by(g.c.name, g.c.id)
        if member_id is not None:
            query = query.where(
                g.c.id.in_(sa.select(m.c.group_id).where(m.c.practitioner_id == member_id))
            )
        with self._read() as conn:
            return [sr.group_record(conn, ident) for ident in conn.execute(query).scalars()]

    def update_supervision_group(self, group: SupervisionGroup) -> SupervisionGroup:
        """Rename supervision group ``group.id`` and make its members exactly ``member_ids``
        (each a practitioner), in one transaction; RecordNotFound if there is no such group."""
        if not group.member_ids:
            raise VigkitError(key="error.session.group_needs_member")
        ident = group.id or 0
        g, m = t.supervision_groups, t.supervision_group_members
        with self._tx() as conn:
            before = sr.group_record(conn, ident)
            for person in group.member_ids:
                q.need_practitioner(conn, person)
            conn.execute(g.update().where(g.c.id == ident).values(name=group.name))
            gone = set(before.member_ids) - set(group.member_ids)
            if gone:
                conn.execute(
                    m.delete().where(m.c.group_id == ident, m.c.practitioner_id.in_(sorted(gone)))
                )
            for person in group.member_ids:
                if person not in before.member_ids:
                    conn.execute(m.insert().values(group_id=ident, practitioner_id=person))
            return sr.group_record(conn, ident)

    # -- opening, joining and ending sessions ----------------------------------------------

    def open(self, group_id: int, facilitator_id: str) -> LiveSession:
        """Open a session of the group with a fresh code; the facilitator (a member) joins it."""
        with self._tx() as conn:
            sr.group_record(conn, group_id)
            sr.need_member(conn, group_id, facilitator_id)
            taken = t.live_sessions.c.code
            code = new_session_code()
            while conn.execute(sa.select(taken).where(taken == code)).first() is not None:
                code = new_session_code()
            stamp = sr.precise_now()
            ident = q.new_id(
                conn.execute(
                    t.live_sessions.insert().values(
                        code=code,
                        group_id=group_id,
                        facilitator_id=facilitator_id,
                        started_at=stamp,
                        ended_at=None,
                        film_id=None,
                        clip_start_s=0.0,
                        clip_end_s=0.0,
                        lead_position_s=0.0,
                        lead_playing=False,
                        lead_seq=0,
                        lead_moved_at=None,
                    )
                )
            )
            conn.execute(
                t.live_session_attendees.insert().values(
                    session_id=ident, practitioner_id=facilitator_id, joined_at=stamp
                )
            )
            sr.add_event(conn, ident, facilitator_id, PostKind.joined, "opened the session.")
            return sr.session_record(sr.session_row(conn, ident))

    def find(self, code: str, viewer_id: str) -> LiveSession:
        """The session with this code, if ``viewer_id`` belongs to its group (else a refusal)."""
        with self._read() as conn:
            row = conn.execute(
                t.live_sessions.select().where(t.live_sessions.c.code == norm_session_code(code))
            ).first()
            if row is None:
                raise SessionNotFound(norm_session_code(code))
            sr.need_member(conn, row.group_id, viewer_id)
            return sr.session_record(row)

    def join(self, code: str, practitioner_id: str) -> LiveSession:
        """Join the session with this code (recorded once, the first time); members only.

        An ended session is returned as it is, with nobody added.
        """
        with self._tx() as conn:
            row = conn.execute(
                t.live_sessions.select().where(t.live_sessions.c.code == norm_session_code(code))
            ).first()
            if row is None:
                raise SessionNotFound(norm_session_code(code))
            sr.need_member(conn, row.group_id, practitioner_id)
            attendance = {
                "session_id": row.id,
                "practitioner_id": practitioner_id,
                "joined_at": sr.precise_now(),
            }
            key = ["session_id", "practitioner_id"]
            if row.ended_at is None and q.insert_once(
                conn, t.live_session_attendees, attendance, key
            ):
                sr.add_event(conn, row.id, practitioner_id, PostKind.joined, "joined.")
            return sr.session_record(row)

    def end(self, session_id: int, by_id: str) -> LiveSession:
        """End the session (the facilitator only); its length counts as supervision time."""
        with self._tx() as conn:
            sr.need_facilitator(conn, session_id, by_id)
            s = t.live_sessions
            conn.execute(
                s.update().where(s.c.id == session_id).values(ended_at=now(), lead_playing=False)
            )
            sr.add_event(conn, session_id, by_id, PostKind.ended, "ended the session.")
            return sr.session_record(sr.session_row(conn, session_id))

    # -- the board ------------------------------------------------------------------------

    def add_post(
        self,
        session_id: int,
        author_id: str,
        text: str,
        principle_ids: Sequence[str] = (),
        clip_time_s: float | None = None,
        *,
        submission: str | None = None,
    ) -> SessionPost:
        """Post a contribution to the board (anyone who joined, while the session is open).

        ``submission`` is the post's identity: sent again (a second click, a retry), it
        returns the post the first try made and posts nothing."""
        post = SessionPost(
            session_id=session_id,
            author_id=author_id,
            text=text,
            principle_ids=list(dict.fromkeys(principle_ids)),
            clip_time_s=clip_time_s,
        )
        if not post.text and not post.principle_ids:
            raise VigkitError(key="error.session.empty_post")
        with self._tx() as conn:
            earlier = once.made_before(conn, submission, "post")
            if earlier is not None:
                return post.model_copy(update={"id": earlier})
            sr.open_row(conn, session_id)
            sr.need_attendee(conn, session_id, author_id)
            values = post.model_dump(exclude={"id", "session_id"}) | {"kind": str(post.kind)}
            ident = sr.insert_post(conn, session_id, values)
            once.remember(conn, submission, "post", ident)
        return post.model_copy(update={"id": ident})

    def posts(self, session_id: int, after_id: int = 0, limit: int = 500) -> list[SessionPost]:
        """The board's posts after id ``after_id``, oldest first (at most ``limit``)."""
        with self._read() as conn:
            sr.session_row(conn, session_id)
            return sr.posts_after(conn, session_id, after_id, limit)

    def poll(self, session_id: int, after_id: int = 0) -> SessionPoll:
        """Everything a page refreshes, in one read: the session, its presented clip, posts
        after ``after_id``, who joined, the latest calibration and who has tagged it."""
        with self._read() as conn:
            row = sr.session_row(conn, session_id)
            calibration = sr.latest_calibration(conn, session_id)
            tagged = (
                sorted(sr.tags_of(conn, calibration.id)) if calibration and calibration.id else []
            )
            return SessionPoll(
                session=sr.session_record(row),
                presented=sr.presented_record(row),
                posts=sr.posts_after(conn, session_id, after_id, 500),
                attendees=list(sr.attendees(conn, session_id)),
                calibration=calibration,
                tagged=tagged,
            )

    # -- the presented clip ----------------------------------------------------------------

    def present_clip(
        self, session_id: int, by_id: str, film_id: int, start_s: float, end_s: float
    ) -> PresentedClip:
        """Present part of a film to the group (the facilitator only; the family must have
        agreed to intervision); everyone's player moves to its start."""
        if end_s <= start_s:
            raise VigkitError(key="error.session.clip_order")
        with self._tx() as conn:
            row = sr.need_facilitator(conn, session_id, by_id)
            film = conn.execute(t.films.select().where(t.films.c.id == film_id)).first()
            if film is None:
                raise RecordNotFound("film", film_id)
            if end_s > film.duration_s + 0.01:
                raise VigkitError(
                    key="error.clip.past_film_end",
                    end=f"{end_s:.1f}",
                    length=f"{film.duration_s:.1f}",
                )
            consent = q.current_consent(conn, film.case_code)
            if consent is None or consent.withdrawn_on is not None or not consent.intervision:
                raise ConsentRequired(key="error.consent.no_intervision")
            s = t.live_sessions
            conn.execute(
                s.update()
                .where(s.c.id == session_id)
                .values(
                    film_id=film_id,
                    clip_start_s=start_s,
                    clip_end_s=end_s,
                    lead_position_s=start_s,
                    lead_playing=False,
                    lead_seq=row.lead_seq + 1,
                    lead_moved_at=sr.precise_now(),
                )
            )
            sr.add_event(
                conn,
                session_id,
                by_id,
                PostKind.presented,
                f"presented film {film_id} ({film.case_code}), {start_s:.1f}–{end_s:.1f} s.",
            )
            return sr.presented_record(sr.session_row(conn, session_id))

    def set_lead_position(
        self, session_id: int, by_id: str, position_s: float, playing: bool
    ) -> PresentedClip:
        """Where the facilitator's player is; members' players follow. One small UPDATE."""
        s = t.live_sessions
        with self._tx() as conn:
            sr.need_facilitator(conn, session_id, by_id)
            conn.execute(
                s.update()
                .where(s.c.id == session_id)
                .values(
                    lead_position_s=max(0.0, position_s),
                    lead_playing=playing,
                    lead_seq=s.c.lead_seq + 1,
                    lead_moved_at=sr.precise_now(),
                )
            )
            sr.nudge(conn, session_id)
            return sr.presented_record(sr.session_row(conn, session_id))

    # -- the record and hours ---------------------------------------------------------------

    def record(self, session_id: int) -> LiveSessionRecord:
        """Who joined and when, the posts, and each person's actions (posts, tags, clips shown)."""
        with self._read() as conn:
            row = sr.session_row(conn, session_id)
            joined = sr.attendees(conn, session_id)
            posts = sr.posts_after(conn, session_id, 0, 1_000_000)
            c, tg = t.live_calibrations, t.live_calibration_tags
            tag_counts = conn.execute(
                sa.select(tg.c.practitioner_id, sa.func.count())
                .join(c, c.c.id == tg.c.calibration_id)
                .where(c.c.session_id == session_id)
                .group_by(tg.c.practitioner_id)
            ).all()
            group_name = sr.group_record(conn, row.group_id).name
        actions: dict[str, dict[str, int]] = {
            who: {"posts": 0, "calibration tags": 0, "clips presented": 0} for who in joined
        }
        for post in posts:
            mine = actions.setdefault(
                post.author_id, {"posts": 0, "calibration tags": 0, "clips presented": 0}
            )
            if post.kind is PostKind.post:
                mine["posts"] += 1
            elif post.kind is PostKind.presented:
                mine["clips presented"] += 1
        for who, count in tag_counts:
            actions.setdefault(who, {"posts": 0, "calibration tags": 0, "clips presented": 0})
            actions[who]["calibration tags"] = int(count)
        return LiveSessionRecord(sr.session_record(row), group_name, joined, posts, actions)

    def supervision_hours(self, practitioner_id: str | None = None) -> dict[str, float]:
        """Hours of group supervision per practitioner: each ended session's length, for
        everyone who joined it (or for one practitioner)."""
        s, a = t.live_sessions, t.live_session_attendees
        with self._read() as conn:
            rows = conn.execute(s.select().where(s.c.ended_at.is_not(None))).all()
            query = sa.select(a.c.session_id, a.c.practitioner_id)
            if practitioner_id is not None:
                query = query.where(a.c.practitioner_id == practitioner_id)
            attended: dict[int, list[str]] = {}
            for session_id, who in conn.execute(query):
                attended.setdefault(session_id, []).append(who)
        return hours_by_practitioner([sr.session_record(r) for r in rows], attended)

    def posts_about_case(self, code: str) -> list[SessionPost]:
        """The live-session posts made while one of case ``code``'s clips was presented."""
        with self._read() as conn:
            films = conn.execute(sa.select(t.films.c.id).where(t.films.c.case_code == code))
            return posts_about(conn, set(films.scalars()))

    def list(self, member_id: str) -> list[LiveSession]:
        """The sessions of every supervision group ``member_id`` belongs to, newest first."""
        s, m = t.live_sessions, t.supervision_group_members
        mine = sa.select(m.c.group_id).where(m.c.practitioner_id == member_id)
        with self._read() as conn:
            rows = conn.execute(
                s.select()
                .where(s.c.group_id.in_(mine))
                .order_by(s.c.started_at.desc(), s.c.id.desc())
            ).all()
        return [sr.session_record(r) for r in rows]
