"""Every workbook runs headless (nbval) against a temporary store with the demo caseload."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_workbook_runs_under_nbval(tmp_path: Path) -> None:
    """nbval executes each notebook in workbooks/ without an error."""
    env = {**os.environ, "VIGKIT_HOME": str(tmp_path / "data")}
    subprocess.run(
        [sys.executable, "-m", "vigkit", "demo"], env=env, check=True, capture_output=True
    )
    notebooks = sorted(str(p) for p in (ROOT / "workbooks").glob("*.ipynb"))
    assert len(notebooks) >= 3
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-q",
            "-o",
            "addopts=",
            "-o",
            "filterwarnings=",
            "-o",
            "testpaths=",
            *notebooks,
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert 0 == done.returncode, done.stdout[-3000:] + done.stderr[-2000:]
    assert "passed" in done.stdout
