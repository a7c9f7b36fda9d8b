"""A 20-minute 1080p film of about 1 GB: logged, streamed with Range and stilled without
being read into memory. Prints times and memory, and ratios against their targets.

The film is synthetic: 10 s of 1080p noise encoded at ~7 Mbit/s, then its packets written
again and again (no re-encoding) to 20 minutes. `python benchmarks/bench_bigfilm.py`.
"""

from __future__ import annotations

import http.client
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import av
import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import start_server, stop_server  # noqa: E402
from vigkit.core.records import Film  # noqa: E402
from vigkit.media.films import register_film_file  # noqa: E402
from vigkit.media.stills import still_at  # noqa: E402
from vigkit.store import Store  # noqa: E402

MINUTES = 20
SEGMENT_S = 10


def _segment(path: Path) -> None:
    """10 s of 1080p noise at ~7 Mbit/s (noise so the encoder cannot make it small)."""
    rng = np.random.default_rng(1)
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 1920, 1080, "yuv420p"
        stream.bit_rate = 7_000_000
        stream.options = {"preset": "ultrafast", "g": "50"}
        base = rng.integers(0, 255, (1080, 1920, 3), dtype=np.uint8)
        for i in range(SEGMENT_S * 25):
            img = np.roll(base, i * 7, axis=1)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def _repeat(segment: Path, path: Path, times: int) -> None:
    """Write the segment's packets ``times`` over, shifted in time: a long film, no re-encode."""
    with av.open(str(segment)) as src:
        packets = [p for p in src.demux(src.streams.video[0]) if p.dts is not None]
        vin = src.streams.video[0]
        span = int(SEGMENT_S / vin.time_base)
        with av.open(str(path), "w", format="mp4") as out:
            vout = out.add_stream_from_template(vin)
            for n in range(times):
                for p in packets:
                    p.pts, p.dts = p.pts + (span if n else 0), p.dts + (span if n else 0)
                    p.stream = vout
                    out.mux(p)


def _get(url: str, path: str, headers: dict[str, str]) -> tuple[int, int, float]:
    parts = urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)
    start = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    return response.status, len(body), elapsed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        print(f"making a {MINUTES}-minute 1080p film …", flush=True)
        _segment(tmpdir / "segment.mp4")
        film = tmpdir / "media" / "long.mp4"
        film.parent.mkdir()
        _repeat(tmpdir / "segment.mp4", film, MINUTES * 60 // SEGMENT_S)
        size_gb = film.stat().st_size / 1e9
        me = psutil.Process()
        rss0 = me.memory_info().rss
        start = time.perf_counter()
        info, digest = register_film_file(film)
        took = time.perf_counter() - start
        grew = (me.memory_info().rss - rss0) / 1e6
        print(f"film: {size_gb:.2f} GB, {info.duration_s / 60:.1f} min, {info.width}x{info.height}")
        print(f"log (sha256 + probe): {took:.1f} s; this process grew {grew:.0f} MB (target < 100)")
        start = time.perf_counter()
        still_at(film, info.duration_s - 30, tmpdir / "late.png")
        print(
            f"still at {(info.duration_s - 30) / 60:.1f} min: {time.perf_counter() - start:.2f} s"
        )

        server = start_server(tmpdir / "data")
        try:
            with Store.open(server.data) as store:
                added = store.films.add(
                    Film(
                        case_code="F017",
                        cycle_number=2,
                        path=str(film),
                        sha256=digest,
                        duration_s=info.duration_s,
                        filmed_on=time.strftime("%Y-%m-%d"),
                    )
                )
            served = psutil.Process(server.process.pid)
            before = served.memory_info().rss
            size = film.stat().st_size
            for offset in (0, size // 2, size - 1_000_000):
                status, length, secs = _get(
                    server.url,
                    f"/vigkit/media/film/{added.id}",
                    {"Range": f"bytes={offset}-{offset + 999_999}"},
                )
                print(
                    f"Range at {offset / 1e9:.2f} GB: {status}, {length} bytes in {secs * 1000:.0f} ms"
                )
            grew = (served.memory_info().rss - before) / 1e6
            print(f"server grew {grew:.0f} MB while streaming (target < 100)")
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
