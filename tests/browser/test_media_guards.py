"""The media routes as a stranger would try them: a film changed on disk after it was
logged is neither streamed nor stilled until it is registered again, and still requests
for ever new moments write nothing to disk."""

from __future__ import annotations

import http.client
from pathlib import Path
from urllib.parse import urlparse

from vigkit.store import Store

from .conftest import Server, start_server, stop_server


def _get(server: Server, path: str, **headers: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", urlparse(server.url).port, timeout=60)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def test_a_changed_film_is_refused_and_stills_on_demand_are_never_kept(tmp_path: Path) -> None:
    server = start_server(tmp_path / "data")
    try:
        with Store.open(server.data) as store:
            film = store.films.list("F017")[0]
        stills = server.data / "media" / "stills"
        before = sorted(stills.rglob("*.png")) if stills.exists() else []
        status, body = _get(server, f"/vigkit/media/film/{film.id}", Range="bytes=0-99")
        assert status == 206 and body[4:8] == b"ftyp"

        for n in range(12):  # a burst of moments nobody chose
            status, body = _get(server, f"/vigkit/media/still/{film.id}/{10 + n * 0.37:.2f}.png")
            assert status == 200 and body.startswith(b"\x89PNG")
        after = sorted(stills.rglob("*.png")) if stills.exists() else []
        assert after == before, "stills on demand were written to disk"
        status, body = _get(server, f"/vigkit/media/still/{film.id}/99999.png")
        assert status == 404 and str(server.data).encode() not in body

        path = Path(film.path)
        original = path.read_bytes()
        path.write_bytes(original + b"\x00" * 1024)  # edited after it was logged
        try:
            for route in (f"/vigkit/media/film/{film.id}", f"/vigkit/media/still/{film.id}/2.png"):
                status, body = _get(server, route, Range="bytes=0-99")
                assert status == 409, (route, status)
                assert b"has changed on disk since it was logged" in body
                assert str(server.data).encode() not in body
        finally:
            path.write_bytes(original)
        status, _body = _get(server, f"/vigkit/media/film/{film.id}", Range="bytes=0-99")
        assert status == 206  # the logged file again
    finally:
        stop_server(server)


def test_alone_playback_is_in_the_audit_trail_and_deleted_footage_is_gone(
    tmp_path: Path,
) -> None:
    from datetime import date

    server = start_server(tmp_path / "data")
    try:
        with Store.open(server.data) as store:
            film = store.films.list("F017")[0]
            before = len(store.audit.trail(ident="F017"))
        status, _ = _get(server, f"/vigkit/media/film/{film.id}", Range="bytes=0-99")
        assert status == 206
        status, _ = _get(server, f"/vigkit/media/film/{film.id}", Range="bytes=100-199")
        assert status == 206  # the same playback going on: not a new line
        with Store.open(server.data) as store:
            lines = store.audit.trail(ident="F017")[before:]
            assert [(e.login, e.action, e.kind, e.allowed) for e in lines] == [
                ("demo-guider", "play", "footage", True)
            ]
            store.films.mark_footage_deleted(
                film.id or 0, due=date(2026, 1, 1), on=date(2026, 1, 2), by="demo-guider"
            )
        status, body = _get(server, f"/vigkit/media/film/{film.id}", Range="bytes=0-99")
        assert status == 410 and b"was deleted on 2026-01-02" in body
    finally:
        stop_server(server)
