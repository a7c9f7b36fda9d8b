"""Cases' records read from the store, as the pure rules of :mod:`vigkit.core.summaries`
take them: one case through the store's own methods, or many at once in one read."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from vigkit.core.records import REVIEW_FILM_CONTEXT, Case, Clip, Film
from vigkit.core.summaries import CaseSnapshot
from vigkit.store import rows as q
from vigkit.store import tables as t

if TYPE_CHECKING:
    from vigkit.store.api import Store

__all__ = ["snapshot_from_store", "snapshots_from_store"]


def snapshot_from_store(store: Store, code: str) -> CaseSnapshot:
    """Read one case's records through the store's own methods (nothing else)."""
    case = store.cases.get(code)
    return CaseSnapshot(
        case=case,
        consent=store.cases.get_consent(case.code),
        consent_history=store.cases.consent_history(case.code),
        helping_questions=store.cases.list_helping_questions(case.code),
        # Films of the shared review itself are for supervision: not the family's cycle.
        films=[f for f in store.films.list(case.code) if f.context != REVIEW_FILM_CONTEXT],
        clips=store.films.list_clips(case_code=case.code),
        reflections=store.reflections.list(case_code=case.code),
    )


def snapshots_from_store(store: Store, codes: Sequence[str]) -> dict[str, CaseSnapshot]:
    """The snapshots of ``codes`` (those that exist), read in one transaction with one
    query per kind of record, whatever the number of cases: the caseload asked each case
    ten times over. Each is what :func:`snapshot_from_store` gives for that case."""
    wanted = sorted({q.norm_code(c) for c in codes})
    if not wanted:
        return {}
    c, f, cl, r = t.consents, t.films, t.clips, t.reflections
    with store._read() as conn:
        cases = {
            row.code: Case.model_validate(row._asdict())
            for row in conn.execute(t.cases.select().where(t.cases.c.code.in_(wanted)))
        }
        history = defaultdict(list)
        for row in conn.execute(c.select().where(c.c.case_code.in_(wanted)).order_by(c.c.id)):
            history[row.case_code].append(row)
        questions = defaultdict(list)
        for hq in q.helping_questions(conn, t.helping_questions.c.case_code.in_(wanted)):
            questions[hq.case_code].append(hq)
        films = defaultdict(list)
        film_case: dict[int, str] = {}
        query = f.select().where(f.c.case_code.in_(wanted))
        for row in conn.execute(query.order_by(f.c.case_code, f.c.cycle_number, f.c.id)):
            films[row.case_code].append(Film.model_validate(row._asdict()))
            film_case[row.id] = row.case_code
        clips = defaultdict(list)
        if film_case:
            query = cl.select().where(cl.c.film_id.in_(film_case))
            for row in conn.execute(query.order_by(cl.c.film_id, cl.c.start_s, cl.c.id)):
                clips[film_case[row.film_id]].append(Clip.model_validate(row._asdict()))
        reflections = defaultdict(list)
        query = r.select().where(r.c.case_code.in_(wanted))
        for row in conn.execute(query.order_by(r.c.created_at.desc(), r.c.id.desc())):
            reflections[row.case_code].append(q.reflection_record(row))
    snaps = {}
    for code, case in cases.items():
        current = [row for row in history[code] if row.superseded_at is None]
        snaps[code] = CaseSnapshot(
            case=case,
            consent=q.consent_record(current[-1]) if current else None,
            consent_history=[q.consent_record(row) for row in history[code]],
            helping_questions=questions[code],
            films=[film for film in films[code] if film.context != REVIEW_FILM_CONTEXT],
            clips=clips[code],
            reflections=reflections[code],
        )
    return snaps
