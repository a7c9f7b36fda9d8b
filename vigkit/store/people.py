"""The people of a team as an admin keeps them: names, roles, trainees' stages and the
supervision groups' members. What the access policy reads about a login comes from here
(:mod:`vigkit.store.accessfacts`); the admin's page (:mod:`vigkit.ui.pages.people`) writes it."""

from __future__ import annotations

import sqlalchemy as sa

from vigkit.core.errors import VigkitError
from vigkit.core.records import Practitioner
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.store import rows as q
from vigkit.store import session_rows as sr
from vigkit.store import tables as t
from vigkit.store.engine import StoreBase

__all__ = ["PeopleStore"]


class PeopleStore(StoreBase):
    def update_practitioner(self, person: Practitioner) -> Practitioner:
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


_FIRST = "first-password:"
