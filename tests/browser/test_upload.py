"""A film sent from the page in Chromium, in resumable pieces: through a dropped connection,
stopped and sent again after the tab was closed, and every refusal of the upload route in
plain words."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.records import Consent
from vigkit.media.testvideo import make_film
from vigkit.media.uploads import uploads_dir
from vigkit.store import Store

from .conftest import Server, shot, start_server, stop_server

PIECE = 64 * 1024
PAGE = "voila/render/microanalysis.ipynb?case=F017"
CHOOSER = "Film on this computer (.mp4, .mov)"  # a file input is a button, named by its label


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A demo server told to take small pieces, so a small film goes in several."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("VIGKIT_UPLOAD_CHUNK_BYTES", str(PIECE))
        running = start_server(tmp_path_factory.mktemp("upload"))
    yield running
    stop_server(running)


@pytest.fixture(scope="module")
def film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = make_film(tmp_path_factory.mktemp("phone") / "bath time.mp4", seconds=8.0)
    assert path.stat().st_size > 2 * PIECE  # three pieces at least
    return path


def _open(page, server: Server) -> None:
    page.goto(server.url + PAGE)
    page.wait_for_selector(".vk-up", timeout=90_000)


def _films(server: Server) -> list[str]:
    with Store.open(server.data) as store:
        return [f.path for f in store.films.list("F017")]


def _put_count(page, counted: list[str]) -> None:
    page.on("request", lambda r: counted.append(r.url) if r.method == "PUT" else None)


def test_a_film_goes_through_a_dropped_connection(server: Server, page, film: Path) -> None:
    """The second piece is lost on the way: the page waits, asks the server how much it has,
    and sends the rest; the film is registered, byte for byte the one chosen."""
    before = _films(server)
    dropped: list[str] = []

    def drop_once(route) -> None:
        if (
            route.request.method == "PUT"
            and not dropped
            and "bytes 0-" not in (route.request.headers.get("content-range", ""))
        ):
            dropped.append(route.request.url)
            route.abort("connectionreset")
            return
        route.continue_()

    _open(page, server)
    page.route("**/vigkit/upload/*", drop_once)
    page.get_by_role("button", name=CHOOSER).set_input_files(str(film))
    page.get_by_text("is ready to send").wait_for()
    page.get_by_role("button", name="Send and register").click()
    page.get_by_text("The connection dropped after").wait_for()
    shot(page, "upload-retrying")
    page.locator(".vk-up-status", has_text="logged").wait_for(timeout=60_000)
    shot(page, "upload-registered")
    assert dropped
    [new] = [p for p in _films(server) if p not in before]
    assert Path(new).read_bytes() == film.read_bytes()
    assert Path(new).parent == uploads_dir(server.data) / "F017"
    text = page.inner_text("body")
    assert "Traceback" not in text and "Open film" in text


def test_stopped_then_sent_again_after_the_tab_closed(server: Server, browser, film: Path) -> None:
    """Stopped after the first piece; a new tab, the same film: only the rest is sent."""
    context = browser.new_context(viewport={"width": 1200, "height": 1200})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        _open(page, server)
        held: list[object] = []

        def hold_second(route) -> None:
            if route.request.method == "PUT" and "bytes 0-" not in (
                route.request.headers.get("content-range", "")
            ):
                held.append(route)  # never answered: the connection hangs
                return
            route.continue_()

        page.route("**/vigkit/upload/*", hold_second)
        page.get_by_role("button", name=CHOOSER).set_input_files(str(film))
        page.get_by_role("button", name="Send and register").click()
        page.wait_for_function("() => document.querySelector('.vk-up-progress').value > 0")
        page.get_by_role("button", name="Stop sending").click()
        page.get_by_text("Stopped. What was sent is kept").wait_for()
        assert held
        page.close()

        again = context.new_page()
        again.set_default_timeout(60_000)
        puts: list[str] = []
        _put_count(again, puts)
        _open(again, server)
        again.get_by_role("button", name=CHOOSER).set_input_files(str(film))
        again.get_by_role("button", name="Send and register").click()
        again.locator(".vk-up-status", has_text="logged").wait_for()
        pieces = -(-film.stat().st_size // PIECE)
        assert len(puts) == pieces - 1, (len(puts), pieces)
        assert any(Path(p).read_bytes() == film.read_bytes() for p in _films(server))
    finally:
        context.close()


def test_the_upload_route_refuses_in_plain_words(server: Server, page, film: Path) -> None:
    _open(page, server)
    request = page.context.request
    root = server.url + "vigkit/upload"
    token = request.get(root).json()["xsrf"]
    asked = {"case": "F017", "name": "a.mp4", "size": 1000, "modified": 1}
    headers = {"X-XSRFToken": token, "Content-Type": "application/json"}

    no_token = request.post(
        root, data=json.dumps(asked), headers={"Content-Type": "application/json"}
    )
    assert no_token.status == 403
    assert "reload the page" in no_token.json()["error"]

    answers = {
        "notes": request.post(
            root, data=json.dumps(asked | {"name": "notes.txt"}), headers=headers
        ),
        "no case": request.post(root, data=json.dumps(asked | {"case": "F999"}), headers=headers),
        "garbled": request.post(root, data="{not json", headers=headers),
        "unknown": request.get(root + "/" + "0" * 32),
    }
    assert (answers["notes"].status, answers["no case"].status) == (400, 404)
    assert "not a film vigkit takes" in answers["notes"].json()["error"]
    assert answers["garbled"].status == 400 and answers["unknown"].status == 404
    for answer in answers.values():
        assert "Traceback" not in answer.text() and str(server.data) not in answer.text()

    started = request.post(root, data=json.dumps(asked), headers=headers).json()
    piece = root + "/" + started["id"]
    put = {"X-XSRFToken": token, "Content-Type": "application/octet-stream"}
    first = request.put(piece, data=b"x" * 100, headers=put | {"Content-Range": "bytes 0-99/1000"})
    assert first.json()["received"] == 100
    twice = request.put(piece, data=b"x" * 100, headers=put | {"Content-Range": "bytes 0-99/1000"})
    assert twice.status == 409 and twice.json()["received"] == 100
    short = request.put(
        piece, data=b"x" * 10, headers=put | {"Content-Range": "bytes 100-199/1000"}
    )
    assert short.status == 400
    assert request.get(piece).json() == {
        "id": started["id"],
        "received": 100,
        "size": 1000,
        "done": False,
    }

    with Store.open(server.data) as store:
        store.cases.set_consent(Consent(case_code="F023", given_on=date(2026, 1, 5), filming=False))
    refused = request.post(root, data=json.dumps(asked | {"case": "F023"}), headers=headers)
    assert refused.status == 403
    assert "not consented to filming" in refused.json()["error"]
