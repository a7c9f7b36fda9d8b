"""Retention carried out: `vigkit retention` lists footage past its deletion day, and
`--apply` deletes exactly that — what vigkit made from it, the film itself under vigkit's
media storage — recording the planned and actual days and who; an original kept elsewhere
waits for a person to delete it and confirm. Nothing goes before its day. SQLite and
PostgreSQL alike; the clock is the command's --today, never the test's today."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from closedfamily import closed_family

from vigkit.cli import main
from vigkit.core.records import Film
from vigkit.core.settings import ServiceSettings
from vigkit.demo.caseload import fill_demo
from vigkit.media.governance import apply_retention
from vigkit.media.plotcache import cached_png, case_folder
from vigkit.media.stills import still_at
from vigkit.store import Store

pytestmark = pytest.mark.both_databases

OPENED = date(2025, 1, 6)
CLOSED = date(2025, 6, 30)  # + 2 months' retention: due on 2025-08-30


def _own_family(store: Store, data: Path, code: str, where: Path) -> Film:
    """A closed case whose one film is its own file at ``where``, with a still and a plot."""
    film = closed_family(store, code, where, OPENED, CLOSED)
    still_at(where, 1.5, data / "media" / "stills" / code / f"film{film.id}-1.50.png")
    cached_png(("ratings", code), lambda: b"\x89PNG", folder=case_folder(code, data))
    return film


@pytest.fixture
def home(store_url: str, tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    fill_demo(data, out=io.StringIO(), url=store_url)
    with Store.open(data, url=store_url) as store:
        _own_family(store, data, "F201", data / "media" / "uploads" / "F201" / "visit.mp4")
        _own_family(store, data, "F202", tmp_path / "team-share" / "F202-visit.mp4")
    return data, store_url


def _run(home: tuple[Path, str], *args: str) -> int:
    data, url = home
    return main(["retention", "--data", str(data), "--database", url, "--as", "demo-guider", *args])


def test_nothing_is_due_before_its_day(
    home: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(home, "--today", "2025-08-29", "--apply") == 0
    said = capsys.readouterr().out
    assert "Nothing is due for deletion on 2025-08-29." in said
    assert (home[0] / "media" / "uploads" / "F201" / "visit.mp4").is_file()
    assert _run(home, "--today", "2025-08-10") == 0
    listed = capsys.readouterr().out
    assert "due for deletion on 2025-08-10: 0 film(s)" in listed
    assert "Due within four weeks: 2 film(s)." in listed and "2025-08-30  case F201" in listed


def test_apply_deletes_exactly_the_due_footage_and_records_it(
    home: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, url = home
    assert _run(home, "--today", "2025-09-01") == 0
    listed = capsys.readouterr().out
    assert "2 film(s)" in listed and "F201" in listed and "F202" in listed
    assert "F017" not in listed  # open: no deletion day at all

    # No terminal to confirm at: F202's original elsewhere waits (exit status 1).
    assert _run(home, "--today", "2025-09-01", "--apply") == 1
    said = capsys.readouterr().out
    assert "deleted: case F201" in said
    assert "waiting: case F202" in said and "team-share" in said
    assert not (data / "media" / "uploads" / "F201" / "visit.mp4").exists()
    assert not list((data / "media" / "stills").glob("F20*/*.png"))  # stills of both went
    assert not case_folder("F201", data).exists()
    assert (tmp_path / "team-share" / "F202-visit.mp4").is_file()  # never vigkit's to delete
    assert Path(Store.open(data, url=url).films.list("F017")[0].path).is_file()  # untouched

    with Store.open(data, url=url) as store:
        [f201] = store.films.list("F201")
        [f202] = store.films.list("F202")
        assert (f201.footage_due_on, f201.footage_deleted_on) == (
            date(2025, 8, 30),
            date(2025, 9, 1),
        )
        assert f201.footage_deleted_by == "demo-guider"
        assert f202.footage_deleted_on is None
        assert store.films.list_clips(film_id=f201.id)  # the notes stay; the footage went
        [line] = [e for e in store.audit.trail(ident="F201") if e.action == "delete"]
        assert "due 2025-08-30" in line.reason and line.login == "demo-guider"

    # The practitioner deletes the original and says so at the terminal.
    asked = []

    def confirm(planned: object, path: Path) -> bool:
        asked.append(path)
        path.unlink()
        return True

    with Store.open(data, url=url) as store:
        done = apply_retention(
            store, data, ServiceSettings(), date(2025, 9, 2), by="demo-guider", confirm=confirm
        )
        assert [d.planned.film.case_code for d in done if d.gone] == ["F202"]
        assert asked == [tmp_path / "team-share" / "F202-visit.mp4"]
        assert store.films.list("F202")[0].footage_deleted_on == date(2025, 9, 2)
    # Deleted footage is never due again.
    assert _run(home, "--today", "2026-01-01", "--apply") == 0
    assert "Nothing is due" in capsys.readouterr().out


def test_a_confirmation_while_the_file_is_still_there_records_nothing(
    home: tuple[Path, str], tmp_path: Path
) -> None:
    data, url = home
    with Store.open(data, url=url) as store:
        done = apply_retention(
            store,
            data,
            ServiceSettings(),
            date(2025, 9, 1),
            by="demo-guider",
            confirm=lambda planned, path: True,
        )
        [waiting] = [d for d in done if not d.gone]
        assert waiting.still_there == tmp_path / "team-share" / "F202-visit.mp4"
        assert store.films.list("F202")[0].footage_deleted_on is None


def test_a_playback_copy_goes_with_its_film(home: tuple[Path, str]) -> None:
    data, url = home
    with Store.open(data, url=url) as store:
        [film] = store.films.list("F201")
        copy = data / "media" / "playback" / "F201" / f"film-{film.id}.mp4"
        copy.parent.mkdir(parents=True)
        copy.write_bytes(b"a playback copy")
        apply_retention(store, data, ServiceSettings(), date(2025, 9, 1), by="demo-guider")
    assert not copy.exists()
