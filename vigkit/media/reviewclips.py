"""Short review clips: a clip of a film cut into its own small MP4 for the shared review.

Edge: reads a logged film with PyAV (FFmpeg's libraries from PyPI, no system ffmpeg) and
writes ``<data>/media/review/<CASE>/cycle-<N>/clip-<id>.mp4`` — inside the data directory,
never in an export. The clip is re-encoded (H.264, with AAC sound when the film has sound)
so it starts and ends on the marked frames, not on the nearest keyframes. Written whole
(:func:`vigkit.media.footage.write_whole`), so a failure never leaves half a clip. A ``progress`` callback
gets the share done (0 to 1) as frames are written. ``hide`` (optional) says which face
boxes (in the film's own pixels) to hide at each time in the film: they are pixelated and
blurred into each frame before it is encoded (:mod:`vigkit.media.hiding`). ``mute``
(optional) names stretches of the film (in its own seconds) whose sound is silenced: the
samples there are zeroed before the sound is encoded, so nothing of them is in the clip.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av

from vigkit.core.errors import MediaError
from vigkit.media.faces import Box
from vigkit.media.footage import FootageFiles, write_whole
from vigkit.media.hiding import hide_scaled
from vigkit.media.opening import (
    clock_text,
    media_error,
    open_input,
    outside_film_error,
    stream_duration_s,
    stream_start_s,
    video_stream,
)

__all__ = ["cut_clip", "review_clip_path", "Hide", "Stretches"]

#: The face boxes (in the film's own pixels) to hide at a time in the film.
Hide = Callable[[float], Sequence[Box]]

#: Stretches of a film (start, end, in its own seconds) whose sound is silenced.
Stretches = Sequence[tuple[float, float]]

MAX_WIDTH = 1280  # a review clip is watched on a laptop or tablet: 720p is plenty


def review_clip_path(data_dir: Path, case_code: str, cycle: int, clip_id: int) -> Path:
    return FootageFiles(Path(data_dir)).review(case_code, cycle, clip_id)


def _even(n: float) -> int:
    return max(2, int(n) // 2 * 2)


def cut_clip(
    film: str | os.PathLike[str],
    start_s: float,
    end_s: float,
    out_path: str | os.PathLike[str],
    *,
    progress: Callable[[float], None] | None = None,
    hide: Hide | None = None,
    mute: Stretches = (),
) -> Path:
    """Cut ``start_s``–``end_s`` of ``film`` into ``out_path`` (an .mp4); MediaError in plain words."""
    path = Path(film).expanduser().absolute()
    out = Path(out_path)
    if end_s <= start_s:
        raise MediaError(
            key="error.clip.cut_order", start=clock_text(start_s), end=clock_text(end_s)
        )
    try:
        with write_whole(out) as partial, open_input(path) as source:
            vs = video_stream(source, path)
            duration = stream_duration_s(source, vs)
            if duration is not None and (start_s < 0 or end_s > duration + 0.05):
                raise outside_film_error(path, duration, start_s, end_s)
            _write(source, vs, (start_s, end_s), partial, progress, hide, mute)
    except MediaError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise media_error("error.clip.not_cut", path, detail=exc) from exc
    if progress is not None:
        progress(1.0)
    return out


def _output_streams(
    sink: av.container.OutputContainer, vs: av.VideoStream, audio_in: av.AudioStream | None
) -> tuple[av.VideoStream, av.AudioStream | None, av.AudioResampler | None]:
    """The clip's H.264 stream, no wider than MAX_WIDTH (its time base is the caller's), and
    its AAC stream with a resampler to it, when the film has sound."""
    # A nominal rate only (frames keep their own times): a phone's variable rate such as
    # 9700/401 is not one the H.264 encoder accepts.
    rate = Fraction(max(1, round(float(vs.average_rate or vs.guessed_rate or 25))))
    width, height = float(vs.codec_context.width), float(vs.codec_context.height)
    if width > MAX_WIDTH:
        width, height = MAX_WIDTH, height * MAX_WIDTH / width
    video = sink.add_stream("libx264", rate=rate)
    video.width, video.height = _even(width), _even(height)
    video.pix_fmt = "yuv420p"
    video.options = {"crf": "23", "preset": "veryfast"}
    audio = None
    resampler = None
    if audio_in is not None and audio_in.codec_context is not None:
        audio = sink.add_stream("aac", rate=audio_in.codec_context.sample_rate or 48_000)
        resampler = av.AudioResampler(
            format="fltp", layout="stereo", rate=audio.codec_context.sample_rate
        )
    return video, audio, resampler


def _write(
    source: av.container.InputContainer,
    vs: av.VideoStream,
    seconds: tuple[float, float],
    partial: Path,
    progress: Callable[[float], None] | None,
    hide: Hide | None = None,
    mute: Stretches = (),
) -> None:
    start_s, end_s = seconds
    base = stream_start_s(vs)
    source_size = (int(vs.codec_context.width), int(vs.codec_context.height))
    audio_in = source.streams.audio[0] if source.streams.audio else None
    with av.open(str(partial), mode="w", format="mp4") as sink:
        video, audio, resampler = _output_streams(sink, vs, audio_in)
        video.time_base = Fraction(1, 90_000)
        video.codec_context.time_base = Fraction(1, 90_000)  # frames keep their own times
        tb = vs.time_base or Fraction(1, 90_000)
        source.seek(int((base + start_s) / tb), stream=vs, backward=True)
        streams = [vs] + ([audio_in] if audio is not None and audio_in is not None else [])
        length = end_s - start_s
        audio_pts = 0
        audio_from: float | None = None  # the film's time of the clip's first sample
        last_pts = -1
        for packet in source.demux(*streams):
            for frame in packet.decode():
                if not isinstance(frame, av.VideoFrame | av.AudioFrame) or frame.time is None:
                    continue
                t = frame.time - base
                if isinstance(frame, av.VideoFrame):
                    if t < start_s - 1e-6:
                        continue
                    if t >= end_s - 1e-6:
                        break
                    hidden = list(hide(t)) if hide is not None else []
                    if not hidden:
                        image = frame.reformat(video.width, video.height, format="yuv420p")
                    else:
                        rgb = frame.reformat(video.width, video.height, format="rgb24")
                        painted = hide_scaled(rgb.to_ndarray(), hidden, source_size)
                        image = av.VideoFrame.from_ndarray(painted, format="rgb24")
                        image = image.reformat(format="yuv420p")
                    pts = int(round((t - start_s) / video.time_base))
                    image.pts = last_pts = max(pts, last_pts + 1)  # a repeated time: next tick
                    image.time_base = video.time_base
                    for out_packet in video.encode(image):
                        sink.mux(out_packet)
                    if progress is not None:
                        progress(min((t - start_s) / length, 0.99))
                elif audio is not None and resampler is not None:
                    if not start_s <= t < end_s:
                        continue
                    audio_from = t if audio_from is None else audio_from
                    for chunk in resampler.resample(frame):
                        if mute:
                            rate = chunk.sample_rate or 1
                            chunk = _silenced(chunk, audio_from + audio_pts / rate, mute)
                        chunk.pts = audio_pts
                        audio_pts += chunk.samples
                        for out_packet in audio.encode(chunk):
                            sink.mux(out_packet)
            else:
                continue
            if isinstance(packet.stream, av.VideoStream) and packet.pts is not None:
                if float(packet.pts * tb) - base >= end_s + 1.0:
                    break
        for out_packet in video.encode():
            sink.mux(out_packet)
        if audio is not None:
            for out_packet in audio.encode():
                sink.mux(out_packet)


def _silenced(chunk: av.AudioFrame, at_s: float, mute: Stretches) -> av.AudioFrame:
    """``chunk`` (planar, its first sample at ``at_s`` in the film) with its samples inside
    ``mute``'s stretches zeroed (a new frame); ``chunk`` itself when none lie inside."""
    rate, count = chunk.sample_rate or 1, chunk.samples
    spans = [
        (max(0, math.floor((a - at_s) * rate)), min(count, math.ceil((b - at_s) * rate)))
        for a, b in mute
    ]
    spans = [(i, j) for i, j in spans if i < j]
    if not spans:
        return chunk
    samples = chunk.to_ndarray().copy()
    for i, j in spans:
        samples[:, i:j] = 0
    quiet = av.AudioFrame.from_ndarray(samples, format=chunk.format.name, layout=chunk.layout.name)
    quiet.sample_rate = rate
    return quiet
