"""Governance on the pages, as a practitioner alone meets it: the audit trail page, erasing
a family from its case page with the code typed, and footage due for deletion on the home
page. The trail is kept alone too."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pagetext import visible

from vigkit.core import clock
from vigkit.core.errors import CaseNotFound
from vigkit.demo.caseload import fill_demo
from vigkit.ui.pages import audit as auditpage
from vigkit.ui.pages import case as casepage
from vigkit.ui.pages import home as homepage
from vigkit.ui.parts.retention import RetentionPanel
from vigkit.ui.runtime import pagedata
from vigkit.ui.runtime.pagelanguage import page_interface


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A demo data directory of the test's own (it erases and deletes)."""
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO())
    monkeypatch.setenv("VIGKIT_HOME", str(data))
    monkeypatch.delenv("VIGKIT_USER", raising=False)
    pagedata.page_store.cache_clear()
    yield data
    pagedata.page_store().close()
    pagedata.page_store.cache_clear()


def test_opening_a_case_alone_is_in_the_audit_trail_and_the_page_shows_it(home: Path) -> None:
    casepage.case_page("F017")
    page = auditpage.audit_page()
    text = "\n".join(visible(page))
    assert "demo-guider" in text and "case F017" in text and "case page" in text
    built = page.audit
    built.case.value = "f023"
    assert built.refresh() == []
    assert "Nothing in the audit trail matches." in "\n".join(visible(page))
    built.case.value = ""
    built.person.value = "demo-guider"
    assert all(e.login == "demo-guider" for e in built.refresh())


def test_erasing_from_the_case_page_needs_the_code_typed(home: Path) -> None:
    page = casepage.case_page("F017")
    panel = page.eraser
    assert panel.button.disabled
    panel.confirm.value = "F01"
    assert panel.button.disabled and panel.erase() is None
    assert "Type the case code exactly as shown, F017" in panel.message.value
    assert pagedata.page_store().cases.get("F017")

    panel.reason.value = "consent withdrawn"
    panel.confirm.value = " f017 "
    assert not panel.button.disabled
    done = panel.erase()
    assert done is not None
    with pytest.raises(CaseNotFound):
        pagedata.page_store().cases.get("F017")
    shown = "\n".join(visible(page))
    assert "Case F017 was erased" in shown and "How can I help my baby settle?" not in shown
    [line] = pagedata.page_store().audit.trail(ident="F017")
    assert (line.action, line.reason, line.login) == ("erase", "consent withdrawn", "demo-guider")


def test_the_home_page_lists_due_footage_and_deletes_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = pagedata.page_store()
    case = store.cases.get("F017")
    closed = case.opened_on + timedelta(days=60)
    store.cases.update(case.model_copy(update={"closed_on": closed}))
    # The day after the two months' retention ran out.
    monkeypatch.setattr(clock, "today", lambda: closed + timedelta(days=70))
    page = homepage.home_page()
    text = "\n".join(visible(page))
    assert "Footage due for deletion" in text and "Film 1 of F017 (filmed" in text
    who = pagedata.current_practitioner(store)
    assert who is not None
    retention = RetentionPanel(store, who, page_interface(store, who), pagedata.service_settings())
    done = retention.apply()
    assert [d.gone for d in done] == [True]
    assert "Deleted: film 1 of F017." in retention.message.value
    [film] = store.films.list("F017")
    assert film.footage_deleted_on == closed + timedelta(days=70)
    assert Path(film.path).is_file()  # the demo's film is shared by other families: kept
    assert "Footage due for deletion" not in "\n".join(visible(homepage.home_page()))


def test_an_export_alone_is_in_the_audit_trail_too(home: Path, tmp_path: Path) -> None:
    from vigkit.cli import main

    assert main(["export", "F017", "--to", str(tmp_path / "out"), "--data", str(home)]) == 0
    [line] = [e for e in pagedata.page_store().audit.trail(ident="F017") if e.action == "export"]
    assert (line.login, line.door, line.allowed) == ("demo-guider", "vigkit export", True)


def test_in_a_team_the_service_leads_home_page_offers_the_report_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigkit import paths
    from vigkit.demo.team import fill_demo_team

    data = tmp_path / "team"
    fill_demo_team(data, out=io.StringIO())
    monkeypatch.setenv("VIGKIT_HOME", str(data))
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "demo-lead")
    pagedata.page_store.cache_clear()
    try:
        text = "\n".join(visible(homepage.home_page()))
        assert "Service report" in text
        for other in ("Case workbook", "Audit trail", "People and groups", "F017", "Caseload"):
            assert other not in text, other
        monkeypatch.setenv("VIGKIT_USER", "demo-admin")
        admin = "\n".join(visible(homepage.home_page()))
        assert "Audit trail" in admin and "Service report" not in admin
    finally:
        pagedata.page_store().close()
        pagedata.page_store.cache_clear()
