"""30 pages opened at once and abandoned, as the hostile walk did: how many render, how
many kernels and how much memory the server holds at the peak, and how long until it is
back to its idle figure. Prints figures and ratios to targets; asserts nothing.

The pages are asked for by plain HTTP (what a browser that vanishes right after loading
leaves behind: a kernel whose page never connects). `python benchmarks/bench_kernels.py`.
"""

from __future__ import annotations

import http.client
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import start_server, stop_server  # noqa: E402
from vigkit.server.kernelcap import CULL_INTERVAL_SECONDS, ORPHAN_SECONDS  # noqa: E402

PAGES = 30
PATHS = (
    "/voila/render/home.ipynb",
    "/voila/render/case.ipynb?case=F017",
    "/voila/render/reflection.ipynb",
)
TARGET_BACK_S = ORPHAN_SECONDS + 2 * CULL_INTERVAL_SECONDS + 60


def _tree_mb(pid: int) -> tuple[float, int]:
    """The server's and its kernels' memory (MB), and how many kernels it holds."""
    parent = psutil.Process(pid)
    total, kernels = parent.memory_info().rss, 0
    for child in parent.children(recursive=True):
        try:
            total += child.memory_info().rss
            kernels += any("ipykernel" in part for part in child.cmdline())
        except psutil.Error:
            continue
    return total / 1e6, kernels


def _open(url: str, path: str) -> tuple[int, float]:
    parts = urlparse(url)
    start = time.perf_counter()
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=600)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    conn.close()  # and gone, without closing the page's kernel
    return response.status, time.perf_counter() - start


def _settled(pid: int, seconds: float = 20) -> tuple[float, int]:
    """Memory once the machine is quiet (the pools refilled)."""
    time.sleep(seconds)
    return _tree_mb(pid)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp) / "data")
        try:
            pid = server.process.pid
            idle_mb, idle_kernels = _settled(pid, 40)
            print(f"idle: {idle_mb:.0f} MB with {idle_kernels} preheated kernels")
            start = time.perf_counter()
            peak_mb, peak_kernels = idle_mb, idle_kernels
            with ThreadPoolExecutor(PAGES) as pool:
                futures = [
                    pool.submit(_open, server.url, PATHS[n % len(PATHS)]) for n in range(PAGES)
                ]
                while not all(f.done() for f in futures):
                    mb, kernels = _tree_mb(pid)
                    peak_mb, peak_kernels = max(peak_mb, mb), max(peak_kernels, kernels)
                    time.sleep(1)
                answers = [f.result() for f in futures]
            rendered = sum(1 for status, _ in answers if status == 200)
            refused = sum(1 for status, _ in answers if status == 503)
            slowest = max(seconds for _, seconds in answers)
            print(
                f"{PAGES} pages at once: {rendered} rendered, {refused} told 'too many pages', "
                f"all answered within {slowest:.0f} s"
            )
            print(f"peak: {peak_mb:.0f} MB, {peak_kernels} kernels")
            abandoned = time.perf_counter()
            back = None
            while time.perf_counter() - abandoned < TARGET_BACK_S * 2:
                mb, kernels = _tree_mb(pid)
                if kernels <= idle_kernels and mb <= idle_mb * 1.2:
                    back = time.perf_counter() - abandoned
                    break
                time.sleep(5)
            if back is None:
                print(f"not back to idle within {TARGET_BACK_S * 2:.0f} s ({mb:.0f} MB)")
            else:
                print(
                    f"back to idle {back:.0f} s after they were abandoned "
                    f"(target {TARGET_BACK_S} s; ratio {back / TARGET_BACK_S:.2f})"
                )
            print(f"whole run: {time.perf_counter() - start:.0f} s")
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
