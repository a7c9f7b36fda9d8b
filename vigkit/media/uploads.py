"""Films uploaded from the page into the service's media storage, in resumable chunks.

In a team the practitioner's laptop folder is not on the server, so the page sends the film
in chunks (:mod:`vigkit.server.uploadroute`) and each chunk is appended to a partial file
under ``<data>/media/uploads/.partial/``; a film is never held whole in memory, by the
server or a kernel. An upload's id is fixed by who sends which file (login, case, name, size,
modification time), so after a dropped connection or a closed tab the page asks how much
arrived and sends the rest. When the last byte arrives the file is opened with PyAV (its
header only): a file that is not a film (a text file named ``.mp4``) is removed there and
then, and the page is told so in plain words. A film moves to ``<data>/media/uploads/<CASE>/``
and the page's kernel registers it as any other film (fingerprint, probe); one that still
cannot be registered is removed again: nothing half-made stays.

Nothing here decides who may upload: the route asks the access policy first.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from vigkit import paths
from vigkit.core.errors import VigkitError
from vigkit.media.footage import FootageFiles

__all__ = [
    "UploadError",
    "Upload",
    "UPLOAD_SUFFIXES",
    "MAX_FILM_BYTES",
    "MAX_CHUNK_BYTES",
    "upload_id",
    "start_upload",
    "upload_state",
    "append_chunk",
    "completed_upload",
    "discard_upload",
    "uploads_dir",
]

UPLOAD_SUFFIXES = (".mp4", ".mov", ".m4v")
MAX_FILM_BYTES = 20 * 1024**3  # 20 GB: longer than any VIG film
MAX_CHUNK_BYTES = 16 * 1024**2  # the page sends 4 MB; tornado holds one chunk at a time
SPARE_BYTES = 512 * 1024**2  # room left on the disk after a film
STALE_SECONDS = 14 * 24 * 3600  # an upload nobody finished in two weeks is removed
_ID = re.compile(r"^[0-9a-f]{32}$")
_CASE = re.compile(r"^[A-Z0-9]{3,9}$")


class UploadError(VigkitError):
    """An upload was refused or could not be written; the message says why in plain words."""


@dataclass(frozen=True)
class Upload:
    """One upload: who sends which file for which case, and how much has arrived."""

    id: str
    owner: str  # the login (empty alone: the one practitioner)
    case_code: str
    name: str  # the file's name as the browser gave it
    size: int
    received: int = 0
    path: str = ""  # where the whole film lies once every byte arrived

    @property
    def done(self) -> bool:
        return bool(self.path)


def uploads_dir(data: Path) -> Path:
    paths.media_dir(data)
    return FootageFiles(data).uploads()


def _partial_dir(data: Path) -> Path:
    path = FootageFiles(data).upload_partials()
    path.mkdir(parents=True, exist_ok=True)
    return path


def upload_id(owner: str, case_code: str, name: str, size: int, modified: int) -> str:
    """The same id for the same person sending the same file, so a broken upload resumes."""
    key = "\x00".join((owner, case_code, name, str(size), str(modified)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _safe_name(name: str) -> str:
    """The file's name made safe to keep on disk (letters, digits, . _ -), its type kept."""
    stem, suffix = os.path.splitext(os.path.basename(name.replace("\\", "/")))
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-.")[:60] or "film"
    return stem + suffix.lower()


def _state_file(data: Path, ident: str) -> Path:
    return _partial_dir(data) / f"{ident}.json"


def _part_file(data: Path, ident: str) -> Path:
    return _partial_dir(data) / f"{ident}.part"


def _save(data: Path, upload: Upload) -> None:
    target = _state_file(data, upload.id)
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(upload)), encoding="utf-8")
    tmp.replace(target)


def _load(data: Path, ident: str, owner: str) -> Upload:
    """The upload ``ident`` when it is ``owner``'s; the same refusal when missing or not theirs."""
    if not _ID.match(ident):
        raise UploadError(key="error.upload.unknown")
    try:
        raw = json.loads(_state_file(data, ident).read_text(encoding="utf-8"))
        upload = Upload(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise UploadError(key="error.upload.unknown") from exc
    if upload.owner != owner:
        raise UploadError(key="error.upload.unknown")
    if not upload.done:
        part = _part_file(data, ident)
        received = part.stat().st_size if part.exists() else 0
        upload = Upload(**(asdict(upload) | {"received": received}))
    return upload


def _forget_stale(data: Path, now: float) -> None:
    for leftover in _partial_dir(data).iterdir():
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def start_upload(
    data: Path, owner: str, case_code: str, name: str, size: int, modified: int
) -> Upload:
    """Begin (or resume) sending a film; says how many bytes the server already has."""
    if not _CASE.match(case_code):
        raise UploadError(key="error.upload.unknown")
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(
            key="error.upload.kind", name=repr(name), suffixes=", ".join(UPLOAD_SUFFIXES)
        )
    if size <= 0:
        raise UploadError(key="error.upload.empty", name=repr(name))
    if size > MAX_FILM_BYTES:
        raise UploadError(key="error.upload.too_big", name=repr(name), limit=_gb(MAX_FILM_BYTES))
    _forget_stale(data, time.time())
    ident = upload_id(owner, case_code, name, size, modified)
    try:
        return _load(data, ident, owner)
    except UploadError:
        pass  # a new upload
    free = shutil.disk_usage(_partial_dir(data)).free
    if size + SPARE_BYTES > free:
        raise UploadError(key="error.upload.no_room", name=repr(name), free=_gb(free))
    upload = Upload(id=ident, owner=owner, case_code=case_code, name=name, size=size)
    _part_file(data, ident).touch()
    _save(data, upload)
    return upload


def upload_state(data: Path, ident: str, owner: str) -> Upload:
    """How far upload ``ident`` has come (UploadError when it is not ``owner``'s)."""
    return _load(data, ident, owner)


def append_chunk(data: Path, ident: str, owner: str, start: int, chunk: bytes) -> Upload:
    """Add ``chunk`` at byte ``start``; the whole film moves into place with its last byte.

    A chunk that does not start where the file ends (sent twice, or after a lost answer) is
    refused with how much the server has, so the page sends from there."""
    upload = _load(data, ident, owner)
    if upload.done:
        return upload
    if start != upload.received:
        raise UploadError(key="error.upload.out_of_step", received=upload.received)
    if len(chunk) > MAX_CHUNK_BYTES or upload.received + len(chunk) > upload.size:
        raise UploadError(key="error.upload.out_of_step", received=upload.received)
    part = _part_file(data, ident)
    with part.open("ab") as fh:
        fh.write(chunk)
        fh.flush()
        os.fsync(fh.fileno())
    received = upload.received + len(chunk)
    if received < upload.size:
        return Upload(**(asdict(upload) | {"received": received}))
    _refuse_unless_film(data, upload, part)
    folder = uploads_dir(data) / upload.case_code
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{ident[:8]}-{_safe_name(upload.name)}"
    part.replace(final)
    done = Upload(**(asdict(upload) | {"received": received, "path": str(final)}))
    _save(data, done)
    return done


def _refuse_unless_film(data: Path, upload: Upload, part: Path) -> None:
    """Remove the whole upload, and refuse in plain words, when ``part`` is not a film."""
    from vigkit.core.errors import MediaError
    from vigkit.media.opening import check_is_film

    try:
        check_is_film(part)
    except MediaError as exc:
        part.unlink(missing_ok=True)
        _state_file(data, upload.id).unlink(missing_ok=True)
        raise UploadError(
            key="error.upload.not_a_film",
            name=repr(upload.name),
            suffixes=", ".join(UPLOAD_SUFFIXES),
        ) from exc


def completed_upload(data: Path, ident: str, owner: str, case_code: str) -> Path:
    """The whole film of upload ``ident``, for ``owner``'s page of case ``case_code``."""
    upload = _load(data, ident, owner)
    path = Path(upload.path)
    inside = uploads_dir(data).resolve() in path.resolve().parents
    if not upload.done or upload.case_code != case_code or not inside or not path.is_file():
        raise UploadError(key="error.upload.unknown")
    return path


def discard_upload(data: Path, ident: str, owner: str, *, keep_film: bool) -> None:
    """Forget upload ``ident``: its record always, its film too unless ``keep_film``
    (a registered film stays; one that could not be read goes)."""
    try:
        upload = _load(data, ident, owner)
    except UploadError:
        return
    if not keep_film:
        for leftover in (Path(upload.path) if upload.path else None, _part_file(data, ident)):
            if leftover is not None:
                leftover.unlink(missing_ok=True)
    _state_file(data, ident).unlink(missing_ok=True)


def _gb(n: int) -> str:
    return f"{n / 1024**3:.1f} GB"
