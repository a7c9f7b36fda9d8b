"""Face tracks: one person's boxes carried from frame to frame across a clip. Pure.

:func:`track_faces` takes the boxes found in sampled frames (as
:func:`vigkit.media.faces.scan_film` gives them) and joins them into :class:`Track` s by
overlap (intersection over union), or, when a face moved further than its size between two
samples, by the nearest centre of a like-sized box. A face the detector stops finding is
never dropped: its track keeps its last box, marked ``lost``, in every later sampled frame,
until someone decides (the practitioner confirms, moves or removes it); if it is found
again near that box, the track goes on. :func:`boxes_at` gives every track's box at any
time by interpolating between the sampled frames, so a rendering can hide a face in the
frames between samples too.

:func:`propose_people` turns tracks into people for the practitioner to confirm (kind
unknown, no say recorded: hidden everywhere until confirmed), and :func:`propose_for_film`
scans a film's seconds for them — the one part of this module that reads video.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vigkit.core.filmpeople import FaceBox, PersonInFilm, PersonKind
from vigkit.media.faces import Box, Scan, iou, scan_film

__all__ = [
    "Track",
    "track_faces",
    "boxes_at",
    "hiding_for",
    "Proposal",
    "propose_people",
    "propose_for_film",
    "hiding_people",
    "hidden_key",
]


@dataclass(frozen=True)
class Track:
    """One person across a clip: ``boxes`` in time order, one per sampled frame from the one
    they were first found in; those after the detector lost them are their last found box,
    marked ``lost``."""

    id: int
    boxes: tuple[Box, ...]

    @property
    def lost(self) -> bool:
        """The detector does not find this person in the last sampled frame."""
        return self.boxes[-1].lost

    @property
    def start_s(self) -> float:
        return self.boxes[0].t

    @property
    def end_s(self) -> float:
        return self.boxes[-1].t


def _near(a: Box, b: Box, reach: float) -> float | None:
    """How far apart two like-sized boxes' centres are, in sizes; None when they are not alike
    or further than ``reach`` sizes."""
    if not 0.5 <= (a.w * a.h) / max(1, b.w * b.h) <= 2.0:
        return None
    size = max(a.w, a.h, b.w, b.h)
    dx = (a.x + a.w / 2) - (b.x + b.w / 2)
    dy = (a.y + a.h / 2) - (b.y + b.h / 2)
    distance = (dx * dx + dy * dy) ** 0.5 / size
    return distance if distance <= reach else None


def _match(
    last: dict[int, Box], found: Sequence[Box], min_iou: float, reach: float
) -> dict[int, int]:
    """Track id → index of the found box it continues with: best overlaps first, then the
    nearest centres for what is left."""
    pairs = sorted(
        (
            (-iou(box, last[tid]), tid, i)
            for tid in last
            for i, box in enumerate(found)
            if iou(box, last[tid]) >= min_iou
        ),
    )
    matched: dict[int, int] = {}
    for _, tid, i in pairs:
        if tid not in matched and i not in matched.values():
            matched[tid] = i
    near = []
    for tid in last:
        for i, box in enumerate(found):
            if tid in matched or i in matched.values():
                continue
            distance = _near(box, last[tid], reach)
            if distance is not None:
                near.append((distance, tid, i))
    for _, tid, i in sorted(near):
        if tid not in matched and i not in matched.values():
            matched[tid] = i
    return matched


def track_faces(
    frames: Sequence[tuple[float, Sequence[Box]]],
    *,
    min_iou: float = 0.3,
    reach: float = 1.5,
) -> list[Track]:
    """Join the boxes of sampled ``frames`` ((time, boxes), in time order) into tracks.

    A box continues the track whose last box it overlaps most (at least ``min_iou``), or
    else whose last box is of like size and whose centre lies within ``reach`` box sizes;
    any other box starts a new track. Tracks are numbered from 1 in the order they start."""
    boxes: dict[int, list[Box]] = {}
    for t, found in sorted(frames, key=lambda frame: frame[0]):
        last = {tid: kept[-1] for tid, kept in boxes.items()}
        matched = _match(last, found, min_iou, reach)
        for tid, i in matched.items():
            boxes[tid].append(replace(found[i], t=t, track=tid, lost=False))
        taken = set(matched.values())
        for tid in last.keys() - matched.keys():
            boxes[tid].append(replace(last[tid], t=t, lost=True))  # never dropped silently
        for i, box in enumerate(found):
            if i not in taken:
                tid = len(boxes) + 1
                boxes[tid] = [replace(box, t=t, track=tid, lost=False)]
    return [Track(tid, tuple(kept)) for tid, kept in sorted(boxes.items())]


def _between(a: Box, b: Box, t: float) -> Box:
    share = (t - a.t) / (b.t - a.t) if b.t > a.t else 0.0

    def mix(p: int, q: int) -> int:
        return round(p + (q - p) * share)

    return Box(
        t=t,
        x=mix(a.x, b.x),
        y=mix(a.y, b.y),
        w=mix(a.w, b.w),
        h=mix(a.h, b.h),
        score=min(a.score, b.score),
        track=a.track,
        lost=a.lost or b.lost,
    )


def boxes_at(tracks: Sequence[Track], t: float, *, lead_s: float = 0.0) -> list[Box]:
    """Every track's box at time ``t``: interpolated between its sampled boxes, its last box
    after its last sample, and its first box from ``lead_s`` before its first sample (a
    face appears between two samples: hiding it a little early is the safe side)."""
    out = []
    for track in tracks:
        kept = track.boxes
        if t < kept[0].t - lead_s - 1e-9:
            continue
        if t <= kept[0].t:
            out.append(replace(kept[0], t=t))
            continue
        if t >= kept[-1].t:
            out.append(replace(kept[-1], t=t))
            continue
        lo, hi = 0, len(kept) - 1
        while hi - lo > 1:  # the two samples around t
            mid = (lo + hi) // 2
            if kept[mid].t <= t:
                lo = mid
            else:
                hi = mid
        out.append(_between(kept[lo], kept[hi], t))
    return out


def hiding_for(
    tracks: Sequence[Track], hidden: Collection[int], *, lead_s: float = 0.0
) -> Callable[[float], list[Box]]:
    """What a rendering hides at each time: the boxes of the tracks numbered in ``hidden``
    (lost ones included: a person not found stays hidden where they were last seen)."""
    chosen = [track for track in tracks if track.id in hidden]

    def hide(t: float) -> list[Box]:
        return boxes_at(chosen, t, lead_s=lead_s)

    return hide


def _face_box(box: Box) -> FaceBox:
    return FaceBox(
        t=box.t, x=max(0, box.x), y=max(0, box.y), w=max(1, box.w), h=max(1, box.h), kept=box.lost
    )


def propose_people(film_id: int, tracks: Sequence[Track]) -> list[PersonInFilm]:
    """One proposed person per track, for the practitioner to confirm, correct or remove:
    not saved, kind unknown and no say recorded (so hidden for every use until someone
    decides), their boxes as tracked (a lost face's carried boxes ``kept``)."""
    people = []
    for track in tracks:
        boxes = [_face_box(box) for box in track.boxes]
        people.append(PersonInFilm(film_id=film_id, kind=PersonKind.unknown, boxes=boxes))
    return people


@dataclass(frozen=True)
class Proposal:
    """What a scan proposes: the people, and the scan itself (``scan.stopped`` says it was
    stopped before the end asked for; an empty ``people``: nothing was detected)."""

    people: list[PersonInFilm]
    scan: Scan


def propose_for_film(
    film_id: int,
    path: str | Path,
    start_s: float,
    end_s: float,
    *,
    step_s: float = 0.2,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> Proposal:
    """Scan ``start_s``–``end_s`` of the film (:func:`vigkit.media.faces.scan_film`, with
    its progress and Stop), track the faces and propose the people. Nothing is confirmed:
    the practitioner saves what is right (``store.people_in_films``). MediaError in plain
    words when the film cannot be read."""
    scan = scan_film(path, start_s, end_s, step_s=step_s, progress=progress, cancel=cancel)
    return Proposal(propose_people(film_id, track_faces(scan.frames)), scan)


def _track_of(person: PersonInFilm) -> Track:
    boxes = tuple(
        Box(t=b.t, x=b.x, y=b.y, w=b.w, h=b.h, track=person.id, lost=b.kept) for b in person.boxes
    )
    return Track(person.id or 0, boxes)


def hiding_people(
    people: Sequence[PersonInFilm], hidden: Collection[int], *, lead_s: float = 0.2
) -> Callable[[float], list[Box]]:
    """What a rendering hides at each time: the confirmed boxes of the people numbered in
    ``hidden``, interpolated between boxes, each held after a person's last box until they
    left the picture (to the end if nobody said they left), shown ``lead_s`` before their
    first box (the safe side)."""
    chosen = [p for p in people if p.id in hidden and p.boxes]
    tracks = [_track_of(p) for p in chosen]
    gone = {p.id: p.left_at for p in chosen if p.left_at is not None}

    def hide(t: float) -> list[Box]:
        found = boxes_at(tracks, t, lead_s=lead_s)
        return [box for box in found if box.track not in gone or t <= gone[box.track] + 1e-6]

    return hide


def hidden_key(
    people: Sequence[PersonInFilm], hidden: Collection[int], start_s: float, end_s: float
) -> str:
    """A short digest of who is hidden in ``start_s``–``end_s`` and of their boxes there
    ("" when nobody is): a rendering is kept under it, so a re-assignment, a moved box or a
    change of consent makes a new one, and the same people hidden the same way reuse it."""
    chosen = sorted((p for p in people if p.id in hidden), key=lambda p: p.id or 0)
    if not chosen:
        return ""
    what = [
        [p.id, p.left_at, [[b.t, b.x, b.y, b.w, b.h] for b in p.boxes_between(start_s, end_s)]]
        for p in chosen
    ]
    return hashlib.sha256(json.dumps(what).encode()).hexdigest()[:12]
