"""A NUL in what was typed, on both databases (PostgreSQL cannot keep one in a text).

On the live board it is left out and the post is kept; elsewhere the store refuses in plain
words (psycopg's DataError used to escape, so a page's save silently did nothing).
"""

from __future__ import annotations

import pytest

from vigkit.core.errors import CaseNotFound, StoreError
from vigkit.core.records import Case, Practitioner
from vigkit.core.supervisionrecords import SupervisionGroup
from vigkit.i18n.interface import Interface
from vigkit.store import Store

pytestmark = pytest.mark.both_databases


def test_a_post_with_a_nul_is_kept_without_it(store: Store) -> None:
    for ident in ("sue", "ann"):
        store.people.add(Practitioner(id=ident, display_name=ident.title()))
    group = store.sessions.add_supervision_group(
        SupervisionGroup(name="Tue", member_ids=("sue", "ann"))
    )
    assert group.id is not None
    session = store.sessions.open(group.id, "sue")
    assert session.id is not None
    store.sessions.join(session.code, "ann")
    posted = store.sessions.add_post(session.id, "ann", "Her\x00 smile")
    assert posted.text == "Her smile"
    assert [p.text for p in store.sessions.posts(session.id)][-1] == "Her smile"


def test_a_text_the_database_cannot_keep_is_refused_in_plain_words(
    store: Store, engine: str
) -> None:
    store.people.add(Practitioner(id="ann", display_name="Ann"))
    case = Case(code="F017", practitioner_id="ann", setting="home\x00visit")
    if engine == "sqlite":  # SQLite keeps it (and the documents leave it out)
        store.cases.add(case)
        assert store.cases.get("F017").setting == "home\x00visit"
        return
    with pytest.raises(StoreError) as refused:
        store.cases.add(case)
    words = Interface().error(refused.value)
    assert "invisible character" in words and "nothing was saved" in words
    assert "0x00" not in words and "psycopg" not in words
    with pytest.raises(CaseNotFound):  # nothing half-saved
        store.cases.get("F017")
