"""`vigkit backup` while vigkit writes, and `vigkit restore` into another folder, as a
service's IT team would run them: every save made before the backup comes back, the copy is
one moment of the store (no save missing before a later one), and every film plays from
the restored folder — those of the data folder and one logged from a folder outside it.

On SQLite a writer holds the store open throughout, as a running server does, so saves sit
in the WAL (a copied ``vigkit.sqlite`` alone lost them: 277 of 300 in issue 27). On
PostgreSQL the backup is ``pg_dump``, restored into a new PostgreSQL cluster of vigkit's
own inside the new folder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from vigkit.core.records import Film
from vigkit.media.fingerprint import sha256_file, verify_unchanged
from vigkit.media.testvideo import make_film
from vigkit.store import Store
from vigkit.store.cluster import LocalPostgres

SAVES = 300

WRITER = r"""
import sys
from vigkit.core.records import Case
from vigkit.store import Store
data, url, first, count = sys.argv[1], sys.argv[2] or None, int(sys.argv[3]), int(sys.argv[4])
store = Store.open(data, url=url)  # held open throughout, as a server's pages hold it
for n in range(first, first + count):
    store.cases.add(Case(code=f"S{n:03d}", practitioner_id="demo-guider", setting=f"save {n}"))
    print(n, flush=True)  # reported saved
sys.stdin.read()  # stays open until the test says
store.close()
"""


def _vigkit(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "vigkit", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return done


@pytest.fixture
def data(tmp_path: Path, store_url: str, engine: str) -> Iterator[tuple[Path, str]]:
    """The demo caseload (its film in the data folder) and a film logged from outside it."""
    folder = tmp_path / "data"
    url = "" if engine == "sqlite" else store_url
    filled = _vigkit("demo", "--data", str(folder), *(["--database", url] if url else []))
    assert filled.returncode == 0, filled.stderr
    outside = make_film(tmp_path / "laptop" / "bath time.mp4", seconds=2.0, width=160, height=96)
    with Store.open(folder, url=url or None) as store:
        store.films.add(
            Film(
                case_code="F017",
                cycle_number=2,
                path=str(outside),
                sha256=sha256_file(outside),
                duration_s=2.0,
                filmed_on=date(2026, 3, 2),
            )
        )
    yield folder, url


def _writer(data: Path, url: str, first: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data), url, str(first), str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def _saved_up_to(writer: subprocess.Popen[str], last: int) -> None:
    assert writer.stdout is not None
    for line in writer.stdout:
        if int(line) == last:
            return
    raise AssertionError(f"the writer stopped before save {last}")


@pytest.mark.both_databases
def test_every_save_and_film_comes_back_from_a_backup_made_while_vigkit_writes(
    data: tuple[Path, str], tmp_path: Path, engine: str
) -> None:
    folder, url = data
    database = ["--database", url] if url else []
    writer = _writer(folder, url, 1, SAVES * 2)
    try:
        _saved_up_to(writer, SAVES)  # 300 reported saved; the writer goes on writing
        made = _vigkit("backup", "--data", str(folder), *database, "--to", str(tmp_path / "bk"))
        assert made.returncode == 0, made.stderr
        assert "copied as it was at one moment" in made.stdout
        _saved_up_to(writer, SAVES * 2)
    finally:
        writer.communicate("", timeout=120)
    assert writer.returncode == 0
    checked = subprocess.run(
        ["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=tmp_path / "bk", check=False
    )
    assert checked.returncode == 0  # the checksums are sha256sum's own form

    new = tmp_path / "elsewhere" / "restored"
    back = _vigkit("restore", str(tmp_path / "bk"), "--data", str(new))
    assert back.returncode == 0, back.stderr
    assert "every checksum matched" in back.stdout
    assert "5 of 5 film(s) play from there" in back.stdout

    with _restored(new, engine) as store:
        saves = sorted(int(c.code[1:]) for c in store.cases.list() if c.code.startswith("S"))
        films = store.films.list()
    assert saves[:SAVES] == list(range(1, SAVES + 1))  # every save made before the backup
    assert saves == list(range(1, len(saves) + 1))  # one moment: no save missing before another
    assert len(films) == 5
    for film in films:
        assert Path(film.path).is_relative_to(new)
        verify_unchanged(film.path, film.sha256)  # its file resolves; the fingerprint holds
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store"] == engine and manifest["data"] == str(folder)
    modes = {p.stat().st_mode & 0o077 for p in [new, *new.rglob("*")] if not p.is_symlink()}
    assert modes == {0}


class _restored:
    """The restored store: the folder's SQLite file, or its own PostgreSQL started."""

    def __init__(self, new: Path, engine: str) -> None:
        self.new, self.engine = new, engine
        self.cluster: LocalPostgres | None = None
        self.store: Store | None = None

    def __enter__(self) -> Store:
        url = None
        if self.engine == "postgresql":
            assert not (self.new / "vigkit.sqlite").exists()
            self.cluster = LocalPostgres(self.new / "postgres").start()
            url = self.cluster.url("vigkit")
        self.store = Store.open(self.new, url=url)
        return self.store

    def __exit__(self, *exc: object) -> None:
        if self.store is not None:
            self.store.close()
        if self.cluster is not None:
            self.cluster.destroy()  # as root its files live with the postgres user: not kept


def test_a_changed_backup_or_a_folder_in_use_is_refused_in_plain_words(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    assert _vigkit("demo", "--data", str(folder)).returncode == 0
    (folder / "media" / "Thumbs.db").write_bytes(b"not a database")  # copied in from Windows
    made = _vigkit("backup", "--data", str(folder), "--to", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert "files/media/Thumbs.db" in (tmp_path / "bk" / "SHA256SUMS").read_text()

    again = _vigkit("backup", "--data", str(folder), "--to", str(tmp_path / "bk"))
    assert again.returncode == 1 and "is not empty" in again.stderr

    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("mine", encoding="utf-8")
    refused = _vigkit("restore", str(tmp_path / "bk"), "--data", str(used))
    assert refused.returncode == 1
    assert "not empty" in refused.stderr and "Nothing was restored" in refused.stderr
    assert [p.name for p in used.iterdir()] == ["notes.txt"]

    film = next((tmp_path / "bk" / "files" / "media").rglob("*.mp4"))
    with film.open("r+b") as fh:  # one byte of the film changes on the backup disk
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 1]))
    changed = _vigkit("restore", str(tmp_path / "bk"), "--data", str(tmp_path / "new"))
    assert changed.returncode == 1
    assert "differ from its checksums" in changed.stderr
    assert film.relative_to(tmp_path / "bk").as_posix() in changed.stderr
    assert not (tmp_path / "new").exists()
    assert "Traceback" not in changed.stderr


def test_a_team_folder_with_its_own_postgresql_is_backed_up_without_naming_it(
    tmp_path: Path, postgres: LocalPostgres
) -> None:
    """`vigkit team`'s own PostgreSQL (in the data folder) is found, started for the dump
    when the team is stopped, and restored into a cluster of the new folder's own."""
    folder = tmp_path / "team"
    with LocalPostgres(folder / "postgres") as own:
        url = own.create_database("vigkit")
        assert _vigkit("demo", "--data", str(folder), "--database", url).returncode == 0
    made = _vigkit("backup", "--data", str(folder), "--to", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    assert "the store (postgresql)" in made.stdout
    assert LocalPostgres.running(folder / "postgres") is None  # stopped again

    new = tmp_path / "moved"
    back = _vigkit("restore", str(tmp_path / "bk"), "--data", str(new))
    assert back.returncode == 0, back.stderr
    assert "vigkit team --data" in back.stdout
    try:
        with _restored(new, "postgresql") as store:
            assert {"F017", "F023"} <= {c.code for c in store.cases.list()}
            for film in store.films.list():
                verify_unchanged(film.path, film.sha256)
    finally:
        LocalPostgres(folder / "postgres").destroy()


def test_a_folder_moved_with_mv_finds_its_films_and_a_copy_leaves_them(tmp_path: Path) -> None:
    """Films are stored by absolute path: the folder notes where it was, and the next
    vigkit command there points its films to where they are now."""
    first = tmp_path / "first"
    assert _vigkit("demo", "--data", str(first)).returncode == 0
    second = tmp_path / "second"
    first.rename(second)
    told = _vigkit("doctor", "--data", str(second))
    assert told.returncode == 0, told.stderr
    assert f"this data folder was at {first}" in told.stdout
    with Store.open(second) as store:
        films = store.films.list()
    assert films and all(Path(f.path).is_relative_to(second) for f in films)
    for film in films:
        verify_unchanged(film.path, film.sha256)

    copy = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(second), str(copy)], check=True)
    again = _vigkit("doctor", "--data", str(copy))
    assert (
        "was at" not in again.stdout + again.stderr
    )  # the films are still where they were: not moved
    with Store.open(copy) as store:
        assert [f.path for f in store.films.list()] == [f.path for f in films]
