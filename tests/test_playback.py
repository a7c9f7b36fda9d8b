"""Playback copies (vigkit.media.playback): an H.264/AAC MP4 of a film a browser cannot play,
keeping the original's frame times, turned upright, with progress, a stop and no half copy."""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media import playback
from vigkit.media.films import probe
from vigkit.media.playback import make_playback_copy, needs_copy, playback_path
from vigkit.media.stills import still_at
from vigkit.media.testvideo import (
    BACKGROUND_SAMPLE_BOX,
    colour_at,
    make_film,
    make_not_a_video,
    make_truncated_copy,
    read_second,
    read_time,
)

SECONDS = {"hevc": 3.0, "vfr": 3.0, "rotated": 2.0}


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("films")
    codec = "hevc" if "libx265" in av.codecs_available else "h264"
    return {
        "hevc": make_film(
            root / "hevc.mp4", seconds=SECONDS["hevc"], codec=codec, width=320, height=180
        ),
        "vfr": make_film(
            root / "vfr.mp4",
            seconds=SECONDS["vfr"],
            variable_frame_rate=True,
            width=320,
            height=180,
        ),
        "rotated": make_film(
            root / "rotated.mp4", seconds=SECONDS["rotated"], rotation=90, width=320, height=180
        ),
    }


@pytest.fixture(scope="module")
def copies(films: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("copies")
    return {kind: make_playback_copy(film, root / f"{kind}.mp4") for kind, film in films.items()}


def _times(path: Path) -> list[Fraction]:
    """Every video frame's time (pts × time base), in order."""
    with av.open(str(path)) as container:
        vs = container.streams.video[0]
        tb = vs.time_base
        assert tb is not None
        return sorted(p.pts * tb for p in container.demux(vs) if p.pts is not None)


def _pictures(path: Path) -> dict[Fraction, np.ndarray]:
    """Every frame's picture (RGB) by its time."""
    with av.open(str(path)) as container:
        vs = container.streams.video[0]
        tb = vs.time_base
        assert tb is not None
        return {
            f.pts * tb: f.to_ndarray(format="rgb24")
            for f in container.decode(vs)
            if f.pts is not None
        }


def _formats(path: Path) -> tuple[str, str, str | None, int]:
    """(container, video codec, sound codec, rotation of the first frame)."""
    with av.open(str(path)) as container:
        vs = container.streams.video[0]
        audio = container.streams.audio[0].codec_context.name if container.streams.audio else None
        first = next(container.decode(vs))
        return container.format.name, vs.codec_context.name, audio, int(first.rotation or 0)


def _background(image: np.ndarray) -> tuple[float, ...]:
    h, w = image.shape[:2]
    left, top, right, bottom = BACKGROUND_SAMPLE_BOX
    box = image[int(top * h) : int(bottom * h), int(left * w) : int(right * w)]
    return tuple(float(c) for c in box.reshape(-1, 3).mean(axis=0))


def _close(colour: tuple[float, ...], expected: tuple[int, int, int], tol: float = 30.0) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(colour, expected, strict=True))


# -- the copy is H.264/AAC in an MP4, as long as the original ----------------------------------


@pytest.mark.parametrize("kind", ["hevc", "vfr", "rotated"])
def test_the_copy_is_h264_and_aac_in_an_mp4_of_the_same_length(
    kind: str, films: dict[str, Path], copies: dict[str, Path]
) -> None:
    original, copy = probe(films[kind]), probe(copies[kind])
    family, video, audio, _ = _formats(copies[kind])
    assert "mp4" in family.split(",") and copies[kind].suffix == ".mp4"
    assert ("h264", "aac") == (video, audio) == (copy.codec, "aac")
    assert copy.has_audio
    assert not needs_copy(video, family, audio)
    assert abs(copy.duration_s - original.duration_s) <= 1 / original.fps
    assert not list(copies[kind].parent.glob(".*"))  # no temporary file left beside it


def test_the_original_needed_a_copy(films: dict[str, Path]) -> None:
    family, video, audio, _ = _formats(films["hevc"])
    if video == "hevc":
        assert needs_copy(video, family, audio)


# -- frame times kept ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["hevc", "vfr", "rotated"])
def test_every_frame_keeps_its_time(
    kind: str, films: dict[str, Path], copies: dict[str, Path]
) -> None:
    original, copy = _times(films[kind]), _times(copies[kind])
    assert original == copy
    if kind == "vfr":  # still variable: the gaps between frames are not all the same
        assert len({b - a for a, b in zip(copy, copy[1:], strict=False)}) > 2
        assert probe(copies[kind]).variable_frame_rate


@pytest.mark.parametrize("kind", ["hevc", "vfr"])
def test_the_frame_at_a_time_shows_that_time(
    kind: str, films: dict[str, Path], copies: dict[str, Path]
) -> None:
    seconds = SECONDS[kind]
    original, copy = _pictures(films[kind]), _pictures(copies[kind])
    assert original.keys() == copy.keys()
    times = sorted(copy)
    picked = [times[0], times[len(times) // 3], times[len(times) // 2], times[-1]]
    picked += [t for t in times if 1 <= t < Fraction(21, 20)][:1]  # just after a whole second
    for t in picked:
        shown = read_time(copy[t], seconds)
        assert abs(shown - float(t)) <= 0.05, (kind, float(t), shown)
        assert abs(shown - read_time(original[t], seconds)) <= 0.05
        assert read_second(copy[t]) == read_second(original[t]) == int(t)
        assert _close(_background(copy[t]), colour_at(float(t)))


# -- upright ------------------------------------------------------------------------------------


def test_a_rotated_film_is_copied_upright_without_rotation(
    films: dict[str, Path], copies: dict[str, Path], tmp_path: Path
) -> None:
    original, copy = probe(films["rotated"]), probe(copies["rotated"])
    assert 90 == original.rotation and 0 == copy.rotation
    assert (180, 320) == (original.width, original.height) == (copy.width, copy.height)
    assert 0 == _formats(copies["rotated"])[3]
    pictures = _pictures(copies["rotated"])
    t = sorted(pictures)[len(pictures) // 2]
    picture = pictures[t]
    assert (320, 180) == picture.shape[:2]  # stored upright: taller than wide
    # Turned back a quarter turn, the picture is the landscape one drawn, at its own time.
    assert abs(read_time(np.rot90(picture, -1), SECONDS["rotated"]) - float(t)) <= 0.05
    # And it is what a still of the original at that moment shows (stills are turned too).
    with Image.open(still_at(films["rotated"], float(t), tmp_path / "still.png")) as still:
        drawn = np.asarray(still.convert("RGB"), dtype=np.float32)
    assert drawn.shape == picture.shape
    assert float(np.abs(drawn - picture.astype(np.float32)).mean()) < 12


def test_a_large_film_is_made_smaller_keeping_its_shape(
    films: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(playback, "MAX_SIDE", 200)
    landscape = probe(make_playback_copy(films["vfr"], tmp_path / "small.mp4"))
    upright = probe(make_playback_copy(films["rotated"], tmp_path / "small-upright.mp4"))
    assert (200, 112) == (landscape.width, landscape.height)  # 112.5, made even
    assert (112, 200) == (upright.width, upright.height)


# -- progress, stop, failures -------------------------------------------------------------------


def test_progress_rises_to_one(films: dict[str, Path], tmp_path: Path) -> None:
    seen: list[float] = []
    make_playback_copy(films["vfr"], tmp_path / "copy.mp4", progress=seen.append)
    assert seen[0] <= 0.05 and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0.0 <= f <= 1.0 for f in seen)
    assert 20 <= len(seen) <= 102  # about every 1%: not once a frame of a long film


def test_a_stopped_copy_keeps_nothing(films: dict[str, Path], tmp_path: Path) -> None:
    stop = threading.Event()
    seen: list[float] = []

    def progress(fraction: float) -> None:
        seen.append(fraction)
        if fraction >= 0.3:
            stop.set()

    out = tmp_path / "case" / "film-1.mp4"
    with pytest.raises(MediaError) as caught:
        make_playback_copy(films["hevc"], out, progress=progress, cancel=stop)
    assert "The playback copy was stopped; nothing was kept." == str(caught.value)
    assert max(seen) < 0.5
    assert [] == list(out.parent.iterdir())


def test_a_film_that_cannot_be_read_leaves_nothing(films: dict[str, Path], tmp_path: Path) -> None:
    not_a_video = make_not_a_video(tmp_path / "notes.mp4")
    out = tmp_path / "copies" / "film-2.mp4"
    with pytest.raises(MediaError, match="not a video file"):
        make_playback_copy(not_a_video, out)
    assert [] == list(out.parent.iterdir())
    with pytest.raises(MediaError, match="was not found"):
        make_playback_copy(tmp_path / "gone.mp4", out)
    assert [] == list(out.parent.iterdir())


def test_a_film_cut_short_is_damaged_and_leaves_nothing(tmp_path: Path) -> None:
    """A half-copied film with its index at the front opens, but its pictures stop early."""
    whole = make_film(tmp_path / "whole.mp4", seconds=4.0, width=160, height=90, faststart=True)
    half = make_truncated_copy(whole, tmp_path / "half.mp4", keep_fraction=0.5)
    out = tmp_path / "copies" / "film-3.mp4"
    with pytest.raises(MediaError) as caught:
        make_playback_copy(half, out)
    assert "half.mp4" in str(caught.value)
    assert not out.exists() and [] == list(out.parent.iterdir())


def test_a_copy_replaces_an_old_one_whole(films: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "film-4.mp4"
    out.write_bytes(b"an old copy")
    make_playback_copy(films["vfr"], out)
    assert probe(out).codec == "h264"


# -- pure helpers -------------------------------------------------------------------------------


def test_playback_path() -> None:
    assert Path("/data/media/playback/F012/film-7.mp4") == playback_path(Path("/data"), "F012", 7)


@pytest.mark.parametrize(
    ("codec", "container", "audio", "needed"),
    [
        ("h264", "mov,mp4,m4a,3gp,3g2,mj2", "aac", False),
        ("h264", "mov,mp4,m4a,3gp,3g2,mj2", None, False),
        ("h264", ".MOV", "mp3", False),
        ("h264", "mp4", "mp3float", False),
        ("hevc", "mov,mp4,m4a,3gp,3g2,mj2", "aac", True),
        ("vp9", "matroska,webm", "opus", True),
        ("mpeg4", "avi", "mp3", True),
        ("h264", "matroska,webm", "aac", True),
        ("h264", "mov,mp4,m4a,3gp,3g2,mj2", "pcm_s16le", True),
        ("h264", "mp4", "opus", True),
    ],
)
def test_needs_copy(codec: str, container: str, audio: str | None, needed: bool) -> None:
    assert needed == needs_copy(codec, container, audio)
