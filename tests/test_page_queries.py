"""Pages listing many cases ask the store once for what they need of every case, not once a
case: the home page's footage due for deletion reads every case's consent in one query."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from vigkit.core.records import Case, Consent, Film
from vigkit.demo.caseload import DEMO_PRACTITIONER, fill_demo
from vigkit.store import Store
from vigkit.ui.parts.retention import RetentionPanel
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagelanguage import page_interface

SHA = "0" * 64


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO())
    monkeypatch.setenv("VIGKIT_HOME", str(data))
    monkeypatch.delenv("VIGKIT_USER", raising=False)
    pagedata.page_store.cache_clear()
    yield pagedata.page_store()
    pagedata.page_store().close()
    pagedata.page_store.cache_clear()


def _add_cases(store: Store, first: int, count: int) -> None:
    """``count`` cases of the demo practitioner, each with a consent and a film."""
    for n in range(first, first + count):
        code = f"B{n:03d}"
        opened = date(2026, 1, 5)
        store.cases.add(Case(code=code, practitioner_id=DEMO_PRACTITIONER, opened_on=opened))
        store.cases.set_consent(Consent(case_code=code, given_on=opened, filming=True))
        store.films.add(
            Film(
                case_code=code,
                cycle_number=1,
                path=f"/elsewhere/{code}.mp4",
                sha256=SHA,
                duration_s=60,
                filmed_on=opened,
            )
        )


def _consent_reads(store: Store) -> int:
    """How many SELECTs on the consents table building the retention panel makes."""
    engine = store._engine
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM consents" in statement:
            seen.append(statement)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        person = pagedata.current_practitioner(store)
        assert person is not None
        RetentionPanel(store, person, page_interface(store, person), pagedata.service_settings())
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_retention_panel_reads_consents_once_whatever_the_caseload(home: Store) -> None:
    _add_cases(home, 0, 3)
    assert _consent_reads(home) == 1
    _add_cases(home, 3, 30)
    assert _consent_reads(home) == 1


def test_current_consents_are_each_case_s_current_consent(home: Store) -> None:
    _add_cases(home, 0, 2)
    later = Consent(case_code="B001", given_on=date(2026, 2, 1), filming=False)
    home.cases.set_consent(later)
    codes = [c.code for c in home.cases.list()]
    got = home.cases.current_consents(codes)
    assert got == {c: home.cases.get_consent(c) for c in codes if home.cases.get_consent(c)}
    assert got["B001"].filming is False
    assert home.cases.current_consents(["b000"]) == {"B000": home.cases.get_consent("B000")}
