"""JupyterHub's configuration for a vigkit team on one machine (``make serve-team``).

The hub logs people in (NativeAuthenticator: the team's own accounts, bcrypt-hashed in the
hub's database; a service with single sign-on uses OAuthenticator instead, see
docs/deploy.md) and spawns one ``vigkit serve --team`` per person, as this machine's user,
all sharing one store (``$VIGKIT_DATABASE_URL``, else the data directory's SQLite file).
The hub's own state lives in ``$VIGKIT_HUB_DIR``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import bcrypt
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.orm import UserInfo
from traitlets import Unicode

from vigkit.paths import ENV_DATABASE_URL, ENV_HUB_ACCOUNTS, NATIVE_ACCOUNTS, owner_only

__all__ = ["TeamAuthenticator", "configure", "ACCOUNTS_FILE"]

ACCOUNTS_FILE = "accounts.json"  # {"login": "password"}: the demo team's first passwords


class TeamAuthenticator(NativeAuthenticator):  # type: ignore[misc]
    """NativeAuthenticator for a team whose people vigkit keeps.

    - Who may log in is whoever vigkit's people table knows (the admin's people page adds
      and removes them): a hub account alone is not enough.
    - A person the admin added logs in the first time with the first password the page
      gave them (its bcrypt hash waits in vigkit's store); their hub account is made then,
      and they change the password at the hub's "Change password" page.
    - The accounts in ``accounts_file`` (the demo team's) are added when the hub starts.
    """

    accounts_file = Unicode("", config=True, help="JSON {login: password} to add at start")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.accounts_file and Path(self.accounts_file).is_file():
            accounts = json.loads(Path(self.accounts_file).read_text(encoding="utf-8"))
            for login, password in accounts.items():
                if UserInfo.find(self.db, login) is None:
                    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
                    self.db.add(UserInfo(username=login, password=hashed, is_authorized=True))
            self.db.commit()

    def check_allowed(self, username: str, authentication: Any = None) -> bool:
        """A login vigkit's people table knows; nobody else, whatever account they hold."""
        with _team_store() as store:
            return any(person.id == username for person in store.list_practitioners())

    async def authenticate(self, handler: Any, data: dict[str, str]) -> Any:
        """The hub's own account; for a person without one yet, their first password."""
        found = await super().authenticate(handler, data)
        username = self.normalize_username(data.get("username", ""))
        if found or not username or UserInfo.find(self.db, username) is not None:
            return found
        with _team_store() as store:
            hashed = store.first_password(username)
            given = data.get("password", "").encode()
            if not hashed or not bcrypt.checkpw(given, hashed.encode()):
                return None
            self.db.add(UserInfo(username=username, password=hashed.encode(), is_authorized=True))
            self.db.commit()
            store.forget_first_password(username)
        self.log.info("vigkit: %s logged in with their first password", username)
        return username


def _team_store() -> Any:
    """The team's store, as the servers the hub spawns open it (from the same environment)."""
    from vigkit.paths import data_dir
    from vigkit.store import Store

    return Store.open(data_dir(), url=os.environ.get(ENV_DATABASE_URL) or None)


def configure(c: Any, env: dict[str, str] | None = None) -> None:
    """Fill JupyterHub's config ``c`` from the environment ``make serve-team`` sets."""
    env = dict(os.environ if env is None else env)
    # The hub's database (password hashes), cookie secret and logs: owner-only, even for a
    # hub started by hand with this config; the servers it spawns inherit it.
    owner_only()
    hub_dir = Path(env["VIGKIT_HUB_DIR"])
    port = int(env.get("VIGKIT_HUB_PORT", "8000"))
    bin_dir = Path(sys.executable).parent
    c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
    c.JupyterHub.hub_port = int(env.get("VIGKIT_HUB_API_PORT", str(port + 81)))
    c.JupyterHub.db_url = f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(hub_dir / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(hub_dir / "jupyterhub.pid")
    # The first page a person opens waits for their server's kernel: give it minutes, not
    # the proxy's default 20 seconds.
    c.ConfigurableHTTPProxy.command = [
        str(bin_dir / "configurable-http-proxy"),
        "--proxy-timeout=300000",
    ]
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port + 1}"
    c.ConfigurableHTTPProxy.pid_file = str(hub_dir / "proxy.pid")
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True
    # One machine user runs every person's server; people are the hub's accounts.
    c.JupyterHub.spawner_class = "simple"
    # One kernel kept warm per person (the home page): a team shares this machine's cores.
    c.Spawner.cmd = [sys.executable, "-m", "vigkit", "serve", "--team", "--preheat=home.ipynb"]
    c.Spawner.default_url = "/voila/render/home.ipynb"
    c.Spawner.http_timeout = 120
    c.Spawner.start_timeout = 120
    c.SimpleLocalProcessSpawner.home_dir_template = str(hub_dir / "homes" / "{username}")
    keep = {"VIGKIT_HOME", "VIGKIT_DATABASE_URL", "VIGKIT_UPLOAD_CHUNK_BYTES", "PATH", "LANG"}
    c.Spawner.environment = {key: env[key] for key in keep if key in env}
    # The pages' admin gives a new person a first password for these accounts.
    c.Spawner.environment[ENV_HUB_ACCOUNTS] = NATIVE_ACCOUNTS
    c.JupyterHub.authenticator_class = TeamAuthenticator
    c.TeamAuthenticator.accounts_file = str(hub_dir / ACCOUNTS_FILE)
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.enable_signup = env.get("VIGKIT_HUB_SIGNUP") == "1"
    # Who may log in is vigkit's people table, read at each login (check_allowed above).
    c.Authenticator.any_allow_config = True
    c.Authenticator.admin_users = set(json.loads(env.get("VIGKIT_HUB_ADMINS", "[]")))
    # Families' records: a hub admin does not get a token to reach others' servers.
    c.JupyterHub.load_roles = []
