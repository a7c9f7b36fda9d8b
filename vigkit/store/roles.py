"""Two PostgreSQL roles for a team's store: an owner that migrates, and the app's.

The audit trail is only worth something if the accounts that write the families' records
cannot rewrite it. A superuser can (``set session_replication_role = replica`` turns the
append-only triggers off), and so can a table's owner (``ALTER TABLE … DISABLE TRIGGER``).
So a team's store has:

- an **owner** role (:data:`OWNER_ROLE`), not a superuser, that owns the tables and runs the
  migrations (``vigkit team`` does this when it starts; a service runs
  ``python -m vigkit.store.roles`` with the owner's URL, docs/deploy.md);
- an **app** role (:data:`APP_ROLE`), not a superuser and owning nothing, whose URL is the
  only one the hub's servers and kernels get. It may read and write the records, read the
  audit trail and add to it, and nothing more there: no UPDATE, DELETE or TRUNCATE.

A family's erasure folds the case's audit lines into one (vigkit/store/erasure.py). The app
role does that through :data:`FOLD_FUNCTION`, which runs with the owner's rights and folds
only the lines of a case that no longer exists (the erasure deletes it first, in the same
transaction), and never an earlier erasure's own line (door ``erasure``).

The same statements are given as SQL in docs/deploy.md for a managed PostgreSQL; a test
checks the two agree.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

__all__ = [
    "OWNER_ROLE",
    "APP_ROLE",
    "FOLD_FUNCTION",
    "app_grants",
    "owner_statements",
    "database_statements",
    "migrate_and_grant",
]

OWNER_ROLE = "vigkit_owner"
APP_ROLE = "vigkit_app"

# Runs as its owner (the owner role), so the app role needs no DELETE on the audit trail.
FOLD_FUNCTION = """\
CREATE OR REPLACE FUNCTION vigkit_fold_audit(erased varchar) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE gone integer;
BEGIN
  IF EXISTS (SELECT 1 FROM cases WHERE code = erased) THEN
    RAISE EXCEPTION 'only an erased case''s audit lines are folded';
  END IF;
  INSERT INTO audit_erasures (ident) VALUES (erased);
  DELETE FROM audit_events WHERE ident = erased AND NOT (action = 'erase' AND door = 'erasure');
  GET DIAGNOSTICS gone = ROW_COUNT;
  DELETE FROM audit_erasures WHERE ident = erased;
  RETURN gone;
END $$"""

_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _role(name: str) -> str:
    """``name`` if it is a plain role name (it goes into SQL as written)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"not a plain role name: {name!r}")
    return name


def database_statements(database: str, owner: str = OWNER_ROLE, app: str = APP_ROLE) -> list[str]:
    """As a superuser, once the roles exist: the database is the owner's; the app connects."""
    owner, app, database = _role(owner), _role(app), _role(database)
    return [
        f"ALTER DATABASE {database} OWNER TO {owner}",
        f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {app}",
    ]


def owner_statements(owner: str = OWNER_ROLE) -> list[str]:
    """As a superuser, in the database: only the owner may make tables in its schema."""
    owner = _role(owner)
    return [
        f"ALTER SCHEMA public OWNER TO {owner}",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    ]


def app_grants(app: str = APP_ROLE) -> list[str]:
    """As the owner, after every migration: what the app role may do (and the fold)."""
    app = _role(app)
    return [
        FOLD_FUNCTION,
        "REVOKE ALL ON FUNCTION vigkit_fold_audit(varchar) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION vigkit_fold_audit(varchar) TO {app}",
        f"GRANT USAGE ON SCHEMA public TO {app}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"REVOKE ALL ON alembic_version, audit_events, audit_erasures FROM {app}",
        f"GRANT SELECT ON alembic_version, audit_erasures TO {app}",
        f"GRANT SELECT, INSERT ON audit_events TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
    ]


def migrate_and_grant(owner_url: str, app: str = APP_ROLE) -> None:
    """Migrate the store to head as its owner, then (re)grant the app role its rights."""
    from vigkit.store.engine import ensure_schema, make_engine

    engine = make_engine(owner_url)
    try:
        ensure_schema(engine, None)
        with engine.begin() as conn:
            for statement in app_grants(app):
                conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m vigkit.store.roles OWNER_URL``: what a service runs after each upgrade."""
    parser = argparse.ArgumentParser(
        prog="python -m vigkit.store.roles",
        description="migrate a team's PostgreSQL store as its owner and grant the app role",
    )
    parser.add_argument("owner_url", help="the owner role's SQLAlchemy URL")
    parser.add_argument("--app-role", default=APP_ROLE, help=f"default {APP_ROLE}")
    args = parser.parse_args(argv)
    migrate_and_grant(args.owner_url, args.app_role)
    print(f"vigkit: store migrated; {args.app_role} granted its rights", file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
