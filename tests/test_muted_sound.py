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
