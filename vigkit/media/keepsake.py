"""The family's own copy on disk: each chosen clip rendered for "a copy for the family" and
the renderings joined into one MP4 that plays on any phone, and its stills.

Edge: each clip is :func:`vigkit.media.renderings.render_for` with
:attr:`~vigkit.core.access.Use.family_copy` — its seconds only, everyone the access policy
says must be hidden pixelated and blurred into the pixels (another family always is). The
renderings are joined with PyAV into one H.264 (yuv420p, even size, at most the first
clip's size) MP4 with AAC sound when any clip has sound (silence fills a clip without), its
index first (``+faststart``) so a phone plays it at once; written whole
(:func:`vigkit.media.footage.write_whole`). Stop ends the work after the piece in hand and
nothing is left half-written. What goes in, and who may ask, is
:mod:`vigkit.core.keepsake`'s; the page and the handover are
:mod:`vigkit.reports.keepsake`'s.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from vigkit.core.access import Use, unconfirmed_group_film
from vigkit.core.errors import MediaError
from vigkit.core.keepsake import Keepsake
from vigkit.media.fingerprint import check_unchanged
from vigkit.media.footage import write_whole
from vigkit.media.opening import open_input, video_stream
from vigkit.media.renderings import hiding_for_use, render_for
from vigkit.media.stills import still_at
from vigkit.store import Store

__all__ = ["render_clips", "join_clips", "keepsake_still", "SAMPLE_RATE"]

Progress = Callable[[float], None]

SAMPLE_RATE = 48_000
_TB = Fraction(1, 90_000)


def _stopped(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise MediaError(key="error.keepsake.stopped")


def render_clips(
    store: Store,
    data: Path,
    keepsake: Keepsake,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[Path]:
    """Each clip of ``keepsake`` rendered for a copy for the family (made once, kept among
    the renderings); ``progress`` hears the share of all the clips done. A film changed
    since it was logged, or whose footage went, is refused in plain words."""
    made: list[Path] = []
    total = keepsake.length_s or 1.0
    done = 0.0
    for clip in keepsake.clips:
        _stopped(cancel)
        film = clip.film
        if film.footage_deleted_on is not None:
            raise MediaError(key="error.keepsake.footage_gone", clip=clip.clip_id)
        check_unchanged(data, film)

        def step(share: float, done: float = done, length: float = clip.length_s) -> None:
            if progress is not None:
                progress(min(0.999, (done + share * length) / total))

        seconds = (clip.start_s, clip.end_s)
        if unconfirmed_group_film(store.access.footage(film, Use.family_copy, seconds)):
            raise MediaError(key="error.keepsake.people_not_confirmed", clip=clip.clip_id)
        made.append(render_for(store, data, film, Use.family_copy, seconds, progress=step))
        done += clip.length_s
    return made


def keepsake_still(store: Store, data: Path, keepsake: Keepsake, index: int, width: int) -> bytes:
    """The PNG still of clip ``index`` of ``keepsake``, with the people hidden that its
    rendering for a copy for the family hides."""
    clip = keepsake.clips[index]
    hide, _ = hiding_for_use(store, clip.film, Use.family_copy, clip.still_s, clip.still_s)
    with tempfile.TemporaryDirectory(prefix="vigkit-keepsake-") as folder:
        out = Path(folder) / "still.png"
        return still_at(clip.film.path, clip.still_s, out, width=width, hide=hide).read_bytes()


def _even(n: float) -> int:
    return max(2, int(n) // 2 * 2)


def _shape(parts: Sequence[Path]) -> tuple[int, int, Fraction, bool]:
    """The joined film's width, height and frame rate (the first clip's) and whether any
    clip has sound."""
    width = height = 0
    rate = Fraction(25)
    sound = False
    for n, part in enumerate(parts):
        with open_input(part) as source:
            vs = video_stream(source, part)
            if n == 0:
                width, height = int(vs.codec_context.width), int(vs.codec_context.height)
                rate = Fraction(max(1, round(float(vs.average_rate or vs.guessed_rate or 25))))
            sound = sound or bool(source.streams.audio)
    return _even(width), _even(height), rate, sound


class _Joiner:
    """Writes the clips one after another into an open output: pictures at the joined
    film's size, each clip's times moved on by the clips before it, sound in step."""

    def __init__(self, sink: av.container.OutputContainer, parts: Sequence[Path]) -> None:
        width, height, rate, sound = _shape(parts)
        self.sink = sink
        self.video = sink.add_stream("libx264", rate=rate)
        self.video.width, self.video.height = width, height
        self.video.pix_fmt = "yuv420p"
        self.video.options = {"crf": "23", "preset": "veryfast"}
        self.video.time_base = _TB
        self.video.codec_context.time_base = _TB
        self.audio = sink.add_stream("aac", rate=SAMPLE_RATE) if sound else None
        self.resampler = (
            av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE) if sound else None
        )
        self.offset = 0.0  # seconds of the clips written
        self.last_pts = -1
        self.samples = 0  # sound samples written

    def clip(
        self, part: Path, length: float, step: Progress, cancel: threading.Event | None
    ) -> None:
        """Write clip ``part`` (``length`` seconds)."""
        with open_input(part) as source:
            vs = video_stream(source, part)
            streams = [vs, *source.streams.audio[:1]] if self.audio is not None else [vs]
            first: float | None = None
            for packet in source.demux(*streams):
                for frame in packet.decode():
                    if isinstance(frame, av.VideoFrame) and frame.time is not None:
                        _stopped(cancel)
                        first = frame.time if first is None else first
                        t = frame.time - first
                        if t < length - 1e-6:
                            self._picture(frame, t)
                            step(min(t / length, 0.99) if length else 0.99)
                    elif isinstance(frame, av.AudioFrame):
                        self._sound(frame)
        self.offset += length
        self._sound_to(self.offset)

    def _picture(self, frame: av.VideoFrame, t: float) -> None:
        image = frame.reformat(self.video.width, self.video.height, format="yuv420p")
        pts = int(round((self.offset + t) / _TB))
        image.pts = self.last_pts = max(pts, self.last_pts + 1)
        image.time_base = _TB
        self.sink.mux(self.video.encode(image))

    def _sound(self, frame: av.AudioFrame | None) -> None:
        if self.audio is None or self.resampler is None:
            return
        end = int(round(self.offset * SAMPLE_RATE))  # this clip's sound starts here
        for chunk in self.resampler.resample(frame):
            chunk.pts = max(self.samples, end)
            self.samples = chunk.pts + chunk.samples
            self.sink.mux(self.audio.encode(chunk))

    def _sound_to(self, seconds: float) -> None:
        """Silence up to ``seconds`` (a clip without sound, or a short one), and no further:
        the next clip's sound starts with its pictures."""
        if self.audio is None or self.resampler is None:
            return
        self._sound(None)  # what the resampler holds
        self.resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
        want = int(round(seconds * SAMPLE_RATE))
        while self.samples < want:
            n = min(1024, want - self.samples)
            silence = av.AudioFrame.from_ndarray(
                np.zeros((2, n), dtype=np.float32), format="fltp", layout="stereo"
            )
            silence.sample_rate = SAMPLE_RATE
            silence.pts = self.samples
            self.samples += n
            self.sink.mux(self.audio.encode(silence))

    def finish(self) -> None:
        self.sink.mux(self.video.encode(None))
        if self.audio is not None:
            self.sink.mux(self.audio.encode(None))


def join_clips(
    parts: Sequence[tuple[Path, float]],
    out: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Join ``parts`` (a rendering and its length in seconds, in order) into ``out``, one
    MP4 that plays on any phone; written whole, MediaError in plain words."""
    if not parts:
        raise ValueError("a family's copy holds at least one clip")
    total = sum(length for _, length in parts) or 1.0
    try:
        with write_whole(out) as partial:
            options = {"movflags": "+faststart"}  # the index first: a phone plays at once
            with av.open(str(partial), mode="w", format="mp4", options=options) as sink:
                joiner = _Joiner(sink, [p for p, _ in parts])
                for part, length in parts:
                    before = joiner.offset

                    def step(share: float, before: float = before, length: float = length) -> None:
                        if progress is not None:
                            progress(min(0.999, (before + share * length) / total))

                    joiner.clip(part, length, step, cancel)
                joiner.finish()
    except MediaError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(key="error.keepsake.not_joined", detail=str(exc)) from exc
    if progress is not None:
        progress(1.0)
    return out
