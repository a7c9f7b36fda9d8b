"""Renderings (issue 26): what anyone but the family's practitioner sees of a film.

1. Rendering a 10-second 720p clip for a use, as a ratio to the clip's length
   (target <= 0.5: a clip is ready well before it could have been watched).
2. The first request for a clip of a 1.26 GB film by a new server process, whose rendering
   the facilitator's page made as it presented the clip (target <= 1 s; the film's first
   range request took 4.5 s before, when every new server read the film whole to check
   it). Also printed: the same first request when the rendering is made on that request.

The films are synthetic: vigkit's test film at 720p, and for the big one 1080p noise (so
the encoder cannot make it small).
`python benchmarks/bench_renderings.py`.
"""

from __future__ import annotations

import http.client
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_bigfilm import _repeat, _segment  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402
from vigkit.core.access import Use  # noqa: E402
from vigkit.core.records import Film  # noqa: E402
from vigkit.media.films import register_film_file  # noqa: E402
from vigkit.media.fingerprint import remember_unchanged  # noqa: E402
from vigkit.media.renderings import render  # noqa: E402
from vigkit.media.testvideo import make_film  # noqa: E402
from vigkit.store import Store  # noqa: E402

BIG_GB = 1.26


def _logged(path: Path, digest: str, duration_s: float, cycle: int) -> Film:
    return Film(
        case_code="F017",
        cycle_number=cycle,
        path=str(path),
        sha256=digest,
        duration_s=duration_s,
        filmed_on=date(2026, 11, 2),
    )


def _get(url: str, path: str) -> tuple[int, int, float]:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=300)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Range": "bytes=0-"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, len(body), elapsed


def bench_render(tmp: Path) -> None:
    source = tmp / "film720.mp4"
    # vigkit's synthetic test film at 720p with sound: moving shapes and a time code (noise
    # would be the encoder's worst case, not a family's film).
    make_film(source, seconds=30, width=1280, height=720, fps=25)
    info, digest = register_film_file(source)
    film = _logged(source, digest, info.duration_s, 1).model_copy(update={"id": 1})
    times = []
    for n in range(3):
        start = time.perf_counter()
        render(tmp / f"data{n}", film, Use.intervision, 10.0, 20.0)
        times.append(time.perf_counter() - start)
    took = statistics.median(times)
    print(
        f"rendering a 10 s 720p clip: {took:.2f} s, {took / 10:.2f} x its length "
        f"(target <= 0.5: {'met' if took / 10 <= 0.5 else 'NOT met'})"
    )


def bench_big_film(tmp: Path) -> None:
    print(f"making a {BIG_GB} GB 1080p film …", flush=True)
    _segment(tmp / "segment.mp4")
    film_path = tmp / "media" / "long.mp4"
    film_path.parent.mkdir()
    # About 8.8 MB a 10-second segment: enough of them for 1.26 GB.
    segment_mb = (tmp / "segment.mp4").stat().st_size / 1e6
    _repeat(tmp / "segment.mp4", film_path, max(1, round(BIG_GB * 1000 / segment_mb)))
    info, digest = register_film_file(film_path)
    size_gb = film_path.stat().st_size / 1e9
    server = start_server(tmp / "data")
    try:
        with Store.open(server.data) as store:
            film = store.films.add(_logged(film_path, digest, info.duration_s, 2))
            remember_unchanged(server.data, film)  # as registration does
        at = info.duration_s / 2
        # The facilitator's page renders the clip as it presents it (another process).
        render(server.data, film, Use.intervision, at, at + 4.0)
        made = f"/vigkit/media/clip/{film.id}/intervision/{round(at * 1000)}-{round(at * 1000) + 4000}.mp4"
        status, length, took = _get(server.url, made)
        print(
            f"first request for a made clip of a {size_gb:.2f} GB film, new server: {status}, "
            f"{length} bytes in {took:.2f} s, {took:.2f} x target 1 s "
            f"({'met' if took <= 1.0 else 'NOT met'})"
        )
        late = at + 60  # alone, the practitioner's own review use: any seconds of the film
        fresh = f"/vigkit/media/clip/{film.id}/review/{round(late * 1000)}-{round(late * 1000) + 4000}.mp4"
        status, length, took = _get(server.url, fresh)
        print(
            f"first request for a clip rendered on that request (4 s of 1080p): {status}, "
            f"{length} bytes in {took:.2f} s"
        )
    finally:
        stop_server(server)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        bench_render(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        bench_big_film(Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
