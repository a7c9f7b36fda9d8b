"""Films with real faces at known places, composed from public-domain photographs that
installed packages ship (never binary fixtures in git, never a download):

* ``astronaut``: Eileen Collins, NASA (scikit-image's ``data.astronaut``), frontal;
* ``hopper``: Grace Hopper, US Navy (matplotlib's sample ``grace_hopper.jpg``), frontal;
* ``camera``: the cameraman (scikit-image's ``data.camera``, CC0), grey and turned
  three-quarters away: the nearest to side-on any shipped photograph comes.

Each face is cut out with its head and shoulders, scaled so the face is ``face_px`` wide,
mirrored or turned up to ±20°, and moved in a straight line across a generated background
(soft colour fields and shapes, no faces). :func:`compose` gives a frame and the true face
boxes in it; :func:`make_face_film` writes a film with PyAV and returns the truth per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from pathlib import Path

import av
import matplotlib.cbook
import numpy as np
from PIL import Image
from skimage import data

from vigkit.core.records import Film
from vigkit.media.faces import Box

#: (x, y, w, h) of the face in each photograph, measured by eye (eyebrows to chin).
FACE_IN_PHOTO = {
    "astronaut": (178, 55, 92, 122),
    "hopper": (172, 125, 188, 208),
    "camera": (200, 112, 62, 86),
}
_CONTEXT = 0.7  # head and shoulders: this share of the face's size on each side


def _photo(name: str) -> np.ndarray:
    if name == "astronaut":
        return np.asarray(data.astronaut())
    if name == "camera":
        return np.stack([np.asarray(data.camera())] * 3, axis=-1)
    path = matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False)
    with Image.open(path) as image:
        return np.asarray(image.convert("RGB"))


@dataclass(frozen=True)
class Sprite:
    """A cut-out person: RGBA pixels and the face box within them."""

    rgba: np.ndarray
    face: tuple[float, float, float, float]


def sprite(name: str, face_px: int, *, mirror: bool = False, angle: float = 0.0) -> Sprite:
    """Photograph ``name`` cut to head and shoulders, its face ``face_px`` wide."""
    photo = _photo(name)
    fx, fy, fw, fh = FACE_IN_PHOTO[name]
    left = max(0, int(fx - _CONTEXT * fw))
    top = max(0, int(fy - _CONTEXT * fh))
    right = min(photo.shape[1], int(fx + fw + _CONTEXT * fw))
    bottom = min(photo.shape[0], int(fy + fh + _CONTEXT * fh))
    scale = face_px / fw
    cut = Image.fromarray(photo[top:bottom, left:right]).convert("RGBA")
    size = (max(1, round(cut.width * scale)), max(1, round(cut.height * scale)))
    cut = cut.resize(size, Image.Resampling.LANCZOS)
    x, y, w, h = (fx - left) * scale, (fy - top) * scale, fw * scale, fh * scale
    if mirror:
        cut = cut.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        x = cut.width - x - w
    if angle:
        cx, cy = x + w / 2 - cut.width / 2, y + h / 2 - cut.height / 2
        cut = cut.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        a = math.radians(angle)  # PIL turns counter-clockwise; y points down
        rx = cx * math.cos(a) + cy * math.sin(a)
        ry = -cx * math.sin(a) + cy * math.cos(a)
        x, y = rx + cut.width / 2 - w / 2, ry + cut.height / 2 - h / 2
    return Sprite(np.asarray(cut), (x, y, w, h))


@dataclass(frozen=True)
class Walker:
    """A sprite whose face's top-left corner moves from ``start`` to ``end`` over the film."""

    sprite: Sprite
    start: tuple[float, float]
    end: tuple[float, float]

    def face_at(self, share: float) -> tuple[float, float]:
        return (
            self.start[0] + (self.end[0] - self.start[0]) * share,
            self.start[1] + (self.end[1] - self.start[1]) * share,
        )


def background(width: int, height: int, seed: int = 3) -> np.ndarray:
    """A generated room: soft colour fields, a floor, and a few blocks of colour."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    picture = np.empty((height, width, 3), np.float32)
    for c in range(3):
        a, b = rng.uniform(60, 200, 2)
        picture[..., c] = a + (b - a) * xx / width + 20 * np.sin(yy / 37.0 + c)
    picture[int(height * 0.75) :, :, :] *= 0.6
    for _ in range(8):
        x0, y0 = int(rng.integers(0, width - 80)), int(rng.integers(0, height - 80))
        w0, h0 = int(rng.integers(30, 160)), int(rng.integers(30, 160))
        picture[y0 : y0 + h0, x0 : x0 + w0] = rng.uniform(0, 255, 3)
    picture += rng.normal(0, 4, picture.shape)
    return np.clip(picture, 0, 255).astype(np.uint8)


def compose(
    ground: np.ndarray, walkers: list[Walker], share: float, t: float = 0.0
) -> tuple[np.ndarray, list[Box]]:
    """The frame at ``share`` (0 to 1) of the film, and the true face boxes in it."""
    frame = ground.copy()
    boxes = []
    height, width = frame.shape[:2]
    for walker in walkers:
        fx, fy = walker.face_at(share)
        sx, sy, fw, fh = walker.sprite.face
        left, top = round(fx - sx), round(fy - sy)
        rgba = walker.sprite.rgba
        x0, y0 = max(0, left), max(0, top)
        x1, y1 = min(width, left + rgba.shape[1]), min(height, top + rgba.shape[0])
        if x1 <= x0 or y1 <= y0:
            continue
        part = rgba[y0 - top : y1 - top, x0 - left : x1 - left].astype(np.float32)
        alpha = part[..., 3:4] / 255.0
        under = frame[y0:y1, x0:x1].astype(np.float32)
        frame[y0:y1, x0:x1] = (part[..., :3] * alpha + under * (1 - alpha)).astype(np.uint8)
        boxes.append(Box(t=t, x=round(fx), y=round(fy), w=round(fw), h=round(fh), score=1.0))
    return frame, boxes


def film_record(path: Path, seconds: float) -> Film:
    """The film at ``path`` as a logged film of case F017 (its digest is not checked here)."""
    return Film(
        id=1,
        case_code="F017",
        cycle_number=1,
        path=str(path),
        sha256="0" * 64,
        duration_s=seconds,
        filmed_on=date(2026, 11, 2),
    )


def make_face_film(
    path: Path,
    walkers: list[Walker],
    *,
    seconds: float = 2.0,
    width: int = 1280,
    height: int = 720,
    fps: int = 25,
) -> list[tuple[float, list[Box]]]:
    """Write the film to ``path`` (H.264, no sound); the true face boxes of every frame."""
    ground = background(width, height)
    frames = max(1, round(seconds * fps))
    truth = []
    with av.open(str(path), mode="w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "20"}
        stream.codec_context.time_base = Fraction(1, fps)
        for n in range(frames):
            t = n / fps
            picture, boxes = compose(ground, walkers, n / max(1, frames - 1), t)
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = n
            out.mux(stream.encode(frame))
            truth.append((t, boxes))
        out.mux(stream.encode(None))
    return truth


def scenes(width: int = 1280, height: int = 720) -> list[list[Walker]]:
    """Three scenes of three people each: faces 40 to 160 px wide, mirrored, turned ±20°,
    the cameraman three-quarters away, all moving across the picture."""
    w, h = width, height
    return [
        [
            Walker(sprite("astronaut", 160), (0.10 * w, 0.15 * h), (0.30 * w, 0.25 * h)),
            Walker(sprite("hopper", 60, mirror=True), (0.80 * w, 0.20 * h), (0.55 * w, 0.30 * h)),
            Walker(sprite("camera", 100), (0.50 * w, 0.55 * h), (0.75 * w, 0.50 * h)),
        ],
        [
            Walker(sprite("astronaut", 40, angle=20), (0.20 * w, 0.60 * h), (0.40 * w, 0.55 * h)),
            Walker(sprite("hopper", 100, angle=-20), (0.70 * w, 0.15 * h), (0.50 * w, 0.20 * h)),
            Walker(sprite("camera", 60, mirror=True), (0.10 * w, 0.20 * h), (0.25 * w, 0.15 * h)),
        ],
        [
            Walker(
                sprite("astronaut", 80, mirror=True), (0.60 * w, 0.55 * h), (0.80 * w, 0.60 * h)
            ),
            Walker(sprite("hopper", 40), (0.15 * w, 0.30 * h), (0.35 * w, 0.35 * h)),
            Walker(sprite("camera", 45, angle=10), (0.45 * w, 0.15 * h), (0.60 * w, 0.20 * h)),
        ],
    ]
