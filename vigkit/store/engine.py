"""Engines for the store: SQLite set up for many processes at once, and migrations on open.

Two ways a store is not simply there:

- a team's PostgreSQL that cannot be reached (restarting, a network blip): a transaction
  waits for it, trying again with growing pauses (:data:`RETRY_DELAYS_S`, about 8 s in all),
  then refuses in plain words (``error.store.unreachable``): the page keeps what was typed.
  Only the connection is tried again, never a transaction that had begun, so nothing is
  saved twice;
- a SQLite store in a folder vigkit may not write (a read-only disk, an archive): it opens
  for reading (``mode=ro&immutable=1``), and a save says why it cannot be made.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.pool import StaticPool

from vigkit import paths
from vigkit.core.errors import StoreError
from vigkit.store.tables import HEAD_REVISION, metadata

__all__ = [
    "StoreBase",
    "DB_FILENAME",
    "LOCK_FILENAME",
    "MIGRATIONS_DIR",
    "BUSY_TIMEOUT_MS",
    "WRITE",
    "make_engine",
    "lock_dir_for",
    "current_revision",
    "ensure_schema",
    "upgrade",
    "alembic_config",
    "file_lock",
    "RETRY_DELAYS_S",
    "folder_is_read_only",
]

DB_FILENAME = "vigkit.sqlite"
LOCK_FILENAME = ".migrate.lock"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 10_000
# Execution option marking a write transaction: on SQLite it begins with BEGIN IMMEDIATE.
WRITE = "vigkit_write"
_PG_MIGRATE_LOCK = 0x76_69_67_6B  # "vigk": the advisory lock PostgreSQL migrations take
_VERSION = sa.table("alembic_version", sa.column("version_num", sa.String))
#: Pauses between tries to reach a team's PostgreSQL before a save or read gives up.
RETRY_DELAYS_S = (0.25, 0.5, 1.0, 2.0, 4.0)


def _is_memory(url: sa.URL) -> bool:
    """True for an in-memory SQLite URL."""
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def folder_is_read_only(db: Path) -> bool:
    """Whether the SQLite file ``db`` (which exists) lies where vigkit may not write: then
    its WAL's shared-memory file cannot be made, and it opens only as immutable."""
    return not (os.access(db.parent, os.W_OK) and os.access(db, os.W_OK))


def make_engine(url: str | sa.URL, *, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout, foreign keys and IMMEDIATE writes.
    ``read_only`` (SQLite): open the file for reading only, as immutable."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(parsed, pool_pre_ping=True)
    memory = _is_memory(parsed)
    if read_only and not memory:
        where = Path(str(parsed.database)).resolve()
        query = {"mode": "ro", "immutable": "1", "uri": "true"}
        parsed = parsed.set(database=f"file:{where}").update_query_dict(query)
    args: dict[str, Any] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    engine = sa.create_engine(parsed, connect_args=args, poolclass=StaticPool if memory else None)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the "begin" listener below emits BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not memory and not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten, not left in free pages (a family's erasure).
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # A write takes the write lock up front, so it waits (busy_timeout) rather than failing
        # with "database is locked" when upgrading a read lock after another process wrote.
        write = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def lock_dir_for(url: str | sa.URL) -> Path | None:
    """The folder holding a SQLite database file (where the migration lock goes), else None."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite" or _is_memory(parsed):
        return None
    return Path(str(parsed.database)).resolve().parent


def current_revision(engine: Engine) -> str | None:
    """The alembic revision the database is at (None before any migration): one cheap query."""
    with engine.connect() as conn:
        try:
            return conn.execute(sa.select(_VERSION.c.version_num)).scalar()
        except DBAPIError:
            return None


def ensure_schema(engine: Engine, lock_dir: Path | None) -> None:
    """Migrate to head unless already there, under a lock so concurrent first opens do not race."""
    if current_revision(engine) == HEAD_REVISION:
        return
    with file_lock(lock_dir / LOCK_FILENAME) if lock_dir else nullcontext():
        if current_revision(engine) != HEAD_REVISION:
            upgrade(engine)


def alembic_config() -> Any:
    """An alembic Config for vigkit's migrations, made without an alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the alembic migrations up to ``revision`` in one transaction."""
    from alembic import command
    from alembic.util import CommandError

    config = alembic_config()
    try:
        with engine.execution_options(**{WRITE: True}).begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_MIGRATE_LOCK)))
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
    except (CommandError, DBAPIError) as err:
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(key="error.store.not_migrated", where=where, detail=err) from err


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive flock on ``path`` (created if missing) for the block."""
    with open(path, "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_if_empty(db: Path) -> None:
    """Leave nothing behind where a new database could not be made: a 0-byte file would
    later look like a store."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        try:
            if path.is_file() and path.stat().st_size == 0:
                path.unlink()
        except OSError:
            pass


class StoreBase:
    """Opening, closing and transactions of a store; :class:`vigkit.store.Store` adds records."""

    def __init__(
        self, engine: Engine, lock_dir: Path | None = None, *, read_only: bool = False
    ) -> None:
        """Wrap ``engine`` and migrate its schema to head if needed; prefer :meth:`open`."""
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE: True})
        self.read_only = read_only
        try:
            ensure_schema(engine, lock_dir)
        except BaseException:
            engine.dispose()
            raise

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | Path | None = None, *, url: str | None = None) -> Self:
        """Open (creating and migrating as needed) ``<data_dir>/vigkit.sqlite``, or ``url``.

        With neither, a team's ``$VIGKIT_DATABASE_URL`` when set, else the data directory's.
        """
        if url is None and data_dir is None:
            url = os.environ.get(paths.ENV_DATABASE_URL) or None
        if url is not None:
            return cls(make_engine(url), lock_dir_for(url))
        where = Path(data_dir or os.environ.get(paths.ENV_HOME) or "the data directory")
        fresh = True
        try:
            where = paths.data_dir(data_dir) / DB_FILENAME
            fresh = not (where.is_file() and where.stat().st_size > 0)
            url = f"sqlite:///{where}"
            if not fresh and folder_is_read_only(where):
                return cls(make_engine(url, read_only=True), None, read_only=True)
            return cls(make_engine(url), lock_dir_for(url))
        except (OSError, DBAPIError, StoreError) as err:
            if isinstance(err, StoreError) and not fresh:
                raise  # an existing database: its own message says what is wrong
            if where.name == DB_FILENAME:
                _remove_if_empty(where)
            cause: BaseException = err.__cause__ or err if isinstance(err, StoreError) else err
            cause = getattr(cause, "orig", None) or cause
            detail = getattr(cause, "strerror", None) or str(cause)
            raise StoreError(key="error.store.not_opened", where=where, detail=detail) from err

    @classmethod
    def in_memory(cls) -> Self:
        """A fresh, private in-memory store (for tests)."""
        return cls.open(url="sqlite://")

    @property
    def url(self) -> str:
        """The database URL, with any password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        """Close every pooled connection; the store cannot be used afterwards."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        """Use the store in a ``with`` block that closes it."""
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close the store."""
        self.close()

    def __repr__(self) -> str:
        """Show where the store is."""
        return f"Store({self.url!r})"

    def schema_revision(self) -> str | None:
        """The alembic revision the database is at (None before any migration)."""
        return current_revision(self._engine)

    # -- the whole database --------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows each table holds, keyed by table name."""
        names = [table.name for table in metadata.sorted_tables]
        query = sa.select(
            *(
                sa.select(sa.func.count())
                .select_from(metadata.tables[n])
                .scalar_subquery()
                .label(n)
                for n in names
            )
        )
        with self._read() as conn:
            row = conn.execute(query).one()
        return {n: int(row._mapping[n]) for n in sorted(names)}

    def is_empty(self) -> bool:
        """True when there are no practitioners and no cases."""
        found = self.counts()
        return found["practitioners"] == 0 and found["cases"] == 0

    def compact(self, touched: Iterable[str] = ()) -> None:
        """Rewrite the database so deleted rows leave no bytes behind (best effort on
        PostgreSQL, whose own write-ahead log is the server's to recycle)."""
        if self._engine.dialect.name == "sqlite":
            with self._writer.connect() as conn:
                raw = conn.connection.driver_connection
                assert raw is not None
                raw.execute("VACUUM")
                raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return
        names = sorted({n for n in touched if n in metadata.tables})
        if names:
            with self._writer.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM FULL " + ", ".join(names))

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        """One write transaction: everything in it is saved, or nothing is."""
        if self.read_only:
            raise StoreError(key="error.store.read_only", where=self._engine.url.database)
        try:
            with self._connect(self._writer) as conn, conn.begin():
                yield conn
        except IntegrityError as err:
            raise StoreError(key="error.store.conflict", detail=err.orig) from err
        except DataError as err:  # e.g. a NUL in a text, which PostgreSQL cannot keep
            raise StoreError(key="error.store.not_kept") from err
        except OperationalError as err:
            if self._unreachable(err):
                raise StoreError(key="error.store.unreachable") from err
            raise StoreError(key="error.store.not_written", detail=err.orig) from err

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One read transaction, so several queries see the same state."""
        try:
            with self._connect(self._engine) as conn:
                yield conn
        except OperationalError as err:
            if self._unreachable(err):
                raise StoreError(key="error.store.unreachable_read") from err
            raise StoreError(key="error.store.not_read", detail=err.orig) from err

    def _connect(self, engine: Engine) -> Connection:
        """A connection from ``engine``; a team's PostgreSQL that cannot be reached is tried
        again after each of :data:`RETRY_DELAYS_S` (nothing has begun, so nothing repeats)."""
        for delay in (*RETRY_DELAYS_S, None):
            try:
                return engine.connect()
            except OperationalError as err:
                if delay is None or not self._unreachable(err):
                    raise
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _unreachable(self, err: OperationalError) -> bool:
        """Whether ``err`` says the PostgreSQL server cannot be reached (refused, gone,
        shutting down), rather than refusing what was asked of it."""
        if self._engine.dialect.name != "postgresql":
            return False
        if err.connection_invalidated:
            return True
        state = getattr(err.orig, "sqlstate", None)
        return state is None or str(state).startswith(("08", "57P"))
