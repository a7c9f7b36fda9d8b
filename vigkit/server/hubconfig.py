"""JupyterHub's configuration for a vigkit team on one machine (``make serve-team``).

The hub logs people in (NativeAuthenticator: the team's own accounts, bcrypt-hashed in the
hub's database; a service with single sign-on uses OAuthenticator instead, see
docs/deploy.md) and spawns one ``vigkit serve --team`` per person, as this machine's user,
all sharing one store (``$VIGKIT_DATABASE_URL``, else the data directory's SQLite file).
The hub's own state lives in ``$VIGKIT_HUB_DIR``.

Logins guard families' records (issue 27):

- a wrong password is answered at once the first time, then after a delay that doubles
  with each further one; after ``allowed_failed_logins`` (NativeAuthenticator's setting) the
  login is locked for ``seconds_before_next_try`` (also its own), and the page says so.
  Unknown logins are counted and locked the same way, so the lockout tells nobody which
  logins exist;
- a known and an unknown login take the same time to refuse (a bcrypt check either way);
- logging out, or a server stopped for being idle, ends the person's login everywhere: the
  hub forgets their cookie and the tokens their servers' cookies hold, and stops the server.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import bcrypt
from jupyterhub import orm
from jupyterhub.handlers.login import LogoutHandler
from nativeauthenticator import NativeAuthenticator
from nativeauthenticator.handlers import LoginHandler as NativeLoginHandler
from nativeauthenticator.orm import UserInfo
from traitlets import Float, Unicode

from vigkit.core import clock
from vigkit.i18n.interface import Interface
from vigkit.paths import ENV_DATABASE_URL, ENV_HUB_ACCOUNTS, NATIVE_ACCOUNTS, owner_only

__all__ = ["TeamAuthenticator", "configure", "ACCOUNTS_FILE", "log_out_everywhere"]

ACCOUNTS_FILE = "accounts.json"  # {"login": "password"}: the demo team's first passwords

# Clinical defaults (docs/deploy.md): 5 wrong passwords lock a login for 15 minutes; a
# server idle for 30 minutes is stopped and its person logged out; a login lasts 12 hours.
FAILED_LOGINS = 5
LOCKED_SECONDS = 15 * 60
IDLE_MINUTES = 30
LOGIN_HOURS = 12

# Checked against when a login has no password to check (unknown, or no first password yet),
# so that it costs what a known login's check costs: the same bcrypt cost as the accounts'.
_NOBODY = bcrypt.hashpw(b"nobody has this password", bcrypt.gensalt())
_KEPT_ATTEMPTS = 10_000  # logins whose wrong passwords are remembered, at most


async def _checkpw(password: str, hashed: bytes) -> bool:
    """bcrypt's check, off the hub's event loop (it takes a few hundred milliseconds)."""
    return await asyncio.to_thread(bcrypt.checkpw, password.encode(), hashed)


def log_out_everywhere(db: Any, orm_user: Any) -> None:
    """Forget ``orm_user``'s login in every browser: a new cookie id (a copied hub cookie no
    longer names anyone) and no tokens from browser sessions (a copied server cookie holds
    one). JupyterHub's own logout only clears the cookies of the browser logging out."""
    orm_user.cookie_id = orm.new_token()
    tokens = db.query(orm.APIToken).filter(
        orm.APIToken.user_id == orm_user.id, orm.APIToken.session_id.isnot(None)
    )
    for token in tokens:
        db.delete(token)
    db.commit()


def _after_stop(spawner: Any) -> None:
    """A stopped server (idle, logged out, or gone) leaves its person logged out."""
    log_out_everywhere(spawner.user.db, spawner.user.orm_user)
    spawner.log.info("vigkit: %s's server stopped; logged out everywhere", spawner.user.name)


class TeamLoginHandler(NativeLoginHandler):  # type: ignore[misc]
    """The login page: a refusal says, in plain words, whether the login is now locked.

    NativeAuthenticator's own page says "Invalid username or password" even when locked, and
    checks the password a second time for a known login (which is how logins could be told
    apart by their answer's time); this one does neither."""

    async def post(self) -> None:
        data = {arg: self.get_argument(arg, strip=False) for arg in self.request.arguments}
        user = await self.login_user(data)
        if user:
            self._jupyterhub_user = user
            self.redirect(self.get_next_url(user))
            return
        username = data.get("username", "")
        auth = self.authenticator
        if auth.locked(auth.normalize_username(username)):
            minutes = max(1, round(auth.seconds_before_next_try / 60))
            error = Interface().say("error.login.locked", minutes=minutes)
        else:
            error = Interface().say("error.login.refused")
        self.finish(await self._render(login_error=error, username=username))


class TeamLogoutHandler(LogoutHandler):  # type: ignore[misc]
    """Logging out ends the login in every browser, not only this one (and, with
    ``shutdown_on_logout``, stops the person's server first)."""

    async def handle_logout(self) -> None:
        user = self.current_user
        if user is not None:
            log_out_everywhere(self.db, user.orm_user)


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
    wrong_password_delay = Float(
        0.5,
        config=True,
        help="seconds the answer to a second wrong password in a row waits; doubles after",
    )
    wrong_password_delay_max = Float(8.0, config=True, help="the longest such wait, seconds")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.accounts_file and Path(self.accounts_file).is_file():
            accounts = json.loads(Path(self.accounts_file).read_text(encoding="utf-8"))
            for login, password in accounts.items():
                if UserInfo.find(self.db, login) is None:
                    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
                    self.db.add(UserInfo(username=login, password=hashed, is_authorized=True))
            self.db.commit()

    def get_handlers(self, app: Any) -> list[tuple[str, Any]]:
        """NativeAuthenticator's pages, with vigkit's login and logout."""
        mine = {"/login": TeamLoginHandler, "/logout": TeamLogoutHandler}
        handlers = [
            (route, mine.get(route, handler)) for route, handler in super().get_handlers(app)
        ]
        if "/logout" not in {route for route, _ in handlers}:
            handlers.append(("/logout", TeamLogoutHandler))
        return handlers

    def locked(self, username: str) -> bool:
        """True while ``username`` may not try again (NativeAuthenticator's own rule)."""
        return bool(self.allowed_failed_logins) and bool(self.is_blocked(username))

    def delay_after(self, wrong: int) -> float:
        """How long the answer to the ``wrong``-th wrong password in a row waits."""
        if wrong < 2:
            return 0.0
        return float(
            min(self.wrong_password_delay * 2 ** (wrong - 2), self.wrong_password_delay_max)
        )

    def _attempts_lock(self, username: str) -> asyncio.Lock:
        """One login's attempts, one at a time: sent together they still wait their turn."""
        locks: dict[str, asyncio.Lock] = self.__dict__.setdefault("_login_locks", {})
        if len(locks) > _KEPT_ATTEMPTS:
            for name in [n for n, lock in locks.items() if not lock.locked()]:
                del locks[name]
        return locks.setdefault(username, asyncio.Lock())

    def _forget_old_attempts(self) -> None:
        """Keep the memory of wrong passwords bounded (unknown logins are counted too)."""
        if len(self.login_attempts) <= _KEPT_ATTEMPTS:
            return
        since = clock.local_now() - timedelta(seconds=self.seconds_before_next_try)
        for name in [n for n, a in self.login_attempts.items() if a["time"] < since]:
            del self.login_attempts[name]

    def check_allowed(self, username: str, authentication: Any = None) -> bool:
        """A login vigkit's people table knows; nobody else, whatever account they hold."""
        with _team_store() as store:
            return any(person.id == username for person in store.people.list())

    async def authenticate(self, handler: Any, data: dict[str, str]) -> Any:
        """The hub's own account; for a person without one yet, their first password.

        Replaces NativeAuthenticator's (same settings): every login, known or not, costs one
        bcrypt check and counts towards the lockout, and a wrong password's answer waits
        :meth:`delay_after`.
        """
        username = self.normalize_username(data.get("username", ""))
        password = data.get("password", "")
        async with self._attempts_lock(username):
            if self.locked(username):
                return None
            if await self._password_matches(username, password, data):
                self.successful_login(username)
                return username
            self._forget_old_attempts()
            self.add_login_attempt(username)
            await asyncio.sleep(self.delay_after(self.login_attempts[username]["count"]))
            return None

    async def _password_matches(self, username: str, password: str, data: dict[str, str]) -> bool:
        """Whether ``password`` is ``username``'s: their account's, else their first password
        (whose hub account is made now); a bcrypt check in every case."""
        user = UserInfo.find(self.db, username) if username else None
        if user is not None:
            matched = await _checkpw(password, user.password)
            if user.has_2fa:
                matched = matched and user.is_valid_token(data.get("2fa"))
            return bool(matched and user.is_authorized)
        hashed = None
        if username:
            with _team_store() as store:
                hashed = store.people.first_password(username)
        matched = await _checkpw(password, hashed.encode() if hashed else _NOBODY)
        if not (hashed and matched):
            return False
        self.db.add(UserInfo(username=username, password=hashed.encode(), is_authorized=True))
        self.db.commit()
        with _team_store() as store:
            store.people.forget_first_password(username)
        self.log.info("vigkit: %s logged in with their first password", username)
        return True


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
    _configure_hub(c, env, hub_dir)
    _configure_spawner(c, env, hub_dir)
    _configure_logins(c, env, hub_dir)
    idle = int(env.get("VIGKIT_IDLE_MINUTES", str(IDLE_MINUTES)))
    if idle > 0:
        _cull_idle_servers(c, idle)


def _configure_hub(c: Any, env: dict[str, str], hub_dir: Path) -> None:
    """The hub's and its proxy's ports, files and timeouts."""
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


def _configure_spawner(c: Any, env: dict[str, str], hub_dir: Path) -> None:
    """Each person's server: vigkit's team server, its home folder and what it inherits."""
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


def _configure_logins(c: Any, env: dict[str, str], hub_dir: Path) -> None:
    """Who may log in and as what, the lockout after wrong passwords, logging out, and how
    long a login lasts."""
    c.JupyterHub.authenticator_class = TeamAuthenticator
    c.TeamAuthenticator.accounts_file = str(hub_dir / ACCOUNTS_FILE)
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.enable_signup = env.get("VIGKIT_HUB_SIGNUP") == "1"
    # Who may log in is vigkit's people table, read at each login (check_allowed above).
    c.Authenticator.any_allow_config = True
    c.Authenticator.admin_users = set(json.loads(env.get("VIGKIT_HUB_ADMINS", "[]")))
    # Families' records: a hub admin does not get a token to reach others' servers.
    c.JupyterHub.load_roles = []
    # Wrong passwords: NativeAuthenticator's own lockout; the growing delay is vigkit's.
    c.NativeAuthenticator.allowed_failed_logins = int(
        env.get("VIGKIT_FAILED_LOGINS", str(FAILED_LOGINS))
    )
    c.NativeAuthenticator.seconds_before_next_try = int(
        env.get("VIGKIT_LOCKED_SECONDS", str(LOCKED_SECONDS))
    )
    # Logging out stops the person's server and ends their login in every browser
    # (TeamLogoutHandler); so does a server stopped for any other reason.
    c.JupyterHub.shutdown_on_logout = True
    c.Spawner.post_stop_hook = _after_stop
    # A login lasts a working day at most; the servers' OAuth tokens follow it.
    c.JupyterHub.cookie_max_age_days = LOGIN_HOURS / 24


def _cull_idle_servers(c: Any, minutes: int) -> None:
    """jupyterhub-idle-culler as a hub service: a server nobody has used for ``minutes``
    (no request through the proxy, which the hub reads each minute) is stopped, and
    :func:`_after_stop` then logs its person out. It may list people and stop servers,
    nothing more."""
    every = max(10, min(60, minutes * 60 // 4))
    c.JupyterHub.last_activity_interval = every
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={minutes * 60}",
                f"--cull-every={every}",
            ],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
