"""Micro-analysis in Chromium: the film plays from the media route, keys mark a clip, it saves."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlparse

from vigkit.store import Store

from .conftest import Server, shot, start_server, stop_server

ERROR_WORDS = ("Traceback", "Error:", "There was an error when executing cell", "went wrong")
PAGE = "voila/render/microanalysis.ipynb?case=F017&film=1"


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".vk-page", timeout=90_000)


def _video_ready(page) -> float:
    page.wait_for_selector(".vk-cm video", timeout=60_000)
    page.wait_for_function(
        "() => { const v = document.querySelector('.vk-cm video');"
        " return v && Number.isFinite(v.duration) && v.duration > 0; }",
        timeout=60_000,
    )
    return float(page.evaluate("document.querySelector('.vk-cm video').duration"))


def test_mark_a_clip_with_keys_and_save_it(served: Server, page) -> None:
    """Keys mark a clip on the demo film; the editor fills; the clip saved is there after reload."""
    _open(page, served.url + PAGE)
    assert abs(_video_ready(page) - 60.0) < 1.0
    shot(page, "microanalysis-open")
    marker = page.get_by_role("group", name="Clip marker")
    marker.focus()
    assert page.evaluate("document.activeElement.classList.contains('vk-cm')")
    shot(page, "microanalysis-focused")
    for _ in range(2):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("[")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowRight")  # one frame more
    page.keyboard.press("]")
    page.keyboard.press("1")
    page.keyboard.press("3")
    page.get_by_text("Pending clip: start 0:02.00 · end 0:05.04").wait_for()
    page.keyboard.press("s")
    page.get_by_text("Still taken at 5.04 s.").wait_for()
    page.wait_for_selector(".vk-stills img")
    chosen = page.get_by_role("group", name="Principle headings of the pending clip")
    assert chosen.get_by_role("button", pressed=True).count() == 2
    page.keyboard.press("Enter")
    page.get_by_text("added. Describe it below").wait_for()
    start = page.locator(".vk-clip-editor").get_by_role("spinbutton", name="Start (s)")
    page.wait_for_function(
        "() => document.querySelectorAll('.vk-clip-editor input[type=number]')[1].value === '5.04'"
    )
    assert start.input_value() == "2"
    # The editor fills from the marked clip: headings 1 and 3 ticked, 2 not.
    page.wait_for_function(
        "() => { const b = document.querySelectorAll('.vk-clip-editor input[type=checkbox]');"
        " return b[0].checked && !b[1].checked && b[2].checked; }",
        timeout=15_000,
    )
    words = "Browser clip: the parent <b>waits</b> and the baby looks up"
    page.get_by_role("textbox", name="What I see", exact=True).fill(words)
    with Store.open(served.data) as store:
        full = len(store.films.list_clips(film_id=1)) >= 3  # the service's most on a film
    page.get_by_role("button", name="Save clip").click()
    if full:  # said, then one clip removed (asked twice) and the new one saved
        page.get_by_text("already has 3 clips").wait_for()
        page.get_by_role("button", name=re.compile("^Remove clip")).first.click()
        page.get_by_role("button", name=re.compile("^Press again to remove clip")).click()
        page.get_by_text(re.compile(r"Clip .* removed\.")).wait_for()
        page.get_by_role("button", name="Save clip").click()
    page.get_by_text("Clip saved: 2.00–5.04 s.").wait_for()
    page.locator(".vk-stills").scroll_into_view_if_needed()
    shot(page, "microanalysis-stills")
    page.get_by_role("button", name="Save clip").scroll_into_view_if_needed()
    shot(page, "microanalysis-saved")
    text = page.inner_text("body")
    assert not any(word in text for word in ERROR_WORDS), text[:800]

    page.reload()
    page.wait_for_selector(".vk-clips", timeout=90_000)
    clips = page.locator(".vk-clips").inner_text()
    assert words in clips and "2.00–5.04 s" in clips
    assert "Being attentive, Receiving initiatives" in clips
    _video_ready(page)
    shot(page, "microanalysis-reloaded")
    with Store.open(served.data) as store:
        saved = [c for c in store.films.list_clips(film_id=1) if c.what_i_see == words]
    assert len(saved) == 1 and saved[0].still_times_s == [5.04]


def test_media_route_serves_ranges(served: Server, page) -> None:
    """The film route answers a Range request with 206 and exactly those bytes."""
    _open(page, served.url + "voila/render/microanalysis.ipynb?case=F017")
    result = page.evaluate(
        """async () => {
            const r = await fetch('/vigkit/media/film/1', {headers: {Range: 'bytes=0-99'}});
            const body = await r.arrayBuffer();
            return [r.status, body.byteLength, r.headers.get('Content-Type'),
                    r.headers.get('Content-Range')];
        }"""
    )
    assert result[0] == 206 and result[1] == 100
    assert result[2] == "video/mp4" and result[3].startswith("bytes 0-99/")
    missing = page.evaluate(
        "async () => { const r = await fetch('/vigkit/media/film/999');"
        " return [r.status, await r.text()]; }"
    )
    assert missing == [404, "There is no film 999."]
    shot(page, "microanalysis-films")
    assert "Register a film" in page.inner_text("body")


def _get(server: Server, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    url = urlparse(server.url)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_media_route_needs_the_token(tmp_path: Path) -> None:
    """With a token configured, the film is refused without it and sent with it."""
    server = start_server(tmp_path / "data", "--token", "x-media-token-0123")
    try:
        status, body = _get(server, "/vigkit/media/film/1", {"Range": "bytes=0-99"})
        assert status in (302, 403), status
        assert b"ftyp" not in body
        status, body = _get(
            server, "/vigkit/media/film/1?token=x-media-token-0123", {"Range": "bytes=0-99"}
        )
        assert status == 206 and len(body) == 100 and body[4:8] == b"ftyp"
    finally:
        stop_server(server)
