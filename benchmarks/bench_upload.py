"""A 1 GB film sent to a real `vigkit serve` as the page sends it: 4 MB pieces to the upload
route, dropped half-way and resumed from the byte the server has. Prints the time, the rate,
how much the server grew (the film is never held whole: target < 100 MB), and checks the
film arrived byte for byte. `python benchmarks/bench_upload.py`.

The film is the one bench_bigfilm.py makes (1080p noise, packets repeated to 20 minutes).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_bigfilm import MINUTES, SEGMENT_S, _repeat, _segment  # noqa: E402
from tests.browser.conftest import start_server, stop_server  # noqa: E402
from vigkit.media.films import register_film_file  # noqa: E402
from vigkit.media.uploads import completed_upload  # noqa: E402

PIECE = 4 * 1024 * 1024
TARGET_GROWTH_MB = 100


class Page:
    """What the page's sender does, over one HTTP connection with the server's cookies."""

    def __init__(self, url: str) -> None:
        parts = urlparse(url)
        self.conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
        self.cookie = ""
        self.token = ""

    def ask(self, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, dict]:
        sent = {"Cookie": self.cookie, "X-XSRFToken": self.token} | headers
        self.conn.request(method, path, body=body or None, headers=sent)
        response = self.conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("_xsrf="):
                self.cookie = value.split(";", 1)[0]
        return response.status, json.loads(data or b"{}")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        print(f"making a {MINUTES}-minute 1080p film …", flush=True)
        _segment(tmpdir / "segment.mp4")
        film = tmpdir / "long.mp4"
        _repeat(tmpdir / "segment.mp4", film, MINUTES * 60 // SEGMENT_S)
        size = film.stat().st_size
        server = start_server(tmpdir / "data")
        try:
            served = psutil.Process(server.process.pid)
            page = Page(server.url)
            status, ready = page.ask("GET", "/vigkit/upload")
            page.token = ready["xsrf"]
            asked = {"case": "F017", "name": film.name, "size": size, "modified": 1}
            start = time.perf_counter()
            before = peak = served.memory_info().rss
            received = 0
            with film.open("rb") as fh:
                for attempt in ("first", "after the drop"):
                    status, started = page.ask("POST", "/vigkit/upload", json.dumps(asked).encode())
                    assert status == 200, started
                    ident, received = started["id"], started["received"]
                    print(f"{attempt}: the server has {received / 1e6:.0f} MB")
                    stop_at = size // 2 if attempt == "first" else size
                    while received < min(stop_at, size):
                        fh.seek(received)
                        piece = fh.read(PIECE)
                        end = received + len(piece) - 1
                        status, answer = page.ask(
                            "PUT",
                            f"/vigkit/upload/{ident}",
                            piece,
                            **{"Content-Range": f"bytes {received}-{end}/{size}"},
                        )
                        assert status == 200, answer
                        received = answer["received"]
                        peak = max(peak, served.memory_info().rss)
            took = time.perf_counter() - start
            grew = (peak - before) / 1e6
            arrived = completed_upload(server.data, ident, "", "F017")
            same = _sha256(arrived) == _sha256(film)
            print(f"film: {size / 1e9:.2f} GB sent in {took:.1f} s ({size / 1e6 / took:.0f} MB/s)")
            print(
                f"server grew {grew:.0f} MB at most while receiving "
                f"(target < {TARGET_GROWTH_MB}; ratio {grew / TARGET_GROWTH_MB:.2f})"
            )
            print(f"arrived byte for byte: {same}")
            start = time.perf_counter()
            info, _digest = register_film_file(arrived)
            print(
                f"registered (sha256 + probe): {time.perf_counter() - start:.1f} s, "
                f"{info.duration_s / 60:.1f} min"
            )
        finally:
            stop_server(server)
    return 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


if __name__ == "__main__":
    raise SystemExit(main())
