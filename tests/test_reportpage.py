"""The service report page alone: a period picked, the report made, shown in the page and
written for download; a period the wrong way round is refused in plain words."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pagetext import visible

from vigkit.demo.caseload import fill_demo
from vigkit.ui.pages import report as reportpage
from vigkit.ui.runtime import pagedata


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO())
    monkeypatch.setenv("VIGKIT_HOME", str(data))
    monkeypatch.delenv("VIGKIT_USER", raising=False)
    pagedata.page_store.cache_clear()
    yield data
    pagedata.page_store().close()
    pagedata.page_store.cache_clear()


def test_last_quarter_is_the_whole_quarter_before_today() -> None:
    assert reportpage.last_quarter(date(2026, 12, 4)) == (date(2026, 7, 1), date(2026, 9, 30))
    assert reportpage.last_quarter(date(2026, 1, 15)) == (date(2025, 10, 1), date(2025, 12, 31))


def test_the_report_is_made_shown_and_written(home: Path) -> None:
    page = reportpage.report_page()
    built = page.report  # type: ignore[attr-defined]
    built.first.value, built.last.value = date(2026, 12, 31), date(2026, 1, 1)
    assert built.build() == [] and "the first before the last" in built.message.value
    built.first.value, built.last.value = date(2020, 1, 1), date(2030, 12, 31)
    built.by.value = "setting"
    written = built.build()
    assert {"report.html", "report.pdf", "report.docx", "report.csv"} <= set(written)
    folder = home / "exports" / "report-2020-01-01-2030-12-31-setting"
    assert (folder / "report.pdf").is_file()
    text = "\n".join(visible(page))
    assert "Families referred" in text and "Counts of 1 to 7 are shown as *" in text
    assert "F017" not in text and "F023" not in text  # never a family's code
    assert 'href="../../vigkit/exports/report-2020-01-01-2030-12-31-setting/report.pdf"' in (
        built.message.value
    )


def test_the_button_makes_the_report_off_the_event_loop_once(home: Path) -> None:
    """The button's report is made in a worker thread; a second click meanwhile starts
    nothing; the page shows it when it is done."""
    page = reportpage.report_page()
    built = page.report  # type: ignore[attr-defined]
    built.first.value, built.last.value = date(2020, 1, 1), date(2030, 12, 31)
    assert built.build_in_background()
    assert built.make.disabled and not built.build_in_background()
    built.work.wait(120)
    assert not built.make.disabled and "Families referred" in built.shown.value
    assert (home / "exports" / "report-2020-01-01-2030-12-31" / "report.csv").is_file()
