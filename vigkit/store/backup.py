"""The store's part of a backup: a consistent copy of a database while vigkit runs, its
return into a new place, and films re-linked to where the restored folder keeps them.

- SQLite: the online backup API (:meth:`sqlite3.Connection.backup`), in one step, so the
  copy is one moment of the store, committed writes in the WAL included, while the pages go
  on writing (a copied file alone lost the saves still in the WAL).
- PostgreSQL: ``pg_dump`` (custom format, one snapshot), found beside the cluster's own
  tools (:func:`vigkit.store.cluster.find_bin_dir`), and ``pg_restore`` into an empty
  database. The password goes by the environment, never the command line others can list.

Films are stored by absolute path. A restore re-links them (:func:`relink_films`) rather
than the store keeping paths relative to the data folder: every reader of ``films.path``
(the pages, the film route, documents, exports) keeps one rule, films logged from a folder
outside the data folder are re-linked the same way, and the one moment paths change is the
restore, which checks every film's fingerprint afterwards.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from vigkit.core.errors import StoreError
from vigkit.store import tables as t
from vigkit.store.cluster import find_bin_dir

if TYPE_CHECKING:
    from vigkit.store.api import Store

__all__ = ["copy_sqlite", "dump_postgres", "load_postgres", "relink_films", "is_postgres"]


def is_postgres(url: str | None) -> bool:
    """Whether ``url`` names a PostgreSQL database (else the data folder's SQLite file)."""
    return url is not None and sa.make_url(url).get_backend_name() == "postgresql"


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to the new file ``target``, consistently, while
    other processes write to it (they wait for the copy's read lock only in rollback mode;
    in WAL mode, vigkit's, not at all)."""
    if not source.is_file():
        raise StoreError(key="error.store.not_opened", where=source, detail="no such file")
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)  # pages=-1: every page in one step, one moment of the store
            dst.execute("PRAGMA journal_mode=DELETE")  # the copy stands alone: no WAL
        finally:
            dst.close()
    finally:
        src.close()


def _tool(name: str) -> str:
    found = find_bin_dir()
    tool = (found / name) if found is not None else None
    if tool is None or not tool.is_file():
        fallback = shutil.which(name)
        if fallback is None:
            raise StoreError(key="error.backup.no_pg_tools", tool=name)
        return fallback
    return str(tool)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for ``url`` without its password, and the environment
    that carries the password."""
    parsed = sa.make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    bare = parsed.set(drivername="postgresql", password=None)
    return bare.render_as_string(hide_password=False), env


def dump_postgres(url: str, target: Path) -> None:
    """``pg_dump`` the database at ``url`` to ``target`` (custom format, one snapshot)."""
    conninfo, env = _libpq(url)
    done = subprocess.run(
        [
            _tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-acl",
            "--file",
            str(target),
            conninfo,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise StoreError(key="error.backup.pg_failed", tool="pg_dump", detail=_last(done))


def load_postgres(url: str, dump: Path) -> None:
    """``pg_restore`` ``dump`` into the (empty) database at ``url``, in one transaction.

    Owners and grants are not restored (a restored cluster may not have the team's roles
    yet): ``vigkit team`` gives the tables to the owner role and grants the app role its
    rights when it starts (:meth:`vigkit.store.cluster.LocalPostgres.team_roles`)."""
    conninfo, env = _libpq(url)
    done = subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
        + ["--dbname", conninfo, str(dump)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise StoreError(key="error.backup.pg_failed", tool="pg_restore", detail=_last(done))


def _last(done: subprocess.CompletedProcess[str]) -> str:
    return " ".join((done.stderr or done.stdout).strip().splitlines()[-2:])


def relink_films(store: Store, new_path: Callable[[str], str | None]) -> int:
    """Point every film whose ``new_path(path)`` is not None there; returns how many moved."""
    films = t.films
    moved = 0
    with store._tx() as conn:
        for ident, path in conn.execute(sa.select(films.c.id, films.c.path)).all():
            target = new_path(path)
            if target is not None and target != path:
                conn.execute(films.update().where(films.c.id == ident).values(path=target))
                moved += 1
    return moved
