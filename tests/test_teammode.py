"""Team mode's rules: who a server serves comes from JupyterHub's spawn, never a URL or setting."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from traitlets.config import Config

from tests.ownloop import run_on_own_loop
from vigkit import paths
from vigkit.core.records import Practitioner
from vigkit.server.app import ServeOptions, build_argv, prepare_environment
from vigkit.server.teammode import TeamModeError, TeamServe, team_argv, team_from_env
from vigkit.store import Store

pytestmark = pytest.mark.sqlite_only

HUB_ENV = {
    "JUPYTERHUB_USER": "demo-pat",
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:51234/user/demo-pat/",
    "JUPYTERHUB_API_TOKEN": "abc123",
    "JUPYTERHUB_SERVICE_PREFIX": "/user/demo-pat/",
}


def test_the_spawners_environment_says_who_where_and_under_which_prefix() -> None:
    team = team_from_env(HUB_ENV)
    assert team == TeamServe(
        user="demo-pat", host="127.0.0.1", port=51234, base_url="/user/demo-pat/"
    )


def test_the_prefix_falls_back_to_the_service_urls_path() -> None:
    env = {k: v for k, v in HUB_ENV.items() if k != "JUPYTERHUB_SERVICE_PREFIX"}
    env["JUPYTERHUB_SERVICE_URL"] = "http://10.0.0.5:8888/user/ann"
    team = team_from_env(env)
    assert (team.host, team.port, team.base_url) == ("10.0.0.5", 8888, "/user/ann/")


@pytest.mark.parametrize(
    "missing", ["JUPYTERHUB_USER", "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_API_TOKEN"]
)
def test_team_mode_outside_the_hub_is_refused_naming_what_is_missing(missing: str) -> None:
    env = dict(HUB_ENV, **{missing: ""})
    with pytest.raises(TeamModeError, match=missing):
        team_from_env(env)


def test_a_team_server_logs_in_through_the_hub_and_has_no_token() -> None:
    team = team_from_env(HUB_ENV)
    argv = build_argv(ServeOptions(data=Path("/tmp/x"), token="sekret-token-123456", team=team))
    assert not any("token" in a.lower() for a in argv)
    assert "--Voila.base_url=/user/demo-pat/" in argv
    assert "--Voila.identity_provider_class=vigkit.server.hubauth.OwnerOnlyHubIdentity" in argv
    assert set(team_argv(team)) <= set(argv)


def test_the_kernels_learn_who_they_serve_from_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    # prepare_environment writes the server's own environment: give it a copy to write.
    monkeypatch.setattr(os, "environ", dict(os.environ))
    os.environ.pop(paths.ENV_MODE, None)
    os.environ["VIGKIT_USER"] = "someone-else"
    prepare_environment(ServeOptions(data=Path("/tmp/x"), team=team_from_env(HUB_ENV)))
    assert os.environ[paths.ENV_MODE] == paths.TEAM
    assert os.environ["VIGKIT_USER"] == "demo-pat"


def test_in_a_team_the_login_alone_says_who_is_using_the_workbook(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vigkit.ui.runtime.pagedata import current_practitioner

    store.people.add(Practitioner(id="ann", display_name="Ann"))
    store.people.add(Practitioner(id="bob", display_name="Bob"))
    store.settings.set("current_practitioner", "bob")
    monkeypatch.setenv(paths.ENV_MODE, paths.TEAM)
    monkeypatch.setenv("VIGKIT_USER", "ann")
    who = current_practitioner(store)
    assert who is not None and who.id == "ann"
    # A login the store does not know is nobody: no setting, no first practitioner.
    monkeypatch.setenv("VIGKIT_USER", "carol")
    assert current_practitioner(store) is None
    monkeypatch.delenv("VIGKIT_USER")
    assert current_practitioner(store) is None
    # Alone, the setting still decides.
    monkeypatch.delenv(paths.ENV_MODE)
    who = current_practitioner(store)
    assert who is not None and who.id == "bob"


def test_vigkit_serve_team_outside_the_hub_says_so_in_plain_words(tmp_path: Path) -> None:
    refused_in_plain_words(
        ["serve", "--team"], "only when JupyterHub starts it", {"VIGKIT_HOME": str(tmp_path)}
    )


def refused_in_plain_words(args: list[str], words: str, env: dict[str, str]) -> None:
    """`vigkit ARGS` stops with status 2 and says ``words``, with no traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "vigkit", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_the_hub_config_spawns_vigkit_for_the_teams_logins_only(tmp_path: Path) -> None:
    from vigkit.server.hubconfig import ACCOUNTS_FILE, TeamAuthenticator, configure

    c = Config()
    env = {
        "VIGKIT_HUB_DIR": str(tmp_path),
        "VIGKIT_HUB_PORT": "8100",
        "VIGKIT_HUB_ADMINS": json.dumps(["ann"]),
        "VIGKIT_HOME": str(tmp_path / "data"),
        "VIGKIT_DATABASE_URL": "postgresql+psycopg://x@localhost/vig",
        "SECRET_THING": "not passed on",
    }
    configure(c, env)
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8100"
    assert c.Spawner.cmd[-4:-1] == ["vigkit", "serve", "--team"]
    assert c.ConfigurableHTTPProxy.command[1:] == ["--proxy-timeout=300000"]
    assert "allowed_users" not in c.Authenticator  # vigkit's people table decides, at each login
    assert c.Authenticator.any_allow_config is True
    assert c.Authenticator.admin_users == {"ann"}
    assert c.Spawner.environment["VIGKIT_HUB_ACCOUNTS"] == "native"
    assert c.JupyterHub.authenticator_class is TeamAuthenticator
    assert c.TeamAuthenticator.accounts_file == str(tmp_path / ACCOUNTS_FILE)
    assert c.NativeAuthenticator.enable_signup is False
    assert c.Spawner.environment["VIGKIT_DATABASE_URL"] == env["VIGKIT_DATABASE_URL"]
    assert "SECRET_THING" not in c.Spawner.environment


def test_demo_passwords_are_made_once_and_kept_for_the_owner_only(tmp_path: Path) -> None:
    from vigkit.server.teamhub import demo_accounts, hub_dir

    first = demo_accounts(tmp_path, ["ann", "bob"])
    again = demo_accounts(tmp_path, ["ann", "bob", "carol"])
    assert again["ann"] == first["ann"] and again["bob"] == first["bob"]
    assert len(set(again.values())) == 3
    where = hub_dir(tmp_path) / "accounts.json"
    assert stat.S_IMODE(where.stat().st_mode) == 0o600


def test_the_command_line_gives_the_hub_the_demo_team_it_fills_and_names(tmp_path: Path) -> None:
    """The server never imports the demo: ``vigkit team --demo`` hands it the team."""
    from vigkit.cli.serving import demo_team
    from vigkit.demo.team import DEMO_TEAM

    demo = demo_team()
    assert demo.who == {m.login: m.what for m in DEMO_TEAM}
    assert demo.fill(tmp_path, io.StringIO(), None) is True
    with Store.open(tmp_path) as store:
        assert set(demo.who) <= {p.id for p in store.people.list()}


def test_the_demo_team_gives_each_person_their_own_family(tmp_path: Path) -> None:
    from vigkit.demo.team import DEMO_TEAM, DEMO_TEAM_GROUP, fill_demo_team

    assert fill_demo_team(tmp_path, out=io.StringIO()) is True
    assert fill_demo_team(tmp_path, out=io.StringIO()) is False
    with Store.open(tmp_path) as store:
        people = {p.id for p in store.people.list()}
        assert {m.login for m in DEMO_TEAM} <= people
        owners = {c.practitioner_id for c in store.cases.list()}
        assert "demo-pat" in owners and len(owners) >= 2
        assert DEMO_TEAM_GROUP in {g.name for g in store.sessions.list_supervision_groups()}


def test_a_team_servers_pages_open_the_store_the_hub_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared.sqlite"
    monkeypatch.setenv(paths.ENV_DATABASE_URL, f"sqlite:///{shared}")
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "own"))
    with Store.open() as store:
        store.people.add(Practitioner(id="p1", display_name="Pat"))
    assert shared.is_file()
    assert not (tmp_path / "own" / "vigkit.sqlite").exists()
    with Store.open(url=f"sqlite:///{shared}") as store:
        assert [p.id for p in store.people.list()] == ["p1"]


def test_the_demo_team_is_not_poured_into_a_named_database(tmp_path: Path) -> None:
    refused_in_plain_words(
        ["team", "--data", str(tmp_path), "--demo", "--database", f"sqlite:///{tmp_path}/x.db"],
        "--demo fills vigkit's own PostgreSQL",
        {},
    )


def test_serve_with_a_database_hands_it_to_pages_and_routes_and_fills_no_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`vigkit serve --database URL --demo-if-empty`: the server's environment (which its
    kernels and film routes inherit) names the database, and no demo is poured into it."""
    import vigkit.server.app as app
    from vigkit.cli import main

    monkeypatch.setattr(os, "environ", dict(os.environ))
    monkeypatch.delenv(paths.ENV_DATABASE_URL, raising=False)
    seen: list[str | None] = []
    monkeypatch.setattr(
        app, "serve", lambda options: seen.append(os.environ.get(paths.ENV_DATABASE_URL))
    )
    url = f"sqlite:///{tmp_path / 'named.sqlite'}"
    args = ["serve", "--data", str(tmp_path / "data"), "--database", url, "--demo-if-empty"]
    assert 0 == main([*args, "--no-browser"])
    assert [url] == seen
    assert (
        not (tmp_path / "named.sqlite").exists()
        and not (tmp_path / "data" / "vigkit.sqlite").exists()
    )


def test_the_hub_lets_in_vigkits_people_and_a_new_person_with_their_first_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Who may log in is vigkit's people table; a person the admin added logs in once with
    the first password the people page gave them, and then has a hub account of their own."""
    import bcrypt
    from jupyterhub import orm

    from vigkit.core.records import Practitioner
    from vigkit.server.hubconfig import TeamAuthenticator

    monkeypatch.setenv("VIGKIT_HOME", str(tmp_path))
    monkeypatch.delenv("VIGKIT_DATABASE_URL", raising=False)
    with Store.open(tmp_path) as store:
        store.people.add(Practitioner(id="kim", display_name="Kim"))
        store.people.set_first_password(
            "kim", bcrypt.hashpw(b"first-pass-1", bcrypt.gensalt()).decode()
        )
    db = orm.new_session_factory(f"sqlite:///{tmp_path / 'hub.sqlite'}")()
    auth = TeamAuthenticator(db=db)

    assert auth.check_allowed("kim") is True
    assert auth.check_allowed("stranger") is False

    def log_in(login: str, password: str) -> object:
        data = {"username": login, "password": password}
        return run_on_own_loop(lambda: auth.authenticate(None, data))

    assert log_in("kim", "wrong") is None
    assert log_in("stranger", "first-pass-1") is None
    assert log_in("kim", "first-pass-1") == "kim"
    with Store.open(tmp_path) as store:
        assert store.people.first_password("kim") is None  # used once
    assert log_in("kim", "first-pass-1") == "kim"  # now the hub's own account
    with Store.open(tmp_path) as store:
        store.people.delete("kim")
    assert auth.check_allowed("kim") is False  # removed from vigkit: no longer let in


def test_the_hub_config_guards_logins_with_clinical_defaults(tmp_path: Path) -> None:
    """Lockout (NativeAuthenticator's own settings), logout everywhere and an idle timeout;
    tests/test_hublogins.py tries them on a running hub."""
    from vigkit.server.hubconfig import configure

    c = Config()
    configure(c, {"VIGKIT_HUB_DIR": str(tmp_path)})
    assert c.NativeAuthenticator.allowed_failed_logins == 5
    assert c.NativeAuthenticator.seconds_before_next_try == 15 * 60
    assert c.JupyterHub.shutdown_on_logout is True
    assert c.JupyterHub.cookie_max_age_days == 0.5
    assert callable(c.Spawner.post_stop_hook)
    [culler] = c.JupyterHub.services
    assert "--timeout=1800" in culler["command"]
    [role] = c.JupyterHub.load_roles  # the culler's, and no one else's
    assert role["services"] == ["idle-culler"] and "admin:users" not in role["scopes"]
    assert set(role["scopes"]) == {
        "list:users",
        "read:users:activity",
        "read:servers",
        "delete:servers",
    }
    # A service sets its own idle timeout; 0 turns the culler off.
    c = Config()
    configure(c, {"VIGKIT_HUB_DIR": str(tmp_path), "VIGKIT_IDLE_MINUTES": "10"})
    assert "--timeout=600" in c.JupyterHub.services[0]["command"]
    c = Config()
    configure(c, {"VIGKIT_HUB_DIR": str(tmp_path), "VIGKIT_IDLE_MINUTES": "0"})
    assert "services" not in c.JupyterHub and c.JupyterHub.load_roles == []
