"""A PostgreSQL cluster of vigkit's own on this machine, for a team on one machine and tests.

It runs Debian's (or any) PostgreSQL binaries on a free loopback port with a password of its
own; when vigkit runs as root the cluster runs as the ``postgres`` user, because ``pg_ctl``
refuses root. A service uses its own managed PostgreSQL instead (docs/deploy.md).
"""

from __future__ import annotations

import glob
import hashlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from vigkit.core.errors import StoreError
from vigkit.store import roles

__all__ = ["LocalPostgres", "find_bin_dir", "free_port"]

_SUPERUSER = "vigkit"
_RUN_AS = "postgres"
_SECRET_FILE = "vigkit-password"  # noqa: S105  (a file name, not a password)
# Where a root-started cluster's files are (outside the folder, as ``postgres``): one line.
_WHERE_FILE = "pgdata-location"
_NEW_TAG = "cluster-"
_FAST = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


def find_bin_dir() -> Path | None:
    """The folder of ``pg_ctl`` and ``initdb``: on PATH, else Debian's newest, else None."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LocalPostgres:
    """A cluster in ``folder``: made on first :meth:`start`, kept between starts.

    ``fast`` turns durability off (fsync) for throwaway test clusters; never for real data.
    """

    folder: Path
    fast: bool = False
    port: int = field(default_factory=free_port)
    _bin: Path | None = field(default=None, repr=False)

    @property
    def _pgdata(self) -> Path:
        """The cluster's files: in the folder, or when vigkit runs as root (and the cluster as
        ``postgres``, who may not enter the owner-only data folder) under the ``postgres``
        user's home, at the place the folder records (:data:`_WHERE_FILE`): so a folder
        moved elsewhere keeps its store."""
        if not self._as_root:
            return self.folder / "pgdata"
        recorded = self.folder / _WHERE_FILE
        if recorded.is_file():
            return Path(recorded.read_text(encoding="utf-8").strip())
        derived = self._derived_pgdata()  # where vigkit put it before the folder said
        if (derived / "PG_VERSION").is_file():
            return derived
        return self._base() / f"{_NEW_TAG}{secrets.token_hex(8)}"

    @staticmethod
    def _base() -> Path:
        home = Path(pwd.getpwnam(_RUN_AS).pw_dir)
        return (home if home.is_dir() else Path(tempfile.gettempdir())) / "vigkit"

    def _derived_pgdata(self) -> Path:
        """Where an older vigkit kept a root-started cluster: named after the folder's path,
        so a moved folder lost it (and started an empty store)."""
        tag = hashlib.sha256(str(self.folder.resolve()).encode()).hexdigest()[:16]
        return self._base() / tag

    def _record_where(self, pgdata: Path) -> None:
        """Write down, in the folder, where the cluster's files are (root only)."""
        if self._as_root:
            where = self.folder / _WHERE_FILE
            where.write_text(str(pgdata), encoding="utf-8")
            where.chmod(0o600)

    @property
    def _as_root(self) -> bool:
        return os.geteuid() == 0

    def _run(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if self._as_root:
            command = ["runuser", "-u", _RUN_AS, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    def _tool(self, name: str) -> str:
        if self._bin is None:
            self._bin = find_bin_dir()
        if self._bin is None:
            raise StoreError(key="error.store.no_postgres", detail="pg_ctl was not found")
        return str(self._bin / name)

    def _fail(self, what: str, done: subprocess.CompletedProcess[str]) -> StoreError:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return StoreError(key="error.store.no_postgres", detail=f"{what}: {' '.join(detail)}")

    @property
    def password(self) -> str:
        """The superuser's password (made by :meth:`start`, kept owner-only in the folder)."""
        return (self.folder / _SECRET_FILE).read_text(encoding="utf-8").strip()

    def _init(self) -> None:
        initdb = self._tool("initdb")  # before anything is made: nothing left if it is missing
        self.folder.mkdir(parents=True, exist_ok=True)
        secret = self.folder / _SECRET_FILE
        secret.touch(mode=0o600)
        secret.write_text(secrets.token_urlsafe(18), encoding="utf-8")
        pgdata = self._pgdata  # chosen once: a new one is a fresh name each time asked
        self._record_where(pgdata)
        if self._as_root:  # the postgres user's own folder of clusters, closed to others
            pgdata.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.chown(pgdata.parent, _RUN_AS)
            pgdata.parent.chmod(0o700)  # made by an older vigkit: open to all
        pgdata.mkdir(mode=0o700, parents=True)
        pwfile = pgdata.parent / f"{pgdata.name}.pw"
        pwfile.touch(mode=0o600)
        pwfile.write_text(self.password, encoding="utf-8")
        if self._as_root:
            shutil.chown(self._pgdata, _RUN_AS)
            shutil.chown(pwfile, _RUN_AS)
        try:
            done = self._run(
                [
                    initdb,
                    "-D",
                    str(self._pgdata),
                    "-U",
                    _SUPERUSER,
                    "--auth=scram-sha-256",
                    f"--pwfile={pwfile}",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            )
        finally:
            pwfile.unlink()
        if done.returncode != 0:
            shutil.rmtree(self._pgdata, ignore_errors=True)
            raise self._fail("initdb", done)

    def start(self) -> Self:
        """Make the cluster if it is not there, and start it; waits until it answers."""
        if not (self._pgdata / "PG_VERSION").is_file():
            self._init()
        elif self._as_root and not (self.folder / _WHERE_FILE).is_file():
            self._record_where(self._pgdata)  # an older vigkit's cluster: the folder says now
        options = [
            "-c",
            f"port={self.port}",
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self._pgdata}",
            "-c",
            "max_connections=200",
        ]
        if self.fast:
            options += _FAST
        log = self._pgdata / "server.log"
        done = self._run(
            [
                self._tool("pg_ctl"),
                "start",
                "-w",
                "-t",
                "60",
                "-D",
                str(self._pgdata),
                "-l",
                str(log),
            ]
            + ["-o", " ".join(options)]
        )
        if done.returncode != 0:
            raise self._fail("pg_ctl start", done)
        return self

    def stop(self) -> None:
        """Stop the cluster (fast shutdown); its data stays in the folder."""
        if (self._pgdata / "postmaster.pid").is_file():
            self._run([self._tool("pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self._pgdata)])

    @classmethod
    def running(cls, folder: Path) -> Self | None:
        """The cluster in ``folder`` if it is running now (its port read from its pid file)."""
        cluster = cls(folder)
        try:
            lines = (cluster._pgdata / "postmaster.pid").read_text(encoding="utf-8").splitlines()
            cluster.port = int(lines[3])
        except (OSError, IndexError, ValueError):
            return None
        return cluster

    def destroy(self) -> None:
        """Stop the cluster and delete it and its folder (throwaway test clusters)."""
        self.stop()
        shutil.rmtree(self._pgdata, ignore_errors=True)
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL (psycopg 3) for ``database`` on this cluster."""
        return f"postgresql+psycopg://{_SUPERUSER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str = "template1") -> str:
        """Create database ``name`` (copied from ``template``) if missing; returns its URL."""
        import psycopg

        with psycopg.connect(self._dsn(), autocommit=True) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
            ).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop database ``name``, closing anyone still connected to it."""
        import psycopg

        with psycopg.connect(self._dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _dsn(self, database: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user={_SUPERUSER} password={self.password} dbname={database}"

    def _role_password(self, role: str) -> str:
        """``role``'s password: made once, kept owner-only in the folder beside the superuser's."""
        secret = self.folder / f"{role}-password"
        if not secret.is_file():
            secret.touch(mode=0o600)
            secret.write_text(secrets.token_urlsafe(18), encoding="utf-8")
        return secret.read_text(encoding="utf-8").strip()

    def role_url(self, role: str, database: str) -> str:
        """A SQLAlchemy URL for ``database`` as ``role`` (one :meth:`team_roles` made)."""
        password = self._role_password(role)
        return f"postgresql+psycopg://{role}:{password}@127.0.0.1:{self.port}/{database}"

    def team_roles(
        self, database: str, owner: str = roles.OWNER_ROLE, app: str = roles.APP_ROLE
    ) -> tuple[str, str]:
        """The owner and app roles for ``database`` (made or updated, neither a superuser),
        the database migrated by the owner and the app granted its rights; returns their
        URLs. What an earlier vigkit made as the superuser becomes the owner's."""
        import psycopg
        from psycopg import sql

        self.create_database(database)
        with psycopg.connect(self._dsn(), autocommit=True) as conn:
            for role in (owner, app):
                exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                verb = "ALTER" if exists.fetchone() else "CREATE"
                conn.execute(
                    sql.SQL(
                        "{} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION "
                        "NOBYPASSRLS PASSWORD {}"
                    ).format(
                        sql.SQL(verb), sql.Identifier(role), sql.Literal(self._role_password(role))
                    )
                )
            for statement in roles.database_statements(database, owner, app):
                conn.execute(statement.encode())
        with psycopg.connect(self._dsn(database), autocommit=True) as conn:
            for statement in roles.owner_statements(owner):
                conn.execute(statement.encode())
            _give_to(conn, owner)
        owner_url = self.role_url(owner, database)
        roles.migrate_and_grant(owner_url, app)
        return owner_url, self.role_url(app, database)

    def __enter__(self) -> Self:
        """Start the cluster for a ``with`` block that stops it."""
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop the cluster."""
        self.stop()


def _give_to(conn: Any, owner: str) -> None:
    """Make ``owner`` the owner of every table, sequence and function in the public schema
    (a team's store made before the roles was the superuser's)."""
    from psycopg import sql

    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "S": "SEQUENCE"}
    # Tables first: a serial column's sequence follows its table, and refuses to move alone.
    for wanted in (["r", "p", "v"], ["S"]):
        relations = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = ANY(%s) "
            "AND pg_get_userbyid(c.relowner) <> %s",
            (wanted, owner),
        ).fetchall()
        for name, kind in relations:
            conn.execute(
                sql.SQL("ALTER {} {} OWNER TO {}").format(
                    sql.SQL(kinds[kind]), sql.Identifier(name), sql.Identifier(owner)
                )
            )
    functions = conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s",
        (owner,),
    ).fetchall()
    for (signature,) in functions:
        conn.execute(
            sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(signature), sql.Identifier(owner)
            )
        )
