"""The server's log, as the person running vigkit reads it: after pages are opened and the
server is stopped with Ctrl-C, it holds no alarming Jupyter remark and no traceback."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from .conftest import start_server, stop_server


def test_pages_then_ctrl_c_leave_a_plain_log(browser: object, tmp_path: Path) -> None:
    server = start_server(tmp_path)
    try:
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.set_default_timeout(90_000)
        for path in ("", "voila/render/case.ipynb?case=F017", "voila/render/supervision.ipynb"):
            page.goto(server.url + path)
            page.wait_for_selector(".vk-page")
        context.close()
        # Ctrl-C in the terminal: the server stops its kernels, some still making pages.
        server.process.send_signal(signal.SIGINT)
        try:
            code = server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail("the server did not stop within 30 s of Ctrl-C")
    finally:
        stop_server(server)
    log = server.log()
    assert "Stopping" in log, log[-3000:]
    assert code == 0, log[-3000:]
    for alarming in ("is not trusted", "without encryption", "Traceback", "ERROR"):
        assert alarming not in log, f"{alarming!r} in the log:\n{log[-4000:]}"
