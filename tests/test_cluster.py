"""vigkit's own PostgreSQL cluster (`vigkit team` without --database): kept across restarts,
and a plain message when PostgreSQL is not installed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vigkit.core.errors import StoreError
from vigkit.core.records import Practitioner
from vigkit.store import Store, cluster
from vigkit.store.cluster import LocalPostgres


def test_a_team_cluster_keeps_its_data_across_a_restart(
    tmp_path: Path, postgres: LocalPostgres
) -> None:
    """Stopped and started again (on a fresh free port), the cluster still holds what was saved."""
    folder = tmp_path / "pg"
    with LocalPostgres(folder) as first:
        with Store.open(url=first.create_database("vigkit")) as store:
            store.people.add(Practitioner(id="jo", display_name="Jo"))
    with LocalPostgres(folder) as again:
        with Store.open(url=again.create_database("vigkit")) as store:
            assert ["jo"] == [p.id for p in store.people.list()]
        assert again.password == first.password  # the same cluster, on a fresh free port
    assert (folder / "vigkit-password").stat().st_mode & 0o077 == 0
    again.destroy()


def test_a_team_folder_moved_elsewhere_keeps_its_store(
    tmp_path: Path, postgres: LocalPostgres
) -> None:
    """As root the cluster's files live with the postgres user, where the folder records
    (they were at a place named after the folder's path: a moved folder started empty)."""
    folder = tmp_path / "team" / "postgres"
    with LocalPostgres(folder) as first:
        with Store.open(url=first.create_database("vigkit")) as store:
            store.people.add(Practitioner(id="jo", display_name="Jo"))
        password = first.password
    moved = tmp_path / "elsewhere"
    (tmp_path / "team").rename(moved)
    with LocalPostgres(moved / "postgres") as again:
        with Store.open(url=again.create_database("vigkit")) as store:
            assert ["jo"] == [p.id for p in store.people.list()]
        assert again.password == password
    again.destroy()


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root-started cluster lives elsewhere")
def test_an_older_root_cluster_named_after_the_folder_is_found_and_recorded(
    tmp_path: Path, postgres: LocalPostgres
) -> None:
    folder = tmp_path / "postgres"
    with LocalPostgres(folder) as first:
        with Store.open(url=first.create_database("vigkit")) as store:
            store.people.add(Practitioner(id="jo", display_name="Jo"))
    where = folder / "pgdata-location"
    recorded = Path(where.read_text(encoding="utf-8"))
    older = first._derived_pgdata()  # where vigkit used to put it
    recorded.rename(older)
    where.unlink()
    with LocalPostgres(folder) as again:
        with Store.open(url=again.create_database("vigkit")) as store:
            assert ["jo"] == [p.id for p in store.people.list()]
    assert where.read_text(encoding="utf-8") == str(older)
    again.destroy()


def test_without_postgresql_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "find_bin_dir", lambda: None)
    with pytest.raises(StoreError) as refused:
        LocalPostgres(tmp_path / "pg").start()
    assert "apt-get install postgresql" in str(refused.value)
    assert "pg_ctl was not found" in str(refused.value) and "Traceback" not in str(refused.value)


def test_commands_reach_the_database_they_are_given(
    tmp_path: Path, postgres: LocalPostgres, capsys: pytest.CaptureFixture[str]
) -> None:
    """`vigkit demo` and `vigkit export` with --database use that PostgreSQL database, not
    the data directory's SQLite file (which is never made)."""
    from vigkit.cli import main

    url = postgres.create_database("commands", template="vigkit_head")
    data = tmp_path / "data"
    try:
        assert 0 == main(["demo", "--data", str(data), "--database", url])
        out = tmp_path / "out"
        export = ["export", "F017", "--to", str(out), "--data", str(data), "--database", url]
        assert 0 == main([*export, "--as", "demo-guider"])  # a team's store asks who
        assert (out / "F017" / "clips.csv").is_file()
        assert not (data / "vigkit.sqlite").exists()
        with Store.open(url=url) as store:
            assert "F017" in [c.code for c in store.cases.list()]
    finally:
        postgres.drop_database("commands")
    assert "Traceback" not in capsys.readouterr().err


def test_the_audit_command_prints_the_trail_and_refuses_a_wrong_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vigkit.cli import main
    from vigkit.core.access import CaseRef, Decision
    from vigkit.core.audit import event_for

    data = tmp_path / "data"
    with Store.open(data) as store:
        refusal = Decision(False, "not your case")
        store.audit.record(event_for("pat", "view", CaseRef("F017", "sam"), refusal, "case page"))
    assert 0 == main(["audit", "--data", str(data), "--case", "f017"])
    printed = capsys.readouterr().out
    assert "pat" in printed and "REFUSED" in printed and "case F017" in printed
    assert 0 == main(["audit", "--data", str(data), "--person", "sam"])
    assert "" == capsys.readouterr().out
    with pytest.raises(SystemExit) as wrong:
        main(["audit", "--data", str(data), "--since", "3/12/2026"])
    assert wrong.value.code == 2
    said = capsys.readouterr().err
    assert "is not a day: write it as" in said and "Traceback" not in said
