"""A film's fingerprint: the SHA-256 of its bytes, read in chunks, and the check that a
logged film is still the same file.

Reading a 1 GB film to check it takes seconds, so :func:`check_unchanged` remembers, on
disk (:meth:`vigkit.media.footage.FootageFiles.checked`, owner-only like all data), the
size and modification time the film had when its fingerprint last matched; the film is read
again only when either has moved. Registration remembers the film it just read."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from vigkit.core.errors import MediaError
from vigkit.core.records import Film
from vigkit.media.footage import FootageFiles, write_whole
from vigkit.media.opening import PathLike, media_error

__all__ = [
    "check_unchanged",
    "remember_facts",
    "remember_unchanged",
    "remembered",
    "sha256_file",
    "verify_unchanged",
]


def sha256_file(
    path: PathLike,
    chunk: int = 1 << 20,
    *,
    progress: Callable[[float], None] | None = None,
    cancel: threading.Event | None = None,
) -> str:
    """The SHA-256 of a file's bytes (hex), read ``chunk`` bytes at a time; ``progress``
    hears the share read, and ``cancel`` set stops it (MediaError)."""
    path = Path(path)
    digest = hashlib.sha256()
    buf = bytearray(chunk)
    view = memoryview(buf)
    try:
        size = max(1, path.stat().st_size) if progress is not None else 1
        done = 0
        with path.open("rb", buffering=0) as fh:
            while True:
                if cancel is not None and cancel.is_set():
                    raise media_error("error.media.stopped", path)
                n = fh.readinto(buf)
                if not n:
                    break
                digest.update(view[:n])
                done += n
                if progress is not None:
                    progress(min(1.0, done / size))
    except FileNotFoundError as exc:
        raise media_error("error.media.not_found", path) from exc
    except IsADirectoryError as exc:
        raise media_error("error.media.folder", path) from exc
    except PermissionError as exc:
        raise media_error("error.media.not_allowed", path) from exc
    return digest.hexdigest()


def verify_unchanged(path: PathLike, expected_sha256: str) -> None:
    """Raise :class:`MediaError` unless the film at ``path`` still has the logged fingerprint."""
    path = Path(path)
    if not path.is_file():
        raise media_error("error.media.moved", path)
    try:
        actual = sha256_file(path)
    except MediaError as exc:
        if not path.exists():
            raise media_error("error.media.moved", path) from exc
        raise
    if actual.lower() != expected_sha256.strip().lower():
        raise media_error("error.media.changed", path, name=repr(path.name))


def _seen(film: Film) -> dict[str, object]:
    stat = os.stat(film.path)
    return {
        "path": str(film.path),
        "sha256": film.sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
    }


def remember_unchanged(data: Path, film: Film) -> None:
    """Remember that logged film ``film`` matches its fingerprint now (it was just read)."""
    record = FootageFiles(data).checked(film.case_code, film.id or 0)
    try:
        with write_whole(record) as tmp:
            tmp.write_text(json.dumps(_seen(film)), encoding="utf-8")
    except OSError:
        pass  # only a shortcut: the film is read again next time


def remembered(data: Path, film: Film) -> dict[str, object] | None:
    """What was remembered of logged film ``film`` when it last matched its fingerprint, if
    it is still that file by its size and modification time (else None)."""
    record = FootageFiles(data).checked(film.case_code, film.id or 0)
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
        seen = _seen(film)
    except (OSError, ValueError):
        return None
    if not isinstance(known, dict) or {k: known.get(k) for k in seen} != seen:
        return None
    return known


def remember_facts(data: Path, film: Film, key: str, facts: object) -> None:
    """Keep ``facts`` (JSON) about ``film`` under ``key`` beside its fingerprint check, for
    as long as the film stays the file it was (a changed film is checked and read again)."""
    known = remembered(data, film)
    if known is None:
        return
    record = FootageFiles(data).checked(film.case_code, film.id or 0)
    try:
        with write_whole(record) as tmp:
            tmp.write_text(json.dumps(known | {key: facts}), encoding="utf-8")
    except OSError:
        pass  # only a shortcut: worked out again next time


def check_unchanged(data: Path, film: Film) -> None:
    """MediaError unless logged film ``film`` is still the file it was; read it whole only
    when its size or modification time moved since it last matched."""
    if remembered(data, film) is not None:
        return
    verify_unchanged(film.path, film.sha256)
    remember_unchanged(data, film)
