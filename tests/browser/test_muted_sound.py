"""Sound to silence, in Chromium: a stretch typed in From and To is silenced (saved and
listed), a backwards one is refused in plain words, and the stretch is removed after asking
twice."""

from __future__ import annotations

import time

from vigkit.store import Store

from .conftest import Server, shot

PAGE = "voila/render/microanalysis.ipynb?case=F017&film=1"


def _stretches(served: Server, want: int, timeout: float = 30.0) -> list[tuple[float, float]]:
    """Film 1's stretches once there are ``want`` of them (a press answered)."""
    deadline = time.monotonic() + timeout
    while True:
        with Store.open(served.data) as store:
            found = [(m.start_s, m.end_s) for m in store.people_in_films.muted(1)]
        if len(found) == want or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_a_stretch_is_silenced_refused_backwards_and_removed(served: Server, page) -> None:
    page.set_default_timeout(30_000)
    page.goto(served.url + PAGE)
    part = page.locator(".vk-muted")
    part.wait_for(timeout=90_000)
    part.scroll_into_view_if_needed()
    start = part.get_by_role("spinbutton", name="From (s)")
    end = part.get_by_role("spinbutton", name="To (s)")
    start.fill("1.5")
    start.press("Tab")
    end.fill("1")
    end.press("Tab")
    part.get_by_role("button", name="Silence this stretch").click()
    part.get_by_text("ends after it starts").wait_for()
    assert _stretches(served, 0, timeout=1.0) == []

    end.fill("2.25")
    end.press("Tab")
    part.get_by_role("button", name="Silence this stretch").click()
    part.get_by_text("Silenced 1.50–2.25 s").wait_for()
    assert _stretches(served, 1) == [(1.5, 2.25)]
    shot(page, "muted-sound")

    remove = part.get_by_role("button", name="Remove silenced stretch 1.50–2.25 s")
    remove.click()
    part.get_by_role("button", name="Press again to hear 1.50–2.25 s again").click()
    part.get_by_text("1.50–2.25 s is no longer silenced.").wait_for()
    assert _stretches(served, 0) == []
