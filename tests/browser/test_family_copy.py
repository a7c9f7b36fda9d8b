"""The family's own copy in Chromium, as a practitioner alone makes it on the case page: the
button makes it with progress, its video plays in a <video> (a picture, and time moving
on), its page to print opens and passes axe, the handover is listed on the case page and
in the audit trail, and the route refuses the video once the family's yes is gone.
Screenshots: family-copy-*.png."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from keepsakefixture import WORDS, ready_for_a_copy

from vigkit.core.keepsake import HANDOVER
from vigkit.store import Store

from .conftest import shot, start_server, stop_server
from .test_accessibility import axe_script, violations
from .test_media_guards import _get  # noqa: PLC2701 - one way to ask a route

PLAYS = """async (src) => {
  const v = document.createElement('video');
  v.muted = true; v.src = src; document.body.appendChild(v);
  await v.play();
  const start = v.currentTime;
  await new Promise(r => setTimeout(r, 1500));
  return {ready: v.readyState, start, now: v.currentTime, error: v.error && v.error.code,
          width: v.videoWidth, duration: v.duration};
}"""


def test_the_familys_copy_is_made_plays_and_prints(browser: object, tmp_path: Path) -> None:
    data = tmp_path / "data"
    subprocess.run(
        [sys.executable, "-m", "vigkit", "demo", "--data", str(data)],
        check=True,
        capture_output=True,
    )
    with Store.open(data) as store:
        clips = ready_for_a_copy(store)
    server = start_server(data, demo=False)
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(120_000)
    try:
        page.goto(server.url + "voila/render/case.ipynb?case=F017")
        page.get_by_text("No copy has been made for the family yet.").wait_for()
        page.get_by_role("button", name="Make the family's copy").click()
        page.get_by_text("The family's copy is ready").wait_for()
        page.get_by_text(f"by demo-guider, {len(clips)} clips").wait_for()
        page.get_by_role("link", name="Open the page to print").scroll_into_view_if_needed()
        shot(page, "family-copy-made")

        video = page.get_by_role("link", name="Download the video (MP4)")
        href = video.evaluate("a => a.href")
        played = page.evaluate(PLAYS, href)
        assert played["error"] is None and played["ready"] >= 2, played
        assert played["now"] > played["start"] + 0.5 and played["width"] > 0, played

        with page.expect_popup() as opened:
            page.get_by_role("link", name="Open the page to print").click()
        printed = opened.value
        printed.get_by_role("heading", name="Our moments together").wait_for()
        printed.get_by_text(WORDS).wait_for()
        assert len(clips) == printed.locator("main img[alt^='A still from clip']").count()
        shot(printed, "family-copy-page")
        assert [] == violations(printed, axe_script())

        # Without the family's yes to a copy, the route refuses (and says why), audited.
        route = "/" + href.split("/", 3)[3]
        assert (200, True) == (_get(server, route)[0], route.endswith(".mp4"))
        with Store.open(data) as store:
            given = store.cases.get_consent("F017")
            assert given is not None
            store.cases.set_consent(given.model_copy(update={"family_copy": False}))
        status, body = _get(server, route)
        assert 403 == status and b"has not agreed to this use" in body
    finally:
        context.close()
        stop_server(server)
    with Store.open(data) as store:
        lines = [e for e in store.audit.trail(ident="F017") if e.action == HANDOVER]
        refused = [e for e in store.audit.trail(ident="F017") if not e.allowed]
    assert 1 == len(lines) and "demo-guider" == lines[0].login
    assert "family-copy.mp4 sha256" in lines[0].reason
    assert ["no consent to a copy for the family"] == [e.reason for e in refused]
