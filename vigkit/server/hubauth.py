"""The hub's login for a team-mode server: JupyterHub's own OAuth, and only the owner gets in.

:class:`OwnerOnlyHubIdentity` is JupyterHub's identity provider for Jupyter servers
(``jupyterhub.singleuser.extension.JupyterHubIdentityProvider``, built on
``jupyterhub.services.auth.HubOAuth``) with one rule more: the person logged in must be the
one this server was spawned for. The hub lets its admins reach every server; a family's
records are not theirs to see, so they get 403 here like anyone else.
"""

from __future__ import annotations

import os
from typing import Any

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from tornado.web import HTTPError

__all__ = ["OwnerOnlyHubIdentity"]


class OwnerOnlyHubIdentity(JupyterHubIdentityProvider):  # type: ignore[misc]
    """The hub's OAuth login, for the server's owner only."""

    def __init__(self, **kwargs: Any) -> None:
        # Voilà passes a token and its login form; the hub's login replaces both.
        kwargs.pop("token", None)
        kwargs.pop("login_handler_class", None)
        super().__init__(**kwargs)
        self.owner = os.environ["JUPYTERHUB_USER"]

    async def get_user(self, handler: Any) -> Any:
        """The logged-in person when they own this server; 403 for anyone else."""
        user = await super().get_user(handler)
        if user is None or user.username == self.owner:
            return user
        self.log.warning("refused %s on %s's vigkit server", user.username, self.owner)

        def refuse(*_args: Any, **_kwargs: Any) -> None:
            raise HTTPError(403, "This is another person's workbook.")

        # @web.authenticated redirects a missing user to the login: refuse instead, so a
        # logged-in colleague is not sent round the hub's login for ever.
        handler.redirect = refuse
        handler._jupyterhub_user = None
        return None
