"""``store.cases``: a family's case, its consent (the current one and its history), its
helping questions with their ratings, and its cycles. Deleting a case removes everything
recorded for it in one transaction (a family's erasure is :mod:`vigkit.store.erasure`)."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from vigkit.core.errors import CaseNotFound, DuplicateRecord, RecordNotFound, VigkitError
from vigkit.core.records import Case, Consent, Cycle, HelpingQuestion, Rating, now
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.filmpeople import forget_case_in_films
from vigkit.store.groups import forget_case_in_groups
from vigkit.store.part import Part
from vigkit.store.session_rows import off_the_board

__all__ = ["Cases", "MAX_HELPING_QUESTIONS"]

MAX_HELPING_QUESTIONS = 3


class Cases(Part):
    """``store.cases``: cases, their consent and its history, helping questions and ratings, cycles."""

    def add(self, case: Case) -> Case:
        """Save a new case; DuplicateRecord if its code is taken."""
        with self._tx() as conn:
            q.need_practitioner(conn, case.practitioner_id)
            query = sa.select(t.cases.c.code).where(t.cases.c.code == case.code)
            if conn.execute(query).first() is not None:
                raise DuplicateRecord(key="error.case.taken", code=case.code)
            conn.execute(t.cases.insert().values(**q.case_values(case)))
        return case.model_copy(deep=True)

    def update(self, case: Case) -> Case:
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

    def get(self, code: str) -> Case:
        """The case with ``code`` (any letter case); CaseNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.cases.select().where(t.cases.c.code == q.norm_code(code))).first()
        if row is None:
            raise CaseNotFound(q.norm_code(code))
        return Case.model_validate(row._asdict())

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

    def current_consents(self, codes: Collection[str] | None = None) -> dict[str, Consent]:
        """Each case's current consent by its code (of ``codes`` only, when given), in one
        query: a page listing many cases asks once, not once a case. A case without one is
        not in it."""
        c = t.consents
        query = c.select().where(c.c.superseded_at.is_(None)).order_by(c.c.id)
        if codes is not None:
            query = query.where(c.c.case_code.in_(sorted({q.norm_code(x) for x in codes})))
        with self._read() as conn:
            rows = conn.execute(query).all()
        # Ordered by id, so a later current row (as get_consent picks) wins.
        return {row.case_code: q.consent_record(row) for row in rows}

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

    def delete(self, code: str) -> None:
        """Remove a case and everything recorded for it, in one transaction; CaseNotFound if none."""
        with self._tx() as conn:
            code = q.need_case(conn, code)
            forget_case_in_groups(conn, code)
            forget_case_in_films(conn, code)
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

    def list(self, practitioner_id: str | None = None) -> list[Case]:
        """Every case (or one practitioner's), ordered by code."""
        query = t.cases.select().order_by(t.cases.c.code)
        if practitioner_id is not None:
            query = query.where(t.cases.c.practitioner_id == practitioner_id)
        with self._read() as conn:
            rows = conn.execute(query).all()
        return [Case.model_validate(r._asdict()) for r in rows]
