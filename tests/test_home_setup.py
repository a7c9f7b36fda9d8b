"""The first run: the home page asks the practitioner's name, and its Start waits for the
last letters of the name (a fast typist's click arrives before them) as every Save of typed
words does."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as w
import pytest
from pagetext import all_html

from tests.ownloop import run_on_own_loop
from vigkit.ui.pages import home as homepage
from vigkit.ui.runtime import pagedata, submission


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory with nobody in it, used as $VIGKIT_HOME."""
    monkeypatch.setenv("VIGKIT_HOME", str(tmp_path))
    monkeypatch.delenv("VIGKIT_USER", raising=False)
    monkeypatch.delenv("VIGKIT_MODE", raising=False)
    pagedata.page_store.cache_clear()
    yield tmp_path
    pagedata.page_store().close()
    pagedata.page_store.cache_clear()


def _controls(widget: w.Widget) -> list[w.Widget]:
    out = [widget]
    for child in getattr(widget, "children", ()):
        out += _controls(child)
    return out


def _setup(page: homepage.Page) -> tuple[w.Text, w.Button]:
    widgets = _controls(page.widget)
    [name] = [x for x in widgets if isinstance(x, w.Text)]
    [start] = [x for x in widgets if isinstance(x, w.Button)]
    return name, start


def test_no_name_is_refused_in_plain_words_and_a_name_starts_the_workbook(
    empty_home: Path,
) -> None:
    page = homepage.home_page()
    name, start = _setup(page)
    start.click()
    assert "Please give your name first." in all_html(page)
    assert [] == pagedata.page_store().people.list()
    name.value = "  Ann Guider "
    start.click()
    [person] = pagedata.page_store().people.list()
    assert "Ann Guider" == person.display_name
    assert "Please give your name" not in all_html(page)  # the page is the caseload now


def test_in_a_kernel_start_waits_for_the_last_letters_of_the_name(
    empty_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(submission, "in_kernel", lambda: True)
    page = homepage.home_page()
    name, start = _setup(page)
    name.value = "Ann Gui"

    async def person() -> None:
        start.click()  # the click arrives before the last letters
        await asyncio.sleep(0.06)
        name.value += "der"
        assert [] == pagedata.page_store().people.list()
        for _ in range(100):
            await asyncio.sleep(0.05)
            if pagedata.page_store().people.list():
                return

    run_on_own_loop(person)
    [saved] = pagedata.page_store().people.list()
    assert "Ann Guider" == saved.display_name
