"""``vigkit templates diff | new | pack | install``: print plain words, return the exit status.

Each command prints what it did, or every problem (located where there is a line) and
returns 1; none lets a traceback reach the trainer.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from vigkit.core.errors import TemplateNotFound, TemplateProblem
from vigkit.templates.check import check_path
from vigkit.templates.copying import new_from_shipped
from vigkit.templates.diff import diff_question_sets, format_diff
from vigkit.templates.install import install_pack, make_pack
from vigkit.templates.loading import load_question_set
from vigkit.templates.packs import PackProblem

__all__ = ["diff_command", "new_command", "pack_command", "install_command"]


def _problems(lines: list[str], out: TextIO) -> int:
    for line in lines:
        print(line, file=out)
    return 1


def diff_command(old: str, new: str, out: TextIO | None = None) -> int:
    """Print what changed from the question set ``old`` to ``new``; 1 if either is broken."""
    out = out or sys.stdout
    problems = [p for path in (old, new) for p in check_path(path)]
    if problems:
        print("Fix these first: diff compares two valid question sets.", file=out)
        return _problems(problems, out)
    try:
        before, after = load_question_set(old), load_question_set(new)
    except TemplateProblem as exc:  # e.g. a principles file, which is not a question set
        return _problems(exc.problems, out)
    for line in format_diff(diff_question_sets(before, after), old, new):
        print(line, file=out)
    return 0


def new_command(shipped_id: str, new_id: str, to: Path, out: TextIO | None = None) -> int:
    """Copy a shipped question set under a new id into ``to``."""
    out = out or sys.stdout
    try:
        path = new_from_shipped(shipped_id, new_id, to)
    except TemplateNotFound:
        from vigkit.templates.loading import list_question_sets

        shipped = ", ".join(q.id for q in list_question_sets())
        return _problems(
            [
                f"there is no shipped template called {shipped_id!r} — the shipped ones are: "
                f"{shipped}"
            ],
            out,
        )
    except TemplateProblem as exc:
        return _problems(exc.problems, out)
    print(f"Made {path} (id {new_id!r}, version 1.0), a copy of {shipped_id!r}.", file=out)
    print(
        "Change its title and questions in a text editor, then run "
        f"`vigkit templates check {path}`.",
        file=out,
    )
    return 0


def pack_command(
    paths: list[str], to: str, name: str | None = None, out: TextIO | None = None
) -> int:
    """Pack the question sets in ``paths`` into the zip ``to``."""
    out = out or sys.stdout
    try:
        packed, left_out = make_pack([Path(p) for p in paths], Path(to), name)
    except PackProblem as exc:
        _problems(exc.problems, out)
        print("No pack was made.", file=out)
        return 1
    for path in left_out:
        print(f"Left out {path}: a pack carries question sets, not principles.", file=out)
    print(f"Made {to} with {len(packed)} question set{'s' if len(packed) != 1 else ''}:", file=out)
    for line in packed:
        print(f"  {line}", file=out)
    return 0


def install_command(pack: str, dest: Path, out: TextIO | None = None) -> int:
    """Install a pack into the folder ``dest``, all or nothing."""
    out = out or sys.stdout
    try:
        result = install_pack(Path(pack), dest)
    except PackProblem as exc:
        _problems(exc.problems, out)
        print("Nothing was installed.", file=out)
        return 1
    print(f"Pack {result.manifest.name!r} (made {result.manifest.created}):", file=out)
    for path in result.installed:
        print(f"  installed {path}", file=out)
    for line in result.already:
        print(f"  already installed: {line}", file=out)
    return 0
