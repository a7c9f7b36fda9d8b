"""The family's own copy made on disk (vigkit.reports.keepsake.make_family_copy): a group
film of two families on real faces at known places (tests/facefilms.py, as in
tests/test_people_hidden.py), three clips chosen in F031's shared review. The copy's MP4
decodes, lasts the clips' sum, hides F032's parent by far in every frame (though F032 said
yes to everything: another family is never in this family's copy) and leaves F031's parent
as filmed; the page to print stands alone; the handover is in the audit trail."""

from __future__ import annotations

import re
import stat
import time
from datetime import date
from pathlib import Path

import av
import numpy as np
import pytest
from test_people_hidden import FPS, WALKERS, _confirmed, _difference, _frames

from tests.facefilms import background, compose, make_face_film
from vigkit.core.access import CONSENT_FIELD, AccessRole, Principal
from vigkit.core.errors import ConsentRequired
from vigkit.core.filmpeople import PersonInFilm, PersonKind
from vigkit.core.keepsake import HANDOVER, handovers
from vigkit.core.records import Case, Clip, Consent, Film, Practitioner, Reflection
from vigkit.media.fingerprint import sha256_file
from vigkit.media.footage import FootageFiles
from vigkit.reports.keepsake import MP4_NAME, PAGE_NAME, make_family_copy
from vigkit.store import Store

pytestmark = pytest.mark.sqlite_only

SECONDS = 3.0
CLIPS = [(0.0, 1.0), (1.2, 2.0), (2.2, 3.0)]  # 2.6 s in all
JO = Principal("jo", frozenset({AccessRole.practitioner}))


def group_case(store: Store, tmp_path: Path) -> tuple[list, list[int]]:
    """F031's group film with F031's parent and F032's parent; F032 consents to every use,
    F031 to a copy for the family; a shared review chose three clips."""
    path = tmp_path / "group.mp4"
    truth = make_face_film(path, WALKERS, seconds=SECONDS, fps=FPS)
    store.people.add(Practitioner(id="jo", display_name="Jo"))
    every = {field: True for field in CONSENT_FIELD.values()}
    for code, yes in (("F031", {"filming": True, "family_copy": True}), ("F032", every)):
        store.cases.add(Case(code=code, practitioner_id="jo", opened_on=date(2026, 3, 1)))
        store.cases.set_consent(Consent(case_code=code, given_on=date(2026, 3, 1), **yes))
    film = store.films.add(
        Film(case_code="F031", cycle_number=1, path=str(path), sha256=sha256_file(path),
             duration_s=SECONDS, filmed_on=date(2026, 3, 8))
    )  # fmt: skip
    fid = film.id or 0
    store.people_in_films.add(
        PersonInFilm(film_id=fid, kind=PersonKind.parent, boxes=_confirmed(truth, 0))
    )
    store.people_in_films.add(
        PersonInFilm(film_id=fid, kind=PersonKind.other_family, case_code="F032",
                     boxes=_confirmed(truth, 1))
    )  # fmt: skip
    ids = [store.films.add_clip(Clip(film_id=fid, start_s=a, end_s=b)).id or 0 for a, b in CLIPS]
    store.reflections.save(
        Reflection(template_id="shared_review", template_version="1.1", author_id="jo",
                   case_code="F031", cycle_number=1,
                   answers={"review_date": "2026-03-12", "clips_chosen": ids,
                            "parent_noticed": "He looked at me when I waited."})
    )  # fmt: skip
    return truth, ids


def test_the_familys_copy_holds_only_the_family_with_the_other_hidden(
    store: Store, tmp_path: Path
) -> None:
    truth, ids = group_case(store, tmp_path)
    data = tmp_path / "data"
    shares: list[float] = []
    started = time.perf_counter()
    made = make_family_copy(store, data, "F031", JO, by="jo", door="test", progress=shares.append)
    took = time.perf_counter() - started
    print(f"family's copy of 3 clips (2.6 s of 720p): {took:.2f} s")

    # The MP4: H.264 yuv420p, even size, index first, the clips' sum long.
    with av.open(str(made.video)) as container:
        vs = container.streams.video[0]
        assert "h264" == vs.codec_context.name and "yuv420p" == vs.codec_context.pix_fmt
        assert 0 == vs.codec_context.width % 2 == vs.codec_context.height % 2
        assert abs(float(container.duration / av.time_base) - 2.6) < 0.1
    head = made.video.read_bytes()[:4096]
    assert head.index(b"moov") < head.index(b"mdat") if b"mdat" in head else b"moov" in head
    frames = _frames(made.video)
    sources = [n for a, b in CLIPS for n in range(round(a * FPS), round(b * FPS))]
    assert len(frames) == len(sources) == 65
    ground = background(1280, 720)
    other_least, own_most = 255.0, 0.0
    for frame, n in zip(frames, sources, strict=True):
        source, _ = compose(ground, WALKERS, n / (len(truth) - 1))
        own, other = truth[n][1]
        other_least = min(other_least, _difference(source, frame, other))
        own_most = max(own_most, _difference(source, frame, own))
    print(
        f"other family's face differs by at least {other_least:.1f}; own by at most {own_most:.1f}"
    )
    assert other_least > 20 and own_most < 8

    # Progress per clip up to the end; the files owner-only, in the case's folder.
    assert shares == sorted(shares) and 1.0 == shares[-1] and len(shares) > 10
    folder = FootageFiles(data).keepsake("F031", made.made)
    assert {MP4_NAME, PAGE_NAME} == {p.name for p in folder.iterdir()}
    for path in [folder, *folder.iterdir()]:
        assert 0 == stat.S_IMODE(path.stat().st_mode) & 0o077

    # The page to print stands alone: stills inside it, nothing fetched.
    page = made.page.read_text("utf-8")
    assert 3 == page.count('src="data:image/png;base64,') and "<main>" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "He looked at me when I waited." in page and 3 == page.count('alt="A still from clip')

    # The handover: in the audit trail, who, which clips, each file's sha256.
    lines = [e for e in store.audit.trail(ident="F031") if e.action == HANDOVER]
    assert 1 == len(lines) and "jo" == lines[0].login
    (handover,) = handovers(lines, "F031")
    assert tuple(ids) == handover.clip_ids and 3 == handover.clips
    assert (MP4_NAME, sha256_file(made.video)) in handover.files
    assert (PAGE_NAME, sha256_file(made.page)) in handover.files


def test_refused_without_the_familys_yes_and_nothing_is_made(store: Store, tmp_path: Path) -> None:
    group_case(store, tmp_path)
    store.cases.set_consent(Consent(case_code="F031", given_on=date(2026, 3, 2), filming=True))
    data = tmp_path / "data"
    with pytest.raises(ConsentRequired, match="has not agreed to a copy for the family"):
        make_family_copy(store, data, "F031", JO, by="jo", door="test")
    assert not (data / "media" / "keepsakes").exists()
    trail = store.audit.trail(ident="F031")
    assert not [e for e in trail if e.action == HANDOVER]
    refused = [e for e in trail if not e.allowed]
    assert ["no consent to a copy for the family"] == [e.reason for e in refused]


def test_stop_leaves_nothing_behind(store: Store, tmp_path: Path) -> None:
    import threading

    group_case(store, tmp_path)
    data = tmp_path / "data"
    cancel = threading.Event()

    def stop_half_way(share: float) -> None:
        if share > 0.7:
            cancel.set()

    with pytest.raises(Exception, match="Stopped"):
        make_family_copy(
            store, data, "F031", JO, by="jo", door="test", progress=stop_half_way, cancel=cancel
        )
    assert not list((data / "media" / "keepsakes" / "F031").glob("*/*"))
    assert not [e for e in store.audit.trail(ident="F031") if e.action == HANDOVER]


def test_sound_follows_the_pictures(tmp_path: Path) -> None:
    """Two clips with sound joined: AAC, and the sound lasts as long as the pictures."""
    from vigkit.media.keepsake import join_clips
    from vigkit.media.testvideo import make_film

    parts = []
    for n in range(2):
        path = tmp_path / f"part{n}.mp4"
        make_film(path, seconds=1.0 + n)
        parts.append((path, 1.0 + n))
    out = join_clips(parts, tmp_path / "joined.mp4")
    with av.open(str(out)) as container:
        audio = container.streams.audio[0]
        assert "aac" == audio.codec_context.name
        sound = sum(f.samples for f in container.decode(audio=0)) / audio.codec_context.sample_rate
    assert abs(sound - 3.0) < 0.1 and len(_frames(out)) > 0
    assert np.isfinite(sound)
