"""A built wheel is enough to serve every workbook, outside any checkout."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(ROOT)],
        check=True,
        cwd=out,
    )
    (found,) = out.glob("vigkit-*.whl")
    return found


def test_the_wheel_carries_workbooks_templates_and_the_page_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for notebook in sorted((ROOT / "workbooks").glob("*.ipynb")):
        assert f"vigkit/_bundle/workbooks/{notebook.name}" in names
    for template in sorted((ROOT / "templates").rglob("*.yaml")):
        assert f"vigkit/_bundle/templates/{template.relative_to(ROOT / 'templates')}" in names
    assert "vigkit/server/share/voila/templates/vigkit/index.html.j2" in names
    assert "vigkit/store/migrations/env.py" in names
    assert not any(n.endswith((".mp4", ".sqlite", ".png")) for n in names)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_the_installed_wheel_serves_every_page_outside_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    """Installed with no checkout in sight (cwd elsewhere, package from the wheel only)."""
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGKIT_")}
    env["PYTHONPATH"] = str(target)
    where = subprocess.run(
        [sys.executable, "-c", "import vigkit.paths as p; print(p.workbooks_dir())"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(target)), where
    checked = subprocess.run(
        [sys.executable, "-m", "vigkit", "templates", "check"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert 0 == checked.returncode, checked.stdout + checked.stderr
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vigkit",
            "serve",
            "--data",
            str(tmp_path / "data"),
            "--port",
            str(port),
            "--no-browser",
            "--demo-if-empty",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        pages = [p.name for p in sorted((ROOT / "workbooks").glob("*.ipynb"))]
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                assert time.monotonic() < deadline, "the installed server did not answer"
                time.sleep(0.5)
        for name in pages:
            query = "?case=F017" if name in ("case.ipynb", "microanalysis.ipynb") else ""
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/voila/render/{name}{query}", timeout=120
            ) as answer:
                body = answer.read().decode("utf-8")
            assert 200 == answer.status, name
            assert "vigkit.css" in body, name
    finally:
        server.terminate()
        server.wait(timeout=30)
