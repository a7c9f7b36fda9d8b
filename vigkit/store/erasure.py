"""A family's erasure in the store, and footage deleted when its retention ends.

:meth:`Erasure.erase_case` (``store.erasure``) removes, in one transaction, every row about a family:
the case, its consent history, helping questions and ratings, cycles, films and clips,
reflections on the case and their drafts, its place in groups, the live-session posts made
while one of its clips was on the board and calibrations on its films, and its clips from
supervision records (and their amendments and drafts). The case's earlier audit lines are
folded into the one line the erasure leaves ("case F017 erased by …, reason …"): the audit
trail's triggers let those lines go only inside this transaction (migration 0007).
Afterwards the database file is compacted (SQLite: VACUUM and a truncated write-ahead log;
PostgreSQL: VACUUM FULL of the tables touched), so deleted rows do not linger in free pages.

The files vigkit made (stills, review clips, exports, plot cache) are the media edge's:
:mod:`vigkit.media.casefiles`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from vigkit.core.audit import AuditEvent
from vigkit.core.records import Film
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.filmpeople import forget_case_in_films
from vigkit.store.groups import forget_case_in_groups
from vigkit.store.part import Part
from vigkit.store.session_rows import clear_board, posts_about

__all__ = ["Erasure", "Erased", "ERASURE_REASONS", "CLIP_ANSWERS"]

# Why a case is erased: a fixed list, so the audit line never holds anyone's words.
ERASURE_REASONS = (
    "family's request",
    "consent withdrawn",
    "retention ended",
    "recorded in error",
)

# The answers that hold clip ids (a clip_picker's): a supervision record's clips brought.
CLIP_ANSWERS = ("clips_brought",)


@dataclass(frozen=True)
class Erased:
    """What an erasure removed: counts by table, and the films whose files were named."""

    code: str
    rows: dict[str, int]
    films: tuple[Film, ...]


def _strip_clips(answers: Any, clip_ids: set[int]) -> Any:
    """``answers`` without ``clip_ids`` in its clip answers (also a change's before/after)."""
    if not isinstance(answers, dict):
        return answers
    out = dict(answers)
    for key in CLIP_ANSWERS:
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [v for v in value if v not in clip_ids]
        elif isinstance(value, dict):
            out[key] = {k: _strip_clips({key: v}, clip_ids)[key] for k, v in value.items()}
    return out


def _count(result: sa.CursorResult[Any], table: str, rows: dict[str, int]) -> None:
    if result.rowcount and result.rowcount > 0:
        rows[table] = rows.get(table, 0) + result.rowcount


def _has_fold_function(conn: Connection) -> bool:
    """True on a PostgreSQL store whose owner made the audit fold for its app role."""
    if conn.dialect.name != "postgresql":
        return False
    found = conn.execute(sa.text("SELECT to_regprocedure('vigkit_fold_audit(varchar)')"))
    return found.scalar() is not None


class Erasure(Part):
    """``store.erasure``: a family's erasure, in one transaction."""

    # -- erasure -------------------------------------------------------------------------

    def erase_case(self, code: str, *, by: str, reason: str) -> Erased:
        """Remove every row about case ``code`` and leave one audit line; CaseNotFound if none.

        ``reason`` is one of :data:`ERASURE_REASONS`. Returns what went, with the films
        (their paths, for the files' side).
        """
        if reason not in ERASURE_REASONS:
            raise ValueError(f"reason must be one of {ERASURE_REASONS}")
        rows: dict[str, int] = {}
        with self._tx() as conn:
            code = q.need_case(conn, code)
            films = [
                Film.model_validate(r._asdict())
                for r in conn.execute(t.films.select().where(t.films.c.case_code == code))
            ]
            film_ids = {f.id for f in films if f.id is not None}
            clip_ids = set(
                conn.execute(
                    sa.select(t.clips.c.id).where(t.clips.c.film_id.in_(film_ids))
                ).scalars()
            )
            reflection_ids = list(
                conn.execute(
                    sa.select(t.reflections.c.id).where(t.reflections.c.case_code == code)
                ).scalars()
            )
            self._forget_in_sessions(conn, film_ids, rows)
            self._forget_in_supervision(conn, clip_ids, rows)
            self._forget_drafts(conn, code, reflection_ids, clip_ids, rows)
            forget_case_in_groups(conn, code)
            for table, count in forget_case_in_films(conn, code).items():
                rows[table] = rows.get(table, 0) + count
            self._delete_rows(conn, code, film_ids, rows)
            self._fold_audit(conn, code, by, reason, rows)
        self._store.compact(touched=[*rows, "audit_events"])
        return Erased(code, rows, tuple(films))

    def _forget_in_sessions(
        self, conn: Connection, film_ids: set[int], rows: dict[str, int]
    ) -> None:
        """Calibrations on the films, and the posts made while one of them was presented."""
        if not film_ids:
            return
        s, p = t.live_sessions, t.live_session_posts
        c, tags = t.live_calibrations, t.live_calibration_tags
        calibrations = sa.select(c.c.id).where(c.c.film_id.in_(film_ids))
        _count(
            conn.execute(tags.delete().where(tags.c.calibration_id.in_(calibrations))),
            "live_calibration_tags",
            rows,
        )
        _count(conn.execute(c.delete().where(c.c.film_id.in_(film_ids))), "live_calibrations", rows)
        presented_now = set(
            conn.execute(sa.select(s.c.id).where(s.c.film_id.in_(film_ids))).scalars()
        )
        doomed = [post.id for post in posts_about(conn, film_ids)]
        for start in range(0, len(doomed), 500):
            chunk = doomed[start : start + 500]
            _count(conn.execute(p.delete().where(p.c.id.in_(chunk))), "live_session_posts", rows)
        clear_board(conn, sorted(presented_now))

    def _forget_in_supervision(
        self, conn: Connection, clip_ids: set[int], rows: dict[str, int]
    ) -> None:
        """The clips from supervision records' clips brought, and from their amendments."""
        if not clip_ids:
            return
        for table, column in ((t.supervisions, "answers"), (t.supervision_amendments, "changes")):
            for row in conn.execute(sa.select(table.c.id, table.c[column])).all():
                value = row[1]
                stripped = _strip_clips(value, clip_ids)
                if stripped != value:
                    conn.execute(
                        table.update().where(table.c.id == row.id).values({column: stripped})
                    )
                    rows[table.name] = rows.get(table.name, 0) + 1

    def _forget_drafts(
        self,
        conn: Connection,
        code: str,
        reflection_ids: Iterable[int],
        clip_ids: set[int],
        rows: dict[str, int],
    ) -> None:
        """Drafts of the case's reflections (new or saved); clips out of other drafts."""
        d = t.drafts
        keys = [f"reflection:{i}" for i in reflection_ids]
        gone = d.c.key.in_(keys) | d.c.key.like(f"reflection:new:%:{code}:%")
        _count(conn.execute(d.delete().where(gone)), "drafts", rows)
        if clip_ids:
            for row in conn.execute(sa.select(d.c.key, d.c.answers)).all():
                stripped = _strip_clips(row.answers, clip_ids)
                if stripped != row.answers:
                    conn.execute(d.update().where(d.c.key == row.key).values(answers=stripped))

    def _delete_rows(
        self, conn: Connection, code: str, film_ids: set[int], rows: dict[str, int]
    ) -> None:
        hq_ids = sa.select(t.helping_questions.c.id).where(t.helping_questions.c.case_code == code)
        steps = (
            (t.clips, t.clips.c.film_id.in_(film_ids)),
            (t.films, t.films.c.case_code == code),
            (t.cycles, t.cycles.c.case_code == code),
            (t.ratings, t.ratings.c.helping_question_id.in_(hq_ids)),
            (t.helping_questions, t.helping_questions.c.case_code == code),
            (t.consents, t.consents.c.case_code == code),
            (t.reflections, t.reflections.c.case_code == code),
            (t.measure_scores, t.measure_scores.c.case_code == code),
            (t.cases, t.cases.c.code == code),
        )
        for table, where in steps:
            _count(conn.execute(table.delete().where(where)), table.name, rows)

    def _fold_audit(
        self, conn: Connection, code: str, by: str, reason: str, rows: dict[str, int]
    ) -> None:
        """The case's earlier audit lines go; one line says it was erased, by whom and why."""
        a, permit = t.audit_events, t.audit_erasures
        if _has_fold_function(conn):
            # A team's app role may not delete audit lines: the owner's function folds them
            # (vigkit/store/roles.py), only for a case that no longer exists.
            gone = conn.execute(sa.select(sa.func.vigkit_fold_audit(code))).scalar() or 0
            if gone:
                rows["audit_events"] = rows.get("audit_events", 0) + gone
        else:
            conn.execute(permit.insert().values(ident=code))
            # An earlier erasure's own line stays (a code used again, and erased again).
            earlier = (a.c.ident == code) & ~((a.c.action == "erase") & (a.c.door == "erasure"))
            _count(conn.execute(a.delete().where(earlier)), "audit_events", rows)
            conn.execute(permit.delete().where(permit.c.ident == code))
        event = AuditEvent(by[:64], "erase", "case", code, True, reason, "erasure")
        conn.execute(
            a.insert().values(
                at=q.utc(event.at),
                login=event.login,
                action=event.action,
                kind=event.kind,
                ident=event.ident,
                allowed=True,
                reason=event.reason,
                door=event.door,
            )
        )
