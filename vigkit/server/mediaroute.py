"""The server's media routes: a logged film streamed by its id, renderings of its clips,
and stills of it.

``GET /vigkit/media/film/<id>`` sends the film file the store logged under that id (or its
playback copy, when vigkit made one because a browser could not show it), with
HTTP Range support (206 partial content), read in chunks by tornado's StaticFileHandler,
so a 1 GB film is never read whole. Only the family's own practitioner gets it, while the
family's filming consent stands. Nothing but logged films can be reached: the URL carries
an id, never a path.

``GET /vigkit/media/clip/<id>/<use>/<from ms>-<to ms>.mp4`` sends a *rendering*: those
seconds of the film only, re-encoded (:mod:`vigkit.media.renderings`), for one use the
family consented to, with everyone the policy says must be hidden for that use hidden for
good (:func:`vigkit.core.access.must_hide`). Everyone but the family's practitioner sees footage this way: a group
member only the clip presented to their group now, a supervisor only the clips the
practitioner chose. It is made on the first request, off the event loop, and kept.

``GET /vigkit/media/still/<id>/<t>.png[?for=<use>]`` sends a still of the film at ``t``
seconds: any moment to the family's practitioner; to anyone else only a moment inside the
seconds the policy lets them see for that use, with the same people hidden as in a
rendering for it.

All need the same login as the pages (jupyter_server's ``@web.authenticated``) and ask the
access policy (:func:`vigkit.core.access.decide`); alone, the one person is the family's
practitioner, so consent still decides. What the policy refuses gets 403, a line in the
log and one in the audit trail, never the file (the trail also records what was allowed: a
playback's first request, every still and export).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

from vigkit import paths
from vigkit.core.access import (
    PEOPLE_NOT_CONFIRMED,
    AccessRole,
    Action,
    CaseRef,
    Decision,
    Footage,
    Principal,
    Resource,
    ServiceReport,
    SupervisionRef,
    Use,
    consents_to,
    decide,
)
from vigkit.core.audit import event_for
from vigkit.core.errors import MediaError, NotFound
from vigkit.core.records import Film
from vigkit.media.fingerprint import check_unchanged
from vigkit.media.footage import FootageFiles
from vigkit.media.stills import still_at
from vigkit.server.urls import clip_url, export_url_from_page, film_url
from vigkit.store import Store

__all__ = [
    "FilmHandler",
    "ClipHandler",
    "StillHandler",
    "ExportHandler",
    "media_handlers",
    "film_url",
    "clip_url",
    "export_url_from_page",
]

CONTENT_TYPES = {".mp4": "video/mp4", ".m4v": "video/mp4", ".mov": "video/quicktime"}
FILM_ROUTE = r"/vigkit/media/film/([0-9]{1,12})"
_USES = "|".join(u.value for u in Use)
CLIP_ROUTE = rf"/vigkit/media/clip/([0-9]{{1,12}})/({_USES})/([0-9]{{1,8}})-([0-9]{{1,8}})\.mp4"
STILL_ROUTE = r"/vigkit/media/still/([0-9]{1,12})/([0-9]{1,5}(?:\.[0-9]{1,3})?)\.png"

#: What a refusal says, by the policy's reason (anything else: not yours to open).
_REFUSALS = {
    "no standing consent": "The family's consent to using this footage does not stand.",
    "outside the clip presented to your group": (
        "Only the seconds of the clip presented to your group can be seen."
    ),
    PEOPLE_NOT_CONFIRMED: (
        "This film was made at a group session, and nobody has yet confirmed who is in it, "
        "so none of it is shown for this use. Its practitioner confirms the people on the "
        "micro-analysis page (Save who is in this film)."
    ),
}


@lru_cache(maxsize=1)
def server_store() -> Store:
    """The server process's store (its data directory comes from ``$VIGKIT_HOME``)."""
    return Store.open()


def _alone_login() -> str:
    """Alone, who the audit trail names: the workbook's practitioner."""
    return server_store().settings.workbook_practitioner_id() or "alone"


class PlainErrors(JupyterHandler):
    """Errors as one plain sentence, never a traceback or a template page."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        message = getattr(self, "_vk_message", None)
        if message is None:
            message = "Not found." if status_code == 404 else f"The request failed ({status_code})."
        self.set_header("Content-Type", "text/plain; charset=UTF-8")
        self.finish(message)

    def _refuse(self, status: int, message: str) -> web.HTTPError:
        self._vk_message = message
        return web.HTTPError(status, reason="Not Found" if status == 404 else None)

    def _first_request(self) -> bool:
        """A playback's first request (no Range, or one from byte 0), not its later ones."""
        ranged = self.request.headers.get("Range", "bytes=0-").replace(" ", "")
        return ranged.startswith("bytes=0-")

    def _door(self, action: Action, resource: Resource) -> None:
        """Refuse (403, a log line and an audit line) what the policy does not allow; the
        audit trail also records a playback's first request. Alone, the one person is the
        family's practitioner: the family's consent still decides."""
        if paths.is_team_mode():
            login = getattr(self.current_user, "username", None) or ""
            decision = decide(server_store().access.principal(login), action, resource)
        else:  # alone: the one practitioner, on loopback or a token
            login = _alone_login()
            decision = _alone_decision(action, resource)
        if not decision or self._first_request():  # a playback's first request only
            server_store().audit.record(
                event_for(login, str(action), resource, decision, self.request.path)
            )
        if not decision:
            self.log.warning(
                "vigkit: refused %s %s %s (%s)", login, action, self.request.path, decision.reason
            )
            message = _REFUSALS.get(decision.reason, "This is not yours to open.")
            if decision.reason.startswith("no consent to"):
                message = (
                    f"The family has not agreed to this use of their footage ({decision.reason})."
                )
            raise self._refuse(403, message)

    async def _unchanged(self, film: Film) -> None:
        """409 unless the file is the one logged (its sha256, taken again only when its size
        or modification time moved): a changed film is neither played nor stilled."""
        try:
            stat = os.stat(film.path)
        except OSError as exc:
            raise self._refuse(404, f"The file of film {film.id} cannot be read.") from exc
        seen = (film.path, film.sha256, stat.st_size, stat.st_mtime_ns)
        if _VERIFIED.get(film.id or 0) == seen:
            return
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(None, check_unchanged, paths.data_dir(), film)
        except MediaError as exc:
            self.log.warning("vigkit: film %s changed on disk: %s", film.id, exc)
            raise self._refuse(
                409,
                f"Film {film.id} has changed on disk since it was logged (its fingerprint no "
                "longer matches), so it is not played or stilled. Register the film again.",
            ) from exc
        _VERIFIED[film.id or 0] = seen

    def _film(
        self, film_id: str, use: Use | None = None, seconds: tuple[float, float] | None = None
    ) -> Film:
        try:
            film = server_store().films.get(int(film_id))
            self._door(Action.play, server_store().access.footage(film, use, seconds))
        except NotFound as exc:
            raise self._refuse(404, f"There is no film {film_id}.") from exc
        if film.footage_deleted_on is not None:
            raise self._refuse(
                410,
                f"The footage of film {film.id} was deleted on "
                f"{film.footage_deleted_on.isoformat()}: its retention ended. The notes on "
                "its clips are kept.",
            )
        return film


class _FileOfFilm(PlainErrors, web.StaticFileHandler):
    """A file found from a film's id (never from a path in the URL), with Range support."""

    _film_path: str | None = None

    def initialize(self, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: D102 - root "/" only: paths are mapped by id
        web.StaticFileHandler.initialize(self, path=os.sep)

    @web.authenticated
    async def head(self, *args: str) -> Any:  # type: ignore[override]
        await self._locate(*args)
        return await web.StaticFileHandler.get(self, args[0], include_body=False)

    @web.authenticated
    async def get(self, *args: str) -> Any:  # type: ignore[override]
        await self._locate(*args)
        return await web.StaticFileHandler.get(self, args[0], include_body=True)

    async def _locate(self, *args: str) -> None:
        raise NotImplementedError

    async def _readable(self, film: Film) -> None:
        if not Path(film.path).is_file():
            raise self._refuse(
                404,
                f"The file of film {film.id} has moved or been deleted since it was logged. "
                "Put it back where it was, or register it again.",
            )
        await self._unchanged(film)

    def parse_url_path(self, url_path: str) -> str:
        if self._film_path is None:
            raise self._refuse(404, "Not found.")
        return self._film_path

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        if self._film_path is None or os.path.abspath(absolute_path) != self._film_path:
            raise self._refuse(404, "Not found.")
        if not os.path.isfile(absolute_path):
            raise self._refuse(404, "The film's file has moved or been deleted.")
        return absolute_path

    def get_content_type(self) -> str:
        suffix = Path(self._film_path or "").suffix.lower()
        return CONTENT_TYPES.get(suffix, "application/octet-stream")

    def compute_etag(self) -> str | None:
        # tornado's own etag hashes the whole file: one stat is enough here.
        stat = os.stat(self._film_path or "")
        return f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'

    def set_extra_headers(self, path: str) -> None:
        # Families' films: never kept in shared caches.
        self.set_header("Cache-Control", "private, no-cache")


class FilmHandler(_FileOfFilm):
    """One logged film, by id, for the family's own practitioner; anything else is 404."""

    async def _locate(self, *args: str) -> None:
        film = self._film(args[0])
        await self._readable(film)
        copy = FootageFiles(paths.data_dir()).playback(film.case_code, film.id or 0)
        # A playback copy exists only because a browser could not show the original: it
        # plays everywhere and keeps the original's frame times, so it is the one sent.
        self._film_path = str((copy if copy.is_file() else Path(film.path)).resolve())


class ClipHandler(_FileOfFilm):
    """Some seconds of a film rendered for a use: what everyone else sees of footage.

    Made on the first request (off the event loop, one at a time) and kept; a request for
    bytes past the rendering's end is refused (416), never clamped to the film."""

    async def _locate(self, *args: str) -> None:
        film_id, use_text, start_ms, end_ms = args
        start_s, end_s = int(start_ms) / 1000, int(end_ms) / 1000
        use = Use(use_text)
        film = self._film(film_id, use, (start_s, end_s))
        if end_s <= start_s or end_s > film.duration_s + 0.05:
            raise self._refuse(
                404,
                f"Film {film_id} is {film.duration_s:.1f} s long: there is no clip from "
                f"{start_s:.1f} s to {end_s:.1f} s in it.",
            )
        await self._readable(film)
        from vigkit.media.renderings import render_for

        data, store = paths.data_dir(), server_store()
        try:
            async with _rendering():
                loop = asyncio.get_running_loop()
                made = await loop.run_in_executor(
                    None, render_for, store, data, film, use, (start_s, end_s)
                )
        except MediaError as exc:
            self.log.warning("vigkit: no rendering of film %s: %s", film_id, exc)
            raise self._refuse(
                500, f"The clip could not be made, so nothing was sent: {exc}"
            ) from exc
        self._film_path = str(made.resolve())


class StillHandler(PlainErrors):
    """A PNG still of a logged film at ``t`` seconds.

    A still the practitioner took (the page keeps it under ``<data>/media/stills``) is sent
    as kept; any other moment is drawn for this answer only and never written, so requests
    for ever new moments cannot fill the disk or the page. Two are drawn at a time at most."""

    @web.authenticated
    async def get(self, film_id: str, t_text: str) -> None:
        t = float(t_text)
        wanted = self.get_argument("for", "")
        if wanted and wanted not in Use.__members__:
            raise self._refuse(404, "Not found.")
        use = Use(wanted) if wanted else None
        film = self._film(film_id, use, None if use is None else (t, t))
        if t > film.duration_s:
            raise self._refuse(404, f"Film {film_id} is only {film.duration_s:.1f} s long.")
        if not Path(film.path).is_file():
            raise self._refuse(404, f"The file of film {film_id} has moved or been deleted.")
        await self._unchanged(film)
        kept = FootageFiles(paths.data_dir()).still(film.case_code, int(film_id), t)
        if use is None and kept.is_file():
            body = kept.read_bytes()
        else:
            async with _drawing():
                try:
                    loop = asyncio.get_running_loop()
                    body = await loop.run_in_executor(None, _still_bytes, film, t, use)
                except MediaError as exc:
                    self.log.warning("vigkit: no still of film %s at %s: %s", film_id, t, exc)
                    raise self._refuse(
                        404,
                        f"Film {film_id} has no still at {t:.2f} s: it could not be read there.",
                    ) from exc
        self.set_header("Content-Type", "image/png")
        self.set_header("Cache-Control", "private, no-cache")
        self.finish(body)


def _still_bytes(film: Film, t: float, use: Use | None) -> bytes:
    """A still drawn into a private temporary folder, read, and gone with the folder; for a
    use, with the people hidden that a rendering for it hides."""
    hide = None
    if use is not None:
        from vigkit.media.renderings import hiding_for_use

        hide, _ = hiding_for_use(server_store(), film, use, t, t)
    with tempfile.TemporaryDirectory(prefix="vigkit-still-") as folder:
        return still_at(film.path, t, Path(folder) / "still.png", hide=hide).read_bytes()


_VERIFIED: dict[int, tuple[str, str, int, int]] = {}  # film id -> what was checked unchanged
_DRAWING: list[asyncio.Semaphore] = []
_RENDERING: list[asyncio.Semaphore] = []


def _drawing() -> asyncio.Semaphore:
    """At most two stills drawn at once by this server (made on its own loop)."""
    if not _DRAWING:
        _DRAWING.append(asyncio.Semaphore(2))
    return _DRAWING[0]


def _rendering() -> asyncio.Semaphore:
    """One rendering made at a time by this server: it takes a core while it runs."""
    if not _RENDERING:
        _RENDERING.append(asyncio.Semaphore(1))
    return _RENDERING[0]


def _alone_decision(action: Action, resource: Resource) -> Decision:
    """Alone, the one person is the practitioner of every family in the workbook: the
    policy still asks the family's consent about footage and its documents."""
    match resource:
        case Footage(owner=owner) | CaseRef(owner=owner):
            return decide(Principal(owner, frozenset({AccessRole.practitioner})), action, resource)
    return Decision(True, "alone: your workbook")


class ExportHandler(PlainErrors, web.StaticFileHandler):
    """Documents made for a case (record of strengths, stills) under ``<data>/exports``.

    Never video: exports hold only what vigkit wrote there. tornado keeps requests inside
    the folder; the page login is required as for everything else."""

    def initialize(self, **kwargs: Any) -> None:  # type: ignore[override]  # noqa: D102 - the root is the data's exports
        root = paths.data_dir() / "exports"
        root.mkdir(parents=True, exist_ok=True)
        web.StaticFileHandler.initialize(self, path=str(root))

    @web.authenticated
    def get(self, path: str, include_body: bool = True) -> Any:  # type: ignore[override]
        parts = path.split("/")
        # Only names vigkit writes: never "..", ".", or a hidden file (a ".." would reach
        # the exports root, outside every case's folder).
        if Path(path).suffix.lower() not in EXPORT_TYPES or any(p.startswith(".") for p in parts):
            raise self._refuse(404, "Not found.")
        owner = self._owner_of(parts[0])
        if paths.is_team_mode() or Path(path).suffix.lower() != ".png":  # alone: documents
            self._door(Action.export, owner)
        if isinstance(owner, CaseRef):
            self._stills_consented(owner, "/".join(parts[1:]))
        return web.StaticFileHandler.get(self, path, include_body=include_body)

    def _stills_consented(self, case: CaseRef, relative: str) -> None:
        """A document with stills (or a still) only while the family's consent stands."""
        if not FootageFiles(paths.data_dir()).carries_stills(case.code, relative):
            return
        consent = server_store().cases.get_consent(case.code)
        if consents_to(consent, Use.review):
            return
        refused = Decision(False, "no standing consent: a document with stills")
        login = getattr(self.current_user, "username", None) or _alone_login()
        server_store().audit.record(event_for(login, "export", case, refused, self.request.path))
        raise self._refuse(
            403,
            "The family's consent to using their footage no longer stands, so this document "
            "and its pictures are not shown. Make the record of strengths again: it is made "
            "without pictures.",
        )

    def _owner_of(self, folder: str) -> Resource:
        if folder.startswith("report-"):
            return ServiceReport()
        if folder.startswith("portfolio-"):
            return SupervisionRef(trainee=folder.removeprefix("portfolio-"), supervisor=None)
        try:
            return CaseRef(folder, server_store().cases.get(folder).practitioner_id)
        except NotFound as exc:
            if paths.is_team_mode():  # a case nobody may open answers as one that is not
                raise self._refuse(403, "This is not yours to open.") from exc
            raise self._refuse(404, "Not found.") from exc

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "private, no-cache")


EXPORT_TYPES = {".html", ".docx", ".pdf", ".png", ".csv"}
# A case's folder (F017) or a trainee's portfolio folder (portfolio-<practitioner id>).
EXPORT_ROUTE = (
    r"/vigkit/exports/((?:[A-Z0-9]{3,9}|portfolio-[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}"
    r"|report-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{4}-[0-9]{2}-[0-9]{2}(?:-[a-z]+)?)"
    r"/[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?)"
)


def media_handlers(server_url: str) -> list[tuple[Any, ...]]:
    """The routes to add to the server's handlers."""
    return [
        (url_path_join(server_url, FILM_ROUTE), FilmHandler),
        (url_path_join(server_url, CLIP_ROUTE), ClipHandler),
        (url_path_join(server_url, STILL_ROUTE), StillHandler),
        (url_path_join(server_url, EXPORT_ROUTE), ExportHandler),
    ]
