"""Commands that look after a data folder: ``doctor`` (who can read it), ``backup`` and
``restore`` (:mod:`vigkit.backup`).

Kept apart from :mod:`vigkit.cli` so that module stays about serving and the workbooks.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from vigkit.backup import follow_if_moved
from vigkit.ownerfiles import warn_if_open

__all__ = ["add_commands", "run", "HANDLERS"]

AddOption = Callable[[argparse.ArgumentParser], None]
HANDLERS = ("doctor", "backup", "restore")


def add_commands(sub: argparse._SubParsersAction, add_data: AddOption, add_db: AddOption) -> None:  # type: ignore[type-arg]
    """Add ``doctor``, ``backup`` and ``restore`` to ``sub``."""
    doctor = sub.add_parser(
        "doctor", help="check that only you can read the data folder (--fix to make it so)"
    )
    add_data(doctor)
    doctor.add_argument(
        "--fix",
        action="store_true",
        help="make every folder in it 0700 and every file 0600 (yours only)",
    )
    backup = sub.add_parser(
        "backup",
        help="copy the data folder and its store while vigkit runs, with checksums",
    )
    add_data(backup)
    add_db(backup)
    backup.add_argument(
        "--to", required=True, metavar="DIR", help="a new or empty folder, outside the data folder"
    )
    restore = sub.add_parser(
        "restore", help="bring a backup back into a new data folder, checking it first"
    )
    restore.add_argument("backup", metavar="BACKUP", help="a folder made by `vigkit backup`")
    restore.add_argument(
        "--data", required=True, metavar="NEWDIR", help="the new data folder (new or empty)"
    )
    restore.add_argument(
        "--database",
        metavar="URL",
        help="an empty PostgreSQL database for a team's store (default: a PostgreSQL of "
        "vigkit's own in the new folder, as `vigkit team` starts)",
    )


def _doctor(args: argparse.Namespace, data: Path, url: str | None, out: TextIO) -> int:
    from vigkit.ownerfiles import make_owner_only, open_to_others

    follow_if_moved(data, url, out)
    if args.fix:
        changed = make_owner_only(data)
        left = open_to_others(data)
        if left:
            print(
                f"vigkit: {len(left)} file(s) or folder(s) in {data} could not be made yours "
                f"only (such as {left[0]}): are they another user's?",
                file=out,
            )
            return 1
        print(
            f"vigkit: {data}: made {len(changed)} file(s) or folder(s) yours only; "
            "nobody else on this machine can open the data folder now.",
            file=out,
        )
        return 0
    if warn_if_open(data, out):
        return 1
    print(f"vigkit: {data}: only you can open the data folder.", file=out)
    return 0


def _backup(args: argparse.Namespace, data: Path, url: str | None, out: TextIO) -> int:
    from vigkit.backup import make_backup

    with ExitStack() as running:
        if url is None and (data / "postgres").is_dir():  # `vigkit team`'s own PostgreSQL
            url = _own_cluster_url(data, running)
        follow_if_moved(data, url, out)
        done = make_backup(data, Path(args.to), url)
    size = f"{done.bytes / 1024**2:.1f} MB"
    print(f"vigkit: backed up {data} into {done.to}: {done.files} files, {size}", file=out)
    print(f"vigkit: the store ({done.store}) is copied as it was at one moment", file=out)
    if done.films_outside:
        print(f"vigkit: {done.films_outside} film(s) from outside the data folder too", file=out)
    for path in done.films_missing:
        print(f"vigkit: warning: the film {path} was not there to back up", file=out)
    print(f"vigkit: check it any time with: cd {done.to} && sha256sum -c SHA256SUMS", file=out)
    return 0


def _own_cluster_url(data: Path, running: ExitStack) -> str:
    """The team's own PostgreSQL: running (the team is up), else started for the backup."""
    from vigkit.store.cluster import LocalPostgres

    folder = data / "postgres"
    cluster = LocalPostgres.running(folder)
    if cluster is None:
        cluster = running.enter_context(LocalPostgres(folder))
    return cluster.url("vigkit")


def _restore(args: argparse.Namespace, out: TextIO) -> int:
    from vigkit.backup import restore_backup

    done = restore_backup(Path(args.backup), Path(args.data), args.database)
    print(f"vigkit: restored {done.files} files into {done.data}; every checksum matched", file=out)
    print(f"vigkit: {done.films_playing} of {done.films} film(s) play from there", file=out)
    for path in done.films_not_playing:
        print(f"vigkit: warning: the film {path} is missing or changed", file=out)
    if (done.data / "postgres").is_dir():
        print(f"vigkit: start the team with: vigkit team --data {done.data}", file=out)
    else:
        print(f"vigkit: open it with: vigkit serve --data {done.data}", file=out)
    return 0 if not done.films_not_playing else 1


def run(
    args: argparse.Namespace,
    data: Callable[[], Path],
    database: Callable[[], str | None],
    out: TextIO | None = None,
) -> int:
    """Run the command ``args`` names; ``data`` gives the data folder, ``database`` the
    store's URL (None: the folder's SQLite file)."""
    out = out or sys.stdout
    if args.command == "backup":
        return _backup(args, data(), database(), out)
    if args.command == "restore":
        return _restore(args, out)
    return _doctor(args, data(), database(), out)
