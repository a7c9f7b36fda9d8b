"""Files written whole or not at all: through a temporary file beside the target, renamed
over it only when complete. A document that fails half-way (a full disk, a crashed kernel)
leaves the last good copy, or nothing, never half a file a practitioner might send on.
The one way vigkit does this is :func:`vigkit.media.footage.write_whole`; these are its
shapes for documents."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from vigkit.media.footage import write_whole as whole

__all__ = ["write_whole", "write_bytes_whole", "write_text_whole"]


def write_whole(path: str | os.PathLike[str], write: Callable[[Path], object]) -> Path:
    """``write(temporary path)``, then the temporary file renamed to ``path``; the path."""
    path = Path(path)
    with whole(path) as temp:
        write(temp)
    return path


def write_bytes_whole(path: str | os.PathLike[str], data: bytes) -> Path:
    return write_whole(path, lambda temp: temp.write_bytes(data))


def write_text_whole(path: str | os.PathLike[str], text: str) -> Path:
    return write_whole(path, lambda temp: temp.write_text(text, encoding="utf-8"))
