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
(:mod:`vigkit.media.hiding`: pixelated and blurred into the pixels), and ``hidden`` the short
digest of who is hidden and of their boxes (:func:`vigkit.media.facetracks.hidden_key`): the
rendering is kept under it, so a re-assigned person, a moved box or a change of consent makes
a new one, and the renderings of those seconds for that use made before are removed.
:func:`render_for` is what every door asks: it reads who is visible in the seconds, asks the
access policy who must be hidden for the use (:func:`vigkit.core.access.must_hide`) and
renders with them hidden. The sound of the stretches the practitioner marked in the film (a
name or an address spoken, ``store.people_in_films.muted``) is silenced in every rendering
for any use, and the digest holds them too: marking or removing one makes a new rendering.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

from vigkit.core.access import Span, Use, must_hide
from vigkit.core.errors import MediaError
from vigkit.core.records import Film
from vigkit.media.facetracks import hidden_key, hiding_people
from vigkit.media.footage import FootageFiles
from vigkit.media.reviewclips import Hide, Stretches, cut_clip
from vigkit.store import Store

__all__ = [
    "render",
    "render_for",
    "hiding_for_use",
    "muting_for",
    "rendering_path",
    "LONGEST_S",
]

#: A rendering is a clip, not a film: longer asks are refused in plain words.
LONGEST_S = 300.0

Progress = Callable[[float], None] | None

_LOCAL = threading.Lock()  # one rendering at a time in this process: two cores are shared


def rendering_path(
    data: Path, film: Film, use: Use, start_s: float, end_s: float, hidden: str = ""
) -> Path:
    """Where film ``film``'s seconds ``start_s``–``end_s`` rendered for ``use`` live, with
    the people of digest ``hidden`` hidden ("": nobody)."""
    files = FootageFiles(data)
    return files.rendering(film.case_code, film.id or 0, use, start_s, end_s, hidden)


def _remove_others(out: Path, plain: Path) -> None:
    """The renderings of the same seconds and use made before with others hidden (or
    nobody): they are stale now, and copies of footage are not kept for nothing."""
    stem = plain.stem
    for older in out.parent.glob(f"{stem}*.mp4"):
        if older != out and (older == plain or older.stem.startswith(f"{stem}-hidden-")):
            older.unlink(missing_ok=True)


def render(
    data: Path,
    film: Film,
    use: Use,
    start_s: float,
    end_s: float,
    *,
    progress: Callable[[float], None] | None = None,
    hide: Hide | None = None,
    hidden: str = "",
    mute: Stretches = (),
) -> Path:
    """The rendering of ``start_s``–``end_s`` of ``film`` for ``use``, with ``hide``'s boxes
    hidden and ``mute``'s stretches silent (``hidden``: the digest of who and what, required
    with either): made now (blocking: call it off the event loop) unless it was made
    before. MediaError in plain words."""
    if end_s - start_s > LONGEST_S + 1e-6:
        raise MediaError(key="error.clip.too_long", seconds=f"{LONGEST_S:.0f}")
    if (hide is not None or mute) and not hidden:
        raise ValueError("a rendering that hides faces is kept under who it hides: give hidden")
    kept_as = hidden if hide is not None or mute else ""
    out = rendering_path(data, film, use, start_s, end_s, kept_as)
    if out.is_file():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.with_name(out.name + ".lock")
    with _LOCAL, open(lock_path, "a+b") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            # Another server may have made it while this one waited.
            if not out.is_file():
                cut_clip(
                    film.path, start_s, end_s, out, progress=progress, hide=hide, mute=mute
                )  # whole
                _remove_others(out, rendering_path(data, film, use, start_s, end_s))
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)
    try:
        os.unlink(lock_path)
    except OSError:
        pass
    if progress is not None:
        progress(1.0)
    return out


def render_for(
    store: Store, data: Path, film: Film, use: Use, seconds: Span, *, progress: Progress = None
) -> Path:
    """The rendering of ``seconds`` (start, end) of ``film`` for ``use`` with everyone hidden
    whom the access policy says must be (:func:`vigkit.core.access.must_hide`, from the
    people visible in those seconds and their families' consent); ``progress`` hears the
    share done. Blocking; MediaError in plain words. The door asks
    :func:`vigkit.core.access.decide` before this."""
    start_s, end_s = seconds
    hide, hidden = hiding_for_use(store, film, use, start_s, end_s)
    mute = muting_for(store, film, start_s, end_s)
    if mute:  # the stretches silenced are part of what the rendering is kept under
        what = json.dumps([hidden, [list(m) for m in mute]]).encode()
        hidden = hashlib.sha256(what).hexdigest()[:12]
    return render(
        data, film, use, start_s, end_s, progress=progress, hide=hide, hidden=hidden, mute=mute
    )


def muting_for(store: Store, film: Film, start_s: float, end_s: float) -> list[tuple[float, float]]:
    """The stretches of ``film`` to silence that overlap ``start_s``–``end_s``, whatever the
    use: a name or an address spoken reaches nobody but the film's own practitioner."""
    stretches = store.people_in_films.muted(film.id or 0)
    return [(m.start_s, m.end_s) for m in stretches if m.overlaps(start_s, end_s)]


def hiding_for_use(
    store: Store, film: Film, use: Use, start_s: float, end_s: float
) -> tuple[Hide | None, str]:
    """Who must be hidden in ``start_s``–``end_s`` of ``film`` for ``use`` (a still's moment
    is ``(t, t)``): what to hide at each time and the digest of who it is; ``(None, "")``
    when nobody is."""
    hidden = must_hide(store.access.footage(film, use, (start_s, end_s)), use)
    if not hidden:
        return None, ""
    people = store.people_in_films.list(film.id or 0)
    return hiding_people(people, hidden), hidden_key(people, hidden, start_s, end_s)
