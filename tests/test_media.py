"""vigkit.media reads real (synthetic) films made by vigkit.media.testvideo; nothing is committed."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from vigkit.core.errors import MediaError
from vigkit.media import testvideo
from vigkit.media.films import VideoInfo, probe, register_film_file
from vigkit.media.fingerprint import sha256_file, verify_unchanged
from vigkit.media.stills import still_at

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of each kind of film, made once for the module."""
    root = tmp_path_factory.mktemp("films")
    return {
        "landscape": testvideo.make_film(root / "landscape.mp4", seconds=12.0),
        "portrait": testvideo.make_film(root / "portrait.mp4", seconds=3.0, portrait=True),
        "vfr": testvideo.make_film(root / "vfr.mp4", seconds=4.0, variable_frame_rate=True),
        "hevc": testvideo.make_film(root / "hevc.mov", seconds=3.0, codec="hevc"),
        "rotated": testvideo.make_film(root / "rotated.mp4", seconds=2.0, rotation=90),
        "silent": testvideo.make_film(root / "silent.mp4", seconds=2.0, audio=False),
        "faststart": testvideo.make_film(root / "faststart.mp4", seconds=3.0, faststart=True),
    }


def _background(image: Image.Image) -> np.ndarray:
    """The mean RGB of the patch the generator always leaves as plain background."""
    arr = np.asarray(image.convert("RGB")).astype(float)
    h, w = arr.shape[:2]
    left, top, right, bottom = testvideo.BACKGROUND_SAMPLE_BOX
    patch = arr[int(top * h) : int(bottom * h), int(left * w) : int(right * w)]
    return patch.reshape(-1, 3).mean(0)


def _close_to(expected: tuple[int, int, int], actual: np.ndarray, tolerance: float = 12.0) -> bool:
    return bool(np.abs(np.array(expected, dtype=float) - actual).max() <= tolerance)


def _video_pts(path: Path) -> list[int]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return sorted(p.pts for p in container.demux(stream) if p.pts is not None)


# --------------------------------------------------------------------------- probe


def test_probe_landscape_film(films: dict[str, Path]) -> None:
    """A landscape h264 film reports its length, size, rate, codec and sound."""
    info = probe(films["landscape"])
    assert isinstance(info, VideoInfo)
    assert 12.0 == pytest.approx(info.duration_s, abs=0.2)
    assert (640, 360) == (info.width, info.height)
    assert "h264" == info.codec
    assert 25.0 == pytest.approx(info.fps, abs=0.01)
    assert info.has_audio
    assert not info.variable_frame_rate
    assert films["landscape"].stat().st_size == info.size_bytes
    assert films["landscape"].resolve() == info.path.resolve()


def test_probe_portrait_film_swaps_width_and_height(films: dict[str, Path]) -> None:
    """A portrait film is 360 wide and 640 tall."""
    info = probe(films["portrait"])
    assert (360, 640) == (info.width, info.height)
    assert 3.0 == pytest.approx(info.duration_s, abs=0.2)
    assert info.is_portrait


def test_probe_flags_variable_frame_rate(films: dict[str, Path]) -> None:
    """A VFR film has irregular frame timestamps and probe says so."""
    pts = _video_pts(films["vfr"])
    gaps = {b - a for a, b in zip(pts, pts[1:], strict=False)}
    assert len(gaps) > 1
    info = probe(films["vfr"])
    assert info.variable_frame_rate
    assert 4.0 == pytest.approx(info.duration_s, abs=0.2)
    assert info.has_audio


def test_probe_hevc_mov(films: dict[str, Path]) -> None:
    """An HEVC film in a .mov container reports codec hevc."""
    info = probe(films["hevc"])
    assert "hevc" == info.codec
    assert (640, 360) == (info.width, info.height)
    assert 3.0 == pytest.approx(info.duration_s, abs=0.2)
    assert info.has_audio
    assert not info.variable_frame_rate


def test_probe_honours_rotation_metadata(films: dict[str, Path]) -> None:
    """A landscape-coded film marked as rotated 90 degrees is shown, and reported, upright."""
    info = probe(films["rotated"])
    assert 90 == info.rotation
    assert (360, 640) == (info.width, info.height)


def test_probe_film_without_sound(films: dict[str, Path]) -> None:
    """A film made without sound has has_audio False."""
    assert not probe(films["silent"]).has_audio


def test_register_film_file_gives_info_and_fingerprint(films: dict[str, Path]) -> None:
    """register_film_file returns the probe result and the file's sha256."""
    info, digest = register_film_file(films["portrait"])
    assert probe(films["portrait"]) == info
    assert hashlib.sha256(films["portrait"].read_bytes()).hexdigest() == digest


# --------------------------------------------------------------------------- bad input


def test_probe_missing_file(tmp_path: Path) -> None:
    """A path with nothing there is 'not found'."""
    missing = tmp_path / "visit-3.mp4"
    with pytest.raises(MediaError) as err:
        probe(missing)
    assert f"The file {missing} was not found." == str(err.value)


def test_probe_text_file(tmp_path: Path) -> None:
    """A text file named .mp4 is not a video."""
    path = testvideo.make_not_a_video(tmp_path / "shopping.mp4")
    with pytest.raises(MediaError) as err:
        probe(path)
    assert "The file 'shopping.mp4' is not a video file vigkit can read." == str(err.value)


def test_probe_empty_file(tmp_path: Path) -> None:
    """An empty file is not a video (and may not have finished copying)."""
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(MediaError) as err:
        probe(path)
    assert "is not a video file vigkit can read" in str(err.value)
    assert "empty" in str(err.value)


def test_probe_folder(tmp_path: Path) -> None:
    """A folder is not a video file."""
    with pytest.raises(MediaError) as err:
        probe(tmp_path)
    assert "is a folder, not a video file" in str(err.value)


@pytest.mark.parametrize("kind", ["landscape", "faststart", "hevc"])
def test_probe_truncated_copy(films: dict[str, Path], tmp_path: Path, kind: str) -> None:
    """A film cut short by an unfinished copy is damaged or incomplete."""
    cut = testvideo.make_truncated_copy(films[kind], tmp_path / f"cut{films[kind].suffix}")
    assert int(films[kind].stat().st_size * 0.3) == cut.stat().st_size
    with pytest.raises(MediaError) as err:
        probe(cut)
    assert (
        f"The file {cut.name!r} seems damaged or incomplete (it may not have finished copying)."
        == str(err.value)
    )


def test_probe_nearly_complete_copy(films: dict[str, Path], tmp_path: Path) -> None:
    """Losing only the last few per cent of a film is still caught."""
    cut = testvideo.make_truncated_copy(films["faststart"], tmp_path / "cut.mp4", 0.97)
    with pytest.raises(MediaError) as err:
        probe(cut)
    assert "seems damaged or incomplete" in str(err.value)


def test_probe_unknown_codec(films: dict[str, Path], tmp_path: Path) -> None:
    """A film whose video format FFmpeg cannot decode names the codec it found."""
    data = films["portrait"].read_bytes().replace(b"avc1", b"zzzz").replace(b"avcC", b"zzzC")
    path = tmp_path / "strange.mp4"
    path.write_bytes(data)
    with pytest.raises(MediaError) as err:
        probe(path)
    assert (
        "The file 'strange.mp4' uses a video format (codec zzzz) that vigkit cannot play."
        == str(err.value)
    )


def test_probe_sound_only_file(tmp_path: Path) -> None:
    """A recording with sound but no pictures is refused in plain words."""
    path = tmp_path / "voice.m4a"
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("aac", rate=48_000, layout="mono")
        for i in range(20):
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), dtype=np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate = 48_000
            frame.pts = i * 1024
            frame.time_base = Fraction(1, 48_000)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    with pytest.raises(MediaError) as err:
        probe(path)
    assert "has sound but no pictures" in str(err.value)


# --------------------------------------------------------------------------- stills


@pytest.mark.parametrize("t", [0.0, 0.5, 3.3, 7.6, 11.9])
def test_still_at_shows_that_moment(films: dict[str, Path], tmp_path: Path, t: float) -> None:
    """A PNG still has the film's size and the colour and second code drawn at that time."""
    out = still_at(films["landscape"], t, tmp_path / "still.png")
    with Image.open(out) as image:
        assert "PNG" == image.format
        assert (640, 360) == image.size
        assert int(t) == testvideo.read_second(image)
        assert _close_to(testvideo.colour_at(t), _background(image))


def test_still_at_jpeg_with_width(films: dict[str, Path], tmp_path: Path) -> None:
    """A JPEG still scaled to 320 wide keeps the film's shape."""
    out = still_at(films["landscape"], 5.2, tmp_path / "stills" / "five.jpg", width=320)
    with Image.open(out) as image:
        assert "JPEG" == image.format
        assert (320, 180) == image.size
        assert _close_to(testvideo.colour_at(5.2), _background(image), tolerance=20)


def test_still_at_variable_frame_rate(films: dict[str, Path], tmp_path: Path) -> None:
    """Stills from a VFR film land in the right second."""
    for t in (0.2, 1.5, 2.7, 3.9):
        with Image.open(still_at(films["vfr"], t, tmp_path / f"{t}.png")) as image:
            assert int(t) == testvideo.read_second(image)


def test_still_at_portrait_and_hevc(films: dict[str, Path], tmp_path: Path) -> None:
    """Portrait and HEVC films give stills of the right size and moment."""
    with Image.open(still_at(films["portrait"], 2.4, tmp_path / "p.png")) as image:
        assert (360, 640) == image.size
        assert 2 == testvideo.read_second(image)
    with Image.open(still_at(films["hevc"], 1.6, tmp_path / "h.png")) as image:
        assert (640, 360) == image.size
        assert 1 == testvideo.read_second(image)
        assert _close_to(testvideo.colour_at(1.6), _background(image))


def test_still_at_turns_rotated_film_upright(films: dict[str, Path], tmp_path: Path) -> None:
    """A still from a film marked rotated is turned the way the film is shown."""
    with Image.open(still_at(films["rotated"], 1.3, tmp_path / "r.png")) as image:
        assert (360, 640) == image.size
        assert 1 == testvideo.read_second(image.rotate(-90, expand=True))


@pytest.mark.parametrize("t", [-0.5, 12.5])
def test_still_at_outside_the_film(films: dict[str, Path], tmp_path: Path, t: float) -> None:
    """Asking for a moment before the start or after the end is refused."""
    with pytest.raises(MediaError) as err:
        still_at(films["landscape"], t, tmp_path / "x.png")
    assert "to take a still from" in str(err.value)
    assert not (tmp_path / "x.png").exists()


def test_still_at_not_a_video(tmp_path: Path) -> None:
    """still_at refuses a file that is not a video."""
    path = testvideo.make_not_a_video(tmp_path / "notes.mov")
    with pytest.raises(MediaError) as err:
        still_at(path, 1.0, tmp_path / "x.png")
    assert "is not a video file vigkit can read" in str(err.value)


# --------------------------------------------------------------------------- fingerprints


def test_sha256_file_matches_hashlib(films: dict[str, Path]) -> None:
    """Streaming sha256 equals hashing all the bytes at once, whatever the chunk size."""
    expected = hashlib.sha256(films["hevc"].read_bytes()).hexdigest()
    assert expected == sha256_file(films["hevc"])
    assert expected == sha256_file(films["hevc"], chunk=4097)


def test_verify_unchanged_accepts_same_file(films: dict[str, Path]) -> None:
    """An untouched film passes its check."""
    verify_unchanged(films["silent"], sha256_file(films["silent"]).upper())


def test_verify_unchanged_catches_one_byte_change(films: dict[str, Path], tmp_path: Path) -> None:
    """Changing a single byte breaks the fingerprint."""
    copy = tmp_path / "copy.mp4"
    data = bytearray(films["silent"].read_bytes())
    copy.write_bytes(data)
    digest = sha256_file(copy)
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(data)
    with pytest.raises(MediaError) as err:
        verify_unchanged(copy, digest)
    assert (
        "The film 'copy.mp4' has changed on disk since it was logged "
        "(its fingerprint no longer matches)." == str(err.value)
    )


def test_verify_unchanged_moved_or_deleted(tmp_path: Path) -> None:
    """A film no longer at its path has moved or been deleted."""
    gone = tmp_path / "gone.mp4"
    with pytest.raises(MediaError) as err:
        verify_unchanged(gone, "0" * 64)
    assert f"The film {gone} has moved or been deleted." == str(err.value)


# --------------------------------------------------------------------------- generator


def test_make_film_reports_progress(tmp_path: Path) -> None:
    """progress is called with rising fractions ending at 1.0."""
    seen: list[float] = []
    testvideo.make_film(tmp_path / "p.mp4", seconds=2.0, width=160, height=90, progress=seen.append)
    assert 1.0 == seen[-1]
    assert sorted(seen) == seen
    assert all(0.0 <= f <= 1.0 for f in seen)


def test_make_film_rejects_unknown_codec(tmp_path: Path) -> None:
    """Only h264 and hevc are offered, and nothing is left behind on refusal."""
    with pytest.raises(ValueError):
        testvideo.make_film(tmp_path / "x.mp4", seconds=1.0, codec="vp9")
    assert [] == list(tmp_path.iterdir())


def test_make_film_sixty_seconds_reads_back(tmp_path: Path) -> None:
    """A 60 s 640x360 25 fps film is made, and its last second reads back (how long it takes
    is a benchmark's business, not a test's: a busy machine made this fail)."""
    path = testvideo.make_film(tmp_path / "hour-ish.mp4", seconds=60.0)
    info = probe(path)
    assert 60.0 == pytest.approx(info.duration_s, abs=0.2)
    with Image.open(still_at(path, 59.9, tmp_path / "end.png")) as image:
        assert 59 == testvideo.read_second(image)
        assert _close_to(testvideo.colour_at(59.9), _background(image))


# --------------------------------------------------------------------------- phone films

_SECONDS = {"landscape": 12.0, "portrait": 3.0, "vfr": 4.0, "hevc": 3.0}


@pytest.mark.parametrize("kind", sorted(_SECONDS))
def test_stills_read_back_their_time(films: dict[str, Path], tmp_path: Path, kind: str) -> None:
    """Every still, from every kind of phone film, shows the moment asked for, to about a frame."""
    seconds = _SECONDS[kind]
    wanted = [round(f * seconds, 2) for f in (0.05, 0.31, 0.52, 0.77, 0.97)]
    for t in wanted:
        with Image.open(still_at(films[kind], t, tmp_path / f"{t}.png")) as image:
            assert t == pytest.approx(testvideo.read_time(image, seconds), abs=0.08)
            assert int(t) == testvideo.read_second(image)


def test_read_time_survives_scaling(films: dict[str, Path], tmp_path: Path) -> None:
    """A still scaled to 480 wide, as the record of strengths makes them, still tells its time."""
    out = still_at(films["portrait"], 2.2, tmp_path / "big.png", width=480)
    with Image.open(out) as image:
        assert (480, 853) == image.size
        assert 2.2 == pytest.approx(testvideo.read_time(image, 3.0), abs=0.08)


def test_read_bar_of_a_drawn_frame() -> None:
    """The bar of a frame drawn at t is t / seconds of the width, exactly, before any encoding."""
    painter = testvideo._Painter(640, 360, 10.0)
    assert 0.25 == testvideo.read_bar(painter.frame(2.5))
    assert 7 == testvideo.read_second(painter.frame(7.9))
    assert 7.9 == pytest.approx(testvideo.read_time(painter.frame(7.9), 10.0), abs=1 / 640 * 10)


def test_probe_variable_frame_rate_average(films: dict[str, Path]) -> None:
    """probe's frame rate of a VFR film is its average: frames over duration, within 5 %."""
    pts = _video_pts(films["vfr"])
    info = probe(films["vfr"])
    assert len(pts) / info.duration_s == pytest.approx(info.fps, rel=0.05)
    assert (640, 360) == (info.width, info.height)
    assert "h264" == info.codec


def test_probe_portrait_frame_rate_and_codec(films: dict[str, Path]) -> None:
    """A portrait film made at 25 fps reports 25 fps, h264, no rotation, not variable."""
    info = probe(films["portrait"])
    assert (25.0, "h264", 0, False) == (
        info.fps,
        info.codec,
        info.rotation,
        info.variable_frame_rate,
    )


def test_make_film_hevc_needs_the_encoder() -> None:
    """This PyAV build can write HEVC (libx265), so the HEVC films above are real HEVC."""
    assert "libx265" in av.codecs_available


@pytest.mark.parametrize("kind", ["vfr", "hevc", "portrait"])
def test_truncated_phone_films(films: dict[str, Path], tmp_path: Path, kind: str) -> None:
    """Half-copied phone films (VFR, HEVC, portrait) are damaged or incomplete, in those words."""
    cut = testvideo.make_truncated_copy(films[kind], tmp_path / f"half{films[kind].suffix}", 0.5)
    with pytest.raises(MediaError) as err:
        probe(cut)
    assert (
        f"The file {cut.name!r} seems damaged or incomplete (it may not have finished copying)."
        == str(err.value)
    )


def test_unknown_codec_in_a_mov(films: dict[str, Path], tmp_path: Path) -> None:
    """An HEVC .mov whose codec is unknown to FFmpeg names the code it found."""
    data = films["hevc"].read_bytes().replace(b"hvc1", b"zzz1").replace(b"hvcC", b"zzzC")
    path = tmp_path / "IMG_0042.mov"
    path.write_bytes(data)
    with pytest.raises(MediaError) as err:
        probe(path)
    assert (
        "The file 'IMG_0042.mov' uses a video format (codec zzz1) that vigkit cannot play."
        == str(err.value)
    )
    with pytest.raises(MediaError):
        still_at(path, 1.0, tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_a_fingerprint_reports_how_far_it_read_and_can_be_stopped(tmp_path: Path) -> None:
    import threading

    from vigkit.core.errors import MediaError
    from vigkit.media.fingerprint import sha256_file

    big = tmp_path / "film.bin"
    big.write_bytes(b"\x01" * (3 * 4096 + 5))
    seen: list[float] = []
    whole = sha256_file(big, chunk=4096, progress=seen.append)
    assert whole == sha256_file(big) and seen == sorted(seen) and seen[-1] == 1.0
    assert len(seen) == 4
    stop = threading.Event()
    stop.set()
    with pytest.raises(MediaError, match="was not read to the end"):
        sha256_file(big, chunk=4096, cancel=stop)
