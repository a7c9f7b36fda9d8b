"""Footage on disk: the one place that knows where every file made from a film lives.

Every kind of file vigkit makes from a family's film has its place here, and nowhere else:

============  ================================================================
kind          where (under the data directory)
============  ================================================================
upload        ``media/uploads/<CASE>/`` (films sent from the page) and their
              unfinished pieces in ``media/uploads/.partial/``
still         ``media/stills/<CASE>/film<id>-<t>.png`` (stills the pages kept)
review        ``media/review/<CASE>/cycle-<N>/clip-<id>.mp4`` (review clips)
playback      ``media/playback/<CASE>/film-<id>.mp4`` (a copy a browser can play)
rendering     ``media/renderings/<CASE>/film-<id>/<use>/<from>-<to>.mp4`` (a clip's
              seconds for one use: what anyone but the family's practitioner sees)
document      ``exports/<CASE>/`` (documents made from the case page; those made
              with stills are listed in its ``.with-stills`` file)
keepsake      ``media/keepsakes/<CASE>/<made>/family-copy.mp4`` and ``.html`` (the
              family's own copy, as handed over; ``<made>`` is when, UTC)
check         ``media/checked/<CASE>/film-<id>.json`` (when the film was last found
              unchanged: its size and modification time then, so a new server
              process does not read a 1 GB film again to trust it)
============  ================================================================

Erasure, retention, a withdrawal of consent and the media routes all ask
:class:`FootageFiles`; a new kind of file is added here or it is not made. Every file is
written whole (:func:`write_whole`): to a temporary name beside it, then renamed, so a
failure never leaves half a clip or half a still that a route could serve.

Light to import (the standard library and the access policy's names): the pages' media
addresses and the routes use it without loading a video library.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from vigkit.core.access import Use
from vigkit.core.records import Film

__all__ = [
    "Kind",
    "FootageFiles",
    "MADE_BY_VIGKIT",
    "WITH_STILLS",
    "files_under",
    "note_documents",
    "write_whole",
]

#: In a case's exports folder: the documents written with stills in them, one name a line.
WITH_STILLS = ".with-stills"


class Kind(StrEnum):
    """Every kind of file vigkit makes from a family's film."""

    upload = "upload"
    still = "still"
    review = "review"
    playback = "playback"
    rendering = "rendering"
    document = "document"
    keepsake = "keepsake"
    check = "check"


#: Folders under ``media/`` that vigkit writes itself (never offered as films to register).
MADE_BY_VIGKIT = frozenset({"stills", "review", "playback", "renderings", "keepsakes", "checked"})


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


@dataclass(frozen=True)
class FootageFiles:
    """Where each kind of footage file of data directory ``data`` lives."""

    data: Path

    @property
    def media(self) -> Path:
        return self.data / "media"

    # -- one file of each kind ---------------------------------------------------------

    def still(self, case: str, film_id: int, t: float) -> Path:
        return self.media / "stills" / case / f"film{film_id}-{t:.2f}.png"

    def review(self, case: str, cycle: int, clip_id: int) -> Path:
        return self.media / "review" / case / f"cycle-{cycle}" / f"clip-{clip_id}.mp4"

    def playback(self, case: str, film_id: int) -> Path:
        return self.media / "playback" / case / f"film-{film_id}.mp4"

    def rendering(
        self, case: str, film_id: int, use: Use, start_s: float, end_s: float, hidden: str = ""
    ) -> Path:
        name = f"{_ms(start_s)}-{_ms(end_s)}{f'-hidden-{hidden}' if hidden else ''}.mp4"
        return self.media / "renderings" / case / f"film-{film_id}" / str(use) / name

    def keepsake(self, case: str, made: str) -> Path:
        """The folder of the family's copy of ``case`` made at ``made`` (e.g. 20261207-1403)."""
        return self.media / "keepsakes" / case / made

    def checked(self, case: str, film_id: int) -> Path:
        return self.media / "checked" / case / f"film-{film_id}.json"

    def uploads(self) -> Path:
        return self.media / "uploads"

    def upload_partials(self) -> Path:
        return self.uploads() / ".partial"

    def exports(self, case: str) -> Path:
        return self.data / "exports" / case

    # -- a case's folders, a film's files, a use's files --------------------------------

    def case_folders(self, case: str) -> dict[Kind, Path]:
        """The folder of each kind that holds only case ``case``'s files."""
        return {
            Kind.upload: self.uploads() / case,
            Kind.still: self.media / "stills" / case,
            Kind.review: self.media / "review" / case,
            Kind.playback: self.media / "playback" / case,
            Kind.rendering: self.media / "renderings" / case,
            Kind.document: self.exports(case),
            Kind.keepsake: self.media / "keepsakes" / case,
            Kind.check: self.media / "checked" / case,
        }

    def partial_uploads(self, case: str) -> list[Path]:
        """Unfinished uploads to the case: their state file and the bytes received so far."""
        found: list[Path] = []
        folder = self.upload_partials()
        for state in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                owner = json.loads(state.read_text(encoding="utf-8")).get("case_code", "")
            except (OSError, ValueError, AttributeError):
                continue
            if str(owner).upper() == case.upper():
                found += [state, state.with_suffix(".part")]
        return [p for p in found if p.exists()]

    def of_film(self, film: Film, clip_ids: Iterable[int]) -> dict[Kind, list[Path]]:
        """What exists on disk made from ``film`` (not the film's own file), by kind."""
        code, film_id = film.case_code, film.id or 0
        folders = self.case_folders(code)
        review = folders[Kind.review] / f"cycle-{film.cycle_number}"
        found = {
            Kind.still: sorted(folders[Kind.still].glob(f"film{film_id}-*.png")),
            Kind.review: [p for c in clip_ids if (p := review / f"clip-{c}.mp4").exists()],
            Kind.playback: [p for p in [self.playback(code, film_id)] if p.exists()],
            Kind.rendering: files_under(folders[Kind.rendering] / f"film-{film_id}"),
            Kind.document: self.documents_with_stills(code),
            # A family's copy may hold clips of several films: vigkit's copy goes with any.
            Kind.keepsake: files_under(folders[Kind.keepsake]),
            Kind.check: [p for p in [self.checked(code, film_id)] if p.exists()],
        }
        return found

    def for_use(self, case: str, use: Use) -> list[Path]:
        """Files made from the case's footage for ``use``: its renderings; for the family's
        own use (the shared review) also stills, review clips, playback copies and the
        documents made with stills; for a copy for the family, the copies kept here (what
        was handed over stays with the family)."""
        folders = self.case_folders(case)
        found = [
            p
            for p in files_under(folders[Kind.rendering])
            if p.parent.name == str(use) and p.parent.parent.name.startswith("film-")
        ]
        if use is Use.review:
            for kind in (Kind.still, Kind.review, Kind.playback):
                found += files_under(folders[kind])
            found += self.documents_with_stills(case)
        if use is Use.family_copy:
            found += files_under(folders[Kind.keepsake])
        return sorted(found)

    # -- documents with stills ----------------------------------------------------------

    def documents_with_stills(self, case: str) -> list[Path]:
        """The case's exported files that carry stills (the stills themselves included)."""
        folder = self.exports(case)
        listing = folder / WITH_STILLS
        # Documents made before vigkit kept the list: each may carry stills.
        names = _read_lines(listing) if listing.exists() else _documents(folder)
        found = {folder / n for n in names if (folder / n).is_file()}
        found |= {p for p in files_under(folder) if p.suffix.lower() == ".png"}
        return sorted(found)

    def carries_stills(self, case: str, relative: str) -> bool:
        """Whether exported file ``relative`` (inside the case's folder) carries stills."""
        if relative.lower().endswith(".png"):
            return True
        listing = self.exports(case) / WITH_STILLS
        if not listing.exists():
            return relative in _documents(self.exports(case))
        return relative in _read_lines(listing)


def note_documents(folder: Path, names: Iterable[str], *, with_stills: bool) -> None:
    """Record that the documents ``names`` in a case's exports ``folder`` were written with
    stills in them, or without (a document remade after a withdrawal)."""
    listing = folder / WITH_STILLS
    kept = set(_read_lines(listing))
    kept = kept | set(names) if with_stills else kept - set(names)
    with write_whole(listing) as tmp:
        tmp.write_text("".join(f"{n}\n" for n in sorted(kept)), encoding="utf-8")


def files_under(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted (none when it is not there)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def _documents(folder: Path) -> list[str]:
    """The names of the documents (HTML, Word, PDF) directly in ``folder``."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix.lower() in _DOCUMENT_TYPES)


_DOCUMENT_TYPES = frozenset({".html", ".docx", ".pdf"})


def _read_lines(path: Path) -> list[str]:
    try:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    except OSError:
        return []


@contextmanager
def write_whole(path: Path) -> Iterator[Path]:
    """Write ``path`` whole or not at all: the body writes the temporary path given; on
    success it replaces ``path`` (flushed to disk first), on failure it is removed.

    The temporary name keeps ``path``'s extension, so a writer that picks a format by the
    name (PyAV, Pillow) picks the right one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
