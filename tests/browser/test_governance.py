"""Governance as a practitioner alone meets it in Chromium: footage past its deletion day
listed on the home page and deleted with one button; a family erased from its case page
with the code typed; the audit trail page saying both. Screenshots: governance-*.png."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from closedfamily import closed_family

from vigkit.store import Store

from .conftest import shot, start_server, stop_server

OLD = "R100"  # closed long ago: its footage is due


def _closed_family(data: Path) -> Path:
    """A family closed a year before today, its film kept in vigkit's own storage."""
    opened = date.today() - timedelta(days=400)
    own = data / "media" / "uploads" / OLD / "visit.mp4"
    with Store.open(data) as store:
        closed_family(store, OLD, own, opened, opened + timedelta(days=60))
    return own


def test_retention_erasure_and_the_audit_trail_in_the_browser(
    browser: object, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "vigkit", "demo", "--data", str(data)],
        check=True,
        capture_output=True,
    )
    own = _closed_family(data)
    server = start_server(data, demo=False)
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        # The home page lists the due footage; one button deletes it.
        page.goto(server.url + "voila/render/home.ipynb")
        page.get_by_text("Footage due for deletion").wait_for()
        page.get_by_text(re.compile(rf"Film \d+ of {OLD} \(filmed")).wait_for()
        shot(page, "governance-home-due")
        page.get_by_role("button", name="Delete the due footage now").click()
        page.get_by_text(re.compile(rf"Deleted: film \d+ of {OLD}\.")).wait_for()
        shot(page, "governance-home-deleted")
        assert not own.exists()

        # Erase the demo family from its case page: nothing happens until the code is typed.
        page.goto(server.url + "voila/render/case.ipynb?case=F017")
        page.get_by_role("button", name="Erase this family's records").click()
        confirm = page.get_by_role("textbox", name="Type the case code, F017, to confirm")
        confirm.wait_for()
        erase = page.get_by_role("button", name="Erase case F017")
        assert erase.is_disabled()
        confirm.fill("F017")
        confirm.press("Tab")
        shot(page, "governance-erase-typed")
        erase.click()
        page.get_by_text("Case F017 was erased").wait_for()
        shot(page, "governance-erased")
        assert page.get_by_text("How can I help my baby settle?").count() == 0

        # The audit trail page says what happened, by whom.
        page.goto(server.url + "voila/render/audit.ipynb")
        page.get_by_text("Audit trail").first.wait_for()
        table = page.locator("table.vk-table")
        table.wait_for()
        text = table.inner_text()
        assert "erase" in text and "case F017" in text and "family's request" in text
        assert "delete" in text and f"footage {OLD}" in text
        shot(page, "governance-audit")
        assert "Traceback" not in page.content()
    finally:
        context.close()
        stop_server(server)
