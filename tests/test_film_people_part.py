"""Who is in this film, on the micro-analysis page without a browser: people and their face
boxes are added, moved, refused outside the picture, found (or not) by a scan, removed and
saved; saving removes the film's renderings."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path

import pytest

from vigkit import paths
from vigkit.core.filmpeople import FaceBox, PersonInFilm, PersonKind
from vigkit.core.records import Case, Consent, Group, Practitioner
from vigkit.media.footage import FootageFiles, Kind
from vigkit.media.testvideo import make_film
from vigkit.store import Store
from vigkit.templates.principles import load_principles
from vigkit.ui.pages.microanalysis import microanalysis_page
from vigkit.ui.parts.filmpeople import FilmPeoplePart

pytestmark = pytest.mark.sqlite_only


@pytest.fixture(scope="module")
def film_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_film(
        tmp_path_factory.mktemp("film") / "master.mp4", seconds=3.0, width=160, height=96
    )


@pytest.fixture
def data(store: Store, tmp_path: Path, film_file: Path) -> Path:
    """A case in a group with F002, its film 1 registered."""
    data = tmp_path / "data"
    store.people.add(Practitioner(id="sam", display_name="Sam"))
    for code in ("F001", "F002"):
        store.cases.add(Case(code=code, practitioner_id="sam", opened_on=date(2024, 1, 1)))
        store.cases.set_consent(Consent(case_code=code, given_on=date(2024, 1, 1), filming=True))
    store.groups.add(Group(code="G001", practitioner_id="sam", title="Baby bonding"))
    for code in ("F001", "F002"):
        store.groups.add_member("G001", code)
    target = paths.media_dir(data) / "play.mp4"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(film_file.read_bytes())
    page = microanalysis_page("F001", store=store, data=data, principles=load_principles())
    page.micro.reg_file.value = str(target)
    assert page.micro.register() is not None
    return data


def _part(store: Store, data: Path) -> FilmPeoplePart:
    page = microanalysis_page("F001", "1", store=store, data=data, principles=load_principles())
    assert page.micro.people is not None
    return page.micro.people


def _said(widget) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", widget.value))


def test_a_person_and_their_box_are_saved_and_shown_again(store: Store, data: Path) -> None:
    part = _part(store, data)
    assert "Nobody is recorded in this film yet." in _said(part.rows_box.children[0])
    assert part.faces.width == 160 and part.faces.height == 96
    key = part.add_person()
    row = part.row(key)
    row.kind.value, row.label.value, row.agrees.value = "parent", "Mum", "yes"
    part.go(1.2)
    assert part.faces.src.endswith("/vigkit/media/still/1/1.20.png")
    assert part.faces.alt == "Still from the cycle 1 film at 1.20 seconds"
    part.put_box(key, 10, 12, 30, 36)
    assert part.faces.people == [{"key": key, "name": "Mum"}]
    # A rendering made before is removed by saving: made again with the right people hidden.
    rendering = FootageFiles(data).case_folders("F001")[Kind.rendering] / "film-1" / "a.mp4"
    rendering.parent.mkdir(parents=True)
    rendering.write_bytes(b"old")
    assert part.save()
    assert "Saved who is in this film: 1 listed." in _said(part.message)
    assert not rendering.exists()
    [mum] = store.people_in_films.list(1)
    assert (mum.kind, mum.label, mum.agrees) == (PersonKind.parent, "Mum", True)
    assert mum.boxes == [FaceBox(t=1.2, x=10, y=12, w=30, h=36)]

    again = _part(store, data)  # a page opened again: at the first box, Mum's box drawn
    assert again.t == 1.2
    [drawn] = again.faces.boxes
    assert drawn == {"person": drawn["person"], "x": 10, "y": 12, "w": 30, "h": 36} | {
        "carried": False
    }
    assert again.faces.people[0]["name"] == "Mum"


def test_a_box_outside_the_picture_is_refused_in_words_and_nothing_saved(
    store: Store, data: Path
) -> None:
    part = _part(store, data)
    key = part.add_person()
    part.row(key).label.value = "Mum"
    part.go(2.4)
    part.put_box(key, 140, 10, 30, 30)  # 140 + 30 > 160
    assert not part.save()
    assert "Mum's box at 2.40 s is outside the picture (160 × 96 pixels)" in _said(part.message)
    assert "nothing was saved" in _said(part.message)
    assert store.people_in_films.list(1) == []
    part.put_box(key, 120, 10, 30, 30)
    assert part.save() and len(store.people_in_films.list(1)) == 1


def test_boxes_carry_forward_and_earlier_later_step_between_them(store: Store, data: Path) -> None:
    store.people_in_films.add(
        PersonInFilm(
            film_id=1,
            kind=PersonKind.baby,
            boxes=[FaceBox(t=0.4, x=1, y=2, w=20, h=20), FaceBox(t=1.0, x=5, y=2, w=20, h=20)],
        )
    )
    part = _part(store, data)
    assert part.t == 0.4
    part.later()
    assert part.t == 1.0
    part.later()
    assert part.faces.status == "There is no box after 1.00 s."
    part.go(2.0)  # after the last box: it is carried, drawn dashed
    [carried] = part.faces.boxes
    assert carried["carried"] and carried["x"] == 5
    part.faces.boxes = [carried | {"x": 40, "carried": False}]  # moved: a box of its own
    part.earlier()
    assert part.t == 1.0
    part.go(2.0)
    assert part.faces.boxes[0]["x"] == 40 and not part.faces.boxes[0]["carried"]
    part.faces.boxes = []  # Delete on the box: only this time's box goes
    assert part.faces.boxes[0]["carried"] and part.faces.boxes[0]["x"] == 5
    assert "face boxes: 2, from 0.40 s to 1.00 s" in _said(part.rows[0].info)


def test_another_family_is_chosen_from_the_group_and_removal_asks_twice(
    store: Store, data: Path
) -> None:
    part = _part(store, data)
    key = part.add_person(PersonKind.other_family)
    row = part.row(key)
    assert [value for _, value in row.family.options] == ["F002"]
    part.put_box(key, 5, 5, 20, 20)
    assert part.save()
    [saved] = store.people_in_films.list(1)
    assert saved.kind is PersonKind.other_family and saved.case_code == "F002"
    part = _part(store, data)
    row = part.rows[0]
    row.remove.click()
    assert row.remove.description.startswith("Press again to remove")
    assert store.people_in_films.list(1) != []
    row.remove.click()
    assert part.rows == [] and "saving removes them" in _said(part.message)
    assert part.save()
    assert store.people_in_films.list(1) == []


def test_nothing_detected_is_said_and_a_face_is_marked_by_hand(store: Store, data: Path) -> None:
    """The test film has no face: the scan says so plainly and offers marking by hand."""
    part = _part(store, data)
    assert part.scan_span() == (0.0, pytest.approx(3.0, abs=0.1))
    assert part.find_faces()
    part.work.wait(120)
    said = _said(part.find_message)
    assert "No face was found in 0.00–" in said and "mark each face by hand" in said
    assert part.hand_button.layout.display == "" and part.rows == []
    part.hand_button.click()
    [row] = part.rows
    [box] = part.faces.boxes
    assert (box["x"], box["y"], box["w"], box["h"]) == (70, 38, 19, 19)
    assert "drag it onto their face" in part.faces.status
    assert part.save() and len(store.people_in_films.list(1)[0].boxes) == 1


def test_the_clip_in_the_editor_sets_the_seconds_scanned(store: Store, data: Path) -> None:
    page = microanalysis_page("F001", "1", store=store, data=data, principles=load_principles())
    micro = page.micro
    micro.ed_start.value, micro.ed_end.value = 0.5, 1.5
    assert micro.people.scan_span() == (0.5, 1.5)


def test_saving_confirms_a_group_films_people_and_lets_it_be_shown(
    store: Store, data: Path
) -> None:
    """A film of a group session is shown for no use until its people are saved; the page
    says so, and after saving says who confirmed them."""
    from vigkit.core.access import AccessRole, Action, Principal, Use, decide
    from vigkit.core.records import GroupSession

    session = store.groups.add_session(GroupSession(group_code="G001", held_on=date(2024, 2, 1)))
    store.groups.add_film_to_session(1, session.id or 0)
    film = store.films.get(1)
    sam = Principal("sam", frozenset({AccessRole.practitioner}))
    refused = decide(sam, Action.play, store.access.footage(film, Use.review, (0.0, 1.0)))
    assert not refused and "not confirmed" in refused.reason
    part = _part(store, data)
    assert "filmed at a group session, so none of it is shown" in _said(part.confirmed)
    assert part.who == "sam"
    assert part.save()  # nobody in it: said so, and confirmed
    assert re.search(r"confirmed by sam, \d\d \w+ \d{4} \d\d:\d\d", _said(part.confirmed))
    assert decide(sam, Action.play, store.access.footage(film, Use.review, (0.0, 1.0)))
    assert "confirmed by sam" in _said(_part(store, data).confirmed)


def test_the_face_boxes_words_cover_their_javascript_in_every_language() -> None:
    """Each word the picture's JavaScript says has English words, each is said, and the page's
    language reaches all of them."""
    from vigkit.i18n.interface import Interface
    from vigkit.templates.languages import PSEUDO
    from vigkit.ui.widgets.face_boxes import _ESM, FACES_ENGLISH, face_box_words

    calls = re.findall(r"\bt\(([^()]*)", _ESM)
    used = {word for call in calls for word in re.findall(r'"([\w.]+)"', call)}
    assert used == set(FACES_ENGLISH), used ^ set(FACES_ENGLISH)
    assert face_box_words() == FACES_ENGLISH
    qps = face_box_words(Interface(PSEUDO))
    assert qps.keys() == FACES_ENGLISH.keys() and "{name}" in qps["box"]
    assert all(text.startswith("[") for text in qps.values())


def test_review_clips_of_a_group_film_wait_for_its_people_to_be_confirmed(
    store: Store, data: Path
) -> None:
    """Review clips are cut from the film for the shared review: from a group session's film
    only once who is in it is confirmed (other families are in the frame)."""
    from vigkit.core.records import Clip, GroupSession
    from vigkit.i18n.interface import Interface
    from vigkit.ui.parts.reviewclips import ReviewClipsPart

    session = store.groups.add_session(GroupSession(group_code="G001", held_on=date(2024, 2, 1)))
    store.groups.add_film_to_session(1, session.id or 0)
    store.films.add_clip(Clip(film_id=1, start_s=0.2, end_s=1.0))
    review = ReviewClipsPart(store, store.films.get(1), data, Interface())
    assert [] == review.cut()
    assert "nobody has confirmed who is in it yet" in _said(review.message)
    assert _part(store, data).save()
    assert 1 == len(review.cut())
