"""The people of a team as an admin keeps them: names, roles, trainees' stages and the
supervision groups' members. What the access policy reads about a login comes from here
(:mod:`vigkit.store.accessfacts`); the admin's page (:mod:`vigkit.ui.pages.people`) writes it."""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.core.errors import DuplicateRecord, PractitionerNotFound, VigkitError
from vigkit.core.records import Practitioner
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part
from vigkit.store.session_rows import forget_sessions_of
from vigkit.store.supervision import forget_supervision_of

__all__ = ["People", "Settings"]

_FIRST = "first-password:"


class People(Part):
    """``store.people``: practitioners, their first passwords, the admins."""

    def add(self, p: Practitioner) -> Practitioner:
        """Save a new practitioner; DuplicateRecord if the id is taken."""
        with self._tx() as conn:
            query = sa.select(t.practitioners.c.id).where(t.practitioners.c.id == p.id)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.practitioner.taken", ident=repr(p.id))
            roles = [str(r) for r in p.roles]
            conn.execute(t.practitioners.insert().values(p.model_dump() | {"roles": roles}))
        return p.model_copy(deep=True)

    def get(self, ident: str) -> Practitioner:
        """The practitioner with id ``ident``; PractitionerNotFound if none."""
        with self._read() as conn:
            row = conn.execute(
                t.practitioners.select().where(t.practitioners.c.id == ident)
            ).first()
        if row is None:
            raise PractitionerNotFound(ident)
        return Practitioner.model_validate(row._asdict())

    def delete(self, ident: str) -> None:
        """Remove a practitioner with no cases left, their reflections and drafts; no-op if absent."""
        with self._tx() as conn:
            owned = conn.execute(
                sa.select(sa.func.count())
                .select_from(t.cases)
                .where(t.cases.c.practitioner_id == ident)
            ).scalar_one()
            if owned:
                raise VigkitError(
                    key="error.practitioner.has_cases", ident=repr(ident), count=owned
                )
            forget_sessions_of(conn, ident)
            forget_supervision_of(conn, ident)
            conn.execute(t.reflections.delete().where(t.reflections.c.author_id == ident))
            conn.execute(t.drafts.delete().where(t.drafts.c.author_id == ident))
            conn.execute(t.practitioners.delete().where(t.practitioners.c.id == ident))

    def update(self, person: Practitioner) -> Practitioner:
        """Change a person's name, roles and stage; PractitionerNotFound if they are not here."""
        with self._tx() as conn:
            q.need_practitioner(conn, person.id)
            conn.execute(
                t.practitioners.update()
                .where(t.practitioners.c.id == person.id)
                .values(
                    display_name=person.display_name,
                    roles=[str(role) for role in person.roles],
                    stage=person.stage,
                )
            )
        return person.model_copy(deep=True)

    def count_admins(self) -> int:
        """How many people hold the admin role (a team keeps at least one)."""
        with self._read() as conn:
            roles = conn.execute(sa.select(t.practitioners.c.roles)).scalars()
            return sum(1 for held in roles if "admin" in (held or []))

    # -- first passwords (a team on one machine: the hub's own accounts) -------------------

    def set_first_password(self, login: str, password_hash: str) -> None:
        """Keep the bcrypt hash of ``login``'s first password, for the hub's first login."""
        with self._tx() as conn:
            q.need_practitioner(conn, login)
            q.upsert(conn, t.settings, {"key": _FIRST + login}, {"value": password_hash})

    def first_password(self, login: str) -> str | None:
        """The bcrypt hash of ``login``'s first password, until it is used."""
        with self._read() as conn:
            query = sa.select(t.settings.c.value).where(t.settings.c.key == _FIRST + login)
            return conn.execute(query).scalar()

    def forget_first_password(self, login: str) -> None:
        """A first password is used once: the hub's account holds the password from then on."""
        with self._tx() as conn:
            conn.execute(t.settings.delete().where(t.settings.c.key == _FIRST + login))

    def list(self) -> list[Practitioner]:
        """Every practitioner, ordered by id."""
        with self._read() as conn:
            rows = conn.execute(t.practitioners.select().order_by(t.practitioners.c.id)).all()
        return [Practitioner.model_validate(r._asdict()) for r in rows]


class Settings(Part):
    """``store.settings``: the workbook's settings."""

    def get(self, key: str, default: str | None = None) -> str | None:
        """The value of setting ``key``, or ``default`` when it was never set."""
        with self._read() as conn:
            value = conn.execute(
                sa.select(t.settings.c.value).where(t.settings.c.key == key)
            ).scalar()
        return default if value is None else value

    def set(self, key: str, value: str) -> None:
        """Set setting ``key`` to ``value``, replacing any earlier value."""
        with self._tx() as conn:
            q.upsert(conn, t.settings, {"key": key}, {"value": value})

    def workbook_practitioner_id(self) -> str | None:
        """Alone, whose workbook this is: the ``current_practitioner`` setting, else the
        first practitioner (None when there is nobody). A team asks the login instead."""
        named = self.get("current_practitioner")
        if named:
            return named
        first = sa.select(t.practitioners.c.id).order_by(t.practitioners.c.id).limit(1)
        with self._read() as conn:
            return conn.execute(first).scalar()
