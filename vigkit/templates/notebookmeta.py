"""What vigkit keeps in a workbook notebook's metadata: one namespace, one schema version.

Everything of ours lives under ``metadata["vigkit"]`` at the top of the notebook, never
in cell metadata a person's edit could scatter::

    "vigkit": {"schema_version": 1, "workbook": "case", "parameters": ["case"]}

- ``workbook`` — which page the notebook is (``home``, ``case``, ``preview`` …); a
  trainer's copy of a page keeps the page's name under another file name;
- ``parameters`` — the URL parameters the page reads (``?case=F017``): when listed, they
  must be the names its parameters cell sets and ``pages.request_params`` is given.

The metadata is validated when it is read *and* when it is written: :func:`write_notebook`
refuses metadata that is not valid, with a message that says what to fix. A notebook
written by an older vigkit is brought up to date through :data:`UPGRADES` (``v1 → v2 →
…``); one from a newer vigkit is refused in plain words rather than half read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import nbformat
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vigkit.core.errors import VigkitError

__all__ = [
    "NAMESPACE",
    "SCHEMA_VERSION",
    "UPGRADES",
    "WorkbookMeta",
    "NotebookMetaProblem",
    "has_meta",
    "meta_problems",
    "parse_meta",
    "meta_of",
    "set_meta",
    "read_notebook",
    "write_notebook",
]

NAMESPACE = "vigkit"
SCHEMA_VERSION = 1

_HOW = (
    'the top-level notebook metadata needs "vigkit": {"schema_version": 1, "workbook": "<page>", '
    '"parameters": [<the URL parameters>]}'
)

Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


class WorkbookMeta(BaseModel):
    """Version 1 of a workbook notebook's ``vigkit`` metadata."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    workbook: Name
    # Left out, the parameters are not compared with the cells (a notebook from before
    # they were listed still passes); listed, check makes the three agree.
    parameters: tuple[Name, ...] | None = None


# Each entry upgrades the metadata of one version to the next: {1: v1_to_v2, 2: v2_to_v3}.
# Version 1 is the first, so there is nothing to upgrade yet.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class NotebookMetaProblem(VigkitError):
    """A notebook's vigkit metadata is missing or not valid; ``problems`` says each thing."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(problems))


def has_meta(nb: Mapping[str, Any]) -> bool:
    """True when the notebook carries a ``vigkit`` namespace (valid or not)."""
    metadata = nb.get("metadata") or {}
    return isinstance(metadata, Mapping) and NAMESPACE in metadata


def _field_problem(source: str, error: Mapping[str, Any]) -> str:
    where = ".".join(str(p) for p in error["loc"])
    name = f"vigkit.{where}" if where else "vigkit"
    kind = error["type"]
    if kind == "missing":
        return f"{source}: the notebook metadata has no {name!r} — add it ({_HOW})"
    if kind == "extra_forbidden":
        return (
            f"{source}: the notebook metadata has {name!r}, which vigkit does not know — "
            "remove it (keep your own notes in markdown cells)"
        )
    if where.startswith("workbook") or where.startswith("parameters"):
        return (
            f"{source}: {name} is {error.get('input')!r}, which is not a name vigkit can use — "
            "use lower-case letters, digits and _ (e.g. 'case'), starting with a letter"
        )
    return f"{source}: {name} is not valid ({error['msg']}) — {_HOW}"


def _upgraded(raw: dict[str, Any], source: str) -> dict[str, Any]:
    version = raw.get("schema_version")
    if version is None:
        raise NotebookMetaProblem(
            source, [f"{source}: the notebook metadata has no 'vigkit.schema_version' — {_HOW}"]
        )
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise NotebookMetaProblem(
            source,
            [f"{source}: vigkit.schema_version is {version!r}, not a version number — {_HOW}"],
        )
    if version > SCHEMA_VERSION:
        raise NotebookMetaProblem(
            source,
            [
                f"{source}: vigkit.schema_version is {version}, but this vigkit reads up to "
                f"{SCHEMA_VERSION} — the notebook was written by a newer vigkit: upgrade vigkit, "
                "or use the notebook that came with this one"
            ],
        )
    while version < SCHEMA_VERSION:
        raw = UPGRADES[version](raw)
        version = raw["schema_version"]
    return raw


def parse_meta(raw: Any, source: str = "<notebook>") -> WorkbookMeta:
    """The metadata from the raw ``vigkit`` namespace, upgraded to the current version.

    Raises :class:`NotebookMetaProblem` listing every problem, each naming ``source``.
    """
    if not isinstance(raw, Mapping):
        raise NotebookMetaProblem(
            source,
            [
                f"{source}: the notebook metadata 'vigkit' is {type(raw).__name__}, not a set of "
                f"names and values — {_HOW}"
            ],
        )
    data = _upgraded(dict(raw), source)
    try:
        return WorkbookMeta.model_validate(data)
    except ValidationError as exc:
        raise NotebookMetaProblem(
            source, [_field_problem(source, e) for e in exc.errors()]
        ) from None


def meta_of(nb: Mapping[str, Any], source: str = "<notebook>") -> WorkbookMeta:
    """The notebook's vigkit metadata, validated; a missing namespace is a problem too."""
    if not has_meta(nb):
        raise NotebookMetaProblem(
            source, [f"{source}: the notebook has no vigkit metadata — {_HOW}"]
        )
    return parse_meta(nb["metadata"][NAMESPACE], source)


def meta_problems(nb: Mapping[str, Any], source: str = "<notebook>") -> list[str]:
    """Every problem with the notebook's vigkit metadata (an empty list when it is valid)."""
    try:
        meta_of(nb, source)
    except NotebookMetaProblem as exc:
        return exc.problems
    return []


def set_meta(
    nb: Any, meta: WorkbookMeta | Mapping[str, Any], source: str = "<notebook>"
) -> WorkbookMeta:
    """Put validated metadata into ``nb`` (in place) and return it; invalid metadata is refused."""
    checked = meta if isinstance(meta, WorkbookMeta) else parse_meta(meta, source)
    nb.setdefault("metadata", {})[NAMESPACE] = checked.model_dump(mode="json", exclude_none=True)
    return checked


def read_notebook(path: str | os.PathLike[str]) -> tuple[Any, WorkbookMeta]:
    """A notebook file and its validated vigkit metadata."""
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as exc:  # nbformat's reading errors are ValueErrors
        raise NotebookMetaProblem(
            str(path),
            [
                f"{path}: cannot be read as a notebook ({exc}) — open it in JupyterLab "
                "to see what is wrong, or copy the shipped one again"
            ],
        ) from None
    return nb, meta_of(nb, str(path))


def write_notebook(
    nb: Any, path: str | os.PathLike[str], meta: WorkbookMeta | Mapping[str, Any] | None = None
) -> WorkbookMeta:
    """Write ``nb`` to ``path`` with valid vigkit metadata (``meta``, else the notebook's own).

    The metadata is validated before anything is written; invalid metadata raises
    :class:`NotebookMetaProblem` and leaves the file as it was.
    """
    path = Path(path)
    checked = meta_of(nb, str(path)) if meta is None else set_meta(nb, meta, str(path))
    set_meta(nb, checked)  # the current version, also when an older one was read
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as exc:
        raise NotebookMetaProblem(
            str(path), [f"{path}: not written — the notebook itself is not valid ({exc.message})"]
        ) from None
    nbformat.write(nb, path)
    return checked
