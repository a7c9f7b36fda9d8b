"""``store.reflections``: reflections (with a copy of their template version kept in the
same transaction) and the drafts of forms not yet saved."""

from __future__ import annotations

from typing import Any

from vigkit.core.errors import RecordNotFound
from vigkit.core.records import Draft, Reflection, now
from vigkit.store import once
from vigkit.store import rows as q
from vigkit.store import tables as t
from vigkit.store.part import Part
from vigkit.store.templateversions import remember_template

__all__ = ["Reflections"]


class Reflections(Part):
    """``store.reflections``: reflections and the drafts of unsaved forms."""

    def save(
        self,
        r: Reflection,
        *,
        template_body: dict[str, Any] | None = None,
        draft_key: str | None = None,
        submission: str | None = None,
    ) -> Reflection:
        """Add ``r`` (id None) or update its answers and updated_at, keeping its template.

        In the same transaction: ``template_body`` (the question set as JSON) is kept as the
        copy of ``r``'s template version if none is kept yet, and the draft under
        ``draft_key`` is removed. ``submission`` is the save's identity: sent again with a
        new record, it returns the reflection the first try saved and stores nothing.
        """
        rt = t.reflections
        with self._tx() as conn:
            if draft_key is not None:  # gone with the save, kept if the save is refused
                conn.execute(t.drafts.delete().where(t.drafts.c.key == draft_key))
            earlier = once.made_before(conn, submission, "reflection")
            if r.id is None and earlier is not None:
                row = conn.execute(rt.select().where(rt.c.id == earlier)).first()
                if row is not None:
                    return q.reflection_record(row)
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
                once.remember(conn, submission, "reflection", ident)
            else:
                ident = r.id
                done = conn.execute(
                    rt.update().where(rt.c.id == ident).values(answers=r.answers, updated_at=now())
                )
                if done.rowcount == 0:
                    raise RecordNotFound("reflection", ident)
            row = conn.execute(rt.select().where(rt.c.id == ident)).one()
        return q.reflection_record(row)

    def get(self, ident: int) -> Reflection:
        """The reflection with id ``ident``; RecordNotFound if none."""
        with self._read() as conn:
            row = conn.execute(t.reflections.select().where(t.reflections.c.id == ident)).first()
        if row is None:
            raise RecordNotFound("reflection", ident)
        return q.reflection_record(row)

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

    def list(self, author_id: str | None = None, case_code: str | None = None) -> list[Reflection]:
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
