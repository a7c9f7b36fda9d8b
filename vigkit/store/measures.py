"""Outcome measures in the store: a score added, a case's scores read, the risk procedure's
showing recorded."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from vigkit.core.errors import RecordNotFound
from vigkit.core.measurescores import MeasureScore
from vigkit.store import once
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Measures"]


def _record(row: sa.Row) -> MeasureScore:  # type: ignore[type-arg]
    data = row._asdict()
    data["entered_at"] = q.utc(data["entered_at"])
    if data["risk_shown_at"] is not None:
        data["risk_shown_at"] = q.utc(data["risk_shown_at"])
    return MeasureScore.model_validate(data)


class Measures(Part):
    """``store.measures``: outcome measures' scores."""

    def add_score(self, score: MeasureScore, *, submission: str | None = None) -> MeasureScore:
        """Keep a measure taken with a family; CaseNotFound if there is no such case.

        ``submission`` is the save's identity: sent again, it returns the score the first
        try kept and stores nothing."""
        with self._tx() as conn:
            earlier = once.made_before(conn, submission, "measure")
            if earlier is not None:
                m = t.measure_scores
                return _record(conn.execute(m.select().where(m.c.id == earlier)).one())
            code = q.need_case(conn, score.case_code)
            values = score.model_dump(exclude={"id"}) | {"case_code": code}
            values["entered_at"] = q.utc(score.entered_at)
            if score.risk_shown_at is not None:
                values["risk_shown_at"] = q.utc(score.risk_shown_at)
            ident = q.new_id(conn.execute(t.measure_scores.insert().values(**values)))
            once.remember(conn, submission, "measure", ident)
        return score.model_copy(update={"id": ident, "case_code": code})

    def list_scores(self, case_code: str | None = None) -> list[MeasureScore]:
        """A case's measures (or every case's), by day taken then id."""
        m = t.measure_scores
        query = sa.select(m).order_by(m.c.taken_on, m.c.id)
        if case_code is not None:
            query = query.where(m.c.case_code == q.norm_code(case_code))
        with self._read() as conn:
            return [_record(row) for row in conn.execute(query)]

    def mark_risk_shown(self, ident: int, at: datetime) -> MeasureScore:
        """Record when the risk procedure was shown for score ``ident``."""
        m = t.measure_scores
        with self._tx() as conn:
            done = conn.execute(m.update().where(m.c.id == ident).values(risk_shown_at=q.utc(at)))
            if not done.rowcount:
                raise RecordNotFound("measure score", ident)
            return _record(conn.execute(m.select().where(m.c.id == ident)).one())
