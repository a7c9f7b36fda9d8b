"""The audit trail on SQLite and PostgreSQL: appended, read by case, login and day, and never
changed or removed — the store has no way to, and the database refuses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from vigkit.core.access import CaseRef, Decision
from vigkit.core.audit import AuditEvent, audit_line, event_for
from vigkit.store import Store, engine

pytestmark = pytest.mark.both_databases


def _events(store: Store) -> list[AuditEvent]:
    early = datetime.now(UTC) - timedelta(days=400)  # before the others, whatever today is
    written = [
        store.audit.record(
            event_for(
                "pat", "view", CaseRef("F017", "sam"), Decision(False, "not your case"), "case page"
            )
        ),
        store.audit.record(
            AuditEvent(
                "sam",
                "play",
                "footage",
                "F017",
                True,
                "own footage",
                "/vigkit/media/film/1",
                at=early,
            )
        ),
        store.audit.record(
            event_for(
                "sam", "view", CaseRef("F051", "sam"), Decision(True, "own case"), "case page"
            )
        ),
    ]
    return written


def test_the_trail_is_kept_and_read_by_case_login_and_day(store: Store) -> None:
    refused, played, _ = _events(store)
    assert refused.id is not None and not refused.allowed
    about = store.audit.trail(ident="F017")
    assert [(e.login, e.action, e.allowed) for e in about] == [
        ("sam", "play", True),
        ("pat", "view", False),
    ]
    assert [e.ident for e in store.audit.trail(login="sam")] == ["F017", "F051"]
    since = store.audit.trail(since=played.at + timedelta(days=1))
    assert {e.ident for e in since} == {"F017", "F051"} and len(since) == 2
    line = audit_line(about[1])
    assert "pat" in line and "REFUSED" in line and "case F017" in line and "not your case" in line


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET allowed = true", "DELETE FROM audit_events"]
)
def test_the_database_refuses_to_change_or_remove_a_line(
    store: Store, owner_url: str, statement: str
) -> None:
    """The triggers refuse even the tables' owner (the app role may not even try:
    tests/test_dbroles.py)."""
    _events(store)
    raw = engine.make_engine(owner_url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), raw.begin() as conn:
            conn.execute(sa.text(statement))
    finally:
        raw.dispose()
    assert 3 == len(store.audit.trail())
    assert not [
        name
        for name in dir(store)
        if "audit" in name and name.startswith(("delete", "update", "amend"))
    ]
