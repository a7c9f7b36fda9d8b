"""A logged film's facts are probed once: the micro-analysis page opens the film on every
visit, and probing decodes its first and last second (some 150 packets). They are
remembered beside the film's fingerprint check, and probed again when the file changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigkit.core.records import Film
from vigkit.media import films, testvideo
from vigkit.media.fingerprint import check_unchanged, sha256_file


def _logged(tmp_path: Path) -> tuple[Path, Film]:
    path = testvideo.make_film(tmp_path / "film.mp4", seconds=2.0, audio=False)
    film = Film(
        id=3,
        case_code="F017",
        cycle_number=1,
        path=str(path),
        sha256=sha256_file(path),
        duration_s=2.0,
        filmed_on="2026-01-05",
    )
    data = tmp_path / "data"
    check_unchanged(data, film)  # as the page does first
    return data, film


def test_a_logged_film_is_probed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, film = _logged(tmp_path)
    first = films.probe_logged(data, film)
    assert first == films.probe(film.path)

    def no_probe(path: object) -> films.VideoInfo:
        raise AssertionError("probed again")

    monkeypatch.setattr(films, "probe", no_probe)
    assert films.probe_logged(data, film) == first
    check_unchanged(data, film)  # the remembered facts do not stop the check's shortcut
    assert films.probe_logged(data, film) == first


def test_a_changed_film_is_probed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, film = _logged(tmp_path)
    films.probe_logged(data, film)
    stat = os.stat(film.path)
    os.utime(film.path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    probed: list[object] = []
    real = films.probe

    def counted(path: object) -> films.VideoInfo:
        probed.append(path)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(films, "probe", counted)
    check_unchanged(data, film)  # read whole again: the same bytes
    films.probe_logged(data, film)
    assert len(probed) == 1
