"""Playback copies: an H.264/AAC MP4 of a film whose format the page's browser cannot play.

Edge: reads a logged film with PyAV (FFmpeg's libraries from PyPI, no system ffmpeg) and
writes ``<data>/media/playback/<CASE>/film-<id>.mp4`` — inside the data directory, erased
with the film (see :mod:`vigkit.media.casefiles`). The copy is only for watching: stills and
review clips are always cut from the original.

The copy keeps the original's frame times: its video stream has the original's time base
and each frame keeps its own timestamp (less the film's start, so the copy starts at 0 as
vigkit counts film time), so a variable frame rate stays variable and a time marked on the
copy is the same frame of the original. A film carrying rotation metadata (a phone held
upright) is turned so the copy's pictures are upright and it carries no rotation. Frames are
streamed one by one, never the whole film in memory; the copy is written to a temporary file
beside it and renamed, so a failure or a stop never leaves half a copy.
"""

from __future__ import annotations

import errno
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import av.error
import numpy as np

from vigkit.core.errors import MediaError
from vigkit.core.records import Film
from vigkit.media.footage import FootageFiles, write_whole
from vigkit.media.opening import (
    AV_ERRORS,
    PathLike,
    damaged_error,
    film_name,
    open_input,
    stream_duration_s,
    unsupported_error,
    video_stream,
)

__all__ = ["MAX_SIDE", "copy_film", "make_playback_copy", "needs_copy", "playback_path"]

MAX_SIDE = 1920  # the copy's long side at most: full HD is plenty to watch a film by

#: What every common browser plays as it is (as vigkit.media.filmcheck judges a film).
_PLAYABLE_VIDEO = frozenset({"h264"})
_PLAYABLE_AUDIO = frozenset({"aac", "mp3", "mp3float"})
_PLAYABLE_CONTAINERS = frozenset({"mp4", "mov", "m4v"})

#: What reading, decoding or writing a film raises: a damaged film, unless the disk is to blame.
_READ_ERRORS: tuple[type[BaseException], ...] = (*AV_ERRORS, ValueError)
_DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})

Progress = Callable[[float], None]


def playback_path(data_dir: Path, case_code: str, film_id: int) -> Path:
    """Where a film's playback copy lives: ``<data>/media/playback/<CASE>/film-<id>.mp4``."""
    return FootageFiles(Path(data_dir)).playback(case_code, film_id)


def copy_film(
    data_dir: Path,
    film: Film,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Make a logged film's playback copy where the media route looks for it."""
    dst = playback_path(data_dir, film.case_code, film.id or 0)
    return make_playback_copy(film.path, dst, progress=progress, cancel=cancel)


def needs_copy(codec: str, container: str, audio_codec: str | None) -> bool:
    """Does a film need a playback copy when the browser's own answer is unknown?

    False only for H.264 video with AAC or MP3 sound (or none) in an MP4/MOV file.
    ``container`` is FFmpeg's format name (``"mov,mp4,m4a,3gp,3g2,mj2"``) or the file's
    ending (``".mp4"``); ``codec`` and ``audio_codec`` are FFmpeg's codec names.
    """
    kinds = {part.strip().lower().lstrip(".") for part in container.split(",")}
    if codec.lower() not in _PLAYABLE_VIDEO or not kinds & _PLAYABLE_CONTAINERS:
        return True
    return audio_codec is not None and audio_codec.lower() not in _PLAYABLE_AUDIO


def make_playback_copy(
    src: PathLike,
    dst: PathLike,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write an H.264/AAC MP4 copy of the film ``src`` to ``dst`` and return ``dst``.

    ``progress(fraction)`` is called from 0 to 1 as frames are encoded (about every 1%).
    When ``cancel`` is set the copy stops, nothing is kept and a MediaError says so. A film
    that cannot be read, or is damaged on the way, is a MediaError in plain words.
    """
    path = Path(src).expanduser().absolute()
    out = Path(dst)
    with write_whole(out) as partial, open_input(path) as source:
        vs = video_stream(source, path)
        codec = vs.codec_context.name
        try:
            first = _first_frame(path)
            _Copier(source, vs, path, progress, cancel).write(first, partial)
        except MediaError:
            raise
        except (av.error.DecoderNotFoundError, av.error.PatchWelcomeError) as exc:
            raise unsupported_error(path, codec) from exc
        except _READ_ERRORS as exc:
            if isinstance(exc, OSError) and exc.errno in _DISK_ERRNOS:
                raise _not_written(path, exc) from exc  # the disk, not the film
            raise damaged_error(path) from exc
    if progress is not None:
        progress(1.0)
    return out


def _not_written(path: Path, exc: OSError) -> MediaError:
    detail = exc.strerror or str(exc)
    return MediaError(key="error.media.copy_not_written", name=film_name(path), detail=detail)


def _even(n: float) -> int:
    return max(2, int(round(n)) // 2 * 2)


class _Copier:
    """One copy: the original's streams in, the MP4's streams out, frame by frame."""

    def __init__(
        self,
        source: av.container.InputContainer,
        vs: av.VideoStream,
        path: Path,
        progress: Progress | None,
        cancel: threading.Event | None,
    ) -> None:
        self.source, self.vs, self.path = source, vs, path
        self.progress, self.cancel = progress, cancel
        self.time_base = vs.time_base or Fraction(1, 90_000)
        self.start_pts = vs.start_time or 0
        self.duration = stream_duration_s(source, vs)
        self.reported = -1.0
        self.last_pts: int | None = None
        self.last_time = 0.0
        self.audio_in = source.streams.audio[0] if source.streams.audio else None
        if self.audio_in is not None and self.audio_in.codec_context is None:
            self.audio_in = None  # a sound FFmpeg cannot decode: the copy is silent
        self.audio_pts: int | None = None
        self.turns = 0  # quarter turns counter-clockwise that make the pictures upright
        self.size: tuple[int, int] = (0, 0)  # encoded width, height (upright)

    def write(self, first: av.VideoFrame, partial: Path) -> None:
        self.turns = int(round((first.rotation or 0) / 90)) % 4
        self.size = self._upright_size(first)
        rate = Fraction(max(1, round(float(self.vs.average_rate or self.vs.guessed_rate or 25))))
        options = {"movflags": "+faststart"}  # the index first: the browser plays at once
        with av.open(str(partial), mode="w", format="mp4", options=options) as sink:
            video = sink.add_stream("libx264", rate=rate)
            video.width, video.height = self.size
            video.pix_fmt = "yuv420p"
            video.options = {"crf": "23", "preset": "veryfast"}
            video.time_base = self.time_base  # frames keep the original's own times
            video.codec_context.time_base = self.time_base
            audio, resampler = self._audio_out(sink)
            streams = [self.vs] + ([self.audio_in] if self.audio_in is not None else [])
            for packet in self.source.demux(*streams):
                for frame in packet.decode():
                    if self.cancel is not None and self.cancel.is_set():
                        raise MediaError(key="error.media.copy_stopped")
                    if isinstance(frame, av.VideoFrame):
                        for out_packet in video.encode(self._picture(frame)):
                            sink.mux(out_packet)
                    elif isinstance(frame, av.AudioFrame) and audio is not None:
                        self._sound(frame, sink, audio, resampler)
            if self.last_pts is None:
                raise damaged_error(self.path)
            self._check_reached_end()
            sink.mux(video.encode(None))
            if audio is not None:
                if resampler is not None:
                    self._encode_audio(resampler.resample(None), sink, audio)
                sink.mux(audio.encode(None))

    def _upright_size(self, frame: av.VideoFrame) -> tuple[int, int]:
        width = float(self.vs.codec_context.width or frame.width)
        height = float(self.vs.codec_context.height or frame.height)
        sar = self.vs.codec_context.sample_aspect_ratio
        if sar and sar > 0 and sar != 1:
            width *= float(sar)  # square pixels in the copy (an anamorphic camera's film)
        if self.turns % 2:
            width, height = height, width
        scale = min(1.0, MAX_SIDE / max(width, height))
        return _even(width * scale), _even(height * scale)

    def _picture(self, frame: av.VideoFrame) -> av.VideoFrame:
        """The frame upright at the copy's size, keeping its own time (less the film's start)."""
        width, height = self.size
        if self.turns % 2:
            width, height = height, width  # scaled first, in the original's orientation
        image = frame.reformat(width=width, height=height, format="yuv420p")
        if self.turns:
            image = _turned(image, self.turns)
        pts = frame.pts
        if pts is None:  # no time of its own: just after the last one
            pts = (self.last_pts or 0) + 1 + self.start_pts
        pts -= self.start_pts
        if self.last_pts is not None and pts <= self.last_pts:
            pts = self.last_pts + 1  # a repeated time: the next tick, so times only go on
        image.pts = self.last_pts = pts
        image.time_base = self.time_base
        if frame.duration:
            image.duration = frame.duration
        self.last_time = float(pts * self.time_base)
        self._report(self.last_time)
        return image

    def _report(self, t: float) -> None:
        if self.progress is None or not self.duration:
            return
        done = min(max(t / self.duration, 0.0), 0.99)
        if done - self.reported >= 0.01 or self.reported < 0:
            self.reported = done
            self.progress(done)

    def _check_reached_end(self) -> None:
        """A film whose pictures stop well before its length is cut short: damaged."""
        if self.duration is None:
            return
        rate = float(self.vs.average_rate or self.vs.guessed_rate or 0)
        slack = max(1.0, 2.5 / rate) if rate else 1.0
        if self.last_time < self.duration - slack:
            raise damaged_error(self.path)

    def _audio_out(
        self, sink: av.container.OutputContainer
    ) -> tuple[av.AudioStream | None, av.AudioResampler | None]:
        if self.audio_in is None:
            return None, None
        ctx = self.audio_in.codec_context
        rate = ctx.sample_rate or 48_000
        layout = "mono" if ctx.channels == 1 else "stereo"
        audio = sink.add_stream("aac", rate=rate, layout=layout)
        audio.time_base = Fraction(1, rate)
        return audio, av.AudioResampler(format="fltp", layout=layout, rate=rate)

    def _sound(
        self,
        frame: av.AudioFrame,
        sink: av.container.OutputContainer,
        audio: av.AudioStream,
        resampler: av.AudioResampler | None,
    ) -> None:
        if resampler is None:
            return
        if self.audio_pts is None:  # the sound starts where it did against the pictures
            start = float(self.start_pts * self.time_base)
            offset = (frame.time if frame.time is not None else start) - start
            self.audio_pts = max(0, int(round(offset * audio.codec_context.sample_rate)))
        self._encode_audio(resampler.resample(frame), sink, audio)

    def _encode_audio(
        self, chunks: list[av.AudioFrame], sink: av.container.OutputContainer, audio: av.AudioStream
    ) -> None:
        for chunk in chunks:
            chunk.pts = self.audio_pts or 0
            chunk.time_base = audio.time_base
            self.audio_pts = chunk.pts + chunk.samples
            sink.mux(audio.encode(chunk))


def _first_frame(path: Path) -> av.VideoFrame:
    """The film's first picture (its size and rotation), read apart from the copy's reading."""
    with open_input(path) as peek:
        for frame in peek.decode(video_stream(peek, path)):
            return frame
    raise damaged_error(path)


def _turned(image: av.VideoFrame, turns: int) -> av.VideoFrame:
    """A yuv420p frame turned ``turns`` quarter turns counter-clockwise (as a still is)."""
    width, height = image.width, image.height
    packed = image.to_ndarray()  # Y (height rows), then U and V (a quarter each)
    luma = packed[:height]
    chroma = packed[height:].reshape(2, height // 2, width // 2)
    planes = [np.rot90(luma, turns), np.rot90(chroma[0], turns), np.rot90(chroma[1], turns)]
    new_width = planes[0].shape[1]
    flat = np.concatenate([p.ravel() for p in planes]).reshape(-1, new_width)
    return av.VideoFrame.from_ndarray(np.ascontiguousarray(flat), format="yuv420p")
