"""Faces hidden for good (vigkit.media.hiding): pixelated and blurred into the frame, in
renderings too (vigkit.media.renderings' ``hide``), on faces from shipped photographs."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from tests.facefilms import Walker, background, compose, film_record, make_face_film, sprite
from vigkit.core.access import Use
from vigkit.core.errors import MediaError, VigkitError
from vigkit.media.faces import Box, detect_faces, iou, scan_film
from vigkit.media.facetracks import hiding_for, track_faces
from vigkit.media.hiding import BoxOutsidePicture, check_box, hide_boxes, scaled
from vigkit.media.renderings import render


def _region(frame: np.ndarray, box: Box) -> np.ndarray:
    return frame[box.y : box.bottom, box.x : box.right].astype(np.float32)


def _difference(a: np.ndarray, b: np.ndarray, box: Box) -> float:
    """Mean absolute difference of two frames within ``box`` (0 to 255)."""
    return float(np.mean(np.abs(_region(a, box) - _region(b, box))))


def _detail(frame: np.ndarray, box: Box) -> float:
    """How much fine detail ``box`` holds: the mean size of neighbouring pixels' differences."""
    grey = _region(frame, box).mean(axis=2)
    return float(np.mean(np.abs(np.diff(grey, axis=0))) + np.mean(np.abs(np.diff(grey, axis=1))))


def _two_people() -> tuple[np.ndarray, Box, Box]:
    walkers = [
        Walker(sprite("astronaut", 120), (200, 150), (200, 150)),
        Walker(sprite("hopper", 120), (800, 200), (800, 200)),
    ]
    frame, (astronaut, hopper) = compose(background(1280, 720), walkers, 0.0)
    return frame, astronaut, hopper


def test_a_hidden_face_is_pixelated_and_blurred_and_no_longer_found() -> None:
    """Over the whole box the picture changes by far, its detail goes, and the detector no
    longer finds a face there; the other face is still found."""
    frame, astronaut, hopper = _two_people()
    hidden = hide_boxes(frame, [astronaut])
    assert _difference(frame, hidden, astronaut) > 25
    assert _detail(hidden, astronaut) < 0.2 * _detail(frame, astronaut)
    found = detect_faces(hidden)
    assert not any(iou(box, astronaut) > 0.1 for box in found)
    assert any(iou(box, hopper) >= 0.3 for box in found)


def test_only_the_box_and_its_margin_change() -> None:
    """A quarter of the box's size around it is hidden too; every pixel beyond stays as it was."""
    frame, astronaut, _ = _two_people()
    hidden = hide_boxes(frame, [astronaut])
    changed = np.any(hidden != frame, axis=2)
    rows, cols = np.nonzero(changed)
    margin_x, margin_y = astronaut.w // 4, astronaut.h // 4
    assert cols.min() >= astronaut.x - margin_x - 1 and cols.max() <= astronaut.right + margin_x
    assert rows.min() >= astronaut.y - margin_y - 1 and rows.max() <= astronaut.bottom + margin_y
    margin = Box(t=0, x=astronaut.x - margin_x, y=astronaut.y, w=margin_x, h=astronaut.h)
    assert _difference(frame, hidden, margin) > 5  # the hair beside the face is hidden too
    assert frame is not hidden and np.any(frame != hidden)  # a copy: the frame is untouched


def test_a_face_at_the_corner_is_hidden_up_to_the_edge() -> None:
    """A face in the picture's corner: its margin is clipped to the picture, nothing refused."""
    walkers = [Walker(sprite("astronaut", 100), (0, 0), (0, 0))]
    frame, (face,) = compose(background(1280, 720), walkers, 0.0)
    hidden = hide_boxes(frame, [face])
    assert hidden.shape == frame.shape
    assert _difference(frame, hidden, face) > 25
    assert _detail(hidden, face) < 0.2 * _detail(frame, face)


@pytest.mark.parametrize(
    "box",
    [
        Box(t=0, x=-10, y=50, w=100, h=100),
        Box(t=0, x=1200, y=50, w=100, h=100),
        Box(t=0, x=50, y=700, w=100, h=100),
        Box(t=0, x=2000, y=2000, w=10, h=10),
        Box(t=0, x=50, y=50, w=0, h=100),
    ],
)
def test_a_box_outside_the_picture_is_refused_in_plain_words(box: Box) -> None:
    """A face box moved outside the picture (or empty) is refused, saying why and what to do."""
    frame, _, _ = _two_people()
    with pytest.raises(BoxOutsidePicture) as caught:
        hide_boxes(frame, [box])
    err = caught.value
    assert isinstance(err, MediaError) and isinstance(err, VigkitError)
    assert "error.face.outside_picture" == err.key
    assert str(err) == (
        f"A face box must lie inside the picture (1280 × 720 pixels); this one, "
        f"{box.w} × {box.h} at ({box.x}, {box.y}), does not. Move it back inside."
    )


def test_a_box_inside_the_picture_is_accepted_as_it_is() -> None:
    """check_box gives back a box that lies inside, up to the last pixel."""
    box = Box(t=0, x=1180, y=620, w=100, h=100)
    assert box == check_box(box, 1280, 720)


def test_carried_boxes_partly_outside_are_clipped_not_refused() -> None:
    """Without the check (boxes carried by tracking) the part inside the picture is hidden."""
    walkers = [Walker(sprite("astronaut", 100), (0, 0), (0, 0))]
    frame, (face,) = compose(background(1280, 720), walkers, 0.0)
    carried = Box(t=0, x=-40, y=face.y, w=face.w + 40, h=face.h)
    hidden = hide_boxes(frame, [carried], check=False)
    assert _difference(frame, hidden, face) > 25
    with pytest.raises(BoxOutsidePicture):
        hide_boxes(frame, [carried])


def test_boxes_scale_with_the_picture() -> None:
    """A box of a 1920-wide film lands on the same place in a 1280-wide rendering."""
    box = scaled(Box(t=1, x=300, y=150, w=90, h=120, track=2), 2 / 3, 2 / 3)
    assert (200, 100, 60, 80, 2) == (box.x, box.y, box.w, box.h, box.track)


def _frames(path: Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(path)) as container:
        return [
            (float(frame.time or 0.0), frame.to_ndarray(format="rgb24"))
            for frame in container.decode(video=0)
        ]


@pytest.mark.slow
def test_a_rendering_hides_one_person_in_every_frame_and_leaves_the_other(
    tmp_path: Path,
) -> None:
    """Detected, tracked, and one of two people hidden in a rendering of a 720p film: in
    every frame their face differs from the plain rendering by far and is no longer found,
    while the other face and the background stay within the codec's noise."""
    walkers = [
        Walker(sprite("astronaut", 110), (150, 150), (450, 220)),
        Walker(sprite("hopper", 90, mirror=True), (900, 180), (700, 260)),
    ]
    source = tmp_path / "two.mp4"
    truth = make_face_film(source, walkers, seconds=2.0, fps=25)
    scan = scan_film(source, 0.0, 2.0, step_s=0.2)
    tracks = track_faces(scan.frames)
    assert 2 == len(tracks)
    astronaut = next(t.id for t in tracks if iou(t.boxes[0], truth[0][1][0]) >= 0.3)
    film = film_record(source, 2.0)
    plain = _frames(render(tmp_path / "plain", film, Use.intervision, 0.0, 2.0))
    out = render(
        tmp_path / "hidden",
        film,
        Use.intervision,
        0.0,
        2.0,
        hide=hiding_for(tracks, {astronaut}, lead_s=0.2),
        hidden="astronaut",
    )
    hidden = _frames(out)
    assert len(plain) == len(hidden) == len(truth) == 50
    ground = background(1280, 720)
    still_far = Box(t=0, x=560, y=600, w=120, h=100)  # floor between them, never crossed
    for n, ((_, before), (_, after), (_, (face, other))) in enumerate(
        zip(plain, hidden, truth, strict=True)
    ):
        assert _difference(before, after, face) > 20
        assert _detail(after, face) < 0.35 * _detail(before, face)
        found = detect_faces(after)
        assert not any(iou(box, face) > 0.1 for box in found)
        assert any(iou(box, other) >= 0.3 for box in found)
        # The encoder spends its bits a little differently on the whole picture: what is not
        # hidden differs by no more than the encoder's own error there (plain against source).
        source, _ = compose(ground, walkers, n / 49)
        for kept in (other, still_far):
            noise = _difference(source, before, kept)
            assert _difference(before, after, kept) <= 1.5 * noise + 1.0
