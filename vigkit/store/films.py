"""``store.films``: the films logged for a case (a film's cycle is made if needed) and the
clips marked in them."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

import sqlalchemy as sa

from vigkit.core import clock
from vigkit.core.errors import ConsentRequired, RecordNotFound, VigkitError
from vigkit.core.records import Clip, Film
from vigkit.store import once
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Films"]


class Films(Part):
    """``store.films``: films and their clips (the footage's retention marks are :meth:`mark_footage_deleted`)."""

    def add(self, film: Film) -> Film:
        """Log a film (creating its cycle if needed); ConsentRequired unless filming is allowed."""
        with self._tx() as conn:
            code = q.need_case(conn, film.case_code)
            consent = q.current_consent(conn, code)
            if consent is None or not consent.allows_filming:
                raise ConsentRequired(key="error.consent.no_filming")
            c = t.cycles
            query = sa.select(c.c.id).where(c.c.case_code == code, c.c.number == film.cycle_number)
            if conn.execute(query).first() is None:
                conn.execute(
                    c.insert().values(
                        case_code=code,
                        number=film.cycle_number,
                        started_on=film.filmed_on,
                        working_point="",
                    )
                )
            values = film.model_dump(exclude={"id"}) | {"case_code": code}
            ident = q.new_id(conn.execute(t.films.insert().values(**values)))
        return film.model_copy(update={"id": ident, "case_code": code})

    def get(self, ident: int) -> Film:
        """The film with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.films.select().where(t.films.c.id == ident)).first()
        if row is None:
            raise RecordNotFound("film", ident)
        return Film.model_validate(row._asdict())

    def add_clip(
        self, clip: Clip, *, most: int | None = None, submission: str | None = None
    ) -> Clip:
        """Save a new clip; VigkitError if it ends after its film, names another case's HQ or
        would be more than ``most`` clips on its film (the service's limit).

        ``submission`` is the save's identity: sent again (a second click, a retry), it
        returns the clip the first try saved and stores nothing.
        """
        with self._tx() as conn:
            earlier = once.made_before(conn, submission, "clip")
            if earlier is not None:
                row = conn.execute(t.clips.select().where(t.clips.c.id == earlier)).first()
                if row is not None:
                    return Clip.model_validate(row._asdict())
            q.check_clip(conn, clip)
            if most is not None:
                count = sa.select(sa.func.count()).where(t.clips.c.film_id == clip.film_id)
                if conn.execute(count).scalar_one() >= most:
                    raise VigkitError(key="error.clip.too_many", most=most)
            values = clip.model_dump(exclude={"id"})
            ident = q.new_id(conn.execute(t.clips.insert().values(**values)))
            q.check_clip_questions(conn, clip)
            once.remember(conn, submission, "clip", ident)
        return clip.model_copy(update={"id": ident})

    def update_clip(self, clip: Clip) -> Clip:
        """Replace what is stored for clip ``clip.id``; RecordNotFound if there is none."""
        with self._tx() as conn:
            q.check_clip(conn, clip)
            done = conn.execute(
                t.clips.update()
                .where(t.clips.c.id == clip.id)
                .values(**clip.model_dump(exclude={"id"}))
            )
            if clip.id is None or done.rowcount == 0:
                raise RecordNotFound("clip", clip.id)
            q.check_clip_questions(conn, clip)
        return clip.model_copy(deep=True)

    def delete_clip(self, ident: int) -> None:
        """Delete clip ``ident``; RecordNotFound if there is none."""
        with self._tx() as conn:
            if conn.execute(t.clips.delete().where(t.clips.c.id == ident)).rowcount == 0:
                raise RecordNotFound("clip", ident)

    def list_clips(self, film_id: int | None = None, case_code: str | None = None) -> list[Clip]:
        """Clips (of one film and/or one case), by film then start time."""
        c, f = t.clips, t.films
        query = sa.select(c).order_by(c.c.film_id, c.c.start_s, c.c.id)
        with self._read() as conn:
            if film_id is not None:
                query = query.where(c.c.film_id == film_id)
            if case_code is not None:
                code = q.need_case(conn, case_code)
                query = query.join(f, f.c.id == c.c.film_id).where(f.c.case_code == code)
            rows = conn.execute(query).all()
        return [Clip.model_validate(r._asdict()) for r in rows]

    def mark_footage_deleted(self, film_id: int, *, due: date, on: date, by: str) -> Film:
        """Record that film ``film_id``'s footage went on ``on`` (due ``due``), deleted or
        confirmed by ``by``; the audit trail says so too. RecordNotFound if no such film."""
        f = t.films
        with self._tx() as conn:
            row = conn.execute(f.select().where(f.c.id == film_id)).first()
            if row is None:
                raise RecordNotFound("film", film_id)
            conn.execute(
                f.update()
                .where(f.c.id == film_id)
                .values(footage_due_on=due, footage_deleted_on=on, footage_deleted_by=by[:64])
            )
            conn.execute(
                t.audit_events.insert().values(
                    at=q.utc(clock.precise_now()),
                    login=by[:64],
                    action="delete",
                    kind="footage",
                    ident=row.case_code,
                    allowed=True,
                    reason=f"film {film_id}: retention, due {due.isoformat()}",
                    door="retention",
                )
            )
            updated = conn.execute(f.select().where(f.c.id == film_id)).one()
        return Film.model_validate(updated._asdict())

    def list(self, code: str | None = None, *, codes: Collection[str] | None = None) -> list[Film]:
        """Every film (or one case's, or those of ``codes``), by case, cycle and id."""
        f = t.films
        query = f.select().order_by(f.c.case_code, f.c.cycle_number, f.c.id)
        if codes is not None:
            query = query.where(f.c.case_code.in_([q.norm_code(c) for c in codes]))
        with self._read() as conn:
            if code is not None:
                query = query.where(f.c.case_code == q.need_case(conn, code))
            rows = conn.execute(query).all()
        return [Film.model_validate(r._asdict()) for r in rows]
