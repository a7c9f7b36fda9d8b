"""``store.people_in_films``: the people the practitioner confirmed in a film, with their
face boxes over time (:class:`vigkit.core.filmpeople.PersonInFilm`).

A person and their boxes are saved together, in one transaction: an update replaces every
box. Nothing here decides who is shown: :func:`vigkit.core.access.must_hide` does, from
what :meth:`vigkit.store.accessfacts.Access.footage` reads through :func:`people_rows`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core import clock
from vigkit.core.errors import RecordNotFound
from vigkit.core.filmpeople import (
    FaceBox,
    MutedStretch,
    PeopleConfirmed,
    PersonInFilm,
    PersonKind,
)
from vigkit.core.records import Film
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = [
    "PeopleInFilms",
    "confirmation",
    "people_rows",
    "forget_case_in_films",
    "forget_films",
]


def _values(person: PersonInFilm) -> dict[str, Any]:
    return {
        "film_id": person.film_id,
        "kind": str(person.kind),
        "case_code": person.case_code,
        "label": person.label,
        "agrees": person.agrees,
        "left_at_s": person.left_at,
        "updated_at": clock.now(),
    }


def _save_boxes(conn: Connection, ident: int, boxes: list[FaceBox]) -> None:
    b = t.film_person_boxes
    conn.execute(b.delete().where(b.c.person_id == ident))
    if boxes:
        conn.execute(
            b.insert(),
            [
                {"person_id": ident, "t_s": x.t, "x": x.x, "y": x.y, "w": x.w, "h": x.h}
                | {"kept": x.kept}
                for x in boxes
            ],
        )


def _check(conn: Connection, person: PersonInFilm) -> PersonInFilm:
    """The person with their other family's code as stored; RecordNotFound for no film,
    CaseNotFound for no such family."""
    films = t.films
    if conn.execute(sa.select(films.c.id).where(films.c.id == person.film_id)).first() is None:
        raise RecordNotFound("film", person.film_id)
    if person.case_code is not None:
        return person.model_copy(update={"case_code": q.need_case(conn, person.case_code)})
    return person


def people_rows(conn: Connection, film_ids: sa.ColumnElement[bool]) -> list[PersonInFilm]:
    """The people in the films ``film_ids`` selects (a condition on ``film_people``), in
    the order they were added, each with their boxes in time order."""
    p, b = t.film_people, t.film_person_boxes
    found = conn.execute(p.select().where(film_ids).order_by(p.c.id)).all()
    if not found:
        return []
    boxes: dict[int, list[FaceBox]] = {row.id: [] for row in found}
    query = b.select().where(b.c.person_id.in_(list(boxes))).order_by(b.c.person_id, b.c.t_s)
    for row in conn.execute(query):
        boxes[row.person_id].append(
            FaceBox(t=row.t_s, x=row.x, y=row.y, w=row.w, h=row.h, kept=row.kept)
        )
    return [
        PersonInFilm(
            id=row.id,
            film_id=row.film_id,
            kind=PersonKind(row.kind),
            case_code=row.case_code,
            label=row.label,
            agrees=row.agrees,
            left_at=row.left_at_s,
            boxes=boxes[row.id],
        )
        for row in found
    ]


def confirmation(conn: Connection, film_id: int) -> PeopleConfirmed | None:
    """Who confirmed film ``film_id``'s people, and when (None: nobody has)."""
    c = t.film_people_confirmed
    row = conn.execute(c.select().where(c.c.film_id == film_id)).first()
    if row is None:
        return None
    return PeopleConfirmed(
        film_id=film_id, confirmed_at=q.utc(row.confirmed_at), confirmed_by=row.confirmed_by
    )


def forget_films(
    conn: Connection, film_ids: sa.Select[Any] | sa.ColumnElement[Any]
) -> dict[str, int]:
    """Remove the people (boxes, confirmations) and the stretches to silence of the films
    ``film_ids`` selects, before the films go; how many rows of each table went."""
    p, b, c, m = t.film_people, t.film_person_boxes, t.film_people_confirmed, t.film_muted
    people = sa.select(p.c.id).where(p.c.film_id.in_(film_ids))
    boxes = conn.execute(b.delete().where(b.c.person_id.in_(people))).rowcount
    persons = conn.execute(p.delete().where(p.c.film_id.in_(film_ids))).rowcount
    marks = conn.execute(c.delete().where(c.c.film_id.in_(film_ids))).rowcount
    muted = conn.execute(m.delete().where(m.c.film_id.in_(film_ids))).rowcount
    gone = {b.name: boxes or 0, p.name: persons or 0, c.name: marks or 0, m.name: muted or 0}
    return {table: count for table, count in gone.items() if count > 0}


def forget_case_in_films(conn: Connection, code: str) -> dict[str, int]:
    """A family's case goes (erasure, deletion): its films' people go with them, and where
    a member of that family was seen in another family's film, they become someone unknown
    with no say recorded (hidden everywhere), their boxes kept. How many rows went, by table."""
    gone = forget_films(conn, sa.select(t.films.c.id).where(t.films.c.case_code == code))
    p = t.film_people
    conn.execute(
        p.update()
        .where(p.c.case_code == code)
        .values(kind=str(PersonKind.unknown), case_code=None, label="", agrees=None)
    )
    return gone


class PeopleInFilms(Part):
    """``store.people_in_films``: who is seen in each film, and where their faces are."""

    def add(self, person: PersonInFilm) -> PersonInFilm:
        """Save a new person with their boxes; RecordNotFound if the film is not logged,
        CaseNotFound if their other family's case is not known."""
        with self._tx() as conn:
            person = _check(conn, person)
            ident = q.new_id(conn.execute(t.film_people.insert().values(**_values(person))))
            _save_boxes(conn, ident, person.boxes)
        return person.model_copy(update={"id": ident})

    def get(self, ident: int) -> PersonInFilm:
        """The person with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            found = people_rows(conn, t.film_people.c.id == ident)
        if not found:
            raise RecordNotFound("person in a film", ident)
        return found[0]

    def update(self, person: PersonInFilm) -> PersonInFilm:
        """Replace person ``person.id`` and all their boxes; RecordNotFound if none."""
        with self._tx() as conn:
            person = _check(conn, person)
            p = t.film_people
            done = conn.execute(p.update().where(p.c.id == person.id).values(**_values(person)))
            if person.id is None or done.rowcount == 0:
                raise RecordNotFound("person in a film", person.id)
            _save_boxes(conn, person.id, person.boxes)
        return person.model_copy(deep=True)

    def remove(self, ident: int) -> None:
        """Remove person ``ident`` and their boxes; RecordNotFound if there is none."""
        with self._tx() as conn:
            b, p = t.film_person_boxes, t.film_people
            conn.execute(b.delete().where(b.c.person_id == ident))
            if conn.execute(p.delete().where(p.c.id == ident)).rowcount == 0:
                raise RecordNotFound("person in a film", ident)

    def confirm(self, film_id: int, by: str) -> PeopleConfirmed:
        """Mark film ``film_id``'s people confirmed by ``by``, now (again: the latest counts);
        RecordNotFound if the film is not logged."""
        c = t.film_people_confirmed
        mark = PeopleConfirmed(film_id=film_id, confirmed_at=clock.now(), confirmed_by=by)
        with self._tx() as conn:
            films = t.films
            found = conn.execute(sa.select(films.c.id).where(films.c.id == film_id)).first()
            if found is None:
                raise RecordNotFound("film", film_id)
            conn.execute(c.delete().where(c.c.film_id == film_id))
            conn.execute(c.insert().values(**mark.model_dump()))
        return mark

    def confirmed(self, film_id: int) -> PeopleConfirmed | None:
        """Who confirmed film ``film_id``'s people, and when; None: nobody has."""
        with self._read() as conn:
            return confirmation(conn, film_id)

    def mute(self, film_id: int, start_s: float, end_s: float, by: str) -> MutedStretch:
        """Mark seconds ``start_s``–``end_s`` of film ``film_id`` to be silenced, by ``by``,
        now; RecordNotFound if the film is not logged (ValidationError for no stretch)."""
        stretch = MutedStretch(
            film_id=film_id, start_s=start_s, end_s=end_s, marked_by=by, marked_at=clock.now()
        )
        with self._tx() as conn:
            films = t.films
            found = conn.execute(sa.select(films.c.id).where(films.c.id == film_id)).first()
            if found is None:
                raise RecordNotFound("film", film_id)
            values = stretch.model_dump(exclude={"id"})
            ident = q.new_id(conn.execute(t.film_muted.insert().values(**values)))
        return stretch.model_copy(update={"id": ident})

    def muted(self, film_id: int) -> list[MutedStretch]:
        """The stretches of film ``film_id`` to silence, in time order (none: an empty list)."""
        m = t.film_muted
        query = m.select().where(m.c.film_id == film_id).order_by(m.c.start_s, m.c.id)
        with self._read() as conn:
            return [
                MutedStretch.model_validate(row._asdict() | {"marked_at": q.utc(row.marked_at)})
                for row in conn.execute(query)
            ]

    def unmute(self, ident: int) -> MutedStretch:
        """Remove the stretch to silence ``ident`` (its sound is heard again); the stretch
        that went; RecordNotFound if there is none."""
        m = t.film_muted
        with self._tx() as conn:
            row = conn.execute(m.select().where(m.c.id == ident)).first()
            if row is None:
                raise RecordNotFound("stretch to silence", ident)
            conn.execute(m.delete().where(m.c.id == ident))
        return MutedStretch.model_validate(row._asdict() | {"marked_at": q.utc(row.marked_at)})

    def films_showing(self, code: str) -> list[Film]:
        """The films of other families in which a member of family ``code`` is seen, by id."""
        p, f = t.film_people, t.films
        query = (
            f.select()
            .where(f.c.id.in_(sa.select(p.c.film_id).where(p.c.case_code == q.norm_code(code))))
            .order_by(f.c.id)
        )
        with self._read() as conn:
            return [Film.model_validate(row._asdict()) for row in conn.execute(query)]

    def list(self, film_id: int) -> list[PersonInFilm]:
        """The people of film ``film_id``, in the order they were added (none: an empty list)."""
        with self._read() as conn:
            return people_rows(conn, t.film_people.c.film_id == film_id)
