"""Whether another user of this machine can read a data folder, and making it owner-only.

A data folder holds families' films, uploads, the log and (in a team) the hub's password
hashes: health data. vigkit makes everything owner-only from the start (the umask of
:func:`vigkit.paths.owner_only`), but a folder made by an older vigkit, copied in by hand or
unpacked from an archive can still be open to the group or to everyone. ``vigkit serve`` and
``vigkit team`` say so in plain words when they start; ``vigkit doctor --fix`` closes it.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

__all__ = ["open_to_others", "make_owner_only", "exposure_warning"]

_OTHERS = stat.S_IRWXG | stat.S_IRWXO


def _walk(folder: Path) -> Iterator[tuple[Path, os.stat_result]]:
    """The folder and everything under it (links are not followed, and not changed: a link's
    own bits mean nothing), with their status."""
    try:
        yield folder, folder.lstat()
    except OSError:
        return
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        for name in dirs + files:
            path = Path(root) / name
            try:
                status = path.lstat()
            except OSError:
                continue
            if not stat.S_ISLNK(status.st_mode):
                yield path, status


def open_to_others(folder: Path) -> list[Path]:
    """The files and folders in ``folder`` (itself included) that another user or the group
    may read, write or enter."""
    return [path for path, status in _walk(folder) if status.st_mode & _OTHERS]


def make_owner_only(folder: Path) -> list[Path]:
    """Take every group and other bit off ``folder`` and everything in it (folders become
    0700, files 0600, keeping the owner's own bits); returns what changed."""
    changed = []
    for path, status in _walk(folder):
        if status.st_mode & _OTHERS:
            os.chmod(path, stat.S_IMODE(status.st_mode) & ~_OTHERS)
            changed.append(path)
    return changed


def exposure_warning(folder: Path, *, shown: int = 3) -> str | None:
    """Plain words for the terminal when others can read ``folder``; None when they cannot."""
    exposed = open_to_others(folder)
    if not exposed:
        return None
    examples = ", ".join(str(path) for path in exposed[:shown])
    more = f" and {len(exposed) - shown} more" if len(exposed) > shown else ""
    return (
        f"other users of this machine can open {len(exposed)} file(s) or folder(s) of the "
        f"data folder {folder}, where families' records and films are kept ({examples}{more}). "
        f"Run `vigkit doctor --fix --data {folder}` to make them yours only."
    )


def warn_if_open(data: Path, out: TextIO | None = None) -> bool:
    """Say on the terminal when other users can read ``data``; True when they can."""
    words = exposure_warning(data)
    if words is not None:
        print(f"vigkit: warning: {words}", file=out or sys.stderr, flush=True)
    return words is not None
