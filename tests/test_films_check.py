"""`vigkit films check` says what vigkit makes of each film; a CFR film with B-frames is not VFR.

Films are synthetic (vigkit.media.testvideo, or a few lines of PyAV for VP9 and H.264 with
B-frames), short and small so the tests are quick.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np
import pytest

from vigkit.cli import main
from vigkit.media import testvideo
from vigkit.media.filmcheck import check_film, check_paths
from vigkit.media.films import _VFR_SAMPLE_PACKETS, probe

SMALL = {"width": 160, "height": 90}
HAS_VP9 = "libvpx-vp9" in av.codecs_available
HAS_HEVC = "libx265" in av.codecs_available


def _write_plain(path: Path, encoder: str, seconds: float, options: dict[str, str]) -> Path:
    """A picture-only film straight from PyAV (constant 25 fps), for encoders make_film lacks."""
    with av.open(str(path), mode="w") as out:
        stream = cast(av.VideoStream, out.add_stream(encoder, rate=25))
        stream.width, stream.height, stream.pix_fmt = 160, 90, "yuv420p"
        stream.options = options
        for i in range(int(seconds * 25)):
            img = np.full((90, 160, 3), (i * 7) % 256, dtype=np.uint8)
            img[:, (i * 3) % 160 :] = 40
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, 25)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    return path


def _stored_pts(path: Path) -> list[int]:
    with av.open(str(path)) as container:
        vs = container.streams.video[0]
        return [p.pts for p in container.demux(vs) if p.pts is not None]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("session")
    good = testvideo.make_film(root / "visit1.mp4", seconds=2.0, **SMALL)
    if HAS_HEVC:
        testvideo.make_film(root / "phone" / "IMG_0001.mov", seconds=2.0, codec="hevc", **SMALL)
    if HAS_VP9:
        _write_plain(root / "clip.webm", "libvpx-vp9", 2.0, {"deadline": "realtime"})
    testvideo.make_truncated_copy(good, root / "phone" / "half-copied.mp4")
    testvideo.make_not_a_video(root / "film.mp4")
    testvideo.make_not_a_video(root / "notes.txt")  # not a film's name: skipped
    testvideo.make_not_a_video(root / "._visit1.mp4")  # a Mac's shadow file: skipped
    return root


def _blocks(text: str) -> dict[str, list[str]]:
    """The command's output: each film's name → its lines."""
    found: dict[str, list[str]] = {}
    name = ""
    for line in text.split("\n\n")[0].splitlines():  # the summary follows a blank line
        if line and not line.startswith(" ") and ": " in line:
            name = Path(line.split(": ", 1)[0]).name
            found[name] = [line]
        elif line.startswith("    "):
            found[name].append(line.strip())
    return found


def test_films_check_a_folder(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each film gets a line in plain words and the summary counts them; one unusable → 1."""
    assert 1 == main(["films", "check", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    blocks = _blocks(out)
    copies = int(HAS_HEVC) + int(HAS_VP9)
    assert {"visit1.mp4", "half-copied.mp4", "film.mp4"} <= set(blocks)
    assert 3 + copies == len(blocks), out  # notes.txt and ._visit1.mp4 are skipped
    assert "plays as it is — 0:02, landscape 160x90, " in blocks["visit1.mp4"][0]
    assert blocks["visit1.mp4"][0].endswith(" KB")
    assert "every common browser" in blocks["visit1.mp4"][1]
    assert "cannot be used" in blocks["half-copied.mp4"][0]
    assert "damaged or incomplete" in blocks["half-copied.mp4"][1]
    assert "cannot be used" in blocks["film.mp4"][0]
    assert "not a video file" in blocks["film.mp4"][1]
    if HAS_HEVC:
        assert "needs a playback copy" in blocks["IMG_0001.mov"][0]
        assert "HEVC (H.265)" in blocks["IMG_0001.mov"][1]
        assert "variable frame rate" not in blocks["IMG_0001.mov"][0]
    if HAS_VP9:
        assert "needs a playback copy — 0:02, landscape 160x90, no sound" in blocks["clip.webm"][0]
        assert "VP9" in blocks["clip.webm"][1] and "Safari" in blocks["clip.webm"][1]
    summary = out.strip().splitlines()[-1]
    assert summary == (
        f"{3 + copies} films: 1 plays as it is, {copies} "
        f"{'needs' if copies == 1 else 'need'} a playback copy, 2 cannot be used."
    )


def test_films_check_all_usable(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Films named one by one are checked whatever their names; all usable → exit status 0."""
    named = [folder / "visit1.mp4"] + ([folder / "phone" / "IMG_0001.mov"] if HAS_HEVC else [])
    assert 0 == main(["films", "check", *map(str, named)])
    out = capsys.readouterr().out
    assert out.strip().endswith("cannot be used.") and ", 0 cannot be used." in out


def test_films_check_finds_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder with no films: a plain message and exit status 1."""
    testvideo.make_not_a_video(tmp_path / "notes.txt")
    assert 1 == main(["films", "check", str(tmp_path)])
    out, err = capsys.readouterr()
    assert "no films found" in err and ".mp4" in err and "Traceback" not in err
    assert "" == out


def test_check_film_missing_and_other_containers(tmp_path: Path) -> None:
    """A missing file is unusable in plain words; H.264 in a Matroska file needs a copy."""
    missing = check_film(tmp_path / "gone.mov")
    assert ("unusable", None) == (missing.verdict, missing.info)
    assert "was not found" in missing.reason
    mkv = testvideo.make_film(tmp_path / "visit.mkv", seconds=2.0, **SMALL)
    verdict = check_film(mkv)
    assert "needs_copy" == verdict.verdict
    assert "Matroska" in verdict.reason and "MP4 or MOV" in verdict.reason
    assert verdict.info is not None and verdict.info.duration_s == pytest.approx(2.0, abs=0.1)
    assert [verdict] == check_paths([tmp_path])


# --------------------------------------------------------------------------- B-frames and VFR


@pytest.mark.skipif(not HAS_HEVC, reason="this PyAV has no HEVC encoder")
def test_constant_rate_hevc_with_b_frames_is_not_variable(tmp_path: Path) -> None:
    """An HEVC film stores frames out of order (B-frames) and is longer than the sample:
    the holes the sample's end leaves in the sorted timestamps are not taken for VFR."""
    path = testvideo.make_film(tmp_path / "iphone.mov", seconds=6.0, codec="hevc", **SMALL)
    stored = _stored_pts(path)
    assert len(stored) > _VFR_SAMPLE_PACKETS
    assert stored != sorted(stored)  # B-frames: stored in decoding order, not showing order
    assert probe(path).variable_frame_rate is False


def test_constant_rate_h264_with_b_frames_is_not_variable(tmp_path: Path) -> None:
    path = _write_plain(tmp_path / "camera.mp4", "libx264", 6.0, {"preset": "fast", "bf": "3"})
    stored = _stored_pts(path)
    assert stored != sorted(stored)
    assert probe(path).variable_frame_rate is False


def test_variable_rate_film_is_still_variable(tmp_path: Path) -> None:
    path = testvideo.make_film(tmp_path / "vfr.mp4", seconds=6.0, variable_frame_rate=True, **SMALL)
    assert probe(path).variable_frame_rate is True
    verdict = check_film(path)
    assert "plays" == verdict.verdict
    assert verdict.info is not None and verdict.info.variable_frame_rate
