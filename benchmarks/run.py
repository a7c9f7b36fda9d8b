"""`make bench`: workbook load times against a one-widget page, store latencies. Prints ratios.

Each workbook's time until it is usable in Chromium (its form accepts typing; for pages
without a form, until the page is shown) is divided by the same for a one-widget reference
notebook served by the same server, measured alternately in one run (target <= 1.0, issue 13): the
reference just before each page, each load on an idle machine with a refilled kernel pool.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_FLAGS,
    chromium_path,
    start_server,
    stop_server,
)

ROUNDS = 3
# A preheated kernel is refilled after each visit; give it time so every load meets a warm pool.
REFILL_S = 8.0
# Below this share of all cores busy, the machine counts as idle between loads.
QUIET_PERCENT = 15.0

PAGES = {
    "reference.ipynb": "textarea",
    "reflection.ipynb?model=reflection_gibbs": ".vk-form textarea",
    "home.ipynb": ".vk-page table",
    "case.ipynb?case=F017": ".vk-page h2",
    "microanalysis.ipynb?case=F017&film=1": ".vk-cm",
    "group.ipynb?group=G001": ".vk-page table",
    "supervision.ipynb": ".vk-page h2",
    "preview.ipynb?model=reflection_what": ".vk-form textarea",
}


def _reference_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import ipywidgets as w\nw.Textarea(description='Reference')")
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


def _wait_quiet(limit_s: float = 3 * REFILL_S) -> None:
    """Wait until the machine is idle (the kernel pool refilled), at most ``limit_s``."""
    import psutil

    deadline = time.monotonic() + limit_s
    time.sleep(0.5)
    while time.monotonic() < deadline and psutil.cpu_percent(interval=0.5) > QUIET_PERCENT:
        pass


def _time_page(browser, url: str, selector: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    target = page.locator(selector).first
    target.wait_for(state="visible", timeout=120_000)
    if "textarea" in selector:
        while not target.is_editable():
            time.sleep(0.01)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def bench_pages() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        workbooks = tmpdir / "workbooks"
        shutil.copytree(ROOT / "workbooks", workbooks)
        _reference_notebook(workbooks / "reference.ipynb")
        server = start_server(tmpdir / "data", "--preheat", "all", workbooks=workbooks)
        try:
            time.sleep(REFILL_S * 2)  # the first pool fill, for every notebook
            times: dict[str, list[float]] = {name: [] for name in PAGES}
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
                )
                for _ in range(ROUNDS):
                    for name in PAGES:
                        if name == "reference.ipynb":
                            continue
                        # The reference before each page, and every load on a quiet machine:
                        # a visit hands out a preheated kernel and the pool starts another,
                        # which would otherwise slow whichever page came next.
                        for each in ("reference.ipynb", name):
                            _wait_quiet()
                            url = server.url + "voila/render/" + each
                            times[each].append(_time_page(browser, url, PAGES[each]))
                browser.close()
        finally:
            stop_server(server)
    ref = statistics.median(times["reference.ipynb"])
    print(
        f"reference one-widget page: median {ref * 1000:.0f} ms over "
        f"{len(times['reference.ipynb'])} loads, one before each page's load"
    )
    for name, values in times.items():
        if name == "reference.ipynb":
            continue
        med = statistics.median(values)
        print(
            f"{name:45s} median {med * 1000:6.0f} ms   ratio to reference {med / ref:4.2f}"
            "   (target <= 1.00)"
        )


def main() -> int:
    bench_pages()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_store.py")], check=True)
    # The service report on a ten-year service, SQLite and PostgreSQL.
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_report.py")], check=True)
    # Idle memory, and 30 pages opened at once then abandoned (about five minutes).
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_kernels.py")], check=True)
    # The live board of 20 members' team page kernels running the session workbook's own
    # cells: posts by a member's Post button, the facilitator's clip presented, sought and
    # played (4 reports a second) while members post (about two minutes).
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_live20.py")], check=True)
    # What anyone but the family's practitioner sees of a film: a clip's rendering (issue 26).
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_renderings.py")], check=True)
    # Faces found, tracked and hidden in a rendering of a 10-second 720p clip (issue 29).
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_faces.py")], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
