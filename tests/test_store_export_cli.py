"""`vigkit export` asks the access policy when told who is exporting (`--as`), and on a
team's PostgreSQL store it must be told: the trail records every answer; SQLite and
PostgreSQL alike."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from vigkit.cli import main
from vigkit.demo.caseload import fill_demo
from vigkit.demo.team import fill_demo_team
from vigkit.store import Store

pytestmark = pytest.mark.both_databases


@pytest.fixture
def team_url(store_url: str, tmp_path: Path) -> str:
    fill_demo_team(tmp_path / "data", out=io.StringIO(), url=store_url)
    return store_url


def _export(url: str, tmp_path: Path, *extra: str) -> int:
    data = str(tmp_path / "data")
    to = str(tmp_path / "out")
    return main(["export", "F017", "--to", to, "--data", data, "--database", url, *extra])


def test_the_cases_practitioner_exports_and_the_trail_says_so(
    team_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _export(team_url, tmp_path, "--as", "demo-guider") == 0
    assert (tmp_path / "out" / "F017" / "clips.csv").is_file()
    with Store.open(url=team_url) as store:
        [event] = store.audit.trail(login="demo-guider")
    assert (event.action, event.ident, event.allowed, event.door) == (
        "export",
        "F017",
        True,
        "vigkit export",
    )


@pytest.mark.parametrize("login", ["demo-pat", "demo-lead", "demo-admin", "nobody"])
def test_anyone_else_is_refused_and_nothing_is_written(
    team_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], login: str
) -> None:
    assert _export(team_url, tmp_path, "--as", login) == 2
    said = capsys.readouterr().err
    assert f"{login} may not export case F017" in said and "Traceback" not in said
    assert not (tmp_path / "out").exists()
    with Store.open(url=team_url) as store:
        assert [e.allowed for e in store.audit.trail(login=login)] == [False]


def test_a_teams_store_asks_who_is_exporting(
    team_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], engine: str
) -> None:
    status = _export(team_url, tmp_path)
    if engine == "sqlite":  # one practitioner's store: the export is theirs, as before
        assert status == 0
        return
    assert status == 2
    assert "say who is exporting with --as LOGIN" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_alone_the_export_needs_no_login(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIGKIT_DATABASE_URL", raising=False)
    fill_demo(tmp_path / "data", out=io.StringIO())
    to = str(tmp_path / "out")
    assert main(["export", "F017", "--to", to, "--data", str(tmp_path / "data")]) == 0
    assert (tmp_path / "out" / "F017" / "ratings.csv").is_file()


def test_the_settings_can_name_the_teams_database(
    team_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """`database:` in <data>/settings.yaml reaches the command when neither --database nor
    $VIGKIT_DATABASE_URL names one."""
    monkeypatch.delenv("VIGKIT_DATABASE_URL", raising=False)
    data = tmp_path / "data"
    (data / "settings.yaml").write_text(f"database: {team_url}\nmax_clips_per_film: 3\n")
    to = str(tmp_path / "out")
    args = ["export", "F017", "--to", to, "--data", str(data), "--as", "demo-guider"]
    assert main(args) == 0
    with Store.open(url=team_url) as store:
        assert [e.door for e in store.audit.trail(login="demo-guider")] == ["vigkit export"]
    if engine == "postgresql":  # the team's store, not the data directory's SQLite file
        with Store.open(data) as local:
            assert local.audit.trail() == []


def test_a_database_setting_that_is_not_a_url_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("VIGKIT_DATABASE_URL", raising=False)
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.yaml").write_text("database: my laptop\n")
    assert main(["audit", "--data", str(data)]) == 1
    said = capsys.readouterr().err
    assert "The database must be a URL such as postgresql+psycopg://" in said
    assert "Traceback" not in said
