"""Playback copies from the pages (no browser): made when the browser cannot show a film,
not when it can, played by the marker once made, and long work that never runs twice."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import av
import pytest

from vigkit import paths
from vigkit.core.records import Case, Consent, Practitioner
from vigkit.media.filmcheck import playback_need
from vigkit.media.films import probe
from vigkit.media.playback import playback_path
from vigkit.media.testvideo import make_film
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page
from vigkit.ui.runtime.longwork import LongWork

pytestmark = [
    pytest.mark.skipif(
        "libx265" not in av.codecs_available, reason="this PyAV has no HEVC encoder"
    ),
    pytest.mark.sqlite_only,
]
SMALL = {"width": 160, "height": 96, "seconds": 3.0}


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("phone")
    return {
        "hevc": make_film(root / "IMG_0001.mov", codec="hevc", **SMALL),
        "h264": make_film(root / "visit.mp4", **SMALL),
    }


@pytest.fixture
def data(store: Store, tmp_path: Path, films: dict[str, Path]) -> Path:
    data = tmp_path / "data"
    store.add_practitioner(Practitioner(id="sam", display_name="Sam"))
    store.add_case(Case(code="F001", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.set_consent(Consent(case_code="F001", given_on=date(2024, 1, 1), filming=True))
    for name, film in films.items():
        target = paths.media_dir(data) / "phone" / f"{name}{film.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(film.read_bytes())
    return data


def _page(store: Store, data: Path, film: str = ""):
    page = microanalysis_page("F001", film, store=store, data=data, principles=load_principles())
    return page.micro


def _register(store: Store, data: Path, name: str, plays: dict[str, bool] | None = None):
    micro = _page(store, data)
    registrar = micro.registrar
    if plays is not None:
        registrar.formats.plays = plays  # what the browser said it plays
    film = registrar.register(str(paths.media_dir(data) / "phone" / name))
    assert film is not None
    registrar.work.wait(120)
    return registrar, film


def test_what_needs_a_copy_follows_the_browser(films: dict[str, Path]) -> None:
    assert playback_need(films["h264"]) is None
    assert playback_need(films["h264"], {"h264": False}) is None  # plays everywhere: no copy
    need = playback_need(films["hevc"])
    assert need is not None and "HEVC" in need
    assert playback_need(films["hevc"], {"hevc": True}) is None  # Safari, Edge with HEVC
    assert playback_need(films["hevc"], {"hevc": False, "h264": True}) == need


def test_an_hevc_film_gets_a_copy_when_registered(store: Store, data: Path) -> None:
    registrar, film = _register(store, data, "hevc.mov")
    copy = playback_path(data, "F001", film.id or 0)
    assert copy.is_file()
    assert "h264" == probe(copy).codec
    assert probe(copy).duration_s == pytest.approx(film.duration_s, abs=0.1)
    assert "now has a playback copy" in registrar.reg_msg.value
    assert [film.id] == [f.id for f in store.list_films("F001")]  # logged once
    assert film.path.endswith("hevc.mov")  # the original stays the film
    offered = [name for name, _ in _page(store, data).registrar.reg_file.options]
    assert ["phone/h264.mp4"] == offered  # the copy is not a film to register


def test_no_copy_when_the_browser_plays_it_or_it_plays_everywhere(store: Store, data: Path) -> None:
    _, hevc = _register(store, data, "hevc.mov", plays={"hevc": True, "h264": True})
    _, h264 = _register(store, data, "h264.mp4")
    for film in (hevc, h264):
        assert not playback_path(data, "F001", film.id or 0).exists()


def test_the_page_makes_a_copy_when_the_browser_cannot_show_the_film(
    store: Store, data: Path
) -> None:
    """Registered in a browser that plays HEVC, opened in one that does not: the marker says
    so, the page makes the copy, and the marker plays it."""
    _, film = _register(store, data, "hevc.mov", plays={"hevc": True})
    micro = _page(store, data, film=str(film.id))
    marker = micro.marker
    assert "hevc" == marker.codec and not micro.copy_part.work.busy
    marker.cannot_play = "This browser cannot show the pictures of this film."
    assert micro.copy_part.work.busy  # made off the kernel's event loop
    marker.cannot_play = "said again"  # while it is made: not a second copy
    micro.copy_part.work.wait(120)
    assert playback_path(data, "F001", film.id or 0).is_file()
    assert marker.src == f"/vigkit/media/film/{film.id}?copy={film.id}"
    assert ("h264", "") == (marker.codec, marker.cannot_play)
    assert "now has a playback copy" in marker.status
    assert "h264" == _page(store, data, film=str(film.id)).marker.codec  # opened again


def test_a_copy_that_fails_says_so_and_the_film_stays(
    store: Store, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, film = _register(store, data, "hevc.mov", plays={"hevc": True})
    micro = _page(store, data, film=str(film.id))
    full = paths.media_dir(data) / "playback"
    full.parent.mkdir(parents=True, exist_ok=True)
    full.write_text("a file where the copies' folder should be")
    micro.marker.cannot_play = "cannot show"
    micro.copy_part.work.wait(60)
    assert "its playback copy could not be made" in micro.marker.status
    assert "Traceback" not in micro.marker.status
    assert [film.id] == [f.id for f in store.list_films("F001")]


def test_long_work_runs_once_at_a_time_and_chains_in_its_thread() -> None:
    from vigkit.i18n.interface import Interface

    work = LongWork(Interface())
    gate, seen = threading.Event(), []

    def first(progress, cancel):
        gate.wait(10)
        progress(0.5)
        return "first"

    def then(result: str) -> None:
        seen.append((result, threading.current_thread().name))
        work.start("next", lambda progress, cancel: "second", lambda r: seen.append((r, "")), print)

    assert work.start("first", first, then, print)
    assert not work.start("again", first, then, print)  # a second click starts nothing
    gate.set()
    work.wait(10)
    deadline = time.monotonic() + 10
    while work.busy and time.monotonic() < deadline:
        work.wait(1)
    assert [("first", "vigkit-long-work"), ("second", "")] == seen
    assert "none" == work.widget.layout.display
