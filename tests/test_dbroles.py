"""A team's PostgreSQL roles: the owner migrates; the app role, which the servers and kernels
get, is no superuser and can only read and add to the audit trail (issue 27).

The rest of the store's suite runs as the app role too (tests/conftest.py), so the rights
it has are shown to be enough for everything the store does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from vigkit.core.audit import AuditEvent
from vigkit.core.records import Case, Practitioner
from vigkit.store import Store
from vigkit.store.cluster import LocalPostgres
from vigkit.store.roles import APP_ROLE, OWNER_ROLE, app_grants, database_statements

ROOT = Path(__file__).resolve().parents[1]


def _dsn(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture
def team_db(postgres: LocalPostgres) -> Iterator[tuple[str, str]]:
    """A database of its own, made as `vigkit team` makes the team's: (owner URL, app URL)."""
    name = "roles_test"
    postgres.drop_database(name)
    try:
        yield postgres.team_roles(name)
    finally:
        postgres.drop_database(name)


def _refused(dsn: str, statement: str) -> str:
    """The database's refusal of ``statement`` (fails the test if it is carried out)."""
    with psycopg.connect(dsn) as conn:
        try:
            conn.execute(statement)
        except psycopg.errors.InsufficientPrivilege as refusal:
            return str(refusal)
    raise AssertionError(f"allowed: {statement}")


AS_AN_INTRUDER = [
    "set local session_replication_role = replica",
    "set session_replication_role = replica",
    "delete from audit_events",
    "update audit_events set login = 'someone'",
    "truncate audit_events",
    "alter table audit_events disable trigger all",
    "drop trigger audit_events_append_only on audit_events",
    "insert into audit_erasures (ident) values ('F017')",
    "update alembic_version set version_num = '0001'",
    "create table mine (x int)",
    "create role another superuser",
]


@pytest.mark.parametrize("statement", AS_AN_INTRUDER)
def test_the_app_role_cannot_rewrite_the_audit_trail(
    team_db: tuple[str, str], statement: str
) -> None:
    _owner, app = team_db
    with Store.open(url=app) as store:
        store.audit.record(AuditEvent("sam", "view", "case", "F017", True, "own case", "case"))
    said = _refused(_dsn(app), statement)
    assert re.search("permission denied|must be owner|must be superuser", said), said
    with Store.open(url=app) as store:
        [line] = store.audit.trail()
        assert (line.login, line.ident) == ("sam", "F017")


def test_the_app_role_is_no_superuser_and_owns_nothing(
    team_db: tuple[str, str], postgres: LocalPostgres
) -> None:
    owner, app = team_db
    assert f"{APP_ROLE}:" in app and f"{OWNER_ROLE}:" in owner
    with psycopg.connect(_dsn(app)) as conn:
        flags = conn.execute(
            "select rolsuper, rolcreaterole, rolcreatedb, rolbypassrls, rolreplication "
            "from pg_roles where rolname = current_user"
        ).fetchone()
        assert flags == (False, False, False, False, False)
        owned = conn.execute(
            "select count(*) from pg_class where relowner = "
            "(select oid from pg_roles where rolname = current_user)"
        ).fetchone()
        assert owned == (0,)
    with psycopg.connect(_dsn(owner)) as conn:
        [is_super] = conn.execute(
            "select rolsuper from pg_roles where rolname = current_user"
        ).fetchone() or [None]
        assert is_super is False
        others = conn.execute(
            "select count(*) from pg_tables where schemaname = 'public' "
            "and tableowner <> current_user"
        ).fetchone()
        assert others == (0,)  # the owner owns every table: it migrates


def test_as_the_app_role_the_store_works_and_an_erasure_folds_the_trail(
    team_db: tuple[str, str],
) -> None:
    """What a team's servers do, as the app role; an erasure still leaves one line (through
    the owner's fold), and the fold refuses a case that still exists."""
    _owner, app = team_db
    with Store.open(url=app) as store:
        store.people.add(Practitioner(id="sam", display_name="Sam"))
        store.cases.add(Case(code="F017", practitioner_id="sam"))
        store.cases.add(Case(code="F018", practitioner_id="sam"))
        for code in ("F017", "F018"):
            store.audit.record(AuditEvent("sam", "view", "case", code, True, "own case", "page"))
        store.erasure.erase_case("F017", by="sam", reason=store_reason())
        [line] = store.audit.trail(ident="F017")
        assert line.action == "erase"
        assert len(store.audit.trail(ident="F018")) == 1
    said = _refused_raise(_dsn(app), "select vigkit_fold_audit('F018')")
    assert "only an erased case" in said
    with Store.open(url=app) as store:
        assert len(store.audit.trail(ident="F018")) == 1
        # Folding an erased case's code again keeps the erasure's own line.
        with psycopg.connect(_dsn(app)) as conn:
            conn.execute("select vigkit_fold_audit('F017')")
        [line] = store.audit.trail(ident="F017")
        assert line.action == "erase"


def store_reason() -> str:
    from vigkit.store.erasure import ERASURE_REASONS

    return ERASURE_REASONS[0]


def _refused_raise(dsn: str, statement: str) -> str:
    with psycopg.connect(dsn) as conn:
        try:
            conn.execute(statement)
        except psycopg.errors.RaiseException as refusal:
            return str(refusal)
    raise AssertionError(f"allowed: {statement}")


def test_deploy_md_gives_the_same_grants() -> None:
    """A service's DBA types docs/deploy.md's SQL: it must be what `vigkit team` runs."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    flat = " ".join(doc.split())
    for statement in [*database_statements("vigkit"), *app_grants()]:
        assert " ".join(statement.split()) + ";" in flat, statement


def test_a_team_store_made_before_the_roles_becomes_the_owners(postgres: LocalPostgres) -> None:
    """A team folder from before (every table the superuser's, as `vigkit team` made them)
    starts with the roles: its tables pass to the owner and its records stay."""
    name = "roles_upgrade"
    postgres.drop_database(name)
    try:
        with Store.open(url=postgres.create_database(name, template="template0")) as store:
            store.people.add(Practitioner(id="sam", display_name="Sam"))
        owner, app = postgres.team_roles(name)
        with psycopg.connect(_dsn(owner)) as conn:
            others = conn.execute(
                "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                "where n.nspname = 'public' and c.relkind in ('r', 'S', 'v') "
                "and pg_get_userbyid(c.relowner) <> current_user"
            ).fetchone()
            assert others == (0,)
        with Store.open(url=app) as store:
            assert [p.id for p in store.people.list()] == ["sam"]
            store.people.add(Practitioner(id="ann", display_name="Ann"))
        assert "permission denied" in _refused(_dsn(app), "delete from audit_events")
    finally:
        postgres.drop_database(name)
