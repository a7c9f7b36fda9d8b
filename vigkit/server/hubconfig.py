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

__all__ = ["TeamAuthenticator", "configure", "ACCOUNTS_FILE"]

ACCOUNTS_FILE = "accounts.json"  # {"login": "password"}: the demo team's first passwords


class TeamAuthenticator(NativeAuthenticator):  # type: ignore[misc]
    """NativeAuthenticator that first adds the accounts listed in ``accounts_file``."""

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


def configure(c: Any, env: dict[str, str] | None = None) -> None:
    """Fill JupyterHub's config ``c`` from the environment ``make serve-team`` sets."""
    env = dict(os.environ if env is None else env)
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
    c.JupyterHub.authenticator_class = TeamAuthenticator
    c.TeamAuthenticator.accounts_file = str(hub_dir / ACCOUNTS_FILE)
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.enable_signup = env.get("VIGKIT_HUB_SIGNUP") == "1"
    logins = json.loads(env.get("VIGKIT_HUB_LOGINS", "[]"))
    admins = set(json.loads(env.get("VIGKIT_HUB_ADMINS", "[]")))
    c.Authenticator.allowed_users = set(logins)
    c.Authenticator.admin_users = admins
    # Families' records: a hub admin does not get a token to reach others' servers.
    c.JupyterHub.load_roles = []
