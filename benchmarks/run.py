"""`make bench`: workbook pages cold and warm against a one-widget page and a static page
(benchmarks/bench_pages.py), store latencies, the ten-year report, kernels, the live board,
renderings and faces. Prints figures and ratios against their targets; asserts nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    # Every page cold and warm against the one-widget page and a static page, and the home
    # page's build at 5 and 200 cases (issue 30).
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_pages.py")], check=True)
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
