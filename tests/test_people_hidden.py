"""Hidden for good in renderings and stills for a use (vigkit.media.renderings.render_for):
a group film of two families, only one consenting to the group review, on real faces at
known places (tests/facefilms.py) — the other family's face is changed by far in every
frame, the consenting family's is untouched, and a change of consent or of who someone is
makes a new rendering."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import av
import numpy as np
import pytest
from peoplefixture import two_families
from PIL import Image

from tests.facefilms import Walker, background, compose, film_record, make_face_film, sprite
from vigkit.core.access import Use
from vigkit.core.filmpeople import FaceBox, PersonInFilm, PersonKind
from vigkit.core.records import Consent
from vigkit.media.faces import Box
from vigkit.media.facetracks import hidden_key, hiding_people
from vigkit.media.governance import record_consent
from vigkit.media.renderings import hiding_for_use, render, render_for
from vigkit.media.stills import still_at
from vigkit.store import Store

pytestmark = pytest.mark.sqlite_only

SECONDS, FPS = 1.0, 25
WALKERS = [
    Walker(sprite("astronaut", 110), (150, 150), (400, 200)),  # F031's parent
    Walker(sprite("hopper", 90, mirror=True), (900, 180), (720, 240)),  # F032's parent
]


def _difference(a: np.ndarray, b: np.ndarray, box: Box) -> float:
    """Mean absolute difference of two frames within ``box`` (0 to 255)."""
    one = a[box.y : box.bottom, box.x : box.right].astype(np.float32)
    two = b[box.y : box.bottom, box.x : box.right].astype(np.float32)
    return float(np.mean(np.abs(one - two)))


def _frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def _picture(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


def _confirmed(truth: list[tuple[float, list[Box]]], who: int) -> list[FaceBox]:
    """The boxes a practitioner confirmed: person ``who``'s true box every 0.2 s."""
    return [
        FaceBox(t=t, x=boxes[who].x, y=boxes[who].y, w=boxes[who].w, h=boxes[who].h)
        for n, (t, boxes) in enumerate(truth)
        if n % 5 == 0
    ]


@pytest.fixture
def group_film(store: Store, tmp_path: Path) -> tuple[Store, list[tuple[float, list[Box]]]]:
    """F031's film of a group session with F031's parent and F032's parent in it; F031
    consented to group viewing, F032 did not."""
    path = tmp_path / "group.mp4"
    truth = make_face_film(path, WALKERS, seconds=SECONDS, fps=FPS)
    own, _ = two_families(store, str(path), SECONDS)
    store.cases.set_consent(
        Consent(case_code="F031", given_on=date(2026, 3, 2), filming=True, group_viewing=True)
    )
    film = own.id or 0
    store.people_in_films.add(
        PersonInFilm(film_id=film, kind=PersonKind.parent, boxes=_confirmed(truth, 0))
    )
    store.people_in_films.add(
        PersonInFilm(
            film_id=film,
            kind=PersonKind.other_family,
            case_code="F032",
            label="Sam",
            boxes=_confirmed(truth, 1),
        )
    )
    return store, truth


def test_the_family_that_did_not_consent_is_hidden_in_every_frame(
    group_film: tuple[Store, list[tuple[float, list[Box]]]], tmp_path: Path
) -> None:
    """For the group review, F032's parent is changed by far in every frame and F031's
    parent differs from a rendering hiding nobody by no more than the codec's own noise; the
    same rendering is reused while nothing changes; a still for the use hides them too."""
    store, truth = group_film
    film = store.films.list("F031")[0]
    data = tmp_path / "data"
    hidden = render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    plain = render(tmp_path / "plain", film, Use.group_review, 0.0, SECONDS)
    assert "-hidden-" in hidden.name and "-hidden-" not in plain.name
    before, after = _frames(plain), _frames(hidden)
    assert len(before) == len(after) == len(truth) == SECONDS * FPS
    ground = background(1280, 720)
    for n, (b, a, (_, (consenting, other))) in enumerate(zip(before, after, truth, strict=True)):
        assert _difference(b, a, other) > 20, n
        source, _ = compose(ground, WALKERS, n / (len(truth) - 1))
        noise = _difference(source, b, consenting)
        assert _difference(b, a, consenting) <= 1.5 * noise + 1.0, n
    made = hidden.stat().st_mtime_ns
    assert hidden == render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    assert made == hidden.stat().st_mtime_ns  # reused, not made again

    hide, _ = hiding_for_use(store, film, Use.group_review, 0.5, 0.5)
    still = _picture(still_at(film.path, 0.5, tmp_path / "s.png", hide=hide))
    bare = _picture(still_at(film.path, 0.5, tmp_path / "b.png"))
    consenting, other = truth[round(0.5 * FPS)][1]
    assert _difference(bare, still, other) > 20
    assert 0.0 == _difference(bare, still, consenting)


def test_a_change_of_consent_or_of_who_someone_is_makes_a_new_rendering(
    group_film: tuple[Store, list[tuple[float, list[Box]]]], tmp_path: Path
) -> None:
    """F032 consents to group viewing: the rendering hides nobody and the one hiding them
    is gone; F031's parent re-assigned as someone unknown: a new rendering hiding them."""
    store, _ = group_film
    film = store.films.list("F031")[0]
    data = tmp_path / "data"
    first = render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    store.cases.set_consent(
        Consent(case_code="F032", given_on=date(2026, 3, 3), filming=True, group_viewing=True)
    )
    second = render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    assert "-hidden-" not in second.name and second.is_file() and not first.exists()
    parent = store.people_in_films.list(film.id or 0)[0]
    store.people_in_films.update(parent.model_copy(update={"kind": PersonKind.unknown}))
    third = render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    assert third not in (first, second) and "-hidden-" in third.name
    assert [third] == sorted(third.parent.glob("*.mp4"))


def test_the_key_says_who_is_hidden_and_where() -> None:
    """The digest a rendering is kept under changes with who is hidden and with their boxes
    in (or next to) the seconds rendered, and only then; nobody hidden: no digest."""
    boxes = [FaceBox(t=t, x=100, y=50, w=80, h=90) for t in (0.0, 2.0, 4.0, 20.0)]
    one = PersonInFilm(id=1, film_id=1, boxes=boxes)
    two = PersonInFilm(id=2, film_id=1, boxes=boxes)
    key = hidden_key([one, two], {1}, 1.0, 3.0)
    assert 12 == len(key) and key == hidden_key([one, two], {1}, 1.0, 3.0)
    assert "" == hidden_key([one, two], set(), 1.0, 3.0)
    assert key != hidden_key([one, two], {2}, 1.0, 3.0)
    moved = one.model_copy(update={"boxes": [*boxes[:2], boxes[2].model_copy(update={"x": 9})]})
    assert key != hidden_key([moved, two], {1}, 1.0, 3.0)
    later = one.model_copy(update={"boxes": [*boxes[:3], boxes[3].model_copy(update={"x": 9})]})
    assert key == hidden_key([later, two], {1}, 1.0, 3.0)  # a box far after: same rendering


def test_a_rendering_that_hides_must_say_whom(tmp_path: Path) -> None:
    """Hiding without the digest of who is hidden is refused: it could not be kept apart."""
    film = film_record(tmp_path / "none.mp4", 1.0)  # refused before the film is read
    with pytest.raises(ValueError, match="give hidden"):
        render(tmp_path, film, Use.group_review, 0.0, 1.0, hide=lambda t: [])


def test_a_person_who_left_is_no_longer_hidden_after() -> None:
    """Hidden from ``lead_s`` before their first box, carried between boxes, held after the
    last one until they left the picture (to the end when nobody said they left)."""
    boxes = [FaceBox(t=1.0, x=100, y=50, w=80, h=90), FaceBox(t=2.0, x=200, y=50, w=80, h=90)]
    stays = PersonInFilm(id=1, film_id=1, boxes=boxes)
    left = PersonInFilm(id=2, film_id=1, boxes=boxes, left_at=3.0)
    hide = hiding_people([stays, left], {1, 2})
    assert [] == hide(0.5)
    assert [(150, 1), (150, 2)] == [(box.x, box.track) for box in hide(1.5)]
    assert [1] == [box.track for box in hide(3.5)]
    assert [1] == [box.track for box in hiding_people([stays, left], {1})(1.5)]


def test_another_familys_new_consent_removes_the_renderings_they_are_seen_in(
    group_film: tuple[Store, list[tuple[float, list[Box]]]], tmp_path: Path
) -> None:
    """F032's consent recorded again (here: a withdrawal) removes the renderings of F031's
    film that F032's parent is seen in, whatever the use; they are made again when asked."""
    store, _ = group_film
    film = store.films.list("F031")[0]
    data = tmp_path / "data"
    made = render_for(store, data, film, Use.group_review, (0.0, SECONDS))
    withdrawn = Consent(
        case_code="F032", given_on=date(2026, 3, 1), filming=True, withdrawn_on=date(2026, 3, 9)
    )
    _, gone = record_consent(store, data, withdrawn)
    assert made in gone.removed and not made.exists()
    assert made == render_for(store, data, film, Use.group_review, (0.0, SECONDS))
