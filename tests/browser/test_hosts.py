"""The loopback server answers only requests naming this machine, so a web page the
practitioner visits cannot reach it by DNS rebinding; its cookies are SameSite=Lax."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import Server, start_server, stop_server

PATHS = (
    "/voila/render/home.ipynb",
    "/vigkit/media/film/1",
    "/vigkit/media/still/1/2.png",
    "/vigkit/upload",
    "/api/kernels/00000000-0000-0000-0000-000000000000/channels",
)


def _get(server: Server, path: str, host: str, **headers: str) -> http.client.HTTPResponse:
    port = urlparse(server.url).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Host": host, **headers})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def _page(server: Server, path: str) -> tuple[int, str]:
    """The status and text of ``path``, asked for by this machine's name."""
    port = urlparse(server.url).port
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, body


@pytest.mark.parametrize("path", PATHS)
def test_a_foreign_host_name_is_refused_everywhere(served: Server, path: str) -> None:
    port = urlparse(served.url).port
    for evil in (f"evil.example:{port}", "evil.example", f"vigkit.attacker.test:{port}"):
        assert _get(served, path, evil).status == 403, (path, evil)


def test_this_machines_names_are_answered(served: Server) -> None:
    port = urlparse(served.url).port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        answer = _get(served, "/vigkit/media/film/1", host, Range="bytes=0-99")
        assert answer.status == 206, host
    assert "Blocking request with non-local 'Host'" in served.log()


def test_a_reverse_proxys_name_can_be_allowed_and_cookies_are_samesite(tmp_path: Path) -> None:
    token = "a-long-enough-token-0123"
    server = start_server(tmp_path, "--token", token, "--allow-host", "vig.clinic.test")
    try:
        answer = _get(server, f"/voila/render/home.ipynb?token={token}", "vig.clinic.test")
        assert answer.status == 200
        cookies = answer.headers.get_all("Set-Cookie") or []
        assert cookies and all("SameSite=Lax" in c for c in cookies), cookies
    finally:
        stop_server(server)


def test_voilas_own_error_pages_load_nothing_from_the_internet(served: Server) -> None:
    status, body = _page(served, "/voila/render/not-a-workbook.ipynb")
    assert status == 404
    assert "There is no such page here" in body, body[:500]
    assert "cdn." not in body and "https://" not in body and "http://" not in body


def test_a_workbook_page_names_no_outside_address(served: Server) -> None:
    """Not even one it would load only for a diagram (nbconvert's template imports Mermaid
    from a CDN); the spinner's SVG names its XML namespaces, which nothing fetches."""
    status, body = _page(served, "/voila/render/preview.ipynb")
    assert status == 200
    assert "jupyter-config-data" in body, body[:500]
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", body))
    namespaces = {a for a in addresses if a.startswith("http://") and "cdn" not in a}
    assert not addresses - namespaces, addresses - namespaces
    assert "cdn" not in body.lower()
