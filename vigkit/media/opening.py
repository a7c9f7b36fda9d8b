"""Opening a film file for the media modules, every way that can fail a plain :class:`MediaError`.

Shared by :mod:`vigkit.media.films` (probing), :mod:`vigkit.media.stills`,
:mod:`vigkit.media.fingerprint` and :mod:`vigkit.media.reviewclips`: the open container and
its video stream, the film's length and start, and the errors about a file, which name it.
These helpers are the media package's own (hence the underscores), not vigkit's API.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import av
import av.error

from vigkit.core.errors import MediaError
from vigkit.i18n.phrase import Phrase

PathLike = str | os.PathLike[str]

#: Errors PyAV/FFmpeg raise while opening, demuxing or decoding a damaged or odd file.
AV_ERRORS: tuple[type[BaseException], ...] = (av.error.FFmpegError, OSError, EOFError)


def media_error(key: str, path: Path, **values: object) -> MediaError:
    """A MediaError saying ``key`` (of vigkit.i18n.words.errors) about ``path``: its words may use
    {path} (the whole path) and {name} (the file's name in quotes), besides ``values``."""
    # The message (None) is given by position, so no entry of the values can be taken for it.
    err = MediaError(None, key=key, **({"path": path, "name": film_name(path)} | values))
    err.path = path  # type: ignore[attr-defined]
    return err


def outside_film_error(path: Path, duration: float, start_s: float, end_s: float) -> MediaError:
    """The seconds ``start_s``–``end_s`` are not in ``path``'s ``duration`` seconds."""
    return media_error(
        "error.clip.outside_film",
        path,
        length=clock_text(duration),
        start=clock_text(start_s),
        end=clock_text(end_s),
    )


def film_name(path: Path) -> str:
    """The file's name in quotes (its whole path when it has no name), as messages show it."""
    return repr(path.name) if path.name else repr(str(path))


def damaged_error(path: Path) -> MediaError:
    return media_error("error.media.damaged", path)


def unsupported_error(path: Path, codec: str | None) -> MediaError:
    label = codec or Phrase("error.media.unknown_codec")
    return media_error("error.media.unsupported", path, codec=label)


def clock_text(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    minutes, secs = divmod(seconds, 60)
    return f"{sign}{int(minutes)}:{secs:04.1f}"


@contextmanager
def open_input(path: Path) -> Iterator[av.container.InputContainer]:
    """Open ``path`` for reading, turning every way that can fail into a plain MediaError."""
    if not path.exists():
        raise media_error("error.media.not_found", path)
    if path.is_dir():
        raise media_error("error.media.folder", path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise media_error("error.media.unreadable", path, detail=exc.strerror) from exc
    if size == 0:
        raise media_error("error.media.empty", path)
    try:
        container = av.open(str(path), mode="r")
    except PermissionError as exc:
        raise media_error("error.media.not_allowed", path) from exc
    except FileNotFoundError as exc:
        raise media_error("error.media.not_found", path) from exc
    except AV_ERRORS as exc:
        if _looks_like_video_container(path):
            raise damaged_error(path) from exc
        raise _not_a_video(path) from exc
    try:
        yield container
    finally:
        container.close()


@contextmanager
def open_film(
    path: Path,
) -> Iterator[tuple[av.container.InputContainer, av.VideoStream, float]]:
    """Open ``path`` as :func:`_open_input` does, with its video stream and its length in
    seconds: a MediaError when the film has no length."""
    with open_input(path) as container:
        vs = video_stream(container, path)
        duration = stream_duration_s(container, vs)
        if duration is None or duration <= 0:
            raise media_error("error.media.no_length", path)
        yield container, vs, duration


def check_is_film(path: Path) -> None:
    """A MediaError unless ``path`` opens as a container with pictures vigkit can decode:
    only its header is read, so this is quick for a film of any length."""
    with open_input(path) as container:
        video_stream(container, path)


def _not_a_video(path: Path) -> MediaError:
    return media_error("error.media.not_a_video", path)


def video_stream(container: av.container.InputContainer, path: Path) -> av.VideoStream:
    fmt = container.format.name or ""
    if fmt.endswith("_pipe") or fmt in {"image2", "gif", "tty", "srt", "webvtt", "ass"}:
        raise _not_a_video(path)
    if not container.streams.video:
        if container.streams.audio:
            raise media_error("error.media.no_pictures", path)
        if _looks_like_video_container(path):
            raise damaged_error(path)  # e.g. a half-copied MP4 whose track list is cut short
        raise _not_a_video(path)
    vs = container.streams.video[0]
    if vs.codec_context is None:  # FFmpeg knows no decoder for this stream
        raise unsupported_error(path, _fourcc_hint(path))
    vs.codec_context.thread_type = "AUTO"
    return vs


def stream_duration_s(container: av.container.InputContainer, vs: av.VideoStream) -> float | None:
    if vs.duration is not None and vs.time_base is not None and vs.duration > 0:
        return float(vs.duration * vs.time_base)
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    return None


def stream_start_s(vs: av.VideoStream) -> float:
    if vs.start_time is None or vs.time_base is None:
        return 0.0
    return float(vs.start_time * vs.time_base)


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
