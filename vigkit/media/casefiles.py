"""The files vigkit holds about a family, found and removed: an edge module (it touches the
disk and nothing else; the store's side is :mod:`vigkit.store.erasure`).

Where each kind of footage file lives is :mod:`vigkit.media.footage`'s to say; this module
removes them: every kind of a case (erasure), every kind made from one film (retention),
and what was made for the uses a family no longer agrees to (a withdrawal of consent).
Beside the footage, a case has the export folders naming it (a supervision portfolio),
its plots in ``cache/plots/case-<hash>/`` (:func:`vigkit.media.plotcache.case_folder`)
and lines of ``logs/*.log``, which are scrubbed.

A film's own file is removed only when it lies under ``media/``; an original kept elsewhere
is named for the practitioner to delete and confirm.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vigkit.core.access import Use, consents_to
from vigkit.core.records import Consent, Film
from vigkit.media.footage import FootageFiles, Kind, files_under
from vigkit.media.plotcache import case_folder

__all__ = [
    "FilesGone",
    "film_path",
    "is_vigkits",
    "case_files",
    "footage_files",
    "erase_case_files",
    "delete_footage",
    "withdraw_footage",
    "remove_renderings",
    "scrub_logs",
]

log = logging.getLogger(__name__)


@dataclass
class FilesGone:
    """What was removed, and the originals outside vigkit's storage left for a person."""

    removed: list[Path] = field(default_factory=list)
    elsewhere: list[Path] = field(default_factory=list)


def film_path(film: Film, data: Path) -> Path:
    """Where film ``film``'s file is: its logged path, a relative one taken from ``data``."""
    path = Path(film.path).expanduser()
    return path if path.is_absolute() else data / path


def is_vigkits(path: Path, data: Path) -> bool:
    """Whether ``path`` lies under vigkit's media storage (``<data>/media``)."""
    try:
        path.resolve().relative_to((data / "media").resolve())
    except ValueError:
        return False
    return True


def _names(path: Path, code: str) -> bool:
    """Whether file ``path`` holds the case code (bytes, as UTF-8 or UTF-16, any case)."""
    pattern = re.compile(
        rb"(?<![A-Za-z0-9])" + re.escape(code.encode()) + rb"(?![A-Za-z0-9])", re.I
    )
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return bool(pattern.search(data)) or code.encode("utf-16-le") in data


def _export_folders(data: Path, code: str) -> list[Path]:
    """Export folders of the case: ``exports/<CASE>`` and any other export naming it.

    A Word file is a zip: its text is compressed, so a ``.docx`` is looked into too."""
    root = data / "exports"
    if not root.is_dir():
        return []
    found = []
    for entry in sorted(root.iterdir()):
        if entry.name.upper() == code.upper():
            found.append(entry)
            continue
        files = files_under(entry) if entry.is_dir() else [entry]
        if any(_names(f, code) or _docx_names(f, code) for f in files):
            found.append(entry)
    return found


def _docx_names(path: Path, code: str) -> bool:
    if path.suffix.lower() != ".docx":
        return False
    import zipfile

    try:
        with zipfile.ZipFile(path) as z:
            return any(code.encode() in z.read(n) for n in z.namelist())
    except (OSError, zipfile.BadZipFile):
        return False


def _partial_uploads(data: Path, code: str) -> list[Path]:
    return FootageFiles(data).partial_uploads(code)


def _case_folders(data: Path, code: str) -> list[Path]:
    return [*FootageFiles(data).case_folders(code).values(), case_folder(code, data)]


def case_files(data: Path, code: str, films: Sequence[Film] = ()) -> list[Path]:
    """Every file vigkit holds about case ``code`` under ``data`` (films included when under
    vigkit's media storage), sorted; log files are not listed (their lines are scrubbed)."""
    found: set[Path] = set()
    for folder in [*_case_folders(data, code), *_export_folders(data, code)]:
        found |= (
            set(files_under(folder))
            if folder.is_dir()
            else ({folder} if folder.is_file() else set())
        )
    found |= set(_partial_uploads(data, code))
    for film in films:
        path = film_path(film, data)
        if is_vigkits(path, data) and path.is_file():
            found.add(path)
    return sorted(found)


def _remove(path: Path, gone: FilesGone) -> None:
    if path.is_dir():
        gone.removed += files_under(path)
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink(missing_ok=True)
        gone.removed.append(path)


def erase_case_files(data: Path, code: str, films: Sequence[Film]) -> FilesGone:
    """Remove every file vigkit made about case ``code`` and its films under vigkit's media
    storage, and scrub the logs; originals kept elsewhere are returned in ``elsewhere``."""
    gone = FilesGone()
    for film in films:
        path = film_path(film, data)
        if is_vigkits(path, data):
            _remove(path, gone)
        elif path.exists():
            gone.elsewhere.append(path)
    for path in [
        *_case_folders(data, code),
        *_export_folders(data, code),
        *_partial_uploads(data, code),
    ]:
        _remove(path, gone)
    scrub_logs(data, [code])
    return gone


def footage_files(
    data: Path, film: Film, clip_ids: Iterable[int], *, with_film: bool = True
) -> list[Path]:
    """What vigkit made from film ``film`` (every kind :class:`FootageFiles` knows: stills,
    review clips, a playback copy, renderings, the case's documents with stills), the case's
    plots, and the film itself when it lies under ``media/``."""
    found: set[Path] = set()
    for paths in FootageFiles(data).of_film(film, clip_ids).values():
        found |= set(paths)
    found |= set(files_under(case_folder(film.case_code, data)))
    path = film_path(film, data)
    if with_film and is_vigkits(path, data) and path.is_file():
        found.add(path)
    return sorted(found)


def delete_footage(
    data: Path, film: Film, clip_ids: Iterable[int], *, with_film: bool = True
) -> FilesGone:
    """Remove what :func:`footage_files` lists; an original elsewhere goes in ``elsewhere``.

    ``with_film=False`` keeps the film's file (another record still uses it)."""
    gone = FilesGone()
    for path in footage_files(data, film, clip_ids, with_film=with_film):
        _remove(path, gone)
    _remove(case_folder(film.case_code, data), gone)  # the case's plots expire with it
    path = film_path(film, data)
    if with_film and not is_vigkits(path, data) and path.exists():
        gone.elsewhere.append(path)
    return gone


def withdraw_footage(data: Path, code: str, consent: Consent | None) -> FilesGone:
    """Remove what was made from case ``code``'s footage for every use ``consent`` no longer
    allows (all of it once consent is withdrawn): renderings for those uses and, when the
    family's own use goes, stills, review clips, playback copies and documents with stills.
    The film itself stays until its retention ends: nothing may use it meanwhile."""
    gone = FilesGone()
    files = FootageFiles(data)
    for use in Use:
        if not consents_to(consent, use):
            for path in files.for_use(code, use):
                _remove(path, gone)
    if not consents_to(consent, Use.review):
        _remove(files.case_folders(code)[Kind.document] / "stills", gone)
    return gone


def remove_renderings(data: Path, films: Iterable[Film]) -> FilesGone:
    """Remove every rendering of ``films`` (any use): made again, with whoever must be
    hidden now, when next asked for."""
    gone = FilesGone()
    files = FootageFiles(data)
    for film in films:
        folder = files.case_folders(film.case_code)[Kind.rendering] / f"film-{film.id}"
        for path in files_under(folder):
            _remove(path, gone)
    return gone


def scrub_logs(data: Path, words: Iterable[str]) -> int:
    """Remove the log lines holding any of ``words`` (a case code, typed texts); how many.

    Rewritten in place, so a page still appending to the log keeps appending to it."""
    needles = [w for w in words if w]
    if not needles:
        return 0
    pattern = re.compile("|".join(re.escape(w) for w in needles), re.I)
    dropped = 0
    for path in sorted((data / "logs").glob("*.log*")) if (data / "logs").is_dir() else []:
        try:
            with open(path, "r+", encoding="utf-8", errors="surrogateescape") as fh:
                lines = fh.readlines()
                kept = [line for line in lines if not pattern.search(line)]
                if len(kept) == len(lines):
                    continue
                fh.seek(0)
                fh.truncate()
                fh.writelines(kept)
                fh.flush()
                os.fsync(fh.fileno())
                dropped += len(lines) - len(kept)
        except OSError:
            log.warning("could not scrub a log file in the data directory")
    return dropped
