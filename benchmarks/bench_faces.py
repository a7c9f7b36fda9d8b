"""Faces (issue 29): finding, tracking and hiding everyone in a 10-second 720p clip.

Detection (CenterFace on the CPU, a frame every 0.2 s), tracking, and the clip's rendering
with every tracked face hidden, as a ratio to the clip's length (target <= 1.0: faster than
real time) and the peak memory of the process doing it (target <= 500 MB). The film has
three people from the face tests' shipped photographs (tests/facefilms.py) moving across a
generated background; the work runs in a process of its own, so its peak is its own.
`python benchmarks/bench_faces.py`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECONDS = 10.0
STEP_S = 0.2


def make(path: Path) -> None:
    from tests.facefilms import make_face_film, scenes

    make_face_film(path, scenes()[0], seconds=SECONDS, fps=25)


def work(path: Path, data: Path) -> None:
    """Scan, track and render hidden; prints the seconds each took."""
    from tests.facefilms import film_record
    from vigkit.core.access import Use
    from vigkit.media.faces import scan_film
    from vigkit.media.facetracks import hiding_for, track_faces
    from vigkit.media.renderings import render

    film = film_record(path, SECONDS)
    start, cpu = time.perf_counter(), time.process_time()
    scan = scan_film(path, 0.0, SECONDS, step_s=STEP_S)
    tracks = track_faces(scan.frames)
    tracked, cpu_tracked = time.perf_counter(), time.process_time()
    hide = hiding_for(tracks, {track.id for track in tracks}, lead_s=STEP_S)
    render(data, film, Use.intervision, 0.0, SECONDS, hide=hide, hidden="everyone")
    done, cpu_done = time.perf_counter(), time.process_time()
    print(
        f"{tracked - start:.3f} {done - tracked:.3f} {len(scan.frames)} {len(tracks)} "
        f"{cpu_tracked - cpu:.3f} {cpu_done - cpu_tracked:.3f}"
    )


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--work":
        work(Path(sys.argv[2]), Path(sys.argv[3]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        film = Path(tmp) / "faces720.mp4"
        make(film)
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--work", str(film), str(Path(tmp) / "data")],
            check=True,
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_mb = usage.ru_maxrss / 1024
    detect_s, render_s, frames, tracks, detect_cpu, render_cpu = out.stdout.split()
    ratio = took / SECONDS
    # On two cores shared with other work the wall clock says little alone: CPU time too.
    print(
        f"faces in a 10 s 720p clip: {frames} frames scanned and {tracks} people tracked in "
        f"{float(detect_s):.1f} s (CPU {float(detect_cpu):.1f} s), rendered with them hidden "
        f"in {float(render_s):.1f} s (CPU {float(render_cpu):.1f} s); "
        f"{took:.1f} s in all (with loading), {ratio:.2f} x its length "
        f"(target <= 1.0: {'met' if ratio <= 1.0 else 'NOT met'}); peak memory "
        f"{peak_mb:.0f} MB (target <= 500: {'met' if peak_mb <= 500 else 'NOT met'}); CPU "
        f"{usage.ru_utime + usage.ru_stime:.1f} s on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
