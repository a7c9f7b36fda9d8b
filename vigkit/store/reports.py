"""``store.reports``: the records reports read, as narrow pandas frames, read in one
transaction (the commissioners' report: :mod:`vigkit.reports.servicereport`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from vigkit.store import tables as t
from vigkit.store.part import Part

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Reports"]


class Reports(Part):
    """``store.reports``: frames for the reports, never records."""

    def service_frames(self, review_template: str = "shared_review") -> dict[str, pd.DataFrame]:
        """The service report's frames, by name, narrow columns only, in one read transaction:
        ``cases``, ``consents`` (each case's first), ``cycles``, ``films``, ``clips``,
        ``ratings``, ``reviews`` (reflections whose template starts ``review_template``, with
        their answers and created_at), ``measures``, ``supervisions``, ``group_sessions`` and
        ``attendance``; each frame's columns are named as its query selects them."""
        import pandas as pd

        c, k, cy, f, cl = t.cases, t.consents, t.cycles, t.films, t.clips
        hq, r, rf, m = t.helping_questions, t.ratings, t.reflections, t.measure_scores
        s, gs, ga = t.supervisions, t.group_sessions, t.group_attendance
        review = rf.c.template_id.like(f"{review_template}%")
        queries: dict[str, sa.Select[Any]] = {
            "cases": sa.select(
                c.c.code, c.c.practitioner_id, c.c.setting, c.c.opened_on, c.c.closed_on,
                c.c.eligible,
            ),
            "consents": sa.select(k.c.case_code, sa.func.min(k.c.given_on).label("given_on"))
            .group_by(k.c.case_code),
            "cycles": sa.select(cy.c.case_code, cy.c.number, cy.c.started_on),
            "films": sa.select(
                f.c.id, f.c.case_code, f.c.cycle_number, f.c.duration_s, f.c.filmed_on
            ),
            "clips": sa.select(cl.c.film_id, cl.c.start_s, cl.c.end_s),
            "ratings": sa.select(
                hq.c.case_code, r.c.helping_question_id, r.c.rated_on, r.c.value
            ).join(hq, hq.c.id == r.c.helping_question_id),
            "reviews": sa.select(
                rf.c.case_code, rf.c.cycle_number, rf.c.created_at, rf.c.answers
            ).where(review, rf.c.case_code.is_not(None), rf.c.cycle_number.is_not(None)),
            "measures": sa.select(
                m.c.case_code, m.c.measure_id, m.c.taken_on, m.c.occasion, m.c.total
            ),
            "supervisions": sa.select(s.c.held_on, s.c.duration_minutes),
            "group_sessions": sa.select(gs.c.id, gs.c.held_on),
            "attendance": sa.select(ga.c.session_id, ga.c.case_code),
        }  # fmt: skip
        frames: dict[str, pd.DataFrame] = {}
        with self._read() as conn:
            for name, query in queries.items():
                columns = [column.name for column in query.selected_columns]
                # Plain tuples: pandas asks each SQLAlchemy row for attributes it lacks,
                # and each miss raised and caught an exception (half the report's time).
                rows = [tuple(row) for row in conn.execute(query).all()]
                frames[name] = pd.DataFrame.from_records(rows, columns=columns)
        return frames
