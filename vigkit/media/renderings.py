"""Renderings: a clip's seconds, cut from the film and re-encoded for one use.

Anyone but the family's own practitioner sees a rendering, never the film: a supervision
group in a live session, a supervisor, a trainer, a clip taken to a training event. A
rendering holds only the clip's seconds (H.264 video, AAC sound, at most 1280 pixels wide:
it plays in every browser and on every phone), so a viewer cannot seek outside them.

Edge: reads a logged film with PyAV (through :func:`vigkit.media.reviewclips.cut_clip`) and
writes where :class:`vigkit.media.footage.FootageFiles` says, whole or not at all. Each is
made once per clip and use and kept until consent changes
(:func:`vigkit.media.casefiles.withdraw_footage`) or the footage's retention ends. Two
servers of a team asked for the same rendering at once make it once: the second waits on a
lock file beside it (``fcntl.flock``) and then finds it made.

``hide`` (optional) names the face boxes to hide at each time of the film
(:mod:`vigkit.media.hiding`: pixelated and blurred into the pixels). A rendering asked for
with ``hide`` is always made anew and replaces the one on disk: where it is kept does not
(yet) say who is hidden in it, so one made before might hide less.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from pathlib import Path

from vigkit.core.access import Use
from vigkit.core.errors import MediaError
from vigkit.core.records import Film
from vigkit.media.footage import FootageFiles
from vigkit.media.reviewclips import Hide, cut_clip

__all__ = ["render", "rendering_path", "LONGEST_S"]

#: A rendering is a clip, not a film: longer asks are refused in plain words.
LONGEST_S = 300.0

_LOCAL = threading.Lock()  # one rendering at a time in this process: two cores are shared


def rendering_path(data: Path, film: Film, use: Use, start_s: float, end_s: float) -> Path:
    """Where film ``film``'s seconds ``start_s``–``end_s`` rendered for ``use`` live."""
    return FootageFiles(data).rendering(film.case_code, film.id or 0, use, start_s, end_s)


def render(
    data: Path,
    film: Film,
    use: Use,
    start_s: float,
    end_s: float,
    *,
    progress: Callable[[float], None] | None = None,
    hide: Hide | None = None,
) -> Path:
    """The rendering of ``start_s``–``end_s`` of ``film`` for ``use``: made now (blocking:
    call it off the event loop) unless it was made before. MediaError in plain words."""
    if end_s - start_s > LONGEST_S + 1e-6:
        raise MediaError(key="error.clip.too_long", seconds=f"{LONGEST_S:.0f}")
    out = rendering_path(data, film, use, start_s, end_s)
    if hide is None and out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.with_name(out.name + ".lock")
    with _LOCAL, open(lock_path, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            # Another server may have made it while this one waited (unless faces are hidden).
            if hide is not None or not out.is_file():
                cut_clip(film.path, start_s, end_s, out, progress=progress, hide=hide)  # whole
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    try:
        os.unlink(lock_path)
    except OSError:
        pass
    if progress is not None:
        progress(1.0)
    return out
