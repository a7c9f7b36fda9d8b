"""Queries the Store shares, run on an open connection, and rows turned back into records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from vigkit.core.errors import (
    CaseNotFound,
    PractitionerNotFound,
    RecordNotFound,
    StoreError,
    VigkitError,
)
from vigkit.core.records import Case, Clip, Consent, HelpingQuestion, Rating, Reflection
from vigkit.i18n.interface import clip_time
from vigkit.store import tables as t

__all__ = [
    "utc",
    "norm_code",
    "new_id",
    "need_case",
    "need_practitioner",
    "upsert",
    "case_values",
    "consent_record",
    "current_consent",
    "helping_questions",
    "check_clip",
    "check_clip_questions",
    "reflection_record",
]


def utc(value: datetime) -> datetime:
    """The same instant in UTC; a naive value (as SQLite returns) is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def norm_code(code: str) -> str:
    """A case code as stored: stripped and upper-case."""
    return code.strip().upper()


def new_id(result: sa.CursorResult[Any]) -> int:
    """The primary key the database gave the row ``result`` inserted."""
    key = result.inserted_primary_key
    if key is None:
        raise StoreError(key="error.store.no_id")
    return int(key[0])


def need_case(conn: Connection, code: str, *, lock: bool = False) -> str:
    """The stored code of case ``code`` (any letter case); CaseNotFound if there is none.

    With ``lock``, the case's row stays locked until the transaction ends (PostgreSQL's
    ``FOR NO KEY UPDATE``, which rows referring to the case do not wait on; a SQLite write
    transaction holds the whole database already), so a limit checked on the case's rows
    holds against writers in other processes.
    """
    stored = norm_code(code)
    query = sa.select(t.cases.c.code).where(t.cases.c.code == stored)
    if conn.execute(query.with_for_update(key_share=True) if lock else query).first() is None:
        raise CaseNotFound(stored)
    return stored


def need_practitioner(conn: Connection, ident: str) -> None:
    """PractitionerNotFound unless practitioner ``ident`` exists."""
    query = sa.select(t.practitioners.c.id).where(t.practitioners.c.id == ident)
    if conn.execute(query).first() is None:
        raise PractitionerNotFound(ident)


def _insert(conn: Connection, table: sa.Table) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite 3.24+ and PostgreSQL alike)."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def upsert(conn: Connection, table: sa.Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row with ``key``, or update it if it is there: one statement (ON CONFLICT),
    so two first saves at once both succeed, the later one's values kept."""
    statement = _insert(conn, table).values(**key, **values)
    conn.execute(statement.on_conflict_do_update(index_elements=list(key), set_=values))


def insert_once(conn: Connection, table: sa.Table, values: dict[str, Any], key: list[str]) -> bool:
    """Insert the row unless one with the same ``key`` columns is there; True if inserted."""
    statement = _insert(conn, table).values(**values).on_conflict_do_nothing(index_elements=key)
    return conn.execute(statement.returning(table.c[key[0]])).first() is not None


def case_values(case: Case) -> dict[str, Any]:
    """The column values for ``case``."""
    return case.model_dump() | {"status": str(case.status)}


def consent_record(row: sa.Row[Any]) -> Consent:
    """A Consent from a consents row."""
    data = row._asdict()
    for extra in ("id", "recorded_at", "superseded_at"):
        data.pop(extra)
    return Consent.model_validate(data)


def current_consent(conn: Connection, code: str) -> Consent | None:
    """The case's current consent, or None."""
    c = t.consents
    row = conn.execute(
        c.select()
        .where(c.c.case_code == code, c.c.superseded_at.is_(None))
        .order_by(c.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else consent_record(row)


def helping_questions(conn: Connection, where: sa.ColumnElement[bool]) -> list[HelpingQuestion]:
    """The helping questions matching ``where``, by position, with their ratings by date."""
    h, r = t.helping_questions, t.ratings
    rows = conn.execute(h.select().where(where).order_by(h.c.position, h.c.id)).all()
    found: dict[int, list[Rating]] = {row.id: [] for row in rows}
    if found:
        query = r.select().where(r.c.helping_question_id.in_(found)).order_by(r.c.rated_on, r.c.id)
        for rating in conn.execute(query):
            found[rating.helping_question_id].append(
                Rating(value=rating.value, rated_on=rating.rated_on, occasion=rating.occasion)
            )
    return [
        HelpingQuestion.model_validate(row._asdict() | {"ratings": found[row.id]}) for row in rows
    ]


def check_clip(conn: Connection, clip: Clip) -> None:
    """RecordNotFound if the clip's film is missing; VigkitError if the clip ends after it."""
    duration = conn.execute(
        sa.select(t.films.c.duration_s).where(t.films.c.id == clip.film_id)
    ).scalar()
    if duration is None:
        raise RecordNotFound("film", clip.film_id)
    if clip.end_s > duration:
        raise VigkitError(
            key="error.clip.past_film_end", end=clip_time(clip.end_s), length=clip_time(duration)
        )


def check_clip_questions(conn: Connection, clip: Clip) -> None:
    """VigkitError unless every helping question the clip names belongs to the film's case."""
    if not clip.helping_question_ids:
        return
    f, h = t.films, t.helping_questions
    code = conn.execute(sa.select(f.c.case_code).where(f.c.id == clip.film_id)).scalar_one()
    query = sa.select(h.c.id).where(h.c.case_code == code, h.c.id.in_(clip.helping_question_ids))
    known = set(conn.execute(query).scalars())
    missing = [i for i in clip.helping_question_ids if i not in known]
    if missing:
        raise VigkitError(key="error.clip.not_their_question", ident=missing[0], code=code)


def reflection_record(row: sa.Row[Any]) -> Reflection:
    """A Reflection from a reflections row, with its times in UTC."""
    data = row._asdict()
    data["created_at"] = utc(data["created_at"])
    data["updated_at"] = utc(data["updated_at"])
    return Reflection.model_validate(data)
