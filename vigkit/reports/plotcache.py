"""Plots drawn once: PNG bytes kept in ``<data>/cache/plots`` under a fingerprint of what
they show, so a page showing the same plot again does not pay matplotlib's drawing time.

An edge module (it touches the disk). The fingerprint covers everything the picture depends
on — the caller's data and words, vigkit's and matplotlib's versions — so a changed rating,
language or wording draws a new plot; an unchanged one is read back in a millisecond. The
cache sits beside the database (it shows the same health data), never in an export, and
keeps at most :data:`KEEP` files, the oldest removed first. A cache that cannot be read or
written is skipped: the plot is drawn as if there were none.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vigkit import paths

__all__ = ["KEEP", "cached_png", "fingerprint", "words_key"]

log = logging.getLogger(__name__)

KEEP = 400


def _versions() -> str:
    found = []
    for name in ("vigkit", "matplotlib"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def fingerprint(parts: Iterable[str]) -> str:
    """A hex digest of ``parts`` and the versions that draw them."""
    digest = hashlib.sha256(_versions().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def words_key(language: str, words: Mapping[str, str]) -> str:
    """One part of a fingerprint standing for an interface's language and its words."""
    return language + "\0" + "\0".join(f"{k}={v}" for k, v in sorted(words.items()))


def _folder() -> Path:
    return paths.data_dir() / "cache" / "plots"


def cached_png(
    parts: Iterable[str], draw: Callable[[], bytes], folder: Path | None = None
) -> bytes:
    """The PNG for ``parts``: read from the cache, else ``draw()`` and kept for next time."""
    try:
        where = folder or _folder()
        path = where / f"{fingerprint(parts)}.png"
        if path.is_file():
            return path.read_bytes()
    except OSError:
        log.warning("plot cache could not be read; drawing the plot", exc_info=True)
        return draw()
    png = draw()
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".plot-", suffix=".png", dir=where)
        with os.fdopen(fd, "wb") as fh:
            fh.write(png)
        os.replace(tmp, path)
        _prune(where)
    except OSError:
        log.warning("plot cache could not be written", exc_info=True)
    return png


def _prune(where: Path) -> None:
    files = sorted(where.glob("*.png"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - KEEP)]:
        old.unlink(missing_ok=True)
