"""Which template file a preview shows, what is in the template folders, and what changed.

The preview page is opened by id (``?model=reflection_what``) or by file name
(``?file=reflection_what.yaml``), never by a path: a name is looked for only inside the
template folders, so a URL cannot open any other file. No widgets here; the only I/O is
reading the template files and their modification times.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from vigkit.core.errors import NotFound, TemplateProblem
from vigkit.i18n.phrase import Phrase
from vigkit.templates import QuestionSet, check_path, load_question_set

if TYPE_CHECKING:
    from vigkit.templates.principles import Principles

__all__ = [
    "Folder",
    "TemplateFile",
    "Loaded",
    "PreviewNotFound",
    "template_files",
    "find_preview_file",
    "load_for_preview",
    "stamp",
    "FILE_NAME",
]

# A plain file name: no folder, no leading dot, a YAML suffix.
FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}\.ya?ml$")
WHERE_WORDS = {"own": "your service's own templates", "shipped": "the shipped templates"}


@dataclass(frozen=True)
class Folder:
    """A folder of question sets: ``own`` (the data directory's) or ``shipped``."""

    where: str
    path: Path


@dataclass(frozen=True)
class TemplateFile:
    """One question-set file as the list of templates shows it."""

    path: Path
    where: str
    id: str | None = None
    title: str | None = None
    version: str | None = None
    problems: int = 0

    @property
    def href(self) -> str:
        """The preview page of this file (relative to the workbooks)."""
        return f"preview.ipynb?file={quote(self.path.name)}&where={self.where}"


class PreviewNotFound(NotFound):
    """No template file matches what the preview was asked for."""


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _read_set(path: Path, principles: Principles | None) -> QuestionSet | None:
    try:
        return load_question_set(path, principles)
    except TemplateProblem:
        return None


def template_files(folders: Sequence[Folder], principles: Principles | None) -> list[TemplateFile]:
    """Every question-set file in ``folders``, with its id and title, or how many problems."""
    out: list[TemplateFile] = []
    for folder in folders:
        for path in _yaml_files(folder.path):
            qset = _read_set(path, principles)
            if qset is not None:
                out.append(TemplateFile(path, folder.where, qset.id, qset.title, qset.version))
            else:
                out.append(TemplateFile(path, folder.where, problems=len(check_path(path)) or 1))
    return out


def find_preview_file(
    folders: Sequence[Folder],
    principles: Principles | None,
    model: str = "",
    file: str = "",
    where: str = "",
) -> tuple[Path, str]:
    """The file to preview and which folder it is in (``own`` or ``shipped``).

    ``file`` is a plain file name inside a template folder; ``model`` a question set's id
    (a broken file whose name is the id counts, so its problems can be shown). ``where``
    keeps to one folder; otherwise the service's own come first, as on every page.
    """
    if where and where not in WHERE_WORDS:
        raise PreviewNotFound(
            key="error.preview.not_a_folder", where=repr(where), own="'own'", shipped="'shipped'"
        )
    chosen = [f for f in folders if not where or f.where == where]
    if file:
        if not FILE_NAME.match(file):
            raise PreviewNotFound(
                key="error.preview.bad_file_name", file=repr(file), example="reflection_what.yaml"
            )
        for folder in chosen:
            path = folder.path / file
            if path.is_file() and path.resolve().parent == folder.path.resolve():
                return path, folder.where
        raise PreviewNotFound(key="error.preview.no_file", file=repr(file), folders=_words(chosen))
    if not model:
        raise PreviewNotFound(key="error.preview.choose")
    for folder in chosen:
        for path in _yaml_files(folder.path):
            qset = _read_set(path, principles)
            if qset is not None and qset.id == model:
                return path, folder.where
    for folder in chosen:
        for path in _yaml_files(folder.path):
            if path.stem == model:
                return path, folder.where
    raise PreviewNotFound(
        key="error.preview.no_template", model=repr(model), folders=_words(chosen)
    )


def _words(folders: Sequence[Folder]) -> str:
    """The folders in a few words ("your service's own templates or the shipped templates")."""
    said: list[str] = [
        Phrase(f"home.preview.where.{f.where}") if f.where in WHERE_WORDS else f.where
        for f in folders
    ]
    if not said:
        return Phrase("error.preview.anywhere")
    first = said[0]
    for other in said[1:]:
        first = Phrase("error.preview.either", first=first, second=other)
    return first


@dataclass
class Loaded:
    """A file read for the preview: its question set when valid, else its problems."""

    qset: QuestionSet | None
    problems: list[str] = field(default_factory=list)


def _short(line: str, path: Path) -> str:
    """``reflection.yaml:14:15: …`` rather than the whole path, which the page shows once."""
    full = str(path)
    return path.name + line[len(full) :] if line.startswith(full) else line


def load_for_preview(path: Path, principles: Principles | None) -> Loaded:
    """The question set in ``path``, or every problem ``templates check`` finds in it."""
    if not path.is_file():
        return Loaded(
            None,
            [
                f"{path.name}: the file is not there any more — save it again under this name, "
                "or open another template from the list"
            ],
        )
    problems = check_path(path)
    if not problems:
        try:
            return Loaded(load_question_set(path, principles))
        except TemplateProblem as exc:  # e.g. the principles, which are not a question set
            problems = exc.problems
    return Loaded(None, [_short(p, path) for p in problems])


def stamp(path: Path) -> tuple[int, int] | None:
    """What tells a saved file from the one read before: its modification time and size."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size
