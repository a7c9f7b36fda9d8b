"""Template versions in the store: a copy of each question set as it was first saved with.

A reflection keeps its template's id and version; this copy (keyed by both) lets the
record open under the prompts it was answered under after a trainer changes the file.
The store keeps plain JSON: it knows nothing of the question-set model (vigkit.templates
turns the body back into a QuestionSet). :class:`Templates` is
``store.templates``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from vigkit.core.records import now
from vigkit.store import tables as t
from vigkit.store.part import Part

__all__ = ["Templates", "remember_template"]


def _sha(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode("utf-8")).hexdigest()


def remember_template(
    conn: Connection, template_id: str, version: str, body: dict[str, Any]
) -> bool:
    """Keep ``body`` as template ``template_id`` at ``version`` unless one is kept already.

    The first copy of a version wins: a file changed without raising its version does not
    replace what earlier records were answered under. True when a copy was added.
    """
    tv = t.template_versions
    found = conn.execute(
        sa.select(tv.c.sha256).where(tv.c.template_id == template_id, tv.c.version == version)
    ).first()
    if found is not None:
        return False
    conn.execute(
        tv.insert().values(
            template_id=template_id,
            version=version,
            sha256=_sha(body),
            body=body,
            saved_at=now(),
        )
    )
    return True


class Templates(Part):
    """``store.templates``: the kept copies of template versions."""

    def remember(self, template_id: str, version: str, body: dict[str, Any]) -> bool:
        """Keep a copy of this version of a template (the first copy wins); True if added."""
        with self._tx() as conn:
            return remember_template(conn, template_id, version, body)

    def body(self, template_id: str, version: str) -> dict[str, Any] | None:
        """The kept copy of a template version, or None when none was kept."""
        tv = t.template_versions
        with self._read() as conn:
            row = conn.execute(
                sa.select(tv.c.body).where(tv.c.template_id == template_id, tv.c.version == version)
            ).first()
        return None if row is None else dict(row.body)

    def versions(self, template_id: str) -> list[str]:
        """The versions of a template kept in the store, oldest first."""
        tv = t.template_versions
        with self._read() as conn:
            rows = conn.execute(
                sa.select(tv.c.version)
                .where(tv.c.template_id == template_id)
                .order_by(tv.c.saved_at)
            ).scalars()
            return list(rows)
