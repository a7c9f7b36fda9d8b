"""The route to a family's copy (:mod:`vigkit.reports.keepsake`): its MP4 and its page to
print, for the family's practitioner to download and hand over.

``GET /vigkit/keepsake/<CASE>/<made>/family-copy.mp4`` (or ``.html``) sends the file from
``media/keepsakes/<CASE>/<made>/``, with HTTP Range support so the video plays in the
browser. Only the names vigkit writes match the route (no path of anyone's choosing). The
access policy decides as for the clips taken out of vigkit (action export, the case's
footage for :attr:`~vigkit.core.access.Use.family_copy`): the family's own practitioner,
while the family's yes to a copy stands — deny by default, 403 and an audit line otherwise.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.utils import url_path_join
from tornado import web

from vigkit import paths
from vigkit.core.access import Action, Footage, Use
from vigkit.core.errors import NotFound
from vigkit.media.footage import FootageFiles
from vigkit.server.mediaroute import CONTENT_TYPES, PlainErrors, server_store

__all__ = ["KEEPSAKE_ROUTE", "KeepsakeHandler", "keepsake_handlers"]

KEEPSAKE_ROUTE = r"/vigkit/keepsake/([A-Z0-9]{3,9}/[0-9]{8}-[0-9]{6}/family-copy\.(?:mp4|html))"
_TYPES = {**CONTENT_TYPES, ".html": "text/html; charset=UTF-8"}


class KeepsakeHandler(PlainErrors, web.StaticFileHandler):
    """A family's copy's file, to the family's practitioner while the family's yes stands."""

    def initialize(self, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: D102 - the root is the keepsakes folder
        root = FootageFiles(paths.data_dir()).media / "keepsakes"
        web.StaticFileHandler.initialize(self, path=str(root))

    def _ask(self, path: str) -> None:
        code = path.split("/")[0]
        store = server_store()
        try:
            case = store.cases.get(code)
        except NotFound as exc:
            if paths.is_team_mode():  # a case nobody may open answers as one that is not
                raise self._refuse(403, "This is not yours to open.") from exc
            raise self._refuse(404, "Not found.") from exc
        consent = store.cases.get_consent(case.code)
        footage = Footage(case.code, case.practitioner_id, consent, use=Use.family_copy)
        self._door(Action.export, footage)

    @web.authenticated
    def head(self, path: str) -> Any:  # type: ignore[override]
        self._ask(path)
        return web.StaticFileHandler.get(self, path, include_body=False)

    @web.authenticated
    def get(self, path: str, include_body: bool = True) -> Any:  # type: ignore[override]
        self._ask(path)
        return web.StaticFileHandler.get(self, path, include_body=include_body)

    def get_content_type(self) -> str:
        suffix = "." + (self.absolute_path or "").rsplit(".", 1)[-1].lower()
        return _TYPES.get(suffix, "application/octet-stream")

    def set_extra_headers(self, path: str) -> None:
        # A family's footage: never kept in shared caches.
        self.set_header("Cache-Control", "private, no-cache")


def keepsake_handlers(server_url: str) -> list[tuple[Any, ...]]:
    """The route to add to the server's handlers."""
    return [(url_path_join(server_url, KEEPSAKE_ROUTE), KeepsakeHandler)]
