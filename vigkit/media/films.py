"""The edge where vigkit reads video files.

Nothing here loads a whole film into memory: files are hashed in chunks, probed by
reading their headers plus the first and the last second, and stills are taken by
seeking. Every problem a practitioner can meet (a missing file, a file that is not a
video, a half-copied film, a format vigkit cannot decode) becomes a :class:`MediaError`
whose message is plain words.
"""

from __future__ import annotations

import hashlib
import os
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error
from PIL import Image

from vigkit.core.errors import MediaError, Phrase

__all__ = [
    "VideoInfo",
    "sha256_file",
    "probe",
    "register_film_file",
    "still_at",
    "verify_unchanged",
]

PathLike = str | os.PathLike[str]

#: Errors PyAV/FFmpeg raise while opening, demuxing or decoding a damaged or odd file.
_AV_ERRORS: tuple[type[BaseException], ...] = (av.error.FFmpegError, OSError, EOFError)

#: How many video packets probe() looks at to decide whether the frame rate varies.
_VFR_SAMPLE_PACKETS = 120

_STILL_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}


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


# --------------------------------------------------------------------------- hashing


def sha256_file(path: PathLike, chunk: int = 1 << 20) -> str:
    """The SHA-256 of a file's bytes (hex), read ``chunk`` bytes at a time."""
    path = Path(path)
    digest = hashlib.sha256()
    buf = bytearray(chunk)
    view = memoryview(buf)
    try:
        with path.open("rb", buffering=0) as fh:
            while True:
                n = fh.readinto(buf)
                if not n:
                    break
                digest.update(view[:n])
    except FileNotFoundError as exc:
        raise _error("error.media.not_found", path) from exc
    except IsADirectoryError as exc:
        raise _error("error.media.folder", path) from exc
    except PermissionError as exc:
        raise _error("error.media.not_allowed", path) from exc
    return digest.hexdigest()


def verify_unchanged(path: PathLike, expected_sha256: str) -> None:
    """Raise :class:`MediaError` unless the film at ``path`` still has the logged fingerprint."""
    path = Path(path)
    if not path.is_file():
        raise _error("error.media.moved", path)
    try:
        actual = sha256_file(path)
    except MediaError as exc:
        if not path.exists():
            raise _error("error.media.moved", path) from exc
        raise
    if actual.lower() != expected_sha256.strip().lower():
        raise _error("error.media.changed", path, name=repr(path.name))


# --------------------------------------------------------------------------- probing


def probe(path: PathLike) -> VideoInfo:
    """Read a film's facts, checking that its first and last second decode.

    Raises :class:`MediaError` (plain words) for a missing file, a file that is not a
    video, a film with no pictures or no length, a damaged or half-copied film, and a
    video format vigkit cannot decode.
    """
    path = Path(path).expanduser().absolute()
    with _open_input(path) as container:
        vs = _video_stream(container, path)
        ctx = vs.codec_context
        codec = ctx.name
        duration = _duration_s(container, vs)
        if duration is None or duration <= 0:
            raise _error("error.media.no_length", path)
        if _index_runs_past_end(container, path):
            raise _damaged(path)
        start = _start_s(vs)
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


def register_film_file(path: PathLike) -> tuple[VideoInfo, str]:
    """Probe a film and fingerprint it: ``(info, sha256)``, ready to be logged."""
    info = probe(path)
    return info, sha256_file(info.path)


# --------------------------------------------------------------------------- stills


def still_at(
    path: PathLike, t_seconds: float, out_path: PathLike, *, width: int | None = None
) -> Path:
    """Write the frame nearest ``t_seconds`` into the film as a PNG or JPEG (by extension).

    ``width`` scales the still (keeping its shape). The still is turned the way the film
    is shown when the film carries rotation metadata.
    """
    path = Path(path).expanduser().absolute()
    out_path = Path(out_path)
    image_format = _STILL_FORMATS.get(out_path.suffix.lower())
    if image_format is None:
        raise ValueError(f"still_at writes .png, .jpg or .jpeg files, not {out_path.name!r}")
    if width is not None and width <= 0:
        raise ValueError("width must be a positive number of pixels")

    with _open_input(path) as container:
        vs = _video_stream(container, path)
        codec = vs.codec_context.name
        duration = _duration_s(container, vs)
        if duration is None or duration <= 0:
            raise _error("error.media.no_length", path)
        if not 0 <= t_seconds <= duration:
            raise _error(
                "error.media.no_moment", path, length=_clock(duration), time=_clock(t_seconds)
            )
        frame = _frame_nearest(container, vs, path, codec, _start_s(vs) + t_seconds)
        image = frame.to_image()
        rotation = int(round(frame.rotation or 0))

    if rotation % 360:
        image = image.rotate(rotation, expand=True)
    if width is not None and width != image.width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return _save_image(image, out_path, image_format)


def _frame_nearest(
    container: av.container.InputContainer,
    vs: av.VideoStream,
    path: Path,
    codec: str,
    target: float,
) -> av.VideoFrame:
    tb = vs.time_base
    previous = None
    try:
        container.seek(int(target / tb) if tb else 0, stream=vs, backward=True)
        for frame in container.decode(vs):
            ft = frame.time
            if ft is None:
                previous = frame
                continue
            if ft >= target:
                if previous is not None and previous.time is not None:
                    if target - previous.time < ft - target:
                        return previous
                return frame
            previous = frame
    except av.error.DecoderNotFoundError as exc:
        raise _unsupported(path, codec) from exc
    except _AV_ERRORS as exc:
        raise _damaged(path) from exc
    if previous is None:
        raise _damaged(path)
    return previous  # t is past the last frame but inside the film: the last frame is nearest


def _save_image(image: Image.Image, out_path: Path, image_format: str) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if image_format == "JPEG" and image.mode != "RGB":
        image = image.convert("RGB")
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{out_path.stem}.", suffix=out_path.suffix, dir=out_path.parent
    )
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            if image_format == "JPEG":
                image.save(fh, format="JPEG", quality=90)
            else:
                image.save(fh, format="PNG")
        os.replace(tmp, out_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out_path


# --------------------------------------------------------------------------- helpers


def _error(key: str, path: Path, **values: object) -> MediaError:
    """A MediaError saying ``key`` (of vigkit.i18n.words.errors) about ``path``: its words may use
    {path} (the whole path) and {name} (the file's name in quotes), besides ``values``."""
    err = MediaError(key=key, **({"path": path, "name": _name(path)} | values))  # type: ignore[arg-type]
    err.path = path  # type: ignore[attr-defined]
    return err


def _name(path: Path) -> str:
    """The file's name in quotes (its whole path when it has no name), as messages show it."""
    return repr(path.name) if path.name else repr(str(path))


def _damaged(path: Path) -> MediaError:
    return _error("error.media.damaged", path)


def _unsupported(path: Path, codec: str | None) -> MediaError:
    label = codec or Phrase("error.media.unknown_codec")
    return _error("error.media.unsupported", path, codec=label)


def _clock(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    minutes, secs = divmod(seconds, 60)
    return f"{sign}{int(minutes)}:{secs:04.1f}"


@contextmanager
def _open_input(path: Path) -> Iterator[av.container.InputContainer]:
    """Open ``path`` for reading, turning every way that can fail into a plain MediaError."""
    if not path.exists():
        raise _error("error.media.not_found", path)
    if path.is_dir():
        raise _error("error.media.folder", path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _error("error.media.unreadable", path, detail=exc.strerror) from exc
    if size == 0:
        raise _error("error.media.empty", path)
    try:
        container = av.open(str(path), mode="r")
    except PermissionError as exc:
        raise _error("error.media.not_allowed", path) from exc
    except FileNotFoundError as exc:
        raise _error("error.media.not_found", path) from exc
    except _AV_ERRORS as exc:
        if _looks_like_video_container(path):
            raise _damaged(path) from exc
        raise _not_a_video(path) from exc
    try:
        yield container
    finally:
        container.close()


def _not_a_video(path: Path) -> MediaError:
    return _error("error.media.not_a_video", path)


def _video_stream(container: av.container.InputContainer, path: Path) -> av.VideoStream:
    fmt = container.format.name or ""
    if fmt.endswith("_pipe") or fmt in {"image2", "gif", "tty", "srt", "webvtt", "ass"}:
        raise _not_a_video(path)
    if not container.streams.video:
        if container.streams.audio:
            raise _error("error.media.no_pictures", path)
        if _looks_like_video_container(path):
            raise _damaged(path)  # e.g. a half-copied MP4 whose track list is cut short
        raise _not_a_video(path)
    vs = container.streams.video[0]
    if vs.codec_context is None:  # FFmpeg knows no decoder for this stream
        raise _unsupported(path, _fourcc_hint(path))
    vs.codec_context.thread_type = "AUTO"
    return vs


def _duration_s(container: av.container.InputContainer, vs: av.VideoStream) -> float | None:
    if vs.duration is not None and vs.time_base is not None and vs.duration > 0:
        return float(vs.duration * vs.time_base)
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    return None


def _start_s(vs: av.VideoStream) -> float:
    if vs.start_time is None or vs.time_base is None:
        return 0.0
    return float(vs.start_time * vs.time_base)


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
    """Decode the first second; return the first frame and the first packets' timestamps."""
    until = start + min(1.0, duration) - 1e-6
    first: av.VideoFrame | None = None
    reached = False
    pts: list[int] = []
    try:
        for packet in container.demux(vs):
            if packet.pts is not None and len(pts) < _VFR_SAMPLE_PACKETS:
                pts.append(packet.pts)
            for frame in packet.decode():
                if frame.is_corrupt:
                    raise _damaged(path)
                if first is None:
                    first = frame
                if frame.time is None or frame.time >= until:
                    reached = True
            if reached and len(pts) >= _VFR_SAMPLE_PACKETS:
                break
    except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
        raise _unsupported(path, codec) from exc
    except _AV_ERRORS as exc:
        raise _damaged(path) from exc
    if first is None:
        raise _damaged(path)
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
                raise _damaged(path)
            if frame.time is not None and frame.time >= last_second - 1e-6:
                in_last_second += 1
                latest = frame.time if latest is None else max(latest, frame.time)
    except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
        raise _unsupported(path, codec) from exc
    except _AV_ERRORS as exc:
        raise _damaged(path) from exc
    if in_last_second == 0 or (latest is not None and latest < must_reach - 1e-6):
        raise _damaged(path)


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
    """True when the first frames are not evenly spaced (allowing a tick of rounding)."""
    ordered = sorted(set(pts))
    gaps = [b - a for a, b in zip(ordered, ordered[1:], strict=False)]
    if len(gaps) < 3:
        return False
    typical = statistics.median(gaps)
    return max(gaps) - min(gaps) > max(1, 0.1 * typical)


def _looks_like_video_container(path: Path) -> bool:
    """Does the file start the way a video container does (so failing to open means damage)?"""
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError:
        return False
    if len(head) >= 8 and head[4:8] in {b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"}:
        return True  # MP4 / MOV / 3GP
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # Matroska / WebM
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return True
    if head.startswith((b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3", b"FLV")):
        return True
    if head.startswith(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"):  # ASF / WMV
        return True
    return len(head) > 188 and head[0] == 0x47 and head[188] == 0x47  # MPEG-TS


def _fourcc_hint(path: Path, window: int = 4 << 20) -> str | None:
    """Best effort: the sample-entry code of the video track of an MP4/MOV (e.g. 'apcn')."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(window)
            tail = b""
            if size > window:
                fh.seek(max(window, size - window))
                tail = fh.read(window)
    except OSError:
        return None
    for blob in (head, tail):
        handler = None
        pos = 0
        while True:
            h = blob.find(b"hdlr", pos)
            s = blob.find(b"stsd", pos)
            if s < 0:
                break
            if 0 <= h < s:
                # A QuickTime data handler ("dhlr", e.g. 'alis') follows the media handler
                # inside the same track: it must not hide that the track is video.
                if blob[h + 8 : h + 12] != b"dhlr":
                    handler = blob[h + 12 : h + 16]
                pos = h + 4
                continue
            if handler == b"vide":
                code = blob[s + 16 : s + 20]
                if len(code) == 4 and code.isascii():
                    return code.decode("ascii").strip() or None
            pos = s + 4
    return None
