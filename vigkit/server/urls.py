"""The addresses of the media routes, as the pages write them: light to import (no video
library), so a page that only links to films — a live session's — does not load PyAV."""

from __future__ import annotations

from pathlib import Path

from jupyter_server.utils import url_path_join

from vigkit import paths

__all__ = ["export_url_from_page", "film_url", "still_path"]


def film_url(base_url: str, film_id: int) -> str:
    """The URL a page plays film ``film_id`` from."""
    return url_path_join(base_url or "/", f"vigkit/media/film/{film_id}")


def still_path(data: Path, case_code: str, film_id: int, t: float) -> Path:
    """Where the still of film ``film_id`` at ``t`` seconds is kept."""
    return paths.media_dir(data) / "stills" / case_code / f"film{film_id}-{t:.2f}.png"


def export_url_from_page(case_code: str, name: str) -> str:
    """A link from a workbook page (served under voila/render/) to an exported file."""
    return f"../../vigkit/exports/{case_code}/{name}"
