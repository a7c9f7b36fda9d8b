"""Template packs: question sets in a zip with a manifest of ids, versions and checksums.

Pure, over bytes: :func:`build_pack` makes a pack from template texts, and :func:`read_pack`
verifies one — the manifest, every name in the zip, sizes, every checksum, and that every
template passes check — and returns its templates, or raises :class:`PackProblem` with
every problem found. Reading and writing files is :mod:`.install`'s.

A pack holds ``manifest.json`` and ``question_sets/<id>.yaml`` files, nothing else::

    {"format": "vigkit-template-pack", "format_version": 1, "name": "...",
     "created": "2026-11-25T13:00:00Z",
     "templates": [{"id": "...", "version": "1.0", "file": "question_sets/....yaml",
                    "sha256": "..."}]}
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigkit.core import clock
from vigkit.core.errors import TemplateProblem, VigkitError
from vigkit.templates.loading import parse_question_set
from vigkit.templates.model import QuestionSet

if TYPE_CHECKING:
    from vigkit.templates.principles import Principles

__all__ = [
    "PACK_FORMAT",
    "MANIFEST",
    "Limits",
    "Manifest",
    "ManifestEntry",
    "PackProblem",
    "PackTemplate",
    "build_pack",
    "read_pack",
    "sha256",
]

PACK_FORMAT = "vigkit-template-pack"
MANIFEST = "manifest.json"
_FOLDER = "question_sets/"
_MEMBER = re.compile(r"^question_sets/[a-z][a-z0-9_-]*\.yaml$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Limits:
    """Sizes a pack may not pass: question sets are a few kilobytes each."""

    pack_bytes: int = 5_000_000
    files: int = 200
    file_bytes: int = 500_000
    total_bytes: int = 10_000_000


class PackProblem(VigkitError):
    """A pack cannot be made or installed; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class ManifestEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1)]
    version: Annotated[str, Field(min_length=1)]
    file: Annotated[str, Field(min_length=1)]
    sha256: Annotated[str, Field(pattern=_SHA256.pattern)]


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["vigkit-template-pack"]
    format_version: Literal[1]
    name: Annotated[str, Field(min_length=1)]
    created: str
    templates: Annotated[list[ManifestEntry], Field(min_length=1)]


@dataclass(frozen=True)
class PackTemplate:
    """One verified question set from a pack: its file name in the pack and its bytes."""

    file: str
    data: bytes
    qset: QuestionSet

    @property
    def sha256(self) -> str:
        return sha256(self.data)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_pack(
    name: str,
    templates: list[tuple[str, bytes]],
    principles: Principles | None = None,
    created: datetime | None = None,
) -> bytes:
    """A pack (zip bytes) of ``templates`` — ``(source name, file bytes)`` pairs.

    Every template must pass check, and no two may share an id; otherwise
    :class:`PackProblem` lists the located problems and nothing is made.
    """
    problems: list[str] = []
    parsed: list[tuple[QuestionSet, bytes]] = []
    ids: dict[str, str] = {}
    if not templates:
        problems.append("no question sets to pack — name template files or a folder of them")
    for source, data in templates:
        try:
            qset = parse_question_set(data.decode("utf-8"), source, principles)
        except UnicodeDecodeError:
            problems.append(f"{source}: is not UTF-8 text — save it as UTF-8 text in your editor")
            continue
        except TemplateProblem as exc:
            problems.extend(exc.problems)
            continue
        if qset.id in ids:
            problems.append(
                f"{source}: id {qset.id!r} is also the id of {ids[qset.id]} — a pack holds "
                "one template per id"
            )
            continue
        ids[qset.id] = source
        parsed.append((qset, data))
    if problems:
        raise PackProblem(problems)
    stamp = (created or clock.precise_now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = {
        "format": PACK_FORMAT,
        "format_version": 1,
        "name": name,
        "created": stamp,
        "templates": [
            {
                "id": qset.id,
                "version": qset.version,
                "file": f"{_FOLDER}{qset.id}.yaml",
                "sha256": sha256(data),
            }
            for qset, data in parsed
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for qset, data in parsed:
            zf.writestr(f"{_FOLDER}{qset.id}.yaml", data)
    return buffer.getvalue()


def _manifest_problems(source: str, exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        loc = err["loc"]
        where = " ".join(
            f"template {part + 1}" if isinstance(part, int) else repr(part) for part in loc[:-1]
        )
        field = loc[-1] if loc else ""
        if err["type"] == "missing":
            what = f"{where + ' ' if where else ''}has no {field!r}"
        elif err["type"] == "extra_forbidden":
            what = f"{field!r} is not a manifest field"
        else:
            what = f"{field!r}{' of ' + where if where else ''} is not valid ({err['msg']})"
        out.append(
            f"{source}: {MANIFEST}: {what} — the manifest is written by `vigkit templates "
            "pack`; make the pack again with it"
        )
    return out


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ValueError("too large")
    return data


def read_pack(
    data: bytes,
    source: str = "pack.zip",
    principles: Principles | None = None,
    limits: Limits | None = None,
) -> tuple[Manifest, list[PackTemplate]]:
    """Verify a pack and return its manifest and templates; :class:`PackProblem` otherwise.

    Every problem is collected before anything is refused, so a trainer sees them all.
    """
    limits = limits or Limits()
    with _open_zip(data, source, limits) as zf:
        members = _members(source, zf.infolist(), limits)
        contents = _read_members(source, zf, members, limits)
    manifest = _parse_manifest(source, contents.pop(MANIFEST))
    return manifest, _verify_templates(source, manifest, contents, principles)


def _open_zip(data: bytes, source: str, limits: Limits) -> zipfile.ZipFile:
    """The pack as a zip, unless it is too large or not a zip at all."""
    if len(data) > limits.pack_bytes:
        raise PackProblem(
            [
                f"{source}: the pack is {len(data):,} bytes, more than the {limits.pack_bytes:,} "
                "a template pack may be — it is not a vigkit template pack"
            ]
        )
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise PackProblem(
            [
                f"{source}: is not a template pack (not a zip file) — make one with "
                "`vigkit templates pack`"
            ]
        ) from None


def _members(
    source: str, infos: list[zipfile.ZipInfo], limits: Limits
) -> dict[str, zipfile.ZipInfo]:
    """The pack's files by name, once every name, size and flag is safe and the manifest is
    there: too many or too large files, twice the same name, a name outside the pack or not a
    question set file, and encryption are all refused."""
    names = [i.filename for i in infos]
    if len(infos) > limits.files + 1:
        raise PackProblem(
            [f"{source}: holds {len(infos)} files, more than the {limits.files} a pack may"]
        )
    if sum(i.file_size for i in infos) > limits.total_bytes:
        raise PackProblem(
            [f"{source}: unpacks to more than {limits.total_bytes:,} bytes — refused"]
        )
    problems = [
        f"{source}: {name!r} is in the pack twice — refused"
        for name in sorted({n for n in names if names.count(n) > 1})
    ]
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name in (_FOLDER, MANIFEST):
            members[name] = info
        elif (
            name.startswith(("/", "\\"))
            or "\\" in name
            or ".." in name.split("/")
            or re.match(r"^[A-Za-z]:", name)
        ):
            problems.append(
                f"{source}: the file name {name!r} points outside the pack — refused: "
                "this pack was not made by `vigkit templates pack` and may be unsafe"
            )
        elif not _MEMBER.match(name):
            problems.append(
                f"{source}: {name!r} is not a question set file — a pack holds only "
                f"{MANIFEST} and question_sets/<id>.yaml"
            )
        else:
            members[name] = info
        if info.flag_bits & 0x1:
            problems.append(f"{source}: {name!r} is encrypted — packs are not encrypted")
        elif info.file_size > limits.file_bytes:
            problems.append(
                f"{source}: {name!r} is {info.file_size:,} bytes, more than the "
                f"{limits.file_bytes:,} a template may be"
            )
    if problems:
        raise PackProblem(problems)
    if MANIFEST not in members:
        raise PackProblem(
            [
                f"{source}: has no {MANIFEST} — it is not a template pack; make one with "
                "`vigkit templates pack`"
            ]
        )
    return members


def _read_members(
    source: str, zf: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], limits: Limits
) -> dict[str, bytes]:
    """Each member file's bytes by name; refused when one unpacks to more than it says or
    cannot be read."""
    problems: list[str] = []
    contents: dict[str, bytes] = {}
    for name, info in members.items():
        if name.endswith("/"):
            continue
        try:
            contents[name] = _read_member(zf, info, limits.file_bytes)
        except ValueError:
            problems.append(f"{source}: {name!r} unpacks to more than it says — refused")
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError):
            problems.append(
                f"{source}: {name!r} cannot be read (the pack is damaged) — copy it again"
            )
    if problems:
        raise PackProblem(problems)
    return contents


def _parse_manifest(source: str, data: bytes) -> Manifest:
    """The manifest, from its JSON; refused with every field that is wrong."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackProblem(
            [f"{source}: {MANIFEST} is not valid JSON ({exc}) — make the pack again"]
        ) from None
    try:
        return Manifest.model_validate(raw)
    except ValidationError as exc:
        raise PackProblem(_manifest_problems(source, exc)) from None


def _verify_templates(
    source: str,
    manifest: Manifest,
    contents: dict[str, bytes],
    principles: Principles | None,
) -> list[PackTemplate]:
    problems: list[str] = []
    out: list[PackTemplate] = []
    listed: set[str] = set()
    ids: set[str] = set()
    for entry in manifest.templates:
        where = f"{source}/{entry.file}"
        if entry.file in listed or entry.id in ids:
            problems.append(f"{source}: {MANIFEST} lists {entry.file!r} or {entry.id!r} twice")
            continue
        listed.add(entry.file)
        ids.add(entry.id)
        if not _MEMBER.match(entry.file):
            problems.append(
                f"{source}: {MANIFEST} names {entry.file!r}, which is not a question set file "
                "name — refused"
            )
            continue
        if entry.file not in contents:
            problems.append(f"{source}: {MANIFEST} lists {entry.file!r}, which is not in the pack")
            continue
        data = contents[entry.file]
        if sha256(data) != entry.sha256:
            problems.append(
                f"{where}: has been changed since the pack was made (its checksum does not "
                "match the manifest) — refused; ask for the pack again from whoever made it"
            )
            continue
        try:
            qset = parse_question_set(data.decode("utf-8"), where, principles)
        except UnicodeDecodeError:
            problems.append(f"{where}: is not UTF-8 text — refused")
            continue
        except TemplateProblem as exc:
            problems.extend(exc.problems)
            continue
        if (qset.id, qset.version) != (entry.id, entry.version):
            problems.append(
                f"{where}: is {qset.id!r} version {qset.version}, but {MANIFEST} says "
                f"{entry.id!r} version {entry.version} — make the pack again"
            )
            continue
        out.append(PackTemplate(entry.file, data, qset))
    for name in sorted(set(contents) - listed):
        problems.append(f"{source}: {name!r} is in the pack but not in {MANIFEST} — refused")
    if problems:
        raise PackProblem(problems)
    return out
