"""A real `vigkit serve` with a token (so a request without it is not logged in) and no
preheated kernels, for the tests that ask it things over plain HTTP."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vigkit.store.cluster import free_port

# A file the page template serves to anyone: the server is up once it answers.
UP = "/voila/templates/vigkit/static/voila.js"


def _answers(port: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", UP)
        conn.getresponse().read()
    finally:
        conn.close()


@contextmanager
def token_server(data: Path, token: str, *extra: str) -> Iterator[tuple[int, Path]]:
    """Serve ``data`` with ``token`` (and ``extra`` options); yields its port and its log."""
    log = data.parent / "server.log"
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "vigkit", "serve", "--data", str(data), "--no-browser"]
            + [f"--port={port}", "--preheat=", "--token", token, *extra],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=os.environ | {"VIGKIT_DEBUG": ""},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _answers(port)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(log.read_text()) from None
                time.sleep(0.3)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=30)
