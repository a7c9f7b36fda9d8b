"""Who is in this film with real faces and at the doors: a scan of a film of three people
lists three unsaved people, Stop ends it, and a group session's film is written out by
``vigkit clip export`` only once its people are confirmed."""

from __future__ import annotations

import argparse
import io
import re
import time
from datetime import date
from pathlib import Path

import pytest

from tests.facefilms import make_face_film, scenes
from vigkit import paths
from vigkit.cli import clip as clipcli
from vigkit.core.records import Case, Clip, Consent, Group, GroupSession, Practitioner
from vigkit.media.testvideo import make_film
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page
from vigkit.ui.parts.filmpeople import FilmPeoplePart

pytestmark = pytest.mark.sqlite_only


def _registered(store: Store, data: Path, film: Path) -> FilmPeoplePart:
    """Case F001 (filming and review consented) with ``film`` registered, its people part."""
    store.people.add(Practitioner(id="sam", display_name="Sam"))
    store.cases.add(Case(code="F001", practitioner_id="sam", opened_on=date(2024, 1, 1)))
    store.cases.set_consent(Consent(case_code="F001", given_on=date(2024, 1, 1), filming=True))
    micro = microanalysis_page("F001", store=store, data=data, principles=load_principles()).micro
    micro.reg_file.value = str(film)
    registered = micro.register()
    assert registered is not None
    micro.registrar.work.wait(120)
    page = microanalysis_page(
        "F001", str(registered.id), store=store, data=data, principles=load_principles()
    )
    assert page.micro.people is not None
    return page.micro.people


def _said(widget) -> str:
    return re.sub(r"<[^>]+>", " ", widget.value)


@pytest.fixture
def faces_part(store: Store, tmp_path: Path) -> FilmPeoplePart:
    data = tmp_path / "data"
    path = paths.media_dir(data) / "group.mp4"
    path.parent.mkdir(parents=True, exist_ok=True)
    make_face_film(path, scenes()[0], seconds=2.0)
    return _registered(store, data, path)


def test_a_scan_of_three_people_lists_three_unsaved_people(
    store: Store, faces_part: FilmPeoplePart
) -> None:
    part = faces_part
    assert part.scan_span() == (0.0, pytest.approx(2.0, abs=0.1))
    part.clip_span = lambda: (0.0, 0.8)
    assert part.find_faces()
    part.work.wait(300)
    said = _said(part.find_message)
    assert "Found 3 faces in 0.00–0.80 s" in said, said
    assert 3 == len(part.rows) and all(row.id is None and row.boxes for row in part.rows)
    assert all("not saved yet" in _said(row.info) for row in part.rows)
    assert 3 == len(part.faces.boxes) and part.t == 0.0
    assert [] == store.people_in_films.list(part.film.id or 0)  # nothing saved yet
    assert part.save()
    assert 3 == len(store.people_in_films.list(part.film.id or 0))


def test_stop_ends_the_scan_and_says_how_far_it_came(
    store: Store, faces_part: FilmPeoplePart
) -> None:
    part = faces_part
    assert part.find_faces()
    deadline = time.monotonic() + 60
    while part.work.widget.layout.display != "flex" and time.monotonic() < deadline:
        time.sleep(0.005)  # the bar shows when the scan starts: Stop then reaches it
    part.work.stop_button.click()
    part.work.wait(300)
    said = _said(part.find_message)
    assert re.search(r"Stopped at \d+\.\d\d s: \d+ faces found so far", said), said
    assert [] == store.people_in_films.list(part.film.id or 0)


def test_the_clip_door_writes_a_group_film_only_once_its_people_are_confirmed(
    store: Store, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    path = make_film(paths.media_dir(data) / "play.mp4", seconds=2.0, width=160, height=96)
    part = _registered(store, data, path)
    film = part.film.id or 0
    store.groups.add(Group(code="G001", practitioner_id="sam", title="Baby bonding"))
    store.groups.add_member("G001", "F001")
    session = store.groups.add_session(GroupSession(group_code="G001", held_on=date(2024, 2, 1)))
    store.groups.add_film_to_session(film, session.id or 0)
    clip = store.films.add_clip(Clip(film_id=film, start_s=0.2, end_s=1.2))
    target = tmp_path / "out.mp4"
    args = argparse.Namespace(
        to=str(target), as_login=None, use="review", case="F001", clip=clip.id
    )
    err = io.StringIO()
    with pytest.raises(Exception, match="nobody has confirmed who is in it") as refused:
        clipcli.run(args, store, data, team=False, err=err)
    assert "Nothing was written." in str(refused.value) and not target.exists()
    assert part.save()
    assert 0 == clipcli.run(args, store, data, team=False, err=err)
    assert target.stat().st_size > 0


def test_the_familys_copy_waits_for_a_group_films_people_to_be_confirmed(
    store: Store, tmp_path: Path
) -> None:
    """A clip of a group session's film goes into the family's copy only once who is in that
    film is confirmed: other families nobody recorded would be in it, unhidden."""
    from test_keepsake_media import JO, group_case

    from vigkit.core.errors import MediaError
    from vigkit.reports.keepsake import make_family_copy

    group_case(store, tmp_path)
    store.groups.add(Group(code="G001", practitioner_id="jo", title="Baby bonding"))
    store.groups.add_member("G001", "F031")
    session = store.groups.add_session(GroupSession(group_code="G001", held_on=date(2026, 3, 8)))
    film = store.films.list("F031")[0].id or 0
    store.groups.add_film_to_session(film, session.id or 0)
    data = tmp_path / "data"
    with pytest.raises(MediaError, match="nobody has confirmed who is in that film yet"):
        make_family_copy(store, data, "F031", JO, by="jo", door="test")
    store.people_in_films.confirm(film, "jo")
    made = make_family_copy(store, data, "F031", JO, by="jo", door="test")
    assert made.video.stat().st_size > 0
