"""The face detectors of issue 29 side by side, on the face tests' composed 720p frames.

For each detector that is installed in the running Python: recall of face-frames (a face is
found when a box overlaps its true box by IoU >= 0.3), recall on faces <= 50 px and on the
three-quarters-away face, false faces per frame, wall and CPU ms per 720p frame, load time and
peak memory. Run one detector per process, so each peak is its own:

    python benchmarks/compare_face_detectors.py centerface@640   # vigkit's choice
    python benchmarks/compare_face_detectors.py centerface@1280
    python benchmarks/compare_face_detectors.py haar-frontal+profile   # opencv-python-headless<5
    python benchmarks/compare_face_detectors.py mediapipe-full   # mediapipe==0.10.21, numpy<2

mediapipe 0.10.21 (the last release that ships its face models) needs numpy<2, so it runs in a
venv of its own with this checkout on PYTHONPATH. Not part of `make bench`: a one-off
measurement behind the choice written in docs/design.md.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import psutil  # noqa: E402

from tests.facefilms import background, compose, scenes  # noqa: E402
from vigkit.media.faces import Box, iou  # noqa: E402

FRAMES = 40  # per scene: 3 scenes of 3 people, 360 face-frames
Detect = Callable[[np.ndarray], list[Box]]


def frames() -> Iterator[tuple[np.ndarray, list[Box]]]:
    ground = background(1280, 720)
    for walkers in scenes():
        for n in range(FRAMES):
            yield compose(ground, walkers, n / (FRAMES - 1))


def _mediapipe(name: str) -> Detect:
    import mediapipe as mp

    finder = mp.solutions.face_detection.FaceDetection(
        model_selection=1 if "full" in name else 0, min_detection_confidence=0.5
    )

    def detect(image: np.ndarray) -> list[Box]:
        h, w = image.shape[:2]
        found = []
        for d in finder.process(image).detections or []:
            b = d.location_data.relative_bounding_box
            found.append(
                Box(
                    0.0,
                    round(b.xmin * w),
                    round(b.ymin * h),
                    round(b.width * w),
                    round(b.height * h),
                )
            )
        return found

    return detect


def _haar(name: str) -> Detect:
    import cv2

    cv2.setNumThreads(2)
    front = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    side = None
    if "profile" in name:
        side = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_profileface.xml")

    def detect(image: np.ndarray) -> list[Box]:
        grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
        rects = list(front.detectMultiScale(grey, 1.1, 5, minSize=(30, 30)))
        if side is not None:  # the profile cascade finds faces turned one way: look both ways
            rects += list(side.detectMultiScale(grey, 1.1, 5, minSize=(30, 30)))
            flipped = side.detectMultiScale(grey[:, ::-1].copy(), 1.1, 5, minSize=(30, 30))
            rects += [(grey.shape[1] - x - w, y, w, h) for x, y, w, h in flipped]
        return [Box(0.0, int(x), int(y), int(w), int(h)) for x, y, w, h in rects]

    return detect


def load(name: str) -> Detect:
    if name.startswith("centerface"):
        from vigkit.media.faces import FaceDetector

        side = int(name.split("@")[1]) if "@" in name else 640
        return FaceDetector(max_side=side).detect
    if name.startswith("mediapipe"):
        return _mediapipe(name)
    if name.startswith("haar"):
        return _haar(name)
    raise SystemExit(f"unknown detector {name!r}")


def measure(name: str) -> str:
    before = psutil.Process().memory_info().rss / 2**20
    start = time.perf_counter()
    detect = load(name)
    load_s = time.perf_counter() - start
    counts = {"hit": 0, "all": 0, "small_hit": 0, "small": 0, "side_hit": 0, "side": 0}
    wrong = nframes = 0
    wall: list[float] = []
    cpu: list[float] = []
    for image, truth in frames():
        w0, c0 = time.perf_counter(), time.process_time()
        found = detect(image)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
        nframes += 1
        used: set[int] = set()
        for k, true in enumerate(truth):  # each scene's third person is the cameraman
            best = max(range(len(found)), key=lambda i: iou(true, found[i]), default=None)
            ok = best is not None and best not in used and iou(true, found[best]) >= 0.3
            if ok:
                used.add(best)
            counts["all"] += 1
            counts["hit"] += ok
            if true.w <= 50:
                counts["small"] += 1
                counts["small_hit"] += ok
            if k == 2:
                counts["side"] += 1
                counts["side_hit"] += ok
        wrong += len(found) - len(used)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wall, cpu = wall[1:], cpu[1:]  # the first frame warms up
    return (
        f"{name:22s} recall {counts['hit'] / counts['all']:6.1%} ({counts['hit']}/{counts['all']})"
        f"  faces<=50px {counts['small_hit'] / counts['small']:6.1%}"
        f"  3/4-away {counts['side_hit'] / counts['side']:6.1%}  false/frame {wrong / nframes:.2f}"
        f"  ms/720p frame {statistics.median(wall) * 1000:5.0f} (CPU {statistics.median(cpu) * 1000:4.0f})"
        f"  load {load_s:.2f} s  peak RSS {peak:.0f} MB (+{peak - before:.0f})"
    )


def main() -> int:
    for name in sys.argv[1:] or ["centerface@640"]:
        print(measure(name), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
