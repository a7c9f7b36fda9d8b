"""What a page's first screen can do without (a plot not drawn yet) follows the page: the
page is shown with a line saying the plot is being drawn, and the plot replaces it once
the kernel's loop is free (ui/runtime/later.py)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from tests.ownloop import run_on_own_loop
from tests.pagetext import all_html
from vigkit.i18n.interface import Interface
from vigkit.media import plotcache
from vigkit.ui.pages import case as casepage
from vigkit.ui.runtime import later
from vigkit.ui.runtime.later import LatePlots, after_shown, plot_img, shown_then_drawn

PNG = b"\x89PNG\r\n\x1a\nnot really a plot"


def test_outside_a_kernel_the_work_is_done_at_once() -> None:
    done: list[str] = []
    after_shown(lambda: done.append("now"))
    assert ["now"] == done


def test_in_a_loop_the_work_waits_until_the_build_has_returned_and_a_failure_is_only_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    done: list[str] = []

    def broken() -> None:
        raise RuntimeError("a plot that cannot be drawn")

    async def scenario() -> None:
        after_shown(broken, in_loop=True)
        after_shown(lambda: done.append("drawn"), in_loop=True)
        assert [] == done  # the page's build goes on first
        await asyncio.sleep(later.AFTER_S * 4)
        assert ["drawn"] == done

    with caplog.at_level(logging.ERROR, logger=later.log.name):
        run_on_own_loop(scenario)
    assert "work after the page was shown failed" in caplog.text


def test_a_plot_not_drawn_yet_is_a_line_first_then_the_plot(tmp_path: Path) -> None:
    ui = Interface()
    drawn: list[int] = []

    def draw() -> bytes:
        drawn.append(1)
        return PNG

    def make(late: LatePlots) -> str:
        png = late.png(("a test plot",), draw, case_code=f"T{tmp_path.name[-6:]}")
        return plot_img(png, "Ratings over time.", ui)

    async def scenario() -> None:
        widget = shown_then_drawn(make, in_loop=True)
        assert 'role="status"' in widget.value and "Ratings over time." in widget.value
        assert "<img" not in widget.value and [] == drawn
        await asyncio.sleep(later.AFTER_S * 4)
        assert widget.value.startswith('<img class="vk-plot" alt="Ratings over time."')
        assert [1] == drawn
        # Kept now: the next showing has the plot at once, drawn no more.
        again = shown_then_drawn(make, in_loop=True)
        assert again.value == widget.value and [1] == drawn

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VIGKIT_HOME", str(tmp_path))
        run_on_own_loop(scenario)


def test_the_case_page_in_a_kernel_is_shown_before_its_plots_are_drawn(
    demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first showing after the case's ratings change: the page is built without drawing
    (0.4 s of matplotlib the visitor waited for), and the plots come just after."""
    plotcache.forget_case("F017")
    monkeypatch.setattr(later, "in_kernel", lambda: True)

    async def scenario() -> None:
        page = casepage.case_page("F017")
        first = all_html(page)
        assert 0 == first.count('<img class="vk-plot"')
        assert 2 == first.count('class="vk-plot-wait" role="status">Drawing the plot…')
        await asyncio.sleep(later.AFTER_S * 4 + 1.0)  # matplotlib draws two plots
        then = all_html(page)
        assert 2 == then.count('<img class="vk-plot" alt="') and "vk-plot-wait" not in then

    run_on_own_loop(scenario)
