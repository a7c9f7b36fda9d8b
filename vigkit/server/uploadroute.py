"""The server's upload routes: a film sent from the page in resumable chunks.

``POST /vigkit/upload`` (JSON: case, name, size, modified) begins or resumes an upload and
answers how many bytes the server already has; ``PUT /vigkit/upload/<id>`` with
``Content-Range: bytes START-END/SIZE`` adds one chunk (at most 16 MB, held by the server
only while it is written); ``GET /vigkit/upload/<id>`` says how far it came. The film lands
under ``<data>/media/uploads/`` (:mod:`vigkit.media.uploads`), never in a kernel.

The same login as the pages (and, as for every POST and PUT of the server, its XSRF
cookie) is needed; in team mode the access policy must let the login add to the case
(:data:`~vigkit.core.access.Action.edit`), the family must have consented to filming, and
an upload is only ever its sender's. Every answer is JSON; a refusal carries ``error`` in
plain words (and ``received`` when the page should send from another byte).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from typing import Any

from jupyter_server.utils import url_path_join
from tornado import web

from vigkit import paths
from vigkit.core.access import Action, CaseRef
from vigkit.core.errors import NotFound
from vigkit.i18n.interface import Interface
from vigkit.media.uploads import (
    MAX_CHUNK_BYTES,
    Upload,
    UploadError,
    append_chunk,
    start_upload,
    upload_state,
)
from vigkit.server.mediaroute import PlainErrors, server_store

__all__ = [
    "UploadStartHandler",
    "UploadChunkHandler",
    "upload_handlers",
    "chunk_bytes",
    "ENV_CHUNK",
]

START_ROUTE = r"/vigkit/upload/?"
CHUNK_ROUTE = r"/vigkit/upload/([0-9a-f]{32})"
_RANGE = re.compile(r"^bytes (\d{1,15})-(\d{1,15})/(\d{1,15})$")
#: The size of the pieces the page sends. A proxy in front of the service may cap a
#: request's body (nginx's ingress takes 1 MB unless told otherwise): set this below it.
ENV_CHUNK = "VIGKIT_UPLOAD_CHUNK_BYTES"
DEFAULT_CHUNK = 4 * 1024 * 1024


def chunk_bytes() -> int:
    """The piece size the page is told to send (``$VIGKIT_UPLOAD_CHUNK_BYTES``, 64 KB–16 MB)."""
    try:
        asked = int(os.environ.get(ENV_CHUNK, DEFAULT_CHUNK))
    except ValueError:
        asked = DEFAULT_CHUNK
    return max(64 * 1024, min(asked, MAX_CHUNK_BYTES))


class _UploadHandler(PlainErrors):
    """JSON answers, refusals in plain words."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        message = getattr(self, "_vk_message", None)
        if message is None:
            # A missing or stale XSRF cookie is the likely 403 without a message of ours.
            message = (
                "The page could not be checked by the server: reload the page and send again."
                if status_code == 403
                else f"The upload failed ({status_code})."
            )
        body: dict[str, object] = {"error": message}
        if (received := getattr(self, "_vk_received", None)) is not None:
            body["received"] = received
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.finish(json.dumps(body))

    def _owner(self) -> str:
        """Whose upload this is: the login in a team; alone, the one practitioner ("")."""
        if not paths.is_team_mode():
            return ""
        return str(getattr(self.current_user, "username", "") or "")

    def _answer(self, upload: Upload) -> None:
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(
            json.dumps(
                {
                    "id": upload.id,
                    "received": upload.received,
                    "size": upload.size,
                    "done": upload.done,
                }
            )
        )

    def _refused(self, exc: UploadError) -> web.HTTPError:
        if exc.key == "error.upload.out_of_step":
            self._vk_received = exc.values.get("received")
            return self._refuse(409, Interface().error(exc))
        status = 404 if exc.key == "error.upload.unknown" else 400
        return self._refuse(status, Interface().error(exc))


class UploadStartHandler(_UploadHandler):
    """Begin, or resume, sending one film for one case."""

    @web.authenticated
    def get(self) -> None:
        """The XSRF token the page sends with its POST and PUTs (a Voilà page has no cookie
        of it until some handler of the server asks for one), and the piece size to send."""
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")
        token = self.xsrf_token.decode("ascii")
        self.finish(json.dumps({"xsrf": token, "chunk": chunk_bytes()}))

    @web.authenticated
    def post(self) -> None:
        try:
            asked = json.loads(self.request.body or b"{}")
            code = str(asked["case"])
            name = str(asked["name"])
            size = int(asked["size"])
            modified = int(asked.get("modified", 0))
        except (ValueError, KeyError, TypeError) as exc:
            raise self._refuse(
                400, "The page sent an upload this server does not understand."
            ) from exc
        store = server_store()
        try:
            case = store.cases.get(code)
        except NotFound as exc:
            raise self._refuse(404, f"There is no case {code}.") from exc
        self._door(Action.edit, CaseRef(case.code, case.practitioner_id))
        consent = store.cases.get_consent(case.code)
        if consent is None or not consent.allows_filming:
            raise self._refuse(403, Interface().say("error.upload.no_consent"))
        try:
            upload = start_upload(paths.data_dir(), self._owner(), case.code, name, size, modified)
        except UploadError as exc:
            raise self._refused(exc) from exc
        self.log.info(
            "vigkit: upload %s for %s (%d of %d bytes)", upload.id, case.code, upload.received, size
        )
        self._answer(upload)


class UploadChunkHandler(_UploadHandler):
    """How far an upload has come (GET), and its next chunk (PUT)."""

    @web.authenticated
    def get(self, ident: str) -> None:
        try:
            self._answer(upload_state(paths.data_dir(), ident, self._owner()))
        except UploadError as exc:
            raise self._refused(exc) from exc

    @web.authenticated
    async def put(self, ident: str) -> None:
        match = _RANGE.match(self.request.headers.get("Content-Range", "").strip())
        body = self.request.body
        if match is None or len(body) > MAX_CHUNK_BYTES:
            raise self._refuse(
                400, "The page sent a piece of the film this server does not understand."
            )
        start, end = int(match.group(1)), int(match.group(2))
        if end - start + 1 != len(body):
            raise self._refuse(
                400, "A piece of the film arrived incomplete; the page sends it again."
            )
        loop = asyncio.get_running_loop()
        try:
            upload = await loop.run_in_executor(
                None, append_chunk, paths.data_dir(), ident, self._owner(), start, body
            )
        except UploadError as exc:
            raise self._refused(exc) from exc
        except OSError as exc:
            self.log.warning("vigkit: upload %s not written: %s", ident, exc)
            raise self._refuse(
                507, "The server could not keep this piece of the film (its disk may be full)."
            ) from exc
        self._answer(upload)


def upload_handlers(server_url: str) -> list[tuple[Any, ...]]:
    """The routes to add to the server's handlers."""
    return [
        (url_path_join(server_url, START_ROUTE), UploadStartHandler),
        (url_path_join(server_url, CHUNK_ROUTE), UploadChunkHandler),
    ]
