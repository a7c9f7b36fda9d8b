"""Group VIG in the store: groups, their member families, sessions, attendance, group films.

A member family is an ordinary case with its own consent; a film filmed at a group session
keeps its one case, so each clip belongs to one family. :class:`Groups` is
``store.groups``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core.errors import DuplicateRecord, NotFound, RecordNotFound, VigkitError
from vigkit.core.records import Case, Film, Group, GroupSession
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Groups", "GroupNotFound", "NotAMember", "forget_case_in_groups"]


class GroupNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(key="error.group.not_found", code=repr(code))
        self.code = code


class NotAMember(VigkitError):
    """A case named for a group's session or film is not one of the group's families."""

    def __init__(self, case_code: str, group_code: str) -> None:
        super().__init__(key="error.group.not_a_member", case=case_code, group=group_code)
        self.case_code = case_code
        self.group_code = group_code


# -- queries on an open connection ---------------------------------------------------------


def _need_group(conn: Connection, code: str) -> str:
    """The stored code of group ``code`` (any letter case); GroupNotFound if there is none."""
    stored = q.norm_code(code)
    if conn.execute(sa.select(t.groups.c.code).where(t.groups.c.code == stored)).first() is None:
        raise GroupNotFound(stored)
    return stored


def _members(conn: Connection, group_code: str) -> set[str]:
    m = t.group_members
    return set(conn.execute(sa.select(m.c.case_code).where(m.c.group_code == group_code)).scalars())


def _need_members(conn: Connection, group_code: str, codes: Iterable[str]) -> list[str]:
    """``codes`` as stored, each once and sorted; NotAMember for the first that is not a member."""
    members = _members(conn, group_code)
    wanted = sorted({q.norm_code(c) for c in codes})
    for code in wanted:
        if code not in members:
            raise NotAMember(code, group_code)
    return wanted


def _session_row(conn: Connection, ident: int) -> sa.Row[Any]:
    row = conn.execute(t.group_sessions.select().where(t.group_sessions.c.id == ident)).first()
    if row is None:
        raise RecordNotFound("group session", ident)
    return row


def _sessions(conn: Connection, where: sa.ColumnElement[bool]) -> list[GroupSession]:
    """The sessions matching ``where``, by date then id, each with who attended."""
    s, a = t.group_sessions, t.group_attendance
    rows = conn.execute(s.select().where(where).order_by(s.c.held_on, s.c.id)).all()
    came: dict[int, list[str]] = {row.id: [] for row in rows}
    if came:
        query = sa.select(a.c.session_id, a.c.case_code).where(a.c.session_id.in_(came))
        for session_id, code in conn.execute(query):
            came[session_id].append(code)
    return [GroupSession.model_validate(row._asdict() | {"attended": came[row.id]}) for row in rows]


def _write_attendance(conn: Connection, session_id: int, codes: list[str]) -> None:
    a = t.group_attendance
    conn.execute(a.delete().where(a.c.session_id == session_id))
    for code in codes:
        conn.execute(a.insert().values(session_id=session_id, case_code=code))


class Groups(Part):
    """``store.groups``: group VIG: groups, their members (cases), sessions, attendance and films."""

    # -- groups and their families -------------------------------------------------------

    def add(self, group: Group) -> Group:
        """Save a new group; DuplicateRecord if its code is taken."""
        with self._tx() as conn:
            q.need_practitioner(conn, group.practitioner_id)
            query = sa.select(t.groups.c.code).where(t.groups.c.code == group.code)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.group.taken", code=group.code)
            conn.execute(t.groups.insert().values(**group.model_dump()))
        return group.model_copy(deep=True)

    def update(self, group: Group) -> Group:
        """Replace what is stored for group ``group.code``; GroupNotFound if it was never added."""
        with self._tx() as conn:
            q.need_practitioner(conn, group.practitioner_id)
            done = conn.execute(
                t.groups.update()
                .where(t.groups.c.code == group.code)
                .values(**group.model_dump(exclude={"code"}))
            )
            if done.rowcount == 0:
                raise GroupNotFound(group.code)
        return group.model_copy(deep=True)

    def get(self, code: str) -> Group:
        """The group with ``code`` (any letter case); GroupNotFound if none."""
        with self._read() as conn:
            stored = _need_group(conn, code)
            row = conn.execute(t.groups.select().where(t.groups.c.code == stored)).one()
        return Group.model_validate(row._asdict())

    def add_member(self, group_code: str, case_code: str) -> None:
        """Add family ``case_code`` to the group; DuplicateRecord if it is a member already."""
        with self._tx() as conn:
            group = _need_group(conn, group_code)
            case = q.need_case(conn, case_code)
            if case in _members(conn, group):
                raise DuplicateRecord(key="error.group.member_already", case=case, group=group)
            conn.execute(t.group_members.insert().values(group_code=group, case_code=case))

    def list_members(self, group_code: str) -> list[Case]:
        """The group's member families (their cases), ordered by code."""
        c, m = t.cases, t.group_members
        with self._read() as conn:
            group = _need_group(conn, group_code)
            rows = conn.execute(
                c.select()
                .join(m, m.c.case_code == c.c.code)
                .where(m.c.group_code == group)
                .order_by(c.c.code)
            ).all()
        return [Case.model_validate(r._asdict()) for r in rows]

    # -- sessions and attendance ---------------------------------------------------------

    def add_session(self, session: GroupSession) -> GroupSession:
        """Save a new session with its attendance; NotAMember if someone listed is not a member."""
        with self._tx() as conn:
            group = _need_group(conn, session.group_code)
            came = _need_members(conn, group, session.attended)
            ident = q.new_id(
                conn.execute(
                    t.group_sessions.insert().values(
                        group_code=group, held_on=session.held_on, notes=session.notes
                    )
                )
            )
            _write_attendance(conn, ident, came)
            return _sessions(conn, t.group_sessions.c.id == ident)[0]

    def update_session(self, session: GroupSession) -> GroupSession:
        """Replace the date, notes and attendance of session ``session.id``."""
        s = t.group_sessions
        with self._tx() as conn:
            if session.id is None:
                raise RecordNotFound("group session", None)
            row = _session_row(conn, session.id)
            if row.group_code != q.norm_code(session.group_code):
                raise VigkitError(
                    key="error.group.session_elsewhere",
                    ident=session.id,
                    group=row.group_code,
                    other=q.norm_code(session.group_code),
                )
            came = _need_members(conn, row.group_code, session.attended)
            conn.execute(
                s.update()
                .where(s.c.id == session.id)
                .values(held_on=session.held_on, notes=session.notes)
            )
            _write_attendance(conn, session.id, came)
            return _sessions(conn, s.c.id == session.id)[0]

    def set_attendance(self, session_id: int, case_codes: Iterable[str]) -> GroupSession:
        """Record who came to session ``session_id`` (replacing what was recorded before)."""
        with self._tx() as conn:
            row = _session_row(conn, session_id)
            _write_attendance(conn, session_id, _need_members(conn, row.group_code, case_codes))
            return _sessions(conn, t.group_sessions.c.id == session_id)[0]

    def get_session(self, ident: int) -> GroupSession:
        """The session with id ``ident``, with its attendance; RecordNotFound if none."""
        with self._read() as conn:
            _session_row(conn, ident)
            return _sessions(conn, t.group_sessions.c.id == ident)[0]

    def list_sessions(self, group_code: str) -> list[GroupSession]:
        """The group's sessions by date, each with who attended."""
        with self._read() as conn:
            group = _need_group(conn, group_code)
            return _sessions(conn, t.group_sessions.c.group_code == group)

    # -- films filmed at a session -------------------------------------------------------

    def add_film_to_session(self, film_id: int, session_id: int) -> None:
        """Say film ``film_id`` was filmed at group session ``session_id``.

        The film keeps its own case, which must be a member family of the session's group;
        a film belongs to at most one session (DuplicateRecord otherwise).
        """
        gf = t.group_films
        with self._tx() as conn:
            code = conn.execute(
                sa.select(t.films.c.case_code).where(t.films.c.id == film_id)
            ).scalar()
            if code is None:
                raise RecordNotFound("film", film_id)
            row = _session_row(conn, session_id)
            _need_members(conn, row.group_code, [code])
            linked = conn.execute(
                sa.select(gf.c.session_id).where(gf.c.film_id == film_id)
            ).scalar()
            if linked == session_id:
                return
            if linked is not None:
                raise DuplicateRecord(
                    key="error.group.film_elsewhere", film=film_id, session=linked
                )
            conn.execute(gf.insert().values(film_id=film_id, session_id=session_id))

    def remove_film_from_session(self, film_id: int) -> None:
        """The film no longer belongs to a group session (the film and its clips stay)."""
        with self._tx() as conn:
            conn.execute(t.group_films.delete().where(t.group_films.c.film_id == film_id))

    def list_films(self, group_code: str) -> dict[int, list[Film]]:
        """The films filmed at each of the group's sessions, keyed by session id."""
        f, gf, s = t.films, t.group_films, t.group_sessions
        with self._read() as conn:
            group = _need_group(conn, group_code)
            rows = conn.execute(
                sa.select(gf.c.session_id, f)
                .join(f, f.c.id == gf.c.film_id)
                .join(s, s.c.id == gf.c.session_id)
                .where(s.c.group_code == group)
                .order_by(s.c.held_on, s.c.id, f.c.case_code, f.c.id)
            ).all()
        found: dict[int, list[Film]] = {}
        for row in rows:
            data = row._asdict()
            session_id = data.pop("session_id")
            found.setdefault(session_id, []).append(Film.model_validate(data))
        return found

    # -- removal -------------------------------------------------------------------------

    def delete(self, code: str) -> None:
        """Remove a group, its sessions and attendance; its families' cases and films stay."""
        s = t.group_sessions
        with self._tx() as conn:
            group = _need_group(conn, code)
            sessions = sa.select(s.c.id).where(s.c.group_code == group)
            conn.execute(t.group_films.delete().where(t.group_films.c.session_id.in_(sessions)))
            conn.execute(
                t.group_attendance.delete().where(t.group_attendance.c.session_id.in_(sessions))
            )
            conn.execute(s.delete().where(s.c.group_code == group))
            conn.execute(t.group_members.delete().where(t.group_members.c.group_code == group))
            conn.execute(t.groups.delete().where(t.groups.c.code == group))

    def list(self, practitioner_id: str | None = None, case_code: str | None = None) -> list[Group]:
        """Every group (or one practitioner's, or those a case belongs to), ordered by code."""
        g, m = t.groups, t.group_members
        query = g.select().order_by(g.c.code)
        if practitioner_id is not None:
            query = query.where(g.c.practitioner_id == practitioner_id)
        with self._read() as conn:
            if case_code is not None:
                code = q.need_case(conn, case_code)
                query = query.where(
                    g.c.code.in_(sa.select(m.c.group_code).where(m.c.case_code == code))
                )
            rows = conn.execute(query).all()
        return [Group.model_validate(r._asdict()) for r in rows]


def forget_case_in_groups(conn: Connection, code: str) -> None:
    """Remove a case from every group (membership, attendance, its films' links).

    Must run before the case's films and the case itself are deleted (foreign keys).
    """
    film_ids = sa.select(t.films.c.id).where(t.films.c.case_code == code)
    conn.execute(t.group_films.delete().where(t.group_films.c.film_id.in_(film_ids)))
    conn.execute(t.group_attendance.delete().where(t.group_attendance.c.case_code == code))
    conn.execute(t.group_members.delete().where(t.group_members.c.case_code == code))
