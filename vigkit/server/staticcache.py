"""Static files a browser keeps, so a page opened again fetches only the page and its kernel.

Voilà serves its own scripts (``voila.js`` and some 90 pieces it loads before the page's
kernel connects) under ``/voila/static/`` without a lifetime, so a browser asks for each
one again on every visit. Here they are also served under a versioned folder,
``/voila/static/v/<version>/``, whose version changes whenever any of those files does
(their names, sizes and modification times), with a year's lifetime; the pages ask for
them there (Voilà's ``page_config_hook`` moves ``fullStaticUrl``, from which the page loads
``voila.js`` and ``voila.js`` its pieces). A page cached before an upgrade names the old
version: it is answered with today's files and no lifetime, so nothing old is kept.

The widgets' scripts (``/voila/labextensions/``) carry a hash of their contents in their
names (``remoteEntry.5cbb9d2323598fbda535.js``): those are kept a year; any other file
there is asked for again each time, as before. The page template's own files are named
with a hash of their contents by the template (``?v=``), which tornado serves with a long
lifetime.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from typing import Any

__all__ = [
    "IMMUTABLE",
    "VERSIONED_FOLDER",
    "has_hashed_name",
    "kept_handlers",
    "page_config_hook",
    "static_version",
    "versioned_static_url",
]

IMMUTABLE = "public, max-age=31536000, immutable"
YEAR_S = 365 * 24 * 3600
VERSIONED_FOLDER = "v"
# A name with a content hash of 8+ hex digits before its extension (webpack's names).
_HASHED = re.compile(r"[./][0-9a-f]{8,}\.(js|css|woff2?|svg|png)$")
_VERSION = re.compile(r"/voila/static/" + VERSIONED_FOLDER + r"/([0-9a-f]+)/")


def static_version(folders: Sequence[str]) -> str:
    """A short hash of the files under ``folders``: their paths, sizes and modification
    times (any change to a file changes it)."""
    digest = hashlib.sha256()
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                relative = os.path.relpath(path, folder)
                digest.update(f"{relative}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def versioned_static_url(full_static_url: str, version: str) -> str:
    """Where pages load Voilà's scripts from: ``fullStaticUrl`` with the version folder."""
    return f"{full_static_url.rstrip('/')}/{VERSIONED_FOLDER}/{version}"


def has_hashed_name(path: str) -> bool:
    """Whether a file's name carries a hash of its contents (so it never changes)."""
    return _HASHED.search(path.split("?", 1)[0]) is not None


def page_config_hook(version: str) -> Any:
    """Voilà's ``page_config_hook``: pages load its scripts from the versioned folder."""

    def hook(page_config: dict[str, Any], **_context: Any) -> dict[str, Any]:
        page_config["fullStaticUrl"] = versioned_static_url(page_config["fullStaticUrl"], version)
        return page_config

    return hook


def kept_handlers(version: str) -> tuple[Any, Any]:
    """The versioned folder's handler, and the widgets' scripts' handler that keeps the files
    whose names carry a hash (it takes the place of Voilà's)."""
    from jupyter_server.base.handlers import FileFindHandler
    from voila.static_file_handler import MultiStaticFileHandler

    class VersionedStatic(MultiStaticFileHandler):  # type: ignore[misc]
        """Voilà's scripts under ``/voila/static/v/<version>/``: kept a year when the
        version is today's, asked for again when it is an older one."""

        def _current(self) -> bool:
            found = _VERSION.search(self.request.path)
            return found is not None and found.group(1) == version

        def get_cache_time(self, path: str, modified: Any, mime_type: str) -> int:
            return YEAR_S if self._current() else 0

        def set_extra_headers(self, path: str) -> None:
            self.set_header("Cache-Control", IMMUTABLE if self._current() else "no-cache")

    class KeptLabextensions(FileFindHandler):
        """The widgets' scripts: those named with their contents' hash are kept a year."""

        def set_headers(self) -> None:
            super().set_headers()
            if has_hashed_name(self.request.path):
                self.set_header("Cache-Control", IMMUTABLE)

    return VersionedStatic, KeptLabextensions
