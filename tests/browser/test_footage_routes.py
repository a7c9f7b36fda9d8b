"""Footage within consent, at the routes of a real server: a rendering holds the clip's
seconds and nothing past them, a use the family did not agree to is refused, and after a
withdrawal every film, still, rendering and document with stills answers 403 (audited),
`vigkit export` writes no stills and `vigkit clip export` refuses, writing nothing."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import av

from vigkit.media.governance import record_consent
from vigkit.reports.strengths import write_record_of_strengths
from vigkit.store import Store

from .conftest import start_server, stop_server
from .test_media_guards import _get  # noqa: PLC2701 - one way to ask a route


def _duration(body: bytes) -> float:
    with av.open(io.BytesIO(body)) as container:
        assert container.duration is not None
        return container.duration / 1_000_000


def _vigkit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vigkit", *args], capture_output=True, text=True, timeout=300
    )


def test_renderings_hold_the_clips_seconds_and_withdrawal_reaches_everything(
    tmp_path: Path,
) -> None:
    server = start_server(tmp_path / "data")
    data = server.data
    try:
        with Store.open(data) as store:
            film = store.films.list("F017")[0]
            clip = store.films.list_clips(film_id=film.id)[0]
            exports = data / "exports" / "F017"
            write_record_of_strengths(store, "F017", exports, data)
        span = f"{round(clip.start_s * 1000)}-{round(clip.end_s * 1000)}"
        rendering = f"/vigkit/media/clip/{film.id}/supervision/{span}.mp4"
        status, body = _get(server, rendering)
        assert status == 200, body[:300]
        assert abs(_duration(body) - (clip.end_s - clip.start_s)) < 0.3
        assert _duration(body) < film.duration_s / 2  # the clip, not the film
        status, _ = _get(server, rendering, Range=f"bytes={len(body) + 10}-")
        assert status == 416  # past the clip's end: refused, never the film's bytes
        status, body = _get(server, f"/vigkit/media/clip/{film.id}/training/{span}.mp4")
        assert status == 403 and b"has not agreed to this use" in body  # no training consent
        status, _ = _get(server, f"/vigkit/media/clip/{film.id}/supervision/1000-999000.mp4")
        assert status == 404  # past the film's end
        status, _ = _get(server, "/vigkit/exports/F017/record-of-strengths.html")
        assert status == 200
        # A ".." in an export's path (sent as is) reached the exports root: never again.
        (data / "exports" / "rootfile.pdf").write_bytes(b"%PDF-1.4 not a case's")
        for sneaky in ("/vigkit/exports/F017/../rootfile.pdf", "/vigkit/exports/F017/./x.pdf"):
            status, body = _get(server, sneaky)
            assert status == 404 and b"not a case's" not in body, (sneaky, status)

        with Store.open(data) as store:
            given = store.cases.get_consent("F017")
            assert given is not None
            withdrawn = given.model_copy(update={"withdrawn_on": date(2026, 11, 20)})
            record_consent(store, data, withdrawn)
            before = len(store.audit.trail(ident="F017"))
        assert not list((data / "media" / "renderings" / "F017").rglob("*.mp4"))
        refused = [
            f"/vigkit/media/film/{film.id}",
            f"/vigkit/media/still/{film.id}/{clip.start_s + 1:.2f}.png",
            rendering,
            "/vigkit/exports/F017/record-of-strengths.html",
            "/vigkit/exports/F017/record-of-strengths.pdf",
        ]
        for route in refused:
            status, body = _get(server, route, Range="bytes=0-99")
            assert status == 403, (route, status, body[:200])
            assert b"consent" in body and str(data).encode() not in body
        with Store.open(data) as store:
            lines = store.audit.trail(ident="F017")[before:]
            assert len([e for e in lines if not e.allowed]) == len(refused), lines

        out = tmp_path / "out"
        done = _vigkit("export", "F017", "--to", str(out), "--data", str(data))
        assert done.returncode == 0, done.stderr
        assert not list(out.rglob("*.png"))
        assert "consent to using the film no longer stands" in (
            out / "F017" / "record-of-strengths.html"
        ).read_text(encoding="utf-8")
        target = tmp_path / "taken.mp4"
        args = ["clip", "export", "F017", str(clip.id), "--for", "review", "--to", str(target)]
        taken = _vigkit(*args, "--data", str(data))
        assert taken.returncode == 1 and not target.exists()
        assert "Nothing was written" in taken.stderr and "Traceback" not in taken.stderr
    finally:
        stop_server(server)


def test_a_clip_taken_out_is_the_rendering_for_its_use_and_refused_without_consent(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert _vigkit("demo", "--data", str(data)).returncode == 0
    with Store.open(data) as store:
        clip = store.films.list_clips(case_code="F017")[0]
        before = len(store.audit.trail(ident="F017"))
    target = tmp_path / "for-supervision.mp4"
    base = ["clip", "export", "F017", str(clip.id), "--data", str(data), "--to"]
    done = _vigkit(*base, str(target), "--for", "supervision")
    assert done.returncode == 0, done.stderr
    with av.open(str(target)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.duration is not None
        assert abs(container.duration / 1e6 - (clip.end_s - clip.start_s)) < 0.3
    refused = tmp_path / "for-training.mp4"
    no = _vigkit(*base, str(refused), "--for", "training")  # the demo family said no
    assert no.returncode == 1 and not refused.exists()
    assert "has not agreed to showing at training events" in no.stderr
    other = _vigkit(*base, str(refused), "--for", "supervision", "--as", "demo-pat")
    assert other.returncode == 1 and not refused.exists()
    with Store.open(data) as store:
        trail = [(e.action, e.allowed) for e in store.audit.trail(ident="F017")[before:]]
    assert trail == [("export", True), ("export", False), ("export", False)]
