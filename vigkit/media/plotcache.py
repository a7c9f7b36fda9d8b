"""Plots drawn once: PNG bytes kept in ``<data>/cache/plots`` under a fingerprint of what
they show, so a page showing the same plot again does not pay matplotlib's drawing time.

An edge module (it touches the disk). The fingerprint covers everything the picture depends
on — the caller's data and words, vigkit's and matplotlib's versions — so a changed rating,
language or wording draws a new plot; an unchanged one is read back in a millisecond. The
cache sits beside the database (it shows the same health data), never in an export, and
keeps at most :data:`KEEP` files, the oldest removed first. A cache that cannot be read or
written is skipped: the plot is drawn as if there were none.

A case's plots (its helping questions' wording is in them) sit in a folder of their own,
named by a hash of the case code (:func:`case_folder`), so erasing the case or the end of
its retention removes them (:func:`forget_case`) without the code ever being a file name.

In the media room, with the other files vigkit keeps about a family (the pages draw the
plots; :mod:`vigkit.media.casefiles` removes them with the case): the reports never use it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from vigkit import paths

__all__ = [
    "KEEP",
    "cached_png",
    "kept_png",
    "case_folder",
    "fingerprint",
    "forget_case",
    "words_key",
]

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


def _folder(data: Path | None = None) -> Path:
    return (data or paths.data_dir()) / "cache" / "plots"


def case_folder(case_code: str, data: Path | None = None) -> Path:
    """Where case ``case_code``'s plots are kept: a folder named by a hash of the code."""
    key = hashlib.sha256(f"vigkit plot cache\0{case_code.upper()}".encode()).hexdigest()[:24]
    return _folder(data) / f"case-{key}"


def forget_case(case_code: str, data: Path | None = None) -> list[Path]:
    """Remove case ``case_code``'s cached plots; the files removed."""
    where = case_folder(case_code, data)
    gone = sorted(where.glob("*")) if where.is_dir() else []
    shutil.rmtree(where, ignore_errors=True)
    return gone


def cached_png(
    parts: Iterable[str],
    draw: Callable[[], bytes],
    folder: Path | None = None,
    *,
    case_code: str | None = None,
) -> bytes:
    """The PNG for ``parts``: read from the cache, else ``draw()`` and kept for next time.

    ``case_code`` keeps it with that case's plots (erased with the case)."""
    parts = list(parts)
    try:
        kept = _read(parts, folder, case_code)
    except OSError:
        log.warning("plot cache could not be read; drawing the plot", exc_info=True)
        return draw()
    if kept is not None:
        return kept
    where = folder or (case_folder(case_code) if case_code else _folder())
    path = where / f"{fingerprint(parts)}.png"
    png = draw()
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".plot-", suffix=".png", dir=where)
        with os.fdopen(fd, "wb") as fh:
            fh.write(png)
        os.replace(tmp, path)
        _prune(_folder() if folder is None else where)
    except OSError:
        log.warning("plot cache could not be written", exc_info=True)
    return png


def kept_png(
    parts: Iterable[str], folder: Path | None = None, *, case_code: str | None = None
) -> bytes | None:
    """The PNG :func:`cached_png` keeps for ``parts``, or None when it is not drawn yet."""
    try:
        return _read(list(parts), folder, case_code)
    except OSError:
        return None


def _read(parts: list[str], folder: Path | None, case_code: str | None) -> bytes | None:
    where = folder or (case_folder(case_code) if case_code else _folder())
    path = where / f"{fingerprint(parts)}.png"
    return path.read_bytes() if path.is_file() else None


def _prune(where: Path) -> None:
    files = sorted(where.glob("**/*.png"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - KEEP)]:
        old.unlink(missing_ok=True)
