"""A name or an address spoken in a film is silenced in every rendering for a use, where the
practitioner marked the stretch (``store.people_in_films.mute``): a film with sound (a tone,
:mod:`vigkit.media.testvideo`), 0.5–1.0 s marked, rendered for a use; its sound decoded with
PyAV is silent in the stretch and as loud as before outside it; the rendering is kept under
a new name; removing the stretch brings the sound back."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from peoplefixture import two_families

from vigkit.core.access import Use
from vigkit.media.renderings import render_for
from vigkit.media.testvideo import make_film
from vigkit.store import Store

pytestmark = pytest.mark.sqlite_only

SECONDS = (0.0, 2.0)


def _sound(path: Path) -> tuple[np.ndarray, float, int]:
    """The rendering's sound as one channel, the time of its first sample, its rate."""
    chunks, first, rate = [], None, 0
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            rate = frame.sample_rate
            first = frame.time if first is None else first
            chunks.append(frame.to_ndarray().reshape(len(frame.layout.channels), -1)[0])
    assert chunks and first is not None
    return np.concatenate(chunks).astype(np.float64), float(first), rate


def _rms(path: Path, start: float, end: float) -> float:
    samples, first, rate = _sound(path)
    i, j = int((start - first) * rate), int((end - first) * rate)
    return float(np.sqrt(np.mean(samples[i:j] ** 2)))


def test_a_marked_stretch_is_silent_in_a_rendering_and_comes_back_when_removed(
    store: Store, tmp_path: Path
) -> None:
    own, _ = two_families(store, path=str(tmp_path / "{code}.mp4"), seconds=3.0)
    make_film(own.path, seconds=3.0, width=320, height=180)
    data = tmp_path / "data"
    plain = render_for(store, data, own, Use.supervision, SECONDS)
    loud = _rms(plain, 0.55, 0.95), _rms(plain, 0.1, 0.4), _rms(plain, 1.2, 1.8)
    assert min(loud) > 0.05

    stretch = store.people_in_films.mute(own.id or 0, 0.5, 1.0, "jo")
    muted = render_for(store, data, own, Use.supervision, SECONDS)
    assert muted.name != plain.name and not plain.exists()
    assert _rms(muted, 0.55, 0.95) < 0.01 * loud[0]
    outside = _rms(muted, 0.1, 0.4), _rms(muted, 1.2, 1.8)
    assert outside == pytest.approx(loud[1:], rel=0.05)
    # Another use, and a clip that only touches the stretch, are silenced there too.
    other = render_for(store, data, own, Use.training, (0.8, 1.6))  # its times from 0.8 s
    assert _rms(other, 0.05, 0.15) < 0.01 * loud[0] and _rms(other, 0.3, 0.7) > 0.05
    # A clip of seconds the stretch does not reach is the plain rendering.
    assert "hidden" not in render_for(store, data, own, Use.supervision, (1.2, 2.0)).name

    store.people_in_films.unmute(stretch.id or 0)
    back = render_for(store, data, own, Use.supervision, SECONDS)
    assert back.name == plain.name and not muted.exists()
    assert _rms(back, 0.55, 0.95) == pytest.approx(loud[0], rel=0.05)


def test_the_familys_copy_is_silent_in_the_marked_stretch(store: Store, tmp_path: Path) -> None:
    """The family's copy renders its clips through render_for and joins them: the stretch
    stays silent in the joined MP4, the rest keeps its sound."""
    from vigkit.core.keepsake import Keepsake, KeepsakeClip
    from vigkit.media.fingerprint import sha256_file
    from vigkit.media.keepsake import join_clips, render_clips

    own, _ = two_families(store, path=str(tmp_path / "{code}.mp4"), seconds=3.0)
    make_film(own.path, seconds=3.0, width=320, height=180)
    store.people_in_films.mute(own.id or 0, 0.5, 1.0, "jo")
    own = own.model_copy(update={"sha256": sha256_file(own.path)})  # as logged
    clip = KeepsakeClip(
        clip_id=1, film=own, start_s=0.0, end_s=2.0, still_s=0.5, principle_ids=(),
        what_i_see="",
    )  # fmt: skip
    keepsake = Keepsake(case_code="F031", clips=(clip,), words=(), review_ids=())
    [part] = render_clips(store, tmp_path / "data", keepsake)
    joined = join_clips([(part, 2.0)], tmp_path / "copy.mp4")
    loud = _rms(joined, 1.2, 1.8)
    assert loud > 0.05 and _rms(joined, 0.55, 0.95) < 0.01 * loud


def test_review_clips_for_the_parent_are_silent_in_the_marked_stretch(
    store: Store, tmp_path: Path
) -> None:
    """The clips cut for the shared review are a use like any other: a stretch marked to
    silence is silent in them too."""
    from vigkit.core.records import Clip
    from vigkit.ui.parts.reviewclips import ReviewClipsPart

    own, _ = two_families(store, path=str(tmp_path / "{code}.mp4"), seconds=3.0)
    make_film(own.path, seconds=3.0, width=320, height=180)
    store.films.add_clip(Clip(film_id=own.id or 0, start_s=0.0, end_s=2.0))
    store.people_in_films.mute(own.id or 0, 0.5, 1.0, "jo")
    [cut] = ReviewClipsPart(store, own, tmp_path / "data").cut()
    assert _rms(cut, 0.55, 0.95) < 0.01 * _rms(cut, 1.2, 1.8)
    assert _rms(cut, 1.2, 1.8) > 0.05
