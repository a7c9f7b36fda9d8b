"""The addresses of the media routes, as the pages write them: light to import (no video
library), so a page that only links to films — a live session's — does not load PyAV."""

from __future__ import annotations

from jupyter_server.utils import url_path_join

from vigkit.core.access import Use

__all__ = ["clip_url", "export_url_from_page", "film_url", "keepsake_url_from_page", "still_url"]


def film_url(base_url: str, film_id: int) -> str:
    """The URL a page plays film ``film_id`` from."""
    return url_path_join(base_url or "/", f"vigkit/media/film/{film_id}")


def clip_url(base_url: str, film_id: int, use: Use, start_s: float, end_s: float) -> str:
    """The URL of film ``film_id``'s seconds ``start_s``–``end_s`` rendered for ``use``:
    what a page shows anyone but the family's own practitioner."""
    span = f"{round(start_s * 1000)}-{round(end_s * 1000)}"
    return url_path_join(base_url or "/", f"vigkit/media/clip/{film_id}/{use}/{span}.mp4")


def still_url(base_url: str, film_id: int, t: float, use: Use | None = None) -> str:
    """The URL of a still of film ``film_id`` at ``t`` seconds (for ``use``, when not the
    family's own practitioner asking)."""
    path = url_path_join(base_url or "/", f"vigkit/media/still/{film_id}/{t:.2f}.png")
    return path if use is None else f"{path}?for={use}"


def export_url_from_page(case_code: str, name: str) -> str:
    """A link from a workbook page (served under voila/render/) to an exported file."""
    return f"../../vigkit/exports/{case_code}/{name}"


def keepsake_url_from_page(case_code: str, made: str, name: str) -> str:
    """A link from a workbook page to a file of the family's copy made at ``made``."""
    return f"../../vigkit/keepsake/{case_code}/{made}/{name}"
