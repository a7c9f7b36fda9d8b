"""Phone films in Chromium: a portrait film plays upright; an HEVC film gets a playback copy.

Debian's Chromium decodes H.264 but not HEVC (H.265, what iPhones record by default): with
sound in the file it plays the sound over a black picture and raises no error. The
micro-analysis page says so plainly rather than show a dead player, makes an H.264 playback
copy meanwhile and plays it; stills (taken by vigkit from the original file) work throughout.
A film registered from the page in such a browser gets its copy at once.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date

import pytest
from PIL import Image

from vigkit import paths
from vigkit.core.records import Case, Consent, Film, Practitioner
from vigkit.media import testvideo
from vigkit.media.films import register_film_file
from vigkit.media.playback import playback_path
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
        store.people.add(Practitioner(id="alex", display_name="Alex"))
        store.settings.set("current_practitioner", "alex")
        store.cases.add(Case(code="P001", practitioner_id="alex", opened_on=date.today()))
        store.cases.set_consent(Consent(case_code="P001", given_on=date.today(), filming=True))
        for cycle, (kind, (relative, how)) in enumerate(FILMS.items(), start=1):
            path = testvideo.make_film(paths.media_dir(data) / relative, seconds=SECONDS, **how)
            info, digest = register_film_file(path)
            film = store.films.add(
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
        # One more phone film, not logged: registered from the page by a test.
        testvideo.make_film(
            paths.media_dir(data) / "phone" / "IMG_0005.mov", seconds=SECONDS, codec="hevc"
        )
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


def _skip_if_chromium_plays_hevc(page) -> None:
    if page.evaluate(
        "document.createElement('video').canPlayType('video/mp4; codecs=\"hvc1.1.6.L93.B0\"')"
    ):
        pytest.skip("this Chromium plays HEVC: nothing to say")


def _wait_for_pictures(page, width: int = 640) -> None:
    """Until the player shows pictures ``width`` wide (the playback copy, for HEVC)."""
    page.wait_for_function(
        f"() => document.querySelector('.vk-cm video').videoWidth === {width}", timeout=120_000
    )


def _wait_for_copy(page) -> None:
    """Until the player plays the playback copy vigkit made, and shows its pictures."""
    page.wait_for_function(
        "() => document.querySelector('.vk-cm video').src.includes('copy=')", timeout=120_000
    )
    _wait_for_pictures(page)


# The player has a picture and stands still, at TARGET seconds (within a frame).
_SETTLED = (
    "() => { const v = document.querySelector('.vk-cm video');"
    " return v.readyState >= 2 && !v.seeking && Math.abs(v.currentTime - TARGET) < 0.05; }"
)


def test_hevc_film_is_said_plainly_then_played_from_a_copy(phone_server, page) -> None:
    """An HEVC film gets a plain notice instead of a black player, then plays from the copy
    vigkit makes; a still still comes from the original, at the frame's own time."""
    server, ids = phone_server
    _open_film(page, server, ids["hevc"])
    _skip_if_chromium_plays_hevc(page)
    first_visit = not playback_path(server.data, "P001", ids["hevc"]).is_file()
    _wait_for_copy(page)
    notice = page.locator(".vk-cm-notice")
    assert notice.is_hidden()
    if first_visit:  # the notice was said (a short film's copy is made in a moment)
        text = notice.text_content() or ""
        assert text.startswith(
            "This browser cannot show the pictures of this film: it was recorded as HEVC"
        )
        assert "vigkit is making a copy it can play" in text
        page.get_by_text("This film now has a playback copy").wait_for()  # said of the film here
    # As a practitioner does: step through the film once its picture is there, and take
    # the still once the player stands on the frame.
    page.wait_for_function(_SETTLED.replace("TARGET", "0"), timeout=60_000)
    page.get_by_role("group", name="Clip marker").focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(_SETTLED.replace("TARGET", "2.48"), timeout=30_000)
    page.keyboard.press("s")
    page.get_by_text("Still taken at 2.48 s.").wait_for(timeout=30_000)
    assert 2.48 == pytest.approx(
        page.evaluate("document.querySelector('.vk-cm video').currentTime"), abs=0.05
    )
    shot(page, "phone-hevc-copy-playing")
    # The picture the copy shows at 2.48 s is the original's frame of 2.48 s.
    shown = page.evaluate(
        "(() => { const v = document.querySelector('.vk-cm video');"
        " const c = document.createElement('canvas'); c.width = v.videoWidth;"
        " c.height = v.videoHeight; c.getContext('2d').drawImage(v, 0, 0);"
        " return c.toDataURL('image/png'); })()"
    )
    with Image.open(io.BytesIO(base64.b64decode(shown.split(",", 1)[1]))) as picture:
        assert 2.48 == pytest.approx(testvideo.read_time(picture, SECONDS), abs=0.08)
    still = paths.media_dir(server.data) / "stills" / "P001" / f"film{ids['hevc']}-2.48.png"
    with Image.open(still) as image:
        assert (640, 360) == image.size
        assert 2.48 == pytest.approx(testvideo.read_time(image, SECONDS), abs=0.08)
    assert "Traceback" not in page.inner_text("body")


def test_silent_hevc_film_gets_the_same_notice_and_copy(phone_server, page) -> None:
    """Without sound Chromium refuses the file outright (an error, not black): the same."""
    server, ids = phone_server
    _open_film(page, server, ids["hevc_silent"])
    _skip_if_chromium_plays_hevc(page)
    first_visit = not playback_path(server.data, "P001", ids["hevc_silent"]).is_file()
    _wait_for_copy(page)
    if first_visit:
        assert "recorded as HEVC" in (page.locator(".vk-cm-notice").text_content() or "")
    assert "could not be loaded" not in page.locator(".vk-cm-status").inner_text()


def test_an_hevc_film_registered_here_gets_its_copy_at_once(phone_server, page) -> None:
    """Registered from the page in a browser that cannot show HEVC: the copy is made with a
    progress bar right after the film is logged, and the film then opens with no notice."""
    server, _ = phone_server
    page.goto(server.url + "voila/render/microanalysis.ipynb?case=P001")
    _skip_if_chromium_plays_hevc(page)
    page.get_by_role("combobox", name="Video file").select_option(label="phone/IMG_0005.mov")
    page.get_by_role("spinbutton", name="Cycle number").fill("9")
    page.get_by_role("button", name="Register film").click()
    page.get_by_text("now has a playback copy this browser can show").wait_for(timeout=120_000)
    shot(page, "phone-hevc-registered-copy")
    with Store.open(server.data) as store:
        [film] = [f for f in store.films.list("P001") if f.path.endswith("IMG_0005.mov")]
    assert playback_path(server.data, "P001", film.id or 0).is_file()
    _open_film(page, server, film.id or 0)
    _wait_for_pictures(page)
    assert page.locator(".vk-cm-notice").is_hidden()


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
