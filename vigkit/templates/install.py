"""Making a template pack from files, and installing one into a data directory.

The edge around :mod:`.packs`: it reads template files, writes the zip, and installs a
verified pack's question sets into ``<data>/templates/question_sets``. Installing is all
or nothing: every check runs first, then the files are written, and if writing fails
part way the files already written are taken away again.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from vigkit.core.errors import TemplateProblem
from vigkit.paths import templates_dir
from vigkit.templates.check import is_principles
from vigkit.templates.loading import default_principles, parse_question_set, yaml_files
from vigkit.templates.model import QuestionSet
from vigkit.templates.packs import Manifest, PackProblem, PackTemplate, build_pack, read_pack
from vigkit.templates.yamlsource import read_template

__all__ = ["InstallResult", "install_pack", "make_pack"]


def _template_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
            )
            if not found:
                problems.append(f"{path}: no templates (*.yaml) here — check the folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or folder — check the path")
    return files, problems


def make_pack(
    paths: list[Path], to: Path, name: str | None = None, created: datetime | None = None
) -> tuple[list[str], list[str]]:
    """Write a pack of the question sets in ``paths`` to ``to``.

    Returns the ids and versions packed ("reflection_ours 1.0") and the files left out (a
    principles file: packs carry question sets). Raises :class:`PackProblem` with every
    problem — a template that fails check, an existing ``to`` — and then writes nothing.
    """
    files, problems = _template_files(paths)
    texts: list[tuple[str, bytes]] = []
    left_out: list[str] = []
    for file in files:
        try:
            text = read_template(file)
        except TemplateProblem as exc:
            problems.extend(exc.problems)
            continue
        if is_principles(text):
            left_out.append(str(file))
            continue
        texts.append((str(file), text.encode("utf-8")))
    if to.exists():
        problems.append(f"{to}: already exists — choose another name, or move that file away")
    if problems:
        raise PackProblem(problems)
    data = build_pack(name or to.stem, texts, default_principles(), created)
    to.parent.mkdir(parents=True, exist_ok=True)
    _write_new(to, data)
    _, templates = read_pack(data, str(to), default_principles())  # what a reader will see
    return [f"{t.qset.id} {t.qset.version}" for t in templates], left_out


def _write_new(target: Path, data: bytes) -> None:
    """Write ``target`` whole or not at all, never over an existing file."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".vigkit-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise PackProblem([f"{target.parent}: cannot be written to ({exc.strerror})"]) from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.link(tmp, target)  # fails if target exists: no overwrite, even in a race
    except FileExistsError:
        raise PackProblem(
            [f"{target}: already exists — choose another name, or move that file away"]
        ) from None
    except OSError as exc:
        raise PackProblem([f"{target}: cannot be written ({exc.strerror})"]) from None
    finally:
        os.unlink(tmp)


@dataclass
class InstallResult:
    manifest: Manifest
    installed: list[Path] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def _installed(folder: Path) -> dict[str, tuple[Path, QuestionSet, bytes]]:
    principles = default_principles()
    found: dict[str, tuple[Path, QuestionSet, bytes]] = {}
    for path in yaml_files(folder):
        try:
            qset = parse_question_set(read_template(path), str(path), principles)
        except TemplateProblem:
            continue
        found.setdefault(qset.id, (path, qset, path.read_bytes()))
    return found


def _clash(t: PackTemplate, path: Path, qset: QuestionSet, data: bytes, where: str) -> str | None:
    """Why ``t`` may not go in beside ``qset`` with the same id; None when it is the same."""
    new = t.qset
    if qset.version == new.version and data == t.data:
        return None
    if qset.version == new.version:
        return (
            f"{new.id!r} version {new.version} is {where} ({path}) with different questions — "
            "nothing was installed; a changed template needs a higher version, so ask whoever "
            "made the pack to raise it"
        )
    return (
        f"{new.id!r} version {qset.version} is {where} ({path}); the pack has version "
        f"{new.version} — nothing was installed, so records keep the questions they answered; "
        "to replace it, move that file out of the folder first, then install again"
    )


def install_pack(pack: Path, dest: Path, shipped: Path | None = None) -> InstallResult:
    """Install the question sets of ``pack`` into the folder ``dest``, all or nothing.

    Refuses (:class:`PackProblem`, nothing written) a pack that fails verification, and a
    template whose id is already installed or shipped with another version or content;
    one already there with the same id, version and content is reported, not written.
    """
    try:
        data = pack.read_bytes()
    except FileNotFoundError:
        raise PackProblem([f"{pack}: no such file — check the name and folder"]) from None
    except IsADirectoryError:
        raise PackProblem([f"{pack}: is a folder, not a template pack"]) from None
    except OSError as exc:
        raise PackProblem([f"{pack}: cannot be read ({exc.strerror})"]) from None
    manifest, templates = read_pack(data, str(pack), default_principles())
    result = InstallResult(manifest)

    installed = _installed(dest)
    shipped_sets = _installed(shipped or templates_dir() / "question_sets")
    problems: list[str] = []
    to_write: list[PackTemplate] = []
    for t in templates:
        reason: str | None = None
        if t.qset.id in shipped_sets:
            path, qset, existing = shipped_sets[t.qset.id]
            reason = _clash(t, path, qset, existing, "shipped with vigkit")
            if reason is None:
                result.already.append(f"{t.qset.id} {t.qset.version} (shipped with vigkit)")
                continue
        elif t.qset.id in installed:
            path, qset, existing = installed[t.qset.id]
            reason = _clash(t, path, qset, existing, "already installed")
            if reason is None:
                result.already.append(f"{t.qset.id} {t.qset.version}")
                continue
        elif (dest / f"{t.qset.id}.yaml").exists():
            reason = (
                f"{dest / (t.qset.id + '.yaml')} is in the way: it is not the question set "
                f"{t.qset.id!r} (or does not pass check) — move it away, then install again"
            )
        if reason:
            problems.append(reason)
        else:
            to_write.append(t)
    if problems:
        raise PackProblem(problems)
    _write_all(dest, to_write, result)
    return result


def _write_all(dest: Path, templates: list[PackTemplate], result: InstallResult) -> None:
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackProblem([f"{dest}: cannot be made ({exc.strerror})"]) from None
    written: list[Path] = []
    try:
        for t in templates:
            target = dest / f"{t.qset.id}.yaml"
            _write_new(target, t.data)
            written.append(target)
    except PackProblem as exc:
        for path in written:
            path.unlink(missing_ok=True)
        raise PackProblem([*exc.problems, "nothing was installed"]) from None
    result.installed.extend(written)
