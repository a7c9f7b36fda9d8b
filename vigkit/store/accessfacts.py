"""What the access policy (:mod:`vigkit.core.access`) needs to know, read from the store.

:meth:`Access.principal` says who a login is — roles, supervisees (the trainees of
the supervision records they hold as supervisor), supervision groups — and
:meth:`Access.footage` says whose a film is, the family's current consent, which
groups it is being shown to now (a live session presenting it), and who is visible in the
seconds asked for, each with their family's consent. The doors ask
:func:`vigkit.core.access.decide` with both; nothing here decides.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core.access import AccessRole, Footage, PersonInFrame, Principal, Span, Use
from vigkit.core.errors import CaseNotFound
from vigkit.core.filmpeople import FAMILY_KINDS, PersonKind
from vigkit.core.records import Consent, Film
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.filmpeople import confirmation, people_rows
from vigkit.store.part import Part

__all__ = ["Access"]


class Access(Part):
    """``store.access``: what the access policy reads about a login and a film."""

    def principal(self, login: str) -> Principal:
        """The person behind ``login``; a login vigkit does not know has no role at all."""
        with self._read() as conn:
            who = conn.execute(t.practitioners.select().where(t.practitioners.c.id == login))
            row = who.first()
            if row is None:
                return Principal(login)
            roles = frozenset(AccessRole(role) for role in row.roles or [])
            s = t.supervisions
            trainees = conn.execute(
                sa.select(s.c.trainee_id).where(s.c.supervisor_id == login).distinct()
            )
            m = t.supervision_group_members
            groups = conn.execute(sa.select(m.c.group_id).where(m.c.practitioner_id == login))
            return Principal(
                login,
                roles,
                supervisees=frozenset(trainees.scalars()),
                groups=frozenset(groups.scalars()),
            )

    def footage(self, film: Film, use: Use | None = None, seconds: Span | None = None) -> Footage:
        """Film ``film`` as the policy sees it: its family's practitioner, consent, the groups
        it is presented to now and which seconds, the clips chosen from it; ``use`` and
        ``seconds`` are what is asked for (None: the film itself)."""
        with self._read() as conn:
            case = conn.execute(
                sa.select(t.cases.c.practitioner_id).where(t.cases.c.code == film.case_code)
            ).first()
            if case is None:
                raise CaseNotFound(film.case_code)
            live = t.live_sessions
            showing = conn.execute(
                sa.select(live.c.group_id, live.c.clip_start_s, live.c.clip_end_s).where(
                    live.c.film_id == film.id, live.c.ended_at.is_(None)
                )
            ).all()
            clips = conn.execute(
                sa.select(t.clips.c.start_s, t.clips.c.end_s).where(t.clips.c.film_id == film.id)
            ).all()
            consent = q.current_consent(conn, film.case_code)
            return Footage(
                film.case_code,
                case.practitioner_id,
                consent,
                groups=frozenset(row.group_id for row in showing),
                use=use,
                seconds=seconds,
                shown=tuple((r.group_id, r.clip_start_s, r.clip_end_s) for r in showing),
                chosen=tuple((r.start_s, r.end_s) for r in clips),
                people=_visible(conn, film, consent, seconds),
                group_film=_at_a_group_session(conn, film),
                people_confirmed=confirmation(conn, film.id or 0) is not None,
            )


def _at_a_group_session(conn: Connection, film: Film) -> bool:
    gf = t.group_films
    return conn.execute(sa.select(gf.c.film_id).where(gf.c.film_id == film.id)).first() is not None


def _visible(
    conn: Connection, film: Film, consent: Consent | None, seconds: Span | None
) -> tuple[PersonInFrame, ...]:
    """The people of ``film`` visible in ``seconds`` (all of them: the film itself), each
    with their family's current consent."""
    people = people_rows(conn, t.film_people.c.film_id == film.id)
    span = seconds or (0.0, film.duration_s)
    out = []
    for person in people:
        if person.id is None or not person.seen_between(*span):
            continue
        theirs: Consent | None = None
        if person.kind in FAMILY_KINDS:
            theirs = consent
        elif person.kind is PersonKind.other_family and person.case_code is not None:
            theirs = q.current_consent(conn, person.case_code)
        out.append(PersonInFrame(person.id, person.kind, theirs, person.agrees))
    return tuple(out)
