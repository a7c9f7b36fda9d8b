"""Faces found on this machine (vigkit.media.faces) and carried across a clip
(vigkit.media.facetracks), on films composed from public-domain photographs that installed
packages ship (tests/facefilms.py), at known places."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.facefilms import Walker, background, compose, make_face_film, scenes, sprite
from vigkit.core.errors import MediaError
from vigkit.core.filmpeople import PersonKind
from vigkit.media.faces import Box, detect_faces, detector, iou, scan_film
from vigkit.media.facetracks import (
    boxes_at,
    hiding_for,
    propose_for_film,
    propose_people,
    track_faces,
)
from vigkit.media.testvideo import make_film

MATCH = 0.3  # a face is found when a box overlaps its true box this much (IoU)


def _found(truth: list[Box], boxes: list[Box]) -> tuple[int, int]:
    """(true faces found, boxes that are no true face)."""
    used: set[int] = set()
    for true in truth:
        best = max(range(len(boxes)), key=lambda i: iou(true, boxes[i]), default=None)
        if best is not None and best not in used and iou(true, boxes[best]) >= MATCH:
            used.add(best)
    return len(used), len(boxes) - len(used)


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list]]:
    """The three scenes as 720p films, 1.2 s at 10 frames a second."""
    folder = tmp_path_factory.mktemp("faces")
    out = []
    for n, walkers in enumerate(scenes()):
        path = folder / f"scene{n}.mp4"
        out.append((path, make_face_film(path, walkers, seconds=1.2, fps=10)))
    return out


def test_each_shipped_face_is_found_where_it_was_put() -> None:
    """Frontal, mirrored, turned ±20° and three-quarters-away faces from 40 to 160 px wide are
    each found in a 720p frame, and nothing else is taken for a face."""
    ground = background(1280, 720)
    for walkers in scenes():
        frame, truth = compose(ground, walkers, 0.5)
        boxes = detect_faces(frame)
        assert (len(truth), 0) == _found(truth, boxes)


def test_a_frame_without_people_has_no_faces() -> None:
    """vigkit's synthetic test pictures (shapes, no people) give no face."""
    assert [] == detect_faces(background(1280, 720))


@pytest.mark.slow
def test_scanning_films_finds_at_least_95_percent_of_face_frames(films: list) -> None:
    """Every frame of the three films scanned (108 faces): at least 95 % of them found,
    at the frame's own time, with at most one box in 20 frames that is no face."""
    hits = faces = extra = frames = 0
    for path, truth in films:
        scan = scan_film(path, 0.0, 1.2, step_s=0.1)
        assert [round(t, 1) for t, _ in truth] == [round(t, 1) for t, _ in scan.frames]
        for (_, true), (_, boxes) in zip(truth, scan.frames, strict=True):
            found, wrong = _found(true, boxes)
            hits, faces, extra, frames = hits + found, faces + len(true), extra + wrong, frames + 1
    assert faces == 108
    assert hits / faces >= 0.95
    assert extra / frames <= 0.05


def test_a_scan_samples_the_seconds_asked_with_progress(films: list) -> None:
    """A scan of [0.4, 1.0) at a 0.2 s step looks at 0.4, 0.6 and 0.8 s and says how far it is."""
    heard: list[float] = []
    scan = scan_film(films[0][0], 0.4, 1.0, step_s=0.2, progress=heard.append)
    assert [0.4, 0.6, 0.8] == [t for t, _ in scan.frames]
    assert not scan.stopped and scan.reached_s == 1.0
    assert heard == sorted(heard) and heard[-1] == 1.0
    assert all(len(boxes) == 3 for _, boxes in scan.frames)


def test_a_scan_stops_when_asked_and_keeps_what_it_found(films: list) -> None:
    """Stop after the first frame: the scan says it stopped, and where, with that frame's faces."""
    stop = threading.Event()
    scan = scan_film(
        films[0][0], 0.0, 1.2, step_s=0.1, progress=lambda share: stop.set(), cancel=stop
    )
    assert scan.stopped
    assert 1 == len(scan.frames)
    assert scan.reached_s == 0.0
    assert 3 == len(scan.boxes)


def test_a_scan_outside_the_film_is_refused_in_plain_words(tmp_path: Path) -> None:
    """Seconds past the film's end, or an end before the start, are refused, not scanned."""
    film = make_film(tmp_path / "short.mp4", seconds=1.0, audio=False)
    with pytest.raises(MediaError, match="is 0:01.0 long"):
        scan_film(film, 5.0, 6.0)
    with pytest.raises(MediaError, match="must end after it starts"):
        scan_film(film, 0.5, 0.2)


def test_a_film_without_faces_gives_no_tracks(tmp_path: Path) -> None:
    """Nothing detected in vigkit's synthetic film: no boxes, no tracks (the page offers
    marking by hand)."""
    film = make_film(tmp_path / "shapes.mp4", seconds=1.0, width=640, height=360, audio=False)
    scan = scan_film(film, 0.0, 1.0, step_s=0.25)
    assert 4 == len(scan.frames)
    assert [] == scan.boxes
    assert [] == track_faces(scan.frames)


def test_the_model_is_loaded_once_and_shared_by_threads() -> None:
    """One detector per process; two threads detecting at once get the same faces."""
    assert detector() is detector()
    ground = background(1280, 720)
    frame, _ = compose(ground, scenes()[0], 0.2)
    alone = detect_faces(frame)
    results: list[list[Box]] = []
    threads = [threading.Thread(target=lambda: results.append(detect_faces(frame))) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [alone, alone] == results


@pytest.mark.slow
def test_a_track_covers_one_person_across_the_clip(films: list) -> None:
    """Three people moving across a film: three tracks, each found in every sampled frame
    and each following the same person's true boxes."""
    path, truth = films[1]
    scan = scan_film(path, 0.0, 1.2, step_s=0.2)
    tracks = track_faces(scan.frames)
    assert [1, 2, 3] == [track.id for track in tracks]
    sampled = {round(t, 1): true for t, true in truth}
    for track in tracks:
        assert [t for t, _ in scan.frames] == [box.t for box in track.boxes]
        assert not any(box.lost for box in track.boxes)
        people = {
            max(range(3), key=lambda k: iou(box, sampled[round(box.t, 1)][k]))
            for box in track.boxes
        }
        assert 1 == len(people)


def _box(t: float, x: int, y: int = 100, size: int = 60) -> Box:
    return Box(t=t, x=x, y=y, w=size, h=size, score=0.9)


def test_a_lost_face_keeps_its_last_box_marked_lost_until_found_again() -> None:
    """The detector misses a face for two samples: its track keeps the last box there, marked
    lost; found again nearby, the same track goes on."""
    frames = [
        (0.0, [_box(0.0, 100)]),
        (0.2, [_box(0.2, 110)]),
        (0.4, []),
        (0.6, []),
        (0.8, [_box(0.8, 130)]),
    ]
    (track,) = track_faces(frames)
    assert [False, False, True, True, False] == [box.lost for box in track.boxes]
    assert [100, 110, 110, 110, 130] == [box.x for box in track.boxes]
    assert {1} == {box.track for box in track.boxes}
    assert not track.lost


def test_a_face_never_found_again_stays_lost_to_the_end() -> None:
    """A face gone from the last samples is still there at the end, lost, never dropped."""
    frames = [(0.0, [_box(0.0, 100), _box(0.0, 600)]), (0.2, [_box(0.2, 600)]), (0.4, [])]
    first, second = track_faces(frames)
    assert first.lost and second.lost
    assert [0.0, 0.2, 0.4] == [box.t for box in first.boxes]
    assert (100, 100) == (first.boxes[-1].x, first.boxes[-1].y)


def test_a_fast_face_is_carried_by_its_nearest_like_sized_box() -> None:
    """Moving more than its width between samples (no overlap), a face keeps its track; a
    face of another size far away starts a new one."""
    frames = [(0.0, [_box(0.0, 100)]), (0.2, [_box(0.2, 170), _box(0.2, 900, size=200)])]
    first, second = track_faces(frames)
    assert [100, 170] == [box.x for box in first.boxes]
    assert [900] == [box.x for box in second.boxes]


def test_boxes_between_samples_are_interpolated() -> None:
    """Half-way between samples a box is half-way between; after the last it stays; before
    the first it appears ``lead_s`` early."""
    frames = [(1.0, [_box(1.0, 100, size=60)]), (1.4, [_box(1.4, 200, size=80)])]
    tracks = track_faces(frames)
    (mid,) = boxes_at(tracks, 1.2)
    assert (150, 70, 1.2, 1) == (mid.x, mid.w, mid.t, mid.track)
    assert 200 == boxes_at(tracks, 9.0)[0].x
    assert [] == boxes_at(tracks, 0.5)
    assert 100 == boxes_at(tracks, 0.9, lead_s=0.2)[0].x
    two = track_faces([(1.0, [_box(1.0, 100), _box(1.0, 700)]), (1.4, [_box(1.4, 120)])])
    assert [100] == [box.x for box in hiding_for(two, {1})(1.0)]
    assert [(700, True)] == [(box.x, box.lost) for box in hiding_for(two, {2})(1.2)]


@pytest.mark.slow
def test_a_turned_face_is_found_in_a_moving_film(tmp_path: Path) -> None:
    """The astronaut turned by -20°, mirrored, 50 px wide, walking across the picture: found
    in every frame and carried as one track."""
    walker = Walker(sprite("astronaut", 50, mirror=True, angle=-20), (100, 200), (500, 260))
    path = tmp_path / "turned.mp4"
    make_face_film(path, [walker], seconds=1.0, fps=10)
    scan = scan_film(path, 0.0, 1.0, step_s=0.1)
    assert [1] * 10 == [len(boxes) for _, boxes in scan.frames]
    (track,) = track_faces(scan.frames)
    assert not any(box.lost for box in track.boxes)


def test_tracks_are_proposed_as_people_nobody_has_confirmed() -> None:
    """One proposed person per track, unsaved, unknown and with no say (so hidden until the
    practitioner decides), with every tracked box — a lost face's carried boxes kept."""
    frames = [(0.0, [_box(0.0, 100), _box(0.0, 600)]), (0.2, [_box(0.2, 600)]), (0.4, [])]
    first, second = propose_people(7, track_faces(frames))
    for person in (first, second):
        assert (None, 7, PersonKind.unknown, None) == (
            person.id,
            person.film_id,
            person.kind,
            person.agrees,
        )
    assert [(0.0, 100, False), (0.2, 100, True), (0.4, 100, True)] == [
        (box.t, box.x, box.kept) for box in first.boxes
    ]
    assert [False, False, True] == [box.kept for box in second.boxes]


def test_a_film_with_people_is_scanned_into_proposals(films: list) -> None:
    """Scanning a film's seconds proposes its three people, each with a box in every
    sampled frame over their true face; a film without faces proposes nobody."""
    path, truth = films[1]
    proposal = propose_for_film(3, path, 0.0, 1.2, step_s=0.2)
    assert not proposal.scan.stopped
    assert 3 == len(proposal.people)
    sampled = {round(t, 1): true for t, true in truth}
    for person in proposal.people:
        assert [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] == [round(box.t, 1) for box in person.boxes]
        for box in person.boxes:
            found = Box(t=box.t, x=box.x, y=box.y, w=box.w, h=box.h)
            assert max(iou(found, true) for true in sampled[round(box.t, 1)]) >= MATCH
