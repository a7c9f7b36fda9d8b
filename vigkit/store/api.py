"""The Store: every read and write of vigkit's records, one transaction per save."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import sqlalchemy as sa

from vigkit.core.errors import (
    CaseNotFound,
    ConsentRequired,
    DuplicateRecord,
    PractitionerNotFound,
    RecordNotFound,
    VigkitError,
)
from vigkit.core.records import (
    Case,
    Clip,
    Consent,
    Cycle,
    Draft,
    Film,
    HelpingQuestion,
    Practitioner,
    Rating,
    Reflection,
    now,
)
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.accessfacts import AccessStore
from vigkit.store.audit import AuditStore
from vigkit.store.erasure import ErasureStore
from vigkit.store.groups import GroupStore, forget_case_in_groups
from vigkit.store.measures import MeasureStore
from vigkit.store.people import PeopleStore
from vigkit.store.session_rows import forget_sessions_of, off_the_board
from vigkit.store.sessions import SessionStore
from vigkit.store.supervision import SupervisionStore, forget_supervision_of
from vigkit.store.templateversions import TemplateVersionStore, remember_template

__all__ = ["Store"]

MAX_HELPING_QUESTIONS = 3


class Store(
    GroupStore,
    TemplateVersionStore,
    SupervisionStore,
    SessionStore,
    AccessStore,
    AuditStore,
    ErasureStore,
    MeasureStore,
    PeopleStore,
):
    """vigkit's records in one SQL database (a SQLite file by default).

    The group VIG methods (groups, sessions, attendance, group films) come from
    :class:`vigkit.store.groups.GroupStore`; copies of template versions from
    :class:`vigkit.store.templateversions.TemplateVersionStore`.
    """

    # -- practitioners and settings ------------------------------------------------------

    def add_practitioner(self, p: Practitioner) -> Practitioner:
        """Save a new practitioner; DuplicateRecord if the id is taken."""
        with self._tx() as conn:
            query = sa.select(t.practitioners.c.id).where(t.practitioners.c.id == p.id)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.practitioner.taken", ident=repr(p.id))
            roles = [str(r) for r in p.roles]
            conn.execute(t.practitioners.insert().values(p.model_dump() | {"roles": roles}))
        return p.model_copy(deep=True)

    def get_practitioner(self, ident: str) -> Practitioner:
        """The practitioner with id ``ident``; PractitionerNotFound if none."""
        with self._read() as conn:
            row = conn.execute(
                t.practitioners.select().where(t.practitioners.c.id == ident)
            ).first()
        if row is None:
            raise PractitionerNotFound(ident)
        return Practitioner.model_validate(row._asdict())

    def list_practitioners(self) -> list[Practitioner]:
        """Every practitioner, ordered by id."""
        with self._read() as conn:
            rows = conn.execute(t.practitioners.select().order_by(t.practitioners.c.id)).all()
        return [Practitioner.model_validate(r._asdict()) for r in rows]

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """The value of setting ``key``, or ``default`` when it was never set."""
        with self._read() as conn:
            value = conn.execute(
                sa.select(t.settings.c.value).where(t.settings.c.key == key)
            ).scalar()
        return default if value is None else value

    def workbook_practitioner_id(self) -> str | None:
        """Alone, whose workbook this is: the ``current_practitioner`` setting, else the
        first practitioner (None when there is nobody). A team asks the login instead."""
        named = self.get_setting("current_practitioner")
        if named:
            return named
        people = self.list_practitioners()
        return people[0].id if people else None

    def set_setting(self, key: str, value: str) -> None:
        """Set setting ``key`` to ``value``, replacing any earlier value."""
        with self._tx() as conn:
            q.upsert(conn, t.settings, {"key": key}, {"value": value})

    # -- cases and consent ---------------------------------------------------------------

    def add_case(self, case: Case) -> Case:
        """Save a new case; DuplicateRecord if its code is taken."""
        with self._tx() as conn:
            q.need_practitioner(conn, case.practitioner_id)
            query = sa.select(t.cases.c.code).where(t.cases.c.code == case.code)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.case.taken", code=case.code)
            conn.execute(t.cases.insert().values(**q.case_values(case)))
        return case.model_copy(deep=True)

    def update_case(self, case: Case) -> Case:
        """Replace what is stored for case ``case.code``; CaseNotFound if it was never added."""
        with self._tx() as conn:
            q.need_practitioner(conn, case.practitioner_id)
            values = q.case_values(case)
            done = conn.execute(
                t.cases.update().where(t.cases.c.code == case.code).values(**values)
            )
            if done.rowcount == 0:
                raise CaseNotFound(case.code)
        return case.model_copy(deep=True)

    def get_case(self, code: str) -> Case:
        """The case with ``code`` (any letter case); CaseNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.cases.select().where(t.cases.c.code == q.norm_code(code))).first()
        if row is None:
            raise CaseNotFound(q.norm_code(code))
        return Case.model_validate(row._asdict())

    def list_cases(self, practitioner_id: str | None = None) -> list[Case]:
        """Every case (or one practitioner's), ordered by code."""
        query = t.cases.select().order_by(t.cases.c.code)
        if practitioner_id is not None:
            query = query.where(t.cases.c.practitioner_id == practitioner_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [Case.model_validate(r._asdict()) for r in rows]

    def set_consent(self, consent: Consent) -> Consent:
        """Record ``consent`` as the case's current consent, keeping earlier ones as history."""
        with self._tx() as conn:
            code = q.need_case(conn, consent.case_code)
            stamp = now()
            conn.execute(
                t.consents.update()
                .where(t.consents.c.case_code == code, t.consents.c.superseded_at.is_(None))
                .values(superseded_at=stamp)
            )
            values = consent.model_dump() | {"case_code": code}
            conn.execute(t.consents.insert().values(**values, recorded_at=stamp))
            if not (consent.allows_filming and consent.intervision):
                off_the_board(conn, code)
        return consent.model_copy(update={"case_code": code})

    def get_consent(self, code: str) -> Consent | None:
        """The case's current consent, or None if none was ever recorded."""
        with self._read() as conn:
            return q.current_consent(conn, q.need_case(conn, code))

    def consent_history(self, code: str) -> list[Consent]:
        """Every consent recorded for the case, oldest first (the last is the current one)."""
        with self._read() as conn:
            stored = q.need_case(conn, code)
            rows = conn.execute(
                t.consents.select()
                .where(t.consents.c.case_code == stored)
                .order_by(t.consents.c.id)
            ).all()
        return [q.consent_record(r) for r in rows]

    # -- helping questions ---------------------------------------------------------------

    def save_helping_question(self, hq: HelpingQuestion) -> HelpingQuestion:
        """Add ``hq`` (id None, with any ratings) or update its words, position and hoped-for."""
        with self._tx() as conn:
            code = q.need_case(conn, hq.case_code, lock=hq.id is None)
            h = t.helping_questions
            if hq.id is None:
                count = conn.execute(
                    sa.select(sa.func.count()).select_from(h).where(h.c.case_code == code)
                ).scalar_one()
                if count >= MAX_HELPING_QUESTIONS:
                    raise VigkitError(key="error.case.three_questions")
                ident = q.new_id(
                    conn.execute(
                        h.insert().values(
                            case_code=code,
                            position=hq.position,
                            words=hq.words,
                            hoped_for=hq.hoped_for,
                        )
                    )
                )
                for rating in hq.ratings:
                    conn.execute(
                        t.ratings.insert().values(helping_question_id=ident, **rating.model_dump())
                    )
            else:
                ident = hq.id
                done = conn.execute(
                    h.update()
                    .where(h.c.id == ident, h.c.case_code == code)
                    .values(position=hq.position, words=hq.words, hoped_for=hq.hoped_for)
                )
                if done.rowcount == 0:
                    raise RecordNotFound("helping question", ident)
            return q.helping_questions(conn, h.c.id == ident)[0]

    def add_rating(self, hq_id: int, rating: Rating) -> HelpingQuestion:
        """Add a rating to helping question ``hq_id``; RecordNotFound if there is none."""
        h = t.helping_questions
        with self._tx() as conn:
            if conn.execute(sa.select(h.c.id).where(h.c.id == hq_id)).first() is None:
                raise RecordNotFound("helping question", hq_id)
            conn.execute(
                t.ratings.insert().values(helping_question_id=hq_id, **rating.model_dump())
            )
            return q.helping_questions(conn, h.c.id == hq_id)[0]

    def list_helping_questions(self, code: str) -> list[HelpingQuestion]:
        """The case's helping questions by position, each with its ratings by date."""
        with self._read() as conn:
            stored = q.need_case(conn, code)
            return q.helping_questions(conn, t.helping_questions.c.case_code == stored)

    # -- cycles, films and clips ---------------------------------------------------------

    def add_cycle(self, cycle: Cycle) -> Cycle:
        """Save a new cycle; DuplicateRecord if the case already has one with that number."""
        with self._tx() as conn:
            code = q.need_case(conn, cycle.case_code)
            c = t.cycles
            query = sa.select(c.c.id).where(c.c.case_code == code, c.c.number == cycle.number)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.cycle.taken", code=code, number=cycle.number)
            values = cycle.model_dump(exclude={"id"}) | {"case_code": code}
            ident = q.new_id(conn.execute(c.insert().values(**values)))
        return cycle.model_copy(update={"id": ident, "case_code": code})

    def list_cycles(self, code: str) -> list[Cycle]:
        """The case's cycles by number."""
        with self._read() as conn:
            stored = q.need_case(conn, code)
            rows = conn.execute(
                t.cycles.select().where(t.cycles.c.case_code == stored).order_by(t.cycles.c.number)
            ).all()
        return [Cycle.model_validate(r._asdict()) for r in rows]

    def add_film(self, film: Film) -> Film:
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

    def get_film(self, ident: int) -> Film:
        """The film with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.films.select().where(t.films.c.id == ident)).first()
        if row is None:
            raise RecordNotFound("film", ident)
        return Film.model_validate(row._asdict())

    def list_films(
        self, code: str | None = None, *, codes: Collection[str] | None = None
    ) -> list[Film]:
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

    def add_clip(self, clip: Clip) -> Clip:
        """Save a new clip; VigkitError if it ends after its film or names another case's HQ."""
        with self._tx() as conn:
            q.check_clip(conn, clip)
            values = clip.model_dump(exclude={"id"})
            ident = q.new_id(conn.execute(t.clips.insert().values(**values)))
            q.check_clip_questions(conn, clip)
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

    # -- reflections and drafts ----------------------------------------------------------

    def save_reflection(
        self, r: Reflection, *, template_body: dict[str, Any] | None = None
    ) -> Reflection:
        """Add ``r`` (id None) or update its answers and updated_at, keeping its template.

        ``template_body`` (the question set as JSON) is kept, in the same transaction, as
        the copy of ``r``'s template version if none is kept yet.
        """
        rt = t.reflections
        with self._tx() as conn:
            if template_body is not None:
                remember_template(conn, r.template_id, r.template_version, template_body)
            if r.id is None:
                q.need_practitioner(conn, r.author_id)
                code = None if r.case_code is None else q.need_case(conn, r.case_code)
                values = r.model_dump(exclude={"id"}) | {
                    "case_code": code,
                    "created_at": q.utc(r.created_at),
                    "updated_at": q.utc(r.updated_at),
                }
                ident = q.new_id(conn.execute(rt.insert().values(**values)))
            else:
                ident = r.id
                done = conn.execute(
                    rt.update().where(rt.c.id == ident).values(answers=r.answers, updated_at=now())
                )
                if done.rowcount == 0:
                    raise RecordNotFound("reflection", ident)
            row = conn.execute(rt.select().where(rt.c.id == ident)).one()
        return q.reflection_record(row)

    def get_reflection(self, ident: int) -> Reflection:
        """The reflection with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.reflections.select().where(t.reflections.c.id == ident)).first()
        if row is None:
            raise RecordNotFound("reflection", ident)
        return q.reflection_record(row)

    def list_reflections(
        self, author_id: str | None = None, case_code: str | None = None
    ) -> list[Reflection]:
        """Reflections (of one author and/or one case), newest first."""
        rt = t.reflections
        query = rt.select().order_by(rt.c.created_at.desc(), rt.c.id.desc())
        with self._read() as conn:
            if author_id is not None:
                query = query.where(rt.c.author_id == author_id)
            if case_code is not None:
                query = query.where(rt.c.case_code == q.need_case(conn, case_code))
            rows = conn.execute(query).all()
        return [q.reflection_record(row) for row in rows]

    def save_draft(self, draft: Draft) -> None:
        """Save ``draft`` under its key, replacing any earlier draft with that key."""
        values = draft.model_dump(exclude={"key"}) | {"updated_at": q.utc(draft.updated_at)}
        with self._tx() as conn:
            q.upsert(conn, t.drafts, {"key": draft.key}, values)

    def get_draft(self, key: str) -> Draft | None:
        """The draft saved under ``key``, or None if there is none."""
        with self._read() as conn:
            row = conn.execute(t.drafts.select().where(t.drafts.c.key == key)).first()
        if row is None:
            return None
        return Draft.model_validate(row._asdict() | {"updated_at": q.utc(row.updated_at)})

    def delete_draft(self, key: str) -> None:
        """Delete the draft under ``key`` (nothing happens if there is none)."""
        with self._tx() as conn:
            conn.execute(t.drafts.delete().where(t.drafts.c.key == key))

    # -- summaries -----------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows each table holds, keyed by table name."""
        names = [table.name for table in t.metadata.sorted_tables]
        query = sa.select(
            *(
                sa.select(sa.func.count())
                .select_from(t.metadata.tables[n])
                .scalar_subquery()
                .label(n)
                for n in names
            )
        )
        with self._read() as conn:
            row = conn.execute(query).one()
        return {n: int(row._mapping[n]) for n in sorted(names)}

    def is_empty(self) -> bool:
        """True when there are no practitioners and no cases."""
        found = self.counts()
        return found["practitioners"] == 0 and found["cases"] == 0

    # -- removal (the demo's --reset; a family's erasure request) ------------------------

    def delete_case(self, code: str) -> None:
        """Remove a case and everything recorded for it, in one transaction; CaseNotFound if none."""
        with self._tx() as conn:
            code = q.need_case(conn, code)
            forget_case_in_groups(conn, code)
            film_ids = sa.select(t.films.c.id).where(t.films.c.case_code == code)
            hq_ids = sa.select(t.helping_questions.c.id).where(
                t.helping_questions.c.case_code == code
            )
            conn.execute(t.clips.delete().where(t.clips.c.film_id.in_(film_ids)))
            conn.execute(t.films.delete().where(t.films.c.case_code == code))
            conn.execute(t.cycles.delete().where(t.cycles.c.case_code == code))
            conn.execute(t.ratings.delete().where(t.ratings.c.helping_question_id.in_(hq_ids)))
            conn.execute(
                t.helping_questions.delete().where(t.helping_questions.c.case_code == code)
            )
            conn.execute(t.consents.delete().where(t.consents.c.case_code == code))
            conn.execute(t.reflections.delete().where(t.reflections.c.case_code == code))
            conn.execute(t.measure_scores.delete().where(t.measure_scores.c.case_code == code))
            conn.execute(t.cases.delete().where(t.cases.c.code == code))

    def delete_practitioner(self, ident: str) -> None:
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
