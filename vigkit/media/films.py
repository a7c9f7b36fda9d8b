"""The edge where vigkit reads video files: probing a film for its facts.

Nothing here loads a whole film into memory: a film is probed by reading its headers plus
the first and the last second. Every problem a practitioner can meet (a missing file, a file
that is not a video, a half-copied film, a format vigkit cannot decode) becomes a
:class:`MediaError` whose message is plain words (see :mod:`vigkit.media.opening`). Its
fingerprint is :mod:`vigkit.media.fingerprint`; its stills, :mod:`vigkit.media.stills`.
"""

from __future__ import annotations

import statistics
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error

from vigkit.core.records import Film
from vigkit.media.fingerprint import remember_facts, remembered, sha256_file
from vigkit.media.opening import (
    AV_ERRORS,
    PathLike,
    damaged_error,
    open_film,
    stream_start_s,
    unsupported_error,
)

__all__ = ["VideoInfo", "decoded_size", "probe", "probe_logged", "register_film_file"]

#: How many frames (in the order they are shown) probe() judges the frame rate by.
_VFR_SAMPLE_PACKETS = 120
#: Packets read beyond the sample: a film with B-frames (HEVC from a phone, most H.264 from a
#: camera) stores its frames out of order, a frame up to 16 packets after its place on screen.
_VFR_REORDER_MARGIN = 32


@dataclass(frozen=True)
class VideoInfo:
    """What vigkit knows about a film file.

    ``width`` and ``height`` are as the film is shown (a phone film recorded upright
    with rotation metadata reports portrait). ``fps`` is the average frame rate.
    ``variable_frame_rate`` is a best guess from the spacing of the first frames.
    ``rotation`` is the display rotation in degrees (counter-clockwise), 0 when none.
    """

    path: Path
    duration_s: float
    width: int
    height: int
    fps: float
    codec: str
    has_audio: bool
    size_bytes: int
    variable_frame_rate: bool
    rotation: int = 0

    @property
    def is_portrait(self) -> bool:
        return self.height > self.width


def probe(path: PathLike) -> VideoInfo:
    """Read a film's facts, checking that its first and last second decode.

    Raises :class:`MediaError` (plain words) for a missing file, a file that is not a
    video, a film with no pictures or no length, a damaged or half-copied film, and a
    video format vigkit cannot decode.
    """
    path = Path(path).expanduser().absolute()
    with open_film(path) as (container, vs, duration):
        ctx = vs.codec_context
        codec = ctx.name
        if _index_runs_past_end(container, path):
            raise damaged_error(path)
        start = stream_start_s(vs)
        first, pts = _check_start(container, vs, path, codec, start, duration)
        rotation = int(round(first.rotation or 0))
        _check_end(container, vs, path, codec, start, duration)

        width, height = ctx.width or first.width, ctx.height or first.height
        if abs(rotation) % 180 == 90:
            width, height = height, width
        fps = _fps(vs, duration)
        return VideoInfo(
            path=path,
            duration_s=float(duration),
            width=int(width),
            height=int(height),
            fps=fps,
            codec=codec,
            has_audio=len(container.streams.audio) > 0,
            size_bytes=path.stat().st_size,
            variable_frame_rate=_looks_variable(pts),
            rotation=rotation,
        )


def decoded_size(path: PathLike) -> tuple[int, int]:
    """A film's picture as decoded, before any display rotation: the pixels face boxes are
    given in (:mod:`vigkit.media.faces`). MediaError as :func:`probe`."""
    info = probe(path)
    if abs(info.rotation) % 180 == 90:  # probe gives the picture as shown
        return info.height, info.width
    return info.width, info.height


def probe_logged(data: Path, film: Film) -> VideoInfo:
    """:func:`probe` of logged film ``film``, checked unchanged already: remembered beside
    its fingerprint check (:func:`vigkit.media.fingerprint.remember_facts`), so a page
    opening the film again does not decode its first and last second again (some 150
    packets) while the film stays the file it was."""
    known = remembered(data, film)
    facts = known.get("probe") if known is not None else None
    if isinstance(facts, dict):
        try:
            return VideoInfo(**(facts | {"path": Path(str(facts["path"]))}))
        except (TypeError, KeyError):
            pass  # remembered by another version: probe again
    info = probe(film.path)
    remember_facts(data, film, "probe", asdict(info) | {"path": str(info.path)})
    return info


def register_film_file(
    path: PathLike,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> tuple[VideoInfo, str]:
    """Probe a film and fingerprint it: ``(info, sha256)``, ready to be logged (reading
    every byte: ``progress`` hears how far, ``cancel`` stops it)."""
    info = probe(path)
    return info, sha256_file(info.path, progress=progress, cancel=cancel)


def _fps(vs: av.VideoStream, duration: float) -> float:
    for rate in (vs.average_rate, vs.guessed_rate, vs.base_rate):
        if rate:
            return float(rate)
    if vs.frames and duration:
        return vs.frames / duration
    return 0.0


def _check_start(
    container: av.container.InputContainer,
    vs: av.VideoStream,
    path: Path,
    codec: str,
    start: float,
    duration: float,
) -> tuple[av.VideoFrame, list[int]]:
    """Decode the first second; return the first frame and the first packets' timestamps
    (in the order they are stored, a margin beyond the sample: see :func:`_looks_variable`)."""
    until = start + min(1.0, duration) - 1e-6
    first: av.VideoFrame | None = None
    reached = False
    pts: list[int] = []
    wanted = _VFR_SAMPLE_PACKETS + _VFR_REORDER_MARGIN
    try:
        for packet in container.demux(vs):
            if packet.pts is not None and len(pts) < wanted:
                pts.append(packet.pts)
            for frame in packet.decode():
                if frame.is_corrupt:
                    raise damaged_error(path)
                if first is None:
                    first = frame
                if frame.time is None or frame.time >= until:
                    reached = True
            if reached and len(pts) >= wanted:
                break
    except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
        raise unsupported_error(path, codec) from exc
    except AV_ERRORS as exc:
        raise damaged_error(path) from exc
    if first is None:
        raise damaged_error(path)
    return first, pts


def _check_end(
    container: av.container.InputContainer,
    vs: av.VideoStream,
    path: Path,
    codec: str,
    start: float,
    duration: float,
) -> None:
    """Seek to the last second and decode to the end: the frames must run on to the end."""
    last_second = start + max(0.0, duration - 1.0)
    # The last frame must start close to the end: within half a second when the length
    # comes from the video itself, within a second when it is the whole file's length.
    slack = 0.5 if vs.duration else 1.0
    fps = _fps(vs, duration)
    if fps > 0:
        slack = max(slack, 2.5 / fps)
    must_reach = start + max(0.0, duration - slack)
    tb = vs.time_base or Fraction(1, av.time_base)
    in_last_second = 0
    latest = None
    try:
        container.seek(int(last_second / tb), stream=vs, backward=True)
        for frame in container.decode(vs):
            if frame.is_corrupt:
                raise damaged_error(path)
            if frame.time is not None and frame.time >= last_second - 1e-6:
                in_last_second += 1
                latest = frame.time if latest is None else max(latest, frame.time)
    except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
        raise unsupported_error(path, codec) from exc
    except AV_ERRORS as exc:
        raise damaged_error(path) from exc
    if in_last_second == 0 or (latest is not None and latest < must_reach - 1e-6):
        raise damaged_error(path)


def _index_runs_past_end(container: av.container.InputContainer, path: Path) -> bool:
    """True when the file's own index (MP4/MOV) points at bytes beyond its end."""
    size = path.stat().st_size
    for stream in container.streams:
        entries = stream.index_entries
        if entries is None or len(entries) == 0:
            continue
        last = entries[len(entries) - 1]
        if last.pos >= 0 and last.size > 0 and last.pos + last.size > size:
            return True
    return False


def _looks_variable(pts: list[int]) -> bool:
    """True when the first frames are not evenly spaced (allowing a tick of rounding).

    ``pts`` are the first packets' timestamps as stored (decoding order). With B-frames a
    frame is stored after frames shown later than it, so the sorted timestamps of the
    packets read so far have holes near their end, where frames not yet read belong: only
    the first :data:`_VFR_SAMPLE_PACKETS` in showing order, all of them read, are judged.
    """
    ordered = sorted(set(pts))
    if len(pts) > _VFR_SAMPLE_PACKETS:
        ordered = ordered[:_VFR_SAMPLE_PACKETS]
    gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False)]
    if len(gaps) < 3:
        return False
    typical = statistics.median(gaps)
    return max(gaps) - min(gaps) > max(1, 0.1 * typical)
