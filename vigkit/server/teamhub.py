"""`vigkit team`: a real JupyterHub on this machine, one vigkit server per person.

The hub (its proxy is the configurable-http-proxy from PyPI) logs people in and spawns
``vigkit serve --team`` for each; they share one store. See :mod:`vigkit.server.hubconfig`
for the hub's configuration and docs/deploy.md for the same on Kubernetes.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from vigkit import paths
from vigkit.server.hubconfig import ACCOUNTS_FILE

__all__ = [
    "TeamOptions",
    "DemoTeam",
    "hub_environment",
    "demo_accounts",
    "serve_team",
    "CONFIG_FILE",
]

CONFIG_FILE = Path(__file__).resolve().parent / "share" / "hub" / "jupyterhub_config.py"


@dataclass(frozen=True)
class DemoTeam:
    """The demo team, given by the command line (the server never imports the demo):
    ``fill(data, out, url)`` adds it to the store, and ``who`` says what each login is."""

    fill: Callable[[Path, TextIO, str | None], object]
    who: Mapping[str, str] = field(default_factory=dict)


@dataclass
class TeamOptions:
    data: Path
    port: int = 8000
    database_url: str | None = None
    demo: DemoTeam | None = None


def hub_dir(data: Path) -> Path:
    """Where the hub keeps its own state (its database, cookie secret, first passwords)."""
    return data / "hub"


def demo_accounts(data: Path, logins: list[str]) -> dict[str, str]:
    """First passwords for ``logins``, made once and kept (owner-only) in the hub's folder."""
    where = hub_dir(data) / ACCOUNTS_FILE
    accounts: dict[str, str] = {}
    if where.is_file():
        accounts = json.loads(where.read_text(encoding="utf-8"))
    for login in logins:
        accounts.setdefault(login, f"vig-{secrets.token_urlsafe(9)}")
    where.parent.mkdir(parents=True, exist_ok=True)
    where.touch(mode=0o600)
    where.write_text(json.dumps(accounts, indent=1), encoding="utf-8")
    return accounts


def hub_environment(options: TeamOptions, admins: list[str]) -> dict[str, str]:
    """The environment the hub's config reads, and the servers it spawns inherit."""
    env = dict(os.environ)
    env.update(
        {
            paths.ENV_HOME: str(options.data),
            "VIGKIT_HUB_DIR": str(hub_dir(options.data)),
            "VIGKIT_HUB_PORT": str(options.port),
            "VIGKIT_HUB_ADMINS": json.dumps(admins),
        }
    )
    if options.database_url:
        env["VIGKIT_DATABASE_URL"] = options.database_url
    # The servers run `python -m vigkit`, and the hub runs the proxy, from this environment.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def hub_command() -> list[str]:
    """JupyterHub, from this Python's environment, with vigkit's config."""
    return [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG_FILE)]


def serve_team(options: TeamOptions, out: TextIO = sys.stdout) -> int:
    """Start the hub (and the demo team first when asked); returns the hub's exit status.

    Without a database URL the team's store is a PostgreSQL cluster of vigkit's own in the
    data directory (:class:`vigkit.store.cluster.LocalPostgres`), started here and stopped
    when the hub stops; its owner role migrates it, and everything else uses its app role.
    """
    from vigkit.store.cluster import LocalPostgres

    signal.signal(signal.SIGTERM, _interrupt)  # a stopped team stops its PostgreSQL too
    if options.database_url:
        return _serve(options, out)
    cluster = LocalPostgres(options.data / "postgres")
    print(f"vigkit: starting the team's PostgreSQL in {cluster.folder}…", file=out)
    out.flush()
    with cluster:
        # The owner migrates; the hub, the servers and their kernels get the app role only,
        # which cannot rewrite the audit trail (vigkit/store/roles.py).
        _owner, app = cluster.team_roles("vigkit")
        return _serve(replace(options, database_url=app), out)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(options: TeamOptions, out: TextIO) -> int:
    from vigkit.backup import follow_if_moved
    from vigkit.store import Store

    follow_if_moved(options.data, options.database_url, out)  # a folder moved with mv

    if options.demo:
        options.demo.fill(options.data, out, options.database_url)
    with Store.open(options.data, url=options.database_url) as store:
        logins = [p.id for p in store.people.list()]
        where = store.url
    accounts = demo_accounts(options.data, logins) if options.demo else {}
    # Nobody is the hub's admin: an admin there could make a token as anyone. Who may log
    # in is vigkit's people table, read by the hub at each login.
    env = hub_environment(options, admins=[])
    hub_dir(options.data).mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{options.port}/"
    print(f"vigkit: a team on this machine, at {url}; the store is {where}", file=out)
    if accounts:
        names = options.demo.who if options.demo else {}
        print("vigkit: demo logins (login / password / who):", file=out)
        for login, password in accounts.items():
            print(f"    {login:16} {password:18} {names.get(login, '')}", file=out)
    out.flush()
    with subprocess.Popen(hub_command(), env=env, cwd=hub_dir(options.data)) as hub:
        try:
            return hub.wait()
        except KeyboardInterrupt:
            hub.terminate()
            return hub.wait()
