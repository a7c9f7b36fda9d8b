"""Supervision in the store: a trainee's supervision records, sign-off, and amendments.

A record is saved and changed freely until its supervisor signs it; then it is locked:
:meth:`SupervisionRecords.save` refuses it with a plain message, and a later
change is a :class:`~vigkit.core.supervisionrecords.SupervisionAmendment` saved beside it
(who, when, what changed, why), never an overwrite. :class:`SupervisionRecords` is ``store.supervision``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core.errors import RecordNotFound, VigkitError
from vigkit.core.records import Clip, Film, Role, now
from vigkit.core.supervisionrecords import Supervision, SupervisionAmendment
from vigkit.i18n.phrase import Phrase
from vigkit.store import once
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = [
    "Supervision",
    "RecordLocked",
    "NotASupervisor",
    "TraineeCycle",
    "TraineeClip",
    "forget_supervision_of",
]


class RecordLocked(VigkitError):
    """A signed supervision record cannot be changed, only amended."""

    def __init__(self, record: Supervision, signer: str) -> None:
        at = record.signed_at
        when: str = (
            Phrase(
                "error.supervision.when",
                day=f"{at.day:02d}",
                month=Phrase(f"date.mon.{at.month}"),
                year=at.year,
                time=f"{at:%H:%M}",
            )
            if at
            else ""
        )
        super().__init__(key="error.supervision.locked", signer=signer, when=when)
        self.record_id = record.id


class NotASupervisor(VigkitError):
    """Only a practitioner with the supervisor role signs a supervision record."""

    def __init__(self, name: str) -> None:
        super().__init__(key="error.supervision.not_supervisor", name=name)


@dataclass(frozen=True)
class TraineeCycle:
    """A finished cycle of one of the trainee's families: a film, clips and a shared review."""

    case_code: str
    number: int
    done_on: date


@dataclass(frozen=True)
class TraineeClip:
    """A clip from one of the trainee's films, with its film (for the case, cycle and context)."""

    clip: Clip
    film: Film


def _record(row: sa.Row[Any]) -> Supervision:
    data = row._asdict()
    for key in ("created_at", "updated_at", "signed_at"):
        if data[key] is not None:
            data[key] = q.utc(data[key])
    return Supervision.model_validate(data)


def _row(conn: Connection, ident: int) -> Supervision:
    row = conn.execute(t.supervisions.select().where(t.supervisions.c.id == ident)).first()
    if row is None:
        raise RecordNotFound("supervision record", ident)
    return _record(row)


def _name(conn: Connection, ident: str | None) -> str:
    if not ident:
        return Phrase("error.supervision.the_supervisor")
    p = t.practitioners
    name = conn.execute(sa.select(p.c.display_name).where(p.c.id == ident)).scalar()
    return str(name) if name else ident


def _values(record: Supervision) -> dict[str, Any]:
    return record.model_dump(exclude={"id"}) | {"mode": str(record.mode)}


class SupervisionRecords(Part):
    """``store.supervision``: supervision records, their signing and amendments."""

    def save(
        self,
        record: Supervision,
        *,
        draft_key: str | None = None,
        submission: str | None = None,
    ) -> Supervision:
        """Save a new record (no id) or replace an unsigned one; RecordLocked once signed.

        Signing goes through :meth:`sign_supervision`: what is given here as signed is ignored.
        The draft under ``draft_key`` is removed in the same transaction; ``submission`` is
        the save's identity: sent again with a new record, it returns the one the first try
        saved and stores nothing.
        """
        s = t.supervisions
        with self._tx() as conn:
            earlier = once.made_before(conn, submission, "supervision")
            if draft_key is not None:
                conn.execute(t.drafts.delete().where(t.drafts.c.key == draft_key))
            if record.id is None and earlier is not None:
                return _row(conn, earlier)
            q.need_practitioner(conn, record.trainee_id)
            if record.supervisor_id:
                q.need_practitioner(conn, record.supervisor_id)
            stamp = now()
            values = _values(record) | {"updated_at": stamp, "signed_by": None, "signed_at": None}
            values["created_by"] = record.created_by or record.trainee_id
            q.need_practitioner(conn, values["created_by"])
            if record.id is None:
                ident = q.new_id(conn.execute(s.insert().values(**values)))
                once.remember(conn, submission, "supervision", ident)
            else:
                old = _row(conn, record.id)
                if old.signed:
                    raise RecordLocked(old, _name(conn, old.signed_by))
                values |= {"created_at": old.created_at, "created_by": old.created_by}
                conn.execute(s.update().where(s.c.id == record.id).values(**values))
                ident = record.id
            return _row(conn, ident)

    def get(self, ident: int) -> Supervision:
        """The supervision record with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            return _row(conn, ident)

    def sign(self, ident: int, supervisor_id: str) -> Supervision:
        """The supervisor signs record ``ident``: it keeps their id and the time, and is locked.

        NotASupervisor unless ``supervisor_id`` has the supervisor role (and is the record's
        supervisor, when it names one); RecordLocked if it is signed already.
        """
        s = t.supervisions
        with self._tx() as conn:
            record = _row(conn, ident)
            if record.signed:
                raise RecordLocked(record, _name(conn, record.signed_by))
            q.need_practitioner(conn, supervisor_id)
            p = t.practitioners
            roles = conn.execute(sa.select(p.c.roles).where(p.c.id == supervisor_id)).scalar()
            if str(Role.supervisor) not in (roles or []):
                raise NotASupervisor(_name(conn, supervisor_id))
            if record.supervisor_id and record.supervisor_id != supervisor_id:
                raise VigkitError(
                    key="error.supervision.named_supervisor",
                    name=_name(conn, record.supervisor_id),
                )
            stamp = now()
            conn.execute(
                s.update()
                .where(s.c.id == ident)
                .values(supervisor_id=supervisor_id, signed_by=supervisor_id, signed_at=stamp)
            )
            return _row(conn, ident)

    def add_amendment(self, amendment: SupervisionAmendment) -> SupervisionAmendment:
        """Save a change to a signed record beside it; the record itself is never rewritten."""
        a = t.supervision_amendments
        with self._tx() as conn:
            record = _row(conn, amendment.supervision_id)
            if not record.signed:
                raise VigkitError(key="error.supervision.not_signed")
            q.need_practitioner(conn, amendment.author_id)
            values = amendment.model_dump(exclude={"id"})
            ident = q.new_id(conn.execute(a.insert().values(**values)))
            row = conn.execute(a.select().where(a.c.id == ident)).one()
        data = row._asdict()
        data["made_at"] = q.utc(data["made_at"])
        return SupervisionAmendment.model_validate(data)

    def list_amendments(self, supervision_id: int) -> list[SupervisionAmendment]:
        """The amendments of one record, oldest first."""
        a = t.supervision_amendments
        with self._read() as conn:
            _row(conn, supervision_id)
            rows = conn.execute(
                a.select().where(a.c.supervision_id == supervision_id).order_by(a.c.made_at, a.c.id)
            ).all()
        out = []
        for row in rows:
            data = row._asdict()
            data["made_at"] = q.utc(data["made_at"])
            out.append(SupervisionAmendment.model_validate(data))
        return out

    def delete_of(self, trainee_id: str) -> None:
        """Remove a trainee's supervision records and their amendments (for a fresh start)."""
        with self._tx() as conn:
            forget_supervision_of(conn, trainee_id)

    # -- what the trainee brings -----------------------------------------------------------

    def trainee_clips(self, trainee_id: str) -> list[TraineeClip]:
        """The clips of the films of the trainee's own cases, by case, cycle, film and time."""
        c, f, k = t.cases, t.films, t.clips
        with self._read() as conn:
            q.need_practitioner(conn, trainee_id)
            rows = conn.execute(
                sa.select(k, f)
                .join(f, f.c.id == k.c.film_id)
                .join(c, c.c.code == f.c.case_code)
                .where(c.c.practitioner_id == trainee_id)
                .order_by(f.c.case_code, f.c.cycle_number, f.c.id, k.c.start_s, k.c.id)
            ).all()
        out = []
        clip_keys = [col.name for col in k.columns]
        for row in rows:
            values = list(row)
            clip = Clip.model_validate(dict(zip(clip_keys, values[: len(clip_keys)], strict=True)))
            film_keys = [col.name for col in f.columns]
            film = Film.model_validate(dict(zip(film_keys, values[len(clip_keys) :], strict=True)))
            out.append(TraineeClip(clip, film))
        return out

    def trainee_cycles(self, trainee_id: str) -> list[TraineeCycle]:
        """The trainee's finished cycles: each with a film, at least one clip and a shared review.

        A shared review is a reflection on that case and cycle written with a shared review
        question set (or saying it records one); ``done_on`` is the day of the cycle's film.
        """
        c, f, k, r = t.cases, t.films, t.clips, t.reflections
        with self._read() as conn:
            q.need_practitioner(conn, trainee_id)
            filmed = conn.execute(
                sa.select(f.c.case_code, f.c.cycle_number, sa.func.min(f.c.filmed_on))
                .join(c, c.c.code == f.c.case_code)
                .join(k, k.c.film_id == f.c.id)
                .where(c.c.practitioner_id == trainee_id)
                .group_by(f.c.case_code, f.c.cycle_number)
            ).all()
            reviews = conn.execute(
                sa.select(r.c.case_code, r.c.cycle_number, r.c.template_id, r.c.answers)
                .join(c, c.c.code == r.c.case_code)
                .where(c.c.practitioner_id == trainee_id, r.c.cycle_number.is_not(None))
            ).all()
        reviewed = {
            (row.case_code, row.cycle_number)
            for row in reviews
            if str(row.template_id).startswith("shared_review")
            or (row.answers or {}).get("session_kind") == "shared_review"
        }
        done = [
            TraineeCycle(code, number, day)
            for code, number, day in filmed
            if (code, number) in reviewed
        ]
        return sorted(done, key=lambda x: (x.done_on, x.case_code, x.number))

    def list(
        self,
        trainee_id: str | None = None,
        supervisor_id: str | None = None,
        *,
        signed_only: bool = False,
    ) -> list[Supervision]:
        """Supervision records (a trainee's, a supervisor's, or all), by date then id."""
        s = t.supervisions
        query = s.select().order_by(s.c.held_on, s.c.id)
        if trainee_id is not None:
            query = query.where(s.c.trainee_id == trainee_id)
        if supervisor_id is not None:
            query = query.where(s.c.supervisor_id == supervisor_id)
        if signed_only:
            query = query.where(s.c.signed_at.is_not(None))
        with self._read() as conn:
            return [_record(r) for r in conn.execute(query)]


def forget_supervision_of(conn: Connection, ident: str) -> None:
    """Remove the supervision records a practitioner is the trainee of, with their amendments.

    Must run before the practitioner is deleted (foreign keys). Records they supervised or
    signed for others are kept: a supervisor's signature is part of the trainee's record.
    """
    s, a = t.supervisions, t.supervision_amendments
    theirs = sa.select(s.c.id).where(s.c.trainee_id == ident)
    conn.execute(a.delete().where(a.c.supervision_id.in_(theirs)))
    conn.execute(s.delete().where(s.c.trainee_id == ident))
