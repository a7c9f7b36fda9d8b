"""Review clips cut with PyAV: the marked frames, sound, progress, and nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media.films import probe
from vigkit.media.reviewclips import cut_clip, review_clip_path
from vigkit.media.stills import still_at
from vigkit.media.testvideo import make_film, read_time

SECONDS = 12.0


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An ordinary, a portrait and a variable-frame-rate film, 12 s each."""
    d = tmp_path_factory.mktemp("films")
    return {
        "ordinary": make_film(d / "ordinary.mp4", seconds=SECONDS),
        "portrait": make_film(d / "portrait.mp4", seconds=SECONDS, portrait=True),
        "vfr": make_film(d / "vfr.mp4", seconds=SECONDS, variable_frame_rate=True),
    }


def _time_at(clip: Path, t: float, tmp: Path) -> float:
    still = still_at(clip, t, tmp / f"at-{t}.png")
    with Image.open(still) as image:
        return read_time(image, SECONDS)


@pytest.mark.parametrize("kind", ["ordinary", "portrait", "vfr"])
def test_a_clip_starts_and_ends_on_the_marked_moments(
    films: dict[str, Path], kind: str, tmp_path: Path
) -> None:
    """The clip's first frame is the film at its start; its length is end minus start."""
    clip = cut_clip(films[kind], 3.0, 7.5, tmp_path / "clip.mp4")
    info = probe(clip)
    source = probe(films[kind])
    assert (source.width, source.height) == (info.width, info.height)
    assert info.duration_s == pytest.approx(4.5, abs=0.15)
    assert _time_at(clip, 0.0, tmp_path) == pytest.approx(3.0, abs=0.1)
    assert _time_at(clip, 4.0, tmp_path) == pytest.approx(7.0, abs=0.1)


def test_sound_is_kept_and_progress_reaches_the_end(films: dict[str, Path], tmp_path: Path) -> None:
    """A film with sound gives a clip with sound; progress rises to 1."""
    seen: list[float] = []
    clip = cut_clip(films["ordinary"], 1.0, 3.0, tmp_path / "c.mp4", progress=seen.append)
    assert probe(clip).has_audio
    assert seen == sorted(seen) and 1.0 == seen[-1] and len(seen) > 10


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (5.0, 4.0, "must end after it starts"),
        (10.0, 30.0, "is 0:12.0 long, so there is no clip from 0:10.0 to 0:30.0"),
    ],
)
def test_a_wrong_time_is_a_plain_message_and_writes_nothing(
    films: dict[str, Path], tmp_path: Path, start: float, end: float, words: str
) -> None:
    """Times outside the film: a sentence, and no file (not even a partial one)."""
    with pytest.raises(MediaError) as caught:
        cut_clip(films["ordinary"], start, end, tmp_path / "c.mp4")
    assert words in str(caught.value)
    assert [] == list(tmp_path.iterdir())


def test_a_file_that_is_not_a_video_leaves_nothing(tmp_path: Path) -> None:
    """Text named .mp4 gives the media module's plain message; nothing is written."""
    fake = tmp_path / "in" / "not.mp4"
    fake.parent.mkdir()
    fake.write_text("hello", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(MediaError, match="is not a video file"):
        cut_clip(fake, 0.0, 1.0, out / "c.mp4")
    assert [] == list(out.iterdir())


def test_review_clips_live_in_the_data_directory(tmp_path: Path) -> None:
    """Review clips go under <data>/media/review, never under exports."""
    where = review_clip_path(tmp_path, "F017", 2, 9)
    assert tmp_path / "media" / "review" / "F017" / "cycle-2" / "clip-9.mp4" == where
