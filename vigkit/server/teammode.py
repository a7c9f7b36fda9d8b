"""Team mode: this vigkit server is one person's, spawned by JupyterHub for them.

JupyterHub starts ``vigkit serve --team`` once per person and tells it, in the environment,
who it serves (``JUPYTERHUB_USER``), where to listen (``JUPYTERHUB_SERVICE_URL``) and under
which prefix (``JUPYTERHUB_SERVICE_PREFIX``). Every request is then authenticated against the
hub (:mod:`vigkit.server.hubauth`), and only that person reaches the server. The kernels learn
who they serve from the server's environment (``VIGKIT_USER``), never from the browser.

This module reads only the environment: it imports nothing of JupyterHub, so single-user
mode does not need it installed.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from vigkit.paths import ENV_MODE, TEAM, is_team_mode

__all__ = [
    "ENV_MODE",
    "TEAM",
    "TeamServe",
    "TeamModeError",
    "is_team_mode",
    "team_from_env",
    "team_argv",
]

IDENTITY_PROVIDER = "vigkit.server.hubauth.OwnerOnlyHubIdentity"
AUTHORIZER = "jupyterhub.singleuser.extension.JupyterHubAuthorizer"
# Routes the identity provider adds without the server's prefix (Voilà joins none to them).
IDENTITY_ROUTES = ("/login", "/logout", "/oauth_callback")


class TeamModeError(Exception):
    """Team mode was asked for outside JupyterHub; the message says what is missing."""


@dataclass(frozen=True)
class TeamServe:
    """Where and for whom a team-mode server runs, as JupyterHub said."""

    user: str
    host: str
    port: int
    base_url: str


def team_from_env(env: Mapping[str, str] | None = None) -> TeamServe:
    """What JupyterHub's spawner put in the environment; refuses when it is not there."""
    env = os.environ if env is None else env
    missing = [
        key
        for key in ("JUPYTERHUB_USER", "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_API_TOKEN")
        if not env.get(key)
    ]
    if missing:
        raise TeamModeError(
            "vigkit serve --team runs only when JupyterHub starts it for a person "
            f"(missing {', '.join(missing)}). To try a team on this machine: make serve-team."
        )
    url = urlsplit(env["JUPYTERHUB_SERVICE_URL"])
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or url.path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    return TeamServe(
        user=env["JUPYTERHUB_USER"],
        host=url.hostname or "127.0.0.1",
        port=url.port or 8888,
        base_url=prefix,
    )


def team_argv(team: TeamServe) -> list[str]:
    """Voilà's options for a team-mode server: the hub's login for every request."""
    return [
        f"--Voila.base_url={team.base_url}",
        f"--Voila.identity_provider_class={IDENTITY_PROVIDER}",
        f"--Voila.authorizer_class={AUTHORIZER}",
    ]
