"""Small doors a careful attacker tried (issue 27), each shut, each against the real thing.

- a request without a login for a path that climbs out of the page template's static folder
  gets a 404, not a 500 with a traceback in the log (a real ``vigkit serve``);
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from vigkit.store.cluster import free_port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A real `vigkit serve` with a token (so nothing here is logged in) and no kernels."""
    data = tmp_path_factory.mktemp("doors") / "data"
    log = data.parent / "server.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "vigkit", "serve", "--data", str(data), "--no-browser"]
            + [f"--port={port}", "--preheat=", "--token", "a-token-nobody-here-has-0123"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=os.environ | {"VIGKIT_DEBUG": ""},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/voila/templates/vigkit/static/voila.js")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.3)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def _get(port: int, path: str) -> int:
    """The status of GET ``path`` sent exactly as written (as ``curl --path-as-is``)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


@pytest.mark.parametrize(
    "path",
    [
        "/voila/templates/vigkit/static/../../../../etc/passwd",
        "/voila/templates/lab/static/..%2f..%2fconf.json",
        "/voila/templates/lab/static/",
        "/voila/templates/nothing",
    ],
)
def test_a_path_out_of_the_templates_static_files_is_not_found(
    server: tuple[int, Path], path: str
) -> None:
    port, log = server
    assert _get(port, path) == 404
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_templates_own_static_files_are_still_served(server: tuple[int, Path]) -> None:
    port, _ = server
    assert _get(port, "/voila/templates/vigkit/static/voila.js") == 200
    assert _get(port, "/voila/templates/lab/static/materialcolors.css") == 200
