"""Small doors a careful attacker tried (issue 27), each shut, each against the real thing.

- a request without a login for a path that climbs out of the page template's static folder
  gets a 404, not a 500 with a traceback in the log (a real ``vigkit serve``);
- a text file named ``.mp4`` sent to the upload route is refused, in plain words, when its
  last byte arrives, and nothing of it stays on the server.

(A NUL on the live board: tests/test_store_nul.py and tests/test_sessionpage.py.)
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tokenserver import token_server

TOKEN = "a-token-nobody-here-has-0123"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A real `vigkit serve` with a token (so nothing here is logged in) and no kernels."""
    data = tmp_path_factory.mktemp("doors") / "data"
    filled = subprocess.run(
        [sys.executable, "-m", "vigkit", "demo", "--data", str(data)],
        capture_output=True,
        check=False,
    )
    assert filled.returncode == 0, filled.stderr
    with token_server(data, TOKEN) as served:
        yield served


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


def _ask(port: int, method: str, path: str, body: bytes, **headers: str) -> tuple[int, dict]:
    """``method`` on ``path`` with the server's token (a logged-in page), and its JSON."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers={"Authorization": f"token {TOKEN}"} | headers)
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read() or b"{}")
    finally:
        conn.close()


def test_a_text_file_named_mp4_is_refused_when_its_upload_completes(
    server: tuple[int, Path],
) -> None:
    port, log = server
    body = b"Notes from the visit, not a film.\n" * 200
    asked = {"case": "F017", "name": "visit.mp4", "size": len(body), "modified": 1}
    status, started = _ask(port, "POST", "/vigkit/upload", json.dumps(asked).encode())
    assert status == 200, started
    status, answer = _ask(
        port,
        "PUT",
        f"/vigkit/upload/{started['id']}",
        body,
        **{"Content-Range": f"bytes 0-{len(body) - 1}/{len(body)}"},
    )
    assert status == 400
    assert "'visit.mp4'" in answer["error"] and "not a film vigkit can read" in answer["error"]
    uploads = log.parent / "data" / "media" / "uploads"
    assert [p for p in uploads.rglob("*") if p.is_file()] == []
    status, _ = _ask(port, "GET", f"/vigkit/upload/{started['id']}", b"")
    assert status == 404  # the upload is forgotten too
