# ruff: noqa: F811  (the fixtures data and film_file are shared with the film-people tests)
"""Sound to silence, on the micro-analysis page without a browser: a stretch is marked from
typed seconds or the clip editor's, refused in plain words outside the film or backwards
(nothing saved), listed, removed after asking twice; marking and removing remove the film's
renderings."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as w
import pytest
from test_film_people_part import data, film_file  # noqa: F401

from vigkit.media.footage import FootageFiles, Kind
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page
from vigkit.ui.parts.mutedsound import MutedSoundPart

pytestmark = pytest.mark.sqlite_only


def _said(widget: w.Widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def _page_part(store: Store, data: Path) -> tuple[w.Widget, MutedSoundPart]:
    """The film's page, and a part on the same film driven as the page's is."""
    page = microanalysis_page("F001", "1", store=store, data=data, principles=load_principles())
    micro = page.micro
    assert micro.film is not None and micro.people is not None
    part = MutedSoundPart(store, data, micro.film, micro.ui, "sam", micro.people.clip_span)
    return page, part


def _rendering(data: Path) -> Path:
    path = FootageFiles(data).case_folders("F001")[Kind.rendering] / "film-1" / "a.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"old")
    return path


def _all(widget: w.Widget) -> list[w.Widget]:
    children = getattr(widget, "children", ())
    return [widget] + [x for child in children for x in _all(child)]


def test_the_page_shows_the_part_under_who_is_in_this_film(store: Store, data: Path) -> None:
    page, _ = _page_part(store, data)
    found = [x for x in _all(page.micro.film_box) if "vk-muted" in getattr(x, "_dom_classes", ())]
    assert len(found) == 1
    assert "Sound to silence" in " ".join(
        _said(x) for x in _all(found[0]) if isinstance(getattr(x, "value", None), str)
    )


def test_a_stretch_is_silenced_listed_and_removed_after_asking_twice(
    store: Store, data: Path
) -> None:
    _, part = _page_part(store, data)
    assert "No stretch of this film is silenced." in _said(part.listing)
    old = _rendering(data)
    part.start.value, part.end.value = 0.5, 1.0
    assert part.silence()
    assert "Silenced 0.50–1.00 s" in _said(part.message)
    assert not old.exists()
    [stretch] = store.people_in_films.muted(1)
    assert (stretch.start_s, stretch.end_s, stretch.marked_by) == (0.5, 1.0, "sam")
    assert "0.50–1.00 s" in _said(part.listing)

    old = _rendering(data)
    [button] = part.removers.children
    button.click()
    assert "Press again to hear 0.50–1.00 s again" == button.description
    assert len(store.people_in_films.muted(1)) == 1 and old.exists()
    button.click()
    assert store.people_in_films.muted(1) == [] and not old.exists()
    assert "0.50–1.00 s is no longer silenced." in _said(part.message)
    assert part.removers.children == ()


@pytest.mark.parametrize(
    "start, end, words",
    [
        (1.0, 0.5, "ends after it starts"),
        (2.0, 3.5, "not inside the film, which lasts 3.00"),
        (-1.0, 0.5, "not inside the film"),
    ],
)
def test_a_stretch_backwards_or_outside_the_film_is_refused_and_nothing_saved(
    store: Store, data: Path, start: float, end: float, words: str
) -> None:
    _, part = _page_part(store, data)
    part.start.value, part.end.value = start, end
    assert not part.silence()
    assert words in _said(part.message) and "Nothing was saved" in _said(part.message)
    assert store.people_in_films.muted(1) == []


def test_the_clip_editors_start_and_end_are_taken(store: Store, data: Path) -> None:
    page, part = _page_part(store, data)
    part.clip_span = lambda: None
    part.use_clip()
    assert "No clip is set in the clip editor" in _said(part.message)
    part.clip_span = lambda: (1.25, 2.0)
    part.use_clip()
    assert (part.start.value, part.end.value) == (1.25, 2.0)
    assert part.silence() and store.people_in_films.muted(1)[0].start_s == 1.25
