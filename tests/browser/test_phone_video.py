"""Phone films in Chromium: a portrait film plays upright; an HEVC film is said, plainly, not to.

Debian's Chromium decodes H.264 but not HEVC (H.265, what iPhones record by default): with
sound in the file it plays the sound over a black picture and raises no error. The
micro-analysis page must say so rather than show a dead player, and stills (taken by
vigkit from the file) must still work.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PIL import Image

from vigkit import paths
from vigkit.core.records import Case, Consent, Film, Practitioner
from vigkit.media import testvideo
from vigkit.media.films import register_film_file
from vigkit.store import Store

from .conftest import Server, shot, start_server, stop_server

SECONDS = 6.0
FILMS = {
    "hevc": ("phone/IMG_0001.mov", {"codec": "hevc"}),
    "portrait": ("phone/VID_0002.mp4", {"portrait": True}),
    "rotated": ("phone/VID_0003.mp4", {"rotation": 90}),
    "hevc_silent": ("phone/SCREEN_0004.mov", {"codec": "hevc", "audio": False}),
}


@pytest.fixture(scope="module")
def phone_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Server, dict[str, int]]]:
    """A server whose one case has two HEVC films (one silent) and two portrait H.264 films."""
    data = tmp_path_factory.mktemp("phone")
    ids: dict[str, int] = {}
    with Store.open(data) as store:
        store.add_practitioner(Practitioner(id="alex", display_name="Alex"))
        store.set_setting("current_practitioner", "alex")
        store.add_case(Case(code="P001", practitioner_id="alex", opened_on=date.today()))
        store.set_consent(Consent(case_code="P001", given_on=date.today(), filming=True))
        for cycle, (kind, (relative, how)) in enumerate(FILMS.items(), start=1):
            path = testvideo.make_film(paths.media_dir(data) / relative, seconds=SECONDS, **how)
            info, digest = register_film_file(path)
            film = store.add_film(
                Film(
                    case_code="P001",
                    cycle_number=cycle,
                    path=str(info.path),
                    sha256=digest,
                    duration_s=info.duration_s,
                    filmed_on=date.today(),
                    context="play",
                )
            )
            ids[kind] = film.id or 0
    server = start_server(data, demo=False)
    yield server, ids
    stop_server(server)


def _open_film(page, server: Server, film_id: int) -> None:
    page.goto(server.url + f"voila/render/microanalysis.ipynb?case=P001&film={film_id}")
    page.wait_for_selector(".vk-cm video", state="attached", timeout=90_000)
    page.wait_for_function(
        "() => { const v = document.querySelector('.vk-cm video');"
        " return v && (v.readyState >= 1 || v.error); }",
        timeout=60_000,
    )


def test_hevc_film_says_plainly_it_cannot_be_shown(phone_server, page) -> None:
    """An HEVC film gets a plain notice instead of a black player; a still still comes from the file."""
    server, ids = phone_server
    _open_film(page, server, ids["hevc"])
    if page.evaluate(
        "document.createElement('video').canPlayType('video/mp4; codecs=\"hvc1.1.6.L93.B0\"')"
    ):
        pytest.skip("this Chromium plays HEVC: nothing to say")
    notice = page.locator(".vk-cm-notice")
    notice.wait_for(timeout=30_000)
    text = notice.inner_text()
    assert text.startswith(
        "This browser cannot show the pictures of this film: it was recorded as HEVC"
    )
    assert "the stills still work" in text
    assert 0 == page.evaluate("document.querySelector('.vk-cm video').videoWidth")
    page.locator(".vk-cm").focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("s")
    page.get_by_text("Still taken at 2.48 s.").wait_for(timeout=30_000)
    shot(page, "phone-hevc-notice")
    still = paths.media_dir(server.data) / "stills" / "P001" / f"film{ids['hevc']}-2.48.png"
    with Image.open(still) as image:
        assert (640, 360) == image.size
        assert 2.48 == pytest.approx(testvideo.read_time(image, SECONDS), abs=0.08)
    assert "Traceback" not in page.inner_text("body")


def test_silent_hevc_film_gets_the_same_notice(phone_server, page) -> None:
    """Without sound Chromium refuses the file outright (an error, not black): the same notice."""
    server, ids = phone_server
    _open_film(page, server, ids["hevc_silent"])
    if page.evaluate(
        "document.createElement('video').canPlayType('video/mp4; codecs=\"hvc1.1.6.L93.B0\"')"
    ):
        pytest.skip("this Chromium plays HEVC: nothing to say")
    page.locator(".vk-cm-notice").wait_for(timeout=30_000)
    assert "recorded as HEVC" in page.locator(".vk-cm-notice").inner_text()
    assert "could not be loaded" not in page.locator(".vk-cm-status").inner_text()


@pytest.mark.parametrize("kind", ["portrait", "rotated"])
def test_portrait_phone_film_plays_upright(phone_server, page, kind: str) -> None:
    """A portrait H.264 film, upright or turned by rotation metadata, plays 360 by 640, no notice."""
    server, ids = phone_server
    _open_film(page, server, ids[kind])
    size = page.evaluate(
        "(() => { const v = document.querySelector('.vk-cm video');"
        " return [v.videoWidth, v.videoHeight, v.duration]; })()"
    )
    assert [360, 640] == size[:2]
    assert SECONDS == pytest.approx(size[2], abs=0.2)
    assert page.locator(".vk-cm-notice").is_hidden()
    shot(page, f"phone-{kind}")
