"""A real `vigkit serve` on a free port with a temporary data directory, and Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/browser/ drives a real browser: mark it so `-m "not browser"` skips it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """Debian's chromium when there is one (VIGKIT_CHROMIUM overrides), else Playwright's own."""
    env = os.environ.get("VIGKIT_CHROMIUM")
    if env:
        return env
    return shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers: a 403 or a redirect is an answer
        except (urllib.error.URLError, OSError) as exc:
            last = exc
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s: {last}")


@dataclass
class Server:
    url: str
    data: Path
    process: subprocess.Popen[bytes]
    log_path: Path

    def kernels(self) -> list[psutil.Process]:
        """The kernel processes this server started."""
        parent = psutil.Process(self.process.pid)
        return [
            child
            for child in parent.children(recursive=True)
            if any("ipykernel" in part for part in child.cmdline())
        ]

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(
    data: Path, *extra: str, demo: bool = True, workbooks: Path | None = None
) -> Server:
    port = free_port()
    if demo:
        subprocess.run(
            [sys.executable, "-m", "vigkit", "demo", "--data", str(data)],
            check=True,
            capture_output=True,
        )
    log_path = data / "server.log"
    args = [sys.executable, "-m", "vigkit", "serve", "--data", str(data), "--port", str(port)]
    args += ["--no-browser", *extra]
    if workbooks is not None:
        args += ["--workbooks", str(workbooks)]
    env = {k: v for k, v in os.environ.items() if k not in ("VIGKIT_TOKEN", "VIGKIT_USER")}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}/", data, process, log_path)
    try:
        # Not a page: asking for one would spend the preheated home kernel on nobody.
        wait_for_http(server.url + "voila/static/not-here")
    except TimeoutError:
        stop_server(server)
        raise
    return server


def stop_server(server: Server) -> None:
    try:
        children = psutil.Process(server.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=5)
    for child in children:
        if child.is_running():
            child.kill()


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One demo server shared by the browser tests that only read or add records."""
    server = start_server(tmp_path_factory.mktemp("served"))
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


def context_page(browser: object, dialogs: list[str]) -> tuple[object, object]:
    """A browser context of its own (its own kernel) and a page in it; any dialog the page
    opens is dismissed and its message kept in ``dialogs`` (a test expects none)."""
    context = browser.new_context(viewport={"width": 1100, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)

    def dialog(d: object) -> None:
        dialogs.append(d.message)  # type: ignore[attr-defined]
        d.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", dialog)
    return context, page


def shot(page: object, name: str) -> Path:
    """A screenshot for a person to look at, kept in test-artifacts/."""
    out = Path(__file__).resolve().parents[2] / "test-artifacts"
    out.mkdir(exist_ok=True)
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
