"""``vigkit backup`` and ``vigkit restore``: a data folder copied while vigkit runs, and
brought back, checked, into a new folder.

A backup folder holds::

    files/           the data folder's files: settings, templates, media (films, stills,
                     clips), the hub's folder; every SQLite database in it (the store, the
                     hub's) copied by SQLite's online backup, so what the pages saved is in
    postgres.dump    a team's PostgreSQL store, by pg_dump (when the store is PostgreSQL)
    outside/         films logged from folders outside the data folder
    manifest.json    what was backed up, from where, and where each film outside came from
    SHA256SUMS       every file's SHA-256, in ``sha256sum -c`` form; written last, so a
                     backup without it did not finish

``vigkit restore`` checks every checksum before it writes anything, refuses a target folder
that is not empty, restores the store, and re-links every film to where the new folder keeps
it (:func:`vigkit.store.backup.relink_films`), then checks each film's fingerprint.

Left out of the copy: a running PostgreSQL cluster's own files (dumped instead), SQLite's
WAL and lock files (the copy has all they held), pid files and unfinished uploads.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from vigkit.core import clock
from vigkit.core.errors import VigkitError
from vigkit.store.backup import copy_sqlite, dump_postgres, is_postgres, load_postgres
from vigkit.store.engine import DB_FILENAME, LOCK_FILENAME

__all__ = [
    "BackupError",
    "BackupDone",
    "RestoreDone",
    "make_backup",
    "restore_backup",
    "follow_moved_folder",
    "FOLDER_RECORD",
]

FORMAT = 1
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
FILES = "files"
OUTSIDE = "outside"
PG_DUMP = "postgres.dump"
RESTORED_FILMS = Path("media") / "restored"
#: The data folder's own path, as it was last used: a folder moved with ``mv`` finds its
#: films again (:func:`follow_moved_folder`).
FOLDER_RECORD = ".vigkit-folder"
_SKIP_DIRS = {"postgres"}  # vigkit's own cluster: dumped, not copied
_SKIP_SUFFIXES = ("-wal", "-shm", "-journal", ".pid", ".sock", FOLDER_RECORD)
_SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")


class BackupError(VigkitError):
    """A backup or restore refused, or stopped; the message says why in plain words."""


@dataclass
class BackupDone:
    to: Path
    files: int = 0
    bytes: int = 0
    store: str = "sqlite"
    films_outside: int = 0
    films_missing: list[str] = field(default_factory=list)


@dataclass
class RestoreDone:
    data: Path
    files: int = 0
    films: int = 0
    films_playing: int = 0
    films_not_playing: list[str] = field(default_factory=list)


def _hash_copy(source: Path, target: Path) -> str:
    """Copy ``source`` to ``target`` owner-only, hashing it as it goes (one read)."""
    digest = hashlib.sha256()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with source.open("rb") as fin, target.open("wb") as fout:
        os.fchmod(fout.fileno(), 0o600)
        while block := fin.read(1 << 20):
            digest.update(block)
            fout.write(block)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _is_sqlite(path: Path) -> bool:
    """Whether ``path`` is a SQLite database (its header), not just named like one (a
    Windows ``Thumbs.db`` copied in with films)."""
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _data_files(data: Path) -> Iterator[Path]:
    """The data folder's regular files to copy, relative to it (see the module's note)."""
    for root, dirs, files in os.walk(data):
        here = Path(root).relative_to(data)
        dirs[:] = [
            d for d in dirs if not (here == Path(".") and d in _SKIP_DIRS) and not (d == ".partial")
        ]
        for name in files:
            rel = here / name
            if rel == Path(LOCK_FILENAME) or name.endswith(_SKIP_SUFFIXES):
                continue
            if (data / rel).is_symlink() or not (data / rel).is_file():
                continue
            yield rel


def _empty_target(where: Path, key: str) -> None:
    if where.exists() and (not where.is_dir() or any(where.iterdir())):
        raise BackupError(key=key, where=where)


def make_backup(data: Path, to: Path, url: str | None) -> BackupDone:
    """Back up the data folder ``data`` (and its store at ``url``, else its SQLite file) into
    the new or empty folder ``to``."""
    from vigkit.store import Store

    to = to.expanduser().resolve()
    if to == data or data in to.parents:
        raise BackupError(key="error.backup.inside", where=to, data=data)
    _empty_target(to, "error.backup.not_empty")
    to.mkdir(mode=0o700, parents=True, exist_ok=True)
    done = BackupDone(to=to, store="postgresql" if is_postgres(url) else "sqlite")
    sums: dict[str, str] = {}
    if is_postgres(url):
        assert url is not None
        dump_postgres(url, to / PG_DUMP)
        sums[PG_DUMP] = _sha256(to / PG_DUMP)
    else:
        Store.open(data).close()  # a store that does not exist yet is made (and migrated)
    for rel in _data_files(data):
        target = to / FILES / rel
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if rel.name.endswith(_SQLITE_SUFFIXES) and _is_sqlite(data / rel):
            if rel == Path(DB_FILENAME) and is_postgres(url):
                continue  # a team's store is PostgreSQL: an old SQLite file is not it
            copy_sqlite(data / rel, target)
            target.chmod(0o600)
            sums[f"{FILES}/{rel.as_posix()}"] = _sha256(target)
        else:
            try:
                sums[f"{FILES}/{rel.as_posix()}"] = _hash_copy(data / rel, target)
            except FileNotFoundError:
                continue  # removed while the backup ran (a finished upload, a cache)
    outside = _films_outside(data, url, to, sums, done)
    manifest = {
        "vigkit_backup": FORMAT,
        "made": clock.now().isoformat(timespec="seconds"),
        "data": str(data),
        "store": done.store,
        "films_outside": outside,
        "films_missing": done.films_missing,
    }
    (to / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    sums[MANIFEST] = _sha256(to / MANIFEST)
    lines = "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items()))
    (to / f"{SUMS}.tmp").write_text(lines, encoding="utf-8")
    (to / f"{SUMS}.tmp").replace(to / SUMS)  # last: a backup with SHA256SUMS is whole
    done.files = len(sums)
    done.bytes = sum((to / name).stat().st_size for name in sums)
    return done


def _films_outside(
    data: Path, url: str | None, to: Path, sums: dict[str, str], done: BackupDone
) -> dict[str, str]:
    """Copy the films logged from outside the data folder; {copy: where it was}."""
    from vigkit.store import Store

    outside: dict[str, str] = {}
    with Store.open(data, url=url) as store:
        films = store.films.list()
    for film in films:
        path = Path(film.path)
        if data in path.parents:
            if not path.is_file():
                done.films_missing.append(film.path)
            continue
        if not path.is_file():
            done.films_missing.append(film.path)
            continue
        name = f"{OUTSIDE}/{film.id}-{path.name}"
        if name not in sums:
            sums[name] = _hash_copy(path, to / name)
            outside[name] = film.path
    done.films_outside = len(outside)
    return outside


def _read_sums(src: Path) -> dict[str, str]:
    if not (src / SUMS).is_file() or not (src / MANIFEST).is_file():
        raise BackupError(key="error.backup.not_a_backup", where=src)
    sums = {}
    for line in (src / SUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if not name or ".." in Path(name).parts or Path(name).is_absolute():
            raise BackupError(key="error.backup.not_a_backup", where=src)
        sums[name] = digest
    return sums


def check_backup(src: Path) -> dict[str, str]:
    """Every file of the backup ``src`` as its checksums say, and nothing else; the sums."""
    sums = _read_sums(src)
    differ = [name for name, digest in sums.items() if not _same(src / name, digest)]
    listed = set(sums) | {SUMS}
    extra = [
        p.relative_to(src).as_posix()
        for p in src.rglob("*")
        if p.is_file() and p.relative_to(src).as_posix() not in listed
    ]
    if differ or extra:
        names = ", ".join(sorted(differ + extra)[:3])
        more = len(differ) + len(extra) - 3
        raise BackupError(
            key="error.backup.differs",
            where=src,
            count=len(differ) + len(extra),
            names=names + (f" and {more} more" if more > 0 else ""),
        )
    return sums


def _same(path: Path, digest: str) -> bool:
    try:
        return path.is_file() and _sha256(path) == digest
    except OSError:
        return False


def restore_backup(src: Path, data: Path, url: str | None = None) -> RestoreDone:
    """Restore the backup ``src`` into the new or empty data folder ``data``; a team's
    PostgreSQL dump goes into the empty database at ``url``, else into a PostgreSQL cluster
    of vigkit's own in the new folder (as ``vigkit team`` starts)."""
    src, data = src.expanduser().resolve(), data.expanduser().resolve()
    _empty_target(data, "error.backup.target_not_empty")
    sums = check_backup(src)
    manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    if manifest.get("vigkit_backup") != FORMAT:
        raise BackupError(key="error.backup.not_a_backup", where=src)
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    done = RestoreDone(data=data)
    for name in sums:
        if name.startswith(f"{FILES}/"):
            _hash_copy(src / name, data / name.removeprefix(f"{FILES}/"))
            done.files += 1
    old = Path(manifest["data"])
    moved: dict[str, str] = {}
    for name, was in manifest.get("films_outside", {}).items():
        target = data / RESTORED_FILMS / Path(name).name
        _hash_copy(src / name, target)
        moved[was] = str(target)
        done.files += 1
    with _store_url(data, url, PG_DUMP in sums) as live:
        if PG_DUMP in sums:
            assert live is not None
            load_postgres(live, src / PG_DUMP)
        _relink_and_check(data, live, old, moved, done)
    _record_folder(data)
    return done


def _record_folder(data: Path) -> None:
    where = data / FOLDER_RECORD
    try:
        if not where.is_file() or where.read_text(encoding="utf-8") != str(data):
            where.write_text(str(data), encoding="utf-8")
    except OSError:
        pass  # a read-only folder: nothing to follow, nothing to note


def follow_moved_folder(data: Path, url: str | None) -> tuple[Path | None, int]:
    """When the data folder was last used elsewhere (moved with ``mv``), point its films
    there at the same places here; returns the old path (None when it has not moved) and
    how many films followed. A film follows only when it is gone from the old place and is
    here: a copied folder (the old one still there) changes nothing."""
    from vigkit.store import Store
    from vigkit.store.backup import relink_films

    data = data.resolve()
    record = data / FOLDER_RECORD
    old = Path(record.read_text(encoding="utf-8").strip()) if record.is_file() else None
    followed = 0
    if old is not None and old != data:

        def here(path: str) -> str | None:
            was = Path(path)
            if old not in was.parents or was.exists():
                return None
            now = data / was.relative_to(old)
            return str(now) if now.is_file() else None

        with Store.open(data, url=url) as store:
            if not store.read_only:
                followed = relink_films(store, here)
    _record_folder(data)
    return (old if old != data else None), followed


@contextmanager
def _store_url(data: Path, url: str | None, postgres: bool) -> Iterator[str | None]:
    """Where the restored store goes: ``url``; for a team's dump without one, an empty
    database in a new PostgreSQL cluster of vigkit's own in ``data`` (as ``vigkit team``
    starts it), running for the block; else None, the folder's SQLite file."""
    if not postgres or url is not None:
        yield url
        return
    from vigkit.store.cluster import LocalPostgres

    with LocalPostgres(data / "postgres") as cluster:
        yield cluster.create_database("vigkit", template="template0")


def _relink_and_check(
    data: Path, url: str | None, old: Path, moved: dict[str, str], done: RestoreDone
) -> None:
    """Point every film at where the new folder keeps it, then check each plays (its file
    is there and its fingerprint is the logged one)."""
    from vigkit.core.errors import MediaError
    from vigkit.media.fingerprint import verify_unchanged
    from vigkit.store import Store
    from vigkit.store.backup import relink_films

    def new_path(path: str) -> str | None:
        if path in moved:
            return moved[path]
        was = Path(path)
        if old in was.parents:
            return str(data / was.relative_to(old))
        return None

    with Store.open(data, url=url) as store:
        relink_films(store, new_path)
        films = store.films.list()
    done.films = len(films)
    for film in films:
        try:
            verify_unchanged(film.path, film.sha256)
            done.films_playing += 1
        except MediaError:
            done.films_not_playing.append(film.path)


def follow_if_moved(data: Path, url: str | None, out: TextIO | None = None) -> int:
    """Re-link the films of a data folder moved with ``mv`` (see
    :func:`vigkit.backup.follow_moved_folder`) and say so; returns how many followed."""
    old, followed = follow_moved_folder(data, url)
    if old is not None and followed:
        print(
            f"vigkit: this data folder was at {old}; {followed} film(s) now point to it here.",
            file=out or sys.stderr,
            flush=True,
        )
    return followed
