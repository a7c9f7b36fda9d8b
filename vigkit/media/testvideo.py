"""Synthetic films for the demo caseload and the tests: shapes and tones, never people.

Every frame of a film made by :func:`make_film` says which second it belongs to, so a
test can tell where a still came from:

* the background colour is :func:`colour_at` ``(t)`` (it changes every whole second);
* a strip of blocks across the top spells the whole second in binary (white = 1,
  black = 0, most significant bit on the left); :func:`read_second` decodes it;
* a bar along the bottom grows from left to right, its length ``t / seconds`` of the width;
  :func:`read_bar` measures it and :func:`read_time` turns both into the time, to a frame.

A white circle bounces and a black square slides across the middle of the picture, so
the film visibly moves. The sound is a sine tone whose pitch changes every two seconds.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import cast

import av
import numpy as np

__all__ = [
    "PALETTE",
    "TONES_HZ",
    "CODE_BITS",
    "BACKGROUND_SAMPLE_BOX",
    "colour_at",
    "tone_at",
    "read_second",
    "read_bar",
    "read_time",
    "make_film",
    "make_not_a_video",
    "make_truncated_copy",
]

#: Background colours, one per whole second, repeating; far apart so compression keeps them apart.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (200, 50, 50),
    (50, 160, 60),
    (50, 70, 200),
    (210, 190, 40),
    (160, 50, 180),
    (40, 170, 170),
    (230, 120, 30),
    (110, 110, 110),
    (120, 200, 120),
    (90, 40, 40),
)

#: Tone pitches in hertz; the pitch changes every two seconds, repeating.
TONES_HZ: tuple[float, ...] = (440.0, 554.37, 659.25, 880.0, 349.23, 523.25)

#: How many binary blocks the top strip has (films up to 1023 s have a unique code per second).
CODE_BITS = 10

#: (left, top, right, bottom) as fractions of the picture: always plain background colour.
BACKGROUND_SAMPLE_BOX = (0.02, 0.30, 0.10, 0.70)

_CODE_STRIP = (0.0, 0.12)  # top and bottom of the binary strip, as fractions of the height
_BAR_STRIP = (0.90, 1.0)  # top and bottom of the progress bar
_SHAPE_BAND = (0.16, 0.86, 0.16, 0.86)  # left, right, top, bottom: where the shapes may go

_SAMPLE_RATE = 48_000
_VFR_TIME_BASE = Fraction(1, 90_000)

Progress = Callable[[float], None]


def colour_at(t_seconds: float) -> tuple[int, int, int]:
    """The background colour (RGB) drawn at time ``t_seconds``."""
    return PALETTE[int(math.floor(t_seconds)) % len(PALETTE)]


def tone_at(t_seconds: float) -> float:
    """The pitch (Hz) of the tone playing at time ``t_seconds``."""
    return TONES_HZ[(int(math.floor(t_seconds)) // 2) % len(TONES_HZ)]


def read_second(image: object) -> int:
    """Decode the whole second spelled by the top strip of a still (a PIL image or an array)."""
    grey = _grey(image)
    height, width = grey.shape
    top, bottom = (int(f * height) for f in _CODE_STRIP)
    mid_rows = grey[top + (bottom - top) // 4 : bottom - (bottom - top) // 4]
    value = 0
    for bit in range(CODE_BITS):
        x0, x1 = _block_span(bit, width)
        pad = max(1, (x1 - x0) // 4)
        lit = float(mid_rows[:, x0 + pad : x1 - pad].mean()) > 128
        value = (value << 1) | int(lit)
    return value


def read_bar(image: object) -> float:
    """How much of the bottom bar is filled in a still (0 to 1): the time as a fraction of the film."""
    grey = _grey(image)
    height, width = grey.shape
    top = int(_BAR_STRIP[0] * height)
    rows = grey[top + (height - top) // 4 : height - (height - top) // 4]
    if rows.size == 0:
        raise ValueError("the image is too small to hold the film's bar")
    # Filled is white (255), the rest dark (30): cut halfway between them.
    lit = rows.mean(axis=0) > (255 + 30) / 2
    return float(lit.sum()) / float(width)


def read_time(image: object, seconds: float) -> float:
    """The time (s) a still of a ``seconds``-long film came from, to about a frame.

    The bar gives the time to a pixel's worth; the binary code of the whole second, which
    survives compression and scaling better, corrects it when the two disagree by a second.
    """
    from_bar = read_bar(image) * seconds
    second = read_second(image)
    if second <= from_bar < second + 1:
        return from_bar
    # The bar's edge is blurred by compression or scaling: trust the code for the second.
    return min(max(from_bar, float(second)), second + 1 - 1e-3)


def _grey(image: object) -> np.ndarray:
    arr: np.ndarray = np.asarray(image)
    if arr.ndim == 2:
        grey: np.ndarray = arr.astype(np.float32)
        return grey
    mean: np.ndarray = arr[..., :3].astype(np.float32).mean(axis=2)
    return mean


def _block_span(bit: int, width: int) -> tuple[int, int]:
    step = width / CODE_BITS
    return int(bit * step), int((bit + 1) * step)


class _Painter:
    """Draws frames quickly: backgrounds are cached per second, shapes are pasted with masks."""

    def __init__(self, width: int, height: int, seconds: float) -> None:
        self.width = width
        self.height = height
        self.seconds = seconds
        self._backgrounds: dict[int, np.ndarray] = {}
        self.radius = max(4, min(width, height) // 10)
        yy, xx = np.mgrid[-self.radius : self.radius, -self.radius : self.radius]
        self._disc = (xx + 0.5) ** 2 + (yy + 0.5) ** 2 <= self.radius**2
        self.side = max(4, min(width, height) // 8)
        left, right, top, bottom = _SHAPE_BAND
        self.band = (int(left * width), int(right * width), int(top * height), int(bottom * height))
        self.bar_rows = (int(_BAR_STRIP[0] * height), height)

    def _background(self, second: int) -> np.ndarray:
        cached = self._backgrounds.get(second)
        if cached is None:
            cached = np.empty((self.height, self.width, 3), dtype=np.uint8)
            cached[:] = colour_at(second)
            top, bottom = (int(f * self.height) for f in _CODE_STRIP)
            for bit in range(CODE_BITS):
                x0, x1 = _block_span(bit, self.width)
                lit = (second >> (CODE_BITS - 1 - bit)) & 1
                cached[top:bottom, x0:x1] = 255 if lit else 0
                # A thin grey gap between blocks keeps neighbouring bits apart after compression.
                cached[top:bottom, x0 : x0 + max(1, (x1 - x0) // 10)] = 128
            self._backgrounds[second] = cached
        return cached

    def frame(self, t: float) -> np.ndarray:
        """The picture at time ``t`` seconds, as an RGB array."""
        img = self._background(int(math.floor(t))).copy()
        # Progress bar along the bottom.
        b0, b1 = self.bar_rows
        filled = int(round(self.width * min(1.0, max(0.0, t / self.seconds))))
        img[b0:b1, :filled] = 255
        img[b0:b1, filled:] = 30
        left, right, top, bottom = self.band
        # Circle bouncing around the middle band.
        d = 2 * self.radius
        cx = left + _bounce(t * 0.37, right - left - d)
        cy = top + _bounce(t * 0.53, bottom - top - d)
        img[cy : cy + d, cx : cx + d][self._disc] = (250, 250, 250)
        # Square sliding left to right, wrapping round.
        span = right - left - self.side
        sx = left + int((t * 0.25 % 1.0) * span)
        sy = top + (bottom - top - self.side) // 2
        img[sy : sy + self.side, sx : sx + self.side] = (15, 15, 15)
        return img


def _bounce(phase: float, span: int) -> int:
    """A position that goes 0 → span → 0 as ``phase`` goes 0 → 1 (and repeats)."""
    if span <= 0:
        return 0
    p = phase % 1.0
    return int((2 * p if p < 0.5 else 2 - 2 * p) * span)


def _frame_times(seconds: float, fps: int, variable: bool) -> Iterator[tuple[int, float]]:
    """(pts, time) for each frame. Constant rate: pts counts frames. Variable: 1/90000 ticks."""
    if not variable:
        count = max(1, int(round(seconds * fps)))
        for i in range(count):
            yield i, i / fps
        return
    rng = random.Random(1729)  # noqa: S311 - jitter, not security
    nominal = _VFR_TIME_BASE.denominator / fps
    pts = 0
    end = int(seconds * _VFR_TIME_BASE.denominator)
    while pts < end:
        yield pts, pts / _VFR_TIME_BASE.denominator
        pts += max(1, int(round(nominal * rng.choice((0.5, 0.75, 1.0, 1.0, 1.25, 1.5)))))


class _Tone:
    """A continuous sine tone, handed out in chunks."""

    def __init__(self, sample_rate: int) -> None:
        self.sample_rate = sample_rate
        self.samples_done = 0
        self.phase = 0.0

    def chunk(self, n: int) -> np.ndarray:
        idx = self.samples_done + np.arange(n)
        seconds = idx // self.sample_rate
        freqs = np.array([tone_at(s) for s in range(int(seconds[0]), int(seconds[-1]) + 1)])
        f = freqs[seconds - seconds[0]]
        steps = 2 * np.pi * f / self.sample_rate
        phases = self.phase + np.cumsum(steps) - steps
        self.phase = float((phases[-1] + steps[-1]) % (2 * np.pi))
        self.samples_done += n
        wave: np.ndarray = (0.3 * np.sin(phases)).astype(np.float32)
        return wave


def make_film(
    path: str | os.PathLike[str],
    seconds: float = 10.0,
    width: int = 640,
    height: int = 360,
    fps: int = 25,
    *,
    portrait: bool = False,
    variable_frame_rate: bool = False,
    codec: str = "h264",
    container: str | None = None,
    audio: bool = True,
    rotation: int = 0,
    faststart: bool = False,
    progress: Progress | None = None,
) -> Path:
    """Write a synthetic film to ``path`` (.mp4 or .mov) and return the path.

    ``portrait`` swaps width and height. ``variable_frame_rate`` spaces frames irregularly
    (1/90000 s ticks). ``codec`` is ``"h264"`` (libx264) or ``"hevc"`` (libx265).
    ``container`` names the format when the extension does not. ``rotation`` (degrees,
    counter-clockwise) writes display-rotation metadata as phones do. ``faststart`` puts
    the index at the front of the file. ``progress(fraction)`` is called as frames are written.
    """
    path = Path(path)
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    if portrait:
        width, height = height, width
    if width % 2 or height % 2:
        raise ValueError("width and height must be even (yuv420p)")
    encoders = {"h264": "libx264", "hevc": "libx265"}
    if codec not in encoders:
        raise ValueError(f"codec must be one of {sorted(encoders)}, not {codec!r}")

    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    options = {"movflags": "+faststart"} if faststart else {}
    try:
        with av.open(str(partial), mode="w", format=container, options=options) as out:
            vstream = _video_stream(
                out, encoders[codec], width, height, fps, variable_frame_rate, rotation
            )
            astream = None
            if audio:
                astream = out.add_stream("aac", rate=_SAMPLE_RATE, layout="mono")
                astream.bit_rate = 64_000
            _write_frames(out, vstream, astream, seconds, fps, variable_frame_rate, progress)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(1.0)
    return path


def _video_stream(
    out: av.container.OutputContainer,
    encoder: str,
    width: int,
    height: int,
    fps: int,
    variable_frame_rate: bool,
    rotation: int,
) -> av.VideoStream:
    """The film's video stream: ``encoder`` (libx264 or libx265) at its quickest, with the
    finer time base of a variable frame rate and the display rotation when asked."""
    vstream = cast(av.VideoStream, out.add_stream(encoder, rate=fps))
    vstream.width = width
    vstream.height = height
    vstream.pix_fmt = "yuv420p"
    vctx = vstream.codec_context
    vctx.gop_size = 2 * fps
    if encoder == "libx264":
        vstream.options = {"preset": "ultrafast", "crf": "26"}
    else:
        vstream.options = {
            "preset": "ultrafast",
            "crf": "28",
            "x265-params": "log-level=error",
        }
        vctx.codec_tag = "hvc1"  # what Apple players expect in .mp4/.mov
    if variable_frame_rate:
        vctx.time_base = _VFR_TIME_BASE
        vstream.time_base = _VFR_TIME_BASE
    if rotation:
        vstream.set_display_rotation(rotation)
    return vstream


def _write_frames(
    out: av.container.OutputContainer,
    vstream: av.VideoStream,
    astream: av.AudioStream | None,
    seconds: float,
    fps: int,
    variable_frame_rate: bool,
    progress: Progress | None,
) -> None:
    """Paint and encode every frame, with the tone (when there is sound) kept a little
    ahead; call ``progress`` as frames are written, short of 1.0."""
    tone = _Tone(_SAMPLE_RATE)
    total_frames = max(1, int(round(seconds * fps)))
    painter = _Painter(vstream.width, vstream.height, seconds)
    samples_total = int(seconds * _SAMPLE_RATE)
    for n, (pts, t) in enumerate(_frame_times(seconds, fps, variable_frame_rate)):
        frame = av.VideoFrame.from_ndarray(painter.frame(t), format="rgb24")
        frame.pts = pts
        if variable_frame_rate:
            frame.time_base = _VFR_TIME_BASE
        out.mux(vstream.encode(frame))
        if astream is not None:
            # Keep the sound a little ahead of the pictures so the muxer can interleave.
            want = min(samples_total, int((t + 0.25) * _SAMPLE_RATE))
            _write_audio(out, astream, tone, want)
        if progress is not None and n % max(1, fps // 2) == 0:
            progress(min(0.99, t / seconds if variable_frame_rate else n / total_frames))
    out.mux(vstream.encode(None))
    if astream is not None:
        _write_audio(out, astream, tone, samples_total)
        out.mux(astream.encode(None))


def _write_audio(
    out: av.container.OutputContainer, stream: av.AudioStream, tone: _Tone, upto: int
) -> None:
    chunk = 1024
    while tone.samples_done < upto:
        n = min(chunk, upto - tone.samples_done)
        start = tone.samples_done
        samples = tone.chunk(n)[np.newaxis, :]
        frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
        frame.sample_rate = _SAMPLE_RATE
        frame.pts = start
        frame.time_base = Fraction(1, _SAMPLE_RATE)
        out.mux(stream.encode(frame))


def make_not_a_video(path: str | os.PathLike[str]) -> Path:
    """Write a small text file (whatever its extension says) that is not a video."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "Shopping list\n- milk\n- bread\n- batteries for the camera\n\nThis is not a video.\n",
        encoding="utf-8",
    )
    return path


def make_truncated_copy(
    src: str | os.PathLike[str], dst: str | os.PathLike[str], keep_fraction: float = 0.3
) -> Path:
    """Copy the first ``keep_fraction`` of ``src``'s bytes to ``dst``, like an interrupted copy."""
    if not 0.0 <= keep_fraction < 1.0:
        raise ValueError("keep_fraction must be at least 0 and less than 1")
    src, dst = Path(src), Path(dst)
    remaining = int(src.stat().st_size * keep_fraction)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open("rb") as fin, dst.open("wb") as fout:
        while remaining > 0:
            block = fin.read(min(remaining, 1 << 20))
            if not block:
                break
            fout.write(block)
            remaining -= len(block)
    return dst
