"""Kernels sized to the machine, in Chromium: one page more than the cap gets a plain
"too many pages" page and no kernel; closing a page makes room; a page whose browser
vanished without saying goodbye has its kernel culled within the orphan time, while the
preheated kernels stay."""

from __future__ import annotations

import time
from collections.abc import Iterator

import psutil
import pytest

from .conftest import Server, shot, start_server, stop_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("VIGKIT_ORPHAN_SECONDS", "6")
        env.setenv("VIGKIT_CULL_INTERVAL_SECONDS", "2")
        running = start_server(
            tmp_path_factory.mktemp("kernels"), "--max-pages", "2", "--preheat", "home.ipynb"
        )
    yield running
    stop_server(running)


def _page(browser: object, server: Server, path: str) -> object:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    page.goto(server.url + path)
    return page


def _kernels(server: Server) -> set[int]:
    """The server's kernel processes now (asked again when one ends while being listed)."""
    for _ in range(20):
        try:
            return {k.pid for k in server.kernels()}
        except psutil.Error:
            time.sleep(0.2)
    raise AssertionError("the kernels could not be listed")


def _until(check: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.5)
    raise AssertionError(what)


def test_the_cap_then_room_again_then_orphans_culled(browser: object, server: Server) -> None:
    first = _page(browser, server, "voila/render/home.ipynb")
    first.wait_for_selector(".vk-page")  # type: ignore[attr-defined]
    second = _page(browser, server, "voila/render/case.ipynb?case=F017")
    second.wait_for_selector(".vk-page")  # type: ignore[attr-defined]
    third = _page(browser, server, "voila/render/reflection.ipynb")
    third.get_by_text("Too many vigkit pages are open").wait_for()  # type: ignore[attr-defined]
    shot(third, "kernels-too-many")
    assert "Nothing you typed is lost" in third.inner_text("body")  # type: ignore[attr-defined]

    assert len(_kernels(server)) == 3  # the two pages' and the preheated home kernel
    first.context.close()  # type: ignore[attr-defined]  # a page closed as usual: its kernel goes
    _until(lambda: len(_kernels(server)) <= 2, 60, "the closed page's kernel stayed")
    third.reload()  # type: ignore[attr-defined]
    third.wait_for_selector(".vk-page")  # type: ignore[attr-defined]

    # The second browser vanishes: no goodbye to the server, the connection just drops.
    second.evaluate("() => { navigator.sendBeacon = () => true; }")  # type: ignore[attr-defined]
    before = _kernels(server)
    second.context.close()  # type: ignore[attr-defined]
    _until(lambda: len(_kernels(server)) < len(before), 60, "the orphaned kernel was not culled")
    assert "Culling" in server.log()
    third.context.close()  # type: ignore[attr-defined]
    _until(lambda: len(_kernels(server)) == 1, 60, "the last page's kernel stayed")
    # The preheated home kernel waits with no connection, and is never culled for it.
    waiting = _kernels(server)
    time.sleep(12)  # twice the orphan time
    assert _kernels(server) == waiting, "the preheated kernel was culled"
