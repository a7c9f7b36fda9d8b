"""A film's fingerprint: the SHA-256 of its bytes, read in chunks, and the check that a
logged film is still the same file."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from pathlib import Path

from vigkit.core.errors import MediaError
from vigkit.media.opening import PathLike, _error

__all__ = ["sha256_file", "verify_unchanged"]


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
                    raise _error("error.media.stopped", path)
                n = fh.readinto(buf)
                if not n:
                    break
                digest.update(view[:n])
                done += n
                if progress is not None:
                    progress(min(1.0, done / size))
    except FileNotFoundError as exc:
        raise _error("error.media.not_found", path) from exc
    except IsADirectoryError as exc:
        raise _error("error.media.folder", path) from exc
    except PermissionError as exc:
        raise _error("error.media.not_allowed", path) from exc
    return digest.hexdigest()


def verify_unchanged(path: PathLike, expected_sha256: str) -> None:
    """Raise :class:`MediaError` unless the film at ``path`` still has the logged fingerprint."""
    path = Path(path)
    if not path.is_file():
        raise _error("error.media.moved", path)
    try:
        actual = sha256_file(path)
    except MediaError as exc:
        if not path.exists():
            raise _error("error.media.moved", path) from exc
        raise
    if actual.lower() != expected_sha256.strip().lower():
        raise _error("error.media.changed", path, name=repr(path.name))
