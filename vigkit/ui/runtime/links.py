"""Links from a page to vigkit's own routes (a film, a clip for a use, a still, a document).

The one door from the pages to :mod:`vigkit.server`: the routes' URL builders live with the
routes (:mod:`vigkit.server.urls`), and no other ui module imports the server.
"""

from __future__ import annotations

from vigkit.server.urls import (
    clip_url,
    export_url_from_page,
    film_url,
    keepsake_url_from_page,
    still_url,
)

__all__ = ["clip_url", "export_url_from_page", "film_url", "keepsake_url_from_page", "still_url"]
